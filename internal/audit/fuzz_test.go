package audit_test

import (
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
)

// FuzzQueryFilter: audit time filters either parse — from before to, both
// in UTC, a "to" date covering its whole day — or are refused naming only
// the from and to fields.
func FuzzQueryFilter(f *testing.F) {
	for _, s := range [][2]string{{"2026-03-01", "2026-03-01"}, {"2026-03-01T08:00:00+08:00", ""}, {"", "2026-02-30"},
		{"2026-03-02", "2026-03-01"}, {"9999-12-31T23:59:59Z", "0000-01-01"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		filter, err := audit.Query{From: from, To: to, Owner: "u"}.Filter()
		if err != nil {
			for field := range apperr.From(err).Fields {
				if field != "from" && field != "to" {
					t.Fatalf("Filter(%q, %q) refused field %s", from, to, field)
				}
			}
			return
		}
		if filter.OwnerID != "u" || (from == "") != filter.From.IsZero() || (to == "") != filter.To.IsZero() {
			t.Fatalf("Filter(%q, %q) = %+v", from, to, filter)
		}
		for _, tm := range []time.Time{filter.From, filter.To} {
			if !tm.IsZero() && tm.Location() != time.UTC {
				t.Fatalf("Filter(%q, %q): %v is not in UTC", from, to, tm)
			}
		}
		if !filter.From.IsZero() && !filter.To.IsZero() && !filter.From.Before(filter.To) {
			t.Fatalf("Filter(%q, %q): from %v is not before to %v", from, to, filter.From, filter.To)
		}
		if d, err := time.Parse(time.DateOnly, to); err == nil && !filter.To.Equal(d.AddDate(0, 0, 1)) {
			t.Fatalf("Filter(_, %q): to %v does not cover the day", to, filter.To)
		}
	})
}
