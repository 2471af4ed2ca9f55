package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/ledger"
)

type productInput struct {
	Body commission.ProductInput
}

type productOutput struct {
	Body commission.MerchantProduct
}

type linkInput struct {
	Body commission.LinkInput
}

type linkOutput struct {
	Body commission.Link
}

type clickInput struct {
	Body commission.ClickInput
}

type clickOutput struct {
	Body commission.Click
}

type orderEventInput struct {
	Body commission.OrderEvent
}

type orderEventOutput struct {
	Body commission.EventAnswer
}

type orderEventsInput struct {
	Body struct {
		Events []commission.OrderEvent `json:"events" maxItems:"1000"`
	}
}

type orderEventsOutput struct {
	Body struct {
		Items []commission.EventAnswer `json:"items"`
	}
}

// EarningsQuery filters earnings and statements.
type EarningsQuery struct {
	Group string    `query:"group" enum:"content,product,day" required:"false" doc:"content (default), product or day"`
	From  time.Time `query:"from" required:"false" doc:"payments from this time (RFC 3339)"`
	To    time.Time `query:"to" required:"false" doc:"payments before this time (RFC 3339)"`
}

// Filter turns the query into the domain's filter.
func (q EarningsQuery) Filter() commission.EarningsFilter {
	f := commission.EarningsFilter{Group: q.Group}
	if !q.From.IsZero() {
		f.From = &q.From
	}
	if !q.To.IsZero() {
		f.To = &q.To
	}
	return f
}

type earningsInput struct {
	EarningsQuery
}

type earningsOutput struct {
	Body struct {
		Items []commission.Earnings `json:"items"`
	}
}

type ledgerEntriesInput struct {
	PageQuery
	Account string `query:"account" required:"true" doc:"an account, or the start of account names (creator:<id>: for all of a creator's)"`
}

type ledgerEntriesOutput struct {
	Body List[ledger.Entry]
}

type ledgerVerifyOutput struct {
	Body ledger.Report
}

type rulesOutput struct {
	Body struct {
		Current commission.CPSRules   `json:"current"`
		History []commission.CPSRules `json:"history"`
	}
}

type commissionRulesInput struct {
	Body commission.CPSRulesInput
}

type oneRulesOutput struct {
	Body commission.CPSRules
}

type settlementInput struct {
	Body struct {
		Period string `json:"period" doc:"the month of payments to settle, like 2026-03"`
	}
}

type settlementOutput struct {
	Body commission.Settlement
}

type poolInput struct {
	Channel string `path:"channel"`
	Period  string `path:"period"`
}

type poolOutput struct {
	Body commission.PoolDistribution
}

type sandboxInput struct {
	Body commission.SandboxOrder
}

type sandboxModeInput struct {
	Body struct {
		Enabled bool `json:"enabled" doc:"switch sandbox mode on (true) or off (false) for the caller's account"`
	}
}

type sandboxModeOutput struct {
	Body commission.SandboxMode
}

// retrySafe marks a route that creates things, moves money or records
// orders: it honours an Idempotency-Key (API.md), and where the use case
// is idempotent by the request's natural key (an order event's order, line
// and type; a settlement run's period; a pool's channel and period) a
// retry without a key moves nothing either.
func retrySafe(r Route) Route {
	r.Idempotent = true
	return r
}

