package audit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestRecordJoinsTheCallersTransaction(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		log := audit.New(d, clock.NewFake(testkit.Epoch))
		ctx := authz.WithActor(context.Background(), authz.Actor{UserID: "u1", SubAccountID: "s1"})
		ctx = audit.WithRequest(ctx, audit.Request{ID: "req-1", IP: "192.0.2.1", DeviceID: "dev-1"})
		rolledBack(t, d, ctx, func(ctx context.Context) error {
			return log.Record(ctx, audit.Event{Action: "thing.change", ObjectType: "thing", ObjectID: "t1"})
		})
		events, _, err := log.FindEvents(ctx, audit.Filter{})
		testkit.Must(t, err)
		if len(events) != 0 {
			t.Fatalf("a rolled-back change left %d audit events", len(events))
		}
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			return log.Record(ctx, audit.Event{Action: "thing.change", ObjectType: "thing", ObjectID: "t1", Summary: "a → b"})
		}))
		events, _, err = log.FindEvents(ctx, audit.Filter{})
		testkit.Must(t, err)
		if len(events) != 1 {
			t.Fatalf("got %d events", len(events))
		}
		e := events[0]
		if e.ActorID != "u1" || e.SubAccountID != "s1" || e.OwnerID != "u1" || e.IP != "192.0.2.1" ||
			e.DeviceID != "dev-1" || e.RequestID != "req-1" || e.Outcome != audit.Success || !e.OccurredAt.Equal(testkit.Epoch) {
			t.Fatalf("event = %+v", e)
		}
	})
}

// TestRecordAtCommitWritesWithTheCommit: events recorded at commit, each
// completed from its own context, are written when the transaction
// commits and not at all when it rolls back.
func TestRecordAtCommitWritesWithTheCommit(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		log := audit.New(d, clock.NewFake(testkit.Epoch))
		ctx := context.Background()
		as := func(user, request string) context.Context {
			return audit.WithRequest(authz.WithActor(ctx, authz.Actor{UserID: user}), audit.Request{ID: request})
		}
		rolledBack(t, d, ctx, func(tx context.Context) error {
			return log.RecordAtCommit(tx, audit.Event{Action: "thing.change", ObjectType: "thing", ObjectID: "t0"})
		})
		testkit.Must(t, d.WithTx(ctx, func(tx context.Context) error {
			for i, user := range []string{"u1", "u2"} {
				joined := db.JoinTx(tx, as(user, "req-"+user))
				testkit.Must(t, log.RecordAtCommit(joined, audit.Event{Action: "thing.change", ObjectType: "thing", ObjectID: fmt.Sprint("t", i+1)}))
			}
			return nil
		}))
		events, _, err := log.FindEvents(ctx, audit.Filter{})
		testkit.Must(t, err)
		got := map[string]string{}
		for _, e := range events {
			got[e.ObjectID] = e.ActorID + " " + e.RequestID
		}
		if len(events) != 2 || got["t1"] != "u1 req-u1" || got["t2"] != "u2 req-u2" {
			t.Fatalf("events %v", got)
		}
		if err := log.RecordAtCommit(ctx, audit.Event{Action: "thing.change"}); err == nil {
			t.Fatal("RecordAtCommit outside a transaction succeeded")
		}
	})
}

// rolledBack runs record in a transaction that then fails and rolls back.
func rolledBack(t *testing.T, d *db.DB, ctx context.Context, record func(ctx context.Context) error) {
	t.Helper()
	boom := errors.New("boom")
	err := d.WithTx(ctx, func(ctx context.Context) error {
		testkit.Must(t, record(ctx))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
}

// record writes e in a transaction of its own, as a use case would.
func record(t *testing.T, d *db.DB, log *audit.Log, ctx context.Context, e audit.Event) {
	t.Helper()
	testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error { return log.Record(ctx, e) }))
}

func TestRecordOutsideATransactionFails(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		log := audit.New(d, clock.NewFake(testkit.Epoch))
		ctx := authz.WithActor(context.Background(), authz.Actor{UserID: "u1"})
		if err := log.Record(ctx, audit.Event{Action: "thing.change", ObjectType: "thing", ObjectID: "t1"}); err == nil {
			t.Fatal("Record outside a transaction succeeded")
		}
		events, _, err := log.FindEvents(ctx, audit.Filter{})
		testkit.Must(t, err)
		if len(events) != 0 {
			t.Fatalf("Record outside a transaction wrote %d events", len(events))
		}
	})
}

