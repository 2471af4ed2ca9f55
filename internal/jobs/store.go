package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/db"
)

// insert adds a queued job, or finds the existing job holding dedupe.
func (q *Queue) insert(ctx context.Context, kind, payload, dedupe string, runAt time.Time, maxAttempts int, now time.Time) (string, error) {
	id := newID()
	// Without a dedupe key the column stays NULL, which the unique
	// constraint never compares equal.
	var key any
	if dedupe != "" {
		key = dedupe
	}
	res, err := q.db.Exec(ctx, `INSERT INTO jobs
		(id, kind, payload, dedupe_key, status, run_at, attempts, max_attempts, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
		ON CONFLICT (dedupe_key) DO NOTHING`,
		id, kind, payload, key, StatusQueued, runAt, maxAttempts, now, now)
	if err != nil {
		return "", err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return "", err
	}
	if n == 1 {
		return id, nil
	}
	// The key is taken. On PostgreSQL the INSERT waited for the holder's
	// transaction to commit, so the row is visible to this statement.
	if err := q.db.QueryRowWrite(ctx, `SELECT id FROM jobs WHERE dedupe_key = ?`, dedupe).Scan(&id); err != nil {
		return "", fmt.Errorf("find job with dedupe key: %w", err)
	}
	return id, nil
}

// Claim leases up to n due jobs of the registered kinds to worker and
// returns them oldest first. A job is due when it is queued and its run_at
// has come, or when it is running under a lease that has expired (its
// worker died) and attempts remain. Each claim takes a fresh lease token, so
// completion by an earlier holder of the same job is refused. Run and RunOnce
// call Claim; it is exported for tests and batch tools.
func (q *Queue) Claim(ctx context.Context, worker string, n int) ([]Job, error) {
	kinds := q.kinds()
	if n < 1 || len(kinds) == 0 {
		return nil, nil
	}
	now := q.clock.Now()
	ofKinds := ` kind IN (` + db.Placeholders(len(kinds)) + `)`
	var due []any
	for _, k := range kinds {
		due = append(due, k)
	}
	due = append(due, StatusQueued, now, StatusRunning, now)
	// Idle polling must not take the write lock: on SQLite it would starve
	// writers (other processes' claims among them) of the database.
	var probe int
	err := q.db.QueryRow(ctx, `SELECT 1 FROM jobs WHERE`+ofKinds+`
		AND ((status = ? AND run_at <= ?) OR (status = ? AND lease_until < ?)) LIMIT 1`, due...).Scan(&probe)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: claim: %w", err)
	}
	owner := worker + "/" + uuid.NewString()
	args := append([]any{StatusRunning, owner, now.Add(q.opts.Lease), now}, due...)
	args = append(args, n)
	// One UPDATE both picks and leases the jobs, so no two workers can get
	// the same one: PostgreSQL's SKIP LOCKED passes over rows another claim
	// holds, and SQLite runs one writer at a time.
	var out []Job
	err = q.db.WithTx(ctx, func(ctx context.Context) error {
		if err := q.expireExhausted(ctx, now); err != nil {
			return err
		}
		rows, err := q.db.Query(ctx, `UPDATE jobs
			SET status = ?, lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
			WHERE id IN (
				SELECT id FROM jobs WHERE`+ofKinds+`
				AND ((status = ? AND run_at <= ?)
					OR (status = ? AND lease_until < ? AND attempts < max_attempts))
				ORDER BY run_at, id LIMIT ?`+q.db.SkipLocked()+`)
			RETURNING id, kind, payload, attempts, run_at`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			j := Job{owner: owner}
			var payload string
			if err := rows.Scan(&j.ID, &j.Kind, &payload, &j.Attempt, &j.RunAt); err != nil {
				return err
			}
			j.Payload = []byte(payload)
			j.RunAt = j.RunAt.UTC()
			out = append(out, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: claim: %w", err)
	}
	// RETURNING promises no order.
	sort.Slice(out, func(a, b int) bool {
		if !out[a].RunAt.Equal(out[b].RunAt) {
			return out[a].RunAt.Before(out[b].RunAt)
		}
		return out[a].ID < out[b].ID
	})
	return out, nil
}

// expireExhausted marks failed the jobs whose worker vanished during their
// last allowed attempt, which Claim would otherwise never pick up again.
func (q *Queue) expireExhausted(ctx context.Context, now time.Time) error {
	_, err := q.db.Exec(ctx, `UPDATE jobs SET status = ?, lease_until = NULL, last_error = ?, updated_at = ?
		WHERE id IN (
			SELECT id FROM jobs
			WHERE status = ? AND lease_until < ? AND attempts >= max_attempts`+q.db.SkipLocked()+`)`,
		StatusFailed, "lease expired during the last attempt", now, StatusRunning, now)
	return err
}

// complete marks j done, provided j's lease is still the current one. Every
// write on behalf of a claim is fenced the same way: by the lease token, the
// attempt number and the running status, so that a worker that stalled past
// its lease cannot overwrite the outcome of the worker that took over.
func (q *Queue) complete(ctx context.Context, j Job) error {
	res, err := q.db.Exec(ctx, `UPDATE jobs SET status = ?, lease_until = NULL, updated_at = ?
		WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = ?`,
		StatusDone, q.clock.Now(), j.ID, j.owner, j.Attempt, StatusRunning)
	if err != nil {
		return fmt.Errorf("jobs: complete %s: %w", j.ID, err)
	}
	return fenced(res)
}

// fail records cause on j and either queues it again retryIn from now or,
// when its attempts are spent, marks it failed. It returns the new status,
// and ErrLeaseLost when j's lease is no longer the current one.
func (q *Queue) fail(ctx context.Context, j Job, cause error, retryIn time.Duration) (string, error) {
	now := q.clock.Now()
	// attempts already counts this run, so attempts < max_attempts means
	// at least one attempt remains.
	var status string
	err := q.db.QueryRowWrite(ctx, `UPDATE jobs SET
			status = CASE WHEN attempts < max_attempts THEN ? ELSE ? END,
			run_at = CASE WHEN attempts < max_attempts THEN ? ELSE run_at END,
			lease_until = NULL, last_error = ?, updated_at = ?
		WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = ?
		RETURNING status`,
		StatusQueued, StatusFailed, now.Add(retryIn), truncate(cause.Error(), maxErrorLen), now,
		j.ID, j.owner, j.Attempt, StatusRunning).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrLeaseLost
	}
	if err != nil {
		return "", fmt.Errorf("jobs: fail %s: %w", j.ID, err)
	}
	return status, nil
}

// extend pushes j's lease a full Lease past now, provided it still holds it.
func (q *Queue) extend(ctx context.Context, j Job) error {
	now := q.clock.Now()
	res, err := q.db.Exec(ctx, `UPDATE jobs SET lease_until = ?, updated_at = ?
		WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = ?`,
		now.Add(q.opts.Lease), now, j.ID, j.owner, j.Attempt, StatusRunning)
	if err != nil {
		return fmt.Errorf("jobs: extend lease of %s: %w", j.ID, err)
	}
	return fenced(res)
}

// fenced turns a fenced UPDATE that matched no row into ErrLeaseLost.
func fenced(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLeaseLost
	}
	return nil
}

