package backoffice

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/task"
)

// KindContent is the review kind of submitted content.
const KindContent = "content"

// ReviewKinds lists the kinds of the queue: the creator domain's
// applications, content, task disputes and channel applications.
var ReviewKinds = append(slices.Clone(creator.ReviewKinds), KindContent, KindTaskDispute, channel.KindApplication)

// ReviewItem is one entry of the review queue with the material submitted
// (one of the pointers is set, by Kind; content items carry theirs in
// Item.Content).
type ReviewItem struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	UserID    string `json:"user_id"`
	Applicant string `json:"applicant"`
	// Subject is what is reviewed when it has a title of its own (a
	// content's title); Applicant is always the person who asked.
	Subject       string                         `json:"subject,omitempty"`
	Status        string                         `json:"status"`
	SubmittedAt   time.Time                      `json:"submitted_at"`
	Certification *creator.Certification         `json:"certification,omitempty"`
	Capability    *creator.CapabilityApplication `json:"capability,omitempty"`
	BrandEntry    *creator.BrandEntry            `json:"brand_entry,omitempty"`
	// Task is the disputed task order (kind task_dispute).
	Task *task.Order `json:"task,omitempty"`
	// ChannelApplication is the material of a channel_application.
	ChannelApplication *channel.ChannelApplication `json:"channel_application,omitempty"`
}

// ReviewFilter selects review items: of one kind (empty for every kind),
// and by Status pending (the default), decided or all.
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
	tasks    *task.Service
	channels *channel.Service
	appeals  *appeal.Service
}

// WithContent adds the content domain's review actions to the queue.
func (q *Queue) WithContent(c *content.Service) *Queue {
	q.contents = c
	return q
}

// contentItems makes submitted contents review items with their SLA
// clocks, naming each applicant by its owner's nickname.
func (q *Queue) contentItems(ctx context.Context, cs []content.Content) ([]Item, error) {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.Owner
	}
	users, err := q.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(cs))
	for i, c := range cs {
		it := ReviewItem{ID: c.ID, Kind: KindContent, UserID: c.Owner, Applicant: users[c.Owner].Nickname,
			Subject: c.Title, Status: c.Status}
		if c.SubmittedAt != nil {
			it.SubmittedAt = *c.SubmittedAt
		}
		out[i] = q.item(it)
		out[i].Overdue = c.Status == content.StatusInReview && !q.clock.Now().Before(out[i].DueAt)
		out[i].Content = &cs[i]
	}
	return out, nil
}

