package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

type counterKey struct{}

// TestBeforeCommitAndTxValue: values live as long as their transaction,
// functions run before the commit write in it (and may add more), their
// error rolls everything back, and JoinTx carries the transaction into
// another context without its cancellation.
func TestBeforeCommitAndTxValue(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`)
		testkit.Must(t, err)
		if err := db.BeforeCommit(ctx, func(context.Context) error { return nil }); err == nil {
			t.Error("BeforeCommit outside a transaction succeeded")
		}
		if _, kept := db.TxValue(ctx, counterKey{}, func() *int { return new(int) }); kept {
			t.Error("TxValue kept a value outside a transaction")
		}
		var order []string
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			n, _ := db.TxValue(ctx, counterKey{}, func() *int { return new(int) })
			*n = 41
			again, kept := db.TxValue(ctx, counterKey{}, func() *int { return new(int) })
			if !kept || *again != 41 {
				t.Errorf("TxValue answered %d (kept %v), want the transaction's 41", *again, kept)
			}
			testkit.Must(t, db.BeforeCommit(ctx, func(ctx context.Context) error {
				order = append(order, "first")
				n, _ := db.TxValue(ctx, counterKey{}, func() *int { return new(int) })
				_, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES (?, ?)`, "n", *n+1)
				testkit.Must(t, db.BeforeCommit(ctx, func(context.Context) error { order = append(order, "added"); return nil }))
				return err
			}))
			// A caller's context joined to the transaction writes in it
			// even once the caller's context is cancelled.
			caller, cancel := context.WithCancel(authz.WithActor(context.Background(), authz.Actor{UserID: "u1"}))
			cancel()
			joined := db.JoinTx(ctx, caller)
			if !db.InTx(joined) || authz.ActorFrom(joined).UserID != "u1" || joined.Err() != nil {
				t.Errorf("JoinTx: in tx %v, actor %q, err %v", db.InTx(joined), authz.ActorFrom(joined).UserID, joined.Err())
			}
			_, err := d.Exec(joined, `INSERT INTO kv (k, v) VALUES (?, ?)`, "joined", 1)
			order = append(order, "fn")
			return err
		}))
		var v int
		testkit.Must(t, d.QueryRow(ctx, `SELECT v FROM kv WHERE k = 'n'`).Scan(&v))
		if v != 42 || len(order) != 3 || order[0] != "fn" || order[1] != "first" || order[2] != "added" {
			t.Errorf("before commit wrote %d in order %v, want 42 after fn, first, added", v, order)
		}
		boom := errors.New("boom")
		err = d.WithTx(ctx, func(ctx context.Context) error {
			testkit.Must(t, db.BeforeCommit(ctx, func(context.Context) error { return boom }))
			_, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES (?, ?)`, "rolled back", 1)
			return err
		})
		var n int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM kv`).Scan(&n))
		if !errors.Is(err, boom) || n != 2 {
			t.Errorf("a failing function before the commit answered %v and left %d rows, want boom and 2", err, n)
		}
	})
}

// TestTransactionsReuseStatements: the same statement run in transaction
// after transaction (prepared in the background on SQLite after its first
// run) keeps answering right, with other arguments each time.
func TestTransactionsReuseStatements(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`)
		testkit.Must(t, err)
		for i := range 50 {
			testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
				if _, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES (?, ?)`, string(rune('a'+i%26))+string(rune('a'+i/26)), i); err != nil {
					return err
				}
				var sum int
				if err := d.QueryRow(ctx, `SELECT SUM(v) FROM kv WHERE v <= ?`, i).Scan(&sum); err != nil {
					return err
				}
				if want := i * (i + 1) / 2; sum != want {
					t.Errorf("transaction %d: sum %d, want %d", i, sum, want)
				}
				return nil
			}))
		}
	})
}

