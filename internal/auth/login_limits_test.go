package auth_test

import (
	"context"
	"testing"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestFailedLogInLeavesTheFailureAndItsAuditEvent pins that a wrong
// password and an unknown login are both counted against the brute-force
// limits and audited: the two are written together, so neither exists
// without the other.
func TestFailedLogInLeavesTheFailureAndItsAuditEvent(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := audit.WithRequest(context.Background(), audit.Request{IP: "192.0.2.7", DeviceID: "device-F"})
		u, err := env.Accounts.SignUp(ctx, account.SignUp{Email: testkit.Name("guard") + "@example.com",
			Nickname: testkit.Name("guard"), Password: "Tea-Leaf-42"})
		testkit.Must(t, err)
		unknown := testkit.Name("nobody")
		for _, c := range []struct{ login, subject, owner, why string }{
			{u.Nickname, u.ID, u.ID, "wrong password"},
			{unknown, "login:" + account.NicknameKey(unknown), audit.System, "unknown login"}, // no owner: the system actor stands in
		} {
			_, err = env.Auth.LogIn(ctx, auth.Credentials{Login: c.login, Password: "Wrong-pass-1", DeviceID: "device-F"})
			if apperr.CodeOf(err) != apperr.Unauthenticated {
				t.Fatalf("%s: %v", c.why, err)
			}
			var failures, events int
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE subject = ? AND ip = ? AND device_id = ?`,
				c.subject, "192.0.2.7", "device-F").Scan(&failures))
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE owner_id = ? AND action = 'session.login'
				AND outcome = ? AND summary = ?`, c.owner, audit.Failed, c.why).Scan(&events))
			if failures != 1 || events != 1 {
				t.Fatalf("%s left %d failure rows and %d audit events, want 1 and 1", c.why, failures, events)
			}
		}
	})
}
