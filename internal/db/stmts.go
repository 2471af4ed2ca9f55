package db

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds a statement cache; queries past it run unprepared.
const maxCachedStmts = 2000

// stmtCache keeps one prepared statement per query text for the SQLite
// reader pool (reads outside transactions). SQLite's driver parses every query anew, which took a quarter of the time
// of a feed read; a prepared statement is parsed once per connection and
// then reused. pgx keeps its own per-connection statement cache, so
// PostgreSQL needs none. Writes are not cached: the one writer connection
// may be held by a transaction, and preparing on the pool would wait for it.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
	// preparing holds the queries being prepared in the background
	// (prepareLater), closed tells those preparations to stop.
	preparing map[string]bool
	closed    bool
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, preparing: map[string]bool{}}
}

// lookup returns the statement prepared for query, or nil and prepares it
// in the background for next time (prepareLater).
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.RLock()
	st := c.m[query]
	c.mu.RUnlock()
	if st == nil {
		c.prepareLater(query)
	}
	return st
}

// prepareLater prepares query on the pool in a goroutine of its own. The
// SQLite writer pool has one connection, which the transaction asking is
// holding: preparing there and then would wait for itself, so the
// statement is prepared once the connection is free, and the next
// transaction finds it.
func (c *stmtCache) prepareLater(query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.preparing[query] || len(c.m)+len(c.preparing) >= maxCachedStmts {
		return
	}
	c.preparing[query] = true
	go func() {
		st, err := c.pool.Prepare(query)
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.preparing, query)
		switch {
		case err != nil:
		case c.closed:
			_ = st.Close()
		default:
			c.m[query] = st
		}
	}()
}

// get returns the statement for query, preparing it the first time. It
// returns nil when the cache is full or preparing fails; the caller then
// runs the query unprepared (and meets the error there).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	st, err := c.pool.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.m[query] = st
	return st
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for q, st := range c.m {
		_ = st.Close()
		delete(c.m, q)
	}
}

// ExecContext runs a statement on the pool through its prepared statement.
func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.get(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.pool.ExecContext(ctx, query, args...)
}

// QueryContext runs a query on the pool through its prepared statement.
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.get(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.pool.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a single-row query on the pool through its prepared
// statement.
func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.pool.QueryRowContext(ctx, query, args...)
}

// txStmts runs a SQLite transaction's statements through the writer's
// prepared statements (Tx.StmtContext reuses the statement prepared on the
// transaction's connection), so that a transaction of many statements
// parses each once per connection, not once per execution.
type txStmts struct {
	tx    *sql.Tx
	cache *stmtCache
}

func (t txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.cache.lookup(query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t txStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.cache.lookup(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t txStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.cache.lookup(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
