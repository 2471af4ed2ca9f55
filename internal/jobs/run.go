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

// Run starts Options.Workers workers and blocks until ctx is cancelled and
// every job in flight has finished. Each worker claims one job at a time,
// waits Options.Poll when there is nothing due (or until an Enqueue in this
// process wakes it), and stops claiming once ctx is done. Handlers run under
// a context that ctx's cancellation does not reach, so a graceful stop lets
// them complete; bound the stop from outside if a handler may hang.
func (q *Queue) Run(ctx context.Context) {
	host, err := os.Hostname()
	if err != nil {
		host = "helio"
	}
	var wg sync.WaitGroup
	for i := range q.opts.Workers {
		worker := fmt.Sprintf("%s:%d/%d", host, os.Getpid(), i)
		wg.Go(func() { q.work(ctx, worker) })
	}
	if q.opts.Workers > 0 {
		wg.Go(func() { q.purgeLoop(ctx) })
	}
	<-ctx.Done()
	wg.Wait()
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

// work is one worker's loop.
func (q *Queue) work(ctx context.Context, worker string) {
	// Claims and completions are not interrupted half-way by shutdown;
	// the loop checks ctx between jobs instead.
	detached := context.WithoutCancel(ctx)
	idle := time.NewTimer(q.opts.Poll)
	defer idle.Stop()
	for ctx.Err() == nil {
		wake := q.wakeChan()
		ran, err := q.RunOnce(detached, worker)
		if err != nil {
			q.log.Error("job worker", "worker", worker, "err", err)
		}
		if ran {
			continue
		}
		idle.Reset(q.opts.Poll)
		select {
		case <-ctx.Done():
		case <-wake:
		case <-idle.C:
		}
	}
}

// RunOnce claims at most one due job for worker and runs it to the end. It
// reports whether it ran a job. A handler's failure is recorded on the job
// (and logged), not returned; the error is about the queue itself, such as
// the database failing or ErrLeaseLost when another worker took the job over.
func (q *Queue) RunOnce(ctx context.Context, worker string) (bool, error) {
	claimed, err := q.Claim(ctx, worker, 1)
	if err != nil || len(claimed) == 0 {
		return false, err
	}
	return true, q.execute(ctx, claimed[0])
}

// execute runs j's handler under a heartbeat and records the outcome.
func (q *Queue) execute(ctx context.Context, j Job) error {
	ctx = context.WithoutCancel(ctx)
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := q.heartbeat(hctx, j, cancel)
	herr := q.call(hctx, q.handler(j.Kind), j)
	stop()
	log := q.log.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempt)
	if herr == nil {
		if err := q.complete(ctx, j); err != nil {
			return fmt.Errorf("jobs: %s job %s finished: %w", j.Kind, j.ID, err)
		}
		return nil
	}
	status, err := q.fail(ctx, j, herr)
	if err != nil {
		return fmt.Errorf("jobs: %s job %s failed (%v): %w", j.Kind, j.ID, herr, err)
	}
	if status == StatusFailed {
		log.Error("job failed for good", "err", herr)
	} else {
		log.Warn("job failed, will retry", "err", herr, "retry_in", q.backoff(j.Attempt))
	}
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