// Purge deletes the done jobs last changed longer than the retention ago,
// a batch at a time, and returns how many it deleted.
func (q *Queue) Purge(ctx context.Context) (int64, error) {
	before := q.clock.Now().Add(-q.opts.Retention)
	var total int64
	limit, largs := q.db.Limit(purgeBatch)
	for ctx.Err() == nil {
		res, err := q.db.Exec(ctx, `DELETE FROM jobs WHERE id IN (
			SELECT id FROM jobs WHERE status = ? AND updated_at < ?`+limit+`)`, append([]any{StatusDone, before}, largs...)...)
		if err != nil {
			return total, fmt.Errorf("jobs: purge: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("jobs: purge: %w", err)
		}
		if total += n; n < purgeBatch {
			break
		}
	}
	return total, nil
}

// Depth counts the jobs waiting, running and given up, for metrics.
func (q *Queue) Depth(ctx context.Context) (queued, running, failed int, err error) {
	rows, err := q.db.Query(ctx, `SELECT status, COUNT(*) FROM jobs WHERE status IN (?, ?, ?) GROUP BY status`,
		StatusQueued, StatusRunning, StatusFailed)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("jobs: depth: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return 0, 0, 0, fmt.Errorf("jobs: depth: %w", err)
		}
		switch status {
		case StatusQueued:
			queued = n
		case StatusRunning:
			running = n
		case StatusFailed:
			failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, 0, fmt.Errorf("jobs: depth: %w", err)
	}
	return queued, running, failed, nil
}

// truncate cuts s to at most n bytes without splitting a UTF-8 character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
