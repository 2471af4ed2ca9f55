// Package audit keeps the append-only audit trail (SPEC §4.3). Every state
// change records who (main account and sub-account), what, on which object,
// when, from which IP and device, and the outcome. Record writes in the
// caller's transaction, so an event exists exactly when its change does; the
// tables refuse UPDATE and DELETE at the database level.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
)

// Outcomes of an audited action.
const (
	Success = "success"
	Denied  = "denied"
	Failed  = "failed"
)

// System is the actor of changes no signed-in person made: scheduled work,
// expiries, and the log-in and recovery steps that run before anyone is
// signed in. Events recorded before this one spelling carry "-" instead; the
// trail is append-only, so they stay as written.
const System = "system"

// Event is one audit record.
type Event struct {
	ID           string    `json:"id"`
	OccurredAt   time.Time `json:"occurred_at"`
	OwnerID      string    `json:"owner_id"`
	ActorID      string    `json:"actor_id"`
	SubAccountID string    `json:"sub_account_id"`
	Action       string    `json:"action"`
	ObjectType   string    `json:"object_type"`
	ObjectID     string    `json:"object_id"`
	Summary      string    `json:"summary"`
	Outcome      string    `json:"outcome"`
	IP           string    `json:"ip"`
	DeviceID     string    `json:"device_id"`
	RequestID    string    `json:"request_id"`
}

// Request describes where the current request came from.
type Request struct {
	ID        string
	IP        string
	DeviceID  string
	UserAgent string
	// Region is where the request came from, as the operator's IP-range
	// table or a trusted proxy says ("" when unknown).
	Region string
}

type requestKey struct{}

// WithRequest returns ctx carrying the request's origin.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request origin carried by ctx.
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}

// Log writes and reads the audit trail.
type Log struct {
	db    *db.DB
	clock clock.Clock
}

// New returns a Log over d.
func New(d *db.DB, c clock.Clock) *Log { return &Log{db: d, clock: c} }

// Record appends e, filling the actor, time and request origin from ctx
// where e leaves them empty. It refuses to write outside a transaction
// (db.WithTx): an event recorded on its own could outlive a change that
// rolled back, or be missing from one that committed.
func (l *Log) Record(ctx context.Context, e Event) error {
	if !db.InTx(ctx) {
		return fmt.Errorf("record audit event %s: outside a transaction", e.Action)
	}
	return l.insert(ctx, []Event{l.complete(ctx, e)})
}

// RecordAtCommit is Record for a transaction that records many events (a
// group commit of order events, one per caller): e is completed from ctx
// now and written with the transaction's other such events in multi-row
// statements just before it commits (db.BeforeCommit), so it still exists
// exactly when the change does. A read in the same transaction does not
// see it.
func (l *Log) RecordAtCommit(ctx context.Context, e Event) error {
	if !db.InTx(ctx) {
		return fmt.Errorf("record audit event %s: outside a transaction", e.Action)
	}
	p, _ := db.TxValue(ctx, pendingKey{}, func() *pending { return &pending{} })
	if len(p.events) == 0 {
		if err := db.BeforeCommit(ctx, func(ctx context.Context) error {
			events := p.events
			p.events = nil
			return l.insert(ctx, events)
		}); err != nil {
			return err
		}
	}
	p.events = append(p.events, l.complete(ctx, e))
	return nil
}

// pendingKey keys a transaction's pending events (db.TxValue).
type pendingKey struct{}

// pending are the events RecordAtCommit keeps until the commit.
type pending struct{ events []Event }

// complete fills e's actor, time and request origin from ctx where e
// leaves them empty, and gives it its id.
func (l *Log) complete(ctx context.Context, e Event) Event {
	a := authz.ActorFrom(ctx)
	if e.ActorID == "" {
		e.ActorID = a.UserID
		e.SubAccountID = a.SubAccountID
	}
	if e.OwnerID == "" {
		e.OwnerID = e.ActorID
	}
	if e.Outcome == "" {
		e.Outcome = Success
	}
	r := RequestFrom(ctx)
	if e.IP == "" {
		e.IP = r.IP
	}
	if e.DeviceID == "" {
		e.DeviceID = r.DeviceID
	}
	if e.RequestID == "" {
		e.RequestID = r.ID
	}
	e.ID = uuid.Must(uuid.NewV7()).String()
	e.OccurredAt = l.clock.Now()
	return e
}

// insertRows bounds the events of one INSERT (13 columns × 500 stay far
// below both engines' limits on bound parameters).
const insertRows = 500

// insert writes completed events in ctx's transaction; on PostgreSQL the
// INSERT goes with the transaction's next statement or its commit
// (db.ExecBatched), and so does its error.
func (l *Log) insert(ctx context.Context, events []Event) error {
	for from := 0; from < len(events); from += insertRows {
		part := events[from:min(from+insertRows, len(events))]
		args := make([]any, 0, 13*len(part))
		for _, e := range part {
			args = append(args, e.ID, e.OccurredAt, e.OwnerID, e.ActorID, e.SubAccountID, e.Action, e.ObjectType, e.ObjectID,
				e.Summary, e.Outcome, e.IP, e.DeviceID, e.RequestID)
		}
		err := l.db.ExecBatched(ctx, `INSERT INTO audit_events
		(id, occurred_at, owner_id, actor_id, sub_account_id, action, object_type, object_id, summary, outcome, ip, device_id, request_id)
		VALUES `+db.Rows(len(part), 13), args...)
		if err != nil {
			return fmt.Errorf("record audit event %s: %w", part[0].Action, err)
		}
	}
	return nil
}

