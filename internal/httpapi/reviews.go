package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/backoffice"
	"github.com/helio-platform/helio/internal/creator"
)

type reviewQueueInput struct {
	PageQuery
	Kind   string `query:"kind" doc:"certification, capability or brand_entry; empty for all"`
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

type profileRulesOutput struct {
	Body List[creator.ProfileRule]
}

type profileRuleInput struct {
	Body struct {
		Kind    string `json:"kind" enum:"contact,marketing"`
		Label   string `json:"label"`
		Pattern string `json:"pattern" doc:"RE2 regular expression matched against folded text"`
		Enabled bool   `json:"enabled"`
	}
}

type profileRuleUpdateInput struct {
	ID string `path:"id"`
	profileRuleInput
}

type profileRuleOutput struct {
	Body creator.ProfileRule
}

func (a *API) registerReviews() {
	q := func() *backoffice.Queue { return a.deps.Reviews }
	handle(a, Route{OperationID: "list-review-queue", Method: http.MethodGet, Path: "/review-queue",
		Permission: authz.ReviewApplications, Summary: "The review queue, oldest first, with SLA clocks"},
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
	handle(a, Route{OperationID: "list-profile-rules", Method: http.MethodGet, Path: "/profile-rules",
		Permission: authz.ManageProfileRules, Summary: "Contact-detail and marketing patterns refused in names and bios"},
		func(ctx context.Context, _ *struct{}) (*profileRulesOutput, error) {
			items, err := a.deps.Creators.FindProfileRules(ctx)
			return &profileRulesOutput{Body: newList(items, "")}, err
		})
	handle(a, Route{OperationID: "create-profile-rule", Method: http.MethodPost, Path: "/profile-rules",
		Permission: authz.ManageProfileRules, Summary: "Add a profile rule", Status: http.StatusCreated},
		func(ctx context.Context, in *profileRuleInput) (*profileRuleOutput, error) {
			r, err := a.deps.Creators.SaveProfileRule(ctx, creator.ProfileRule{Kind: in.Body.Kind, Label: in.Body.Label,
				Pattern: in.Body.Pattern, Enabled: in.Body.Enabled})
			return &profileRuleOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "update-profile-rule", Method: http.MethodPut, Path: "/profile-rules/{id}",
		Permission: authz.ManageProfileRules, Summary: "Change a profile rule"},
		func(ctx context.Context, in *profileRuleUpdateInput) (*profileRuleOutput, error) {
			r, err := a.deps.Creators.SaveProfileRule(ctx, creator.ProfileRule{ID: in.ID, Kind: in.Body.Kind,
				Label: in.Body.Label, Pattern: in.Body.Pattern, Enabled: in.Body.Enabled})
			return &profileRuleOutput{Body: r}, err
		})
}
