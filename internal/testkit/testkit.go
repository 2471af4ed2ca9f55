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
	ctx := context.Background()
	opts := db.Options{SQLitePath: filepath.Join(t.TempDir(), "test.db"), MaxConns: 4}
	if dialect == db.Postgres {
		opts = db.Options{URL: PostgresSchema(t), MaxConns: 4}
	}
	d, err := db.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
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
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	// public holds shared extensions (pg_trgm) whose operators must resolve.
	q.Set("search_path", schema+",public")
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
