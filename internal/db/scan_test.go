package db_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

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
