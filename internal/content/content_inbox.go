package content

import (
	"context"
	"slices"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// InboxComment is a comment others left on one of the creator's contents,
// with the content's title and whether the creator has replied to it.
type InboxComment struct {
	Comment
	ContentTitle string `json:"content_title"`
	Replied      bool   `json:"replied"`
}

// InboxFilter selects the comments of the comments inbox.
type InboxFilter struct {
	// Status is visible, held or hidden; empty for every status.
	Status string
	Page   db.Page
}

// FindInbox lists the comments others left on the actor's contents, the
// newest first, across every content: the creator's comments inbox.
func (s *Service) FindInbox(ctx context.Context, f InboxFilter) ([]InboxComment, string, error) {
	if err := authz.CheckCtx(ctx, authz.ModerateComments, nil); err != nil {
		return nil, "", err
	}
	if f.Status != "" && !slices.Contains([]string{CommentVisible, CommentHeld, CommentHidden}, f.Status) {
		return nil, "", apperr.Field("status", "must be one of %s", "visible, held, hidden")
	}
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return nil, "", err
	}
	items, err := s.store.findInbox(ctx, authz.ActorFrom(ctx).UserID, f.Status, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	items, next := db.Trim(items, limit, func(c InboxComment) (time.Time, string) { return c.CreatedAt, c.ID })
	return items, next, nil
}

// CalendarEntry is one content on the scheduling calendar: when it is
// scheduled to publish, or when it was published.
type CalendarEntry struct {
	ID     string    `json:"id"`
	Type   string    `json:"type"`
	Title  string    `json:"title"`
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

// Calendar is one month of the scheduling calendar (UTC days).
type Calendar struct {
	// Month is YYYY-MM; From and To bound it, To excluded.
	Month string    `json:"month"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	// Today is the current day (YYYY-MM-DD), by the service's clock.
	Today   string          `json:"today"`
	Entries []CalendarEntry `json:"items"`
}

// FindCalendar lists the actor's contents scheduled to publish or
// published in month (YYYY-MM; the current month when empty), in time
// order: the scheduling calendar.
func (s *Service) FindCalendar(ctx context.Context, month string) (Calendar, error) {
	if err := authz.CheckCtx(ctx, authz.ReadContent, nil); err != nil {
		return Calendar{}, err
	}
	start := s.clock.Now().UTC()
	if month != "" {
		var err error
		if start, err = time.Parse("2006-01", month); err != nil {
			return Calendar{}, apperr.Field("month", "must be a month like 2026-05")
		}
	}
	out := Calendar{From: time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC),
		Today: s.clock.Now().UTC().Format(time.DateOnly)}
	out.To, out.Month = out.From.AddDate(0, 1, 0), out.From.Format("2006-01")
	var err error
	out.Entries, err = s.store.findCalendar(ctx, authz.ActorFrom(ctx).UserID, out.From, out.To)
	return out, err
}
