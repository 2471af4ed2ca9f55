package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// queuedWrite is a statement ExecBatched queued in a transaction.
type queuedWrite struct {
	query string
	args  []any
}

// ExecBatched runs a write whose result nobody reads (an INSERT of rows
// that are only read back later, an audit row) in ctx's transaction. On
// PostgreSQL it is queued and sent with the transaction's other queued
// writes as one pgx batch, one round trip, just before the transaction's
// next other statement or its commit; an error of a queued write is the
// answer of that statement or of the commit, and the transaction rolls
// back. A transaction holding the ledger's head thus spends one round trip
// on its writes instead of one per statement. SQLite, in process, runs the
// write at once. Outside a transaction it is Exec.
func (d *DB) ExecBatched(ctx context.Context, query string, args ...any) error {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok || d.dialect != Postgres {
		_, err := d.Exec(ctx, query, args...)
		return err
	}
	if st.failed != nil {
		return st.failed
	}
	// A copy: the caller may reuse its slice for the next statement.
	st.queued = append(st.queued, queuedWrite{query: d.Rebind(query), args: append([]any(nil), args...)})
	return nil
}

// sendQueued sends the writes queued in st as one batch on the
// transaction's connection. After a failure the transaction is aborted:
// every later statement fails, and sendQueued answers the first error again
// (the commit's answer).
func sendQueued(ctx context.Context, st *txState) error {
	if st.failed != nil || len(st.queued) == 0 {
		return st.failed
	}
	queued := st.queued
	st.queued = nil
	err := st.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return errors.New("db: batched writes need the pgx driver")
		}
		b := &pgx.Batch{}
		for _, w := range queued {
			b.Queue(w.query, w.args...)
		}
		return c.Conn().SendBatch(ctx, b).Close()
	})
	if err != nil {
		st.failed = fmt.Errorf("batched write: %w", err)
	}
	return st.failed
}

// begin starts a transaction. On PostgreSQL it runs on a connection of
// its own, held until it ends, so that its queued writes can reach the
// driver's connection (sql.Conn.Raw); SQLite queues none, and its
// transactions stay on the pool's one writer connection (conn nil).
func (d *DB) begin(ctx context.Context) (*sql.Conn, *sql.Tx, error) {
	if d.dialect != Postgres {
		tx, err := d.write.BeginTx(ctx, nil)
		return nil, tx, err
	}
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		_ = conn.Close()
		return nil, nil, err
	}
	return conn, tx, nil
}

// release gives a transaction's own connection back to the pool once the
// transaction has ended.
func release(conn *sql.Conn) {
	if conn != nil {
		_ = conn.Close()
	}
}
