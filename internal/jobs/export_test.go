package jobs

import (
	"context"
	"time"
)

// Complete exposes the fenced completion to the external tests.
func (q *Queue) Complete(ctx context.Context, j Job) error { return q.complete(ctx, j) }

// Fail exposes the fenced failure to the external tests.
func (q *Queue) Fail(ctx context.Context, j Job, cause error) (string, error) {
	return q.fail(ctx, j, cause, q.backoff(j.Attempt))
}

// Backoff exposes the retry delay to the external tests.
func (q *Queue) Backoff(attempt int) time.Duration { return q.backoff(attempt) }
