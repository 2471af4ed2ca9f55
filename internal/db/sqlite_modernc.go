//go:build !sqlite_ncruces && !sqlite_mattn

package db

import (
	"database/sql"
	"errors"
	"strings"

	"modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLiteDriver names the SQLite driver of this build: modernc.org/sqlite,
// SQLite translated to Go, by default; the build tags sqlite_ncruces and
// sqlite_mattn select the others bench/README.md compares it with.
const SQLiteDriver = "modernc.org/sqlite"

// openSQLitePool opens a pool on the SQLite file at path whose connections
// run pragmas (written name(value)) as they open, begin their transactions
// IMMEDIATE when writer is set, and store times as integer microseconds
// since 1970 that read back as time.Time from the columns declared
// TIMESTAMP.
func openSQLitePool(path string, writer bool, pragmas []string) (*sql.DB, error) {
	dsn := "file:" + path + "?_time_integer_format=unix_micro&_inttotime=1&_pragma=" + strings.Join(pragmas, "&_pragma=")
	if writer {
		dsn += "&_txlock=immediate"
	}
	return sql.Open("sqlite", dsn)
}

// sqliteError answers the extended result code and message of a SQLite
// error in err's chain.
func sqliteError(err error) (code int, msg string, ok bool) {
	var sqlErr *sqlite.Error
	if !errors.As(err, &sqlErr) {
		return 0, "", false
	}
	return sqlErr.Code(), sqlErr.Error(), true
}
