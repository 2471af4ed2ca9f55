package db

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Notify tells every process listening on channel (see Listen) that
// something happened there, such as a job being enqueued. It runs at once
// on a pool connection, outside any transaction in ctx: call it from
// AfterCommit, so that listeners find what they are told about. On SQLite,
// whose database one process holds, it does nothing; that process wakes its
// own workers.
func (d *DB) Notify(ctx context.Context, channel string) error {
	if d.dialect != Postgres {
		return nil
	}
	_, err := d.write.ExecContext(ctx, `SELECT pg_notify($1, '')`, channel)
	return err
}

// Listen calls heard whenever a Notify on channel commits, in any process
// on the database, until ctx is done; and once as soon as it listens, for
// what was notified before. It holds a connection of its own, outside the
// pool. It returns nil when ctx ends and an error when the connection
// fails, after which the caller may listen again. On SQLite it only waits
// for ctx.
func (d *DB) Listen(ctx context.Context, channel string, heard func()) error {
	if d.dialect != Postgres {
		<-ctx.Done()
		return nil
	}
	conn, err := pgx.Connect(ctx, d.url)
	if err != nil {
		return unlessDone(ctx, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return unlessDone(ctx, err)
	}
	for {
		heard()
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return unlessDone(ctx, err)
		}
	}
}

// unlessDone is nil when ctx has ended (the failure is its doing), err otherwise.
func unlessDone(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}
