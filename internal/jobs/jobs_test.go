package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/testkit"
)

// quiet drops the queue's logs, which the tests provoke on purpose.
var quiet = slog.New(slog.DiscardHandler)

// hangGuard bounds waits on goroutines so a broken queue fails the test
// instead of hanging it; no assertion depends on it.
const hangGuard = 2 * time.Minute

// row is the stored state of one job.
type row struct {
	Status    string
	Attempts  int
	RunAt     time.Time
	LastError string
}

func jobRow(t *testing.T, d *db.DB, id string) row {
	t.Helper()
	var r row
	testkit.Must(t, d.QueryRow(context.Background(),
		`SELECT status, attempts, run_at, last_error FROM jobs WHERE id = ?`, id).
		Scan(&r.Status, &r.Attempts, &r.RunAt, &r.LastError))
	r.RunAt = r.RunAt.UTC()
	return r
}

func countJobs(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM jobs`).Scan(&n))
	return n
}

func runOnce(t *testing.T, q *jobs.Queue, worker string) bool {
	t.Helper()
	ran, err := q.RunOnce(context.Background(), worker)
	testkit.Must(t, err)
	return ran
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(hangGuard):
		t.Fatalf("gave up waiting for %s", what)
	}
}

// waitForStatus waits until job id has status.
func waitForStatus(t *testing.T, d *db.DB, id, status string) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for jobRow(t, d, id).Status != status {
		if time.Now().After(deadline) {
			t.Fatalf("job %s never became %s", id, status)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type greeting struct {
	Name string `json:"name"`
}

func TestEnqueueAndRun(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Logger: quiet})
		var got []string
		q.Handle("greet", func(ctx context.Context, j jobs.Job) error {
			var g greeting
			if err := j.Decode(&g); err != nil {
				return err
			}
			got = append(got, fmt.Sprintf("%s#%d", g.Name, j.Attempt))
			return nil
		})
		id, err := q.Enqueue(ctx, "greet", greeting{Name: "mei"})
		testkit.Must(t, err)
		later, err := q.Enqueue(ctx, "greet", greeting{Name: "later"}, jobs.After(time.Hour))
		testkit.Must(t, err)
		queued, running, failed, err := q.Depth(ctx)
		testkit.Must(t, err)
		if queued != 2 || running != 0 || failed != 0 {
			t.Fatalf("Depth = %d, %d, %d; want 2, 0, 0", queued, running, failed)
		}

		if !runOnce(t, q, "w") {
			t.Fatal("RunOnce found no due job")
		}
		if runOnce(t, q, "w") {
			t.Fatal("RunOnce ran a job scheduled an hour ahead")
		}
		if r := jobRow(t, d, id); r.Status != jobs.StatusDone || r.Attempts != 1 {
			t.Fatalf("job after run = %+v, want done after 1 attempt", r)
		}
		clk.Advance(time.Hour)
		if !runOnce(t, q, "w") {
			t.Fatal("RunOnce did not run the job once its time came")
		}
		if r := jobRow(t, d, later); r.Status != jobs.StatusDone || !r.RunAt.Equal(testkit.Epoch.Add(time.Hour)) {
			t.Fatalf("scheduled job = %+v", r)
		}
		if strings.Join(got, ",") != "mei#1,later#1" {
			t.Fatalf("handled %v", got)
		}
	})
}

func TestRetryWithBackoff(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Backoff: 5 * time.Second, Logger: quiet})
		q.Handle("flaky", func(ctx context.Context, j jobs.Job) error {
			if j.Attempt == 2 {
				panic("handler bug")
			}
			return errors.New("upstream unavailable")
		})
		id, err := q.Enqueue(ctx, "flaky", nil, jobs.MaxAttempts(3))
		testkit.Must(t, err)

		runOnce(t, q, "w")
		r := jobRow(t, d, id)
		if r.Status != jobs.StatusQueued || r.Attempts != 1 || r.LastError != "upstream unavailable" ||
			!r.RunAt.Equal(testkit.Epoch.Add(5*time.Second)) {
			t.Fatalf("after first failure: %+v", r)
		}
		clk.Advance(5*time.Second - time.Microsecond)
		if runOnce(t, q, "w") {
			t.Fatal("job ran before its backoff ended")
		}
		clk.Advance(time.Microsecond)
		if !runOnce(t, q, "w") {
			t.Fatal("job did not run when its backoff ended")
		}
		r = jobRow(t, d, id)
		if r.Status != jobs.StatusQueued || r.Attempts != 2 || !strings.Contains(r.LastError, "panic: handler bug") ||
			!r.RunAt.Equal(clk.Now().Add(10*time.Second)) {
			t.Fatalf("after a panic: %+v", r)
		}
		clk.Advance(10 * time.Second)
		runOnce(t, q, "w")
		if r := jobRow(t, d, id); r.Status != jobs.StatusFailed || r.Attempts != 3 {
			t.Fatalf("after the last attempt: %+v", r)
		}
		clk.Advance(24 * time.Hour)
		if runOnce(t, q, "w") {
			t.Fatal("a failed job ran again")
		}
		_, _, failed, err := q.Depth(ctx)
		testkit.Must(t, err)
		if failed != 1 {
			t.Fatalf("Depth failed = %d, want 1", failed)
		}
	})
}

func TestLongErrorIsTruncated(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, clock.NewFake(testkit.Epoch), jobs.Options{Logger: quiet})
		q.Handle("wordy", func(ctx context.Context, j jobs.Job) error {
			return errors.New(strings.Repeat("错", 300))
		})
		id, err := q.Enqueue(context.Background(), "wordy", nil)
		testkit.Must(t, err)
		runOnce(t, q, "w")
		r := jobRow(t, d, id)
		if len(r.LastError) > 500 || len(r.LastError) < 497 || !utf8.ValidString(r.LastError) {
			t.Fatalf("last_error has %d bytes (valid UTF-8: %v)", len(r.LastError), utf8.ValidString(r.LastError))
		}
	})
}

func TestBackoffDoublesUpToAnHour(t *testing.T) {
	t.Parallel()
	q := jobs.New(nil, clock.System{}, jobs.Options{Logger: quiet})
	for attempt, want := range map[int]time.Duration{
		1: 5 * time.Second, 2: 10 * time.Second, 3: 20 * time.Second, 10: 2560 * time.Second,
		11: time.Hour, 1000: time.Hour,
	} {
		if got := q.Backoff(attempt); got != want {
			t.Errorf("backoff(%d) = %v, want %v", attempt, got, want)
		}
	}
}

func TestDedupe(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := jobs.New(d, clock.NewFake(testkit.Epoch), jobs.Options{Logger: quiet})
		first, err := q.Enqueue(ctx, "digest", 1, jobs.Dedupe("digest:u1:2026-03-02"))
		testkit.Must(t, err)
		var second string
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			second, err = q.Enqueue(ctx, "digest", 2, jobs.Dedupe("digest:u1:2026-03-02"))
			return err
		}))
		if second != first {
			t.Fatalf("duplicate enqueue returned %s, want the existing %s", second, first)
		}
		other, err := q.Enqueue(ctx, "digest", 3, jobs.Dedupe("digest:u2:2026-03-02"))
		testkit.Must(t, err)
		plain1, err := q.Enqueue(ctx, "digest", 4)
		testkit.Must(t, err)
		plain2, err := q.Enqueue(ctx, "digest", 4)
		testkit.Must(t, err)
		if other == first || plain1 == plain2 {
			t.Fatal("distinct jobs share an id")
		}
		if n := countJobs(t, d); n != 4 {
			t.Fatalf("%d jobs stored, want 4", n)
		}
	})
}

func TestEnqueueJoinsCallerTransaction(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := jobs.New(d, clock.NewFake(testkit.Epoch), jobs.Options{Logger: quiet})
		boom := errors.New("boom")
		err := d.WithTx(ctx, func(ctx context.Context) error {
			if _, err := q.Enqueue(ctx, "x", nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("WithTx = %v", err)
		}
		if n := countJobs(t, d); n != 0 {
			t.Fatalf("rolled-back enqueue left %d jobs", n)
		}
		if _, err := q.Enqueue(ctx, "x", nil, jobs.MaxAttempts(0)); err == nil {
			t.Fatal("Enqueue accepted zero max attempts")
		}
		if _, err := q.Enqueue(ctx, "x", func() {}); err == nil {
			t.Fatal("Enqueue accepted a payload JSON cannot encode")
		}
	})
}

func TestOnlyRegisteredKindsAreClaimed(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		mail := jobs.New(d, clk, jobs.Options{Logger: quiet})
		mail.Handle("mail", func(context.Context, jobs.Job) error { return nil })
		hooks := jobs.New(d, clk, jobs.Options{Logger: quiet})
		hooks.Handle("webhook", func(context.Context, jobs.Job) error { return nil })
		none := jobs.New(d, clk, jobs.Options{Logger: quiet})

		_, err := mail.Enqueue(ctx, "webhook", nil)
		testkit.Must(t, err)
		for name, q := range map[string]*jobs.Queue{"mail": mail, "none": none} {
			got, err := q.Claim(ctx, name, 10)
			testkit.Must(t, err)
			if len(got) != 0 {
				t.Fatalf("queue without a webhook handler (%s) claimed %d jobs", name, len(got))
			}
		}
		got, err := hooks.Claim(ctx, "hooks", 10)
		testkit.Must(t, err)
		if len(got) != 1 || got[0].Kind != "webhook" {
			t.Fatalf("webhook queue claimed %+v", got)
		}
	})
}

func TestClaimBatchOldestFirst(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Logger: quiet})
		q.Handle("k", func(context.Context, jobs.Job) error { return nil })
		var ids []string
		for i := range 5 {
			id, err := q.Enqueue(ctx, "k", i, jobs.At(testkit.Epoch.Add(-time.Duration(i)*time.Minute)))
			testkit.Must(t, err)
			ids = append(ids, id)
		}
		got, err := q.Claim(ctx, "w", 3)
		testkit.Must(t, err)
		if len(got) != 3 || got[0].ID != ids[4] || got[1].ID != ids[3] || got[2].ID != ids[2] {
			t.Fatalf("claimed %+v, want the three oldest first", got)
		}
		rest, err := q.Claim(ctx, "w", 10)
		testkit.Must(t, err)
		if len(rest) != 2 {
			t.Fatalf("second claim got %d jobs, want 2", len(rest))
		}
	})
}

func TestLeaseExpiryHandsJobToAnotherWorker(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Lease: time.Minute, Logger: quiet})
		q.Handle("report", func(context.Context, jobs.Job) error { return nil })
		id, err := q.Enqueue(ctx, "report", nil)
		testkit.Must(t, err)

		a, err := q.Claim(ctx, "worker-a", 1)
		testkit.Must(t, err)
		if len(a) != 1 || a[0].ID != id || a[0].Attempt != 1 {
			t.Fatalf("worker A claimed %+v", a)
		}
		b, err := q.Claim(ctx, "worker-b", 1)
		testkit.Must(t, err)
		if len(b) != 0 {
			t.Fatal("worker B claimed a job under a live lease")
		}
		clk.Advance(time.Minute + time.Second)
		b, err = q.Claim(ctx, "worker-b", 1)
		testkit.Must(t, err)
		if len(b) != 1 || b[0].ID != id || b[0].Attempt != 2 {
			t.Fatalf("worker B claimed %+v after the lease expired", b)
		}
		if err := q.Complete(ctx, a[0]); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("A's completion = %v, want ErrLeaseLost", err)
		}
		if _, err := q.Fail(ctx, a[0], errors.New("late")); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("A's failure = %v, want ErrLeaseLost", err)
		}
		testkit.Must(t, q.Complete(ctx, b[0]))
		if r := jobRow(t, d, id); r.Status != jobs.StatusDone || r.Attempts != 2 {
			t.Fatalf("job = %+v, want done after 2 attempts", r)
		}
		if err := q.Complete(ctx, b[0]); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("second completion = %v, want ErrLeaseLost", err)
		}
	})
}

func TestExpiredLastAttemptFails(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Lease: time.Minute, Logger: quiet})
		q.Handle("once", func(context.Context, jobs.Job) error { return nil })
		id, err := q.Enqueue(ctx, "once", nil, jobs.MaxAttempts(1))
		testkit.Must(t, err)
		got, err := q.Claim(ctx, "dies", 1)
		testkit.Must(t, err)
		if len(got) != 1 {
			t.Fatalf("claimed %d jobs", len(got))
		}
		clk.Advance(2 * time.Minute)
		again, err := q.Claim(ctx, "next", 1)
		testkit.Must(t, err)
		if len(again) != 0 {
			t.Fatal("a job was claimed beyond its max attempts")
		}
		if r := jobRow(t, d, id); r.Status != jobs.StatusFailed || r.LastError == "" {
			t.Fatalf("job = %+v, want failed with a reason", r)
		}
	})
}

func TestHeartbeatKeepsLease(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Lease: 30 * time.Millisecond, Logger: quiet})
		started, release := make(chan struct{}), make(chan struct{})
		q.Handle("long", func(ctx context.Context, j jobs.Job) error {
			close(started)
			<-release
			return nil
		})
		id, err := q.Enqueue(ctx, "long", nil)
		testkit.Must(t, err)
		done := make(chan error, 1)
		go func() {
			_, err := q.RunOnce(ctx, "w")
			done <- err
		}()
		wait(t, started, "the handler to start")
		// Jump far past the original lease; the heartbeat must renew it
		// relative to the new time before another worker could take it.
		clk.Advance(time.Hour)
		deadline := time.Now().Add(hangGuard)
		for {
			var until time.Time
			testkit.Must(t, d.QueryRow(ctx, `SELECT lease_until FROM jobs WHERE id = ?`, id).Scan(&until))
			if until.After(clk.Now()) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("heartbeat never extended the lease")
			}
			time.Sleep(5 * time.Millisecond)
		}
		other := jobs.New(d, clk, jobs.Options{Logger: quiet})
		other.Handle("long", func(context.Context, jobs.Job) error { return nil })
		stolen, err := other.Claim(ctx, "thief", 1)
		testkit.Must(t, err)
		if len(stolen) != 0 {
			t.Fatal("a job with a heartbeat was claimed by another worker")
		}
		close(release)
		select {
		case err := <-done:
			testkit.Must(t, err)
		case <-time.After(hangGuard):
			t.Fatal("RunOnce did not return")
		}
		if r := jobRow(t, d, id); r.Status != jobs.StatusDone {
			t.Fatalf("job = %+v, want done", r)
		}
	})
}

func TestLostLeaseCancelsHandler(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := jobs.New(d, clock.NewFake(testkit.Epoch), jobs.Options{Lease: 30 * time.Millisecond, Logger: quiet})
		started := make(chan struct{})
		q.Handle("long", func(ctx context.Context, j jobs.Job) error {
			close(started)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(hangGuard):
				return errors.New("handler context was never cancelled")
			}
		})
		id, err := q.Enqueue(ctx, "long", nil)
		testkit.Must(t, err)
		done := make(chan error, 1)
		go func() {
			_, err := q.RunOnce(ctx, "w")
			done <- err
		}()
		wait(t, started, "the handler to start")
		// Another worker takes the job over behind this one's back.
		_, err = d.Exec(ctx, `UPDATE jobs SET lease_owner = 'intruder' WHERE id = ?`, id)
		testkit.Must(t, err)
		select {
		case err := <-done:
			if !errors.Is(err, jobs.ErrLeaseLost) {
				t.Fatalf("RunOnce = %v, want ErrLeaseLost", err)
			}
		case <-time.After(hangGuard):
			t.Fatal("RunOnce did not return")
		}
		if r := jobRow(t, d, id); r.Status != jobs.StatusRunning {
			t.Fatalf("the loser changed the job: %+v", r)
		}
	})
}

// tracker records how often, and how concurrently, each job ran.
type tracker struct {
	mu       sync.Mutex
	running  map[string]int
	maxConc  map[string]int
	runs     map[string]int
	distinct int
	want     int
	all      chan struct{}
}

func (tr *tracker) handle(ctx context.Context, j jobs.Job) error {
	tr.mu.Lock()
	tr.running[j.ID]++
	tr.maxConc[j.ID] = max(tr.maxConc[j.ID], tr.running[j.ID])
	tr.runs[j.ID]++
	if tr.runs[j.ID] == 1 {
		tr.distinct++
		if tr.distinct == tr.want {
			close(tr.all)
		}
	}
	tr.mu.Unlock()
	time.Sleep(time.Millisecond) // widen the window in which a double claim would overlap
	tr.mu.Lock()
	tr.running[j.ID]--
	tr.mu.Unlock()
	return nil
}

func TestNoDoubleExecutionAcrossProcesses(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			const total = 200
			d1, d2 := testkit.OpenTwice(t, dialect)
			tr := &tracker{running: map[string]int{}, maxConc: map[string]int{}, runs: map[string]int{},
				want: total, all: make(chan struct{})}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var queues []*jobs.Queue
			var wg sync.WaitGroup
			for _, d := range []*db.DB{d1, d2} {
				q := jobs.New(d, clock.System{}, jobs.Options{Workers: 4, Poll: 10 * time.Millisecond, Logger: quiet})
				q.Handle("count", tr.handle)
				queues = append(queues, q)
				wg.Go(func() { q.Run(ctx, context.Background()) })
			}
			var ids []string
			for i := range total {
				id, err := queues[i%2].Enqueue(context.Background(), "count", i)
				testkit.Must(t, err)
				ids = append(ids, id)
			}
			wait(t, tr.all, "every job to run")
			cancel()
			stopped := make(chan struct{})
			go func() { wg.Wait(); close(stopped) }()
			wait(t, stopped, "the workers to stop")

			tr.mu.Lock()
			defer tr.mu.Unlock()
			for _, id := range ids {
				if tr.runs[id] != 1 || tr.maxConc[id] != 1 {
					t.Errorf("job %s ran %d times, at most %d at once", id, tr.runs[id], tr.maxConc[id])
				}
			}
			var done int
			testkit.Must(t, d2.QueryRow(context.Background(),
				`SELECT COUNT(*) FROM jobs WHERE status = ?`, jobs.StatusDone).Scan(&done))
			if done != total {
				t.Fatalf("%d of %d jobs done", done, total)
			}
		})
	}
}

func TestGracefulShutdownFinishesInFlightJob(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		q := jobs.New(d, clock.System{}, jobs.Options{Workers: 2, Poll: 10 * time.Millisecond, Logger: quiet})
		started, release := make(chan struct{}), make(chan struct{})
		var finished atomic.Bool
		var handlerCtxErr error
		q.Handle("slow", func(ctx context.Context, j jobs.Job) error {
			close(started)
			<-release
			handlerCtxErr = ctx.Err()
			finished.Store(true)
			return nil
		})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		runDone := make(chan struct{})
		var returnedAfterHandler bool
		go func() {
			q.Run(ctx, context.Background())
			returnedAfterHandler = finished.Load()
			close(runDone)
		}()
		id, err := q.Enqueue(context.Background(), "slow", nil)
		testkit.Must(t, err)
		wait(t, started, "the handler to start")
		cancel()
		// Give a broken Run the chance to return early; nothing here
		// depends on how long this takes.
		time.Sleep(20 * time.Millisecond)
		select {
		case <-runDone:
			t.Fatal("Run returned while a handler was still running")
		default:
		}
		close(release)
		wait(t, runDone, "Run to return")
		if !returnedAfterHandler {
			t.Fatal("Run returned before the handler finished")
		}
		if handlerCtxErr != nil {
			t.Fatalf("handler context was cancelled by shutdown: %v", handlerCtxErr)
		}
		if r := jobRow(t, d, id); r.Status != jobs.StatusDone {
			t.Fatalf("in-flight job = %+v, want done", r)
		}
	})
}

func TestPurgeDeletesDoneJobsPastRetention(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Logger: quiet, Retention: 24 * time.Hour})
		q.Handle("greet", func(context.Context, jobs.Job) error { return nil })
		q.Handle("fail", func(context.Context, jobs.Job) error { return errors.New("no") })
		_, err := q.Enqueue(ctx, "greet", greeting{Name: "old"})
		testkit.Must(t, err)
		failed, err := q.Enqueue(ctx, "fail", greeting{Name: "broken"}, jobs.MaxAttempts(1))
		testkit.Must(t, err)
		for runOnce(t, q, "w") {
		}
		waiting, err := q.Enqueue(ctx, "greet", greeting{Name: "tomorrow"}, jobs.After(48*time.Hour))
		testkit.Must(t, err)
		clk.Advance(23 * time.Hour)
		if n, err := q.Purge(ctx); err != nil || n != 0 {
			t.Fatalf("purge within the retention deleted %d (%v)", n, err)
		}
		clk.Advance(2 * time.Hour)
		if n, err := q.Purge(ctx); err != nil || n != 1 {
			t.Fatalf("purge past the retention deleted %d (%v), want the done job only", n, err)
		}
		var left []string
		rows, err := d.Query(ctx, `SELECT id FROM jobs ORDER BY id`)
		testkit.Must(t, err)
		for rows.Next() {
			var id string
			testkit.Must(t, rows.Scan(&id))
			left = append(left, id)
		}
		testkit.Must(t, rows.Close())
		if strings.Join(left, ",") != strings.Join([]string{failed, waiting}, ",") {
			t.Fatalf("jobs left %v; want the failed and the waiting one", left)
		}
	})
}

// TestStopCutsOffJobsAndGivesTheirLeaseBack: after the stop, a job that
// ends before the cut-off is finished; one still running at the cut-off has
// its handler's context cancelled and its lease given back, so another
// worker claims it at once, with no time passing.
func TestStopCutsOffJobsAndGivesTheirLeaseBack(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Workers: 2, Lease: time.Minute, Poll: time.Hour, Logger: quiet})
		quickStarted, finishQuick := make(chan struct{}), make(chan struct{})
		stuckStarted, stuckCancelled, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
		t.Cleanup(func() { close(release) })
		q.Handle("quick", func(ctx context.Context, j jobs.Job) error {
			close(quickStarted)
			<-finishQuick
			return nil
		})
		q.Handle("stuck", func(ctx context.Context, j jobs.Job) error {
			close(stuckStarted)
			<-ctx.Done()
			close(stuckCancelled)
			<-release // and it does not return: the cut-off must not wait for it
			return ctx.Err()
		})
		ctx, stop := context.WithCancel(context.Background())
		cutoff, cutOff := context.WithCancel(context.Background())
		defer stop()
		defer cutOff()
		drained := make(chan jobs.Drained, 1)
		go func() { drained <- q.Run(ctx, cutoff) }()
		quick, err := q.Enqueue(context.Background(), "quick", nil)
		testkit.Must(t, err)
		stuck, err := q.Enqueue(context.Background(), "stuck", nil)
		testkit.Must(t, err)
		wait(t, quickStarted, "the quick job to start")
		wait(t, stuckStarted, "the stuck job to start")

		stop()
		close(finishQuick)
		waitForStatus(t, d, quick, jobs.StatusDone)
		cutOff()
		var got jobs.Drained
		select {
		case got = <-drained:
		case <-time.After(hangGuard):
			t.Fatal("Run waited for a handler past the cut-off")
		}
		wait(t, stuckCancelled, "the cut-off to cancel the handler's context")
		if got != (jobs.Drained{Finished: 1, CutOff: 1}) {
			t.Fatalf("Run drained %+v, want 1 finished and 1 cut off", got)
		}
		var leased sql.NullTime
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT lease_until FROM jobs WHERE id = ?`, stuck).Scan(&leased))
		r := jobRow(t, d, stuck)
		if r.Status != jobs.StatusQueued || r.Attempts != 1 || leased.Valid || !r.RunAt.Equal(clk.Now()) ||
			!strings.Contains(r.LastError, "cut off") {
			t.Fatalf("cut-off job = %+v, lease until %v; want queued again at once with its lease cleared", r, leased)
		}
		other := jobs.New(d, clk, jobs.Options{Logger: quiet})
		other.Handle("stuck", func(context.Context, jobs.Job) error { return nil })
		taken, err := other.Claim(context.Background(), "other", 1)
		testkit.Must(t, err)
		if len(taken) != 1 || taken[0].ID != stuck || taken[0].Attempt != 2 {
			t.Fatalf("another worker claimed %+v right after the cut-off", taken)
		}
	})
}

