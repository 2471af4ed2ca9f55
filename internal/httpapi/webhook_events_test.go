package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/webhook"
	"github.com/helio-platform/helio/internal/webhook/webhooktest"
)

// TestWebhookLedgerAndSettlementEvents: a creator subscribed to ledger
// postings and settlements receives, signed, one ledger.posted event per
// paid, refunded and cancelled order event (with the postings and the
// rule version) and nothing for the confirmation that moves no money;
// the month's settlement run ends with one settlement.finished event of
// the creator's totals. An order event whose transaction rolls back
// leaves no delivery and sends nothing.
func TestWebhookLedgerAndSettlementEvents(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newOrgWorld(t, d)
		token, creatorID, link := w.creatorWithLink("mia", "19920202")
		rc := &webhooktest.Receiver{Now: w.env.Clock.Now}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		sub := w.call("POST", "/api/v1/webhooks", token, map[string]any{"url": srv.URL + "/hooks",
			"event_types": []string{webhook.EventLedgerPosted, webhook.EventSettlementFinished}})
		sub.Expect(t, http.StatusCreated, "")
		rc.Secret = sub.String("secret")
		// The console names the event types in both languages: each in the
		// form, the two subscribed ones on the subscription too.
		for lang, labels := range map[string][]string{"en": {"Ledger postings of orders", "Settlement runs finished", "Task state changes"},
			"zh-CN": {"订单入账", "结算完成", "任务状态变化"}} {
			page := w.consoleIn(lang, "GET", "/webhooks", token, "").Body.String()
			for i, want := range []int{2, 2, 1} {
				if n := strings.Count(page, labels[i]); n != want {
					t.Fatalf("%s: %q shown %d times on the webhook page, want %d", lang, labels[i], n, want)
				}
			}
		}

		event := func(order, typ string, amount int64) testkit.Answer {
			body := map[string]any{"order_id": order, "line_id": "1", "product_id": w.product, "shopper_id": "shopper-" + order,
				"type": typ, "at": w.env.Clock.Now().Format(time.RFC3339Nano)}
			if amount > 0 {
				body["amount"] = map[string]any{"amount": amount, "currency": "CNY"}
			}
			a := w.call("POST", "/api/v1/order-events", w.feed, body)
			if a.Status != http.StatusOK && a.Status != http.StatusCreated {
				t.Fatalf("%s %s: %d %s", order, typ, a.Status, a.Raw)
			}
			return a
		}
		w.order(link, "wh-1", 100000)
		refunded := event("wh-1", commission.EventRefunded, 20000)
		w.order(link, "wh-2", 50000)
		event("wh-2", commission.EventCancelled, 0)
		event("wh-1", commission.EventConfirmed, 0)
		w.env.DrainJobs(t)

		posted := rc.Events(webhook.EventLedgerPosted)
		want := []string{"paid", "refunded", "paid", "cancelled"}
		if len(posted) != len(want) || rc.Bad() != 0 {
			t.Fatalf("ledger.posted events %d (bad signatures %d), want %d: %v", len(posted), rc.Bad(), len(want), posted)
		}
		for i, ev := range posted {
			data := ev["data"].(map[string]any)
			rule := data["rule"].(map[string]any)
			if ev["version"] != float64(webhook.Version) || data["event_type"] != want[i] || data["creator_id"] != creatorID ||
				len(data["postings"].([]any)) == 0 || rule["table"] != commission.RulesTable || rule["version"] == float64(0) {
				t.Fatalf("ledger.posted %d: %v", i, ev)
			}
		}

		// The event of an order event rolled back is never delivered.
		var deliveries int
		count := func(ctx context.Context) int {
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM webhook_deliveries`).Scan(&deliveries))
			return deliveries
		}
		before := count(context.Background())
		feed := authz.WithActor(context.Background(), authz.Actor{UserID: "feed", Roles: []string{authz.RoleIntegrator}})
		rollback := errors.New("roll back")
		w.call("POST", "/api/v1/clicks", w.feed, map[string]any{"link_id": link, "shopper_id": "shopper-wh-3"}).
			Expect(t, http.StatusCreated, "")
		err := d.WithTx(feed, func(ctx context.Context) error {
			_, err := w.env.Commission.PostOrderEvent(ctx, commission.OrderEvent{OrderID: "wh-3", LineID: "1", ProductID: w.product,
				ShopperID: "shopper-wh-3", Type: commission.EventPaid, Amount: money.New(1000, "CNY"), At: w.env.Clock.Now()})
			testkit.Must(t, err)
			if n := count(ctx); n != before+1 {
				t.Fatalf("inside the transaction %d deliveries, want %d", n, before+1)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("rollback: %v", err)
		}
		w.env.DrainJobs(t)
		if n := count(context.Background()); n != before || len(rc.Events(webhook.EventLedgerPosted)) != len(want) {
			t.Fatalf("after the rollback: %d deliveries (want %d), %d events", n, before, len(rc.Events(webhook.EventLedgerPosted)))
		}

		st := w.call("POST", "/api/v1/settlements", w.ops, map[string]any{"period": w.env.Clock.Now().Format("2006-01")})
		st.Expect(t, http.StatusAccepted, "")
		w.env.DrainJobs(t)
		settled := rc.Events(webhook.EventSettlementFinished)
		if len(settled) != 1 {
			t.Fatalf("settlement.finished events: %v", settled)
		}
		data := settled[0]["data"].(map[string]any)
		creatorPart := refunded.Body["shares"].(map[string]any)["creator"].(float64)
		if data["settlement_id"] != st.String("id") || data["creator_id"] != creatorID || data["currency"] != "CNY" ||
			data["settled"].(float64)+data["not_payable"].(float64) != creatorPart || creatorPart == 0 {
			t.Fatalf("settlement.finished: %v, want the creator's %v", data, creatorPart)
		}
		// The run's job taken over once more finishes and sends nothing again.
		_, err = w.env.Jobs.Enqueue(context.Background(), commission.SettlementKind, map[string]string{"id": st.String("id")})
		testkit.Must(t, err)
		w.env.DrainJobs(t)
		if n := len(rc.Events(webhook.EventSettlementFinished)); n != 1 {
			t.Fatalf("a second run of the job sent %d settlement events", n)
		}
	})
}
