package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// tokenHash is how a device token is stored (hex SHA-256).
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

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
			_, err = env.Auth.LogIn(ctx, auth.Credentials{Login: c.login, Password: "Wrong-pass-1", DeviceID: "device-F", DeviceToken: "token-F"})
			if apperr.CodeOf(err) != apperr.Unauthenticated {
				t.Fatalf("%s: %v", c.why, err)
			}
			var failures, events int
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE subject = ? AND ip = ? AND device_key = ?`,
				c.subject, "192.0.2.7", tokenHash("token-F")).Scan(&failures))
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE owner_id = ? AND action = 'session.login'
				AND outcome = ? AND summary = ?`, c.owner, audit.Failed, c.why).Scan(&events))
			if failures != 1 || events != 1 {
				t.Fatalf("%s left %d failure rows and %d audit events, want 1 and 1", c.why, failures, events)
			}
		}
	})
}

// TestFloodAsksForTheCodeBeforeThePassword pins SPEC §3.1's cap: past the
// hourly threshold of failed password checks (from any IPs), a wrong and a
// right password get the same step-up answer and no hash is computed; the
// password is checked after the code, so a wrong one is then refused and a
// right one signs in.
func TestFloodAsksForTheCodeBeforeThePassword(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_ACCOUNT_FAILURES=3")
		from := func(ip string) context.Context {
			return audit.WithRequest(context.Background(), audit.Request{IP: ip})
		}
		email := testkit.Name("flood") + "@example.com"
		u, err := env.Accounts.SignUp(from("192.0.2.1"), account.SignUp{Email: email, Nickname: testkit.Name("flood"), Password: "Tea-Leaf-42"})
		testkit.Must(t, err)
		for _, ip := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
			_, err := env.Auth.LogIn(from(ip), auth.Credentials{Login: u.Nickname, Password: "Wrong-pass-1"})
			if apperr.CodeOf(err) != apperr.Unauthenticated {
				t.Fatalf("failure from %s: %v", ip, err)
			}
		}
		before := env.Hashes()
		var answers [2]*apperr.Error
		var codes [2]string
		for i, pw := range []string{"Wrong-pass-1", "Tea-Leaf-42"} {
			env.Clock.Advance(2 * time.Minute) // past the resend interval: each challenge sends its code
			_, err := env.Auth.LogIn(from("198.51.100.7"), auth.Credentials{Login: u.Nickname, Password: pw})
			answers[i] = apperr.From(err)
			sent := env.Sent(t)
			codes[i] = sent[len(sent)-1].Code
		}
		if n := env.Hashes() - before; n != 0 {
			t.Fatalf("%d hashes computed before the code", n)
		}
		strip := func(e *apperr.Error) string {
			details := maps.Clone(e.Details)
			delete(details, "challenge_id")
			return fmt.Sprint(e.Code, e.Message.String(), details)
		}
		if answers[0].Code != apperr.StepUpRequired || strip(answers[0]) != strip(answers[1]) ||
			answers[0].Details["password_required"] != true {
			t.Fatalf("wrong and right password answered differently: %v / %v", answers[0], answers[1])
		}
		verify := func(i int, pw string) (auth.Granted, error) {
			return env.Auth.Verify(from("198.51.100.7"), auth.Verification{ChallengeID: answers[i].Details["challenge_id"].(string),
				Method: auth.MethodCode, Code: codes[i], Password: pw})
		}
		if _, err := verify(0, ""); apperr.CodeOf(err) != apperr.Invalid || apperr.From(err).Fields["password"].Format == "" {
			t.Fatalf("a code without the password: %v", err)
		}
		if _, err := verify(0, "Wrong-pass-1"); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Fatalf("a wrong password after the code: %v", err)
		}
		if env.Hashes() == before {
			t.Fatal("the password was not checked after the code")
		}
		g, err := verify(1, "Tea-Leaf-42")
		testkit.Must(t, err)
		if g.User.ID != u.ID || g.Token == "" {
			t.Fatalf("granted %+v", g)
		}
	})
}
