package commission

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/db"
)

// DayEarnings is a creator's part of one content's commission paid on one
// UTC day (Day is YYYY-MM-DD), in minor units of Currency, by the lines'
// current state: pending, or settled (settled or released).
type DayEarnings struct {
	CreatorID, ContentID, Day, Currency string
	Pending, Settled                    int64
}

// EarningsDays returns the creators' earnings of real (not sandbox),
// attributed lines paid in [from, to), one entry per creator, content, day
// and currency with any. It serves the daily aggregates (package
// analytics), so it checks no permission.
func (s *Service) EarningsDays(ctx context.Context, from, to time.Time) ([]DayEarnings, error) {
	var w db.Where
	w.Add(`NOT sandbox AND state IN (?, ?, ?) AND paid_at >= ? AND paid_at < ?`, StatePending, StateSettled, StateReleased, from, to)
	lines, err := s.store.findLines(ctx, w, maxStatementLines)
	if err != nil {
		return nil, err
	}
	index := map[[4]string]int{}
	var out []DayEarnings
	for _, l := range lines {
		key := [4]string{l.CreatorID, l.ContentID, l.PaidAt.UTC().Format(time.DateOnly), l.Paid.Currency}
		i, ok := index[key]
		if !ok {
			i, index[key] = len(out), len(out)
			out = append(out, DayEarnings{CreatorID: key[0], ContentID: key[1], Day: key[2], Currency: key[3]})
		}
		if l.State == StatePending {
			out[i].Pending += l.Shares.Creator
		} else {
			out[i].Settled += l.Shares.Creator
		}
	}
	return out, nil
}
