// Package rule holds what every versioned rule table shares: the reference
// a decision carries to the row version it was made with (API.md: "rule":
// {"table", "version"}), so that levels, commission and later domains cite
// their rules in one shape.
package rule

// Ref names a rule table and the version of it that made a decision.
type Ref struct {
	Table   string `json:"table"`
	Version int    `json:"version"`
}
