// Package jobs is Helio's durable job queue, kept in the database's jobs
// table. Anything that happens later or elsewhere — notifications, webhooks,
// scheduled publishing, fan-out, deadlines — is enqueued here, usually in the
// same transaction as the change that causes it, so a job exists exactly when
// its cause does.
//
// Every replica runs workers. A worker claims due jobs under a lease
// (lease_owner, lease_until, attempts) that a heartbeat renews every third
// of it while the handler runs; a job whose worker dies is claimed again
// once its lease runs out (15 s by default). An Enqueue wakes idle workers
// after its transaction commits: those of its own process directly, those of
// other replicas through PostgreSQL's LISTEN/NOTIFY. Completion is fenced by the lease, so a
// worker that lost its lease cannot overwrite the outcome of the worker that
// took over. Failures are retried with exponential backoff until the job's
// max_attempts is spent. Handlers must therefore be idempotent: a job runs at
// least once, and more than once only when a lease expires under a live
// worker.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
)

// Job statuses as stored in jobs.status.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Defaults applied by New and Enqueue when an option is left zero.
const (
	// DefaultLease bounds how long a dead worker's job waits to be taken
	// over; a live worker renews it every third of it.
	DefaultLease       = 15 * time.Second
	DefaultPoll        = time.Second
	DefaultBackoff     = 5 * time.Second
	DefaultMaxAttempts = 10
	// MaxBackoff caps the delay between two attempts.
	MaxBackoff = time.Hour
	// DefaultRetention is how long finished jobs are kept.
	DefaultRetention = 7 * 24 * time.Hour
	// purgeEvery is how often Run deletes finished jobs past the retention.
	purgeEvery = time.Hour
	// purgeBatch bounds one purge statement, so it never holds the writer long.
	purgeBatch = 1000
	// maxErrorLen bounds the handler error kept in jobs.last_error.
	maxErrorLen = 500
	// notifyChannel is the PostgreSQL channel on which an Enqueue wakes the
	// workers of every replica.
	notifyChannel = "helio_jobs"
)

// ErrLeaseLost reports that a worker tried to finish or extend a job whose
// lease another worker has taken over (or that is no longer running).
var ErrLeaseLost = errors.New("jobs: lease lost to another worker")

// Options configure a Queue. Zero values select the defaults.
type Options struct {
	// Lease is how long a claimed job stays reserved for its worker; a
	// heartbeat extends it every Lease/3 while the handler runs.
	Lease time.Duration
	// Poll is how long an idle worker waits before looking for due jobs
	// again. An Enqueue wakes it earlier: in this process at once, in other
	// replicas through PostgreSQL's LISTEN/NOTIFY.
	Poll time.Duration
	// Workers is how many jobs Run executes at once; 0 runs none.
	Workers int
	// Backoff is the delay after the first failed attempt; it doubles with
	// every further attempt, up to MaxBackoff.
	Backoff time.Duration
	// Logger receives job failures and worker errors.
	Logger *slog.Logger
	// Retention is how long done jobs are kept before Run deletes them
	// (fan-out alone writes one job per thousand followers of each push).
	// Failed jobs stay for inspection.
	Retention time.Duration
}

// Job is one claimed unit of work, handed to its kind's Handler.
type Job struct {
	ID      string
	Kind    string
	Payload json.RawMessage
	// Attempt counts the runs so far, this one included (1 on the first).
	Attempt int
	RunAt   time.Time
	// owner is the lease this claim holds; completion is fenced by it.
	owner string
}

// Decode unmarshals the job's JSON payload into v.
func (j Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return fmt.Errorf("decode %s job %s: %w", j.Kind, j.ID, err)
	}
	return nil
}

// Handler executes one job. A nil error marks the job done; an error (or a
// panic) schedules a retry. The context is not cancelled when the workers
// stop claiming, only when the job's lease is lost or a stop cuts the job off
// (see Run).
type Handler func(ctx context.Context, j Job) error

// Queue enqueues jobs and runs the handlers registered in this process.
type Queue struct {
	db    *db.DB
	clock clock.Clock
	opts  Options
	log   *slog.Logger

	mu       sync.Mutex
	handlers map[string]Handler
	// wake is closed (and replaced) by signal to wake idle workers.
	wake chan struct{}
}

