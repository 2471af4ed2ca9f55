package export

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store is the SQL of exports.
type store struct {
	db *db.DB
}

const exportColumns = `id, owner_id, kind, format, state, section, cursor, parts, section_rows, bytes, done, total, created_at,
	finished_at, expires_at, subject_id, period_from, period_to, audit_filter`

func scanExport(sc interface{ Scan(...any) error }) (Export, error) {
	var e Export
	var finished, expires, from, to sql.NullTime
	if err := sc.Scan(&e.ID, &e.Owner, &e.Kind, &e.Format, &e.State, &e.section, &e.cursor, &e.parts, &e.rows, &e.Bytes,
		&e.Done, &e.Total, &e.CreatedAt, &finished, &expires, &e.Subject, &from, &to, &e.scope); err != nil {
		return Export{}, err
	}
	e.From, e.To = db.TimePtr(from), db.TimePtr(to)
	e.CreatedAt = e.CreatedAt.UTC()
	if finished.Valid {
		t := finished.Time.UTC()
		e.FinishedAt = &t
	}
	if expires.Valid {
		t := expires.Time.UTC()
		e.ExpiresAt = &t
	}
	return e, nil
}

// createExport stores a new export.
func (s store) createExport(ctx context.Context, e Export) error {
	_, err := s.db.Exec(ctx, `INSERT INTO export_jobs (id, owner_id, kind, format, state, created_at, subject_id, period_from,
		period_to, audit_filter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.Owner, e.Kind, e.Format, e.State, e.CreatedAt,
		e.Subject, e.From, e.To, e.scope)
	return apperr.WrapIf(err, "create export")
}

// findExport returns one export.
func (s store) findExport(ctx context.Context, id string) (Export, error) {
	e, err := scanExport(s.db.QueryRow(ctx, `SELECT `+exportColumns+` FROM export_jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Export{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Export"))
	}
	return e, apperr.WrapIf(err, "find export")
}

// findExports lists an owner's exports newest first.
func (s store) findExports(ctx context.Context, w db.Where, limit int) ([]Export, error) {
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT `+exportColumns+` FROM export_jobs WHERE `+w.SQL()+`
		ORDER BY created_at DESC, id DESC`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find exports")
	}
	defer rows.Close()
	var out []Export
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan export")
		}
		out = append(out, e)
	}
	return out, apperr.WrapIf(rows.Err(), "find exports")
}

// updateStarted marks a queued export running with its total.
func (s store) updateStarted(ctx context.Context, id string, total int64) error {
	_, err := s.db.Exec(ctx, `UPDATE export_jobs SET state = ?, total = ? WHERE id = ? AND state = ?`,
		StateRunning, total, id, StateQueued)
	return apperr.WrapIf(err, "start export")
}

// updateProgress records the position after a part written at position
// e (fenced by its part number: false when another worker got there
// first).
func (s store) updateProgress(ctx context.Context, e Export, next Export) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE export_jobs SET section = ?, cursor = ?, parts = ?, section_rows = ?, bytes = ?, done = ?
		WHERE id = ? AND parts = ?`, next.section, next.cursor, next.parts, next.rows, next.Bytes, next.Done, e.ID, e.parts)
	if err != nil {
		return false, apperr.Wrap(err, "record export progress")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "record export progress")
}

// updateFinished marks an export done, kept until expires.
func (s store) updateFinished(ctx context.Context, id string, at, expires time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE export_jobs SET state = ?, finished_at = ?, expires_at = ? WHERE id = ? AND state = ?`,
		StateDone, at, expires, id, StateRunning)
	return apperr.WrapIf(err, "finish export")
}

// updateExpired marks an export's file gone.
func (s store) updateExpired(ctx context.Context, id string) error {
	_, err := s.db.Exec(ctx, `UPDATE export_jobs SET state = ? WHERE id = ?`, StateExpired, id)
	return apperr.WrapIf(err, "expire export")
}
