package db

import (
	"slices"
	"strings"
)

// Where collects the conditions of a WHERE clause and their arguments, in
// order, so a query whose filters are optional is built without splicing
// strings by hand:
//
//	var w db.Where
//	w.Add("owner_id = ?", owner)
//	if !after.IsZero() {
//		w.Keyset("created_at, id", "<", after.Time, after.ID)
//	}
//	rows, err := d.Query(ctx, `SELECT … FROM t WHERE `+w.SQL()+` ORDER BY …`, w.Args()...)
//
// Conditions are SQL written in code with ? placeholders; values always go
// in as arguments.
type Where struct {
	conds []string
	args  []any
}

// Add appends a condition and the arguments of its placeholders.
func (w *Where) Add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// Keyset appends the keyset predicate of a paginated list: the row value of
// columns (a comma-separated list, e.g. "created_at, id") compared by op
// (<, <=, > or >=) with values, one per column. This is the one keyset
// style: `(created_at, id) < (?, ?)` is portable and, unlike the expanded
// `created_at < ? OR (created_at = ? AND id < ?)`, both SQLite and
// PostgreSQL turn it into bounds on a (created_at, id) index.
func (w *Where) Keyset(columns, op string, values ...any) {
	w.Add("("+columns+") "+op+" ("+Placeholders(len(values))+")", values...)
}

// SQL returns the conditions joined by AND, or a condition true for every
// row when there are none, so it can always follow WHERE.
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// Args returns the arguments of the conditions, in placeholder order. The
// slice is clipped, so appending the query's further arguments to it copies
// rather than writing into the Where.
func (w *Where) Args() []any { return slices.Clip(w.args) }
