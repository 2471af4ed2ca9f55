package db

import (
	"database/sql"

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
