package db

import (
	"context"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/clock"
)

// RefreshTextIndexes brings SQLite's lagging FTS5 indexes up to date and
// reports how many rows it refreshed. An index <t>_fts (over the columns
// title and body of table t, as ContainsText reads it) lags when the table
// <t>_fts_stale exists: triggers note there, at a row's first change since
// the last refresh, the text the index still holds for it, so that a save
// does not rewrite the index. A refresh removes those entries, indexes the
// rows' current text and empties the table, in one transaction; searches
// read the noted rows from the table itself meanwhile (MatchesText).
// PostgreSQL's trigram indexes never lag, so there it does nothing.
func (d *DB) RefreshTextIndexes(ctx context.Context) (int, error) {
	if d.dialect != SQLite {
		return 0, nil
	}
	rows, err := d.write.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name LIKE '%\_fts\_stale' ESCAPE '\'`)
	if err != nil {
		return 0, err
	}
	var stale []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return 0, err
		}
		stale = append(stale, name)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	total := 0
	for _, st := range stale {
		fts := strings.TrimSuffix(st, "_stale")
		table := strings.TrimSuffix(fts, "_fts")
		err := d.WithTx(ctx, func(ctx context.Context) error {
			if _, err := d.Exec(ctx, `INSERT INTO `+fts+` (`+fts+`, rowid, title, body)
				SELECT 'delete', source_rowid, title, body FROM `+st); err != nil {
				return err
			}
			if _, err := d.Exec(ctx, `INSERT INTO `+fts+` (rowid, title, body)
				SELECT rowid, title, body FROM `+table+` WHERE rowid IN (SELECT source_rowid FROM `+st+`)`); err != nil {
				return err
			}
			res, err := d.Exec(ctx, `DELETE FROM `+st)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			total += int(n)
			return err
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// KeepTextIndexes runs RefreshTextIndexes every interval until ctx is done,
// reporting failures to fail; on PostgreSQL it returns at once.
func (d *DB) KeepTextIndexes(ctx context.Context, every time.Duration, fail func(error)) {
	if d.dialect != SQLite {
		return
	}
	clock.Every(ctx, every, func(ctx context.Context) error {
		_, err := d.RefreshTextIndexes(ctx)
		return err
	}, fail)
}
