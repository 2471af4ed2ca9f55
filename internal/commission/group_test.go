package commission_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/webhook"
)

// integratorN is the context of one of several integrators.
func integratorN(n int) context.Context {
	return authz.WithActor(context.Background(), authz.Actor{UserID: fmt.Sprintf("integrator-%d", n), Roles: []string{authz.RoleIntegrator}})
}

// TestConcurrentEventsCommitTogether: events posted at the same time by
// many callers (grouped into shared transactions) are each applied once,
// answered their own answer, audited as their own caller, and the ledger
// holds exactly their sum and verifies.
func TestConcurrentEventsCommitTogether(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		p := w.product("lamp", 1000, false)
		l := w.link("dora", p, commission.SceneLive, w.clock.Now())
		const n = 48
		for i := range n {
			w.click(l, fmt.Sprintf("s%d", i))
		}
		answers := make([]commission.EventAnswer, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i], errs[i] = w.svc.PostOrderEvent(integratorN(i), commission.OrderEvent{OrderID: fmt.Sprintf("o%d", i),
					LineID: "1", ProductID: p.ID, ShopperID: fmt.Sprintf("s%d", i), Type: commission.EventPaid,
					Amount: cny(10000), At: w.clock.Now()})
			}()
		}
		wg.Wait()
		for i := range n {
			testkit.Must(t, errs[i])
			if a := answers[i]; a.OrderID != fmt.Sprintf("o%d", i) || a.Outcome != commission.OutcomeApplied || a.Shares.Creator != 600 ||
				len(a.Postings) != 1 {
				t.Fatalf("event %d answered %+v", i, a)
			}
		}
		if got := w.balance(ledger.Creator("dora", ledger.Pending)); got != n*600 {
			t.Errorf("creator pending %d, want %d", got, n*600)
		}
		w.verify()
		events, _, err := audit.New(d, w.clock).FindEvents(context.Background(), audit.Filter{Action: "order_event.post", Page: db.Page{Limit: 100}})
		testkit.Must(t, err)
		actors := map[string]string{}
		for _, e := range events {
			actors[e.ObjectID] = e.ActorID
		}
		for i := range n {
			if got := actors[fmt.Sprintf("o%d", i)]; got != fmt.Sprintf("integrator-%d", i) {
				t.Errorf("order o%d audited as %q, want its own caller", i, got)
			}
		}
	})
}

// TestGroupCommitRefusesOneEventAlone: in one group, an event refused (its
// key received before with other content) is answered its conflict and
// writes nothing, the events around it are applied, and a replay in a
// later group answers the first answer.
func TestGroupCommitRefusesOneEventAlone(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		p := w.product("mug", 1000, false)
		l := w.link("dora", p, commission.ScenePublic, w.clock.Now())
		for _, s := range []string{"s1", "s2", "s3"} {
			w.click(l, s)
		}
		first := w.event("o1", commission.EventPaid, p, "s1", 10000)
		ev := func(order, shopper string, amount int64) commission.OrderEvent {
			return commission.OrderEvent{OrderID: order, LineID: "1", ProductID: p.ID, ShopperID: shopper, Type: commission.EventPaid,
				Amount: cny(amount), At: w.clock.Now()}
		}
		ctxs := []context.Context{integratorN(1), integratorN(2), integratorN(3), integratorN(4)}
		answers, errs := w.svc.CommitGroup(ctxs, []commission.OrderEvent{ev("o2", "s2", 20000), ev("o1", "s1", 999),
			ev("o3", "s3", 30000), ev("o1", "s1", 10000)})
		if errs[0] != nil || errs[2] != nil || errs[3] != nil || answers[0].Shares.Creator != 1000 || answers[2].Shares.Creator != 1500 {
			t.Fatalf("the good events of the group: %v %+v", errs, answers)
		}
		if apperr.CodeOf(errs[1]) != apperr.Conflict {
			t.Errorf("same key, other content in a group: %v", errs[1])
		}
		if jsonOf(t, answers[3]) != jsonOf(t, first) {
			t.Errorf("a replay in a group answered %s, want %s", jsonOf(t, answers[3]), jsonOf(t, first))
		}
		if got := w.balance(ledger.Creator("dora", ledger.Pending)); got != 500+1000+1500 {
			t.Errorf("creator pending %d, want 3000", got)
		}
		w.verify()
	})
}

// BenchmarkPostOrderEvents applies batches of 100 attributed payments on
// each database (a CPU profile of the batch path: go test -run '^$' -bench
// PostOrderEvents -cpuprofile /tmp/cpu.out ./internal/commission).
func BenchmarkPostOrderEvents(b *testing.B) {
	for _, dialect := range testkit.Dialects() {
		b.Run(string(dialect), func(b *testing.B) { benchmarkBatches(b, testkit.Open(b, dialect), nil) })
	}
}

