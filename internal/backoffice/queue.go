package backoffice

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
)

// KindContent is the review kind of submitted content.
const KindContent = "content"

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
	// Content is the submitted content with its machine-check findings
	// (kind content).
	Content *content.Content `json:"content,omitempty"`
}

// Queue is the operators' review queue.
type Queue struct {
	creators *account.Creators
	calendar Calendar
	sla      map[string]int
	clock    clock.Clock
	contents *content.Service
}

// WithContent adds the content domain's review actions to the queue.
func (q *Queue) WithContent(c *content.Service) *Queue {
	q.contents = c
	return q
}

// contentItem makes submitted content a review item with its SLA clock.
func (q *Queue) contentItem(c content.Content) Item {
	it := account.ReviewItem{ID: c.ID, Kind: KindContent, UserID: c.Owner, Applicant: c.Title, Status: c.Status}
	if c.SubmittedAt != nil {
		it.SubmittedAt = *c.SubmittedAt
	}
	out := q.item(it)
	out.Overdue = c.Status == content.StatusInReview && !q.clock.Now().Before(out.DueAt)
	out.Content = &c
	return out
}

// isContent reports whether id names content (rather than an application).
func (q *Queue) isContent(ctx context.Context, id string) (content.Content, bool, error) {
	c, err := q.contents.FindContentByID(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return content.Content{}, false, nil
	}
	return c, err == nil, err
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
	if f.Kind == KindContent {
		cs, next, err := q.contents.FindReviewItems(ctx, db.Page{Limit: f.Limit, Cursor: f.Cursor})
		out := make([]Item, len(cs))
		for i, c := range cs {
			out[i] = q.contentItem(c)
		}
		return out, next, err
	}
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
	if c, ok, err := q.isContent(ctx, id); ok || err != nil {
		return q.contentItem(c), err
	}
	it, err := q.creators.FindReviewItem(ctx, id)
	if err != nil {
		return Item{}, err
	}
	return q.item(it), nil
}

// Approve approves the item through its domain's review action.
func (q *Queue) Approve(ctx context.Context, id string) (Item, error) {
	return q.decide(ctx, id, true, "")
}

// decide routes a decision to the domain the item belongs to.
func (q *Queue) decide(ctx context.Context, id string, approve bool, reason string) (Item, error) {
	if _, ok, err := q.isContent(ctx, id); ok || err != nil {
		if err != nil {
			return Item{}, err
		}
		c, err := q.contents.DecideReview(ctx, id, approve, reason)
		return q.contentItem(c), err
	}
	it, err := q.creators.DecideReview(ctx, id, approve, reason)
	if err != nil {
		return Item{}, err
	}
	return q.item(it), nil
}

// Reject rejects the item with a reason the applicant will see.
func (q *Queue) Reject(ctx context.Context, id, reason string) (Item, error) {
	return q.decide(ctx, id, false, reason)
}
