package httpapi_test

import (
	"context"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// lastCode returns the newest one-time code sent to to.
func lastCode(t *testing.T, env *apptest.Env, to string) string {
	t.Helper()
	sent := env.Sent(t)
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].To == to && sent[i].Code != "" {
			return sent[i].Code
		}
	}
	t.Fatalf("no code was sent to %s", to)
	return ""
}

// methods returns the methods of a step-up answer.
func methods(a testkit.Answer) []string {
	var out []string
	list, _ := a.Error()["methods"].([]any)
	for _, m := range list {
		out = append(out, m.(string))
	}
	return out
}

// totpNow is the authenticator app: the code of secret at the fake clock's
// time, checked against Debian's oathtool when it is installed.
func totpNow(t *testing.T, env *apptest.Env, secret string) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, env.Clock.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	testkit.Must(t, err)
	if path, err := exec.LookPath("oathtool"); err == nil {
		out, err := exec.Command(path, "--totp", "-b", "--now", env.Clock.Now().UTC().Format("2006-01-02 15:04:05 UTC"), secret).Output()
		testkit.Must(t, err)
		if got := strings.TrimSpace(string(out)); got != code {
			t.Fatalf("oathtool says %s, the library %s", got, code)
		}
	} else {
		t.Log("oathtool not installed; TOTP checked against the library only")
	}
	return code
}