// Filter selects audit events; empty fields do not filter.
type Filter struct {
	OwnerID      string
	ActorID      string
	SubAccountID string
	Action       string
	// ObjectID matches the object's id (any type).
	ObjectID string
	From     time.Time
	To       time.Time
	Page     db.Page
}

// Query is a filter as people type it: ids as text, times as RFC 3339 or as
// dates (YYYY-MM-DD; a "to" date includes that whole day).
type Query struct {
	Owner, Actor, SubAccount, Action, Object, From, To string
}

// Filter validates q, naming the field at fault.
func (q Query) Filter() (Filter, error) {
	f := Filter{OwnerID: q.Owner, ActorID: q.Actor, SubAccountID: q.SubAccount, Action: q.Action, ObjectID: q.Object}
	var v apperr.Validation
	f.From = parseTime(&v, "from", q.From, false)
	f.To = parseTime(&v, "to", q.To, true)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		v.Reject("to", "must be after from")
	}
	return f, v.Err()
}

func parseTime(v *apperr.Validation, field, s string, endOfDay bool) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC()
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	v.Reject(field, "must be a date such as 2026-03-01 or an RFC 3339 time such as 2026-03-01T08:00:00Z")
	return time.Time{}
}

// FindEvents lists events newest first, one page at a time. Callers check
// authorization (the owner's own trail, or an operator's view of all).
func (l *Log) FindEvents(ctx context.Context, f Filter) ([]Event, string, error) {
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	for _, c := range []struct{ column, value string }{{"owner_id", f.OwnerID}, {"actor_id", f.ActorID},
		{"sub_account_id", f.SubAccountID}, {"action", f.Action}, {"object_id", f.ObjectID}} {
		if c.value != "" {
			w.Add(c.column+" = ?", c.value)
		}
	}
	if !f.From.IsZero() {
		w.Add("occurred_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.Add("occurred_at < ?", f.To)
	}
	if !after.IsZero() {
		w.Keyset("occurred_at, id", "<", after.Time, after.ID)
	}
	rows, err := l.db.Query(ctx, `SELECT id, occurred_at, owner_id, actor_id, sub_account_id, action, object_type, object_id,
		summary, outcome, ip, device_id, request_id FROM audit_events WHERE `+w.SQL()+`
		ORDER BY occurred_at DESC, id DESC LIMIT ?`, append(w.Args(), limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("find audit events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.OccurredAt, &e.OwnerID, &e.ActorID, &e.SubAccountID, &e.Action,
			&e.ObjectType, &e.ObjectID, &e.Summary, &e.Outcome, &e.IP, &e.DeviceID, &e.RequestID); err != nil {
			return nil, "", err
		}
		e.OccurredAt = e.OccurredAt.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := db.Trim(out, limit, func(e Event) (time.Time, string) { return e.OccurredAt, e.ID })
	return out, next, nil
}

// Search lists audit events for the actor in ctx: an operator allowed to
// read every trail sees what f selects; anyone else sees only the trail of
// their own account, whatever f.OwnerID says.
func (l *Log) Search(ctx context.Context, f Filter) ([]Event, string, error) {
	f, err := Scope(authz.ActorFrom(ctx), f)
	if err != nil {
		return nil, "", err
	}
	return l.FindEvents(ctx, f)
}

// Scope is f as actor a may search it: any account's trail for an operator
// who may read every trail, else only a's own.
func Scope(a authz.Actor, f Filter) (Filter, error) {
	if authz.Check(a, authz.ReadAuditEvents, nil) != nil {
		if err := authz.Check(a, authz.ReadOwnAudit, nil); err != nil {
			return Filter{}, err
		}
		f.OwnerID = a.UserID
	}
	return f, nil
}

// RecordRefusal audits an attempt that authorization refused, with outcome
// denied, when a staff member or an API token made it: the main account
// then sees in its trail what its staff tried and was not allowed (SPEC
// §4.3). Other errors and other actors record nothing. It writes in a
// transaction of its own, since the refused use case changed nothing: at
// once, or when the refusal comes inside a transaction, once that has
// ended (the refusal rolls it back).
func (l *Log) RecordRefusal(ctx context.Context, err error) {
	a := authz.ActorFrom(ctx)
	e := apperr.From(err)
	missing, _ := e.Details["missing"].(map[string]string)
	if err == nil || e.Code != apperr.Forbidden || len(missing) == 0 || (a.SubAccountID == "" && a.TokenID == "") {
		return
	}
	kind, what := "", ""
	for k, v := range missing {
		kind, what = k, v
	}
	summary := e.MessageIn("en")
	if a.TokenID != "" {
		summary = "API token " + a.TokenID + ": " + summary
	}
	// The refusal may come inside the caller's transaction (an
	// Idempotency-Key's), which it rolls back: its record is written on
	// its own once that transaction has ended.
	db.Detach(ctx, func(ctx context.Context) {
		_ = l.db.WithTx(ctx, func(ctx context.Context) error {
			return l.Record(ctx, Event{OwnerID: a.UserID, Action: "authz.denied", ObjectType: kind, ObjectID: what,
				Summary: summary, Outcome: Denied})
		})
	})
}
