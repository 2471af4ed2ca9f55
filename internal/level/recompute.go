package level

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
)

// The jobs of a recompute: planning a run into batches, one batch of
// accounts, and the daily start.
const (
	PlanKind  = "level.plan"
	BatchKind = "level.batch"
	DailyKind = "level.daily"
)

// Run states and causes; batch states.
const (
	RunPlanning  = "planning"
	RunRunning   = "running"
	RunDone      = "done"
	CauseDaily   = "daily"
	CauseManual  = "manual"
	BatchPending = "pending"
	BatchDone    = "done"
)

// Run is one recompute of every creator's scores and level, with its
// progress. Windows are measured back from StartedAt, so a resumed run
// computes what the uninterrupted run would have.
type Run struct {
	ID                string     `json:"id"`
	Cause             string     `json:"cause" enum:"daily,manual"`
	Status            string     `json:"status" enum:"planning,running,done"`
	JobID             string     `json:"job_id" doc:"the job that plans the run"`
	Total             int        `json:"total" doc:"accounts to compute"`
	Done              int        `json:"done" doc:"accounts computed"`
	Batches           int        `json:"batches"`
	BatchesDone       int        `json:"batches_done"`
	Changed           int        `json:"changed" doc:"accounts whose inputs or rules changed, rewritten"`
	Raised            int        `json:"raised"`
	Lowered           int        `json:"lowered"`
	ThresholdsVersion int        `json:"thresholds_version"`
	WeightsVersion    int        `json:"weights_version"`
	CreatedBy         string     `json:"created_by"`
	StartedAt         time.Time  `json:"started_at"`
	FinishedAt        *time.Time `json:"finished_at"`
	// Rate is accounts per second so far; ETA the seconds left at that rate.
	Rate int `json:"rate" doc:"accounts per second so far"`
	ETA  int `json:"eta_seconds" doc:"seconds left at the current rate"`
}

// withProgress fills the rate and ETA of r as of now.
func (r Run) withProgress(now time.Time) Run {
	end := now
	if r.FinishedAt != nil {
		end = *r.FinishedAt
	}
	if ms := end.Sub(r.StartedAt).Milliseconds(); ms > 0 {
		r.Rate = int(int64(r.Done) * 1000 / ms)
	}
	if r.Rate > 0 {
		r.ETA = (r.Total - r.Done) / r.Rate
	}
	return r
}

// Batch is one job's share of a run: the accounts with ids in
// (AfterID, LastID].
type Batch struct {
	Seq      int
	AfterID  string
	LastID   string
	Accounts int
	Status   string
	Changed  int
}

// runRef is the payload of the plan and batch jobs.
type runRef struct {
	RunID string `json:"run_id"`
	Seq   int    `json:"seq,omitempty"`
}

// StartRecompute starts a recompute of every creator (operators), or, when
// one is under way, resumes it; it answers the run with the job id.
func (s *Service) StartRecompute(ctx context.Context) (Run, error) {
	if err := authz.CheckCtx(ctx, authz.RecomputeLevels, nil); err != nil {
		return Run{}, err
	}
	return s.startRun(ctx, CauseManual, authz.ActorFrom(ctx).UserID)
}

// startRun creates a run planned by a job, or resumes the open one.
func (s *Service) startRun(ctx context.Context, cause, by string) (Run, error) {
	open, err := s.store.findRuns(ctx, true, 1)
	if err != nil {
		return Run{}, err
	}
	if len(open) > 0 {
		return open[0].withProgress(s.clock.Now()), s.resume(ctx, open[0])
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Run{}, err
	}
	run := Run{ID: newID(), Cause: cause, Status: RunPlanning, ThresholdsVersion: r.Thresholds.Version,
		WeightsVersion: r.Weights.Version, CreatedBy: by, StartedAt: s.clock.Now()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createRun(ctx, run); err != nil {
			return err
		}
		var err error
		if run.JobID, err = s.jobs.Enqueue(ctx, PlanKind, runRef{RunID: run.ID}); err != nil {
			return err
		}
		if err := s.store.updateRunJob(ctx, run.ID, run.JobID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: by, Action: "level.recompute", ObjectType: "level_run",
			ObjectID: run.ID, Summary: fmt.Sprintf("%s: %s v%d, %s v%d", cause, TableThresholds, run.ThresholdsVersion,
				TableWeights, run.WeightsVersion)})
	})
	return run, err
}

