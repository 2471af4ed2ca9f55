package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestRateLimitedLogInsCarryRateLimitHeaders locks an account for an IP
// and checks that the 429 of the API and of the console tells the limit,
// that none is left, and when it resets, next to Retry-After.
func TestRateLimitedLogInsCarryRateLimitHeaders(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_LOCK_FAILURES=2", "HELIO_LOCK_DURATION=10m")
		c := testkit.Client{Handler: env.Handler}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "limited@example.com", "nickname": "limited", "password": good}).
			Expect(t, http.StatusCreated, "")
		logIn := func() testkit.Answer {
			return c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "limited", "password": "Wrong-Pass-1"})
		}
		logIn().Expect(t, http.StatusUnauthorized, "unauthenticated")
		logIn().Expect(t, http.StatusUnauthorized, "unauthenticated")
		a := logIn()
		a.Expect(t, http.StatusTooManyRequests, "rate_limited")
		check := func(surface string, h http.Header) {
			if h.Get("RateLimit-Limit") != "2" || h.Get("RateLimit-Remaining") != "0" || h.Get("RateLimit-Reset") != "600" ||
				h.Get("Retry-After") != "600" {
				t.Errorf("%s: rate-limit headers %v", surface, h)
			}
		}
		check("api", a.Header)
		r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"login": {"limited"}, "password": {good}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = "192.0.2.10:40000"
		w := env.Do(r)
		if w.Code != http.StatusTooManyRequests {
			t.Fatalf("console log-in: %d", w.Code)
		}
		check("console", w.Header())
	})
}

// TestLogInAnswersCarryRateLimitHeaders checks that the log-ins of the API
// and of the console that are not refused for the limits still tell the
// tightest of them: the account's lock for this IP (here 2) until the IP's
// failures across accounts (here 3) leave fewer, with a wrong password
// taking one from both, on 201, 303 and 401 alike.
func TestLogInAnswersCarryRateLimitHeaders(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_LOCK_FAILURES=2", "HELIO_IP_FAILURES=3")
		c := testkit.Client{Handler: env.Handler}
		for _, name := range []string{"quota_a", "quota_b"} {
			c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": name + "@example.com", "nickname": name, "password": good}).
				Expect(t, http.StatusCreated, "")
		}
		check := func(step string, h http.Header, limit, remaining, reset string) {
			t.Helper()
			if h.Get("RateLimit-Limit") != limit || h.Get("RateLimit-Remaining") != remaining || h.Get("RateLimit-Reset") != reset {
				t.Errorf("%s: RateLimit-* %q %q %q, want %s %s %s", step, h.Get("RateLimit-Limit"), h.Get("RateLimit-Remaining"),
					h.Get("RateLimit-Reset"), limit, remaining, reset)
			}
		}
		a := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "quota_a", "password": good})
		a.Expect(t, http.StatusCreated, "")
		check("api, first log-in", a.Header, "2", "2", "900")
		a = c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "quota_a", "password": "Wrong-Pass-1"})
		a.Expect(t, http.StatusUnauthorized, "unauthenticated")
		check("api, wrong password", a.Header, "2", "1", "900")
		console := func(password string) *httptest.ResponseRecorder {
			r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"login": {"quota_b"}, "password": {password}}.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.RemoteAddr = "192.0.2.10:40000"
			return env.Do(r)
		}
		w := console(good)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("console log-in: %d", w.Code)
		}
		check("console, first log-in after one failure from the IP", w.Header(), "3", "2", "60")
		if w = console("Wrong-Pass-1"); w.Code != http.StatusUnauthorized {
			t.Fatalf("console wrong password: %d", w.Code)
		}
		check("console, wrong password", w.Header(), "3", "1", "60")
	})
}