// TestDefaultLeaseHandsOverWithin15Seconds: a job whose worker died (its
// lease not renewed) is claimed by another worker once the default lease of
// 15 s has passed, and not before.
func TestDefaultLeaseHandsOverWithin15Seconds(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(testkit.Epoch)
		q := jobs.New(d, clk, jobs.Options{Logger: quiet})
		q.Handle("report", func(context.Context, jobs.Job) error { return nil })
		id, err := q.Enqueue(ctx, "report", nil)
		testkit.Must(t, err)
		dead, err := q.Claim(ctx, "dies-now", 1)
		testkit.Must(t, err)
		if len(dead) != 1 {
			t.Fatalf("claimed %d jobs", len(dead))
		}
		clk.Advance(15 * time.Second)
		if early, err := q.Claim(ctx, "takes-over", 1); err != nil || len(early) != 0 {
			t.Fatalf("claimed %d jobs (%v) while the lease held", len(early), err)
		}
		clk.Advance(time.Microsecond)
		taken, err := q.Claim(ctx, "takes-over", 1)
		testkit.Must(t, err)
		if len(taken) != 1 || taken[0].ID != id || taken[0].Attempt != 2 {
			t.Fatalf("15 s after its worker died the job was claimed as %+v", taken)
		}
	})
}

