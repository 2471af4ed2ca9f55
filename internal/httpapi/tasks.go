package httpapi

import (
	"bytes"
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/task"
)

type quoteInput struct {
	Body task.QuoteInput
}

type quoteUpdateInput struct {
	ID   string `path:"id"`
	Body task.QuoteInput
}

type quoteOutput struct {
	Body task.Quote
}

type quotesOutput struct {
	Body struct {
		Items []task.Quote `json:"items"`
	}
}

type cardsInput struct {
	Limit    int    `query:"limit" doc:"cards per page, 1 to 100 (default 20)"`
	Cursor   string `query:"cursor" doc:"next_cursor of the previous page"`
	Q        string `query:"q" doc:"part of the creator's name"`
	Category string `query:"category" doc:"a domain focus code"`
	MinPrice int64  `query:"min_price" doc:"only creators with a quote at least this price (fen)"`
	MaxPrice int64  `query:"max_price" doc:"only creators with a quote at most this price (fen)"`
}

type cardsOutput struct {
	Body List[task.CreatorCard]
}

type cardOutput struct {
	Body task.CreatorCard
}

type orderInput struct {
	Body task.OrderInput
}

type taskOutput struct {
	Body task.Order
}

type tasksInput struct {
	PageQuery
	Role  string `query:"role" enum:"merchant,creator" doc:"merchant (ordered by me or my operation accounts) or creator (ordered from me); empty for both"`
	State string `query:"state" doc:"one state of the lifecycle"`
}

type tasksListOutput struct {
	Body List[task.Order]
}

type actInput struct {
	ID   string `path:"id"`
	Body *task.ActInput
}

type decisionInput struct {
	ID   string `path:"id"`
	Body task.DisputeDecision
}

type taskRulesOutput struct {
	Body struct {
		Current task.TaskRules   `json:"current"`
		History []task.TaskRules `json:"history"`
	}
}

type taskRulesInput struct {
	Body task.TaskRulesInput
}

type oneTaskRulesOutput struct {
	Body task.TaskRules
}

type inviteInput struct {
	Body task.InviteInput
}

type bindingOutput struct {
	Body task.OperationAccount
}

type bindingsOutput struct {
	Body struct {
		Items []task.OperationAccount `json:"items"`
	}
}

// taskActions are the lifecycle's actions with their route permissions:
// the creator's need the task-marketplace privilege, the buyer's are open
// to operation accounts, and cancel and dispute to either side (the
// service checks the side's own permission).
var taskActions = []struct {
	action, summary string
	perm            authz.Permission
}{
	{task.ActionAccept, "Accept a task ordered from me (the delivery timer starts)", authz.WorkTask},
	{task.ActionDecline, "Decline a task ordered from me (the escrow is refunded)", authz.WorkTask},
	{task.ActionDeliver, "Deliver a task with the link to its content (the auto-confirm timer starts)", authz.WorkTask},
	{task.ActionConfirm, "Confirm receipt (确认收货): the escrow is paid out to the creator minus the fee", authz.BuyerTask},
	{task.ActionCancel, "Cancel a task (the buyer before delivery, the creator once accepted); the escrow is refunded", authz.ReadTasks},
	{task.ActionDispute, "Dispute a delivered task with a reason; it goes to the operators' review queue", authz.ReadTasks},
}