// benchmarkBatches posts batches of 100 attributed payments through a
// world that setUp (when not nil) prepared.
func benchmarkBatches(b *testing.B, d *db.DB, setUp func(*world)) {
	w := newWorld(b, d, commission.Options{})
	if setUp != nil {
		setUp(w)
	}
	p := w.product("lamp", 1000, false)
	l := w.link("dora", p, commission.SceneLive, w.clock.Now())
	const batch = 100
	for i := range batch {
		_, err := w.svc.RecordClick(w.integrator, commission.ClickInput{LinkID: l.ID, ShopperID: fmt.Sprintf("s%d", i)})
		testkit.Must(b, err)
	}
	b.ResetTimer()
	for n := range b.N {
		events := make([]commission.OrderEvent, batch)
		for i := range events {
			events[i] = commission.OrderEvent{OrderID: fmt.Sprintf("o%d-%d", n, i), LineID: "1", ProductID: p.ID,
				ShopperID: fmt.Sprintf("s%d", i), Type: commission.EventPaid, Amount: cny(10000), At: w.clock.Now()}
		}
		_, err := w.svc.PostOrderEvents(w.integrator, events)
		testkit.Must(b, err)
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
}

// TestBatchAnswersAsSingleEvents: a batch whose events depend on each other
// (a refund before its payment, duplicates, a confirmation and a refund
// after the payment, a conflict, a cancellation of an unknown order)
// answers and moves money exactly as the same events posted one by one.
func TestBatchAnswersAsSingleEvents(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		// outcome is what must agree: everything but the ids of the run.
		type outcome struct {
			Outcome, Reason string
			Shares          *commission.Shares
			Postings        int
			Error           string
		}
		run := func(prefix string, batch bool) ([]outcome, int64) {
			p := w.product(prefix+"cup", 1000, false)
			l := w.link(prefix+"dora", p, commission.SceneHeadlines, w.clock.Now())
			w.click(l, prefix+"s1")
			w.click(l, prefix+"s2")
			ev := func(order, typ, shopper string, amount int64) commission.OrderEvent {
				e := commission.OrderEvent{OrderID: prefix + order, LineID: "1", ProductID: p.ID, ShopperID: prefix + shopper, Type: typ,
					At: w.clock.Now()}
				if amount > 0 {
					e.Amount = cny(amount)
				}
				return e
			}
			events := []commission.OrderEvent{ev("b1", commission.EventRefunded, "s1", 3000), ev("b1", commission.EventPaid, "s1", 10000),
				ev("b1", commission.EventPaid, "s1", 10000), ev("b1", commission.EventRefunded, "s1", 3000), ev("b2", commission.EventPaid, "s2", 7000),
				ev("b2", commission.EventConfirmed, "s2", 0), ev("b2", commission.EventRefunded, "s2", 2000), ev("b1", commission.EventPaid, "s1", 99),
				ev("b3", commission.EventCancelled, "s2", 0), ev("b2", commission.EventConfirmed, "s2", 0)}
			var out []outcome
			add := func(a commission.EventAnswer, err error) {
				o := outcome{Outcome: a.Outcome, Reason: a.Reason, Shares: a.Shares, Postings: len(a.Postings)}
				if a.Error != nil {
					o.Error = a.Error.Code
				}
				if err != nil {
					o = outcome{Outcome: commission.OutcomeRejected, Error: string(apperr.CodeOf(err))}
				}
				out = append(out, o)
			}
			if batch {
				answers, err := w.svc.PostOrderEvents(w.integrator, events)
				testkit.Must(t, err)
				for _, a := range answers {
					add(a, nil)
				}
			} else {
				for _, e := range events {
					add(w.svc.PostOrderEvent(w.integrator, e))
				}
			}
			return out, w.balance(ledger.Creator(prefix+"dora", ledger.Pending))
		}
		singles, singlePending := run("one-", false)
		batched, batchPending := run("all-", true)
		for i := range singles {
			if got, want := jsonOf(t, batched[i]), jsonOf(t, singles[i]); got != want {
				t.Errorf("event %d in a batch answered %s, one by one %s", i, got, want)
			}
		}
		if batchPending != singlePending || singlePending == 0 {
			t.Errorf("creator pending after the batch %d, one by one %d", batchPending, singlePending)
		}
		w.verify()
	})
}

// BenchmarkPostOrderEventsWebhooks posts the batches with no webhook
// service, with one and no subscription, and with an integrator's
// subscription to ledger.posted (each payment then queues a delivery), in
// one run so the figures compare: go test -run '^$' -bench
// PostOrderEventsWebhooks ./internal/commission.
func BenchmarkPostOrderEventsWebhooks(b *testing.B) {
	for _, dialect := range testkit.Dialects() {
		for _, hooks := range []string{"none", "unsubscribed", "subscribed"} {
			b.Run(string(dialect)+"/"+hooks, func(b *testing.B) {
				benchmarkBatches(b, testkit.Open(b, dialect), func(w *world) {
					if hooks == "none" {
						return
					}
					hs := webhook.NewService(w.d, audit.New(w.d, w.clock), w.jobs, w.clock, nil)
					w.svc.WithEvents(hs)
					if hooks == "subscribed" {
						_, err := w.d.Exec(context.Background(), `INSERT INTO users (id, nickname, nickname_key, password_hash, status,
							created_at, updated_at) VALUES ('integrator', 'integrator', 'integrator', '', 'active', ?, ?)`, w.clock.Now(), w.clock.Now())
						testkit.Must(b, err)
						url, types := "https://example.com/hooks", []string{webhook.EventLedgerPosted}
						_, err = hs.CreateSubscription(w.integrator, webhook.SubscriptionInput{URL: &url, EventTypes: &types})
						testkit.Must(b, err)
					}
				})
			})
		}
	}
}
