package analytics

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/jobs"
)

// The jobs of the aggregates: a backfill, and the daily computation.
const (
	BackfillKind = "analytics.backfill"
	DailyKind    = "analytics.daily"
)

// InitialBackfill is the id of the backfill the first start requests.
const InitialBackfill = "initial"

// Options are the configured numbers of the daily aggregates.
type Options struct {
	// DailyAt is the time after midnight UTC of the daily computation;
	// late in the day, so that the day's view snapshot is taken on it.
	DailyAt time.Duration
	// RecomputeDays is how many days, today included, the daily job
	// computes again.
	RecomputeDays int
	// BackfillDays is how many days back the first start's backfill goes.
	BackfillDays int
}

// Service holds the daily aggregates. The dashboards' reads check
// authorization first; each computation is one transaction per window with
// its audit event.
type Service struct {
	db         *db.DB
	audit      *audit.Log
	jobs       *jobs.Queue
	clock      clock.Clock
	contents   *content.Service
	feed       *feed.Service
	commission *commission.Service
	opts       Options
	store      store
}

// NewService wires the aggregates and registers their jobs on q.
func NewService(d *db.DB, a *audit.Log, q *jobs.Queue, c clock.Clock, contents *content.Service, f *feed.Service,
	cm *commission.Service, opts Options) *Service {
	if opts.DailyAt <= 0 {
		opts.DailyAt = 23*time.Hour + 55*time.Minute
	}
	if opts.RecomputeDays <= 0 {
		opts.RecomputeDays = Ranges[len(Ranges)-1]
	}
	if opts.BackfillDays <= 0 {
		opts.BackfillDays = 365
	}
	s := &Service{db: d, audit: a, jobs: q, clock: c, contents: contents, feed: f, commission: cm, opts: opts, store: store{db: d}}
	q.Handle(BackfillKind, s.runBackfill)
	q.Handle(DailyKind, s.daily)
	return s
}

// FindAccountSeries answers the acting creator account's figures over the
// last days (7, 30 or 90, today included); the earnings only to those who
// may read them.
func (s *Service) FindAccountSeries(ctx context.Context, days int) (Series, error) {
	if err := authz.CheckCtx(ctx, authz.ReadStats, nil); err != nil {
		return Series{}, err
	}
	if err := checkRange(days); err != nil {
		return Series{}, err
	}
	a := authz.ActorFrom(ctx)
	return s.series(ctx, KindAccount, a.PublicID(a.ActingAccount()), days, authz.CheckCtx(ctx, authz.ReadEarnings, nil) == nil)
}

// FindContentSeries answers one of the actor's contents' figures over the
// last days, with its title.
func (s *Service) FindContentSeries(ctx context.Context, contentID string, days int) (ContentSeries, error) {
	if err := checkRange(days); err != nil {
		return ContentSeries{}, err
	}
	c, err := s.contents.FindContentByID(ctx, contentID)
	if err != nil {
		return ContentSeries{}, err
	}
	if err := authz.CheckCtx(ctx, authz.ReadStats, c); err != nil {
		return ContentSeries{}, err
	}
	sr, err := s.series(ctx, KindContent, c.ID, days, authz.CheckCtx(ctx, authz.ReadEarnings, nil) == nil)
	return ContentSeries{ContentID: c.ID, Title: c.Title, Series: sr}, err
}

// series reads a subject's rows of the last days and fills the days
// without one.
func (s *Service) series(ctx context.Context, kind, id string, days int, earnings bool) (Series, error) {
	end := midnight(s.clock.Now()).Add(24 * time.Hour)
	start := end.AddDate(0, 0, -days)
	from, to := day(start), day(end)
	rows, err := s.store.findDays(ctx, kind, id, from, to)
	if err != nil {
		return Series{}, err
	}
	followers, views, err := s.store.findBefore(ctx, kind, id, from)
	if err != nil {
		return Series{}, err
	}
	at, err := s.store.findComputedAt(ctx, kind, id, from, to)
	if err != nil {
		return Series{}, err
	}
	out := Series{Days: make([]Figures, 0, days), Earnings: earnings, ComputedAt: at}
	out.Totals.FollowersTotal, out.Totals.ViewsTotal = followers, views
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		f := Figures{Day: day(d), FollowersTotal: out.Totals.FollowersTotal, ViewsTotal: out.Totals.ViewsTotal}
		if len(rows) > 0 && rows[0].Day == f.Day {
			f, rows = rows[0], rows[1:]
			f.ViewsTotal = max(f.ViewsTotal, out.Totals.ViewsTotal)
		}
		if !earnings {
			f.EarningsPending, f.EarningsSettled = 0, 0
		}
		out.Days = append(out.Days, f)
		out.Totals.add(f)
	}
	return out, nil
}

