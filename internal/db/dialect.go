package db

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/helio-platform/helio/internal/apperr"
)

func init() { apperr.RecogniseUnavailable(IsUnavailable) }

// SQLite's result codes (https://sqlite.org/rescode.html), the same numbers
// whichever driver reports them (sqliteError): the primary codes in the low
// byte, an extended code adding its detail above.
const (
	sqliteBusy                 = 5
	sqliteLocked               = 6
	sqliteReadOnly             = 8
	sqliteIOErr                = 10
	sqliteFull                 = 13
	sqliteCantOpen             = 14
	sqliteConstraintPrimaryKey = 19 | 6<<8
	sqliteConstraintUnique     = 19 | 8<<8
)

// SkipLocked is the suffix that makes a row-claiming SELECT skip rows other
// transactions hold. SQLite has a single writer, so it needs none.
func (d *DB) SkipLocked() string {
	if d.dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ForUpdate is the suffix that locks the selected rows until the transaction
// ends. SQLite's single writer already serialises writers.
func (d *DB) ForUpdate() string {
	if d.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// SingleWriter reports whether writes are serialised on one connection
// (SQLite), where concurrent small transactions gain from being committed
// together (package groupcommit): each commit is a WAL write and sync that
// every writer after it waits for. PostgreSQL runs writers side by side.
func (d *DB) SingleWriter() bool { return d.dialect == SQLite }

// IsUniqueViolation reports whether err is a unique-constraint failure, and
// if so which constraint or column list the engine named (best effort).
func IsUniqueViolation(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if pgErr.Code == "23505" {
			return pgErr.ConstraintName, true
		}
		return "", false
	}
	if code, msg, ok := sqliteError(err); ok {
		if code == sqliteConstraintUnique || code == sqliteConstraintPrimaryKey {
			// "UNIQUE constraint failed: users.nickname_key"
			if i := strings.LastIndex(msg, "failed: "); i >= 0 {
				return strings.TrimSuffix(msg[i+len("failed: "):], ")"), true
			}
			return "", true
		}
	}
	return "", false
}

// IsUnavailable reports whether err means that the database cannot serve
// now, rather than that the statement is wrong: it is unreachable or shutting
// down, locked by another process past the busy timeout, out of disk,
// read-only (a standby, or a file system remounted read-only), or failing
// its I/O. Such a request may succeed when retried a little later, so it is
// answered 503 with Retry-After instead of 500 (SPEC §12).
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return unavailablePostgres(pgErr.Code)
	}
	if code, _, ok := sqliteError(err); ok {
		switch code & 0xff { // the primary result code
		case sqliteBusy, sqliteLocked, sqliteReadOnly, sqliteIOErr, sqliteFull, sqliteCantOpen:
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr *net.OpError
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF)
}

// unavailablePostgres reports whether a PostgreSQL SQLSTATE means the
// server cannot serve now: connection exceptions (08), insufficient
// resources such as disk_full (53), operator intervention such as
// admin_shutdown or cannot_connect_now (57P0x), a read-only transaction
// (25006, a standby after fail-over) and I/O errors (58030).
func unavailablePostgres(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"), strings.HasPrefix(code, "53"), strings.HasPrefix(code, "57P0"):
		return true
	}
	return code == "25006" || code == "58030"
}

// TextIndex names two text columns of a table and their trigram index:
// SQLite's FTS5 table FTS over them, PostgreSQL's pg_trgm index on
// TitleCol || ' ' || BodyCol. Stale, when set, is the SQLite table of the
// rows whose FTS entry lags behind their text (see RefreshTextIndexes).
type TextIndex struct {
	FTS, TitleCol, BodyCol, Stale string
}

// ContainsText returns a condition that finds q anywhere in the title or
// body of table's rows through its trigram index, and its arguments:
// SQLite's FTS5 table <table>_fts (trigram tokenizer) for three characters
// or more, PostgreSQL's pg_trgm index on title || ' ' || body with ILIKE.
// Shorter text, which a trigram cannot index, is matched with LIKE.
func (d *DB) ContainsText(table, q string) (string, []any) {
	return d.MatchesText(TextIndex{FTS: table + "_fts", TitleCol: "title", BodyCol: "body", Stale: table + "_fts_stale"}, q)
}