// resume enqueues again what an open run still needs: its planning, or a
// job per pending batch. Batches are fenced by their state, so a batch
// whose first job is still alive is computed once.
func (s *Service) resume(ctx context.Context, run Run) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if run.Status == RunPlanning {
			_, err := s.jobs.Enqueue(ctx, PlanKind, runRef{RunID: run.ID})
			return err
		}
		pending, err := s.store.findBatches(ctx, run.ID, true)
		if err != nil {
			return err
		}
		for _, b := range pending {
			if _, err := s.jobs.Enqueue(ctx, BatchKind, runRef{RunID: run.ID, Seq: b.Seq}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Resume re-enqueues the unfinished work of every open run: after a crash
// that lost jobs, or at start. It is safe to call on every replica.
func (s *Service) Resume(ctx context.Context) error {
	open, err := s.store.findRuns(ctx, true, 100)
	if err != nil {
		return err
	}
	for _, run := range open {
		if err := s.resume(ctx, run); err != nil {
			return err
		}
	}
	return nil
}

// FindRun returns a run with its progress (operators).
func (s *Service) FindRun(ctx context.Context, id string) (Run, error) {
	if err := authz.CheckCtx(ctx, authz.RecomputeLevels, nil); err != nil {
		return Run{}, err
	}
	r, err := s.store.findRun(ctx, id, false)
	return r.withProgress(s.clock.Now()), err
}

// FindRuns lists the latest runs with their progress (operators).
func (s *Service) FindRuns(ctx context.Context, limit int) ([]Run, error) {
	if err := authz.CheckCtx(ctx, authz.RecomputeLevels, nil); err != nil {
		return nil, err
	}
	runs, err := s.store.findRuns(ctx, false, limit)
	for i := range runs {
		runs[i] = runs[i].withProgress(s.clock.Now())
	}
	return runs, err
}

// plan is the PlanKind job: it pages through the creators into batches and
// enqueues a job for each, once.
func (s *Service) plan(ctx context.Context, j jobs.Job) error {
	var ref runRef
	if err := j.Decode(&ref); err != nil {
		return err
	}
	run, err := s.store.findRun(ctx, ref.RunID, false)
	if err != nil || run.Status != RunPlanning {
		return err
	}
	var batches []Batch
	total, after := 0, ""
	for {
		ids, err := s.creators.FindCreatorIdentities(ctx, after, "", s.opts.BatchSize)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		batches = append(batches, Batch{Seq: len(batches) + 1, AfterID: after, LastID: ids[len(ids)-1], Accounts: len(ids)})
		total, after = total+len(ids), ids[len(ids)-1]
		if len(ids) < s.opts.BatchSize {
			break
		}
	}
	status := RunRunning
	if len(batches) == 0 {
		status = RunDone
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		planned, err := s.store.updateRunPlanned(ctx, run.ID, total, len(batches), status, s.clock.Now())
		if err != nil || !planned {
			return err
		}
		for _, b := range batches {
			if err := s.store.createBatch(ctx, run.ID, b); err != nil {
				return err
			}
			if _, err := s.jobs.Enqueue(ctx, BatchKind, runRef{RunID: run.ID, Seq: b.Seq}); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "level.recompute.plan", ObjectType: "level_run",
			ObjectID: run.ID, Summary: fmt.Sprintf("%d accounts in %d batches", total, len(batches))})
	})
}