// ScheduleDaily makes sure the first start's backfill is requested once
// and the next daily computation is queued (one per day whatever the
// number of replicas). package app calls it when the process starts
// serving.
func (s *Service) ScheduleDaily(ctx context.Context) error {
	now := s.clock.Now()
	b := Backfill{ID: InitialBackfill, From: day(midnight(now).AddDate(0, 0, -s.opts.BackfillDays+1)),
		To: day(midnight(now).Add(24 * time.Hour)), CreatedBy: audit.System, CreatedAt: now}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		created, err := s.store.createBackfill(ctx, b)
		if err != nil || !created {
			return err
		}
		if _, err := s.jobs.Enqueue(ctx, BackfillKind, backfillRef{ID: b.ID}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "analytics.backfill", ObjectType: "analytics_backfill",
			ObjectID: b.ID, Summary: b.From + " – " + b.To})
	})
	if err != nil {
		return err
	}
	return s.scheduleNext(ctx, now)
}

// Backfill computes the figures of the last days (today included) at
// once, for "helio analytics backfill": the operator's shell, so it checks
// no permission. It is safe to run at any time, and again.
func (s *Service) Backfill(ctx context.Context, days int) (Backfill, error) {
	if days < 1 || days > 3660 {
		return Backfill{}, apperr.Field("days", "must be 1 to %d", 3660)
	}
	now := s.clock.Now()
	b := Backfill{ID: uuid.Must(uuid.NewV7()).String(), From: day(midnight(now).AddDate(0, 0, -days+1)),
		To: day(midnight(now).Add(24 * time.Hour)), CreatedBy: audit.System, CreatedAt: now}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.createBackfill(ctx, b); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "analytics.backfill", ObjectType: "analytics_backfill",
			ObjectID: b.ID, Summary: b.From + " – " + b.To})
	})
	if err != nil {
		return Backfill{}, err
	}
	if err := s.finish(ctx, b); err != nil {
		return Backfill{}, err
	}
	return s.store.findBackfill(ctx, b.ID)
}

// backfillRef is the payload of the backfill job.
type backfillRef struct {
	ID string `json:"id"`
}

// runBackfill is the BackfillKind job; a backfill already finished is
// skipped.
func (s *Service) runBackfill(ctx context.Context, j jobs.Job) error {
	var ref backfillRef
	if err := j.Decode(&ref); err != nil {
		return err
	}
	b, err := s.store.findBackfill(ctx, ref.ID)
	if err != nil || b.FinishedAt != nil {
		return err
	}
	return s.finish(ctx, b)
}

// backfillWindow is how many days one transaction of a backfill computes.
const backfillWindow = 31

// finish computes a backfill window by window and marks it finished.
func (s *Service) finish(ctx context.Context, b Backfill) error {
	from, err := time.Parse(time.DateOnly, b.From)
	if err != nil {
		return apperr.Wrap(err, "backfill start")
	}
	to, err := time.Parse(time.DateOnly, b.To)
	if err != nil {
		return apperr.Wrap(err, "backfill end")
	}
	for start := from; start.Before(to); start = start.AddDate(0, 0, backfillWindow) {
		if err := s.compute(ctx, start, minTime(start.AddDate(0, 0, backfillWindow), to)); err != nil {
			return err
		}
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		done, err := s.store.updateBackfillDone(ctx, b.ID, s.clock.Now())
		if err != nil || !done {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "analytics.backfill_done",
			ObjectType: "analytics_backfill", ObjectID: b.ID, Summary: b.From + " – " + b.To})
	})
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// scheduleNext queues the daily job of the first daily moment after now.
func (s *Service) scheduleNext(ctx context.Context, now time.Time) error {
	at := midnight(now).Add(s.opts.DailyAt)
	if !at.After(now) {
		at = at.Add(24 * time.Hour)
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.jobs.Enqueue(ctx, DailyKind, struct{}{}, jobs.At(at), jobs.Dedupe(DailyKind+":"+day(at)))
		return err
	})
}

// daily is the DailyKind job: it computes the last RecomputeDays days and
// queues the next day's computation.
func (s *Service) daily(ctx context.Context, j jobs.Job) error {
	end := midnight(s.clock.Now()).Add(24 * time.Hour)
	if err := s.compute(ctx, end.AddDate(0, 0, -s.opts.RecomputeDays), end); err != nil {
		return err
	}
	return s.scheduleNext(ctx, j.RunAt.Add(time.Minute))
}

