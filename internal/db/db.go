// Package db opens Helio's one SQL database — embedded SQLite by default,
// PostgreSQL for clusters — and gives the domains a single way to query it.
//
// Domain stores write portable SQL with `?` placeholders; DB rebinds them for
// PostgreSQL. Transactions travel in the context: WithTx puts the transaction
// into ctx, and every Exec/Query/QueryRow made with that ctx joins it, so a
// use case and everything it calls (audit, jobs, notify) commit or roll back
// together. Every unavoidable difference between the dialects lives in a named
// helper in this package, never in a domain.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The two supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a handle on the database: a writer pool and a reader pool (the same
// pool on PostgreSQL; one writer connection plus readers on SQLite so that
// writes queue instead of failing with "database is locked").
type DB struct {
	dialect Dialect
	// url is the PostgreSQL URL, for Listen's connection of its own; it
	// may hold a password and is never logged.
	url   string
	write *sql.DB
	read  *sql.DB
	// stmts caches the reader pool's prepared statements (SQLite only).
	stmts *stmtCache
	// writeStmts caches the writer's prepared statements for use inside
	// transactions (SQLite only).
	writeStmts *stmtCache
}

// Options configure Open.
type Options struct {
	// URL is a postgres:// URL; empty selects SQLite.
	URL string
	// SQLitePath is the SQLite file used when URL is empty.
	SQLitePath string
	// MaxConns bounds the PostgreSQL pool (default 16) and the SQLite
	// reader pool (default twice the usable CPUs, at least 4: SQLite reads
	// run on this process's CPUs, and more concurrent readers than that only
	// split the page caches; on 2 CPUs the feed benchmark served 361 reads/s
	// with 2 concurrent readers and 153 with 16).
	MaxConns int
}

// Open connects to the database described by opts and checks that it answers.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if opts.URL != "" {
		if opts.MaxConns <= 0 {
			opts.MaxConns = 16
		}
		return openPostgres(ctx, opts)
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = max(4, 2*runtime.GOMAXPROCS(0))
	}
	return openSQLite(ctx, opts)
}

func openPostgres(ctx context.Context, opts Options) (*DB, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("database url must start with postgres://")
	}
	cfg, err := pgx.ParseConfig(opts.URL)
	if err != nil {
		return nil, err
	}
	// Helio's statements are short lookups and writes. JIT compilation is
	// for long analytic queries: a per-key lookup's estimate on unanalysed
	// tables (SelectByKeys) crosses jit_above_cost, and compiling took
	// 265 ms for a lookup that runs in 1 ms. A URL may still set jit.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(opts.MaxConns)
	pool.SetMaxIdleConns(opts.MaxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{dialect: Postgres, url: opts.URL, write: pool, read: pool}
	if err := d.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return d, nil
}

func openSQLite(ctx context.Context, opts Options) (*DB, error) {
	if opts.SQLitePath == "" {
		return nil, errors.New("sqlite path is empty")
	}
	if err := os.MkdirAll(filepath.Dir(opts.SQLitePath), 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// Every driver (SQLiteDriver) stores times as integer microseconds so
	// that comparisons in SQL are numeric, and reads them back as time.Time.
	write, err := openSQLitePool(opts.SQLitePath, true, slices.Concat(sqlitePragmas, []string{"journal_mode(WAL)"}))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	// The writer connection is opened first so that WAL mode is set before
	// any reader connects.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", opts.SQLitePath, err)
	}
	if err := dropStat4(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", opts.SQLitePath, err)
	}
	// Readers map the file (up to 1 GiB) so that they share the operating
	// system's page cache instead of each reading pages into its own.
	read, err := openSQLitePool(opts.SQLitePath, false, slices.Concat(sqlitePragmas, []string{"query_only(1)", "mmap_size(1073741824)"}))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(opts.MaxConns)
	read.SetMaxIdleConns(opts.MaxConns)
	d := &DB{dialect: SQLite, write: write, read: read, stmts: newStmtCache(read), writeStmts: newStmtCache(write)}
	if err := d.Ping(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// sqlitePragmas are the pragmas of every SQLite connection, the writer's and
// the readers'; the busy timeout comes first, so that it covers the others.
var sqlitePragmas = []string{"busy_timeout(5000)", "foreign_keys(ON)", "synchronous(NORMAL)"}

// dropStat4 deletes the STAT4 samples an ANALYZE leaves in sqlite_stat4
// (sqlite_stat1's row counts stay). With samples present, SQLite plans a
// statement again whenever a value compared with an indexed column is bound,
// so prepared statements are parsed and planned at every execution: 21% of
// the CPU of a feed read, and 1,008 instead of 1,405 reads/s over HTTP.
func dropStat4(ctx context.Context, conn *sql.DB) error {
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	_, err := conn.ExecContext(ctx, `DELETE FROM sqlite_stat4`)
	return err
}

// Dialect reports which engine this DB talks to.
func (d *DB) Dialect() Dialect { return d.dialect }

// Ping checks that both pools answer.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.write.PingContext(ctx); err != nil {
		return err
	}
	return d.read.PingContext(ctx)
}

