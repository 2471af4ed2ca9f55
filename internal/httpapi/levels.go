package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/level"
)

type explanationOutput struct {
	Body level.Explanation
}

type tasksOutput struct {
	Body struct {
		Items []level.Task `json:"items"`
	}
}

type levelTableOutput struct {
	Body level.LevelTable
}

type ruleSetOutput struct {
	Body level.RuleSet
}

type rulesInput struct {
	Body level.RulesInput
}

type dryRunOutput struct {
	Body level.DryRun
}

type runOutput struct {
	Body level.Run
}

type runInput struct {
	ID string `path:"id"`
}

// result answers a service's value and error as a route's output.
func result[T, O any](v T, err error, wrap func(T) *O) (*O, error) {
	if err != nil {
		return nil, err
	}
	return wrap(v), nil
}

func (a *API) registerLevels() {
	l := func() *level.Service { return a.deps.Levels }
	handle(a, Route{OperationID: "get-my-level", Method: http.MethodGet, Path: "/me/level", Permission: authz.ReadLevel,
		Summary: "My level: scores, their inputs, the distance to the next level and my privileges"},
		func(ctx context.Context, _ *struct{}) (*explanationOutput, error) {
			e, err := l().MyLevel(ctx)
			return result(e, err, func(e level.Explanation) *explanationOutput { return &explanationOutput{Body: e} })
		})
	handle(a, Route{OperationID: "list-newcomer-tasks", Method: http.MethodGet, Path: "/me/newcomer-tasks", Permission: authz.ReadLevel,
		Summary: "My newcomer tasks, each ticked from my data"},
		func(ctx context.Context, _ *struct{}) (*tasksOutput, error) {
			items, err := l().NewcomerTasks(ctx)
			return result(items, err, func(items []level.Task) *tasksOutput {
				out := &tasksOutput{}
				out.Body.Items = items
				return out
			})
		})
	handle(a, Route{OperationID: "get-levels", Method: http.MethodGet, Path: "/levels", Permission: authz.ReadLevelTable,
		Summary: "The published level thresholds and privilege table"},
		func(ctx context.Context, _ *struct{}) (*levelTableOutput, error) {
			t, err := l().FindLevelTable(ctx)
			return result(t, err, func(t level.LevelTable) *levelTableOutput { return &levelTableOutput{Body: t} })
		})
	ruleSet := func(r level.RuleSet) *ruleSetOutput { return &ruleSetOutput{Body: r} }
	handle(a, Route{OperationID: "get-level-rules", Method: http.MethodGet, Path: "/level-rules", Permission: authz.ManageLevelRules,
		Summary: "The level rule tables (thresholds, privileges, weights, newcomer tasks) with their history"},
		func(ctx context.Context, _ *struct{}) (*ruleSetOutput, error) {
			r, err := l().FindRules(ctx)
			return result(r, err, ruleSet)
		})
	handle(a, Route{OperationID: "update-level-rules", Method: http.MethodPut, Path: "/level-rules", Permission: authz.ManageLevelRules,
		Summary: "Store new versions of the level rule tables given; levels follow at the next recompute"},
		func(ctx context.Context, in *rulesInput) (*ruleSetOutput, error) {
			r, err := l().UpdateRules(ctx, in.Body)
			return result(r, err, ruleSet)
		})
	handle(a, Route{OperationID: "dry-run-level-rules", Method: http.MethodPost, Path: "/level-rules/dry-run",
		Permission: authz.ManageLevelRules, Summary: "How many accounts would move up or down under proposed rules, without saving"},
		func(ctx context.Context, in *rulesInput) (*dryRunOutput, error) {
			d, err := l().DryRunRules(ctx, in.Body)
			return result(d, err, func(d level.DryRun) *dryRunOutput { return &dryRunOutput{Body: d} })
		})
	run := func(r level.Run) *runOutput { return &runOutput{Body: r} }
	handle(a, Route{OperationID: "recompute-levels", Method: http.MethodPost, Path: "/levels/recompute", Permission: authz.RecomputeLevels,
		Summary: "Recompute every creator's scores and level (or resume the run under way); answers the run and its job id",
		Status:  http.StatusAccepted},
		func(ctx context.Context, _ *struct{}) (*runOutput, error) {
			r, err := l().StartRecompute(ctx)
			return result(r, err, run)
		})
	handle(a, Route{OperationID: "get-level-run", Method: http.MethodGet, Path: "/level-runs/{id}", Permission: authz.RecomputeLevels,
		Summary: "A recompute run's progress: done of total, rate and ETA"},
		func(ctx context.Context, in *runInput) (*runOutput, error) {
			r, err := l().FindRun(ctx, in.ID)
			return result(r, err, run)
		})
}