func TestAuditIsAppendOnly(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := audit.New(d, clock.System{})
		record(t, d, log, ctx, audit.Event{ActorID: "u1", Action: "x"})
		if _, err := d.Exec(ctx, `UPDATE audit_events SET action = 'forged'`); err == nil {
			t.Fatal("UPDATE of an audit event succeeded")
		}
		if _, err := d.Exec(ctx, `DELETE FROM audit_events`); err == nil {
			t.Fatal("DELETE of an audit event succeeded")
		}
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'x'`).Scan(&n))
		if n != 1 {
			t.Fatalf("audit events after tampering: %d", n)
		}
	})
}

func TestFindEventsFiltersAndPages(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		fake := clock.NewFake(testkit.Epoch)
		log := audit.New(d, fake)
		ctx := context.Background()
		for i := 0; i < 25; i++ {
			owner := "alice"
			if i%5 == 0 {
				owner = "bob"
			}
			record(t, d, log, ctx, audit.Event{ActorID: owner, Action: "step"})
			fake.Advance(time.Minute)
		}
		seen := map[string]bool{}
		page := db.Page{Limit: 8}
		var sizes []int
		for {
			events, next, err := log.FindEvents(ctx, audit.Filter{OwnerID: "alice", Page: page})
			testkit.Must(t, err)
			sizes = append(sizes, len(events))
			for _, e := range events {
				if e.OwnerID != "alice" || seen[e.ID] {
					t.Fatalf("bad or repeated event %+v", e)
				}
				seen[e.ID] = true
			}
			if next == "" {
				break
			}
			page.Cursor = next
		}
		if len(seen) != 20 || len(sizes) != 3 {
			t.Fatalf("paged %d events in pages %v", len(seen), sizes)
		}
		from := testkit.Epoch.Add(10 * time.Minute)
		events, _, err := log.FindEvents(ctx, audit.Filter{From: from, To: from.Add(5 * time.Minute)})
		testkit.Must(t, err)
		if len(events) != 5 {
			t.Fatalf("time window gave %d events", len(events))
		}
	})
}

func TestSearchKeepsPeopleToTheirOwnTrail(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		log := audit.New(d, clock.System{})
		base := context.Background()
		record(t, d, log, base, audit.Event{ActorID: "alice", Action: "a"})
		record(t, d, log, base, audit.Event{ActorID: "bob", Action: "b"})
		alice := authz.WithActor(base, authz.Actor{UserID: "alice"})
		events, _, err := log.Search(alice, audit.Filter{OwnerID: "bob"})
		testkit.Must(t, err)
		if len(events) != 1 || events[0].OwnerID != "alice" {
			t.Fatalf("alice saw %+v", events)
		}
		admin := authz.WithActor(base, authz.Actor{UserID: "root", Roles: []string{authz.RoleAdmin}})
		events, _, err = log.Search(admin, audit.Filter{})
		testkit.Must(t, err)
		if len(events) != 2 {
			t.Fatalf("admin saw %d events", len(events))
		}
		if _, _, err := log.Search(base, audit.Filter{}); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Fatalf("anonymous search: %v", err)
		}
	})
}

// TestRefusalInsideARolledBackTransactionIsKept: a sub-account's refusal
// met inside a transaction (an Idempotency-Key's) that the refusal then
// rolls back is still audited, once the transaction has ended.
func TestRefusalInsideARolledBackTransactionIsKept(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		log := audit.New(d, clock.NewFake(testkit.Epoch))
		actor := authz.Actor{UserID: "u1", SubAccountID: "s1"}
		ctx := authz.WithActor(context.Background(), actor)
		refusal := authz.Check(actor, authz.UpdateCreatorAccount, nil)
		if apperr.CodeOf(refusal) != apperr.Forbidden {
			t.Fatalf("the sub-account was not refused: %v", refusal)
		}
		err := d.WithTx(ctx, func(ctx context.Context) error {
			testkit.Must(t, log.Record(ctx, audit.Event{Action: "thing.change", ObjectType: "thing", ObjectID: "t1"}))
			log.RecordRefusal(ctx, refusal)
			return refusal
		})
		if !errors.Is(err, refusal) {
			t.Fatal(err)
		}
		events, _, err := log.FindEvents(ctx, audit.Filter{})
		testkit.Must(t, err)
		if len(events) != 1 || events[0].Action != "authz.denied" || events[0].Outcome != audit.Denied || events[0].SubAccountID != "s1" {
			t.Fatalf("after the rollback the trail holds %+v, want the refusal alone", events)
		}
	})
}