func (a *API) registerCommission() {
	c := func() *commission.Service { return a.deps.Commission }
	handle(a, retrySafe(Route{OperationID: "create-product", Method: http.MethodPost, Path: "/products", Permission: authz.CreateProduct,
		Status: http.StatusCreated, Summary: "List a product with its commission rate (merchants; integrators name the merchant)"}),
		func(ctx context.Context, in *productInput) (*productOutput, error) {
			p, err := c().CreateProduct(ctx, in.Body)
			return &productOutput{Body: p}, err
		})
	handle(a, Route{OperationID: "get-product", Method: http.MethodGet, Path: "/products/{id}", Permission: authz.ReadProduct,
		Summary: "A product"},
		func(ctx context.Context, in *idInput) (*productOutput, error) {
			p, err := c().FindProductByID(ctx, in.ID)
			return &productOutput{Body: p}, err
		})
	handle(a, retrySafe(Route{OperationID: "create-link", Method: http.MethodPost, Path: "/links", Permission: authz.CreateLink,
		Status: http.StatusCreated, Summary: "A tracked link for a product mounted in my published content, in a scene"}),
		func(ctx context.Context, in *linkInput) (*linkOutput, error) {
			l, err := c().CreateLink(ctx, in.Body)
			return &linkOutput{Body: l}, err
		})
	handle(a, retrySafe(Route{OperationID: "record-click", Method: http.MethodPost, Path: "/clicks", Permission: authz.RecordClick,
		Status: http.StatusCreated, Summary: "Record a click the marketplace tracked itself (integrators)"}),
		func(ctx context.Context, in *clickInput) (*clickOutput, error) {
			cl, err := c().RecordClick(ctx, in.Body)
			return &clickOutput{Body: cl}, err
		})
	handle(a, retrySafe(Route{OperationID: "post-order-event", Method: http.MethodPost, Path: "/order-events",
		Permission: authz.PostOrderEvents, Summary: "Send one order event; answers its attribution and postings"}),
		func(ctx context.Context, in *orderEventInput) (*orderEventOutput, error) {
			ans, err := c().PostOrderEvent(ctx, in.Body)
			return &orderEventOutput{Body: ans}, err
		})
	handle(a, retrySafe(Route{OperationID: "post-order-events", Method: http.MethodPost, Path: "/order-events/batch",
		Permission: authz.PostOrderEvents, MaxBody: 4 << 20,
		Summary: "Send up to 1,000 order events; one answer per event, in order"}),
		func(ctx context.Context, in *orderEventsInput) (*orderEventsOutput, error) {
			items, err := c().PostOrderEvents(ctx, in.Body.Events)
			out := &orderEventsOutput{}
			out.Body.Items = items
			return out, err
		})
	handle(a, Route{OperationID: "list-earnings", Method: http.MethodGet, Path: "/earnings", Permission: authz.ReadEarnings,
		Summary: "My commission per content, product or day: pending, settled, not payable"},
		func(ctx context.Context, in *earningsInput) (*earningsOutput, error) {
			items, err := c().FindEarnings(ctx, in.Filter())
			out := &earningsOutput{}
			out.Body.Items = items
			return out, err
		})
	handle(a, Route{OperationID: "export-earnings", Method: http.MethodGet, Path: "/earnings.csv", Permission: authz.ReadEarnings,
		Summary: "My statement as CSV: every line with what its amounts are re-computed from (tools/recompute)"},
		func(ctx context.Context, in *earningsInput) (*csvOutput, error) {
			var buf bytes.Buffer
			if err := c().ExportEarnings(ctx, in.Filter(), &buf); err != nil {
				return nil, err
			}
			return &csvOutput{ContentType: "text/csv; charset=utf-8",
				ContentDisposition: `attachment; filename="earnings.csv"`, Body: buf.Bytes()}, nil
		})
	handle(a, Route{OperationID: "list-ledger-entries", Method: http.MethodGet, Path: "/ledger/entries", Permission: authz.ReadLedger,
		Summary: "Ledger entries touching an account, newest first, each with all its lines and hashes"},
		func(ctx context.Context, in *ledgerEntriesInput) (*ledgerEntriesOutput, error) {
			items, next, err := c().FindLedgerEntries(ctx, in.Account, pageOf(in.PageQuery))
			return &ledgerEntriesOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "verify-ledger", Method: http.MethodGet, Path: "/ledger/verify", Permission: authz.VerifyLedger,
		Summary: "Walk the ledger's hash chain: every entry balanced and unedited"},
		func(ctx context.Context, _ *struct{}) (*ledgerVerifyOutput, error) {
			r, err := c().VerifyLedger(ctx)
			return &ledgerVerifyOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "get-commission-rules", Method: http.MethodGet, Path: "/commission-rules",
		Permission: authz.ReadCommissionRules, Summary: "The commission rules in force and every version with its notice date"},
		func(ctx context.Context, _ *struct{}) (*rulesOutput, error) {
			cur, hist, err := c().FindRules(ctx)
			out := &rulesOutput{}
			out.Body.Current, out.Body.History = cur, hist
			return out, err
		})
	handle(a, Route{OperationID: "create-commission-rules", Method: http.MethodPut, Path: "/commission-rules",
		Permission: authz.ManageCommissionRules, Summary: "Publish a new version of the commission rules, in force from its notice date"},
		func(ctx context.Context, in *commissionRulesInput) (*oneRulesOutput, error) {
			r, err := c().CreateRules(ctx, in.Body)
			return &oneRulesOutput{Body: r}, err
		})
	handle(a, retrySafe(Route{OperationID: "create-settlement", Method: http.MethodPost, Path: "/settlements",
		Permission: authz.RunSettlement, Status: http.StatusAccepted, Summary: "Run a settlement for a month; answers the run with its job and progress"}),
		func(ctx context.Context, in *settlementInput) (*settlementOutput, error) {
			st, err := c().CreateSettlement(ctx, in.Body.Period)
			return &settlementOutput{Body: st}, err
		})
	handle(a, Route{OperationID: "get-settlement", Method: http.MethodGet, Path: "/settlements/{id}", Permission: authz.RunSettlement,
		Summary: "A settlement run with its progress"},
		func(ctx context.Context, in *idInput) (*settlementOutput, error) {
			st, err := c().FindSettlementByID(ctx, in.ID)
			return &settlementOutput{Body: st}, err
		})
	handle(a, retrySafe(Route{OperationID: "distribute-reward-pool", Method: http.MethodPost, Path: "/reward-pools/{channel}/{period}/distribute",
		Permission: authz.DistributeRewardPool, Summary: "Pay a channel's reward pool for an ended month out by content value, every share explained"}),
		func(ctx context.Context, in *poolInput) (*poolOutput, error) {
			d, err := c().DistributePool(ctx, in.Channel, in.Period)
			return &poolOutput{Body: d}, err
		})
	handle(a, retrySafe(Route{OperationID: "create-sandbox-orders", Method: http.MethodPost, Path: "/sandbox/orders",
		Permission: authz.PlaceSandboxOrders, Status: http.StatusCreated,
		Summary: "Synthetic clicks and orders on a link (sandbox mode only; sandbox accounts only)"}),
		func(ctx context.Context, in *sandboxInput) (*orderEventsOutput, error) {
			items, err := c().PlaceSandboxOrders(ctx, in.Body)
			out := &orderEventsOutput{}
			out.Body.Items = items
			return out, err
		})
	handle(a, Route{OperationID: "get-sandbox-mode", Method: http.MethodGet, Path: "/me/sandbox", Permission: authz.PlaceSandboxOrders,
		Summary: "Whether sandbox orders are open to me: the server's HELIO_SANDBOX or my account's switch"},
		func(ctx context.Context, _ *struct{}) (*sandboxModeOutput, error) {
			m, err := c().FindSandboxMode(ctx)
			return &sandboxModeOutput{Body: m}, err
		})
	handle(a, Route{OperationID: "set-sandbox-mode", Method: http.MethodPut, Path: "/me/sandbox", Permission: authz.PlaceSandboxOrders,
		Summary: "Switch sandbox mode for my account (its sandbox orders land in sandbox accounts only)"},
		func(ctx context.Context, in *sandboxModeInput) (*sandboxModeOutput, error) {
			m, err := c().SetSandboxMode(ctx, in.Body.Enabled)
			return &sandboxModeOutput{Body: m}, err
		})
}
