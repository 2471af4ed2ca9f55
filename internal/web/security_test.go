package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/testkit"
)

// sentCode returns the newest one-time code sent to to.
func sentCode(t *testing.T, env *apptest.Env, to string) string {
	t.Helper()
	sent := env.Sent(t)
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].To == to && sent[i].Code != "" {
			return sent[i].Code
		}
	}
	t.Fatalf("no code sent to %s", to)
	return ""
}

// TestConsoleStepUpSecurityAndRecovery logs in from a second browser (a
// new device), passes the step-up page with the code, uses the security
// centre in both languages, and resets the password from the log-in page.
func TestConsoleStepUpSecurityAndRecovery(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		const phone = "13700137000"
		first := newBrowser(t, env.Handler)
		first.do("GET", "/signup", nil)
		if w := first.do("POST", "/signup", url.Values{"phone": {phone}, "nickname": {"双机用户"}, "password": {good},
			"password_confirm": {good}}); w.Code != http.StatusSeeOther {
			t.Fatalf("sign-up = %d", w.Code)
		}

		// A new browser is a new device: the log-in goes to the step-up page.
		second := newBrowser(t, env.Handler)
		second.do("GET", "/login", nil)
		w := second.do("POST", "/login", url.Values{"login": {phone}, "password": {good}, "next": {"/security"}})
		loc := w.Header().Get("Location")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login/verify?challenge=") {
			t.Fatalf("new-device log-in = %d %q", w.Code, loc)
		}
		w = second.do("GET", loc, nil)
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, `id="method-code"`) || strings.Contains(body, `id="method-totp"`) ||
			!strings.Contains(body, `data-countdown="60"`) {
			t.Fatalf("step-up page = %d\n%s", w.Code, body)
		}
		challenge, _ := url.ParseQuery(strings.SplitN(loc, "?", 2)[1])
		form := url.Values{"challenge": {challenge.Get("challenge")}, "next": {"/security"}, "method": {"sms_code"}}
		form.Set("code", "99999x")
		if w := second.do("POST", "/login/verify", form); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="code-error"`) {
			t.Fatalf("wrong code = %d\n%s", w.Code, w.Body)
		}
		if w := second.do("POST", "/login/verify/resend", form); w.Code != http.StatusTooManyRequests {
			t.Fatalf("early resend = %d", w.Code)
		}
		form.Set("code", sentCode(t, env, phone))
		if w := second.do("POST", "/login/verify", form); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/security" ||
			second.cookies[httpx.CookieName] == nil {
			t.Fatalf("right code = %d %q", w.Code, w.Header().Get("Location"))
		}

		// The security centre lists both devices and sessions; settings save.
		w = second.do("GET", "/security", nil)
		body = w.Body.String()
		if w.Code != 200 || strings.Count(body, `class="device"`) != 2 || strings.Count(body, `class="session"`) != 2 ||
			!strings.Contains(body, `id="passkeys-empty"`) || !strings.Contains(body, `id="totp-start"`) {
			t.Fatalf("security centre = %d\n%s", w.Code, body)
		}
		w = second.do("POST", "/security/settings", url.Values{"new_device_verification": {"on"}, "verify_every_login": {"on"}})
		if w.Code != 200 || !strings.Contains(w.Body.String(), `id="verify_every_login" checked`) ||
			strings.Contains(w.Body.String(), `id="remote_login_alert" checked`) {
			t.Fatalf("settings save = %d", w.Code)
		}
		w = second.do("POST", "/security/totp", url.Values{})
		if !strings.Contains(w.Body.String(), `<svg`) || !strings.Contains(w.Body.String(), `id="totp-secret"`) {
			t.Fatalf("TOTP enrolment shows no QR code:\n%s", w.Body)
		}
		if w := second.do("POST", "/security/totp/confirm", url.Values{"code": {"000000x"}}); w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("wrong TOTP code = %d", w.Code)
		}
		// Sign the first browser out from the second.
		if w := second.do("POST", "/security/sessions/others", url.Values{}); w.Code != 200 {
			t.Fatalf("sign out others = %d", w.Code)
		}
		if w := first.do("GET", "/", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("first browser still signed in: %d", w.Code)
		}
		second.do("POST", "/lang", url.Values{"lang": {"zh"}})
		if w := second.do("GET", "/security", nil); !strings.Contains(w.Body.String(), "常用设备") || !strings.Contains(w.Body.String(), "登录中的会话") {
			t.Fatalf("Chinese security centre:\n%s", w.Body)
		}

		// Forgot password from the log-in page.
		third := newBrowser(t, env.Handler)
		if w := third.do("GET", "/login", nil); !strings.Contains(w.Body.String(), `href="/forgot-password"`) {
			t.Fatal("no forgot-password link")
		}
		env.Clock.Advance(2 * time.Minute)
		w = third.do("POST", "/forgot-password", url.Values{"login": {phone}})
		resetID := between(w.Body.String(), `name="reset_id" value="`, `"`)
		if w.Code != 200 || resetID == "" {
			t.Fatalf("forgot password = %d\n%s", w.Code, w.Body)
		}
		env.DrainJobs(t) // the reset job sends the code
		w = third.do("POST", "/forgot-password/confirm", url.Values{"reset_id": {resetID}, "code": {sentCode(t, env, phone)},
			"password": {"short"}, "password_confirm": {"short"}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="password-error"`) {
			t.Fatalf("weak new password = %d", w.Code)
		}
		w = third.do("POST", "/forgot-password/confirm", url.Values{"reset_id": {resetID}, "code": {sentCode(t, env, phone)},
			"password": {"Fresh-Tea-88"}, "password_confirm": {"Fresh-Tea-88"}})
		if w.Code != 200 || !strings.Contains(w.Body.String(), `id="reset-done"`) {
			t.Fatalf("reset = %d\n%s", w.Code, w.Body)
		}
		if w := second.do("GET", "/security", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("the reset left a session open: %d", w.Code)
		}

		// Forgot account: masked contacts for a certified number, an empty
		// state otherwise, in the same page.
		// As certification approval records it (creator.DecideReview).
		_, err := d.Exec(t.Context(), `INSERT INTO recovery_identities (user_id, id_hash, created_at) VALUES (?, ?, ?)`,
			userIDOf(t, env, phone), account.CertificationKey("33010619900101123X"), env.Clock.Now())
		testkit.Must(t, err)
		w = third.do("POST", "/forgot-account", url.Values{"id_number": {"330106 19900101 123x"}})
		if !strings.Contains(w.Body.String(), "137****7000") {
			t.Fatalf("recovery hit:\n%s", w.Body)
		}
		w = third.do("POST", "/forgot-account", url.Values{"id_number": {"110101199001011234"}})
		if w.Code != 200 || !strings.Contains(w.Body.String(), `id="recover-result"`) || strings.Contains(w.Body.String(), "****") {
			t.Fatalf("recovery miss:\n%s", w.Body)
		}
	})
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	out, _, _ := strings.Cut(rest, to)
	return out
}

func userIDOf(t *testing.T, env *apptest.Env, login string) string {
	t.Helper()
	u, _, err := env.Accounts.FindCredentials(t.Context(), login)
	testkit.Must(t, err)
	return u.ID
}
