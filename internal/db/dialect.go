package db

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
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
	var sqlErr *sqlite.Error
	if errors.As(err, &sqlErr) {
		code := sqlErr.Code()
		if code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
			// "UNIQUE constraint failed: users.nickname_key"
			msg := sqlErr.Error()
			if i := strings.LastIndex(msg, "failed: "); i >= 0 {
				return strings.TrimSuffix(msg[i+len("failed: "):], ")"), true
			}
			return "", true
		}
	}
	return "", false
}

// ContainsText returns a condition that finds q anywhere in the title or
// body of table's rows through its trigram index, and its arguments:
// SQLite's FTS5 table <table>_fts (trigram tokenizer) for three characters
// or more, PostgreSQL's pg_trgm index on title || ' ' || body with ILIKE.
// Shorter text, which a trigram cannot index, is matched with LIKE.
func (d *DB) ContainsText(table, q string) (string, []any) {
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
	switch {
	case d.dialect == Postgres:
		return `(title || ' ' || body) ILIKE ? ESCAPE '\'`, []any{like}
	case len([]rune(q)) >= 3:
		return `rowid IN (SELECT rowid FROM ` + table + `_fts WHERE ` + table + `_fts MATCH ?)`,
			[]any{`"` + strings.ReplaceAll(q, `"`, `""`) + `"`}
	default:
		return `(title LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\')`, []any{like, like}
	}
}
