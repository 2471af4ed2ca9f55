package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
)

// fieldLimits are the character limits the domains enforce on the fields a
// counter shows (the counter warns; the domain still refuses).
var fieldLimits = map[string]int{"title": content.TitleMax, "body": content.BodyMax, "bio": creator.BioMax}

// limitOf is the character limit of a counted field; an unknown name is a
// template mistake.
func limitOf(field string) (int, error) {
	n, ok := fieldLimits[field]
	if !ok {
		return 0, fmt.Errorf("no character limit for field %q", field)
	}
	return n, nil
}

// commentInboxData is the comments inbox: a page of comments with their
// authors' profiles, and whether the visitor may reply (staff may not).
type commentInboxData struct {
	Items    []content.InboxComment
	Authors  map[string]creator.Profile
	Next     string
	Status   string
	Cursor   string
	Statuses []string
	CanReply bool
}

func (c *Console) inboxPage(w http.ResponseWriter, r *http.Request) {
	c.inboxRender(w, r, page{Flash: r.URL.Query().Get("done")}, nil)
}

// inboxRender shows the inbox page the query asks for, with fail (an
// action's refusal) when set.
func (c *Console) inboxRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx, q := r.Context(), r.URL.Query()
	d := commentInboxData{Status: q.Get("status"), Cursor: q.Get("cursor"), Authors: map[string]creator.Profile{},
		Statuses: []string{content.CommentVisible, content.CommentHeld, content.CommentHidden},
		CanReply: authz.CheckCtx(ctx, authz.Comment, nil) == nil}
	items, next, err := c.deps.Contents.FindInbox(ctx, content.InboxFilter{Status: d.Status, Page: db.Page{Cursor: d.Cursor}})
	d.Items, d.Next = items, next
	if err == nil {
		ids := make([]string, 0, len(items))
		for _, it := range items {
			ids = append(ids, it.AuthorID)
		}
		d.Authors, err = c.deps.Creators.FindProfiles(ctx, ids)
	}
	if fail != nil {
		err = fail
	}
	p.Title, p.Data = "Comments inbox", d
	c.show(w, r, "comments_inbox.html", p, err)
}

// inboxAct hides or shows a comment, or replies to it, and returns to the
// inbox page it came from.
func (c *Console) inboxAct(w http.ResponseWriter, r *http.Request) {
	ctx, id, action := r.Context(), r.PathValue("id"), r.PostFormValue("action")
	var err error
	if action == "reply" {
		_, err = c.deps.Contents.AddComment(ctx, r.PostFormValue("content_id"), id, r.PostFormValue("body"))
	} else {
		_, err = c.deps.Contents.ModerateComment(ctx, id, action)
	}
	back := url.Values{"done": {action}}
	if s := r.PostFormValue("status"); s != "" {
		back.Set("status", s)
	}
	if err != nil {
		r.URL.RawQuery = back.Encode()
		c.inboxRender(w, r, page{Form: map[string]string{"reply_to": id, "body": r.PostFormValue("body")}}, err)
		return
	}
	http.Redirect(w, r, "/comments?"+back.Encode(), http.StatusSeeOther)
}

// calendarDay is one day cell of the calendar with what happens on it.
type calendarDay struct {
	Date    time.Time
	InMonth bool
	Today   bool
	Entries []content.CalendarEntry
}

// calendarData is a month of the scheduling calendar as weeks of days
// (Monday first), with the neighbouring months for navigation.
type calendarData struct {
	content.Calendar
	Weeks      [][]calendarDay
	Prev, Next string
}

func (c *Console) calendarPage(w http.ResponseWriter, r *http.Request) {
	cal, err := c.deps.Contents.FindCalendar(r.Context(), r.URL.Query().Get("month"))
	d := calendarData{Calendar: cal}
	if err == nil {
		d.Weeks = monthWeeks(cal)
		d.Prev, d.Next = cal.From.AddDate(0, -1, 0).Format("2006-01"), cal.To.Format("2006-01")
	}
	c.show(w, r, "calendar.html", page{Title: "Scheduling calendar", Data: d}, err)
}

// monthWeeks lays cal's entries out on the weeks that cover its month,
// Monday first; days of the neighbouring months fill the first and last
// weeks, marked as outside the month.
func monthWeeks(cal content.Calendar) [][]calendarDay {
	byDay := map[string][]content.CalendarEntry{}
	for _, e := range cal.Entries {
		byDay[e.At.Format(time.DateOnly)] = append(byDay[e.At.Format(time.DateOnly)], e)
	}
	start := cal.From.AddDate(0, 0, -((int(cal.From.Weekday()) + 6) % 7))
	var weeks [][]calendarDay
	for day := start; day.Before(cal.To); {
		week := make([]calendarDay, 7)
		for i := range week {
			key := day.Format(time.DateOnly)
			week[i] = calendarDay{Date: day, InMonth: !day.Before(cal.From) && day.Before(cal.To),
				Today: key == cal.Today, Entries: byDay[key]}
			day = day.AddDate(0, 0, 1)
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// trashData is the trash page: deleted content that can still be restored.
type trashData struct {
	Items  []content.Trashed
	Next   string
	Cursor string
}

// trashPage lists the account's deleted content within the restore window.
func (c *Console) trashPage(w http.ResponseWriter, r *http.Request) {
	d := trashData{Cursor: r.URL.Query().Get("cursor")}
	items, next, err := c.deps.Contents.Trash(r.Context(), db.Page{Cursor: d.Cursor})
	d.Items, d.Next = items, next
	c.show(w, r, "trash.html", page{Title: "Trash", Flash: r.URL.Query().Get("done"), Data: d}, err)
}

// restoreContent restores deleted content and returns to the trash; a
// refusal (the window has passed) shows on the trash page.
func (c *Console) restoreContent(w http.ResponseWriter, r *http.Request) {
	if _, err := c.deps.Contents.RestoreContent(r.Context(), r.PathValue("id")); err != nil {
		d := trashData{}
		d.Items, d.Next, _ = c.deps.Contents.Trash(r.Context(), db.Page{})
		c.fail(w, r, "trash.html", page{Title: "Trash", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/contents/trash?done=restore", http.StatusSeeOther)
}
