package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestRebind(t *testing.T) {
	t.Parallel()
	pg := testkit.Open(t, db.SQLite) // any handle; Rebind is per dialect
	if got := pg.Rebind(`SELECT ? , '?' , "a?" , ?`); got != `SELECT ? , '?' , "a?" , ?` {
		t.Errorf("sqlite rebind changed the query: %s", got)
	}
	for _, dialect := range testkit.Dialects() {
		if dialect != db.Postgres {
			continue
		}
		d := testkit.Open(t, db.Postgres)
		if got, want := d.Rebind(`SELECT ? , '?' , "a?" , ?`), `SELECT $1 , '?' , "a?" , $2`; got != want {
			t.Errorf("postgres rebind = %s, want %s", got, want)
		}
	}
}

// TestSelectByKeys reads rows by keys plus a condition, on both databases,
// and on PostgreSQL checks the plan probes the index per key on a table
// that was never analysed (a sequential scan would read all of it).
func TestSelectByKeys(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE keyed (k TEXT NOT NULL, part TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (k, part))`)
		testkit.Must(t, err)
		_, err = d.Exec(ctx, `INSERT INTO keyed (k, part, n) WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000)
			SELECT 'k' || CAST(i / 2 AS TEXT), CAST(i % 2 AS TEXT), i FROM s`)
		testkit.Must(t, err)
		// A hundred keys, as a batch of order events asks: an IN list of
		// them makes PostgreSQL scan the whole unanalysed table.
		keys := []string{"k7", "k9"}
		for i := range 98 {
			keys = append(keys, fmt.Sprintf("k-missing-%d", i))
		}
		q, args := d.SelectByKeys("k, part, n", "keyed", "k", keys, "n > ?", 14)
		rows, err := d.Query(ctx, q+` ORDER BY n`, args...)
		testkit.Must(t, err)
		var got []string
		for rows.Next() {
			var k, part string
			var n int
			testkit.Must(t, rows.Scan(&k, &part, &n))
			got = append(got, fmt.Sprintf("%s/%s/%d", k, part, n))
		}
		testkit.Must(t, rows.Err())
		if want := []string{"k7/1/15", "k9/0/18", "k9/1/19"}; !slices.Equal(got, want) {
			t.Errorf("rows = %v, want %v", got, want)
		}
		if d.Dialect() != db.Postgres {
			return
		}
		if text := explain(t, d, q, args...); strings.Contains(text, "Seq Scan on keyed") || !strings.Contains(text, "keyed_pkey") {
			t.Errorf("the lookup does not probe the index per key:\n%s", text)
		}
	})
}

// TestLeftJoinEach joins child rows per parent row, keeping a parent
// without children, and on PostgreSQL checks the join probes the child
// table's index (its plan lists no sequential scan of it) and that JIT is
// off on Helio's connections.
func TestLeftJoinEach(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{
			`CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
			`CREATE TABLE child (parent_id INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (parent_id, n))`,
			`INSERT INTO parent (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')`,
			`INSERT INTO child (parent_id, n) WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000)
				SELECT 10 + i % 1000, i FROM s`,
			`INSERT INTO child (parent_id, n) VALUES (1, 1), (1, 2), (3, 7)`,
		} {
			_, err := d.Exec(ctx, q)
			testkit.Must(t, err)
		}
		q := `SELECT p.name, c.n FROM parent p` + d.LeftJoinEach("child", "c", "parent_id", "p.id") + ` ORDER BY p.id, c.n`
		rows, err := d.Query(ctx, q)
		testkit.Must(t, err)
		var got []string
		for rows.Next() {
			var name string
			var n sql.NullInt64
			testkit.Must(t, rows.Scan(&name, &n))
			got = append(got, fmt.Sprintf("%s/%v", name, n.Int64))
		}
		testkit.Must(t, rows.Err())
		if want := []string{"one/1", "one/2", "two/0", "three/7"}; !slices.Equal(got, want) {
			t.Errorf("rows = %v, want %v", got, want)
		}
		if d.Dialect() != db.Postgres {
			return
		}
		var jit string
		testkit.Must(t, d.QueryRow(ctx, `SHOW jit`).Scan(&jit))
		if jit != "off" {
			t.Errorf("jit = %s on Helio's connections, want off", jit)
		}
		if text := explain(t, d, q); strings.Contains(text, "Seq Scan on child") || !strings.Contains(text, "child_pkey") {
			t.Errorf("the join does not probe the index per row:\n%s", text)
		}
	})
}

