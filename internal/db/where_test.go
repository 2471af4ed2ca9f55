package db_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestWhereBuildsConditionsInOrder(t *testing.T) {
	t.Parallel()
	var w db.Where
	if got := w.SQL(); got != "1 = 1" {
		t.Errorf("empty Where = %q, want 1 = 1", got)
	}
	if w.Args() != nil {
		t.Errorf("empty Where has arguments %v", w.Args())
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w.Add("owner_id = ?", "u1")
	w.Add("deleted_at IS NULL")
	w.Keyset("created_at, id", "<", at, "c9")
	if got, want := w.SQL(), "owner_id = ? AND deleted_at IS NULL AND (created_at, id) < (?, ?)"; got != want {
		t.Errorf("SQL = %q, want %q", got, want)
	}
	if got, want := w.Args(), []any{"u1", at, "c9"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Args = %v, want %v", got, want)
	}
}

// TestWhereKeysetPages walks a list sorted by (at DESC, id DESC) with ties
// on at, on both engines, and checks every row comes exactly once.
func TestWhereKeysetPages(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.Exec(ctx, `CREATE TABLE items (id TEXT PRIMARY KEY, grp INTEGER NOT NULL, at TIMESTAMP NOT NULL)`)
		testkit.Must(t, err)
		t0 := testkit.Epoch
		rows := []struct {
			id  string
			grp int
			at  time.Time
		}{
			{"a", 1, t0}, {"b", 1, t0}, {"c", 1, t0.Add(time.Minute)}, {"d", 2, t0}, {"e", 1, t0.Add(-time.Minute)},
		}
		for _, r := range rows {
			_, err := d.Exec(ctx, `INSERT INTO items (id, grp, at) VALUES (?, ?, ?)`, r.id, r.grp, r.at)
			testkit.Must(t, err)
		}
		page := func(after db.Keyset) []db.Keyset {
			var w db.Where
			w.Add("grp = ?", 1)
			if !after.IsZero() {
				w.Keyset("at, id", "<", after.Time, after.ID)
			}
			rs, err := d.Query(ctx, `SELECT at, id FROM items WHERE `+w.SQL()+` ORDER BY at DESC, id DESC LIMIT 2`, w.Args()...)
			testkit.Must(t, err)
			defer rs.Close()
			var out []db.Keyset
			for rs.Next() {
				var k db.Keyset
				testkit.Must(t, rs.Scan(&k.Time, &k.ID))
				out = append(out, k)
			}
			testkit.Must(t, rs.Err())
			return out
		}
		var got []string
		var after db.Keyset
		for p := page(after); len(p) > 0; p = page(after) {
			for _, k := range p {
				got = append(got, k.ID)
			}
			after = p[len(p)-1]
		}
		want := []string{"c", "b", "a", "e"}
		if !slices.Equal(got, want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
	})
}