// CheckWrite tells whether the database takes writes now, by rewriting the
// one row of the health table with the time now. Ping only shows that the
// database answers; a database that is locked, out of disk or read-only
// answers reads and refuses this.
func (d *DB) CheckWrite(ctx context.Context, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, now)
	return err
}

// Close closes the pools.
func (d *DB) Close() error {
	if d.stmts != nil {
		d.stmts.close()
		d.writeStmts.close()
	}
	err := d.write.Close()
	if d.read != d.write {
		if rerr := d.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Stats reports the writer pool's statistics (for metrics).
func (d *DB) Stats() sql.DBStats { return d.write.Stats() }

type txKey struct{}

// txState is what the context carries inside WithTx: the transaction and
// what to do once it has committed.
type txState struct {
	tx *sql.Tx
	// conn is the connection the transaction runs on, held until it ends
	// (PostgreSQL only, see begin).
	conn  *sql.Conn
	after []func()
	// before runs, in order, once fn has succeeded and before the commit.
	before []func(ctx context.Context) error
	// values are the transaction's own values (TxValue).
	values map[any]any
	// ended runs once the transaction has committed or rolled back.
	ended []func()
	// queued are the writes ExecBatched keeps until the next other
	// statement or the commit; failed is the error of a batch of them,
	// which fails the transaction.
	queued []queuedWrite
	failed error
}

// WithTx runs fn inside one transaction carried by the context passed to fn.
// A nested WithTx joins the outer transaction, so use cases compose. The
// transaction commits when fn returns nil and rolls back otherwise (or when
// fn panics); after a commit the functions given to AfterCommit run.
func (d *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	conn, tx, err := d.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	st := &txState{tx: tx, conn: conn}
	txCtx := context.WithValue(ctx, txKey{}, st)
	// rollback ends the transaction and gives its connection back.
	rollback := func() {
		_ = tx.Rollback()
		release(conn)
	}
	defer func() {
		defer func() {
			for _, f := range st.ended {
				f()
			}
		}()
		if p := recover(); p != nil {
			rollback()
			panic(p)
		}
		// A function run before the commit may add another.
		for i := 0; err == nil && i < len(st.before); i++ {
			err = st.before[i](txCtx)
		}
		if err == nil {
			err = sendQueued(txCtx, st)
		}
		if err != nil {
			rollback()
			return
		}
		cerr := tx.Commit()
		release(conn)
		if cerr != nil {
			err = fmt.Errorf("commit: %w", cerr)
			return
		}
		for _, f := range st.after {
			f()
		}
	}()
	return fn(txCtx)
}

// BeforeCommit runs f in the transaction in ctx once the function given to
// WithTx has succeeded, just before the commit; an error from f rolls the
// transaction back and is WithTx's answer. The ledger writes the entries of
// a transaction this way, in a few multi-row statements. Outside a
// transaction it is an error.
func BeforeCommit(ctx context.Context, f func(ctx context.Context) error) error {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return errors.New("db: BeforeCommit outside a transaction")
	}
	st.before = append(st.before, f)
	return nil
}

// TxValue answers the value kept under key for the length of the
// transaction in ctx, made by create the first time it is asked for (a
// package's per-transaction cache or buffer; key is a value of a type of
// the package's own, as for context keys). Outside a transaction it answers
// create() and false: nothing is kept.
func TxValue[T any](ctx context.Context, key any, create func() T) (T, bool) {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return create(), false
	}
	if v, found := st.values[key]; found {
		return v.(T), true
	}
	if st.values == nil {
		st.values = map[any]any{}
	}
	v := create()
	st.values[key] = v
	return v, true
}