// explain answers PostgreSQL's plan of q.
func explain(t *testing.T, d *db.DB, q string, args ...any) string {
	t.Helper()
	rows, err := d.Query(context.Background(), `EXPLAIN `+q, args...)
	testkit.Must(t, err)
	var lines []string
	for rows.Next() {
		var line string
		testkit.Must(t, rows.Scan(&line))
		lines = append(lines, line)
	}
	testkit.Must(t, rows.Err())
	return strings.Join(lines, "\n")
}

func TestWithTx(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`)
		testkit.Must(t, err)
		boom := errors.New("boom")
		err = d.WithTx(ctx, func(ctx context.Context) error {
			if _, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES (?, ?)`, "a", 1); err != nil {
				return err
			}
			// A nested transaction joins the outer one and rolls back with it.
			return d.WithTx(ctx, func(ctx context.Context) error {
				if _, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES (?, ?)`, "b", 2); err != nil {
					return err
				}
				return boom
			})
		})
		if !errors.Is(err, boom) {
			t.Fatalf("WithTx error = %v, want boom", err)
		}
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM kv`).Scan(&n))
		if n != 0 {
			t.Fatalf("rolled-back transaction left %d rows", n)
		}
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			_, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES (?, ?)`, "c", 3)
			return err
		}))
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM kv`).Scan(&n))
		if n != 1 {
			t.Fatalf("committed transaction left %d rows, want 1", n)
		}
	})
}

func TestConcurrentWritersQueue(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`)
		testkit.Must(t, err)
		_, err = d.Exec(ctx, `INSERT INTO counter (id, n) VALUES (1, 0)`)
		testkit.Must(t, err)
		var wg sync.WaitGroup
		errs := make(chan error, 8*25)
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 25; i++ {
					errs <- d.WithTx(ctx, func(ctx context.Context) error {
						var n int
						if err := d.QueryRow(ctx, `SELECT n FROM counter WHERE id = 1`+d.ForUpdate()).Scan(&n); err != nil {
							return err
						}
						_, err := d.Exec(ctx, `UPDATE counter SET n = ? WHERE id = 1`, n+1)
						return err
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent transaction failed: %v", err)
			}
		}
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT n FROM counter WHERE id = 1`).Scan(&n))
		if n != 200 {
			t.Fatalf("counter = %d after 200 increments", n)
		}
	})
}

func TestMigrationsAreCurrentAndIdempotent(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ok, err := d.Current(ctx)
		testkit.Must(t, err)
		if !ok {
			t.Fatal("migrations not current after Migrate")
		}
		n, err := d.Migrate(ctx)
		testkit.Must(t, err)
		if n != 0 {
			t.Fatalf("second Migrate applied %d migrations", n)
		}
	})
}

func TestTimesRoundTripInUTC(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 5, 1, 10, 11, 12, 345678000, time.UTC)
		_, err := d.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, 9999, "probe", at)
		testkit.Must(t, err)
		var got time.Time
		testkit.Must(t, d.QueryRow(ctx, `SELECT applied_at FROM schema_migrations WHERE version = ? AND applied_at > ?`,
			9999, at.Add(-time.Microsecond)).Scan(&got))
		if !got.Equal(at) {
			t.Fatalf("time round trip: got %v, want %v", got, at)
		}
	})
}

