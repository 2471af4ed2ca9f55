package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
)

type inboxInput struct {
	Status string `query:"status" enum:"visible,held,hidden" doc:"only comments in this state (default: every state)"`
	PageQuery
}

type inboxOutput struct {
	Body List[content.InboxComment]
}

type calendarInput struct {
	Month string `query:"month" doc:"YYYY-MM (default: the current month, UTC)"`
}

type calendarOutput struct {
	Body content.Calendar
}

// registerStudio registers the creator's cross-content views: the comments
// inbox and the scheduling calendar.
func (a *API) registerStudio() {
	c := func() *content.Service { return a.deps.Contents }
	handle(a, Route{OperationID: "list-comment-inbox", Method: http.MethodGet, Path: "/me/comments", Permission: authz.ModerateComments,
		Summary: "The comments inbox: comments others left on any of my contents, newest first, with the content's title and whether I replied"},
		func(ctx context.Context, in *inboxInput) (*inboxOutput, error) {
			items, next, err := c().FindInbox(ctx, content.InboxFilter{Status: in.Status, Page: pageOf(in.PageQuery)})
			return &inboxOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-content-calendar", Method: http.MethodGet, Path: "/me/calendar", Permission: authz.ReadContent,
		Summary: "The scheduling calendar: my contents scheduled to publish or published in a month"},
		func(ctx context.Context, in *calendarInput) (*calendarOutput, error) {
			cal, err := c().FindCalendar(ctx, in.Month)
			return result(cal, err, func(cal content.Calendar) *calendarOutput { return &calendarOutput{Body: cal} })
		})
}