// TestEnqueueWakesOtherReplicas: on PostgreSQL an Enqueue through one
// handle wakes the idle workers of another process on the same database
// (LISTEN/NOTIFY). Their poll is an hour, so only the notification can make
// the job run within the test.
func TestEnqueueWakesOtherReplicas(t *testing.T) {
	t.Parallel()
	if os.Getenv(testkit.PostgresEnv) == "" {
		t.Skip(testkit.PostgresEnv + " is not set; SQLite is one process, woken in process")
	}
	d1, d2 := testkit.OpenTwice(t, db.Postgres)
	producer := jobs.New(d1, clock.System{}, jobs.Options{Logger: quiet})
	replica := jobs.New(d2, clock.System{}, jobs.Options{Workers: 1, Poll: time.Hour, Logger: quiet})
	ran := make(chan string, 2)
	replica.Handle("ping", func(ctx context.Context, j jobs.Job) error {
		ran <- j.ID
		return nil
	})
	ctx, stop := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { replica.Run(ctx, context.Background()); close(stopped) }()
	defer func() { stop(); wait(t, stopped, "the replica to stop") }()
	expect := func(id, what string) {
		t.Helper()
		select {
		case got := <-ran:
			if got != id {
				t.Fatalf("ran %s, want %s", got, id)
			}
		case <-time.After(hangGuard):
			t.Fatalf("the replica never ran %s", what)
		}
	}
	// The first job may be found by the replica's first look or when it
	// starts listening; once it is done the replica is idle.
	first, err := producer.Enqueue(context.Background(), "ping", nil)
	testkit.Must(t, err)
	expect(first, "the first job")
	waitForStatus(t, d2, first, jobs.StatusDone)
	second, err := producer.Enqueue(context.Background(), "ping", nil)
	testkit.Must(t, err)
	expect(second, "a job another process enqueued while it was idle")
}