// New returns a Queue over d, filling zero options with the defaults.
func New(d *db.DB, c clock.Clock, opts Options) *Queue {
	if opts.Lease <= 0 {
		opts.Lease = DefaultLease
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	return &Queue{
		db: d, clock: c, opts: opts, log: opts.Logger,
		handlers: map[string]Handler{},
		wake:     make(chan struct{}),
	}
}

// Handle registers h for jobs of kind. Only kinds with a handler are
// claimed, so processes with different handler sets can share the table.
// Registering a kind twice is a programming error and panics.
func (q *Queue) Handle(kind string, h Handler) {
	if kind == "" || h == nil {
		panic("jobs: Handle needs a kind and a handler")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.handlers[kind]; dup {
		panic("jobs: a handler for " + kind + " is already registered")
	}
	q.handlers[kind] = h
}

// kinds lists the registered kinds in a stable order.
func (q *Queue) kinds() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// handler returns the handler registered for kind.
func (q *Queue) handler(kind string) Handler {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.handlers[kind]
}

// wakeChan returns the channel the next signal closes.
func (q *Queue) wakeChan() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.wake
}

// signal wakes every idle worker of this process.
func (q *Queue) signal() {
	q.mu.Lock()
	defer q.mu.Unlock()
	close(q.wake)
	q.wake = make(chan struct{})
}

// EnqueueOption adjusts one Enqueue.
type EnqueueOption func(*enqueueOptions)

type enqueueOptions struct {
	runAt       func(now time.Time) time.Time
	maxAttempts int
	dedupe      string
}

// At schedules the job for t instead of now.
func At(t time.Time) EnqueueOption {
	return func(o *enqueueOptions) { o.runAt = func(time.Time) time.Time { return t } }
}

// After schedules the job d from now.
func After(d time.Duration) EnqueueOption {
	return func(o *enqueueOptions) { o.runAt = func(now time.Time) time.Time { return now.Add(d) } }
}

// MaxAttempts sets how many times the job may run before it is marked
// failed (default DefaultMaxAttempts).
func MaxAttempts(n int) EnqueueOption {
	return func(o *enqueueOptions) { o.maxAttempts = n }
}

// Dedupe gives the job a key: while a job with the same key exists, Enqueue
// adds nothing and returns that job's id.
func Dedupe(key string) EnqueueOption {
	return func(o *enqueueOptions) { o.dedupe = key }
}

// Enqueue stores a job of kind carrying payload as JSON and returns its id.
// It joins the transaction in ctx, so the job commits or rolls back with the
// caller's change.
func (q *Queue) Enqueue(ctx context.Context, kind string, payload any, opts ...EnqueueOption) (string, error) {
	o := enqueueOptions{maxAttempts: DefaultMaxAttempts}
	for _, opt := range opts {
		opt(&o)
	}
	if kind == "" {
		return "", errors.New("jobs: enqueue: kind is empty")
	}
	if o.maxAttempts < 1 {
		return "", fmt.Errorf("jobs: enqueue %s: max attempts %d is below 1", kind, o.maxAttempts)
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("jobs: enqueue %s: encode payload: %w", kind, err)
	}
	now := q.clock.Now()
	runAt := now
	if o.runAt != nil {
		runAt = o.runAt(now).UTC().Truncate(time.Microsecond)
	}
	id, err := q.insert(ctx, kind, string(raw), o.dedupe, runAt, o.maxAttempts, now)
	if err != nil {
		return "", fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	db.AfterCommit(ctx, func() { q.wakeAll(ctx) })
	return id, nil
}

// wakeAll wakes the idle workers of this process and, on PostgreSQL, of the
// other replicas (see listen). A lost notification only delays a job to the
// next poll, so a failure is logged, not returned.
func (q *Queue) wakeAll(ctx context.Context) {
	q.signal()
	if err := q.db.Notify(context.WithoutCancel(ctx), notifyChannel); err != nil {
		q.log.Warn("wake other replicas for a job", "err", err)
	}
}

// backoff is the delay after the attempt-th failure: Backoff·2^(attempt-1),
// capped at MaxBackoff.
func (q *Queue) backoff(attempt int) time.Duration {
	d := q.opts.Backoff
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// newID returns a time-ordered job id.
func newID() string { return uuid.Must(uuid.NewV7()).String() }
