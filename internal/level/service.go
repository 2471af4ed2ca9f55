package level

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/notify"
)

// Options are the configured numbers of level recomputes.
type Options struct {
	// BatchSize is how many accounts one recompute job handles.
	BatchSize int
	// DailyAt is the time after midnight UTC of the daily recompute.
	DailyAt time.Duration
}

// Service holds the level use cases. Each public method checks
// authorization first; each change is one transaction with its audit event.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	notify   *notify.Service
	jobs     *jobs.Queue
	clock    clock.Clock
	contents *content.Service
	feed     *feed.Service
	creators *creator.Service
	opts     Options
	store    store
	// tables caches rule-table versions, which never change once stored,
	// so every replica may keep them.
	tables sync.Map
}

// NewService wires the level use cases and registers their jobs on q.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, q *jobs.Queue, c clock.Clock, contents *content.Service,
	f *feed.Service, creators *creator.Service, opts Options) *Service {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	s := &Service{db: d, audit: a, notify: n, jobs: q, clock: c, contents: contents, feed: f, creators: creators,
		opts: opts, store: store{db: d}}
	q.Handle(PlanKind, s.plan)
	q.Handle(BatchKind, s.runBatch)
	q.Handle(DailyKind, s.daily)
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// tableAt returns one version of a rule table, from the cache when seen.
func (s *Service) tableAt(ctx context.Context, name string, version int) (Table, error) {
	key := fmt.Sprintf("%s/%d", name, version)
	if t, ok := s.tables.Load(key); ok {
		return t.(Table), nil
	}
	t, err := s.store.findTable(ctx, name, version)
	if err != nil {
		return Table{}, err
	}
	s.tables.Store(key, t)
	return t, nil
}

// rules returns the current version of every rule table.
func (s *Service) rules(ctx context.Context) (Rules, error) {
	versions, err := s.store.findCurrentVersions(ctx)
	if err != nil {
		return Rules{}, err
	}
	var r Rules
	for _, name := range Tables {
		t, err := s.tableAt(ctx, name, versions[name])
		if err != nil {
			return Rules{}, err
		}
		*r.table(name) = t
	}
	return r, nil
}

// ActorLevel is the level of userID as authorization needs it: its stored
// level (L0 before its first recompute) with the current privilege table's
// values. auth calls it for every authenticated request, so a level change
// takes effect on the account's next request.
func (s *Service) ActorLevel(ctx context.Context, userID string) (authz.Level, error) {
	level, version, err := s.store.findAccountLevel(ctx, userID)
	if err != nil {
		return authz.Level{}, err
	}
	if level == "" {
		level = Levels[0]
	}
	t, err := s.tableAt(ctx, TablePrivileges, version)
	if err != nil {
		return authz.Level{}, err
	}
	return Privileges{t}.Authz(level), nil
}

// standingOf returns the stored standing of account, or the standing of an
// account never computed: L0, zero scores, no computed_at.
func (s *Service) standingOf(ctx context.Context, account string, r Rules) (Standing, error) {
	st, err := s.store.findStanding(ctx, account)
	if apperr.CodeOf(err) != apperr.NotFound {
		return st, err
	}
	in := Inputs{WindowDays: r.Weights.get("window_days")}
	return Standing{AccountID: account, Level: Levels[0], Inputs: in, Scores: Compute(in, r.Weights),
		ThresholdsVersion: r.Thresholds.Version, WeightsVersion: r.Weights.Version}, nil
}

// Explanation is an account's level explained (API.md, GET /me/level).
type Explanation struct {
	Level  string `json:"level" enum:"L0,L1,L2,L3,L4,L5,L6"`
	Scores Scores `json:"scores"`
	Inputs Inputs `json:"inputs"`
	Next   *Next  `json:"next"`
	// Privileges maps each privilege to true or false, or to its ranking
	// value ("priority", "chance", "default").
	Privileges map[string]any `json:"privileges"`
	// NextPrivileges are those the next level adds.
	NextPrivileges map[string]any `json:"next_privileges"`
	ComputedAt     *time.Time     `json:"computed_at"`
	// Rule is the threshold table version that decided the level; Rules
	// every version the answer used.
	Rule  RuleRef   `json:"rule"`
	Rules []RuleRef `json:"rules"`
}

// Next is the distance to the level above.
type Next struct {
	Level   string         `json:"level"`
	Missing map[string]int `json:"missing" doc:"score → points still needed"`
	Hints   []Hint         `json:"hints"`
}

// Hint explains one missing threshold: the score, what it has and needs,
// and about how much more of one input would close the gap under the
// current weights (More is 0 when no amount of it would).
type Hint struct {
	Score   string `json:"score"`
	Have    int    `json:"have"`
	Need    int    `json:"need"`
	Missing int    `json:"missing"`
	Lever   string `json:"lever" enum:"interactions,effective_followers"`
	More    int    `json:"more"`
}

// levers say which input a hint counts for each threshold score, and how
// adding n of it changes the inputs.
var levers = map[string]struct {
	name string
	add  func(in *Inputs, n int)
}{
	CreatorIndex: {"effective_followers", addEffective},
	ContentValue: {"interactions", func(in *Inputs, n int) { in.Interactions += n }},
	FanValue:     {"effective_followers", addEffective},
}

// addEffective adds n effective followers: each is also a follower, a fan
// interaction and an interaction.
func addEffective(in *Inputs, n int) {
	in.Effective, in.Followers, in.FanInteractions, in.Interactions = in.Effective+n, in.Followers+n,
		in.FanInteractions+n, in.Interactions+n
}

// maxLever bounds the search of a hint.
const maxLever = 1 << 24

// hint is the smallest amount of score's lever that brings it to need.
func hint(in Inputs, w Weights, score string, need int) Hint {
	have := Compute(in, w).Get(score)
	h := Hint{Score: score, Have: have, Need: need, Missing: need - have, Lever: levers[score].name}
	reaches := func(n int) bool {
		next := in
		levers[score].add(&next, n)
		return Compute(next, w).Get(score) >= need
	}
	if !reaches(maxLever) {
		return h
	}
	lo, hi := 1, maxLever
	for lo < hi {
		mid := (lo + hi) / 2
		if reaches(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	h.More = lo
	return h
}

// privilegeMap is the API's form of a level's privileges.
func privilegeMap(p Privileges, level string, only func(priv string) bool) map[string]any {
	out := map[string]any{}
	for priv, v := range p.Authz(level).Values {
		if only != nil && !only(priv) {
			continue
		}
		switch v {
		case authz.ValueYes:
			out[priv] = true
		case authz.ValueNo:
			out[priv] = false
		default:
			out[priv] = v
		}
	}
	return out
}

// explain tells st under the current rules r.
func explain(st Standing, r Rules) Explanation {
	e := Explanation{Level: st.Level, Scores: st.Scores, Inputs: st.Inputs, ComputedAt: st.ComputedAt,
		Privileges: privilegeMap(r.Privileges, st.Level, nil), NextPrivileges: map[string]any{},
		Rule: RuleRef{Table: TableThresholds, Version: st.ThresholdsVersion},
		Rules: []RuleRef{{Table: TableThresholds, Version: st.ThresholdsVersion}, r.Privileges.Rule(),
			{Table: TableWeights, Version: st.WeightsVersion}}}
	if i := rank(st.Level); i+1 < len(Levels) {
		next := Levels[i+1]
		e.Next = &Next{Level: next, Missing: missing(st.Scores, r.Thresholds, next), Hints: []Hint{}}
		names := make([]string, 0, len(e.Next.Missing))
		for name := range e.Next.Missing {
			names = append(names, name)
		}
		sort.Slice(names, func(a, b int) bool { return rankScore(names[a]) < rankScore(names[b]) })
		for _, name := range names {
			need, _ := r.Thresholds.Points(next, name)
			e.Next.Hints = append(e.Next.Hints, hint(st.Inputs, r.Weights, name, need))
		}
		held := r.Privileges.Authz(st.Level).Values
		e.NextPrivileges = privilegeMap(r.Privileges, next, func(priv string) bool {
			return r.Privileges.Value(next, priv) != held[priv]
		})
	}
	return e
}

// rankScore is the display position of a score.
func rankScore(name string) int {
	for i, n := range ScoreNames {
		if n == name {
			return i
		}
	}
	return len(ScoreNames)
}

// MyLevel explains the level of the actor's account.
func (s *Service) MyLevel(ctx context.Context) (Explanation, error) {
	if err := authz.CheckCtx(ctx, authz.ReadLevel, nil); err != nil {
		return Explanation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Explanation{}, err
	}
	st, err := s.standingOf(ctx, authz.ActorFrom(ctx).UserID, r)
	if err != nil {
		return Explanation{}, err
	}
	return explain(st, r), nil
}

// LevelTable is the published level table (GET /levels): the thresholds
// and the privilege table with its ranking weights.
type LevelTable struct {
	Levels      []string                     `json:"levels"`
	Scores      []string                     `json:"scores"`
	Privileges  []string                     `json:"privilege_names"`
	Thresholds  map[string]map[string]int    `json:"thresholds" doc:"level → score → points; a score left out has no threshold"`
	Table       map[string]map[string]string `json:"privileges" doc:"level → privilege → yes|no|priority|chance|default"`
	RankWeights map[string]int               `json:"rank_weights"`
	Rules       []RuleRef                    `json:"rules"`
}

// tableOf lays out the thresholds and privileges of r.
func tableOf(r Rules) LevelTable {
	t := LevelTable{Levels: Levels, Scores: ThresholdScores, Privileges: authz.Privileges,
		Thresholds: map[string]map[string]int{}, Table: map[string]map[string]string{},
		RankWeights: r.Privileges.RankWeights(), Rules: []RuleRef{r.Thresholds.Rule(), r.Privileges.Rule()}}
	for _, level := range Levels {
		t.Table[level] = r.Privileges.Authz(level).Values
		if level == Levels[0] {
			continue
		}
		t.Thresholds[level] = map[string]int{}
		for _, score := range ThresholdScores {
			if p, ok := r.Thresholds.Points(level, score); ok {
				t.Thresholds[level][score] = p
			}
		}
	}
	return t
}

// FindLevelTable returns the published thresholds and privilege table.
func (s *Service) FindLevelTable(ctx context.Context) (LevelTable, error) {
	if err := authz.CheckCtx(ctx, authz.ReadLevelTable, nil); err != nil {
		return LevelTable{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return LevelTable{}, err
	}
	return tableOf(r), nil
}

// RuleSet is every current rule table with the history of versions
// (GET /level-rules).
type RuleSet struct {
	LevelTable
	Weights map[string]int `json:"weights"`
	Tasks   map[string]int `json:"newcomer_tasks"`
	// Current holds the current version of each table with its rows.
	Current []Table `json:"current"`
	// History lists every version stored (without rows), newest first.
	History []Table `json:"history"`
}

// integers reads a table of integers.
func integers(t Table, names []string) map[string]int {
	out := map[string]int{}
	for _, n := range names {
		out[n], _ = t.integer(n)
	}
	return out
}

// FindRules returns the rule tables for operators.
func (s *Service) FindRules(ctx context.Context) (RuleSet, error) {
	if err := authz.CheckCtx(ctx, authz.ManageLevelRules, nil); err != nil {
		return RuleSet{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return RuleSet{}, err
	}
	history, err := s.store.findVersions(ctx)
	if err != nil {
		return RuleSet{}, err
	}
	t := tableOf(r)
	t.Rules = append(t.Rules, r.Weights.Rule(), r.Tasks.Rule())
	return RuleSet{LevelTable: t, Weights: integers(r.Weights.Table, weightNames), Tasks: integers(r.Tasks.Table, taskNames),
		Current: []Table{r.Thresholds.Table, r.Privileges.Table, r.Weights.Table, r.Tasks.Table}, History: history}, nil
}

// UpdateRules stores the tables in changes as new versions (those that
// differ from the current ones) and answers the rule set. Levels follow at
// the next recompute; a dry run shows beforehand who would move.
func (s *Service) UpdateRules(ctx context.Context, in RulesInput) (RuleSet, error) {
	if err := authz.CheckCtx(ctx, authz.ManageLevelRules, nil); err != nil {
		return RuleSet{}, err
	}
	current, err := s.rules(ctx)
	if err != nil {
		return RuleSet{}, err
	}
	next, changed, err := in.proposed(current)
	if err != nil {
		return RuleSet{}, err
	}
	a, now := authz.ActorFrom(ctx), s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		for _, name := range changed {
			t := next.table(name)
			t.Note, t.CreatedBy, t.CreatedAt = strings.TrimSpace(in.Note), a.UserID, now
			if err := s.store.createTable(ctx, *t); err != nil {
				return err
			}
			if err := s.audit.Record(ctx, audit.Event{Action: "level_rules.update", ObjectType: "rule_table", ObjectID: name,
				Summary: fmt.Sprintf("%s v%d → v%d", name, current.table(name).Version, t.Version)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return RuleSet{}, err
	}
	return s.FindRules(ctx)
}

// DryRun is what a proposed rule change would do to the accounts' levels.
type DryRun struct {
	Accounts int    `json:"accounts" doc:"accounts with a computed level"`
	Raised   int    `json:"raised"`
	Lowered  int    `json:"lowered"`
	Same     int    `json:"unchanged"`
	Sample   []Move `json:"sample" doc:"up to 20 accounts that would move"`
	// Rules are the versions the proposal would create or keep.
	Rules []RuleRef `json:"rules"`
}

// Move is one account's level under the proposal.
type Move struct {
	AccountID string `json:"account_id"`
	From      string `json:"from"`
	To        string `json:"to"`
	Scores    Scores `json:"scores"`
}

// dryRunPage is how many standings a dry run reads at a time.
const dryRunPage = 1000

// DryRunRules recomputes every stored account's scores (from its stored
// inputs) and level under the proposed tables, saving nothing. A changed
// window takes effect only at a real recompute, which gathers new inputs.
func (s *Service) DryRunRules(ctx context.Context, in RulesInput) (DryRun, error) {
	if err := authz.CheckCtx(ctx, authz.ManageLevelRules, nil); err != nil {
		return DryRun{}, err
	}
	current, err := s.rules(ctx)
	if err != nil {
		return DryRun{}, err
	}
	next, _, err := in.proposed(current)
	if err != nil {
		return DryRun{}, err
	}
	out := DryRun{Sample: []Move{}, Rules: []RuleRef{next.Thresholds.Rule(), next.Privileges.Rule(), next.Weights.Rule()}}
	after := ""
	for {
		page, err := s.store.findStandings(ctx, nil, after, dryRunPage)
		if err != nil {
			return DryRun{}, err
		}
		for _, st := range page {
			scores := Compute(st.Inputs, next.Weights)
			to := Decide(scores, next.Thresholds)
			out.Accounts++
			switch d := rank(to) - rank(st.Level); {
			case d > 0:
				out.Raised++
			case d < 0:
				out.Lowered++
			default:
				out.Same++
				continue
			}
			if len(out.Sample) < 20 {
				out.Sample = append(out.Sample, Move{AccountID: st.AccountID, From: st.Level, To: to, Scores: scores})
			}
		}
		if len(page) < dryRunPage {
			return out, nil
		}
		after = page[len(page)-1].AccountID
	}
}
