package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestPasswordHashIsRaisedAtLogIn signs up under a cheap argon2id cost,
// then logs in to a process configured at OWASP's floor: the stored hash is
// made again at the higher cost, and the password still works.
func TestPasswordHashIsRaisedAtLogIn(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		cheap := apptest.New(t, d)
		jar := new(testkit.DeviceJar)
		c := testkit.Client{Handler: cheap.Handler, Device: jar}
		id := c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "slow@example.com", "nickname": "slowhash", "password": good}).String("id")
		stored := func() string {
			var h string
			testkit.Must(t, d.QueryRow(context.Background(), `SELECT password_hash FROM users WHERE id = ?`, id).Scan(&h))
			return h
		}
		if h := stored(); !strings.Contains(h, "$m=1024,t=1,p=1$") {
			t.Fatalf("cheap hash: %s", h)
		}
		strong := apptest.New(t, d, "HELIO_ARGON2_MEMORY_KIB=19456", "HELIO_ARGON2_TIME=2")
		s := testkit.Client{Handler: strong.Handler, Device: jar}
		s.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "slowhash", "password": "Wrong-Pass-1"}).
			Expect(t, http.StatusUnauthorized, "unauthenticated")
		if h := stored(); !strings.Contains(h, "$m=1024,t=1,p=1$") {
			t.Fatalf("a wrong password rehashed: %s", h)
		}
		s.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "slowhash", "password": good}).Expect(t, http.StatusCreated, "")
		if h := stored(); !strings.Contains(h, "$m=19456,t=2,p=1$") {
			t.Fatalf("the hash was not raised at log-in: %s", h)
		}
		s.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "slowhash", "password": good}).Expect(t, http.StatusCreated, "")
	})
}

// TestSubAccountPasswordHashIsRaisedAtLogIn creates a sub-account under a
// cheap argon2id cost, then logs in as main@sub to a process configured at
// OWASP's floor: a wrong password leaves the hash alone, a right one makes
// it again at the higher cost (audited), and the password still works.
func TestSubAccountPasswordHashIsRaisedAtLogIn(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d)
		id := w.createSub("editor01", "content_editor")
		ctx := context.Background()
		stored := func() string {
			var h string
			testkit.Must(t, d.QueryRow(ctx, `SELECT password_hash FROM sub_accounts WHERE id = ?`, id).Scan(&h))
			return h
		}
		if h := stored(); !strings.Contains(h, "$m=1024,t=1,p=1$") {
			t.Fatalf("cheap hash: %s", h)
		}
		strong := apptest.New(t, d, "HELIO_ARGON2_MEMORY_KIB=19456", "HELIO_ARGON2_TIME=2")
		s := testkit.Client{Handler: strong.Handler, Device: w.c.Device}
		s.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "foodbrand@editor01", "password": "Wrong-Pass-1"}).
			Expect(t, http.StatusUnauthorized, "unauthenticated")
		if h := stored(); !strings.Contains(h, "$m=1024,t=1,p=1$") {
			t.Fatalf("a wrong password rehashed: %s", h)
		}
		s.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "foodbrand@editor01", "password": good}).
			Expect(t, http.StatusCreated, "")
		if h := stored(); !strings.Contains(h, "$m=19456,t=2,p=1$") {
			t.Fatalf("the hash was not raised at log-in: %s", h)
		}
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'sub_account.password_rehash'
			AND object_id = ? AND sub_account_id = ?`, id, id).Scan(&n))
		if n != 1 {
			t.Fatalf("%d sub_account.password_rehash events, want 1", n)
		}
		s.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "foodbrand@editor01", "password": good}).
			Expect(t, http.StatusCreated, "")
	})
}