// compute writes the figures of the days in [from, to) (UTC midnights),
// and, when the window holds today, today's view snapshot, in one
// transaction. The rows stored in the window are rewritten too, so that
// what is no longer there (a removed like, a deleted content) leaves them.
func (s *Service) compute(ctx context.Context, from, to time.Time) error {
	now := s.clock.Now()
	rows := map[subject]*Figures{}
	row := func(kind, id, d string) *Figures {
		k := subject{kind, id, d}
		if rows[k] == nil {
			rows[k] = &Figures{Day: d}
		}
		return rows[k]
	}
	stored, err := s.store.findSubjects(ctx, day(from), day(to))
	if err != nil {
		return err
	}
	for _, k := range stored {
		row(k.kind, k.id, k.day)
	}
	engaged, err := s.contents.EngagementDays(ctx, from, to)
	if err != nil {
		return err
	}
	for _, e := range engaged {
		for _, f := range []*Figures{row(KindContent, e.ContentID, e.Day), row(KindAccount, e.AuthorID, e.Day)} {
			f.Likes, f.Favourites, f.Comments, f.Shares = f.Likes+e.Likes, f.Favourites+e.Favourites, f.Comments+e.Comments, f.Shares+e.Shares
		}
	}
	earned, err := s.commission.EarningsDays(ctx, from, to)
	if err != nil {
		return err
	}
	for _, e := range earned {
		if e.Currency != Currency {
			continue
		}
		for _, f := range []*Figures{row(KindContent, e.ContentID, e.Day), row(KindAccount, e.CreatorID, e.Day)} {
			f.EarningsPending, f.EarningsSettled = f.EarningsPending+e.Pending, f.EarningsSettled+e.Settled
		}
	}
	var views map[subject][2]int
	if !from.After(now) && to.After(now) {
		if views, err = s.views(ctx, day(now), row); err != nil {
			return err
		}
	}
	// After the views, which may add account rows: each needs its followers.
	if err := s.follows(ctx, from, to, row, rows); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.upsertDays(ctx, rows, now); err != nil {
			return err
		}
		for k, v := range views {
			if err := s.store.upsertViews(ctx, k, v[0], v[1]); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "analytics.compute", ObjectType: "analytics",
			ObjectID: day(from), Summary: fmt.Sprintf("%s – %s: %d rows", day(from), day(to), len(rows))})
	})
}

// follows adds the followers gained per account and day in [from, to) to
// rows, and sets every account row's followers at the day's end: today's
// followers less those gained after the day.
func (s *Service) follows(ctx context.Context, from, to time.Time, row func(kind, id, d string) *Figures,
	rows map[subject]*Figures) error {
	gains, err := s.feed.FollowDays(ctx, from)
	if err != nil {
		return err
	}
	after := map[string]map[string]int{} // account → day → gained
	for _, g := range gains {
		if after[g.AccountID] == nil {
			after[g.AccountID] = map[string]int{}
		}
		after[g.AccountID][g.Day] += g.Gained
		if g.Day < day(to) {
			row(KindAccount, g.AccountID, g.Day).FollowersGained = g.Gained
		}
	}
	var accounts []string
	seen := map[string]bool{}
	for k := range rows {
		if k.kind == KindAccount && !seen[k.id] {
			seen[k.id] = true
			accounts = append(accounts, k.id)
		}
	}
	counts, err := s.feed.FollowerStatsOf(ctx, accounts, nil)
	if err != nil {
		return err
	}
	for k, f := range rows {
		if k.kind != KindAccount {
			continue
		}
		total := counts[k.id].Followers
		for d, n := range after[k.id] {
			if d > k.day {
				total -= n
			}
		}
		f.FollowersTotal = max(total, 0)
	}
	return nil
}

// views takes today's snapshot of the view counters: each content whose
// counter moved since its last snapshot, and its account, get today's row
// with the views since then and the counter. It answers (views, total) per
// row to write.
func (s *Service) views(ctx context.Context, today string, row func(kind, id, d string) *Figures) (map[subject][2]int, error) {
	totals, err := s.contents.ViewTotals(ctx)
	if err != nil {
		return nil, err
	}
	before, err := s.store.findViewSnapshots(ctx, today)
	if err != nil {
		return nil, err
	}
	out := map[subject][2]int{}
	accounts := map[string][2]int{}
	for _, v := range totals {
		a := accounts[v.AuthorID]
		a[1] += v.Views
		delta := v.Views - before[[2]string{KindContent, v.ContentID}]
		if delta > 0 {
			row(KindContent, v.ContentID, today)
			out[subject{KindContent, v.ContentID, today}] = [2]int{delta, v.Views}
			a[0] += delta
		}
		accounts[v.AuthorID] = a
	}
	for id, a := range accounts {
		if a[0] > 0 {
			row(KindAccount, id, today)
			out[subject{KindAccount, id, today}] = a
		}
	}
	return out, nil
}
