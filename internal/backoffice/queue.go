package backoffice

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/clock"
)

// DefaultSLA is the target in working days of a kind without one configured.
const DefaultSLA = 3

// Item is one entry of the review queue with its SLA clock.
type Item struct {
	account.ReviewItem
	// SLADays is the kind's target in working days.
	SLADays int `json:"sla_working_days"`
	// DueAt is the end of the last working day of the target.
	DueAt time.Time `json:"due_at"`
	// Overdue marks a pending item past its due time.
	Overdue bool `json:"overdue"`
}

// Queue is the operators' review queue.
type Queue struct {
	creators *account.Creators
	calendar Calendar
	sla      map[string]int
	clock    clock.Clock
}

// NewQueue returns the review queue over the creator domain's applications,
// with the working-day calendar and the SLA per kind.
func NewQueue(creators *account.Creators, cal Calendar, sla map[string]int, c clock.Clock) *Queue {
	return &Queue{creators: creators, calendar: cal, sla: sla, clock: c}
}

// item adds the SLA clock to a review item.
func (q *Queue) item(it account.ReviewItem) Item {
	days := q.sla[it.Kind]
	if days <= 0 {
		days = DefaultSLA
	}
	due := q.calendar.Due(it.SubmittedAt, days)
	return Item{ReviewItem: it, SLADays: days, DueAt: due,
		Overdue: it.Status == account.StatusSubmitted && !q.clock.Now().Before(due)}
}

// FindItems lists the queue, oldest first, one page at a time.
func (q *Queue) FindItems(ctx context.Context, f account.ReviewFilter) ([]Item, string, error) {
	items, next, err := q.creators.FindReviewItems(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := make([]Item, len(items))
	for i, it := range items {
		out[i] = q.item(it)
	}
	return out, next, nil
}

// FindItem returns one item with its submitted material.
func (q *Queue) FindItem(ctx context.Context, id string) (Item, error) {
	it, err := q.creators.FindReviewItem(ctx, id)
	if err != nil {
		return Item{}, err
	}
	return q.item(it), nil
}

// Approve approves the item through its domain's review action.
func (q *Queue) Approve(ctx context.Context, id string) (Item, error) {
	it, err := q.creators.DecideReview(ctx, id, true, "")
	if err != nil {
		return Item{}, err
	}
	return q.item(it), nil
}

// Reject rejects the item with a reason the applicant will see.
func (q *Queue) Reject(ctx context.Context, id, reason string) (Item, error) {
	it, err := q.creators.DecideReview(ctx, id, false, reason)
	if err != nil {
		return Item{}, err
	}
	return q.item(it), nil
}
