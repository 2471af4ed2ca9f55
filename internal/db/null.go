package db

import (
	"database/sql"
	"time"
)

// TimePtr turns a nullable time column into nil or its UTC time.
func TimePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
