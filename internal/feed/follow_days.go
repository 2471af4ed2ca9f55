package feed

import (
	"context"
	"time"
)

// FollowDay is how many followers an account gained on one UTC day (Day is
// YYYY-MM-DD), counting the follows that still hold.
type FollowDay struct {
	AccountID, Day string
	Gained         int
}

// FollowDays returns the followers each account gained from since on, one
// entry per account and day with any. It serves the daily aggregates
// (package analytics), so it checks no permission.
func (s *Service) FollowDays(ctx context.Context, since time.Time) ([]FollowDay, error) {
	return s.store.findFollowDays(ctx, since)
}
