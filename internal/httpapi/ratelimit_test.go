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
