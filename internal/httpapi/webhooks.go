package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/webhook"
)

type subscriptionInput struct {
	Body webhook.SubscriptionInput
}

type subscriptionChangeInput struct {
	ID   string `path:"id"`
	Body webhook.SubscriptionInput
}

type subscriptionOutput struct {
	Body webhook.Subscription
}

type subscriptionsOutput struct {
	Body struct {
		Items []webhook.Subscription `json:"items"`
	}
}

type deliveriesInput struct {
	PageQuery
	ID string `path:"id"`
}

type deliveriesOutput struct {
	Body List[webhook.Delivery]
}

type deliveryOutput struct {
	Body webhook.Delivery
}

func (a *API) registerWebhooks() {
	s := func() *webhook.Service { return a.deps.Webhooks }
	handle(a, Route{OperationID: "list-webhooks", Method: http.MethodGet, Path: "/webhooks", Permission: authz.ReadWebhooks,
		Summary: "My webhook subscriptions"},
		func(ctx context.Context, _ *struct{}) (*subscriptionsOutput, error) {
			items, err := s().FindSubscriptions(ctx)
			out := &subscriptionsOutput{}
			out.Body.Items = items
			return out, err
		})
	handle(a, retrySafe(Route{OperationID: "create-webhook", Method: http.MethodPost, Path: "/webhooks", Permission: authz.ManageWebhooks,
		Status: http.StatusCreated, Summary: "Subscribe an endpoint to event types; answers the signing secret once"}),
		func(ctx context.Context, in *subscriptionInput) (*subscriptionOutput, error) {
			sub, err := s().CreateSubscription(ctx, in.Body)
			return &subscriptionOutput{Body: sub}, err
		})
	handle(a, Route{OperationID: "update-webhook", Method: http.MethodPatch, Path: "/webhooks/{id}", Permission: authz.ManageWebhooks,
		Summary: "Change a subscription's address or event types, or pause it"},
		func(ctx context.Context, in *subscriptionChangeInput) (*subscriptionOutput, error) {
			sub, err := s().UpdateSubscription(ctx, in.ID, in.Body)
			return &subscriptionOutput{Body: sub}, err
		})
	handle(a, Route{OperationID: "delete-webhook", Method: http.MethodDelete, Path: "/webhooks/{id}", Permission: authz.ManageWebhooks,
		Status: http.StatusNoContent, Summary: "Remove a subscription with its deliveries"},
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return &struct{}{}, s().DeleteSubscription(ctx, in.ID)
		})
	handle(a, Route{OperationID: "list-webhook-deliveries", Method: http.MethodGet, Path: "/webhooks/{id}/deliveries",
		Permission: authz.ReadWebhooks, Summary: "A subscription's deliveries, newest first, each with every attempt"},
		func(ctx context.Context, in *deliveriesInput) (*deliveriesOutput, error) {
			items, next, err := s().FindDeliveries(ctx, in.ID, pageOf(in.PageQuery))
			return &deliveriesOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "replay-webhook-delivery", Method: http.MethodPost, Path: "/webhooks/deliveries/{id}/replay",
		Permission: authz.ManageWebhooks, Status: http.StatusAccepted, Summary: "Send a delivery again, with the same body and event id"},
		func(ctx context.Context, in *idInput) (*deliveryOutput, error) {
			d, err := s().Replay(ctx, in.ID)
			return &deliveryOutput{Body: d}, err
		})
}