func (a *API) registerTasks() {
	t := func() *task.Service { return a.deps.Tasks }
	handle(a, Route{OperationID: "list-quotes", Method: http.MethodGet, Path: "/quotes", Permission: authz.ManageQuotes,
		Summary: "My task-marketplace quotes (L2 and above)"},
		func(ctx context.Context, _ *struct{}) (*quotesOutput, error) {
			items, err := t().FindQuotes(ctx)
			out := &quotesOutput{}
			out.Body.Items = append([]task.Quote{}, items...)
			return out, err
		})
	handle(a, retrySafe(Route{OperationID: "create-quote", Method: http.MethodPost, Path: "/quotes", Permission: authz.ManageQuotes,
		Status: http.StatusCreated, Summary: "Publish a quote: a task per task or a live-stream window per hour"}),
		func(ctx context.Context, in *quoteInput) (*quoteOutput, error) {
			q, err := t().CreateQuote(ctx, in.Body)
			return &quoteOutput{Body: q}, err
		})
	handle(a, Route{OperationID: "update-quote", Method: http.MethodPatch, Path: "/quotes/{id}", Permission: authz.ManageQuotes,
		Summary: "Replace a quote's terms (orders already placed keep theirs)"},
		func(ctx context.Context, in *quoteUpdateInput) (*quoteOutput, error) {
			q, err := t().UpdateQuote(ctx, in.ID, in.Body)
			return &quoteOutput{Body: q}, err
		})
	handle(a, Route{OperationID: "delete-quote", Method: http.MethodDelete, Path: "/quotes/{id}", Permission: authz.ManageQuotes,
		Status: http.StatusNoContent, Summary: "Withdraw a quote (orders placed on it go on)"},
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return &struct{}{}, t().DeleteQuote(ctx, in.ID)
		})
	handle(a, Route{OperationID: "list-task-creators", Method: http.MethodGet, Path: "/task-creators",
		Permission: authz.BrowseTaskCreators, Summary: "The marketplace's creator cards, searchable by name, category and price"},
		func(ctx context.Context, in *cardsInput) (*cardsOutput, error) {
			items, next, err := t().FindCards(ctx, task.CardFilter{Q: in.Q, Category: in.Category, MinPrice: in.MinPrice,
				MaxPrice: in.MaxPrice, Limit: in.Limit, After: in.Cursor})
			return &cardsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-task-creator", Method: http.MethodGet, Path: "/task-creators/{id}",
		Permission: authz.BrowseTaskCreators, Summary: "One creator's marketplace card with its quotes"},
		func(ctx context.Context, in *idInput) (*cardOutput, error) {
			c, err := t().FindCard(ctx, in.ID)
			return &cardOutput{Body: c}, err
		})
	handle(a, retrySafe(Route{OperationID: "place-task", Method: http.MethodPost, Path: "/tasks", Permission: authz.PlaceTask,
		Status: http.StatusCreated, Summary: "Order a task against a quote; the amount is held in escrow in the ledger"}),
		func(ctx context.Context, in *orderInput) (*taskOutput, error) {
			tk, err := t().PlaceTask(ctx, in.Body)
			return &taskOutput{Body: tk}, err
		})
	handle(a, Route{OperationID: "list-tasks", Method: http.MethodGet, Path: "/tasks", Permission: authz.ReadTasks,
		Summary: "My task orders, newest first, with their deadlines"},
		func(ctx context.Context, in *tasksInput) (*tasksListOutput, error) {
			items, next, err := t().FindTasks(ctx, task.TaskFilter{Role: in.Role, State: in.State, Page: pageOf(in.PageQuery)})
			return &tasksListOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-task", Method: http.MethodGet, Path: "/tasks/{id}", Permission: authz.ReadTasks,
		Summary: "One task order with its deadlines, escrow and payout"},
		func(ctx context.Context, in *idInput) (*taskOutput, error) {
			tk, err := t().FindTaskByID(ctx, in.ID)
			return &taskOutput{Body: tk}, err
		})
	for _, act := range taskActions {
		handle(a, Route{OperationID: act.action + "-task", Method: http.MethodPost, Path: "/tasks/{id}/" + act.action,
			Permission: act.perm, Summary: act.summary},
			func(ctx context.Context, in *actInput) (*taskOutput, error) {
				var body task.ActInput
				if in.Body != nil {
					body = *in.Body
				}
				tk, err := t().Act(ctx, in.ID, act.action, body)
				return &taskOutput{Body: tk}, err
			})
	}
	handle(a, Route{OperationID: "decide-task-dispute", Method: http.MethodPost, Path: "/task-disputes/{id}/decide",
		Permission: authz.DecideTaskDisputes, Summary: "Decide a dispute: release to the creator, refund the merchant, or split"},
		func(ctx context.Context, in *decisionInput) (*taskOutput, error) {
			tk, err := t().DecideDispute(ctx, in.ID, in.Body)
			return &taskOutput{Body: tk}, err
		})
	handle(a, Route{OperationID: "get-task-rules", Method: http.MethodGet, Path: "/task-rules", Permission: authz.ReadTaskRules,
		Summary: "The task marketplace's fee and timer rules in force, with every version"},
		func(ctx context.Context, _ *struct{}) (*taskRulesOutput, error) {
			cur, hist, err := t().FindRules(ctx)
			out := &taskRulesOutput{}
			out.Body.Current, out.Body.History = cur, hist
			return out, err
		})
	handle(a, Route{OperationID: "update-task-rules", Method: http.MethodPut, Path: "/task-rules", Permission: authz.ManageTaskRules,
		Summary: "Publish a new version of the task marketplace's rules"},
		func(ctx context.Context, in *taskRulesInput) (*oneTaskRulesOutput, error) {
			r, err := t().UpdateRules(ctx, in.Body)
			return &oneTaskRulesOutput{Body: r}, err
		})
	a.registerOperationAccounts()
}

