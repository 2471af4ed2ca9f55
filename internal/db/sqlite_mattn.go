//go:build sqlite_mattn

package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// SQLiteDriver names the SQLite driver of this build (-tags 'sqlite_mattn
// sqlite_fts5 sqlite_stat4', CGO_ENABLED=1): github.com/mattn/go-sqlite3,
// SQLite's C source through cgo. sqlite_fts5 compiles in the FTS5 the
// search tables use; sqlite_stat4 matches the other drivers' ANALYZE.
const SQLiteDriver = "github.com/mattn/go-sqlite3"

// openSQLitePool opens a pool on the SQLite file at path whose connections
// run pragmas (written name(value)) as they open, begin their transactions
// IMMEDIATE when writer is set, and store times as integer microseconds
// since 1970 that read back as time.Time from the columns declared
// TIMESTAMP (microConn).
func openSQLitePool(path string, writer bool, pragmas []string) (*sql.DB, error) {
	dsn := "file:" + path
	if writer {
		dsn += "?_txlock=immediate"
	}
	return sql.OpenDB(mattnConnector{dsn: dsn, pragmas: pragmas}), nil
}

// mattnDriver opens the connections; its DSN has no general pragma
// parameter, so mattnConnector runs them.
var mattnDriver = &sqlite3.SQLiteDriver{}

// mattnConnector opens connections on dsn, runs pragmas on each and wraps
// it in a microConn.
type mattnConnector struct {
	dsn     string
	pragmas []string
}

// Connect opens a connection.
func (c mattnConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := mattnDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc := conn.(*sqlite3.SQLiteConn)
	for _, p := range c.pragmas {
		if _, err := sc.Exec("PRAGMA "+p, nil); err != nil {
			sc.Close()
			return nil, fmt.Errorf("pragma %s: %w", p, err)
		}
	}
	return microConn{sc}, nil
}

// Driver answers the driver of the connections.
func (mattnConnector) Driver() driver.Driver { return mattnDriver }

// microConn is a connection of mattn's driver that writes and reads times
// as the other drivers do. On its own the driver binds a time as text and
// reads an integer of a TIMESTAMP column as seconds or milliseconds.
type microConn struct{ *sqlite3.SQLiteConn }

// CheckNamedValue binds a time as its integer microseconds since 1970.
func (microConn) CheckNamedValue(nv *driver.NamedValue) error {
	if t, ok := nv.Value.(time.Time); ok {
		nv.Value = t.UnixMicro()
		return nil
	}
	return driver.ErrSkip
}

// QueryContext runs a query whose times read as microseconds.
func (c microConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.SQLiteConn.QueryContext(ctx, query, args)
	return microRowsOf(rows, err)
}

// PrepareContext prepares a statement whose queries' times read as
// microseconds.
func (c microConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.SQLiteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return microStmt{st.(*sqlite3.SQLiteStmt)}, nil
}

// microStmt is a prepared statement of a microConn.
type microStmt struct{ *sqlite3.SQLiteStmt }

// QueryContext runs the statement's query, its times read as microseconds.
func (s microStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.SQLiteStmt.QueryContext(ctx, args)
	return microRowsOf(rows, err)
}

func microRowsOf(rows driver.Rows, err error) (driver.Rows, error) {
	if err != nil {
		return nil, err
	}
	return &microRows{SQLiteRows: rows.(*sqlite3.SQLiteRows)}, nil
}

// microRows are the rows of a query of a microConn.
type microRows struct {
	*sqlite3.SQLiteRows
	// times flags the columns declared TIMESTAMP, DATETIME or DATE, which
	// the driver turns into time.Time (filled at the first row).
	times []bool
}

// Next reads the next row, correcting the times the driver read from
// integer microseconds as milliseconds (fromMilliRead).
func (r *microRows) Next(dest []driver.Value) error {
	if err := r.SQLiteRows.Next(dest); err != nil {
		return err
	}
	if r.times == nil {
		r.times = make([]bool, len(dest))
		for i, decl := range r.DeclTypes() {
			r.times[i] = decl == "timestamp" || decl == "datetime" || decl == "date"
		}
	}
	for i, v := range dest {
		if t, ok := v.(time.Time); ok && r.times[i] {
			dest[i] = fromMilliRead(t)
		}
	}
	return nil
}

// inverse15625 is the inverse of 15625 modulo 2⁶⁴: 15625·inverse15625 ≡ 1.
const inverse15625 = 0x790fb65668c26139

// fromMilliRead answers the time of the microseconds µs that mattn's driver
// read as milliseconds, answering time.Unix(0, µs·10⁶) with the product
// wrapped to 64 bits. 10⁶ is 2⁶·15625 and 15625 is odd, so bits 6–63 of
// the product are µs·15625 modulo 2⁵⁸, which inverse15625 undoes for any
// |µs| < 2⁵⁷ (4,500 years either side of 1970). The driver reads a value
// within 10¹² of 0 (11.6 days of 1970-01-01) as seconds instead; Helio
// stores no such time.
func fromMilliRead(t time.Time) time.Time {
	x := uint64(t.UnixNano()) >> 6
	us := int64(x*inverse15625<<6) >> 6
	return time.UnixMicro(us).UTC()
}

// sqliteError answers the extended result code and message of a SQLite
// error in err's chain.
func sqliteError(err error) (code int, msg string, ok bool) {
	var sqlErr sqlite3.Error
	if !errors.As(err, &sqlErr) {
		return 0, "", false
	}
	return int(sqlErr.ExtendedCode), sqlErr.Error(), true
}
