package db

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
)

// Page limits of API.md: 20 items unless asked, never more than 100.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Page asks for one page of a keyset-paginated list, newest first.
type Page struct {
	Limit  int
	Cursor string
}

// Keyset is a decoded cursor: the sort time and id of the last item seen.
type Keyset struct {
	Time time.Time
	ID   string
}

// Resolve validates the page and decodes its cursor (zero Keyset when the
// list starts at the top).
func (p Page) Resolve() (limit int, after Keyset, err error) {
	limit = p.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 1 || limit > MaxLimit {
		return 0, Keyset{}, apperr.Field("limit", "must be between 1 and %d", MaxLimit)
	}
	if p.Cursor == "" {
		return limit, Keyset{}, nil
	}
	raw, derr := base64.RawURLEncoding.DecodeString(p.Cursor)
	ts, id, ok := strings.Cut(string(raw), "|")
	t, terr := time.Parse(time.RFC3339Nano, ts)
	// The id goes into SQL as text: PostgreSQL refuses invalid UTF-8 and NUL.
	if derr != nil || !ok || terr != nil || id == "" || !utf8.ValidString(id) || strings.ContainsRune(id, 0) {
		return 0, Keyset{}, apperr.Field("cursor", "is not a cursor this server gave out")
	}
	return limit, Keyset{Time: t, ID: id}, nil
}

// IsZero reports whether the keyset starts at the top of the list.
func (k Keyset) IsZero() bool { return k.ID == "" }

// Cursor encodes the position after an item with this sort time and id.
func Cursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(t.UTC().Format(time.RFC3339Nano) + "|" + id))
}

// Trim cuts a result fetched with LIMIT limit+1 down to limit items and
// returns the cursor of the next page ("" when this is the last one).
func Trim[T any](items []T, limit int, key func(T) (time.Time, string)) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	t, id := key(items[limit-1])
	return items, Cursor(t, id)
}

// Placeholders returns n comma-separated ? placeholders (n ≥ 1), for an
// IN list whose length is known only at run time.
func Placeholders(n int) string {
	return "?" + strings.Repeat(", ?", n-1)
}

// Rows returns the placeholders of n rows of cols values each, for a
// multi-row INSERT … VALUES whose length is known only at run time.
func Rows(n, cols int) string {
	row := "(" + Placeholders(cols) + ")"
	return row + strings.Repeat(", "+row, n-1)
}

// InList returns the parenthesised placeholders of an IN list of values
// (at least one) and the values as query arguments.
func InList(values []string) (string, []any) {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return "(" + Placeholders(len(values)) + ")", args
}

// Limit returns a LIMIT clause for n rows and its arguments, the one way
// the two engines want it. SQLite gets n written into the SQL: its planner
// reads a bound LIMIT's value, so a bound LIMIT makes it plan the statement
// again at every execution, undoing the statement cache (n is an integer the
// caller bounded, never text, so nothing can be injected). PostgreSQL gets
// `LIMIT ?`: with the limit written in, the statement's only parameters are
// ids, and after five executions PostgreSQL settles on a generic plan that
// was four times slower for feeds than the plan made for the actual values.
func (d *DB) Limit(n int) (string, []any) {
	if d.dialect == Postgres {
		return " LIMIT ?", []any{n}
	}
	return " LIMIT " + strconv.Itoa(n), nil
}