func (a *API) registerOperationAccounts() {
	t := func() *task.Service { return a.deps.Tasks }
	handle(a, retrySafe(Route{OperationID: "invite-operation-account", Method: http.MethodPost, Path: "/operation-accounts",
		Permission: authz.ManageOperationAccts, Status: http.StatusCreated,
		Summary: "Invite an account to be my store's operation account (pending until it accepts)"}),
		func(ctx context.Context, in *inviteInput) (*bindingOutput, error) {
			b, err := t().InviteOperationAccount(ctx, in.Body)
			return &bindingOutput{Body: b}, err
		})
	handle(a, Route{OperationID: "list-operation-accounts", Method: http.MethodGet, Path: "/operation-accounts",
		Permission: authz.AcceptOperationInvite, Summary: "My store's operation accounts, or my invitations and binding"},
		func(ctx context.Context, _ *struct{}) (*bindingsOutput, error) {
			items, err := t().FindOperationAccounts(ctx)
			out := &bindingsOutput{}
			out.Body.Items = items
			return out, err
		})
	handle(a, Route{OperationID: "accept-operation-account", Method: http.MethodPost, Path: "/operation-accounts/{id}/accept",
		Permission: authz.AcceptOperationInvite, Summary: "Accept a store's invitation: I become its operation account"},
		func(ctx context.Context, in *idInput) (*bindingOutput, error) {
			b, err := t().AcceptOperationAccount(ctx, in.ID)
			return &bindingOutput{Body: b}, err
		})
	handle(a, Route{OperationID: "unbind-operation-account", Method: http.MethodDelete, Path: "/operation-accounts/{id}",
		Permission: authz.ManageOperationAccts, Summary: "Unbind an operation account (only once all its tasks are confirmed)"},
		func(ctx context.Context, in *idInput) (*bindingOutput, error) {
			b, err := t().UnbindOperationAccount(ctx, in.ID)
			return &bindingOutput{Body: b}, err
		})
	handle(a, Route{OperationID: "export-operation-statement", Method: http.MethodGet, Path: "/operation-accounts/{id}/statement.csv",
		Permission: authz.ManageOperationAccts, Summary: "An operation account's order statement as CSV, for the retention window"},
		func(ctx context.Context, in *idInput) (*csvOutput, error) {
			var buf bytes.Buffer
			if err := t().ExportStatement(ctx, in.ID, &buf); err != nil {
				return nil, err
			}
			return &csvOutput{ContentType: "text/csv; charset=utf-8",
				ContentDisposition: `attachment; filename="operation-statement.csv"`, Body: buf.Bytes()}, nil
		})
}
