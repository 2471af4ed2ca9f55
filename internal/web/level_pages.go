package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/level"
)

// scoreLabels name the scores for people.
var scoreLabels = map[string]i18n.Text{
	level.CreatorIndex: i18n.T("creator index"), level.ContentValue: i18n.T("content value"),
	level.FanValue: i18n.T("fan value"), level.DomainFocus: i18n.T("domain focus"),
	level.CommercialValue: i18n.T("commercial value"), level.AccountHealth: i18n.T("account health"),
}

// leverLabels name what a hint counts.
var leverLabels = map[string]i18n.Text{
	"interactions": i18n.T("interactions"), "effective_followers": i18n.T("effective followers"),
}

// figure is one labelled number of the level page.
type figure struct {
	Label string
	Value string
}

// scoreView is one score with the inputs it came from.
type scoreView struct {
	Name, Label string
	Value       int
	Inputs      []figure
}

// ladderStep is one level of the L0–L6 ladder.
type ladderStep struct {
	Name             string
	Current, Reached bool
}

// levelData is the /level page.
type levelData struct {
	E        level.Explanation
	Ladder   []ladderStep
	Scores   []scoreView
	Distance []string
	Held     []figure
	Next     []figure
}

// inputsOf lists the inputs each score shows, with their labels.
func inputsOf(e level.Explanation, l i18n.Lang) map[string][]figure {
	in := e.Inputs
	n := func(label i18n.Text, v int) figure { return figure{Label: label.In(l), Value: strconv.Itoa(v)} }
	s := func(name string) figure { return n(scoreLabels[name], e.Scores.Get(name)) }
	return map[string][]figure{
		level.CreatorIndex: {s(level.ContentValue), s(level.FanValue), s(level.DomainFocus), s(level.CommercialValue),
			s(level.AccountHealth)},
		level.ContentValue: {n(i18n.T("views"), in.Views), n(i18n.T("interactions in the window"), in.Interactions),
			n(i18n.T("product clicks"), in.ProductClicks), n(i18n.T("purchases"), in.Purchases),
			n(i18n.T("published in the window"), in.PublishedInWindow)},
		level.FanValue: {n(i18n.T("effective followers"), in.Effective), n(i18n.T("returning fans"), in.Returning),
			n(i18n.T("fan interactions"), in.FanInteractions), n(i18n.T("followers"), in.Followers)},
		level.DomainFocus: {{Label: i18n.T("declared focus").In(l), Value: in.DomainFocus},
			n(i18n.T("contents in the focus"), in.InFocus), n(i18n.T("published"), in.Published)},
		level.CommercialValue: {n(i18n.T("product clicks"), in.ProductClicks), n(i18n.T("contents with products"), in.MountedProducts),
			n(i18n.T("purchases"), in.Purchases)},
		level.AccountHealth: {n(i18n.T("refused contents"), in.Rejections), n(i18n.T("hidden comments"), in.HiddenComments),
			n(i18n.T("restrictions"), in.Restrictions)},
	}
}

// privilegeFigures lists privileges with their values for people.
func privilegeFigures(ps map[string]any, l i18n.Lang) []figure {
	var out []figure
	for _, p := range authz.Privileges {
		v, ok := ps[p]
		if !ok {
			continue
		}
		out = append(out, figure{Label: authz.PrivilegeLabel(p).In(l), Value: valueLabel(fmt.Sprint(v), l)})
	}
	return out
}

// valueLabel names a privilege value for people.
func valueLabel(v string, l i18n.Lang) string {
	return map[string]i18n.Text{"true": i18n.T("yes"), "false": i18n.T("no"), authz.ValuePriority: i18n.T("priority"),
		authz.ValueChance: i18n.T("has a chance"), authz.ValueDefault: i18n.T("default only")}[v].In(l)
}

// levelPage shows the actor's level on the ladder, each score with its
// inputs, the distance to the next level and the privileges.
func (c *Console) levelPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "My level"}
	e, err := c.deps.Levels.MyLevel(r.Context())
	if err != nil {
		c.fail(w, r, "level.html", p, err)
		return
	}
	l := i18n.FromContext(r.Context())
	d := levelData{E: e, Held: privilegeFigures(e.Privileges, l), Next: privilegeFigures(e.NextPrivileges, l)}
	reached := true
	for _, name := range level.Levels {
		d.Ladder = append(d.Ladder, ladderStep{Name: name, Current: name == e.Level, Reached: reached})
		reached = reached && name != e.Level
	}
	inputs := inputsOf(e, l)
	for _, name := range level.ScoreNames {
		d.Scores = append(d.Scores, scoreView{Name: name, Label: scoreLabels[name].In(l), Value: e.Scores.Get(name), Inputs: inputs[name]})
	}
	if e.Next != nil {
		for _, h := range e.Next.Hints {
			line := i18n.T("%s %d / %d: %d points", scoreLabels[h.Score].In(l), h.Have, h.Need, h.Missing).In(l)
			if h.More > 0 {
				line += i18n.T("; about %d more %s", h.More, leverLabels[h.Lever].In(l)).In(l)
			}
			d.Distance = append(d.Distance, line)
		}
	}
	p.Data = d
	c.render(w, r, http.StatusOK, "level.html", p)
}

// levelRulesData is the back office's level rule editor.
type levelRulesData struct {
	Rules  level.RuleSet
	Levels []string
	// Values are the editor's values by field name (as submitted, or the
	// current rules).
	Values  map[string]string
	Weights []string
	Tasks   []string
	Choices []string
	DryRun  *level.DryRun
	Runs    []level.Run
	Thresh  []string
	Privs   []string
}