func TestUniqueViolation(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE u (id TEXT PRIMARY KEY, name TEXT NOT NULL, CONSTRAINT u_name UNIQUE (name))`)
		testkit.Must(t, err)
		_, err = d.Exec(ctx, `INSERT INTO u (id, name) VALUES ('1', 'x')`)
		testkit.Must(t, err)
		_, err = d.Exec(ctx, `INSERT INTO u (id, name) VALUES ('2', 'x')`)
		which, ok := db.IsUniqueViolation(err)
		if !ok {
			t.Fatalf("IsUniqueViolation(%v) = false", err)
		}
		if which == "" {
			t.Fatalf("unique violation names no constraint: %v", err)
		}
	})
}

func TestPageResolve(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	limit, k, err := db.Page{Cursor: db.Cursor(at, "abc")}.Resolve()
	testkit.Must(t, err)
	if limit != db.DefaultLimit || !k.Time.Equal(at) || k.ID != "abc" {
		t.Fatalf("Resolve = %d %v", limit, k)
	}
	for _, bad := range []db.Page{{Limit: 101}, {Limit: -1}, {Cursor: "%%%"}, {Cursor: "YWJj"}} {
		if _, _, err := bad.Resolve(); err == nil {
			t.Errorf("Resolve(%+v) accepted", bad)
		}
	}
}

func TestAfterCommitRunsOnlyAfterACommit(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var ran []string
		db.AfterCommit(ctx, func() { ran = append(ran, "no transaction") })
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			db.AfterCommit(ctx, func() { ran = append(ran, "outer") })
			return d.WithTx(ctx, func(ctx context.Context) error {
				db.AfterCommit(ctx, func() { ran = append(ran, "nested") })
				if len(ran) != 1 {
					t.Errorf("ran %v before the commit", ran)
				}
				return nil
			})
		}))
		err := d.WithTx(ctx, func(ctx context.Context) error {
			db.AfterCommit(ctx, func() { ran = append(ran, "rolled back") })
			return errors.New("roll back")
		})
		if err == nil || strings.Join(ran, ",") != "no transaction,outer,nested" {
			t.Fatalf("ran %v (err %v)", ran, err)
		}
	})
}

// TestOpenDropsStat4Samples checks that opening a SQLite file forgets the
// STAT4 samples of an earlier ANALYZE (they make SQLite re-plan prepared
// statements at every execution) and keeps its row counts.
func TestOpenDropsStat4Samples(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "stat4.db")
	d, err := db.Open(ctx, db.Options{SQLitePath: path})
	testkit.Must(t, err)
	for _, q := range []string{`CREATE TABLE t (k INTEGER, v TEXT)`, `CREATE INDEX t_k ON t (k)`,
		`INSERT INTO t (k, v) VALUES (1, 'a'), (1, 'b'), (2, 'c')`, `ANALYZE`} {
		_, err := d.Exec(ctx, q)
		testkit.Must(t, err)
	}
	count := func(d *db.DB, table string) int {
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n))
		return n
	}
	if count(d, "sqlite_stat4") == 0 {
		t.Skip("this SQLite keeps no STAT4 samples")
	}
	testkit.Must(t, d.Close())
	d, err = db.Open(ctx, db.Options{SQLitePath: path})
	testkit.Must(t, err)
	defer d.Close()
	if s4, s1 := count(d, "sqlite_stat4"), count(d, "sqlite_stat1"); s4 != 0 || s1 == 0 {
		t.Fatalf("after reopening: %d STAT4 samples, %d stat1 rows", s4, s1)
	}
}

// TestIsUnavailable tells the database's "cannot serve now" answers
// (read-only, disk full, connection refused, PostgreSQL's 08/53/57P0x
// classes) from faults, and apperr.Wrap makes them Unavailable (503).
func TestIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	unavailable := map[string]error{}
	for _, dialect := range testkit.Dialects() {
		_, ro := testkit.OpenReadOnly(t, dialect)
		_, err := ro.Exec(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?)`, testkit.Epoch)
		unavailable[string(dialect)+" read-only"] = err
	}
	full := testkit.Open(t, db.SQLite)
	_, err := full.Exec(ctx, `CREATE TABLE filler (b BLOB NOT NULL)`)
	testkit.Must(t, err)
	var pages int
	testkit.Must(t, full.QueryRowWrite(ctx, `PRAGMA page_count`).Scan(&pages))
	_, err = full.Exec(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages))
	testkit.Must(t, err)
	_, err = full.Exec(ctx, `INSERT INTO filler (b) VALUES (randomblob(1048576))`)
	unavailable["sqlite disk full"] = err
	_, err = db.Open(ctx, db.Options{URL: "postgres://helio@127.0.0.1:1/helio?sslmode=disable&connect_timeout=5"})
	unavailable["postgres connection refused"] = err
	for _, code := range []string{"53100", "08006", "57P01", "57P03", "25006"} {
		unavailable["postgres "+code] = fmt.Errorf("exec: %w", &pgconn.PgError{Code: code})
	}
	for what, err := range unavailable {
		if !db.IsUnavailable(err) {
			t.Errorf("%s: IsUnavailable(%v) = false", what, err)
		}
		if e := apperr.Wrap(err, what); e.Code != apperr.Unavailable || e.RetryAfter <= 0 {
			t.Errorf("%s: Wrap gives %s, retry after %v", what, e.Code, e.RetryAfter)
		}
	}

	d := testkit.Open(t, db.SQLite)
	_, err = d.Exec(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?), (1, ?)`, testkit.Epoch, testkit.Epoch)
	faults := map[string]error{"nil": nil, "no rows": sql.ErrNoRows, "unique violation": err, "plain": errors.New("boom"),
		"postgres 23505": &pgconn.PgError{Code: "23505"}, "postgres 42P01": &pgconn.PgError{Code: "42P01"}}
	for what, err := range faults {
		if db.IsUnavailable(err) {
			t.Errorf("%s: IsUnavailable(%v) = true", what, err)
		}
	}
}

// TestCheckWriteNoticesRefusedWrites: the readiness probe passes on a
// writable database and fails on one that only reads.
func TestCheckWriteNoticesRefusedWrites(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			rw, ro := testkit.OpenReadOnly(t, dialect)
			ctx := context.Background()
			testkit.Must(t, rw.CheckWrite(ctx, testkit.Epoch))
			testkit.Must(t, rw.CheckWrite(ctx, testkit.Epoch.Add(time.Second)))
			if err := ro.CheckWrite(ctx, testkit.Epoch); !db.IsUnavailable(err) {
				t.Fatalf("CheckWrite on a read-only database = %v", err)
			}
			testkit.Must(t, ro.Ping(ctx))
		})
	}
}

// TestCountDays pins that rows of one key on one UTC day share an entry,
// that entries keep the order of their first rows, and that an error names
// what was read.
func TestCountDays(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		type day struct {
			Key, Day string
			Rows     int
		}
		day1 := time.Date(2026, 5, 1, 23, 30, 0, 0, time.UTC)
		for i, r := range []struct {
			key string
			at  time.Time
		}{{"b", day1}, {"a", day1}, {"b", day1.Add(time.Minute)}, {"b", day1.Add(time.Hour)}, {"a", day1.Add(-time.Hour)}} {
			_, err := d.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, 9000+i, r.key, r.at)
			testkit.Must(t, err)
		}
		count := func() ([]day, error) {
			rows, err := d.Query(ctx, `SELECT name, applied_at FROM schema_migrations WHERE version >= 9000 ORDER BY version`)
			return db.CountDays(rows, err, "count probes",
				func(r db.Scanner) (key string, at time.Time, _ string, err error) {
					err = r.Scan(&key, &at)
					return key, at, key, err
				},
				func(e *day, d, key string) { e.Key, e.Day, e.Rows = key, d, e.Rows+1 })
		}
		got, err := count()
		testkit.Must(t, err)
		want := []day{{"b", "2026-05-01", 2}, {"a", "2026-05-01", 2}, {"b", "2026-05-02", 1}}
		if !slices.Equal(got, want) {
			t.Fatalf("per-day counts: %v, want %v", got, want)
		}
		_, err = db.CountDays(nil, errors.New("boom"), "count probes", nil, func(*day, string, string) {})
		if err == nil || !strings.Contains(err.Error(), "count probes") {
			t.Fatalf("a failed query: %v", err)
		}
	})
}
