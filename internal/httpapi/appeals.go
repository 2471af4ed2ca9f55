package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/authz"
)

type restrictionInput struct {
	Body appeal.RestrictionInput
}

type restrictionOutput struct {
	Body appeal.Restriction
}

type restrictionsOutput struct {
	Body List[appeal.Restriction]
}

type restrictionsQuery struct {
	PageQuery
	AccountID string `query:"account_id" doc:"one account's restrictions; empty for all"`
	Active    bool   `query:"active" doc:"only the restrictions in force"`
}

type liftInput struct {
	ID   string `path:"id"`
	Body appeal.LiftInput
}

type appealInput struct {
	Body appeal.AppealInput
}

type appealOutput struct {
	Body appeal.Appeal
}

type appealsOutput struct {
	Body List[appeal.Appeal]
}

func (a *API) registerAppeals() {
	s := func() *appeal.Service { return a.deps.Appeals }
	handle(a, retrySafe(Route{OperationID: "create-restriction", Method: http.MethodPost, Path: "/restrictions",
		Permission: authz.RestrictAccount, Status: http.StatusCreated,
		Summary: "Restrict an account's publishing, log-in or settlement with a reason it sees (operators)"}),
		func(ctx context.Context, in *restrictionInput) (*restrictionOutput, error) {
			r, err := s().CreateRestriction(ctx, in.Body)
			return &restrictionOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "list-restrictions", Method: http.MethodGet, Path: "/restrictions",
		Permission: authz.ReadAllRestrictions, Summary: "Restrictions, newest first (operators)"},
		func(ctx context.Context, in *restrictionsQuery) (*restrictionsOutput, error) {
			items, next, err := s().FindRestrictions(ctx, appeal.RestrictionFilter{AccountID: in.AccountID, Active: in.Active,
				Page: pageOf(in.PageQuery)})
			return &restrictionsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "lift-restriction", Method: http.MethodPost, Path: "/restrictions/{id}/lift",
		Permission: authz.LiftRestriction, Summary: "Lift a restriction with a reason the account sees (operators)"},
		func(ctx context.Context, in *liftInput) (*restrictionOutput, error) {
			r, err := s().LiftRestriction(ctx, in.ID, in.Body)
			return &restrictionOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "list-my-restrictions", Method: http.MethodGet, Path: "/me/restrictions",
		Permission: authz.ReadRestrictions, Summary: "The restrictions on my account, in force or lifted, each with its latest appeal"},
		func(ctx context.Context, in *PageQuery) (*restrictionsOutput, error) {
			items, next, err := s().FindMyRestrictions(ctx, pageOf(*in))
			return &restrictionsOutput{Body: newList(items, next)}, err
		})
	handle(a, retrySafe(Route{OperationID: "create-appeal", Method: http.MethodPost, Path: "/appeals",
		Permission: authz.FileAppeal, Status: http.StatusCreated,
		Summary: "Appeal against a restriction with an explanation and screenshots; it enters the review queue (kind=appeal)"}),
		func(ctx context.Context, in *appealInput) (*appealOutput, error) {
			ap, err := s().CreateAppeal(ctx, in.Body)
			return &appealOutput{Body: ap}, err
		})
	handle(a, Route{OperationID: "list-my-appeals", Method: http.MethodGet, Path: "/appeals",
		Permission: authz.ReadAppeal, Summary: "My appeals, newest first"},
		func(ctx context.Context, in *PageQuery) (*appealsOutput, error) {
			items, next, err := s().FindMyAppeals(ctx, pageOf(*in))
			return &appealsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-appeal", Method: http.MethodGet, Path: "/appeals/{id}",
		Permission: authz.ReadAppeal, Summary: "An appeal with its restriction, SLA due time and the whole exchange"},
		func(ctx context.Context, in *idInput) (*appealOutput, error) {
			ap, err := s().FindAppealByID(ctx, in.ID)
			return &appealOutput{Body: ap}, err
		})
}
