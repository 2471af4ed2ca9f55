package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/web"
)

const good = "Tea-Leaf-42"

// browser is a minimal cookie-keeping client over the handler.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]*http.Cookie
}

func (b *browser) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	// A same-origin browser request.
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, r)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return w
}

func newBrowser(t *testing.T, h http.Handler) *browser {
	return &browser{t: t, h: h, cookies: map[string]*http.Cookie{}}
}

// reviewerBrowser wires a process over d with an operator "ops" holding
// the reviewer role, and a browser logged in as that operator.
func reviewerBrowser(t *testing.T, d *db.DB) (*apptest.Env, *browser) {
	env := apptest.New(t, d)
	_, err := env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "ops", Password: good, Roles: []string{"reviewer"}})
	testkit.Must(t, err)
	b := newBrowser(t, env.Handler)
	b.do("POST", "/login", url.Values{"login": {"ops"}, "password": {good}})
	return env, b
}

func TestConsoleFlows(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		_, err := env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "ops", Password: good, Roles: []string{"admin"}})
		testkit.Must(t, err)
		b := newBrowser(t, env.Handler)

		// Anonymous visitors are sent to the log-in page, which renders in both languages.
		if w := b.do("GET", "/", nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
			t.Fatalf("GET / anonymous = %d %s", w.Code, w.Header().Get("Location"))
		}
		if w := b.do("GET", "/login", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `id="login-submit"`) {
			t.Fatalf("login page = %d", w.Code)
		}
		if b.cookies[web.DeviceCookie] == nil {
			t.Fatal("no device cookie")
		}

		// Sign-up errors appear next to their fields and keep what was typed.
		w := b.do("POST", "/signup", url.Values{"email": {"lin@example.com"}, "nickname": {"x"}, "password": {"short"}, "password_confirm": {"short"}})
		body := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="nickname-error"`) ||
			!strings.Contains(body, `id="password-error"`) || !strings.Contains(body, `value="lin@example.com"`) {
			t.Fatalf("sign-up errors = %d\n%s", w.Code, body)
		}
		w = b.do("POST", "/signup", url.Values{"email": {"lin@example.com"}, "nickname": {"林小姐"}, "password": {good}, "password_confirm": {"other"}})
		if !strings.Contains(w.Body.String(), `id="password_confirm-error"`) {
			t.Fatal("mismatched confirmation not shown")
		}

		// A good sign-up logs in and lands on the home page with the welcome message.
		w = b.do("POST", "/signup", url.Values{"email": {"lin@example.com"}, "nickname": {"林小姐"}, "password": {good}, "password_confirm": {good}})
		if w.Code != http.StatusSeeOther || b.cookies[httpx.CookieName] == nil {
			t.Fatalf("sign-up = %d", w.Code)
		}
		w = b.do("GET", "/", nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Welcome, 林小姐") || !strings.Contains(w.Body.String(), "Welcome to Helio") {
			t.Fatalf("home = %d\n%s", w.Code, w.Body)
		}
		// Switch to Chinese.
		b.do("POST", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}})
		w = b.do("GET", "/", nil)
		if !strings.Contains(w.Body.String(), "欢迎，林小姐") || !strings.Contains(w.Body.String(), `lang="zh-CN"`) {
			t.Fatalf("Chinese home:\n%s", w.Body)
		}
		// The message centre, marking read through htmx.
		w = b.do("GET", "/messages", nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "1 条未读") {
			t.Fatalf("messages:\n%s", w.Body)
		}
		// A creator is refused the back office with the API's message.
		if w := b.do("GET", "/backoffice", nil); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "运营角色") {
			t.Fatalf("backoffice for a creator = %d", w.Code)
		}
		// Log out ends the session.
		b.do("POST", "/logout", url.Values{})
		if w := b.do("GET", "/", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("after log-out GET / = %d", w.Code)
		}
		// Wrong password: the same message as the API, in the chosen language.
		w = b.do("POST", "/login", url.Values{"login": {"林小姐"}, "password": {"Wrong-1234"}})
		if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "账号或密码错误") {
			t.Fatalf("wrong password = %d", w.Code)
		}
		// The operator lands in the back office.
		b.do("POST", "/lang", url.Values{"lang": {"en"}})
		b.do("POST", "/login", url.Values{"login": {"ops"}, "password": {good}, "next": {"/"}})
		if w := b.do("GET", "/", nil); w.Header().Get("Location") != "/backoffice" {
			t.Fatalf("operator home redirect = %q", w.Header().Get("Location"))
		}
		w = b.do("GET", "/backoffice", nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `id="stat-users"`) || !strings.Contains(w.Body.String(), "session.login") {
			t.Fatalf("backoffice = %d\n%s", w.Code, w.Body)
		}
	})
}

func TestHtmxMarkReadAnswersAFragment(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, testkit.Open(t, db.SQLite))
	b := newBrowser(t, env.Handler)
	b.do("POST", "/signup", url.Values{"email": {"x@example.com"}, "nickname": {"reader"}, "password": {good}, "password_confirm": {good}})
	items, _, err := env.Notify.FindMessages(context.Background(), notify.Reader{UserID: mustUserID(t, env)}, db.Page{})
	testkit.Must(t, err)
	r := httptest.NewRequest("POST", "/messages/"+items[0].ID+"/read", nil)
	r.Header.Set("HX-Request", "true")
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	env.Handler.ServeHTTP(w, r)
	if w.Code != 200 || strings.Contains(w.Body.String(), "<html") || !strings.Contains(w.Body.String(), "Read") {
		t.Fatalf("htmx answer = %d %q", w.Code, w.Body)
	}
}

func TestStaticAssetsAreEmbedded(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, testkit.Open(t, db.SQLite))
	for _, p := range []string{"/static/helio.css", "/static/vendor/htmx/htmx.min.js"} {
		w := env.Do(httptest.NewRequest("GET", p, nil))
		if w.Code != 200 || w.Body.Len() < 100 || w.Header().Get("Cache-Control") == "" {
			t.Fatalf("%s = %d (%d bytes)", p, w.Code, w.Body.Len())
		}
	}
}

func mustUserID(t *testing.T, env *apptest.Env) string {
	t.Helper()
	u, _, err := env.Accounts.FindCredentials(context.Background(), "reader")
	testkit.Must(t, err)
	return u.ID
}

func TestAuditTrailPage(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/signup", url.Values{"email": {"a@example.com"}, "nickname": {"auditee"}, "password": {good}, "password_confirm": {good}})
		w := b.do("GET", "/audit", nil)
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "account.sign_up") || !strings.Contains(body, "session.login") ||
			!strings.Contains(body, `id="audit-export"`) {
			t.Fatalf("audit page = %d\n%s", w.Code, body)
		}
		w = b.do("GET", "/audit?action=nothing.here", nil)
		if !strings.Contains(w.Body.String(), "No events match these filters.") {
			t.Fatal("no empty state")
		}
		w = b.do("GET", "/audit?from=2026-03-05&to=2026-03-01", nil)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="to-error"`) {
			t.Fatalf("bad period = %d", w.Code)
		}

		// Exporting the filtered log starts an audit export job, shown with
		// its progress on the exports page and downloadable once done; a bad
		// filter starts nothing.
		if w = b.do("POST", "/audit/export", url.Values{"from": {"2026-03-05"}, "to": {"2026-03-01"}}); w.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(w.Body.String(), `id="to-error"`) {
			t.Fatalf("a bad filter's export = %d", w.Code)
		}
		env.Clock.Advance(time.Second)
		w = b.do("POST", "/audit/export", url.Values{"action": {"session.login"}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/exports?started=1" {
			t.Fatalf("audit export = %d %s", w.Code, w.Header().Get("Location"))
		}
		if body := b.do("GET", "/exports", nil).Body.String(); strings.Count(body, `<tr data-state="queued">`) != 1 ||
			!strings.Contains(body, "0 / 0") {
			t.Fatalf("the exports page lacks the queued audit export:\n%s", body)
		}
		env.DrainJobs(t)
		body = b.do("GET", "/exports", nil).Body.String()
		link := regexp.MustCompile(`href="(/exports/[^"]+/file)"`).FindStringSubmatch(body)
		if link == nil || !strings.Contains(body, "1 / 1") {
			t.Fatalf("the exports page lacks the finished audit export:\n%s", body)
		}
		file := b.do("GET", link[1], nil).Body.String()
		if lines := strings.Split(strings.TrimSpace(file), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "\ufeffoccurred_at,") ||
			!strings.Contains(lines[1], ",session.login,") || strings.Contains(file, "account.sign_up") {
			t.Fatalf("the audit export's file:\n%s", file)
		}
	})
}

