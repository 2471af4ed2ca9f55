package backoffice

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/task"
)

// KindTaskDispute is the review kind of disputed task orders (SPEC §8):
// approving releases the escrow to the creator, rejecting refunds the
// merchant; a split is decided through the task marketplace's own route.
const KindTaskDispute = "task_dispute"

// WithTasks adds the task marketplace's disputes to the queue.
func (q *Queue) WithTasks(t *task.Service) *Queue {
	q.tasks = t
	return q
}

// disputeItem makes a disputed task a review item with its SLA clock.
func (q *Queue) disputeItem(t task.Order) Item {
	out := q.item(ReviewItem{ID: t.ID, Kind: KindTaskDispute, UserID: t.MerchantID, Applicant: t.Merchant + " / " + t.Creator,
		Status: t.State, SubmittedAt: t.UpdatedAt})
	out.Overdue = t.State == task.StateDisputed && !q.clock.Now().Before(out.DueAt)
	out.Task = &t
	return out
}

// disputeItems is one page of the disputes stream, the longest waiting
// first (none without the task marketplace).
func (q *Queue) disputeItems(ctx context.Context, status string, pg db.Page) ([]Item, string, error) {
	if q.tasks == nil {
		return nil, "", nil
	}
	ts, next, err := q.tasks.FindDisputes(ctx, status, pg)
	out := make([]Item, len(ts))
	for i, t := range ts {
		out[i] = q.disputeItem(t)
	}
	return out, next, err
}

// isDispute reports whether id names a disputed task.
func (q *Queue) isDispute(ctx context.Context, id string) (task.Order, bool, error) {
	if q.tasks == nil {
		return task.Order{}, false, nil
	}
	t, err := q.tasks.FindDispute(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return task.Order{}, false, nil
	}
	return t, err == nil, err
}

// decideDispute releases (approve) or refunds (reject) a disputed task.
func (q *Queue) decideDispute(ctx context.Context, id string, approve bool) (Item, error) {
	outcome := task.OutcomeRefund
	if approve {
		outcome = task.OutcomeRelease
	}
	t, err := q.tasks.DecideDispute(ctx, id, task.DisputeDecision{Outcome: outcome})
	return q.disputeItem(t), err
}