// runBatch is the BatchKind job: it computes one batch's accounts and, in
// one transaction, marks the batch done, writes the accounts whose inputs
// or rules changed, records and notifies each level change, and adds the
// batch to the run's progress. A batch already done is skipped, so a job
// run twice, or on two replicas, changes nothing more.
func (s *Service) runBatch(ctx context.Context, j jobs.Job) error {
	var ref runRef
	if err := j.Decode(&ref); err != nil {
		return err
	}
	run, err := s.store.findRun(ctx, ref.RunID, false)
	if err != nil {
		return err
	}
	batches, err := s.store.findBatches(ctx, run.ID, false)
	if err != nil {
		return err
	}
	var b Batch
	for _, x := range batches {
		if x.Seq == ref.Seq {
			b = x
		}
	}
	if b.Seq == 0 || b.Status == BatchDone {
		return nil
	}
	thresholds, err := s.tableAt(ctx, TableThresholds, run.ThresholdsVersion)
	if err != nil {
		return err
	}
	weights, err := s.tableAt(ctx, TableWeights, run.WeightsVersion)
	if err != nil {
		return err
	}
	ids, err := s.creators.FindCreatorIdentities(ctx, b.AfterID, b.LastID, 2*b.Accounts+s.opts.BatchSize)
	if err != nil {
		return err
	}
	fresh, err := s.compute(ctx, ids, run, Thresholds{thresholds}, Weights{weights})
	if err != nil {
		return err
	}
	old, err := s.store.findStandings(ctx, ids, "", len(ids)+1)
	if err != nil {
		return err
	}
	previous := map[string]Standing{}
	for _, st := range old {
		previous[st.AccountID] = st
	}
	var writes []Standing
	for _, st := range fresh {
		if p, ok := previous[st.AccountID]; !ok || p.hash != st.hash {
			writes = append(writes, st)
		}
	}
	b.Changed = len(writes)
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.updateBatchDone(ctx, run.ID, b.Seq, b.Changed, now)
		if err != nil || !ok {
			return err
		}
		raised, lowered := 0, 0
		for _, st := range writes {
			st.ComputedAt = &now
			if err := s.store.upsertStanding(ctx, st, run.ID); err != nil {
				return err
			}
			from := Levels[0]
			if p, ok := previous[st.AccountID]; ok {
				from = p.Level
			}
			if from == st.Level {
				continue
			}
			up := rank(st.Level) > rank(from)
			if up {
				raised++
			} else {
				lowered++
			}
			if err := s.changed(ctx, st, from, up); err != nil {
				return err
			}
		}
		return s.store.updateRunProgress(ctx, run.ID, b, raised, lowered, now)
	})
}

// changed records and notifies one account's level change, in the batch's
// transaction.
func (s *Service) changed(ctx context.Context, st Standing, from string, up bool) error {
	if err := s.audit.Record(ctx, audit.Event{OwnerID: st.AccountID, ActorID: audit.System, Action: "level.change",
		ObjectType: "account", ObjectID: st.AccountID,
		Summary: fmt.Sprintf("%s → %s (%s v%d)", from, st.Level, TableThresholds, st.ThresholdsVersion)}); err != nil {
		return err
	}
	n := levelNotices[up]
	return s.notify.Notify(ctx, st.AccountID, "level.changed", n[0].Format, n[1].Format, nil)
}

// levelNotices are the message centre's title and body of a level change,
// up (true) or down.
var levelNotices = map[bool][2]i18n.Text{
	true: {i18n.T("Your creator level went up"),
		i18n.T("Open your level page to see your new privileges and what the next level needs.")},
	false: {i18n.T("Your creator level went down"),
		i18n.T("Open your level page to see which scores fell and what it takes to climb back.")},
}

