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

// newLockingEnv wires a process whose log-in security locks after three
// failed log-ins, for 15 minutes.
func newLockingEnv(t *testing.T, d *db.DB) *apptest.Env {
	return apptest.New(t, d, "HELIO_LOCK_FAILURES=3", "HELIO_LOCK_DURATION=15m")
}

// lockOut signs up an account and fails its log-in from ip (with the device
// token, when one is given) until log-in security locks it. It returns the
// account, a request from ip, and that request as the account.
func lockOut(t *testing.T, env *apptest.Env, ip, token string) (account.User, context.Context, context.Context) {
	t.Helper()
	from := fromIP(ip)
	u := signUp(t, env, from)
	for range 3 {
		failLogIn(t, env, from, u, token)
	}
	logIn(t, env, from, u, token, apperr.RateLimited)
	return u, from, authz.WithActor(from, authz.Actor{UserID: u.ID})
}

// signUp signs up an account from ctx.
func signUp(t *testing.T, env *apptest.Env, ctx context.Context) account.User {
	t.Helper()
	u, err := env.Accounts.SignUp(ctx, account.SignUp{Email: testkit.Name("locked") + "@example.com",
		Nickname: testkit.Name("locked"), Password: "Tea-Leaf-42"})
	testkit.Must(t, err)
	return u
}

// fromIP is a request from ip in the browser every test uses.
func fromIP(ip string) context.Context {
	return audit.WithRequest(context.Background(), audit.Request{IP: ip, UserAgent: chromeOnLinux})
}

// failLogIn logs in with a wrong password from ctx.
func failLogIn(t *testing.T, env *apptest.Env, ctx context.Context, u account.User, token string) {
	t.Helper()
	_, err := env.Auth.LogIn(ctx, auth.Credentials{Login: u.Nickname, Password: "Wrong-pass-1", DeviceToken: token})
	if apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Fatalf("a wrong password: %v", err)
	}
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
		env := newLockingEnv(t, d)
		u, from, me := lockOut(t, env, "203.0.113.9", "")
		lockedAt := env.Clock.Now()
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
		expectEvents(t, d, u, map[string]int{"restriction.create": 1, "restriction.lift": 1, "session.unlock": 1,
			"restriction.end": 0})
		logIn(t, env, from, u, "", "")
	})
}

// TestAutomaticBlockEndsByItself pins that a device's lock shows with the
// device's name next to the IP's, that both end at their expiry without
// anyone lifting them, and that an ended block cannot be appealed.
func TestAutomaticBlockEndsByItself(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := newLockingEnv(t, d)
		u, from, me := lockOut(t, env, "203.0.113.10", "token-L")
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

// expectEvents fails unless u's audit trail holds want[action] events of
// each action.
func expectEvents(t *testing.T, d *db.DB, u account.User, want map[string]int) {
	t.Helper()
	for action, count := range want {
		var n int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE owner_id = ? AND action = ?`,
			u.ID, action).Scan(&n))
		if n != count {
			t.Fatalf("%d %s events, want %d", n, action, count)
		}
	}
}

// expectEnded fails unless r is an automatic block that ended at at, shown
// as an expired one is: not in force, not lifted, its expiry at.
func expectEnded(t *testing.T, r appeal.Restriction, at time.Time) {
	t.Helper()
	if r.Active || r.LiftedAt != nil || r.ExpiresAt == nil ||
		!r.ExpiresAt.Truncate(time.Microsecond).Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("a block ended at %s: %+v", at, r)
	}
}

// TestAutomaticBlockEndsWithASuccessfulLogIn pins that a successful log-in
// which forgets a lock's failures ends its restriction at once, audited, as
// if it had expired: two failures from one IP and one from another, all
// from one device, lock that device; a log-in from the first IP on another
// device forgets that IP's failures, which ends the device's lock.
func TestAutomaticBlockEndsWithASuccessfulLogIn(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := newLockingEnv(t, d)
		first, second := fromIP("203.0.113.20"), fromIP("203.0.113.21")
		u := signUp(t, env, first)
		failLogIn(t, env, first, u, "token-L")
		failLogIn(t, env, first, u, "token-L")
		failLogIn(t, env, second, u, "token-L")
		logIn(t, env, second, u, "token-L", apperr.RateLimited)
		me := authz.WithActor(first, authz.Actor{UserID: u.ID})
		rs := myRestrictions(t, env, me)
		if len(rs) != 1 || !rs[0].Active || rs[0].BlockedFrom != "Chrome on Linux" {
			t.Fatalf("the device's block: %+v", rs)
		}

		env.Clock.Advance(time.Minute)
		logIn(t, env, first, u, "token-M", "")
		ended := myRestrictions(t, env, me)
		expectEnded(t, ended[0], env.Clock.Now())
		expectEvents(t, d, u, map[string]int{"restriction.create": 1, "restriction.end": 1, "restriction.lift": 0})
		_, err := env.Appeals.CreateAppeal(me, appeal.AppealInput{RestrictionID: rs[0].ID, Explanation: "Please lift the block."})
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("an appeal against an ended block: %v", err)
		}
		// The device is let through to the step-up a device new to the
		// account asks for.
		logIn(t, env, second, u, "token-L", apperr.StepUpRequired)
	})
}

// TestUpheldAppealEndsTheOtherBlock pins that an upheld appeal against the
// IP's block, whose failures were also the device's, lifts the IP's block
// and ends the device's, audited, as if it had expired.
func TestUpheldAppealEndsTheOtherBlock(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := newLockingEnv(t, d)
		u, from, me := lockOut(t, env, "203.0.113.22", "token-L")
		byFrom := func() map[string]appeal.Restriction {
			out := map[string]appeal.Restriction{}
			for _, r := range myRestrictions(t, env, me) {
				out[r.BlockedFrom] = r
			}
			return out
		}
		ip := byFrom()["203.0.113.22"]
		if !ip.Active || !byFrom()["Chrome on Linux"].Active {
			t.Fatalf("the IP's and the device's blocks: %+v", byFrom())
		}

		env.Clock.Advance(time.Minute)
		reviewer := authz.WithActor(from, authz.Actor{UserID: "ops", Roles: []string{authz.RoleReviewer}})
		a, err := env.Appeals.CreateAppeal(me, appeal.AppealInput{RestrictionID: ip.ID, Explanation: "It was me, on a new keyboard."})
		testkit.Must(t, err)
		if _, err := env.Appeals.DecideReview(reviewer, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		after := byFrom()
		if r := after["203.0.113.22"]; r.Active || r.LiftedAt == nil {
			t.Fatalf("the IP's block after the upheld appeal: %+v", r)
		}
		expectEnded(t, after["Chrome on Linux"], env.Clock.Now())
		expectEvents(t, d, u, map[string]int{"restriction.lift": 1, "restriction.end": 1, "session.unlock": 1})
		logIn(t, env, from, u, "token-L", "")
	})
}
