package db

import (
	"context"
	"fmt"
	"strings"
)

// StaleKeyPrefix starts a derived key that a migration invalidated because
// the function deriving it changed: the migration sets such keys to
// StaleKeyPrefix || id (unique, and never the key of a name: names refuse
// ':'), and Rekey recomputes them in Go at start-up.
const StaleKeyPrefix = "rekey:"

// collisionKeyPrefix starts the key Rekey gives a row whose new key another
// row already holds.
const collisionKeyPrefix = "collision:"

// KeyColumn names a table's derived unique key: Key holds Derive(Source),
// and ID orders the rows (UUIDv7, so the oldest row first). Collided is
// told, in the transaction, of each row whose new key an older row holds.
type KeyColumn struct {
	Table, ID, Source, Key string
	Derive                 func(string) string
	Collided               func(ctx context.Context, id string) error
}

// Rekey recomputes the stale keys of a KeyColumn (see StaleKeyPrefix) in one
// transaction, oldest row first. A row whose new key an older row already
// holds keeps its name and gets the unique key "collision:<id>:<key>",
// which no name derives to, so both rows survive and the older one keeps
// the name's key; c.Collided is told of it. Replicas starting together are
// serialised by the row locks.
func (d *DB) Rekey(ctx context.Context, c KeyColumn) error {
	// A read first, so that a start with nothing to rekey takes no write
	// (the database may refuse writes for now; reads still serve).
	var stale bool
	if err := d.QueryRow(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s WHERE %s LIKE ?)`, c.Table, c.Key),
		StaleKeyPrefix+"%").Scan(&stale); err != nil || !stale {
		return err
	}
	return d.WithTx(ctx, func(ctx context.Context) error {
		rows, err := d.Query(ctx, fmt.Sprintf(`SELECT %s, %s FROM %s WHERE %s LIKE ? ORDER BY %s`+d.ForUpdate(),
			c.ID, c.Source, c.Table, c.Key, c.ID), StaleKeyPrefix+"%")
		if err != nil {
			return err
		}
		type row struct{ id, source string }
		var stale []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.source); err != nil {
				rows.Close()
				return err
			}
			stale = append(stale, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range stale {
			key := c.Derive(r.source)
			var n int
			if err := d.QueryRow(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE %s = ?`, c.Table, c.Key), key).Scan(&n); err != nil {
				return err
			}
			if n > 0 || strings.HasPrefix(key, StaleKeyPrefix) || strings.HasPrefix(key, collisionKeyPrefix) {
				key = collisionKeyPrefix + r.id + ":" + key
				if err := c.Collided(ctx, r.id); err != nil {
					return err
				}
			}
			if _, err := d.Exec(ctx, fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, c.Table, c.Key, c.ID), key, r.id); err != nil {
				return err
			}
		}
		return nil
	})
}