func TestOperatorsEditProfileRulesAsModerationRules(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env, b := reviewerBrowser(t, d)
		if w := b.do("GET", "/backoffice/profile-rules", nil); w.Code != http.StatusNotFound {
			t.Fatalf("the old profile-rules page answers %d", w.Code)
		}
		w := b.do("GET", "/backoffice/moderation", nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `name="scopes" value="profile" checked`) {
			t.Fatalf("rules page without the profile scope = %d\n%s", w.Code, w.Body)
		}
		form := url.Values{"kind": {"marketing"}, "label": {"Giveaway"}, "pattern": {"giveaway|抽奖"}, "severity": {"review"},
			"scopes": {"profile"}, "enabled": {"on"}}
		w = b.do("POST", "/backoffice/moderation", form)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="scopes-error"`) {
			t.Fatalf("a reviewing profile rule = %d", w.Code)
		}
		form.Set("severity", "reject")
		if w = b.do("POST", "/backoffice/moderation", form); w.Code != http.StatusSeeOther {
			t.Fatalf("add rule = %d\n%s", w.Code, w.Body)
		}
		ops := authz.WithActor(context.Background(), authz.Actor{UserID: "x", Roles: []string{"admin"}})
		rules, err := env.Moderation.FindRules(ops)
		testkit.Must(t, err)
		var added moderation.Rule
		for _, r := range rules {
			if r.Label == "Giveaway" {
				added = r
			}
		}
		if added.ID == "" || !added.Enabled || strings.Join(added.Scopes, ",") != "profile" {
			t.Fatalf("rule not added: %+v", rules)
		}
		// Switch it off (an unticked box is absent from the form).
		form.Del("enabled")
		b.do("POST", "/backoffice/moderation/"+added.ID, form)
		rules, _ = env.Moderation.FindRules(ops)
		for _, r := range rules {
			if r.ID == added.ID && r.Enabled {
				t.Fatal("rule still on")
			}
		}
	})
}
