package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/backoffice"
)

type reviewQueueInput struct {
	PageQuery
	Kind   string `query:"kind" doc:"certification, capability, brand_entry or content; empty for every kind"`
	Status string `query:"status" doc:"pending (default), decided or all"`
}

type reviewQueueOutput struct {
	Body List[backoffice.Item]
}

type reviewItemOutput struct {
	Body backoffice.Item
}

type rejectInput struct {
	ID   string `path:"id"`
	Body struct {
		Reason string `json:"reason" doc:"shown to the applicant"`
	}
}

func (a *API) registerReviews() {
	q := func() *backoffice.Queue { return a.deps.Reviews }
	handle(a, Route{OperationID: "list-review-queue", Method: http.MethodGet, Path: "/review-queue",
		Permission: authz.ReviewApplications, Summary: "The review queue of every kind, soonest due first, with SLA clocks"},
		func(ctx context.Context, in *reviewQueueInput) (*reviewQueueOutput, error) {
			items, next, err := q().FindItems(ctx, backoffice.ReviewFilter{Kind: in.Kind, Status: in.Status,
				Limit: in.Limit, Cursor: in.Cursor})
			return &reviewQueueOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-review-item", Method: http.MethodGet, Path: "/review-queue/{id}",
		Permission: authz.ReviewApplications, Summary: "One review item with the submitted material"},
		func(ctx context.Context, in *messageIDInput) (*reviewItemOutput, error) {
			it, err := q().FindItem(ctx, in.ID)
			return &reviewItemOutput{Body: it}, err
		})
	handle(a, Route{OperationID: "approve-review-item", Method: http.MethodPost, Path: "/review-queue/{id}/approve",
		Permission: authz.ReviewApplications, Summary: "Approve an application; the applicant is notified"},
		func(ctx context.Context, in *messageIDInput) (*reviewItemOutput, error) {
			it, err := q().Approve(ctx, in.ID)
			return &reviewItemOutput{Body: it}, err
		})
	handle(a, Route{OperationID: "reject-review-item", Method: http.MethodPost, Path: "/review-queue/{id}/reject",
		Permission: authz.ReviewApplications, Summary: "Reject an application with a reason; the applicant is notified"},
		func(ctx context.Context, in *rejectInput) (*reviewItemOutput, error) {
			it, err := q().Reject(ctx, in.ID, in.Body.Reason)
			return &reviewItemOutput{Body: it}, err
		})
}