// contentItem is contentItems for one content.
func (q *Queue) contentItem(ctx context.Context, c content.Content) (Item, error) {
	items, err := q.contentItems(ctx, []content.Content{c})
	if err != nil {
		return Item{}, err
	}
	return items[0], nil
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

// SLADays is the review target of kind in working days, which applicants
// are told when they submit.
func (q *Queue) SLADays(kind string) int {
	if days := q.sla[kind]; days > 0 {
		return days
	}
	return DefaultSLA
}

// item adds the SLA clock to a review item.
func (q *Queue) item(it ReviewItem) Item {
	days := q.SLADays(it.Kind)
	due := q.calendar.Due(it.SubmittedAt, days)
	return Item{ReviewItem: it, SLADays: days, DueAt: due,
		Overdue: it.Status == creator.StatusSubmitted && !q.clock.Now().Before(due)}
}

// FindItems lists the queue one page at a time: every kind (or the one
// asked for) in one list, soonest SLA due time first. Each kind is a stream
// in submission order, which is due order within a kind; the page merges
// the streams and its cursor keeps each stream's position.
func (q *Queue) FindItems(ctx context.Context, f ReviewFilter) ([]Item, string, error) {
	kinds := ReviewKinds
	if f.Kind != "" {
		if !slices.Contains(ReviewKinds, f.Kind) {
			return nil, "", apperr.Field("kind", "must be one of %s", strings.Join(ReviewKinds, ", "))
		}
		kinds = []string{f.Kind}
	}
	if f.Status != "" && f.Status != "pending" && f.Status != "decided" && f.Status != "all" {
		return nil, "", apperr.Field("status", "must be pending, decided or all")
	}
	limit, _, err := db.Page{Limit: f.Limit}.Resolve()
	if err != nil {
		return nil, "", err
	}
	pos, err := decodeQueueCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	var all []Item
	more := map[string]bool{}
	for _, k := range kinds {
		c, seen := pos[k]
		if seen && c == "" {
			continue // the stream ended on an earlier page
		}
		items, next, err := q.stream(ctx, k, f.Status, db.Page{Limit: limit, Cursor: c})
		if err != nil {
			return nil, "", err
		}
		more[k] = next != ""
		all = append(all, items...)
	}
	slices.SortStableFunc(all, func(a, b Item) int {
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		if c := a.SubmittedAt.Compare(b.SubmittedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	rest := all[min(limit, len(all)):]
	all = all[:min(limit, len(all))]
	next := map[string]string{}
	for _, k := range kinds {
		if c, seen := pos[k]; seen {
			next[k] = c
		}
	}
	for _, it := range all {
		next[it.Kind] = db.Cursor(it.SubmittedAt, it.ID)
	}
	open := false
	for _, k := range kinds {
		left := more[k] || slices.ContainsFunc(rest, func(it Item) bool { return it.Kind == k })
		if _, fetched := more[k]; fetched && !left {
			next[k] = "" // this stream has nothing after this page
		}
		open = open || left
	}
	if !open {
		return all, "", nil
	}
	return all, encodeQueueCursor(next), nil
}

// stream is one page of one kind's items, oldest submission first.
func (q *Queue) stream(ctx context.Context, kind, status string, pg db.Page) ([]Item, string, error) {
	if kind == KindTaskDispute {
		return q.disputeItems(ctx, status, pg)
	}
	if kind == KindContent {
		cs, next, err := q.contents.FindReviewItems(ctx, status, pg)
		if err != nil {
			return nil, "", err
		}
		out, err := q.contentItems(ctx, cs)
		return out, next, err
	}
	if kind == KindAppeal {
		return q.appealItems(ctx, status, pg)
	}
	if kind == channel.KindApplication {
		return q.findApplications(ctx, status, pg)
	}
	subs, next, err := q.creators.FindSubmissions(ctx, creator.SubmissionFilter{Kind: kind, Status: status, Page: pg})
	if err != nil {
		return nil, "", err
	}
	out, err := q.submissionItems(ctx, subs)
	return out, next, err
}

// encodeQueueCursor makes the streams' positions one opaque cursor (a
// stream at "" has ended).
func encodeQueueCursor(pos map[string]string) string {
	raw, _ := json.Marshal(pos)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decodeQueueCursor reads a cursor of encodeQueueCursor (none: every stream
// at its start).
func decodeQueueCursor(c string) (map[string]string, error) {
	pos := map[string]string{}
	if c == "" {
		return pos, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || json.Unmarshal(raw, &pos) != nil {
		return nil, apperr.Field("cursor", "is not a cursor this server gave out")
	}
	return pos, nil
}

// FindItem returns one item with its submitted material.
func (q *Queue) FindItem(ctx context.Context, id string) (Item, error) {
	if it, ok, err := q.findAppealItem(ctx, id); ok || err != nil {
		return it, err
	}
	if c, ok, err := q.isContent(ctx, id); ok || err != nil {
		if err != nil {
			return Item{}, err
		}
		return q.contentItem(ctx, c)
	}
	if t, ok, err := q.isDispute(ctx, id); ok || err != nil {
		return q.disputeItem(t), err
	}
	if a, ok, err := q.isApplication(ctx, id); ok || err != nil {
		return q.applicationItem(ctx, a, err)
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
		if err != nil {
			return Item{}, err
		}
		return q.contentItem(ctx, c)
	}
	if _, ok, err := q.isDispute(ctx, id); ok || err != nil {
		if err != nil {
			return Item{}, err
		}
		return q.decideDispute(ctx, id, approve)
	}
	if _, ok, err := q.isApplication(ctx, id); ok || err != nil {
		if err != nil {
			return Item{}, err
		}
		a, err := q.channels.DecideApplication(ctx, id, approve, reason)
		return q.applicationItem(ctx, a, err)
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