// JoinTx answers ctx carrying the transaction of txCtx (and ctx's own
// values: its actor and request), without ctx's cancellation, which would
// otherwise break a transaction shared by several callers. A group commit
// runs each caller's work this way in one transaction.
func JoinTx(txCtx, ctx context.Context) context.Context {
	ctx = context.WithoutCancel(ctx)
	if st, ok := txCtx.Value(txKey{}).(*txState); ok {
		return context.WithValue(ctx, txKey{}, st)
	}
	return ctx
}

// AfterCommit runs f once the transaction in ctx has committed (never when
// it rolls back), or at once when ctx carries no transaction. The job queue
// wakes its workers this way, so that they find the job they are woken for.
func AfterCommit(ctx context.Context, f func()) {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.after = append(st.after, f)
		return
	}
	f()
}

// Detach runs f once the transaction in ctx has ended, committed or rolled
// back, with ctx's values but none of its transaction, so that what f
// writes stays whatever became of the transaction (the audit of a refusal
// inside a transaction that the refusal rolls back); outside a transaction
// f runs at once. On SQLite f could not write before the end anyway: the
// transaction holds the one writer connection.
func Detach(ctx context.Context, f func(ctx context.Context)) {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		f(ctx)
		return
	}
	st.ended = append(st.ended, func() { f(withoutTx{ctx}) })
}

// withoutTx is a context whose transaction is hidden.
type withoutTx struct{ context.Context }

func (c withoutTx) Value(key any) any {
	if _, ok := key.(txKey); ok {
		return nil
	}
	return c.Context.Value(key)
}

// InTx reports whether ctx carries a transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*txState)
	return ok
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn answers where a statement of ctx runs, and the error of the
// writes ctx's transaction queued (ExecBatched), which it sends first.
func (d *DB) conn(ctx context.Context, write bool) (querier, error) {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		err := sendQueued(ctx, st)
		if d.writeStmts != nil {
			return txStmts{tx: st.tx, cache: d.writeStmts}, err
		}
		return st.tx, err
	}
	switch {
	case write:
		return d.write, nil
	case d.stmts != nil:
		return d.stmts, nil
	}
	return d.read, nil
}

// Exec runs a statement in ctx's transaction, or on the writer pool.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q, err := d.conn(ctx, true)
	if err != nil {
		return nil, err
	}
	return q.ExecContext(ctx, d.Rebind(query), args...)
}

// Query runs a query in ctx's transaction, or on the reader pool.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, err := d.conn(ctx, false)
	if err != nil {
		return nil, err
	}
	return q.QueryContext(ctx, d.Rebind(query), args...)
}

// QueryPlanned is Query for a statement whose best plan depends on its
// arguments, such as a keyset page: PostgreSQL plans it for the bound values
// at every execution (an unnamed statement, never given a generic plan),
// where a prepared statement's generic plan, chosen after five executions,
// may read every row its bounds would have skipped. SQLite's plans do not
// depend on bound values (its statistics keep no samples, see dropStat4),
// so there it is Query.
func (d *DB) QueryPlanned(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if d.dialect == Postgres {
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	return d.Query(ctx, query, args...)
}

// QueryRow runs a single-row query in ctx's transaction, or on the reader
// pool. When the writes ctx's transaction queued fail (ExecBatched), the
// query meets the aborted transaction, and the commit answers their error
// in any case.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	q, _ := d.conn(ctx, false)
	return q.QueryRowContext(ctx, d.Rebind(query), args...)
}

// QueryRowWrite runs a single-row statement (INSERT/UPDATE … RETURNING) in
// ctx's transaction, or on the writer pool (queued writes as for QueryRow).
func (d *DB) QueryRowWrite(ctx context.Context, query string, args ...any) *sql.Row {
	q, _ := d.conn(ctx, true)
	return q.QueryRowContext(ctx, d.Rebind(query), args...)
}

// Rebind turns `?` placeholders into PostgreSQL's `$n`. Question marks inside
// quoted strings and identifiers are left alone.
func (d *DB) Rebind(query string) string {
	if d.dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
