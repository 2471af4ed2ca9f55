package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
)

type payoutInput struct {
	Body struct {
		Provider   string `json:"provider" doc:"payout provider adapter, such as dev"`
		AccountID  string `json:"account_id"`
		HolderName string `json:"holder_name"`
		HolderType string `json:"holder_type" enum:"individual,enterprise"`
	}
}

type payoutOutput struct {
	Body creator.PayoutAccount
}

type realNameInput struct {
	Body creator.RealNameInput
}

type realNameOutput struct {
	Body creator.RealName
}

type shopInput struct {
	Body struct {
		UserID string `json:"user_id"`
		Name   string `json:"name"`
		Kind   string `json:"kind" enum:"taobao,tmall"`
	}
}

type shopOutput struct {
	Body creator.Shop
}

type brandEntryInput struct {
	Body struct {
		BrandName string   `json:"brand_name"`
		Documents []string `json:"documents" doc:"ids of uploaded documents (trademark registration, authorisation)"`
	}
}

type brandEntryOutput struct {
	Body creator.BrandEntry
}

type checksInput struct {
	Type string `query:"type" enum:"creator,merchant,brand" required:"true"`
}

type checksOutput struct {
	Body struct {
		Items []creator.Check `json:"items"`
	}
}

type openInput struct {
	Body creator.OpenInput
}

type creatorAccountOutput struct {
	Body creator.CreatorAccount
}

type creatorAccountsOutput struct {
	Body List[creator.CreatorAccount]
}

type updateCreatorAccountInput struct {
	ID   string `path:"id"`
	Body creator.UpdateInput
}

func (a *API) registerCreators() {
	c := func() *creator.Service { return a.deps.Creators }
	handle(a, Route{OperationID: "bind-payout-account", Method: http.MethodPut, Path: "/me/payout-account",
		Permission: authz.BindPayout, Summary: "Bind my payout account (verified by its provider)"},
		func(ctx context.Context, in *payoutInput) (*payoutOutput, error) {
			p, err := c().BindPayout(ctx, creator.PayoutAccount{Provider: in.Body.Provider, AccountID: in.Body.AccountID,
				HolderName: in.Body.HolderName, HolderType: in.Body.HolderType})
			return &payoutOutput{Body: p}, err
		})
	handle(a, Route{OperationID: "verify-real-name", Method: http.MethodPut, Path: "/me/real-name",
		Permission: authz.VerifyRealName, Summary: "Verify my real name (person) or my enterprise; answers the verification state"},
		func(ctx context.Context, in *realNameInput) (*realNameOutput, error) {
			r, err := c().VerifyRealName(ctx, in.Body)
			return &realNameOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "register-shop", Method: http.MethodPost, Path: "/shops", Permission: authz.RegisterShop,
		Summary: "Record a marketplace shop for an identity", Status: http.StatusCreated},
		func(ctx context.Context, in *shopInput) (*shopOutput, error) {
			sh, err := c().RegisterShop(ctx, creator.Shop{UserID: in.Body.UserID, Name: in.Body.Name, Kind: in.Body.Kind})
			return &shopOutput{Body: sh}, err
		})
	handle(a, Route{OperationID: "submit-brand-entry", Method: http.MethodPost, Path: "/brand-entries",
		Permission: authz.SubmitBrandEntry, Summary: "Apply to the brand programme", Status: http.StatusCreated},
		func(ctx context.Context, in *brandEntryInput) (*brandEntryOutput, error) {
			b, err := c().SubmitBrandEntry(ctx, in.Body.BrandName, in.Body.Documents)
			return &brandEntryOutput{Body: b}, err
		})
	handle(a, Route{OperationID: "creator-account-checks", Method: http.MethodGet, Path: "/creator-accounts/checks",
		Permission: authz.OpenCreatorAccount, Summary: "The checks before opening an account of a type, each with its state and fix link"},
		func(ctx context.Context, in *checksInput) (*checksOutput, error) {
			checks, err := c().Checks(ctx, in.Type)
			out := &checksOutput{}
			out.Body.Items = checks
			return out, err
		})
	handle(a, Route{OperationID: "open-creator-account", Method: http.MethodPost, Path: "/creator-accounts",
		Permission: authz.OpenCreatorAccount, Status: http.StatusCreated,
		Summary: "Open a creator, merchant or brand account; a refusal lists the checks (details \"checks\")"},
		func(ctx context.Context, in *openInput) (*creatorAccountOutput, error) {
			acct, err := c().OpenCreatorAccount(ctx, in.Body)
			return &creatorAccountOutput{Body: acct}, err
		})
	handle(a, Route{OperationID: "list-creator-accounts", Method: http.MethodGet, Path: "/creator-accounts",
		Permission: authz.ReadCreatorAccount, Summary: "My creator accounts"},
		func(ctx context.Context, _ *struct{}) (*creatorAccountsOutput, error) {
			items, err := c().FindCreatorAccounts(ctx)
			return &creatorAccountsOutput{Body: newList(items, "")}, err
		})
	handle(a, Route{OperationID: "get-creator-account", Method: http.MethodGet, Path: "/creator-accounts/{id}",
		Permission: authz.ReadCreatorAccount, Summary: "One of my creator accounts with its pending changes"},
		func(ctx context.Context, in *messageIDInput) (*creatorAccountOutput, error) {
			acct, err := c().FindCreatorAccountByID(ctx, in.ID)
			return &creatorAccountOutput{Body: acct}, err
		})
	handle(a, Route{OperationID: "update-creator-account", Method: http.MethodPatch, Path: "/creator-accounts/{id}",
		Permission: authz.UpdateCreatorAccount, Summary: "Change name (now or at effective_at), avatar or bio"},
		func(ctx context.Context, in *updateCreatorAccountInput) (*creatorAccountOutput, error) {
			acct, err := c().UpdateCreatorAccount(ctx, in.ID, in.Body)
			return &creatorAccountOutput{Body: acct}, err
		})
}
