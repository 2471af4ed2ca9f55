package level

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
)

// The rule tables of levels, each versioned with its history.
const (
	TableThresholds = "level_thresholds"
	TablePrivileges = "level_privileges"
	TableWeights    = "level_weights"
	TableTasks      = "newcomer_tasks"
)

// Tables lists the rule tables.
var Tables = []string{TableThresholds, TablePrivileges, TableWeights, TableTasks}

// Table is one version of a rule table: its rows by name.
type Table struct {
	Name      string            `json:"table"`
	Version   int               `json:"version"`
	Rows      map[string]string `json:"rows"`
	Note      string            `json:"note"`
	CreatedBy string            `json:"created_by"`
	CreatedAt time.Time         `json:"created_at"`
}

// Rule is the {table, version} of t.
func (t Table) Rule() RuleRef { return RuleRef{Table: t.Name, Version: t.Version} }

// integer is the row name as an integer (0 when absent or not a number;
// validation keeps stored rows numeric).
func (t Table) integer(name string) (int, bool) {
	v, ok := t.Rows[name]
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// Thresholds is a version of the threshold table: rows "L2.fan_value" →
// points. A missing row is no threshold (L1's fan value).
type Thresholds struct{ Table }

// Points returns the threshold of score at level and whether there is one.
func (t Thresholds) Points(level, score string) (int, bool) {
	return t.integer(level + "." + score)
}

// Privileges is a version of the privilege table: rows "L4.fan_reach" →
// value, and "weight.priority" / "weight.chance" → ranking weight.
type Privileges struct{ Table }

// Value is the privilege table's value of privilege at level.
func (p Privileges) Value(level, privilege string) string {
	if v, ok := p.Rows[level+"."+privilege]; ok {
		return v
	}
	return authz.ValueNo
}

// RankWeights are the ranking weights of the priority and chance values.
func (p Privileges) RankWeights() map[string]int {
	out := map[string]int{}
	for _, v := range []string{authz.ValuePriority, authz.ValueChance} {
		out[v], _ = p.integer("weight." + v)
	}
	return out
}

// Authz is level as authorization sees it under this table.
func (p Privileges) Authz(level string) authz.Level {
	l := authz.Level{Name: level, Values: map[string]string{}, Needs: map[string]string{}, Version: p.Version}
	for _, priv := range authz.Privileges {
		l.Values[priv] = p.Value(level, priv)
		for _, at := range Levels {
			if authz.Holds(p.Value(at, priv)) {
				l.Needs[priv] = at
				break
			}
		}
	}
	return l
}

// Weights is a version of the weight table: the parameters of the score
// formulas and the engagement window (docs/levels.md).
type Weights struct{ Table }

func (w Weights) get(name string) int {
	n, _ := w.integer(name)
	return n
}

// Window is the engagement window.
func (w Weights) Window() time.Duration { return time.Duration(w.get("window_days")) * 24 * time.Hour }

// Tasks is a version of the newcomer-task criteria.
type Tasks struct{ Table }

func (t Tasks) get(name string) int {
	n, _ := t.integer(name)
	return n
}

// weightNames are the rows of the weight table; the formulas read them.
var weightNames = []string{"window_days",
	"cv.views.k", "cv.views.weight", "cv.interactions.k", "cv.interactions.weight", "cv.commerce.k", "cv.commerce.weight",
	"cv.purchase_clicks", "cv.output.k", "cv.output.weight",
	"fv.effective.k", "fv.effective.weight", "fv.returning.k", "fv.returning.weight", "fv.interactions.k",
	"fv.interactions.weight", "fv.followers.k", "fv.followers.weight",
	"df.min_published",
	"cm.clicks.k", "cm.clicks.weight", "cm.mounted.k", "cm.mounted.weight", "cm.purchases.k", "cm.purchases.weight",
	"ah.base", "ah.rejection", "ah.hidden_comment", "ah.restriction",
	"ci.content_value", "ci.fan_value", "ci.domain_focus", "ci.commercial_value", "ci.account_health"}

// taskNames are the rows of the newcomer-task table.
var taskNames = []string{"publish.min_published", "publish.min_content_value", "fans.min_followers",
	"active.window_days", "active.min_published"}

// Rules are the current version of every rule table.
type Rules struct {
	Thresholds Thresholds
	Privileges Privileges
	Weights    Weights
	Tasks      Tasks
}

// table returns the version of the table named name.
func (r *Rules) table(name string) *Table {
	return map[string]*Table{TableThresholds: &r.Thresholds.Table, TablePrivileges: &r.Privileges.Table,
		TableWeights: &r.Weights.Table, TableTasks: &r.Tasks.Table}[name]
}

// RulesInput is an operator's edit of the rule tables: each section given
// replaces that table as a whole (a new version when it differs); a section
// left out keeps its table.
type RulesInput struct {
	Thresholds  map[string]map[string]int    `json:"thresholds,omitempty" doc:"level → score → points (L1..L6; a score left out has no threshold)"`
	Privileges  map[string]map[string]string `json:"privileges,omitempty" doc:"level → privilege → yes|no|priority|chance|default (L0..L6, every privilege)"`
	RankWeights map[string]int               `json:"rank_weights,omitempty" doc:"ranking weight of priority and chance"`
	Weights     map[string]int               `json:"weights,omitempty" doc:"every formula weight and window (docs/levels.md)"`
	Tasks       map[string]int               `json:"newcomer_tasks,omitempty" doc:"the newcomer-task criteria"`
	Note        string                       `json:"note,omitempty" maxLength:"200" doc:"why the change was made"`
}

// proposed returns current with in applied, as rows per table, after
// checking every section; changed lists the tables whose rows differ.
func (in RulesInput) proposed(current Rules) (Rules, []string, error) {
	var v apperr.Validation
	next := current
	set := func(name string, rows map[string]string) {
		t := next.table(name)
		if !maps.Equal(t.Rows, rows) {
			*t = Table{Name: name, Version: t.Version + 1, Rows: rows}
		}
	}
	if in.Thresholds != nil {
		set(TableThresholds, thresholdRows(&v, in.Thresholds))
	}
	if in.Privileges != nil || in.RankWeights != nil {
		set(TablePrivileges, privilegeRows(&v, in, current.Privileges))
	}
	if in.Weights != nil {
		set(TableWeights, integerRows(&v, "weights", weightNames, in.Weights))
		if in.Weights["window_days"] < 1 || in.Weights["window_days"] > 365 {
			v.Reject("weights", "window_days must be 1 to 365 (%d given)", in.Weights["window_days"])
		}
	}
	if in.Tasks != nil {
		set(TableTasks, integerRows(&v, "newcomer_tasks", taskNames, in.Tasks))
	}
	if len(in.Note) > 200 {
		v.Reject("note", "must be at most 200 characters")
	}
	if err := v.Err(); err != nil {
		return Rules{}, nil, err
	}
	var changed []string
	for _, name := range Tables {
		if next.table(name).Version != current.table(name).Version {
			changed = append(changed, name)
		}
	}
	return next, changed, nil
}

// thresholdRows checks a threshold table: L1..L6, each with a creator index
// and a content value (a fan value is optional), 0–1000, and no level
// asking less than the one below it.
func thresholdRows(v *apperr.Validation, in map[string]map[string]int) map[string]string {
	rows := map[string]string{}
	for level, scores := range in {
		if rank(level) < 1 {
			v.Reject("thresholds", "%s is not one of L1 to L6", level)
			continue
		}
		for score, points := range scores {
			if !slices.Contains(ThresholdScores, score) {
				v.Reject("thresholds", "%s is not one of %s", score, strings.Join(ThresholdScores, ", "))
			} else if points < 0 || points > MaxScore {
				v.Reject("thresholds", "%s of %s must be 0 to 1000 (%d given)", score, level, points)
			} else {
				rows[level+"."+score] = strconv.Itoa(points)
			}
		}
	}
	for _, level := range Levels[1:] {
		for _, score := range []string{CreatorIndex, ContentValue} {
			if _, ok := in[level][score]; !ok {
				v.Reject("thresholds", "%s of %s is missing", score, level)
			}
		}
	}
	for _, score := range ThresholdScores {
		for i := 2; i < len(Levels); i++ {
			if in[Levels[i]][score] < in[Levels[i-1]][score] {
				v.Reject("thresholds", "%s of %s is below that of %s", score, Levels[i], Levels[i-1])
			}
		}
	}
	return rows
}

// privilegeRows checks a privilege table: every level and privilege with a
// known value, and non-negative ranking weights.
func privilegeRows(v *apperr.Validation, in RulesInput, current Privileges) map[string]string {
	rows := map[string]string{}
	if in.Privileges == nil {
		maps.Copy(rows, current.Rows)
	}
	for level, values := range in.Privileges {
		if rank(level) < 0 {
			v.Reject("privileges", "%s is not one of L0 to L6", level)
		}
		for priv, value := range values {
			if !slices.Contains(authz.Privileges, priv) {
				v.Reject("privileges", "%s is not a level privilege", priv)
			} else if !slices.Contains(authz.PrivilegeValues, value) {
				v.Reject("privileges", "%s of %s must be one of %s", priv, level, strings.Join(authz.PrivilegeValues, ", "))
			} else {
				rows[level+"."+priv] = value
			}
		}
	}
	for _, level := range Levels {
		for _, priv := range authz.Privileges {
			if _, ok := rows[level+"."+priv]; !ok {
				v.Reject("privileges", "%s of %s is missing", priv, level)
			}
		}
	}
	weights := current.RankWeights()
	maps.Copy(weights, in.RankWeights)
	for name, w := range weights {
		if name != authz.ValuePriority && name != authz.ValueChance {
			v.Reject("rank_weights", "%s is not priority or chance", name)
		} else if w < 0 {
			v.Reject("rank_weights", "%s must not be negative", name)
		} else {
			rows["weight."+name] = strconv.Itoa(w)
		}
	}
	return rows
}

// integerRows checks a table of named non-negative integers: exactly names.
func integerRows(v *apperr.Validation, field string, names []string, in map[string]int) map[string]string {
	rows := map[string]string{}
	for _, name := range names {
		n, ok := in[name]
		if !ok {
			v.Reject(field, "%s is missing", name)
		} else if n < 0 {
			v.Reject(field, "%s must not be negative (%d given)", name, n)
		}
		rows[name] = strconv.Itoa(n)
	}
	for name := range in {
		if !slices.Contains(names, name) {
			v.Reject(field, "%s is not a row of this table", name)
		}
	}
	return rows
}
