// Package testkit opens test databases of either dialect and holds the
// fixtures tests share. EachDB runs a test on SQLite always, and again on
// PostgreSQL when HELIO_TEST_POSTGRES holds a DSN; every run gets a database
// (SQLite file) or schema (PostgreSQL) of its own, so tests run in parallel.
package testkit

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/db"
)

// PostgresEnv names the variable holding the PostgreSQL DSN for tests.
const PostgresEnv = "HELIO_TEST_POSTGRES"

// Epoch is the fixed time test clocks start at.
var Epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// EachDB runs fn as a subtest per available dialect, each with a freshly
// migrated database.
func EachDB(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Dialects lists the dialects this test run covers.
func Dialects() []db.Dialect {
	if os.Getenv(PostgresEnv) != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// Open returns a migrated, empty database of the dialect, removed when the
// test ends.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	return migrated(t, fresh(t, dialect))
}

// OpenTwice returns two independent handles on one migrated, empty
// database of the dialect, as two replicas (or processes) hold it.
func OpenTwice(t testing.TB, dialect db.Dialect) (*db.DB, *db.DB) {
	t.Helper()
	opts := fresh(t, dialect)
	return migrated(t, opts), open(t, opts)
}

// OpenReadOnly is OpenTwice whose second handle reads but cannot write,
// as when the database is read-only, locked or out of disk: its SQLite
// writer connection is query_only, its PostgreSQL sessions set
// default_transaction_read_only. Tests use it for what the application does
// while the database refuses writes (SPEC §12).
func OpenReadOnly(t testing.TB, dialect db.Dialect) (writable, readOnly *db.DB) {
	t.Helper()
	opts := fresh(t, dialect)
	writable = migrated(t, opts)
	if dialect == db.Postgres {
		opts.URL = withParam(t, opts.URL, "default_transaction_read_only", "on")
		return writable, open(t, opts)
	}
	readOnly = open(t, opts)
	// Outside a transaction Exec runs on the one writer connection, which
	// the pool keeps for the life of the handle.
	_, err := readOnly.Exec(context.Background(), `PRAGMA query_only = 1`)
	Must(t, err)
	return writable, readOnly
}

// fresh returns the options of a new, empty database of the dialect: a
// SQLite file in a temporary folder, or a PostgreSQL schema of its own.
func fresh(t testing.TB, dialect db.Dialect) db.Options {
	if dialect == db.Postgres {
		return db.Options{URL: PostgresSchema(t), MaxConns: 4}
	}
	return db.Options{SQLitePath: filepath.Join(t.TempDir(), "test.db"), MaxConns: 4}
}

// migrated opens a handle and applies the migrations.
func migrated(t testing.TB, opts db.Options) *db.DB {
	t.Helper()
	d := open(t, opts)
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return d
}

// open opens a handle closed when the test ends.
func open(t testing.TB, opts db.Options) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// PostgresSchema creates a scratch schema in the HELIO_TEST_POSTGRES
// database, drops it when the test ends, and returns a DSN whose
// search_path points at it, then at public.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skip(PostgresEnv + " is not set")
	}
	schema := "t_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	// public holds shared extensions (pg_trgm) whose operators must resolve.
	return withParam(t, dsn, "search_path", schema+",public")
}

// withParam sets a query parameter of a PostgreSQL URL; pgx sends unknown
// ones to the server as run-time parameters of every session.
func withParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// Must fails the test when err is not nil.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Name returns a short unique name for fixtures.
func Name(prefix string) string {
	return fmt.Sprintf("%s%s", prefix, strings.ReplaceAll(uuid.NewString(), "-", "")[:8])
}
