//go:build sqlite_ncruces

package db

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"
)

// SQLiteDriver names the SQLite driver of this build (-tags sqlite_ncruces):
// github.com/ncruces/go-sqlite3, SQLite compiled to WebAssembly and
// translated to Go.
const SQLiteDriver = "github.com/ncruces/go-sqlite3"

// FTS5, which the content and discovery search tables use, is an extension
// of this driver that every connection registers as it opens.
func init() { sqlite3.AutoExtension(fts5.Register) }

// openSQLitePool opens a pool on the SQLite file at path whose connections
// run pragmas (written name(value)) as they open, begin their transactions
// IMMEDIATE when writer is set, and store times as integer microseconds
// since 1970 that read back as time.Time from the columns declared
// TIMESTAMP.
func openSQLitePool(path string, writer bool, pragmas []string) (*sql.DB, error) {
	dsn := "file:" + path + "?_timefmt=" + string(sqlite3.TimeFormatUnixMicro) + "&_pragma=" + strings.Join(pragmas, "&_pragma=")
	if writer {
		dsn += "&_txlock=immediate"
	}
	return driver.Open(dsn)
}

// sqliteError answers the extended result code and message of a SQLite
// error in err's chain. The driver reports some, such as a write refused
// on a read-only file, as a bare code without an *sqlite3.Error; each
// converts to an ExtendedErrorCode.
func sqliteError(err error) (code int, msg string, ok bool) {
	var xcode sqlite3.ExtendedErrorCode
	if !errors.As(err, &xcode) {
		return 0, "", false
	}
	return int(xcode), err.Error(), true
}
