package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestSessionChangesReachTheOtherReplica: two processes on one database, as
// two replicas behind a load balancer, each caching the sessions it has
// authenticated. A log-out, a permission taken away and a deactivation
// made through one replica take effect on the very next request to the
// other, on both databases.
func TestSessionChangesReachTheOtherReplica(t *testing.T) {
	t.Parallel()
	onTwoReplicas(t, func(t *testing.T, d *db.DB, b testkit.Client) {
		w := newStaffWorld(t, d)
		onB := func(method, path, token string) testkit.Answer { return b.Call(t, method, path, token, nil) }

		// Log-out on one replica ends the session on the other.
		session := w.login("foodbrand")
		for range 2 { // the second answer comes from B's cache
			onB("GET", "/api/v1/me", session).Expect(t, http.StatusOK, "")
		}
		w.call("DELETE", "/api/v1/sessions/current", session, nil).Expect(t, http.StatusNoContent, "")
		onB("GET", "/api/v1/me", session).Expect(t, http.StatusUnauthorized, "unauthenticated")

		// A permission removed on one replica is refused on the other.
		id := w.createSub("auditor01", "other", "audit.read")
		sub := w.subLogin("@", "auditor01").String("token")
		for range 2 {
			onB("GET", "/api/v1/audit-events", sub).Expect(t, http.StatusOK, "")
		}
		w.call("PATCH", "/api/v1/sub-accounts/"+id, w.main, map[string]any{"permissions": []string{}}).Expect(t, http.StatusOK, "")
		onB("GET", "/api/v1/audit-events", sub).Expect(t, http.StatusForbidden, "forbidden")
		// ... and one granted again is allowed there at once.
		w.call("PATCH", "/api/v1/sub-accounts/"+id, w.main, map[string]any{"permissions": []string{"audit.read"}}).Expect(t, http.StatusOK, "")
		onB("GET", "/api/v1/audit-events", sub).Expect(t, http.StatusOK, "")

		// A sub-account deactivated on one replica is signed out on the other.
		w.call("POST", "/api/v1/sub-accounts/"+id+"/deactivate", w.main, nil).Expect(t, http.StatusOK, "")
		onB("GET", "/api/v1/me", sub).Expect(t, http.StatusUnauthorized, "unauthenticated")

		// Every other session of the main account still works on both.
		onB("GET", "/api/v1/me", w.main).Expect(t, http.StatusOK, "")
		w.call("GET", "/api/v1/me", w.main, nil).Expect(t, http.StatusOK, "")
	})
}
