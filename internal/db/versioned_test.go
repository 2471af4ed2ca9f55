package db_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestVersionedCache: values are read once and kept while their version
// holds; a raised version, whichever process raised it, makes the next Find
// read that value again and only that one; ids without a value are asked
// again; inside a transaction nothing is kept or used; the cache stays
// within its size.
func TestVersionedCache(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, stmt := range []string{
			`CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)`,
			`CREATE TABLE kv_versions (k TEXT PRIMARY KEY, version BIGINT NOT NULL)`,
			`INSERT INTO kv (k, v) VALUES ('a', 'one'), ('b', 'two'), ('c', 'three')`,
		} {
			_, err := d.Exec(ctx, stmt)
			testkit.Must(t, err)
		}
		var asked [][]string
		fetch := func(ctx context.Context, ids []string) (map[string]string, error) {
			asked = append(asked, slices.Sorted(slices.Values(ids)))
			in, args := db.InList(ids)
			rows, err := d.Query(ctx, `SELECT k, v FROM kv WHERE k IN `+in, args...)
			pairs, err := db.ScanAll(rows, err, "find kv", func(r db.Scanner) ([2]string, error) {
				var p [2]string
				return p, r.Scan(&p[0], &p[1])
			})
			out := map[string]string{}
			for _, p := range pairs {
				out[p[0]] = p[1]
			}
			return out, err
		}
		c := db.NewVersionedCache[string](d, "kv_versions", "k", 3)
		findIn := func(c *db.VersionedCache[string], what string, want map[string]string, wantAsked ...[]string) {
			t.Helper()
			asked = nil
			got, err := c.Find(ctx, []string{"a", "b", "x", "a", "c"}, fetch)
			testkit.Must(t, err)
			if !maps.Equal(got, want) {
				t.Errorf("%s: found %v, want %v", what, got, want)
			}
			if !slices.EqualFunc(asked, wantAsked, slices.Equal) {
				t.Errorf("%s: fetched %v, want %v", what, asked, wantAsked)
			}
		}
		find := func(what string, want map[string]string, wantAsked ...[]string) {
			t.Helper()
			findIn(c, what, want, wantAsked...)
		}
		exec := func(stmt string) {
			t.Helper()
			_, err := d.Exec(ctx, stmt)
			testkit.Must(t, err)
		}
		all := map[string]string{"a": "one", "b": "two", "c": "three"}
		find("first", all, []string{"a", "b", "c", "x"})
		find("kept", all, []string{"x"})

		// A change with its version raised is read again, alone.
		exec(`UPDATE kv SET v = 'deux' WHERE k = 'b'`)
		exec(`INSERT INTO kv_versions (k, version) VALUES ('b', 1)`)
		all["b"] = "deux"
		find("after b moved", all, []string{"b", "x"})
		find("b kept", all, []string{"x"})

		// Another process's cache (another replica) sees the same.
		other := db.NewVersionedCache[string](d, "kv_versions", "k", 3)
		exec(`UPDATE kv SET v = 'trois' WHERE k = 'c'`)
		exec(`UPDATE kv_versions SET version = version + 1 WHERE k = 'b'`)
		exec(`INSERT INTO kv_versions (k, version) VALUES ('c', 1)`)
		all["c"] = "trois"
		find("after b and c moved", all, []string{"b", "c", "x"})
		findIn(other, "the other cache", all, []string{"a", "b", "c", "x"})

		// A value that appears is found at the next read.
		exec(`INSERT INTO kv (k, v) VALUES ('x', 'ten')`)
		all["x"] = "ten"
		find("x appeared", all, []string{"x"})

		// Inside a transaction every call reads the database.
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			asked = nil
			got, err := c.Find(ctx, []string{"a"}, fetch)
			if err == nil && (got["a"] != "one" || len(asked) != 1) {
				t.Errorf("in a transaction: found %v, fetched %v", got, asked)
			}
			return err
		}))

		// Four values in a cache of three: x came last and emptied the
		// cache, so a, b and c are read again, and then x.
		find("over size", all, []string{"a", "b", "c"})
		find("over size again", all, []string{"x"})
	})
}
