package task_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/task"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/webhook"
	"github.com/helio-platform/helio/internal/webhook/webhooktest"
)

// TestTransitionsAreWebhookEvents: a merchant subscribed to task
// transitions receives, signed, one task.transitioned event per state the
// task reaches (ordered, accepted, delivered, confirmed), each naming the
// parties, the money and the rule version; a transition whose transaction
// rolls back leaves no delivery and sends nothing.
func TestTransitionsAreWebhookEvents(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("hookcreator", "L3", "")
		m := w.merchant("hookshop", "taobao")
		rc := &webhooktest.Receiver{Now: w.env.Clock.Now}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		sub := w.call("POST", "/api/v1/webhooks", m.Token, map[string]any{"url": srv.URL, "event_types": []string{webhook.EventTaskTransitioned}})
		sub.Expect(t, http.StatusCreated, "")
		rc.Secret = sub.String("secret")

		id := w.order(m, w.quote(c, "live_window", 20000), 2).String("id")
		w.act(c, id, "accept", nil, http.StatusOK)
		w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/p/9"}, http.StatusOK)

		// Confirming inside a transaction that rolls back emits nothing.
		var deliveries int
		count := func(ctx context.Context) int {
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM webhook_deliveries`).Scan(&deliveries))
			return deliveries
		}
		before := count(context.Background())
		rollback := errors.New("roll back")
		err := d.WithTx(authz.WithActor(context.Background(), authz.Actor{UserID: m.ID}), func(ctx context.Context) error {
			if _, err := w.env.Tasks.Act(ctx, id, "confirm", task.ActInput{}); err != nil {
				return err
			}
			if n := count(ctx); n != before+1 {
				t.Fatalf("inside the transaction %d deliveries, want %d", n, before+1)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("rolled-back confirmation: %v", err)
		}
		if n := count(context.Background()); n != before {
			t.Fatalf("after the rollback %d deliveries, want %d", n, before)
		}
		w.act(m, id, "confirm", nil, http.StatusOK)
		w.env.DrainJobs(t)

		got := rc.Events(webhook.EventTaskTransitioned)
		want := []string{task.StateOrdered, "accepted", "delivered", "confirmed"}
		if len(got) != len(want) || rc.Bad() != 0 {
			t.Fatalf("task.transitioned events %d (bad signatures %d), want %d: %v", len(got), rc.Bad(), len(want), got)
		}
		for i, ev := range got {
			data := ev["data"].(map[string]any)
			if ev["version"] != float64(webhook.Version) || data["task_id"] != id || data["state"] != want[i] ||
				data["creator_id"] != c.ID || data["merchant_id"] != m.ID || data["rule"].(map[string]any)["table"] != "task_rules" {
				t.Fatalf("event %d: %v", i, ev)
			}
		}
		last := got[len(got)-1]["data"].(map[string]any)
		if last["payout"].(map[string]any)["amount"] != 36000.0 || last["escrow"].(map[string]any)["amount"] != 0.0 {
			t.Fatalf("confirmed event's money: %v", last)
		}
	})
}
