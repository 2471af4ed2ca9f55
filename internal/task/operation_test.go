package task_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestOperationAccounts checks the rules of operation accounts one by one:
// only a Tmall-style store binds them, nothing binds without the invited
// account's acceptance, the store's main account cannot buy, an operation
// account orders for its store, sees only its own orders and reaches
// nothing outside the marketplace, it cannot be unbound while a task is
// open, and the main account downloads its statement.
func TestOperationAccounts(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("opcreator", "L2", "")
		q := w.quote(c, "task", 10000)
		store := w.merchant("tmallstore", "tmall")
		shop := w.merchant("taobaoshop", "taobao")
		alice, bob := w.account("opalice"), w.account("opbob")

		w.call("POST", "/api/v1/operation-accounts", shop.Token, map[string]any{"login": "opalice"}).Expect(t, http.StatusForbidden, "forbidden")
		w.call("POST", "/api/v1/operation-accounts", store.Token, map[string]any{"login": "nobody-here"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "login")
		w.call("POST", "/api/v1/operation-accounts", store.Token, map[string]any{"login": "taobaoshop"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "login")
		w.call("POST", "/api/v1/tasks", store.Token, map[string]any{"quote_id": q, "requirements": "x"}).Expect(t, http.StatusForbidden, "forbidden")

		invite := w.call("POST", "/api/v1/operation-accounts", store.Token, map[string]any{"login": "opalice"})
		invite.Expect(t, http.StatusCreated, "")
		if invite.String("status") != "pending" || invite.String("account") != "opalice" {
			t.Fatalf("invite: %s", invite.Raw)
		}
		w.call("POST", "/api/v1/operation-accounts", store.Token, map[string]any{"login": "opalice"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "login")
		// Pending is not bound: alice is still an ordinary account without a shop.
		w.call("POST", "/api/v1/tasks", alice.Token, map[string]any{"quote_id": q, "requirements": "x"}).Expect(t, http.StatusForbidden, "forbidden")
		if n := w.count(`SELECT COUNT(*) FROM messages WHERE user_id = ? AND kind = 'operation_account.invited'`, alice.ID); n != 1 {
			t.Fatal("alice was not invited through the message centre")
		}
		w.call("POST", "/api/v1/operation-accounts/"+invite.String("id")+"/accept", bob.Token, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("POST", "/api/v1/operation-accounts/"+invite.String("id")+"/accept", alice.Token, nil).Expect(t, http.StatusOK, "")
		bobInvite := w.call("POST", "/api/v1/operation-accounts", store.Token, map[string]any{"login": "opbob"})
		w.call("POST", "/api/v1/operation-accounts/"+bobInvite.String("id")+"/accept", bob.Token, nil).Expect(t, http.StatusOK, "")

		placed := w.order(alice, q, 0)
		if placed.String("merchant_id") != store.ID || placed.String("buyer_id") != alice.ID || placed.String("merchant") != "tmallstore" {
			t.Fatalf("alice's order: %s", placed.Raw)
		}
		id := placed.String("id")
		w.balances(store.ID, id, c.ID, -10000, 10000, 0, 0)
		bobs := w.order(bob, q, 0).String("id")

		// Isolation: bob sees neither alice's order nor anything outside the marketplace.
		w.call("GET", "/api/v1/tasks/"+id, bob.Token, nil).Expect(t, http.StatusNotFound, "not_found")
		w.act(bob, id, "cancel", nil, http.StatusNotFound)
		if l := w.call("GET", "/api/v1/tasks", bob.Token, nil); len(l.Body["items"].([]any)) != 1 {
			t.Fatalf("bob's list: %s", l.Raw)
		}
		if l := w.call("GET", "/api/v1/tasks?role=merchant", store.Token, nil); len(l.Body["items"].([]any)) != 2 {
			t.Fatalf("the store's list: %s", l.Raw)
		}
		w.call("GET", "/api/v1/tasks/"+id, store.Token, nil).Expect(t, http.StatusOK, "")
		for _, path := range []string{"/api/v1/contents", "/api/v1/creator-accounts", "/api/v1/earnings", "/api/v1/sub-accounts",
			"/api/v1/audit-events", "/api/v1/me/level"} {
			a := w.call("GET", path, bob.Token, nil)
			a.Expect(t, http.StatusForbidden, "forbidden")
			if a.Missing()["identity"] != "not_operation_account" {
				t.Fatalf("%s: %s", path, a.Raw)
			}
		}
		w.call("GET", "/api/v1/task-creators", bob.Token, nil).Expect(t, http.StatusOK, "")
		if mine := w.call("GET", "/api/v1/operation-accounts", bob.Token, nil); len(mine.Body["items"].([]any)) != 1 {
			t.Fatalf("bob's own binding: %s", mine.Raw)
		}
		w.call("GET", "/api/v1/messages", bob.Token, nil).Expect(t, http.StatusOK, "")

		// Unbinding waits for the account's tasks to be confirmed.
		refused := w.call("DELETE", "/api/v1/operation-accounts/"+invite.String("id"), store.Token, nil)
		refused.Expect(t, http.StatusConflict, "conflict")
		if refused.Error()["open_tasks"] != 1.0 {
			t.Fatalf("refusal: %s", refused.Raw)
		}
		w.call("DELETE", "/api/v1/operation-accounts/"+invite.String("id"), alice.Token, nil).Expect(t, http.StatusForbidden, "forbidden")
		w.act(c, id, "accept", nil, http.StatusOK)
		w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/op"}, http.StatusOK)
		w.act(alice, id, "confirm", nil, http.StatusOK)
		w.act(store, bobs, "cancel", nil, http.StatusOK) // the main account acts on every order of its store
		unbound := w.call("DELETE", "/api/v1/operation-accounts/"+invite.String("id"), store.Token, nil)
		unbound.Expect(t, http.StatusOK, "")
		if unbound.String("status") != "unbound" {
			t.Fatalf("unbind: %s", unbound.Raw)
		}
		// Unbound, alice is an ordinary account again.
		w.call("GET", "/api/v1/contents", alice.Token, nil).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/tasks", alice.Token, map[string]any{"quote_id": q, "requirements": "x"}).Expect(t, http.StatusForbidden, "forbidden")

		csv := w.call("GET", "/api/v1/operation-accounts/"+invite.String("id")+"/statement.csv", store.Token, nil)
		csv.Expect(t, http.StatusOK, "")
		lines := strings.Split(strings.TrimSpace(string(csv.Raw)), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "task_id,placed_at,creator") || !strings.Contains(lines[1], id+",") ||
			!strings.Contains(lines[1], ",opcreator,task,per_task,0,10000,CNY,confirmed,") {
			t.Fatalf("statement:\n%s", csv.Raw)
		}
		w.call("GET", "/api/v1/operation-accounts/"+invite.String("id")+"/statement.csv", shop.Token, nil).Expect(t, http.StatusNotFound, "not_found")
		if n := w.count(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'operation_account.%'`); n != 5 {
			t.Fatalf("%d operation-account audit events, want 5", n)
		}
	})
}