// compute gathers the inputs of accounts (windows back from the run's
// start) and computes their standings under thresholds and weights.
func (s *Service) compute(ctx context.Context, accounts []string, run Run, t Thresholds, w Weights) ([]Standing, error) {
	inputs, err := s.gather(ctx, accounts, run.StartedAt.Add(-w.Window()), w.get("window_days"))
	if err != nil {
		return nil, err
	}
	out := make([]Standing, 0, len(accounts))
	for _, id := range accounts {
		in := inputs[id]
		scores := Compute(in, w)
		out = append(out, Standing{AccountID: id, Level: Decide(scores, t), Scores: scores, Inputs: in,
			ThresholdsVersion: t.Version, WeightsVersion: w.Version, hash: in.hash(t.Version, w.Version)})
	}
	return out, nil
}

// gather asks the content, creator and feed services for the figures of
// accounts and turns them into Inputs (docs/levels.md).
func (s *Service) gather(ctx context.Context, accounts []string, since time.Time, windowDays int) (map[string]Inputs, error) {
	stats, err := s.contents.StatsByOwners(ctx, accounts, since)
	if err != nil {
		return nil, err
	}
	focuses, err := s.creators.DomainFocusesOf(ctx, accounts)
	if err != nil {
		return nil, err
	}
	candidates := map[string][]string{}
	for id, st := range stats {
		for fan := range st.Fans {
			candidates[id] = append(candidates[id], fan)
		}
	}
	fans, err := s.feed.FollowerStatsOf(ctx, accounts, candidates)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Inputs, len(accounts))
	for _, id := range accounts {
		st, f := stats[id], fans[id]
		in := Inputs{WindowDays: windowDays, Published: st.Published, PublishedInWindow: st.PublishedSince,
			Views: st.Views, Likes: st.Likes, Comments: st.Comments, Favourites: st.Favourites, Shares: st.Shares,
			Interactions: st.Likes + st.Comments + st.Favourites + st.Shares, ProductClicks: st.ProductClicks,
			MountedProducts: st.MountedProducts, Followers: f.Followers, Rejections: st.Rejections,
			HiddenComments: st.HiddenComments}
		if focus, ok := focuses[id]; ok {
			in.DomainFocus = focus.Code
			for category, n := range st.Categories {
				if inFocus(category, focus) {
					in.InFocus += n
				}
			}
		}
		for fan, a := range st.Fans {
			if !f.Following[fan] {
				continue
			}
			in.Effective++
			in.FanInteractions += a.Interactions
			if a.Contents >= 2 {
				in.Returning++
			}
		}
		out[id] = in
	}
	return out, nil
}

// inFocus reports whether a content category names the domain focus: its
// code, English or Chinese name, in any case.
func inFocus(category string, focus creator.Role) bool {
	c := strings.TrimSpace(category)
	return c != "" && (strings.EqualFold(c, focus.Code) || strings.EqualFold(c, focus.Name) || c == focus.NameZh)
}

// ScheduleDaily makes sure the next daily recompute is queued (one per day
// whatever the number of replicas) and resumes open runs. package app
// calls it when the process starts serving.
func (s *Service) ScheduleDaily(ctx context.Context) error {
	if err := s.Resume(ctx); err != nil {
		return err
	}
	return s.scheduleNext(ctx, s.clock.Now())
}

// scheduleNext queues the daily job of the first day boundary after now.
func (s *Service) scheduleNext(ctx context.Context, now time.Time) error {
	at := now.UTC().Truncate(24 * time.Hour).Add(s.opts.DailyAt)
	if !at.After(now) {
		at = at.Add(24 * time.Hour)
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.jobs.Enqueue(ctx, DailyKind, struct{}{}, jobs.At(at), jobs.Dedupe(DailyKind+":"+at.Format(time.DateOnly)))
		return err
	})
}

// daily is the DailyKind job: it starts the day's run and queues the next
// day's.
func (s *Service) daily(ctx context.Context, j jobs.Job) error {
	if _, err := s.startRun(ctx, CauseDaily, audit.System); err != nil {
		return err
	}
	return s.scheduleNext(ctx, j.RunAt.Add(time.Minute))
}
