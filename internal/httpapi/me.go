package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/notify"
)

type messagesInput struct {
	PageQuery
}

// MessageList is a page of the message centre with the unread count.
type MessageList struct {
	List[notify.Inbox]
	Unread int `json:"unread"`
}

type messagesOutput struct {
	Body MessageList
}

type messageIDInput struct {
	ID string `path:"id"`
}

func (a *API) registerMe() {
	handle(a, Route{OperationID: "get-me", Method: http.MethodGet, Path: "/me", Permission: authz.ReadProfile,
		Summary: "The logged-in identity"},
		func(ctx context.Context, _ *struct{}) (*userOutput, error) {
			u, err := a.deps.Accounts.Me(ctx)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: u}, nil
		})
	handle(a, Route{OperationID: "list-messages", Method: http.MethodGet, Path: "/messages", Permission: authz.ReadMessages,
		Summary: "My message centre, newest first"},
		func(ctx context.Context, in *messagesInput) (*messagesOutput, error) {
			items, next, unread, err := a.deps.Notify.Inbox(ctx, pageOf(in.PageQuery))
			if err != nil {
				return nil, err
			}
			return &messagesOutput{Body: MessageList{List: newList(items, next), Unread: unread}}, nil
		})
	handle(a, Route{OperationID: "read-message", Method: http.MethodPost, Path: "/messages/{id}/read",
		Permission: authz.UpdateMessages, Summary: "Mark a message read", Status: http.StatusNoContent},
		func(ctx context.Context, in *messageIDInput) (*struct{}, error) {
			return nil, a.deps.Notify.Read(ctx, in.ID)
		})
	handle(a, Route{OperationID: "read-all-messages", Method: http.MethodPost, Path: "/messages/read-all",
		Permission: authz.UpdateMessages, Summary: "Mark all my messages read", Status: http.StatusNoContent},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) {
			_, err := a.deps.Notify.ReadAll(ctx)
			return nil, err
		})
}
