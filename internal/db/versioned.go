package db

import (
	"context"
	"slices"
	"sync"
)

// VersionedCache keeps values read from the database by id, in this process,
// each with the version it was read at. A table of version counters (id
// TEXT PRIMARY KEY, version BIGINT), raised by triggers on every change of
// what a value shows, says whether a kept value is still current; an id
// without a row is at version 0. Find reads the current versions of all the
// ids asked for in one query and reads again only the values that are
// missing or whose version moved, so a change written by any replica shows
// on the next read of every replica. When full, the cache starts over.
type VersionedCache[T any] struct {
	db       *DB
	versions string
	size     int
	mu       sync.RWMutex
	entries  map[string]versioned[T]
}

// versioned is a value and the version it was read at.
type versioned[T any] struct {
	version int64
	value   T
}

// NewVersionedCache makes a cache of at most size values whose versions are
// in table (a name from a migration, never input), read through its
// idColumn and version columns.
func NewVersionedCache[T any](d *DB, table, idColumn string, size int) *VersionedCache[T] {
	return &VersionedCache[T]{db: d, size: size, entries: map[string]versioned[T]{},
		versions: `SELECT ` + idColumn + `, version FROM ` + table + ` WHERE ` + idColumn + ` IN `}
}

// Find returns the values of ids, by id, from the cache where current and
// from fetch otherwise; fetch reads the values of the ids it is given from
// the database and leaves out those that have none (which are not kept, so
// they are fetched again next time). Inside a transaction Find only calls
// fetch: what the transaction reads may yet roll back.
func (c *VersionedCache[T]) Find(ctx context.Context, ids []string,
	fetch func(ctx context.Context, ids []string) (map[string]T, error)) (map[string]T, error) {
	if len(ids) == 0 || InTx(ctx) {
		return fetch(ctx, ids)
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	// The versions are read before the values, so a change made in between
	// raises its version past the one kept with the value.
	current, err := c.current(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]T, len(ids))
	var stale []string
	c.mu.RLock()
	for _, id := range ids {
		if e, ok := c.entries[id]; ok && e.version == current[id] {
			out[id] = e.value
		} else {
			stale = append(stale, id)
		}
	}
	c.mu.RUnlock()
	if len(stale) == 0 {
		return out, nil
	}
	fresh, err := fetch(ctx, stale)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	added := 0
	for id := range fresh {
		if _, ok := c.entries[id]; !ok {
			added++
		}
	}
	if len(c.entries)+added > c.size {
		clear(c.entries)
	}
	for id, v := range fresh {
		c.entries[id] = versioned[T]{version: current[id], value: v}
		out[id] = v
	}
	return out, nil
}

// current reads the versions of ids.
func (c *VersionedCache[T]) current(ctx context.Context, ids []string) (map[string]int64, error) {
	type version struct {
		id string
		n  int64
	}
	in, args := InList(ids)
	rows, err := c.db.Query(ctx, c.versions+in, args...)
	found, err := ScanAll(rows, err, "find versions", func(r Scanner) (version, error) {
		var v version
		return v, r.Scan(&v.id, &v.n)
	})
	out := make(map[string]int64, len(found))
	for _, v := range found {
		out[v.id] = v.n
	}
	return out, err
}
