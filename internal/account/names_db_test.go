package account_test

import (
	"context"
	"testing"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestLookAlikeNicknamesAreTaken: beside the operator "ops", sign-ups as
// "оps" (Cyrillic о), "ｏｐｓ", "o\u200bps" or "ops" with a combining mark
// are refused on the nickname field, and nothing is written.
func TestLookAlikeNicknamesAreTaken(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		_, err := env.Accounts.CreateOperator(ctx, account.Operator{Login: "ops", Password: "Tea-Leaf-42", Roles: []string{"admin"}})
		testkit.Must(t, err)
		for _, nick := range []string{"оps", "ｏｐｓ", "OPS", "ops\u0301", "ΟΡЅ"} {
			_, err := env.Accounts.SignUp(ctx, account.SignUp{Email: "x@example.com", Nickname: nick, Password: "Tea-Leaf-42"})
			if got := apperr.From(err).Fields["nickname"].String(); got != "is already taken" {
				t.Errorf("sign-up as %q beside ops: %v", nick, err)
			}
		}
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n))
		if n != 1 {
			t.Fatalf("%d users, want the operator only", n)
		}
	})
}

// TestRekeyKeepsCollidingNames: after migration 011 marks the stored keys
// stale, the start-up rekey gives each name its new key; of two existing
// identities whose names now fold together ("ops" and the older-looking
// "оps"), the older keeps the key and still logs in by nickname, the newer
// keeps its nickname with a collision key, and the audit trail says so.
func TestRekeyKeepsCollidingNames(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		for _, u := range [][2]string{{"01900000-0000-7000-8000-000000000001", "ops"}, {"01900000-0000-7000-8000-000000000002", "оps"},
			{"01900000-0000-7000-8000-000000000003", "Ｘｉａｏ Ya"}} {
			_, err := d.Exec(ctx, `INSERT INTO users (id, nickname, nickname_key, password_hash, status, created_at, updated_at)
				VALUES (?, ?, ?, 'x', 'active', ?, ?)`, u[0], u[1], db.StaleKeyPrefix+u[0], testkit.Epoch, testkit.Epoch)
			testkit.Must(t, err)
		}
		testkit.Must(t, env.Accounts.RekeyNicknames(ctx))
		testkit.Must(t, env.Accounts.RekeyNicknames(ctx)) // nothing left to do
		keys := map[string]string{}
		rows, err := d.Query(ctx, `SELECT nickname, nickname_key FROM users`)
		testkit.Must(t, err)
		for rows.Next() {
			var nick, key string
			testkit.Must(t, rows.Scan(&nick, &key))
			keys[nick] = key
		}
		testkit.Must(t, rows.Err())
		rows.Close()
		if keys["ops"] != "ops" || keys["Ｘｉａｏ Ya"] != "xiao ya" ||
			keys["оps"] != "collision:01900000-0000-7000-8000-000000000002:ops" {
			t.Fatalf("keys after the rekey: %q", keys)
		}
		u, _, err := env.Accounts.FindCredentials(ctx, "оps")
		if err != nil || u.Nickname != "ops" {
			t.Fatalf("log-in name оps finds %+v, %v", u, err)
		}
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'user.nickname_collision' AND object_id = ?`,
			"01900000-0000-7000-8000-000000000002").Scan(&n))
		if n != 1 {
			t.Fatalf("%d collision events, want 1", n)
		}
	})
}
