package backoffice

import (
	"context"
	"slices"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
)

// KindContent is the review kind of submitted content.
const KindContent = "content"

// ReviewKinds lists the kinds of the queue: the creator domain's
// applications, then content.
var ReviewKinds = append(slices.Clone(creator.ReviewKinds), KindContent)

// ReviewItem is one entry of the review queue with the material submitted
// (one of the pointers is set, by Kind; content items carry theirs in
// Item.Content).
type ReviewItem struct {
	ID            string                         `json:"id"`
	Kind          string                         `json:"kind"`
	UserID        string                         `json:"user_id"`
	Applicant     string                         `json:"applicant"`
	Status        string                         `json:"status"`
	SubmittedAt   time.Time                      `json:"submitted_at"`
	Certification *creator.Certification         `json:"certification,omitempty"`
	Capability    *creator.CapabilityApplication `json:"capability,omitempty"`
	BrandEntry    *creator.BrandEntry            `json:"brand_entry,omitempty"`
}

// ReviewFilter selects review items: of one kind (empty for every
// application kind), and by Status pending (the default), decided or all.
type ReviewFilter struct {
	Kind   string
	Status string
	Limit  int
	Cursor string
}

// DefaultSLA is the target in working days of a kind without one configured.
const DefaultSLA = 3

// Item is one entry of the review queue with its SLA clock.
type Item struct {
	ReviewItem
	// SLADays is the kind's target in working days.
	SLADays int `json:"sla_working_days"`
	// DueAt is the end of the last working day of the target.
	DueAt time.Time `json:"due_at"`
	// Overdue marks a pending item past its due time.
	Overdue bool `json:"overdue"`
	// Content is the submitted content with its machine-check findings
	// (kind content).
	Content *content.Content `json:"content,omitempty"`
	// Appeal is the appeal with its restriction and exchange (kind appeal).
	Appeal *appeal.Appeal `json:"appeal,omitempty"`
}

// Queue is the operators' review queue.
type Queue struct {
	creators *creator.Service
	accounts *account.Service
	calendar Calendar
	sla      map[string]int
	clock    clock.Clock
	contents *content.Service
	appeals  *appeal.Service
}

// WithContent adds the content domain's review actions to the queue.
func (q *Queue) WithContent(c *content.Service) *Queue {
	q.contents = c
	return q
}

// contentItem makes submitted content a review item with its SLA clock.
func (q *Queue) contentItem(c content.Content) Item {
	it := ReviewItem{ID: c.ID, Kind: KindContent, UserID: c.Owner, Applicant: c.Title, Status: c.Status}
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
// naming applicants by their accounts, with the working-day calendar and
// the SLA per kind.
func NewQueue(creators *creator.Service, accounts *account.Service, cal Calendar, sla map[string]int, c clock.Clock) *Queue {
	return &Queue{creators: creators, accounts: accounts, calendar: cal, sla: sla, clock: c}
}

// submissionItems makes the creator domain's submissions review items with
// their SLA clocks, naming each applicant by nickname.
func (q *Queue) submissionItems(ctx context.Context, subs []creator.Submission) ([]Item, error) {
	ids := make([]string, len(subs))
	for i, s := range subs {
		ids[i] = s.UserID
	}
	users, err := q.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(subs))
	for i, s := range subs {
		out[i] = q.item(ReviewItem{ID: s.ID, Kind: s.Kind, UserID: s.UserID, Applicant: users[s.UserID].Nickname,
			Status: s.Status, SubmittedAt: s.SubmittedAt, Certification: s.Certification, Capability: s.Capability,
			BrandEntry: s.BrandEntry})
	}
	return out, nil
}

// submissionItem is submissionItems for one submission.
func (q *Queue) submissionItem(ctx context.Context, s creator.Submission) (Item, error) {
	items, err := q.submissionItems(ctx, []creator.Submission{s})
	if err != nil {
		return Item{}, err
	}
	return items[0], nil
}

// item adds the SLA clock to a review item.
func (q *Queue) item(it ReviewItem) Item {
	days := q.sla[it.Kind]
	if days <= 0 {
		days = DefaultSLA
	}
	due := q.calendar.Due(it.SubmittedAt, days)
	return Item{ReviewItem: it, SLADays: days, DueAt: due,
		Overdue: it.Status == creator.StatusSubmitted && !q.clock.Now().Before(due)}
}

// FindItems lists the queue, oldest first, one page at a time.
func (q *Queue) FindItems(ctx context.Context, f ReviewFilter) ([]Item, string, error) {
	if f.Kind == KindContent {
		cs, next, err := q.contents.FindReviewItems(ctx, db.Page{Limit: f.Limit, Cursor: f.Cursor})
		out := make([]Item, len(cs))
		for i, c := range cs {
			out[i] = q.contentItem(c)
		}
		return out, next, err
	}
	if f.Kind == KindAppeal {
		return q.appealItems(ctx, f)
	}
	subs, next, err := q.creators.FindSubmissions(ctx, creator.SubmissionFilter{Kind: f.Kind, Status: f.Status,
		Page: db.Page{Limit: f.Limit, Cursor: f.Cursor}})
	if err != nil {
		return nil, "", err
	}
	out, err := q.submissionItems(ctx, subs)
	return out, next, err
}

// FindItem returns one item with its submitted material.
func (q *Queue) FindItem(ctx context.Context, id string) (Item, error) {
	if it, ok, err := q.findAppealItem(ctx, id); ok || err != nil {
		return it, err
	}
	if c, ok, err := q.isContent(ctx, id); ok || err != nil {
		return q.contentItem(c), err
	}
	s, err := q.creators.FindSubmission(ctx, id)
	if err != nil {
		return Item{}, err
	}
	return q.submissionItem(ctx, s)
}

// Approve approves the item through its domain's review action.
func (q *Queue) Approve(ctx context.Context, id string) (Item, error) {
	return q.decide(ctx, id, true, "")
}

// decide routes a decision to the domain the item belongs to.
func (q *Queue) decide(ctx context.Context, id string, approve bool, reason string) (Item, error) {
	if it, ok, err := q.decideAppeal(ctx, id, approve, reason); ok || err != nil {
		return it, err
	}
	if _, ok, err := q.isContent(ctx, id); ok || err != nil {
		if err != nil {
			return Item{}, err
		}
		c, err := q.contents.DecideReview(ctx, id, approve, reason)
		return q.contentItem(c), err
	}
	s, err := q.creators.DecideReview(ctx, id, approve, reason)
	if err != nil {
		return Item{}, err
	}
	return q.submissionItem(ctx, s)
}

// Reject rejects the item with a reason the applicant will see.
func (q *Queue) Reject(ctx context.Context, id, reason string) (Item, error) {
	return q.decide(ctx, id, false, reason)
}