// TestLoginSecurityScenario walks the scenario: sign up → log in on
// device A → device B from another region needs a code → B is known →
// TOTP on → device C needs TOTP and a code → five failures lock →
// password reset ends every session.
func TestLoginSecurityScenario(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		env := apptest.New(t, d, "HELIO_REGION_HEADER=X-Region", "HELIO_TRUSTED_PROXIES=192.0.2.0/24")
		hangzhou := testkit.Client{Handler: env.Handler, Header: http.Header{"X-Region": {"Hangzhou"}}}
		shenzhen := testkit.Client{Handler: env.Handler, Header: http.Header{"X-Region": {"Shenzhen"}}}
		const phone = "13800138001"
		// tokens are the device tokens each device was given, as its app keeps them.
		tokens := map[string]string{}
		keep := func(device string, a testkit.Answer) testkit.Answer {
			if a.Status == http.StatusCreated {
				tokens[device] = a.String("device_token")
			}
			return a
		}
		logIn := func(c testkit.Client, device, password string) testkit.Answer {
			return keep(device, c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": phone, "password": password,
				"device_id": device, "device_token": tokens[device]}))
		}
		verify := func(c testkit.Client, challenge, method, code string) testkit.Answer {
			return c.Call(t, "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": challenge, "method": method, "code": code})
		}

		hangzhou.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": phone, "nickname": "安全达人", "password": good}).
			Expect(t, http.StatusCreated, "")

		// Device A: the first log-in is trusted and makes A known.
		a := logIn(hangzhou, "device-A", good)
		a.Expect(t, http.StatusCreated, "")
		tokenA := a.String("token")

		// Device B from Shenzhen: a new device in a new region needs a code.
		b := logIn(shenzhen, "device-B", good)
		b.Expect(t, http.StatusUnauthorized, "step_up_required")
		challenge := b.Error()["challenge_id"].(string)
		if got := methods(b); !slices.Equal(got, []string{"sms_code"}) || b.Error()["code_sent_to"] != "138****8001" {
			t.Fatalf("step-up answer: %s", b.Raw)
		}
		code := lastCode(t, env, phone)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		verify(shenzhen, challenge, "sms_code", wrong).Expect(t, http.StatusUnprocessableEntity, "invalid", "code")
		resend := shenzhen.Call(t, "POST", "/api/v1/sessions/challenges/"+challenge+"/resend", "", nil)
		resend.Expect(t, http.StatusTooManyRequests, "rate_limited")
		if resend.Header.Get("Retry-After") == "" || resend.Header.Get("RateLimit-Limit") != "1" ||
			resend.Header.Get("RateLimit-Remaining") != "0" || resend.Header.Get("RateLimit-Reset") != resend.Header.Get("Retry-After") {
			t.Fatalf("a refused resend lacks its rate-limit headers: %v", resend.Header)
		}
		verify(shenzhen, challenge, "totp", "123456").Expect(t, http.StatusUnprocessableEntity, "invalid", "method")
		vb := keep("device-B", verify(shenzhen, challenge, "sms_code", code))
		vb.Expect(t, http.StatusCreated, "")
		tokenB := vb.String("token")
		verify(shenzhen, challenge, "sms_code", code).Expect(t, http.StatusUnauthorized, "unauthenticated")

		// B is known now: the next log-in from B in Shenzhen goes straight in.
		logIn(shenzhen, "device-B", good).Expect(t, http.StatusCreated, "")
		devices := hangzhou.Call(t, "GET", "/api/v1/me/devices", tokenA, nil)
		devices.Expect(t, http.StatusOK, "")
		if items := devices.Body["items"].([]any); len(items) != 2 {
			t.Fatalf("known devices: %s", devices.Raw)
		}

		// The owner was alerted in the message centre and on the phone.
		env.DrainJobs(t)
		msgs := hangzhou.Call(t, "GET", "/api/v1/messages", tokenA, nil)
		if !strings.Contains(string(msgs.Raw), "login_alert") || !strings.Contains(string(msgs.Raw), "Shenzhen") {
			t.Fatalf("no log-in alert in the message centre: %s", msgs.Raw)
		}
		alerted := false
		for _, m := range env.Sent(t) {
			alerted = alerted || (m.Kind == "login_alert" && m.To == phone && m.Code == "")
		}
		if !alerted {
			t.Fatal("no log-in alert went to the phone")
		}

		// Enrol TOTP; the codes are those of any RFC 6238 app.
		enrol := shenzhen.Call(t, "POST", "/api/v1/me/totp", tokenB, nil)
		enrol.Expect(t, http.StatusCreated, "")
		secret := enrol.String("secret")
		if !strings.HasPrefix(enrol.String("otpauth_url"), "otpauth://totp/") || !strings.HasPrefix(enrol.String("qr_svg"), "<svg") {
			t.Fatalf("enrolment: %s", enrol.Raw)
		}
		confirm := shenzhen.Call(t, "POST", "/api/v1/me/totp/confirm", tokenB, map[string]any{"code": totpNow(t, env, secret)})
		confirm.Expect(t, http.StatusOK, "")
		recovery, _ := confirm.Body["recovery_codes"].([]any)
		if len(recovery) != 10 {
			t.Fatalf("recovery codes: %s", confirm.Raw)
		}
		// The code just used cannot be replayed.
		shenzhen.Call(t, "DELETE", "/api/v1/me/totp", tokenB, map[string]any{"code": totpNow(t, env, secret)}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "code")

		// Device C: TOTP and a code, in either order; one alone is not enough.
		env.Clock.Advance(2 * time.Minute)
		c := logIn(shenzhen, "device-C", good)
		c.Expect(t, http.StatusUnauthorized, "step_up_required")
		challenge = c.Error()["challenge_id"].(string)
		if got := methods(c); !slices.Equal(got, []string{"sms_code", "totp", "recovery_code"}) {
			t.Fatalf("methods with TOTP: %v", got)
		}
		more := verify(shenzhen, challenge, "totp", totpNow(t, env, secret))
		more.Expect(t, http.StatusUnauthorized, "step_up_required")
		if got := methods(more); !slices.Equal(got, []string{"sms_code"}) {
			t.Fatalf("after TOTP still needed: %v", got)
		}
		vc := keep("device-C", verify(shenzhen, challenge, "sms_code", lastCode(t, env, phone)))
		vc.Expect(t, http.StatusCreated, "")
		tokenC := vc.String("token")

		sessions := shenzhen.Call(t, "GET", "/api/v1/sessions", tokenC, nil)
		sessions.Expect(t, http.StatusOK, "")
		if items := sessions.Body["items"].([]any); len(items) != 4 || !strings.Contains(string(sessions.Raw), `"region":"Shenzhen"`) {
			t.Fatalf("sessions: %s", sessions.Raw)
		}

		// Five wrong passwords lock the account for this IP and device; the
		// right password gets the same answer while the lock lasts, before
		// any hashing.
		for i := 0; i < 5; i++ {
			logIn(shenzhen, "device-D", "Wrong-pass-1").Expect(t, http.StatusUnauthorized, "unauthenticated")
		}
		locked := logIn(shenzhen, "device-D", good)
		locked.Expect(t, http.StatusTooManyRequests, "rate_limited")
		if locked.Header.Get("Retry-After") == "" {
			t.Fatal("a locked log-in has no Retry-After")
		}
		again := logIn(shenzhen, "device-D", "Wrong-pass-1")
		if again.Status != locked.Status || again.Error()["message"] != locked.Error()["message"] {
			t.Fatalf("locked answers differ: %s vs %s", again.Raw, locked.Raw)
		}
		// An unknown login locks alike, so the lock reveals nothing.
		for i := 0; i < 5; i++ {
			shenzhen.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "13900000000", "password": good, "device_id": "x"}).
				Expect(t, http.StatusUnauthorized, "unauthenticated")
		}
		shenzhen.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "13900000000", "password": good, "device_id": "x"}).
			Expect(t, http.StatusTooManyRequests, "rate_limited")
		// The owner's known device from another IP is not locked out (it
		// steps up: Hangzhou is not the last region).
		elsewhere := testkit.Client{Handler: env.Handler, Header: http.Header{"X-Region": {"Hangzhou"}}, RemoteAddr: "192.0.2.99:5000"}
		logIn(elsewhere, "device-A", good).Expect(t, http.StatusUnauthorized, "step_up_required")

		// Reset the password by code: every session ends.
		env.Clock.Advance(2 * time.Minute)
		reset := hangzhou.Call(t, "POST", "/api/v1/password-resets", "", map[string]any{"login": phone})
		reset.Expect(t, http.StatusAccepted, "")
		ghost := hangzhou.Call(t, "POST", "/api/v1/password-resets", "", map[string]any{"login": "nobody-here"})
		ghost.Expect(t, http.StatusAccepted, "")
		if len(ghost.Body) != len(reset.Body) || ghost.String("reset_id") == "" {
			t.Fatalf("reset answers differ in shape: %s vs %s", reset.Raw, ghost.Raw)
		}
		env.DrainJobs(t) // the reset job sends the code
		const newPassword = "New-Tea-Leaf-7"
		hangzhou.Call(t, "POST", "/api/v1/password-resets/confirm", "", map[string]any{"reset_id": ghost.String("reset_id"),
			"code": "123456", "password": newPassword}).Expect(t, http.StatusUnprocessableEntity, "invalid", "code")
		hangzhou.Call(t, "POST", "/api/v1/password-resets/confirm", "", map[string]any{"reset_id": reset.String("reset_id"),
			"code": lastCode(t, env, phone), "password": newPassword}).Expect(t, http.StatusNoContent, "")
		for _, token := range []string{tokenA, tokenB, tokenC} {
			hangzhou.Call(t, "GET", "/api/v1/me", token, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")
		}
		env.Clock.Advance(16 * time.Minute)
		logIn(shenzhen, "device-C", good).Expect(t, http.StatusUnauthorized, "unauthenticated")
		logIn(shenzhen, "device-C", newPassword).Expect(t, http.StatusCreated, "")

		// Every step is audited, and no code reached the audit trail.
		rows, err := d.Query(ctx, `SELECT action, summary FROM audit_events`)
		testkit.Must(t, err)
		defer rows.Close()
		seen := map[string]bool{}
		for rows.Next() {
			var action, summary string
			testkit.Must(t, rows.Scan(&action, &summary))
			seen[action] = true
			if strings.Contains(summary, code) || strings.Contains(summary, secret) {
				t.Fatalf("audit %s carries a secret: %s", action, summary)
			}
		}
		for _, want := range []string{"session.step_up", "session.code_sent", "session.verify", "session.lock",
			"security.totp_on", "account.password_reset", "session.login"} {
			if !seen[want] {
				t.Errorf("no %s in the audit trail", want)
			}
		}
	})
}
