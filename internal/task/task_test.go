package task_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestQuotesNeedLevelL2: an L1 creator is refused with the level named;
// an L2 creator publishes, edits and deletes quotes, with field-level
// errors for bad input; an order keeps the terms it was placed on.
func TestQuotesNeedLevelL2(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		low := w.creator("lowcreator", "L1", "")
		a := w.call("POST", "/api/v1/quotes", low.Token, map[string]any{"kind": "task", "price": cny(10000), "description": "x"})
		a.Expect(t, http.StatusForbidden, "forbidden")
		if a.Missing()["level"] != "L2" || !strings.Contains(a.Error()["message"].(string), "L2") {
			t.Fatalf("the refusal does not name L2: %s", a.Raw)
		}
		c := w.creator("quotecreator", "L2", "outfits")
		w.call("POST", "/api/v1/quotes", c.Token, map[string]any{"kind": "banner", "price": cny(0), "description": " "}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "description", "kind", "price")
		w.call("POST", "/api/v1/quotes", c.Token, map[string]any{"kind": "task", "unit": "per_hour", "price": cny(100), "description": "x"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "unit")
		task := w.quote(c, "task", 10000)
		live := w.quote(c, "live_window", 20000)
		list := w.call("GET", "/api/v1/quotes", c.Token, nil)
		if items := list.Body["items"].([]any); len(items) != 2 || items[1].(map[string]any)["unit"] != "per_hour" {
			t.Fatalf("quotes: %s", list.Raw)
		}
		m := w.merchant("quoteshop", "taobao")
		placed := w.order(m, task, 0)
		w.call("PATCH", "/api/v1/quotes/"+task, c.Token, map[string]any{"kind": "task", "price": cny(15000), "description": "new terms"}).
			Expect(t, http.StatusOK, "")
		got := w.call("GET", "/api/v1/tasks/"+placed.String("id"), m.Token, nil)
		if got.Body["amount"].(map[string]any)["amount"] != 10000.0 || got.String("description") != "a task" {
			t.Fatalf("the order lost its terms: %s", got.Raw)
		}
		if again := w.order(m, task, 0); again.Body["amount"].(map[string]any)["amount"] != 15000.0 {
			t.Fatalf("a new order is not on the new terms: %s", again.Raw)
		}
		w.call("PATCH", "/api/v1/quotes/"+live, m.Token, map[string]any{"kind": "task", "price": cny(1), "description": "x"}).
			Expect(t, http.StatusForbidden, "forbidden")
		w.call("DELETE", "/api/v1/quotes/"+live, c.Token, nil).Expect(t, http.StatusNoContent, "")
		w.call("POST", "/api/v1/tasks", m.Token, map[string]any{"quote_id": live, "requirements": "x", "hours": 2}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "quote_id")
		if n := w.count(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'task_quote.%' AND actor_id = ?`, c.ID); n != 4 {
			t.Fatalf("%d quote audit events, want 4", n)
		}
	})
}

// TestLifecycleMovesEscrow walks an order from placement to payout with
// the ledger checked after each step, and refuses every action taken by
// the wrong side or in the wrong state.
func TestLifecycleMovesEscrow(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("lifecreator", "L3", "")
		m := w.merchant("lifeshop", "taobao")
		stranger := w.merchant("othershop", "taobao")
		q := w.quote(c, "live_window", 20000)
		w.call("POST", "/api/v1/tasks", m.Token, map[string]any{"quote_id": q, "requirements": "x"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "hours")
		w.call("POST", "/api/v1/tasks", m.Token, map[string]any{"quote_id": q, "requirements": "", "hours": 25}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "hours", "requirements")
		w.call("POST", "/api/v1/tasks", c.Token, map[string]any{"quote_id": q, "requirements": "x", "hours": 1}).
			Expect(t, http.StatusForbidden, "forbidden")
		placed := w.order(m, q, 3)
		id := placed.String("id")
		if placed.String("state") != "ordered" || placed.Body["escrow"].(map[string]any)["amount"] != 60000.0 ||
			placed.String("creator") != "lifecreator" || placed.Body["rule"].(map[string]any)["table"] != "task_rules" {
			t.Fatalf("placed: %s", placed.Raw)
		}
		deadlines := placed.Body["deadlines"].([]any)
		if len(deadlines) != 1 || deadlines[0].(map[string]any)["timer"] != "accept_timeout" || deadlines[0].(map[string]any)["running"] != true {
			t.Fatalf("deadlines: %v", deadlines)
		}
		w.balances(m.ID, id, c.ID, -60000, 60000, 0, 0)

		w.call("GET", "/api/v1/tasks/"+id, stranger.Token, nil).Expect(t, http.StatusNotFound, "not_found")
		w.act(stranger, id, "confirm", nil, http.StatusNotFound)
		w.act(m, id, "accept", nil, http.StatusForbidden)  // the merchant is no L2 creator
		w.act(c, id, "confirm", nil, http.StatusForbidden) // confirming is the buyer's
		w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/p/1"}, http.StatusConflict)
		w.act(m, id, "dispute", map[string]any{"reason": "late"}, http.StatusConflict)
		w.act(c, id, "cancel", nil, http.StatusConflict) // a creator declines, not cancels, an order

		w.act(c, id, "accept", nil, http.StatusOK)
		w.act(c, id, "accept", nil, http.StatusConflict)
		w.act(c, id, "deliver", map[string]any{"content_link": "javascript:alert(1)"}, http.StatusUnprocessableEntity)
		w.act(m, id, "confirm", nil, http.StatusConflict)
		delivered := w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/p/1"}, http.StatusOK)
		if delivered.String("content_link") != "https://example.com/p/1" {
			t.Fatalf("delivered: %s", delivered.Raw)
		}
		w.act(m, id, "cancel", nil, http.StatusConflict)
		w.balances(m.ID, id, c.ID, -60000, 60000, 0, 0)
		confirmed := w.act(m, id, "confirm", nil, http.StatusOK)
		if confirmed.String("state") != "confirmed" || confirmed.Body["payout"].(map[string]any)["amount"] != 54000.0 ||
			confirmed.Body["fee"].(map[string]any)["amount"] != 6000.0 {
			t.Fatalf("confirmed: %s", confirmed.Raw)
		}
		w.balances(m.ID, id, c.ID, -60000, 0, 54000, 6000)
		w.act(m, id, "confirm", nil, http.StatusConflict)

		for _, kind := range []string{"task.ordered", "task.accepted", "task.delivered", "task.confirmed"} {
			if n := w.count(`SELECT COUNT(*) FROM messages WHERE kind = ? AND user_id IN (?, ?)`, kind, m.ID, c.ID); n != 2 {
				t.Fatalf("%d %s messages, want one to each side", n, kind)
			}
			if n := w.count(`SELECT COUNT(*) FROM audit_events WHERE action = ? AND object_id = ?`, kind, id); n != 1 {
				t.Fatalf("%d %s audit events, want 1", n, kind)
			}
		}
		mine := w.call("GET", "/api/v1/tasks?role=creator", c.Token, nil)
		theirs := w.call("GET", "/api/v1/tasks?role=merchant", c.Token, nil)
		if len(mine.Body["items"].([]any)) != 1 || len(theirs.Body["items"].([]any)) != 0 {
			t.Fatalf("creator's lists: %s / %s", mine.Raw, theirs.Raw)
		}
	})
}

// TestRefusalsRefund: a declined order, one the buyer cancels before
// acceptance and one the creator cancels after it all give the merchant
// the whole escrow back.
func TestRefusalsRefund(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("refundcreator", "L2", "")
		m := w.merchant("refundshop", "taobao")
		q := w.quote(c, "task", 10000)
		for _, step := range []struct {
			accept bool
			who    person
			action string
		}{{false, c, "decline"}, {false, m, "cancel"}, {true, m, "cancel"}, {true, c, "cancel"}} {
			id := w.order(m, q, 0).String("id")
			if step.accept {
				w.act(c, id, "accept", nil, http.StatusOK)
			}
			closed := w.act(step.who, id, step.action, nil, http.StatusOK)
			if want := map[string]string{"decline": "declined", "cancel": "cancelled"}[step.action]; closed.String("state") != want {
				t.Fatalf("%s: %s", step.action, closed.Raw)
			}
			w.balances(m.ID, id, c.ID, 0, 0, 0, 0)
			w.act(m, id, "confirm", nil, http.StatusConflict)
		}
	})
}

// TestTimers: the acceptance timer expires an order, the delivery timer
// cancels a late one, and the auto-confirm timer pays out seven days after
// delivery; each is a durable job run by the injected clock, and each
// deadline is shown to both sides.
func TestTimers(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("timercreator", "L2", "")
		m := w.merchant("timershop", "taobao")
		q := w.quote(c, "task", 10000)
		expiring := w.order(m, q, 0).String("id")
		late := w.order(m, q, 0).String("id")
		done := w.order(m, q, 0).String("id")
		w.act(c, late, "accept", nil, http.StatusOK)
		w.act(c, done, "accept", nil, http.StatusOK)

		w.later(47 * time.Hour)
		if w.state(m, expiring) != "ordered" {
			t.Fatal("expired before its deadline")
		}
		w.later(time.Hour)
		if w.state(m, expiring) != "expired" {
			t.Fatal("not expired after 48 hours")
		}
		w.balances(m.ID, expiring, c.ID, -20000, 0, 0, 0)

		delivered := w.act(c, done, "deliver", map[string]any{"content_link": "https://example.com/x"}, http.StatusOK)
		var confirmBy string
		for _, dl := range delivered.Body["deadlines"].([]any) {
			if dl := dl.(map[string]any); dl["timer"] == "auto_confirm" && dl["running"] == true {
				confirmBy = dl["due_at"].(string)
			}
		}
		if want := w.env.Clock.Now().AddDate(0, 0, 7).UTC().Format(time.RFC3339); !strings.HasPrefix(confirmBy, want[:16]) {
			t.Fatalf("auto-confirm due %q, want %s", confirmBy, want)
		}
		if seen := w.call("GET", "/api/v1/tasks/"+done, c.Token, nil); len(seen.Body["deadlines"].([]any)) != 3 {
			t.Fatalf("the creator does not see the deadlines: %s", seen.Raw)
		}
		w.later(5 * 24 * time.Hour) // 7 days after acceptance
		if w.state(m, late) != "cancelled" || w.state(m, done) != "delivered" {
			t.Fatalf("after 7 days: late %s, done %s", w.state(m, late), w.state(m, done))
		}
		if n := w.count(`SELECT COUNT(*) FROM tasks WHERE id = ? AND cancelled_by = 'system'`, late); n != 1 {
			t.Fatal("the late task was not cancelled by the system")
		}
		w.later(2*24*time.Hour - time.Minute)
		if w.state(m, done) != "delivered" {
			t.Fatal("auto-confirmed before its deadline")
		}
		w.later(time.Minute)
		if w.state(m, done) != "confirmed" {
			t.Fatalf("not auto-confirmed: %s", w.state(m, done))
		}
		w.balances(m.ID, done, c.ID, -10000, 0, 9000, 1000)
		if n := w.count(`SELECT COUNT(*) FROM audit_events WHERE action = 'task.confirmed' AND actor_id = 'system' AND object_id = ?`, done); n != 1 {
			t.Fatal("the auto-confirm is not audited as the system's")
		}
	})
}

// TestDisputesDecidedEachWay: disputes appear in the review queue; an
// operator releases one to the creator, refunds one and splits one, every
// fen allocated.
func TestDisputesDecidedEachWay(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("disputecreator", "L2", "")
		m := w.merchant("disputeshop", "taobao")
		q := w.quote(c, "task", 10001)
		var ids []string
		for range 3 {
			id := w.order(m, q, 0).String("id")
			w.act(c, id, "accept", nil, http.StatusOK)
			w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/d"}, http.StatusOK)
			w.act(m, id, "dispute", map[string]any{"reason": ""}, http.StatusUnprocessableEntity)
			w.act(m, id, "dispute", map[string]any{"reason": "not what we asked"}, http.StatusOK)
			ids = append(ids, id)
		}
		w.act(m, ids[0], "confirm", nil, http.StatusConflict)
		queue := w.call("GET", "/api/v1/review-queue?kind=task_dispute", w.admin, nil)
		if items := queue.Body["items"].([]any); len(items) != 3 || items[0].(map[string]any)["task"].(map[string]any)["dispute_reason"] != "not what we asked" {
			t.Fatalf("queue: %s", queue.Raw)
		}
		w.later(8 * 24 * time.Hour) // a dispute stops the auto-confirm
		if w.state(m, ids[0]) != "disputed" {
			t.Fatal("a disputed task was auto-confirmed")
		}
		w.call("POST", "/api/v1/review-queue/"+ids[0]+"/approve", w.admin, nil).Expect(t, http.StatusOK, "")
		w.balances(m.ID, ids[0], c.ID, -30003, 0, 9001, 1000)
		w.call("POST", "/api/v1/review-queue/"+ids[1]+"/reject", w.admin, map[string]any{"reason": "not delivered"}).Expect(t, http.StatusOK, "")
		w.balances(m.ID, ids[1], c.ID, -20002, 0, 9001, 1000)
		w.call("POST", "/api/v1/task-disputes/"+ids[2]+"/decide", w.admin, map[string]any{"outcome": "split"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "creator_share_bp")
		split := w.call("POST", "/api/v1/task-disputes/"+ids[2]+"/decide", w.admin, map[string]any{"outcome": "split", "creator_share_bp": 3000})
		split.Expect(t, http.StatusOK, "")
		// 10001 × 30% = 3000.3 → 3000 to the creator's side (fee 300), 7001 back.
		w.balances(m.ID, ids[2], c.ID, -20002+7001, 0, 9001+2700, 1000+300)
		if split.String("state") != "resolved" || split.String("outcome") != "split" {
			t.Fatalf("split: %s", split.Raw)
		}
		w.call("POST", "/api/v1/task-disputes/"+ids[2]+"/decide", w.admin, map[string]any{"outcome": "refund"}).
			Expect(t, http.StatusConflict, "conflict")
		if left := w.call("GET", "/api/v1/review-queue?kind=task_dispute", w.admin, nil); len(left.Body["items"].([]any)) != 0 {
			t.Fatalf("decided disputes still pending: %s", left.Raw)
		}
	})
}

// TestMarketplaceCards: a card shows name, homepage, category, fans,
// tasks completed and the completion rate (confirmed / accepted), and the
// search filters by name, category and price.
func TestMarketplaceCards(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("cardcreator", "L2", "outfits")
		other := w.creator("foodcreator", "L4", "food")
		m := w.merchant("cardshop", "taobao")
		q := w.quote(c, "task", 10000)
		w.quote(other, "live_window", 50000)
		w.call("PUT", "/api/v1/follows/"+c.ID, m.Token, nil).Expect(t, http.StatusOK, "")
		for _, finish := range []string{"confirm", "cancel", ""} {
			id := w.order(m, q, 0).String("id")
			w.act(c, id, "accept", nil, http.StatusOK)
			if finish == "confirm" {
				w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/c"}, http.StatusOK)
			}
			if finish != "" {
				w.act(m, id, finish, nil, http.StatusOK)
			}
		}
		cards := w.call("GET", "/api/v1/task-creators", m.Token, nil)
		cards.Expect(t, http.StatusOK, "")
		if items := cards.Body["items"].([]any); len(items) != 2 {
			t.Fatalf("cards: %s", cards.Raw)
		}
		card := w.call("GET", "/api/v1/task-creators/"+c.ID, m.Token, nil)
		if card.String("name") != "cardcreator" || card.String("homepage") != "/accounts/"+c.ID || card.String("category") != "Outfits" ||
			card.Body["fans"] != 1.0 || card.Body["tasks_completed"] != 1.0 || card.Body["completion_rate"] != 33.0 ||
			len(card.Body["quotes"].([]any)) != 1 {
			t.Fatalf("card: %s", card.Raw)
		}
		for query, want := range map[string]string{"?q=CARD": "cardcreator", "?category=food": "foodcreator",
			"?min_price=20000": "foodcreator", "?max_price=20000": "cardcreator"} {
			got := w.call("GET", "/api/v1/task-creators"+query, m.Token, nil)
			if items := got.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != want {
				t.Fatalf("%s: %s", query, got.Raw)
			}
		}
		w.call("GET", "/api/v1/task-creators?min_price=5&max_price=4", m.Token, nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "max_price")
	})
}

// TestRetriedOrderCreatesOne: the same Idempotency-Key twice places one
// order and holds its amount once.
func TestRetriedOrderCreatesOne(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("idemcreator", "L2", "")
		m := w.merchant("idemshop", "taobao")
		q := w.quote(c, "task", 10000)
		keyed := testkit.Client{Handler: w.env.Handler, Header: http.Header{"Idempotency-Key": {"order-1"}}}
		body := map[string]any{"quote_id": q, "requirements": "one please"}
		first := keyed.Call(t, "POST", "/api/v1/tasks", m.Token, body)
		again := keyed.Call(t, "POST", "/api/v1/tasks", m.Token, body)
		first.Expect(t, http.StatusCreated, "")
		if again.Status != http.StatusCreated || again.String("id") != first.String("id") {
			t.Fatalf("retry: %s", describe(again))
		}
		keyed.Call(t, "POST", "/api/v1/tasks", m.Token, map[string]any{"quote_id": q, "requirements": "other"}).
			Expect(t, http.StatusConflict, "conflict")
		if n := w.count(`SELECT COUNT(*) FROM tasks WHERE merchant_id = ?`, m.ID); n != 1 {
			t.Fatalf("%d orders, want 1", n)
		}
		w.balances(m.ID, first.String("id"), c.ID, -10000, 10000, 0, 0)
	})
}
