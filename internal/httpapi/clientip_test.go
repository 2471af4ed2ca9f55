package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestClientIPBehindATrustedProxy checks that the client IP of a request
// through a trusted load balancer comes from its X-Forwarded-For, and is
// the one sessions, the audit trail and the brute-force limits use, while
// an untrusted peer's header is ignored.
func TestClientIPBehindATrustedProxy(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_TRUSTED_PROXIES=10.0.0.1,10.8.0.0/16", "HELIO_LOCK_FAILURES=2")
		const phone = "13800138077"
		// alice's laptop keeps its device token; the forger sends from it
		// too, so only the forwarded address differs.
		laptop := new(testkit.DeviceJar)
		via := func(peer, forwarded string, device *testkit.DeviceJar) testkit.Client {
			return testkit.Client{Handler: env.Handler, RemoteAddr: peer, Header: http.Header{"X-Forwarded-For": {forwarded}},
				Device: device}
		}
		logIn := func(c testkit.Client, device, password string) testkit.Answer {
			return c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": phone, "password": password, "device_id": device})
		}
		alice := via("10.0.0.1:443", "198.51.100.1, 203.0.113.5, 10.8.1.1", laptop)
		alice.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": phone, "nickname": "代理之后", "password": good}).
			Expect(t, http.StatusCreated, "")
		s := logIn(alice, "laptop", good)
		s.Expect(t, http.StatusCreated, "")
		if ip := s.String("session.ip"); ip != "203.0.113.5" {
			t.Fatalf("session ip through a trusted proxy = %q, want 203.0.113.5", ip)
		}
		events := alice.Call(t, "GET", "/api/v1/audit-events?action=session.login", s.String("token"), nil)
		items, _ := events.Body["items"].([]any)
		if len(items) == 0 || items[0].(map[string]any)["ip"] != "203.0.113.5" {
			t.Fatalf("audited log-in: %s", events.Raw)
		}

		forger := via("192.0.2.10:40000", "203.0.113.5", laptop)
		if f := logIn(forger, "laptop", good); f.String("session.ip") != "192.0.2.10" {
			t.Fatalf("an untrusted peer's X-Forwarded-For was believed: %s", f.Raw)
		}

		// Another client behind the same proxy fails until its IP is locked;
		// alice, whose IP differs, still logs in through that proxy.
		mallory := via("10.0.0.1:443", "198.51.100.66", new(testkit.DeviceJar))
		logIn(mallory, "phone", "Wrong-Pass-1").Expect(t, http.StatusUnauthorized, "unauthenticated")
		logIn(mallory, "phone", "Wrong-Pass-1").Expect(t, http.StatusUnauthorized, "unauthenticated")
		logIn(mallory, "phone", good).Expect(t, http.StatusTooManyRequests, "rate_limited")
		logIn(alice, "laptop", good).Expect(t, http.StatusCreated, "")
	})
}
