// Package analytics keeps the daily figures of each public account and each
// content (issue 14): followers gained and in total, views, interactions
// (likes, favourites, comments, shares) and earnings (the creator part of
// commission, pending and settled). A job computes them from what the
// content, feed and commission services report, never from their tables;
// the dashboards read them here, so a page view scans no events.
//
// The job is idempotent: computing a window of days again rewrites the
// same rows. It runs daily (DailyKind) over the last RecomputeDays days, so
// that settlements, removed likes and unfollows reach the figures, and once
// over BackfillDays at the first start (a Backfill), or on demand with
// "helio analytics backfill".
//
// Views carry no dates: each computation that covers today takes a
// snapshot of every content's view counter (views_total), and a day's
// views are the difference from the snapshot before; views counted before
// the first snapshot land on its day.
package analytics

import (
	"slices"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
)

// Subject kinds of the daily rows.
const (
	KindAccount = "account"
	KindContent = "content"
)

// Currency is the currency the earnings figures are kept in; commission
// in another currency is left out of them.
const Currency = "CNY"

// Ranges are the windows, in days, a dashboard may ask for.
var Ranges = []int{7, 30, 90}

// Figures are one subject's figures of one UTC day (Day is YYYY-MM-DD), or
// of a window (Totals).
type Figures struct {
	Day             string `json:"day"`
	FollowersGained int    `json:"followers_gained"`
	// FollowersTotal is the followers at the day's end.
	FollowersTotal int `json:"followers_total"`
	Views          int `json:"views"`
	// ViewsTotal is the view counter at the day's last snapshot.
	ViewsTotal int `json:"views_total"`
	Likes      int `json:"likes"`
	Favourites int `json:"favourites"`
	Comments   int `json:"comments"`
	Shares     int `json:"shares"`
	// EarningsPending and EarningsSettled are the creator's part of
	// commission paid that day, by the lines' current state, in fen.
	EarningsPending int64 `json:"earnings_pending"`
	EarningsSettled int64 `json:"earnings_settled"`
}

// Interactions is the sum of likes, favourites, comments and shares.
func (f Figures) Interactions() int { return f.Likes + f.Favourites + f.Comments + f.Shares }

// Earnings is the pending and settled earnings together.
func (f Figures) Earnings() int64 { return f.EarningsPending + f.EarningsSettled }

// add adds g's daily figures to f; the totals (followers, views) become
// g's, as the later day's.
func (f *Figures) add(g Figures) {
	f.FollowersGained += g.FollowersGained
	f.Views += g.Views
	f.Likes += g.Likes
	f.Favourites += g.Favourites
	f.Comments += g.Comments
	f.Shares += g.Shares
	f.EarningsPending += g.EarningsPending
	f.EarningsSettled += g.EarningsSettled
	f.FollowersTotal, f.ViewsTotal = g.FollowersTotal, g.ViewsTotal
}

// Series is a subject's figures over the last days: one entry per day,
// oldest first, each day present (zero when nothing happened, the totals
// carried over from the day before).
type Series struct {
	Days []Figures `json:"days"`
	// Totals sums the window; its FollowersTotal and ViewsTotal are the
	// last day's.
	Totals Figures `json:"totals"`
	// Earnings tells whether the earnings figures are included: they are
	// for those who may read the earnings.
	Earnings bool `json:"earnings"`
	// ComputedAt is when the job last computed any of the window's rows
	// (nil when it never did).
	ComputedAt *time.Time `json:"computed_at"`
}

// Empty reports whether nothing at all happened in the window and
// nothing was there before it.
func (s Series) Empty() bool {
	t := s.Totals
	return t.FollowersTotal == 0 && t.ViewsTotal == 0 && t.Views == 0 && t.Interactions() == 0 && t.Earnings() == 0
}

// ContentSeries is one content's series with its title.
type ContentSeries struct {
	ContentID string `json:"content_id"`
	Title     string `json:"title"`
	Series
}

// Backfill is one computation of a long window of days, requested at the
// first start or on the command line, with its progress.
type Backfill struct {
	ID         string     `json:"id"`
	From       string     `json:"from"`
	To         string     `json:"to"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	FinishedAt *time.Time `json:"finished_at"`
}

// checkRange validates the window a dashboard asks for.
func checkRange(days int) error {
	if !slices.Contains(Ranges, days) {
		return apperr.Field("days", "must be 7, 30 or 90")
	}
	return nil
}

// day is the UTC day of t.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// midnight is the start of t's UTC day.
func midnight(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
