package task_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestRacesLeaveOneOutcome: two merchants ordering at once each get their
// orders held once; a creator accepting and declining the same order at
// once ends in exactly one of the two; a merchant's confirmation racing
// the auto-confirm job pays out once.
func TestRacesLeaveOneOutcome(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.creator("racecreator", "L2", "")
		q := w.quote(c, "task", 10000)
		m1, m2 := w.merchant("raceshop1", "taobao"), w.merchant("raceshop2", "taobao")

		const each = 6
		ids := make(chan string, 2*each)
		var wg sync.WaitGroup
		for _, m := range []person{m1, m2} {
			for range each {
				wg.Add(1)
				go func() {
					defer wg.Done()
					a := w.call("POST", "/api/v1/tasks", m.Token, map[string]any{"quote_id": q, "requirements": "race"})
					if a.Status != http.StatusCreated {
						t.Errorf("order: %s", describe(a))
						return
					}
					ids <- a.String("id")
				}()
			}
		}
		wg.Wait()
		close(ids)
		var orders []string
		for id := range ids {
			orders = append(orders, id)
		}
		if len(orders) != 2*each || w.balance(ledger.Merchant(m1.ID)) != -each*10000 || w.balance(ledger.Merchant(m2.ID)) != -each*10000 {
			t.Fatalf("%d orders; merchants hold %d and %d", len(orders), w.balance(ledger.Merchant(m1.ID)), w.balance(ledger.Merchant(m2.ID)))
		}

		// Accept and decline at once, on every order.
		var accepted, declined int
		var mu sync.Mutex
		for _, id := range orders {
			var race sync.WaitGroup
			for _, action := range []string{"accept", "decline"} {
				race.Add(1)
				go func() {
					defer race.Done()
					a := w.call("POST", "/api/v1/tasks/"+id+"/"+action, c.Token, nil)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case a.Status == http.StatusOK && action == "accept":
						accepted++
					case a.Status == http.StatusOK:
						declined++
					case a.Status != http.StatusConflict:
						t.Errorf("%s: %s", action, describe(a))
					}
				}()
			}
			race.Wait()
		}
		if accepted+declined != len(orders) {
			t.Fatalf("%d accepted and %d declined of %d orders", accepted, declined, len(orders))
		}
		refunds := w.count(`SELECT COUNT(*) FROM ledger_entries WHERE kind = 'task.refund'`)
		if refunds != declined || w.count(`SELECT COUNT(*) FROM tasks WHERE state = 'declined'`) != declined {
			t.Fatalf("%d refunds for %d declines", refunds, declined)
		}

		// Confirm racing the auto-confirm job, on every accepted order.
		var live []string
		for _, id := range orders {
			if w.state(c, id) == "accepted" {
				w.act(c, id, "deliver", map[string]any{"content_link": "https://example.com/r"}, http.StatusOK)
				live = append(live, id)
			}
		}
		w.env.Clock.Advance(7 * 24 * time.Hour)
		var race sync.WaitGroup
		for _, id := range live {
			buyer := m1
			if w.call("GET", "/api/v1/tasks/"+id, m1.Token, nil).Status != http.StatusOK {
				buyer = m2
			}
			race.Add(2)
			go func() {
				defer race.Done()
				if a := w.call("POST", "/api/v1/tasks/"+id+"/confirm", buyer.Token, nil); a.Status != http.StatusOK && a.Status != http.StatusConflict {
					t.Errorf("confirm: %s", describe(a))
				}
			}()
			go func() {
				defer race.Done()
				w.env.DrainJobs(t)
			}()
		}
		race.Wait()
		w.env.DrainJobs(t)
		if n := w.count(`SELECT COUNT(*) FROM ledger_entries WHERE kind = 'task.payout'`); n != len(live) {
			t.Fatalf("%d payouts for %d confirmed orders", n, len(live))
		}
		if got, want := w.balance(ledger.Creator(c.ID, ledger.Settled)), int64(len(live)*9000); got != want {
			t.Fatalf("the creator holds %d, want %d", got, want)
		}
		for _, id := range orders {
			w.balances(m1.ID, id, c.ID, w.balance(ledger.Merchant(m1.ID)), 0, int64(len(live)*9000), int64(len(live)*1000))
		}
	})
}
