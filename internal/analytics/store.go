package analytics

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
)

// store holds every SQL statement of the analytics tables.
type store struct{ db *db.DB }

// subject names one row of analytics_days.
type subject struct{ kind, id, day string }

// dayColumns are the figures of a row, in Figures' order of scanFigures.
const dayColumns = `day, followers_gained, followers_total, views, views_total, likes, favourites, comments, shares,
	earnings_pending, earnings_settled`

func scanFigures(r db.Scanner) (Figures, error) {
	var f Figures
	return f, r.Scan(&f.Day, &f.FollowersGained, &f.FollowersTotal, &f.Views, &f.ViewsTotal, &f.Likes, &f.Favourites,
		&f.Comments, &f.Shares, &f.EarningsPending, &f.EarningsSettled)
}

// findDays returns a subject's rows of days in [from, to), oldest first.
func (s store) findDays(ctx context.Context, kind, id, from, to string) ([]Figures, error) {
	rows, err := s.db.Query(ctx, `SELECT `+dayColumns+` FROM analytics_days
		WHERE subject_kind = ? AND subject_id = ? AND day >= ? AND day < ? ORDER BY day`, kind, id, from, to)
	return db.ScanAll(rows, err, "find analytics days", scanFigures)
}

// findBefore returns what a subject's series starts from: the followers at
// the end of its last row before day, and its highest view snapshot before
// day (zero when it has no row before).
func (s store) findBefore(ctx context.Context, kind, id, day string) (followers, views int, err error) {
	err = s.db.QueryRow(ctx, `SELECT COALESCE(MAX(views_total), 0),
		COALESCE((SELECT followers_total FROM analytics_days WHERE subject_kind = ? AND subject_id = ? AND day < ?
			ORDER BY day DESC LIMIT 1), 0)
		FROM analytics_days WHERE subject_kind = ? AND subject_id = ? AND day < ?`,
		kind, id, day, kind, id, day).Scan(&views, &followers)
	return followers, views, apperr.WrapIf(err, "find analytics baseline")
}

// findComputedAt returns when a subject's rows in [from, to) were last
// computed (nil when none was).
func (s store) findComputedAt(ctx context.Context, kind, id, from, to string) (*time.Time, error) {
	var at time.Time
	err := s.db.QueryRow(ctx, `SELECT computed_at FROM analytics_days
		WHERE subject_kind = ? AND subject_id = ? AND day >= ? AND day < ? ORDER BY computed_at DESC LIMIT 1`,
		kind, id, from, to).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &at, apperr.WrapIf(err, "find analytics computed at")
}

// findSubjects returns the rows stored for days in [from, to).
func (s store) findSubjects(ctx context.Context, from, to string) ([]subject, error) {
	rows, err := s.db.Query(ctx, `SELECT subject_kind, subject_id, day FROM analytics_days WHERE day >= ? AND day < ?`, from, to)
	return db.ScanAll(rows, err, "find analytics subjects", func(r db.Scanner) (subject, error) {
		var k subject
		return k, r.Scan(&k.kind, &k.id, &k.day)
	})
}

// findViewSnapshots returns each subject's highest view snapshot before
// day (view counters only grow).
func (s store) findViewSnapshots(ctx context.Context, day string) (map[[2]string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT subject_kind, subject_id, MAX(views_total) FROM analytics_days
		WHERE day < ? AND views_total > 0 GROUP BY subject_kind, subject_id`, day)
	if err != nil {
		return nil, apperr.Wrap(err, "find view snapshots")
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var kind, id string
		var n int
		if err := rows.Scan(&kind, &id, &n); err != nil {
			return nil, apperr.Wrap(err, "scan view snapshot")
		}
		out[[2]string{kind, id}] = n
	}
	return out, apperr.WrapIf(rows.Err(), "find view snapshots")
}

// upsertBatch bounds the rows of one multi-row upsert.
const upsertBatch = 200

// upsertDays writes the dated figures of rows (everything but the views,
// which upsertViews writes), replacing what the rows held.
func (s store) upsertDays(ctx context.Context, rows map[subject]*Figures, now time.Time) error {
	keys := make([]subject, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	for start := 0; start < len(keys); start += upsertBatch {
		chunk := keys[start:min(start+upsertBatch, len(keys))]
		args := make([]any, 0, len(chunk)*12)
		for _, k := range chunk {
			f := rows[k]
			args = append(args, k.kind, k.id, k.day, f.FollowersGained, f.FollowersTotal, f.Likes, f.Favourites, f.Comments,
				f.Shares, f.EarningsPending, f.EarningsSettled, now)
		}
		_, err := s.db.Exec(ctx, `INSERT INTO analytics_days (subject_kind, subject_id, day, followers_gained, followers_total,
			likes, favourites, comments, shares, earnings_pending, earnings_settled, computed_at) VALUES `+db.Rows(len(chunk), 12)+`
			ON CONFLICT (subject_kind, subject_id, day) DO UPDATE SET followers_gained = excluded.followers_gained,
				followers_total = excluded.followers_total, likes = excluded.likes, favourites = excluded.favourites,
				comments = excluded.comments, shares = excluded.shares, earnings_pending = excluded.earnings_pending,
				earnings_settled = excluded.earnings_settled, computed_at = excluded.computed_at`, args...)
		if err != nil {
			return apperr.Wrap(err, "upsert analytics days")
		}
	}
	return nil
}

// upsertViews writes the views and view snapshot of rows already upserted.
func (s store) upsertViews(ctx context.Context, k subject, views, total int) error {
	_, err := s.db.Exec(ctx, `UPDATE analytics_days SET views = ?, views_total = ?
		WHERE subject_kind = ? AND subject_id = ? AND day = ?`, views, total, k.kind, k.id, k.day)
	return apperr.WrapIf(err, "update analytics views")
}

// createBackfill stores a backfill; it reports false when one with its id
// exists already.
func (s store) createBackfill(ctx context.Context, b Backfill) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO analytics_backfills (id, from_day, to_day, created_by, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, b.ID, b.From, b.To, b.CreatedBy, b.CreatedAt)
	if err != nil {
		return false, apperr.Wrap(err, "create backfill")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "create backfill")
}

func (s store) findBackfill(ctx context.Context, id string) (Backfill, error) {
	var b Backfill
	var done sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT id, from_day, to_day, created_by, created_at, finished_at FROM analytics_backfills
		WHERE id = ?`, id).Scan(&b.ID, &b.From, &b.To, &b.CreatedBy, &b.CreatedAt, &done)
	if errors.Is(err, sql.ErrNoRows) {
		return b, apperr.New(apperr.NotFound, "This backfill was not found.")
	}
	b.FinishedAt = db.TimePtr(done)
	return b, apperr.WrapIf(err, "find backfill")
}

// updateBackfillDone marks a backfill finished; it reports false when it
// was already.
func (s store) updateBackfillDone(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE analytics_backfills SET finished_at = ? WHERE id = ? AND finished_at IS NULL`, now, id)
	if err != nil {
		return false, apperr.Wrap(err, "finish backfill")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "finish backfill")
}
