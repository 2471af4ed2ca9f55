package db

import (
	"database/sql"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
)

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// ScanAll is the scan loop every list runs: given a query's rows and error,
// it scans each row with scan, closes the rows and wraps any error with
// what. It answers an empty (not nil) slice when no row matched.
func ScanAll[T any](rows *sql.Rows, err error, what string, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, apperr.Wrap(err, what)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, what)
		}
		out = append(out, v)
	}
	return out, apperr.WrapIf(rows.Err(), what)
}

// CountDays is the scan loop of a count per key and UTC day: given a
// query's rows and error, it reads each row with scan (the key it counts
// under, its time and what count needs of it) and has count add the row to
// the entry of that key and day (day is YYYY-MM-DD), which starts as the
// zero T. Entries come in the order of their first rows; it closes the
// rows and wraps any error with what.
func CountDays[R, T any](rows *sql.Rows, err error, what string,
	scan func(Scanner) (key string, at time.Time, row R, err error), count func(entry *T, day string, row R)) ([]T, error) {
	if err != nil {
		return nil, apperr.Wrap(err, what)
	}
	defer rows.Close()
	index := map[[2]string]int{}
	var out []T
	for rows.Next() {
		key, at, row, err := scan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, what)
		}
		k := [2]string{key, at.UTC().Format(time.DateOnly)}
		i, ok := index[k]
		if !ok {
			var zero T
			i, index[k] = len(out), len(out)
			out = append(out, zero)
		}
		count(&out[i], k[1], row)
	}
	return out, apperr.WrapIf(rows.Err(), what)
}
