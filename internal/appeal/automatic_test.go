package appeal_test

import (
	"context"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

const chromeOnLinux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"

// lockOut signs up an account and fails its log-in from ip (with the device
// token, when one is given) until log-in security locks it.
func lockOut(t *testing.T, env *apptest.Env, ip, token string) (account.User, context.Context) {
	t.Helper()
	from := audit.WithRequest(context.Background(), audit.Request{IP: ip, UserAgent: chromeOnLinux})
	u, err := env.Accounts.SignUp(from, account.SignUp{Email: testkit.Name("locked") + "@example.com",
		Nickname: testkit.Name("locked"), Password: "Tea-Leaf-42"})
	testkit.Must(t, err)
	for range 3 {
		_, err := env.Auth.LogIn(from, auth.Credentials{Login: u.Nickname, Password: "Wrong-pass-1", DeviceToken: token})
		if apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Fatalf("a wrong password: %v", err)
		}
	}
	logIn(t, env, from, u, token, apperr.RateLimited)
	return u, from
}

// logIn logs in with the right password from ctx and fails unless the
// answer's code is want ("" for a session).
func logIn(t *testing.T, env *apptest.Env, ctx context.Context, u account.User, token string, want apperr.Code) {
	t.Helper()
	_, err := env.Auth.LogIn(ctx, auth.Credentials{Login: u.Nickname, Password: "Tea-Leaf-42", DeviceToken: token})
	if apperr.CodeOf(err) != want {
		t.Fatalf("log-in with the right password: %v, want %q", err, want)
	}
}

// myRestrictions lists the account's restrictions as it sees them.
func myRestrictions(t *testing.T, env *apptest.Env, me context.Context) []appeal.Restriction {
	t.Helper()
	rs, _, err := env.Appeals.FindMyRestrictions(me, db.Page{})
	testkit.Must(t, err)
	return rs
}

// TestAutomaticBlockIsAnAppealableRestriction pins that a lock of log-in
// security shows on the account's restrictions as an automatic log-in
// restriction with its reason, what it blocks and its expiry, without
// restricting anything else; a rejected appeal keeps the lock, an upheld one
// clears it at once, audited.
func TestAutomaticBlockIsAnAppealableRestriction(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_LOCK_FAILURES=3", "HELIO_LOCK_DURATION=15m")
		u, from := lockOut(t, env, "203.0.113.9", "")
		lockedAt := env.Clock.Now()
		me := authz.WithActor(from, authz.Actor{UserID: u.ID})
		rs := myRestrictions(t, env, me)
		if len(rs) != 1 {
			t.Fatalf("restrictions after the lock: %+v", rs)
		}
		r := rs[0]
		if r.Source != appeal.SourceAutomatic || r.Kind != authz.RestrictLogin || !r.Active ||
			r.Reason != "Too many failed log-ins from this IP address" || r.BlockedFrom != "203.0.113.9" ||
			r.ExpiresAt == nil || !r.ExpiresAt.Truncate(time.Microsecond).Equal(lockedAt.Add(15*time.Minute).Truncate(time.Microsecond)) {
			t.Fatalf("the automatic restriction: %+v (locked at %s)", r, lockedAt)
		}
		held, err := env.Appeals.ActorRestrictions(me, u.ID)
		testkit.Must(t, err)
		if len(held) != 0 {
			t.Fatalf("an automatic block restricts the signed-in account: %+v", held)
		}

		reviewer := authz.WithActor(from, authz.Actor{UserID: "ops", Roles: []string{authz.RoleReviewer}})
		a, err := env.Appeals.CreateAppeal(me, appeal.AppealInput{RestrictionID: r.ID, Explanation: "I mistyped my new password."})
		testkit.Must(t, err)
		if _, err := env.Appeals.DecideReview(reviewer, a.ID, false, "Wait for the block to end."); err != nil {
			t.Fatal(err)
		}
		logIn(t, env, from, u, "", apperr.RateLimited)
		if rs := myRestrictions(t, env, me); !rs[0].Active {
			t.Fatalf("a rejected appeal lifted the block: %+v", rs[0])
		}

		a, err = env.Appeals.CreateAppeal(me, appeal.AppealInput{RestrictionID: r.ID, Explanation: "It was me, on a new keyboard."})
		testkit.Must(t, err)
		if _, err := env.Appeals.DecideReview(reviewer, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if rs := myRestrictions(t, env, me); rs[0].Active || rs[0].LiftedAt == nil {
			t.Fatalf("an upheld appeal kept the block: %+v", rs[0])
		}
		for _, action := range []string{"restriction.create", "restriction.lift", "session.unlock"} {
			var n int
			testkit.Must(t, d.QueryRow(from, `SELECT COUNT(*) FROM audit_events WHERE owner_id = ? AND action = ?`, u.ID,
				action).Scan(&n))
			if n != 1 {
				t.Fatalf("%d %s events, want 1", n, action)
			}
		}
		logIn(t, env, from, u, "", "")
	})
}

// TestAutomaticBlockEndsByItself pins that a device's lock shows with the
// device's name next to the IP's, that both end at their expiry without
// anyone lifting them, and that an ended block cannot be appealed.
func TestAutomaticBlockEndsByItself(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_LOCK_FAILURES=3", "HELIO_LOCK_DURATION=15m")
		u, from := lockOut(t, env, "203.0.113.10", "token-L")
		me := authz.WithActor(from, authz.Actor{UserID: u.ID})
		rs := myRestrictions(t, env, me)
		blocked := map[string]bool{}
		for _, r := range rs {
			blocked[r.BlockedFrom] = r.Active && r.Source == appeal.SourceAutomatic
		}
		if len(rs) != 2 || !blocked["203.0.113.10"] || !blocked["Chrome on Linux"] {
			t.Fatalf("the IP's and the device's blocks: %+v", rs)
		}
		env.Clock.Advance(16 * time.Minute)
		for _, r := range myRestrictions(t, env, me) {
			if r.Active || r.LiftedAt != nil {
				t.Fatalf("a block past its expiry: %+v", r)
			}
		}
		_, err := env.Appeals.CreateAppeal(me, appeal.AppealInput{RestrictionID: rs[0].ID, Explanation: "Please lift the block."})
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("an appeal against an ended block: %v", err)
		}
		logIn(t, env, from, u, "token-L", "")
	})
}
