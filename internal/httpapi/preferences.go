package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/notify"
)

type preferencesOutput struct {
	Body struct {
		Items []notify.Preference `json:"items"`
	}
}

type preferencesInput struct {
	Body struct {
		Items []notify.Preference `json:"items"`
	}
}

func (a *API) registerPreferences() {
	n := func() *notify.Service { return a.deps.Notify }
	answer := func(items []notify.Preference, err error) (*preferencesOutput, error) {
		out := &preferencesOutput{}
		out.Body.Items = items
		return out, err
	}
	handle(a, Route{OperationID: "get-notification-preferences", Method: http.MethodGet, Path: "/me/notification-preferences",
		Permission: authz.ReadMessages, Summary: "For each kind of notification: in the message centre, by text, by e-mail"},
		func(ctx context.Context, _ *struct{}) (*preferencesOutput, error) {
			return answer(n().FindPreferences(ctx))
		})
	handle(a, Route{OperationID: "update-notification-preferences", Method: http.MethodPut, Path: "/me/notification-preferences",
		Permission: authz.UpdateMessages, Summary: "Choose the channels of the kinds given; the others keep theirs"},
		func(ctx context.Context, in *preferencesInput) (*preferencesOutput, error) {
			return answer(n().UpdatePreferences(ctx, in.Body.Items))
		})
}
