package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/staff"
)

type subAccountInput struct {
	Body staff.Input
}

type subAccountOutput struct {
	Body staff.SubAccount
}

type subAccountsInput struct {
	Status string `query:"status" enum:"active,departed" doc:"active (default) or departed staff"`
}

type subAccountsOutput struct {
	Body List[staff.SubAccount]
}

type subAccountIDInput struct {
	ID string `path:"id"`
}

type subAccountUpdateInput struct {
	ID   string `path:"id"`
	Body staff.Update
}

type positionsOutput struct {
	Body List[staff.Position]
}

type staffVerificationInput struct {
	Body staff.VerificationInput
}

type staffVerificationOutput struct {
	Body auth.StaffVerification
}

type staffConfirmationInput struct {
	Body auth.StaffConfirmation
}

type tokenInput struct {
	Body auth.TokenInput
}

type newTokenOutput struct {
	Body auth.NewToken
}

type tokensOutput struct {
	Body List[auth.APIToken]
}

// subAccountAction registers one POST /sub-accounts/{id}/<verb> route.
func (a *API) subAccountAction(verb, summary string, fn func(ctx context.Context, id string) (staff.SubAccount, error)) {
	handle(a, Route{OperationID: verb + "-sub-account", Method: http.MethodPost, Path: "/sub-accounts/{id}/" + verb,
		Permission: authz.ManageSubAccounts, Summary: summary},
		func(ctx context.Context, in *subAccountIDInput) (*subAccountOutput, error) {
			sub, err := fn(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &subAccountOutput{Body: sub}, nil
		})
}

func (a *API) registerStaff() {
	s := a.deps.Staff
	handle(a, Route{OperationID: "list-positions", Method: http.MethodGet, Path: "/sub-account-positions",
		Permission: authz.ManageSubAccounts, Summary: "Positions and their default permissions"},
		func(ctx context.Context, _ *struct{}) (*positionsOutput, error) {
			ps, err := s.FindPositions(ctx)
			if err != nil {
				return nil, err
			}
			return &positionsOutput{Body: newList(ps, "")}, nil
		})
	handle(a, Route{OperationID: "create-sub-account", Method: http.MethodPost, Path: "/sub-accounts",
		Permission: authz.ManageSubAccounts, Summary: "Create a sub-account (muted until verified)", Status: http.StatusCreated},
		func(ctx context.Context, in *subAccountInput) (*subAccountOutput, error) {
			sub, err := s.CreateSubAccount(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &subAccountOutput{Body: sub}, nil
		})
	handle(a, Route{OperationID: "list-sub-accounts", Method: http.MethodGet, Path: "/sub-accounts",
		Permission: authz.ManageSubAccounts, Summary: "List sub-accounts (?status=departed for departed staff)"},
		func(ctx context.Context, in *subAccountsInput) (*subAccountsOutput, error) {
			subs, err := s.FindSubAccounts(ctx, staff.Filter{Status: in.Status})
			if err != nil {
				return nil, err
			}
			return &subAccountsOutput{Body: newList(subs, "")}, nil
		})
	handle(a, Route{OperationID: "update-sub-account", Method: http.MethodPatch, Path: "/sub-accounts/{id}",
		Permission: authz.ManageSubAccounts, Summary: "Change a sub-account's position, permissions or password"},
		func(ctx context.Context, in *subAccountUpdateInput) (*subAccountOutput, error) {
			sub, err := s.UpdateSubAccount(ctx, in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return &subAccountOutput{Body: sub}, nil
		})
	a.subAccountAction("deactivate", "Deactivate a sub-account (departed staff); its sessions end at once", s.DeactivateSubAccount)
	a.subAccountAction("restore", "Restore a departed sub-account under the same name", s.RestoreSubAccount)
	a.subAccountAction("renew", "Renew a sub-account restricted for missing its verification deadline", s.RenewSubAccount)
	handle(a, Route{OperationID: "start-sub-account-verification", Method: http.MethodPost, Path: "/sub-accounts/me/verification",
		Permission: authz.VerifySubAccount, Summary: "A staff member's real-person verification: name and ID; sends a code to the phone", Status: http.StatusCreated},
		func(ctx context.Context, in *staffVerificationInput) (*staffVerificationOutput, error) {
			v, err := a.deps.Auth.StartStaffVerification(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &staffVerificationOutput{Body: v}, nil
		})
	handle(a, Route{OperationID: "confirm-sub-account-verification", Method: http.MethodPost, Path: "/sub-accounts/me/verification/confirm",
		Permission: authz.VerifySubAccount, Summary: "Confirm the verification with the code; the sub-account is no longer muted"},
		func(ctx context.Context, in *staffConfirmationInput) (*subAccountOutput, error) {
			sub, err := a.deps.Auth.ConfirmStaffVerification(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &subAccountOutput{Body: sub}, nil
		})
	handle(a, Route{OperationID: "create-api-token", Method: http.MethodPost, Path: "/api-tokens",
		Permission: authz.ManageAPITokens, Summary: "Create a scoped API token (the token is shown once)", Status: http.StatusCreated},
		func(ctx context.Context, in *tokenInput) (*newTokenOutput, error) {
			t, err := a.deps.Auth.CreateAPIToken(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &newTokenOutput{Body: t}, nil
		})
	handle(a, Route{OperationID: "list-api-tokens", Method: http.MethodGet, Path: "/api-tokens",
		Permission: authz.ManageAPITokens, Summary: "List the account's API tokens (without their secrets)"},
		func(ctx context.Context, _ *struct{}) (*tokensOutput, error) {
			ts, err := a.deps.Auth.FindAPITokens(ctx)
			if err != nil {
				return nil, err
			}
			return &tokensOutput{Body: newList(ts, "")}, nil
		})
	handle(a, Route{OperationID: "revoke-api-token", Method: http.MethodDelete, Path: "/api-tokens/{id}",
		Permission: authz.ManageAPITokens, Summary: "Revoke an API token at once", Status: http.StatusNoContent},
		func(ctx context.Context, in *subAccountIDInput) (*struct{}, error) {
			return nil, a.deps.Auth.RevokeAPIToken(ctx, in.ID)
		})
}