// ruleFields are the editor's field values of the current rules.
func ruleFields(rs level.RuleSet) map[string]string {
	v := map[string]string{}
	for lv, scores := range rs.Thresholds {
		for s, p := range scores {
			v["th."+lv+"."+s] = strconv.Itoa(p)
		}
	}
	for lv, privs := range rs.Table {
		for p, val := range privs {
			v["pv."+lv+"."+p] = val
		}
	}
	for k, n := range rs.RankWeights {
		v["rw."+k] = strconv.Itoa(n)
	}
	for k, n := range rs.Weights {
		v["w."+k] = strconv.Itoa(n)
	}
	for k, n := range rs.Tasks {
		v["task."+k] = strconv.Itoa(n)
	}
	return v
}

// rulesInputOf reads the editor's form; a number that does not parse is
// sent as -1, which the service refuses with the field named.
func rulesInputOf(r *http.Request) (level.RulesInput, map[string]string) {
	_ = r.ParseForm()
	in := level.RulesInput{Note: r.PostFormValue("note")}
	values := map[string]string{}
	num := func(s string) int {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return -1
		}
		return n
	}
	for key, vs := range r.PostForm {
		val := strings.TrimSpace(vs[0])
		values[key] = val
		parts := strings.SplitN(key, ".", 3)
		switch {
		case parts[0] == "th" && len(parts) == 3:
			in.Thresholds = nested(in.Thresholds, parts[1])
			if val != "" {
				in.Thresholds[parts[1]][parts[2]] = num(val)
			}
		case parts[0] == "pv" && len(parts) == 3:
			in.Privileges = nested(in.Privileges, parts[1])
			in.Privileges[parts[1]][parts[2]] = val
		case parts[0] == "rw" && len(parts) == 2:
			in.RankWeights = set(in.RankWeights, parts[1], num(val))
		case parts[0] == "w":
			in.Weights = set(in.Weights, strings.TrimPrefix(key, "w."), num(val))
		case parts[0] == "task":
			in.Tasks = set(in.Tasks, strings.TrimPrefix(key, "task."), num(val))
		}
	}
	return in, values
}

// nested returns m with an inner map at key, making what is missing: a
// section of the editor is sent only when the form has fields of it.
func nested[V any](m map[string]map[string]V, key string) map[string]map[string]V {
	if m == nil {
		m = map[string]map[string]V{}
	}
	if m[key] == nil {
		m[key] = map[string]V{}
	}
	return m
}

// set returns m (made when nil) with key set to v.
func set(m map[string]int, key string, v int) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[key] = v
	return m
}

// levelRulesRender shows the editor with values and, when set, a dry run.
func (c *Console) levelRulesRender(w http.ResponseWriter, r *http.Request, p page, values map[string]string, dry *level.DryRun, fail error) {
	p.Title = "Level rules"
	rs, err := c.deps.Levels.FindRules(r.Context())
	if err != nil {
		c.fail(w, r, "level_rules.html", p, err)
		return
	}
	runs, err := c.deps.Levels.FindRuns(r.Context(), 5)
	if err != nil {
		c.fail(w, r, "level_rules.html", p, err)
		return
	}
	if values == nil {
		values = ruleFields(rs)
	}
	d := levelRulesData{Rules: rs, Levels: level.Levels, Values: values, Choices: authz.PrivilegeValues, DryRun: dry,
		Runs: runs, Thresh: level.ThresholdScores, Privs: authz.Privileges}
	d.Weights, d.Tasks = slices.Sorted(maps.Keys(rs.Weights)), slices.Sorted(maps.Keys(rs.Tasks))
	p.Data = d
	c.show(w, r, "level_rules.html", p, fail)
}

func (c *Console) levelRulesPage(w http.ResponseWriter, r *http.Request) {
	c.levelRulesRender(w, r, page{Flash: r.URL.Query().Get("done")}, nil, nil, nil)
}

// dryRunLevelRules shows what the edited rules would do, with the button
// that saves them.
func (c *Console) dryRunLevelRules(w http.ResponseWriter, r *http.Request) {
	in, values := rulesInputOf(r)
	dry, err := c.deps.Levels.DryRunRules(r.Context(), in)
	if err != nil {
		c.levelRulesRender(w, r, page{}, values, nil, err)
		return
	}
	c.levelRulesRender(w, r, page{}, values, &dry, nil)
}

// saveLevelRules stores the edited rules as new versions.
func (c *Console) saveLevelRules(w http.ResponseWriter, r *http.Request) {
	in, values := rulesInputOf(r)
	if _, err := c.deps.Levels.UpdateRules(r.Context(), in); err != nil {
		c.levelRulesRender(w, r, page{}, values, nil, err)
		return
	}
	http.Redirect(w, r, "/backoffice/levels?done=saved", http.StatusSeeOther)
}

// recomputeLevels starts a recompute and shows its progress.
func (c *Console) recomputeLevels(w http.ResponseWriter, r *http.Request) {
	run, err := c.deps.Levels.StartRecompute(r.Context())
	if err != nil {
		c.levelRulesRender(w, r, page{}, nil, nil, err)
		return
	}
	http.Redirect(w, r, "/backoffice/levels/runs/"+run.ID, http.StatusSeeOther)
}

// levelRunPage shows one run's progress; htmx polls its progress block
// until the run is done.
func (c *Console) levelRunPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "Level recompute"}
	run, err := c.deps.Levels.FindRun(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "level_run.html", p, err)
		return
	}
	p.Data = run
	if isHTMX(r) {
		c.fragment(w, r, "level_run.html", "run-progress", p)
		return
	}
	c.render(w, r, http.StatusOK, "level_run.html", p)
}
