package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Drained is what Run reports when it returns: of the jobs in flight when
// it was told to stop, how many ran to their end and how many were cut off.
type Drained struct {
	// Finished counts the jobs that ended (done, or failed and recorded).
	Finished int
	// CutOff counts the jobs still running at the cut-off, whose leases
	// were given back.
	CutOff int
}

// errCutOff is the cause recorded on a job cut off by a stop.
var errCutOff = errors.New("cut off when its worker stopped; lease given back")

// Run starts Options.Workers workers and blocks until ctx is done and they
// have stopped. Each worker claims one job at a time, waits Options.Poll
// when there is nothing due (or until an Enqueue wakes it), and claims
// nothing once ctx is done. Handlers run under a context that ctx's end
// does not reach, so a graceful stop lets them complete — until cutoff is
// done: a job still running then is cut off, its handler's context
// cancelled and its lease given back at once (queued again with the attempt
// counted, or failed if that was its last), so that another replica takes it
// over without waiting for the lease to run out. Pass context.Background()
// as cutoff to wait for every job however long it takes.
func (q *Queue) Run(ctx, cutoff context.Context) Drained {
	host, err := os.Hostname()
	if err != nil {
		host = "helio"
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var drained Drained
	for i := range q.opts.Workers {
		worker := fmt.Sprintf("%s:%d/%d", host, os.Getpid(), i)
		wg.Go(func() {
			d := q.work(ctx, cutoff, worker)
			mu.Lock()
			defer mu.Unlock()
			drained.Finished += d.Finished
			drained.CutOff += d.CutOff
		})
	}
	if q.opts.Workers > 0 {
		wg.Go(func() { q.purgeLoop(ctx) })
		wg.Go(func() { q.listen(ctx) })
	}
	<-ctx.Done()
	wg.Wait()
	return drained
}

// purgeLoop deletes finished jobs past the retention at start and then
// every purgeEvery until ctx is done. Every replica may purge; deleting
// twice is harmless.
func (q *Queue) purgeLoop(ctx context.Context) {
	tick := time.NewTicker(purgeEvery)
	defer tick.Stop()
	for {
		if _, err := q.Purge(ctx); err != nil && ctx.Err() == nil {
			q.log.Error("job purge", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// listen wakes this process's workers whenever another replica enqueues a
// job, until ctx is done, listening again a Poll after its connection fails
// (the workers poll meanwhile).
func (q *Queue) listen(ctx context.Context) {
	for {
		err := q.db.Listen(ctx, notifyChannel, q.signal)
		if ctx.Err() != nil {
			return
		}
		q.log.Warn("listen for jobs of other replicas", "err", err, "retry_in", q.opts.Poll)
		select {
		case <-ctx.Done():
			return
		case <-time.After(q.opts.Poll):
		}
	}
}

// work is one worker's loop. It reports what became of the job it was
// running when ctx ended, if any.
func (q *Queue) work(ctx, cutoff context.Context, worker string) Drained {
	// Claims and completions are not interrupted half-way by shutdown;
	// the loop checks ctx between jobs instead.
	detached := context.WithoutCancel(ctx)
	idle := time.NewTimer(q.opts.Poll)
	defer idle.Stop()
	var drained Drained
	for ctx.Err() == nil {
		wake := q.wakeChan()
		ran, cut, err := q.runOne(detached, cutoff, worker)
		if err != nil {
			q.log.Error("job worker", "worker", worker, "err", err)
		}
		if ran {
			if ctx.Err() != nil { // the stop came while the job ran
				if cut {
					drained.CutOff++
				} else {
					drained.Finished++
				}
			}
			continue
		}
		idle.Reset(q.opts.Poll)
		select {
		case <-ctx.Done():
		case <-wake:
		case <-idle.C:
		}
	}
	return drained
}

// RunOnce claims at most one due job for worker and runs it to the end. It
// reports whether it ran a job. A handler's failure is recorded on the job
// (and logged), not returned; the error is about the queue itself, such as
// the database failing or ErrLeaseLost when another worker took the job over.
func (q *Queue) RunOnce(ctx context.Context, worker string) (bool, error) {
	ran, _, err := q.runOne(ctx, context.Background(), worker)
	return ran, err
}

// runOne claims at most one due job and executes it, cutting it off when
// cutoff ends first. It reports whether it ran a job and whether the job
// was cut off.
func (q *Queue) runOne(ctx, cutoff context.Context, worker string) (ran, cut bool, err error) {
	claimed, err := q.Claim(ctx, worker, 1)
	if err != nil || len(claimed) == 0 {
		return false, false, err
	}
	cut, err = q.execute(ctx, cutoff, claimed[0])
	return true, cut, err
}

// execute runs j's handler under a heartbeat and records the outcome. When
// cutoff ends before the handler, it cancels the handler's context, gives
// j's lease back and reports cut; a handler that ignores its context is
// left to end on its own, and what it returns is discarded.
func (q *Queue) execute(ctx, cutoff context.Context, j Job) (cut bool, err error) {
	ctx = context.WithoutCancel(ctx)
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := q.heartbeat(hctx, j, cancel)
	result := make(chan error, 1)
	go func() { result <- q.call(hctx, q.handler(j.Kind), j) }()
	var herr error
	select {
	case herr = <-result:
	case <-cutoff.Done():
		select {
		case herr = <-result: // it ended just in time
		default:
			cancel()
			stop()
			return true, q.giveBack(ctx, j)
		}
	}
	stop()
	log := q.log.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempt)
	if herr == nil {
		if err := q.complete(ctx, j); err != nil {
			return false, fmt.Errorf("jobs: %s job %s finished: %w", j.Kind, j.ID, err)
		}
		return false, nil
	}
	status, err := q.fail(ctx, j, herr, q.backoff(j.Attempt))
	if err != nil {
		return false, fmt.Errorf("jobs: %s job %s failed (%v): %w", j.Kind, j.ID, herr, err)
	}
	if status == StatusFailed {
		log.Error("job failed for good", "err", herr)
	} else {
		log.Warn("job failed, will retry", "err", herr, "retry_in", q.backoff(j.Attempt))
	}
	return false, nil
}

// giveBack hands the lease of a cut-off job back: the job is due again at
// once, for any worker.
func (q *Queue) giveBack(ctx context.Context, j Job) error {
	status, err := q.fail(ctx, j, errCutOff, 0)
	if err != nil {
		return fmt.Errorf("jobs: give back %s job %s: %w", j.Kind, j.ID, err)
	}
	q.log.Warn("job cut off by the stop; lease given back", "job", j.ID, "kind", j.Kind, "attempt", j.Attempt,
		"status", status)
	return nil
}

// heartbeat extends j's lease every Lease/3 until the returned stop is
// called. When the lease turns out to be lost it calls lost, which cancels
// the handler's context.
func (q *Queue) heartbeat(ctx context.Context, j Job, lost context.CancelFunc) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(max(q.opts.Lease/3, time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			err := q.extend(ctx, j)
			if errors.Is(err, ErrLeaseLost) {
				q.log.Warn("job lease lost; cancelling its handler", "job", j.ID, "kind", j.Kind)
				lost()
				return
			}
			if err != nil {
				q.log.Warn("extend job lease", "job", j.ID, "kind", j.Kind, "err", err)
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// call runs h, turning a panic into an error so that it counts as a failed
// attempt instead of killing the worker.
func (q *Queue) call(ctx context.Context, h Handler, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			q.log.Error("job handler panicked", "job", j.ID, "kind", j.Kind, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, j)
}