// ftsPhrase is q as one FTS5 phrase.
func ftsPhrase(q string) string { return `"` + strings.ReplaceAll(q, `"`, `""`) + `"` }

// LikeContaining is the LIKE … ESCAPE '\' pattern that finds q anywhere.
func LikeContaining(q string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
}

// MatchesText is ContainsText over the columns and index ix names.
func (d *DB) MatchesText(ix TextIndex, q string) (string, []any) {
	like := LikeContaining(q)
	switch {
	case d.dialect == Postgres:
		return `(` + ix.TitleCol + ` || ' ' || ` + ix.BodyCol + `) ILIKE ? ESCAPE '\'`, []any{like}
	case len([]rune(q)) >= 3 && ix.Stale != "":
		// Rows whose entry lags are matched on their text instead.
		return `((rowid IN (SELECT rowid FROM ` + ix.FTS + ` WHERE ` + ix.FTS + ` MATCH ?)
			AND rowid NOT IN (SELECT source_rowid FROM ` + ix.Stale + `))
			OR (rowid IN (SELECT source_rowid FROM ` + ix.Stale + `)
			AND (` + ix.TitleCol + ` LIKE ? ESCAPE '\' OR ` + ix.BodyCol + ` LIKE ? ESCAPE '\')))`,
			[]any{ftsPhrase(q), like, like}
	case len([]rune(q)) >= 3:
		return `rowid IN (SELECT rowid FROM ` + ix.FTS + ` WHERE ` + ix.FTS + ` MATCH ?)`, []any{ftsPhrase(q)}
	default:
		return `(` + ix.TitleCol + ` LIKE ? ESCAPE '\' OR ` + ix.BodyCol + ` LIKE ? ESCAPE '\')`, []any{like, like}
	}
}

// SelectByKeys returns a SELECT of columns from table for the rows whose
// key column equals one of keys (at least one) and that also meet where
// (more conditions, or empty), and its arguments: keys, then whereArgs.
// The caller may append an ORDER BY of the columns. On PostgreSQL the keys
// go as one array and the lookup runs once per key behind an optimisation
// fence (OFFSET 0), so its plan is an index probe per key whatever the
// table's statistics say: a table that grew since its last ANALYZE (or
// never had one, with autovacuum off) otherwise makes the planner read all
// of it for a hundred keys. SQLite probes the index per value of an IN
// list anyway.
func (d *DB) SelectByKeys(columns, table, key string, keys []string, where string, whereArgs ...any) (string, []any) {
	more := ""
	if where != "" {
		more = ` AND ` + where
	}
	if d.dialect == Postgres {
		return `SELECT x.* FROM unnest(?::text[]) AS k(key) CROSS JOIN LATERAL (SELECT ` + columns + ` FROM ` + table +
			` WHERE ` + key + ` = k.key` + more + ` OFFSET 0) AS x`, append([]any{keys}, whereArgs...)
	}
	in, args := InList(keys)
	return `SELECT ` + columns + ` FROM ` + table + ` WHERE ` + key + ` IN ` + in + more, append(args, whereArgs...)
}

// LeftJoinEach returns a LEFT JOIN of table, named alias, on its column
// equal to outer (a column of the rows joined so far). On PostgreSQL each
// outer row probes table's index on column behind an optimisation fence,
// as SelectByKeys does: unanalysed, a table of lines makes the planner
// hash all of it to join a few entries. SQLite joins by index probes.
func (d *DB) LeftJoinEach(table, alias, column, outer string) string {
	if d.dialect == Postgres {
		return ` LEFT JOIN LATERAL (SELECT * FROM ` + table + ` WHERE ` + column + ` = ` + outer + ` OFFSET 0) AS ` + alias + ` ON TRUE`
	}
	return ` LEFT JOIN ` + table + ` AS ` + alias + ` ON ` + alias + `.` + column + ` = ` + outer
}
