package backoffice

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/db"
)

// KindAppeal is the review kind of appeals against restrictions.
const KindAppeal = appeal.ReviewKind

func init() { ReviewKinds = append(ReviewKinds, KindAppeal) }

// WithAppeals adds the appeal domain's review actions to the queue.
func (q *Queue) WithAppeals(a *appeal.Service) *Queue {
	q.appeals = a
	return q
}

// AppealDue is when an appeal submitted at t is due under the queue's
// calendar and the appeals' SLA; the appeal domain shows it to the account.
func (q *Queue) AppealDue(t time.Time) time.Time {
	return q.item(ReviewItem{Kind: KindAppeal, SubmittedAt: t}).DueAt
}

// appealItem makes an appeal a review item with its SLA clock.
func (q *Queue) appealItem(a appeal.Appeal) Item {
	out := q.item(ReviewItem{ID: a.ID, Kind: KindAppeal, UserID: a.AccountID, Applicant: a.Account, Status: a.Status,
		SubmittedAt: a.SubmittedAt})
	out.Overdue = a.Status == appeal.StatusSubmitted && !q.clock.Now().Before(out.DueAt)
	out.Appeal = &a
	return out
}

// appealItems is one page of the appeals stream, oldest first (none
// without the appeal domain).
func (q *Queue) appealItems(ctx context.Context, status string, pg db.Page) ([]Item, string, error) {
	if q.appeals == nil {
		return nil, "", nil
	}
	as, next, err := q.appeals.FindReviewItems(ctx, appeal.ReviewFilter{Status: status, Page: pg})
	out := make([]Item, len(as))
	for i, a := range as {
		out[i] = q.appealItem(a)
	}
	return out, next, err
}

// findAppealItem returns the appeal id names as a review item; ok is false
// when id is not an appeal's.
func (q *Queue) findAppealItem(ctx context.Context, id string) (Item, bool, error) {
	if q.appeals == nil {
		return Item{}, false, nil
	}
	isAppeal, err := q.appeals.IsAppeal(ctx, id)
	if !isAppeal || err != nil {
		return Item{}, false, err
	}
	a, err := q.appeals.FindAppealByID(ctx, id)
	return q.appealItem(a), true, err
}

// decideAppeal upholds (approve) or rejects the appeal id names; ok is
// false when id is not an appeal's.
func (q *Queue) decideAppeal(ctx context.Context, id string, approve bool, reason string) (Item, bool, error) {
	if q.appeals == nil {
		return Item{}, false, nil
	}
	isAppeal, err := q.appeals.IsAppeal(ctx, id)
	if !isAppeal || err != nil {
		return Item{}, false, err
	}
	a, err := q.appeals.DecideReview(ctx, id, approve, reason)
	return q.appealItem(a), true, err
}
