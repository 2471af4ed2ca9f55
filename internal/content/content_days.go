package content

import (
	"context"
	"time"
)

// DayEngagement is what readers did with one content on one UTC day
// (Day is YYYY-MM-DD): likes, favourites, visible comments and share codes
// made, as the content's Analyse counters count them.
type DayEngagement struct {
	ContentID, AuthorID, Day            string
	Likes, Favourites, Comments, Shares int
}

// ViewTotal is the view counter of one content as of now.
type ViewTotal struct {
	ContentID, AuthorID string
	Views               int
}

// EngagementDays returns the engagement of not deleted contents made in
// [from, to), one entry per content and day with any. It serves the daily
// aggregates (package analytics), so it checks no permission: it reveals
// nothing to a person.
func (s *Service) EngagementDays(ctx context.Context, from, to time.Time) ([]DayEngagement, error) {
	return s.store.findEngagementDays(ctx, from, to)
}

// ViewTotals returns the view counter of every not deleted content that
// has one, with this replica's tally flushed first. It serves the daily
// aggregates, which take a snapshot of it each day, so it checks no
// permission.
func (s *Service) ViewTotals(ctx context.Context) ([]ViewTotal, error) {
	if err := s.FlushCounts(ctx); err != nil {
		return nil, err
	}
	return s.store.findViewTotals(ctx)
}