// TestDetachRunsAfterTheTransaction: a detached function runs once its
// transaction has rolled back, outside it, and what it writes stays.
func TestDetachRunsAfterTheTransaction(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithActor(context.Background(), authz.Actor{UserID: "u1"})
		_, err := d.Exec(ctx, `CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`)
		testkit.Must(t, err)
		boom := errors.New("boom")
		ran := false
		err = d.WithTx(ctx, func(ctx context.Context) error {
			db.Detach(ctx, func(ctx context.Context) {
				ran = true
				if db.InTx(ctx) || authz.ActorFrom(ctx).UserID != "u1" {
					t.Errorf("detached: in a transaction %v, actor %q", db.InTx(ctx), authz.ActorFrom(ctx).UserID)
				}
				_, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES ('kept', 1)`)
				testkit.Must(t, err)
			})
			if ran {
				t.Error("the detached function ran inside its transaction")
			}
			_, err := d.Exec(ctx, `INSERT INTO kv (k, v) VALUES ('rolled back', 1)`)
			testkit.Must(t, err)
			return boom
		})
		var keys string
		testkit.Must(t, d.QueryRow(ctx, `SELECT COALESCE(MAX(k), '') FROM kv`).Scan(&keys))
		if !errors.Is(err, boom) || !ran || keys != "kept" {
			t.Errorf("rollback %v, ran %v, rows %q: want the detached write alone", err, ran, keys)
		}
	})
}

// TestExecBatched: queued writes (with the arguments they were given) are
// in the table for the transaction's next statement and after its commit,
// gone after a rollback; a failing
// queued write fails the transaction (at its next statement or its commit)
// and nothing of it stays.
func TestExecBatched(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE batched (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`)
		testkit.Must(t, err)
		count := func(ctx context.Context) int {
			var n int
			testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM batched`).Scan(&n))
			return n
		}
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			testkit.Must(t, d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "a", 1))
			args := []any{"b", 2, "c", 3}
			testkit.Must(t, d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?), (?, ?)`, args...))
			args[0], args[2] = "a", "a" // a caller may reuse its arguments once the write is queued
			if n := count(ctx); n != 3 {
				t.Errorf("the next statement saw %d rows, want the 3 queued before it", n)
			}
			testkit.Must(t, db.BeforeCommit(ctx, func(ctx context.Context) error {
				return d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "d", 4)
			}))
			return d.ExecBatched(ctx, `UPDATE batched SET v = v + 10 WHERE k = ?`, "a")
		}))
		var a int
		testkit.Must(t, d.QueryRow(ctx, `SELECT v FROM batched WHERE k = 'a'`).Scan(&a))
		if n := count(ctx); n != 4 || a != 11 {
			t.Errorf("after the commit: %d rows, a = %d; want 4 rows and 11", n, a)
		}
		boom := errors.New("boom")
		err = d.WithTx(ctx, func(ctx context.Context) error {
			testkit.Must(t, d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "rolled back", 1))
			return boom
		})
		if n := count(ctx); !errors.Is(err, boom) || n != 4 {
			t.Errorf("a rolled-back transaction answered %v and left %d rows, want boom and 4", err, n)
		}
		// A duplicate key in a queued write: on SQLite it fails at once, on
		// PostgreSQL at the commit; either way the transaction rolls back.
		err = d.WithTx(ctx, func(ctx context.Context) error {
			testkit.Must(t, d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "e", 5))
			return d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "a", 1)
		})
		if _, dup := db.IsUniqueViolation(err); !dup || count(ctx) != 4 {
			t.Errorf("a failing queued write answered %v and left %d rows, want a unique violation and 4", err, count(ctx))
		}
		// The next statement after a failing queued write answers its error.
		err = d.WithTx(ctx, func(ctx context.Context) error {
			if err := d.ExecBatched(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "b", 1); err != nil {
				return err
			}
			_, err := d.Exec(ctx, `INSERT INTO batched (k, v) VALUES (?, ?)`, "f", 6)
			return err
		})
		if _, dup := db.IsUniqueViolation(err); !dup || count(ctx) != 4 {
			t.Errorf("the statement after a failing queued write answered %v, %d rows left; want a unique violation and 4", err, count(ctx))
		}
	})
}
