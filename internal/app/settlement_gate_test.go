package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestSettlementGateIsTheLevelPrivilege: the demo's settlement run holds
// LumiBeauty's commission (her computed level, L1, lacks cps_settlement)
// and settles 小雅穿搭's (L2 holds it). Once an operator publishes a
// privilege table in which L1 holds cps_settlement, the next run of the
// month releases LumiBeauty's line, citing the new table's version: the
// privilege decides, not a level number.
func TestSettlementGateIsTheLevelPrivilege(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		a, ctx := demoWithoutTasks(t, d)
		runJobs := func() { runAllJobs(t, a) }
		runJobs()
		lumi, _, err := a.Accounts.FindCredentials(ctx, "LumiBeauty")
		testkit.Must(t, err)
		xiaoya, _, err := a.Accounts.FindCredentials(ctx, demo.People[0].Nickname)
		testkit.Must(t, err)
		stateOf := func(creator string) (states []string) {
			rows, err := d.Query(ctx, `SELECT DISTINCT state FROM commission_lines WHERE creator_id = ? ORDER BY state`, creator)
			testkit.Must(t, err)
			defer rows.Close()
			for rows.Next() {
				var s string
				testkit.Must(t, rows.Scan(&s))
				states = append(states, s)
			}
			return states
		}
		if got := stateOf(lumi.ID); len(got) != 1 || got[0] != commission.StateNotPayable {
			t.Fatalf("LumiBeauty (L1) lines: %v, want not payable", got)
		}
		if got := stateOf(xiaoya.ID); !strings.Contains(strings.Join(got, ","), commission.StateSettled) ||
			strings.Contains(strings.Join(got, ","), commission.StateNotPayable) {
			t.Fatalf("小雅穿搭 (L2) lines: %v, want settled", got)
		}
		ops := authz.WithActor(ctx, authz.Actor{UserID: "ops", Roles: []string{authz.RoleAdmin}})
		rules, err := a.Levels.FindRules(ops)
		testkit.Must(t, err)
		table := rules.Table
		table["L1"][authz.PrivCPSSettlement] = authz.ValueYes
		_, err = a.Levels.UpdateRules(ops, level.RulesInput{Privileges: table, RankWeights: rules.RankWeights,
			Note: "L1 creators are paid"})
		testkit.Must(t, err)
		var period string
		testkit.Must(t, d.QueryRow(ctx, `SELECT period FROM commission_settlements`).Scan(&period))
		_, err = a.Commission.CreateSettlement(ops, period)
		testkit.Must(t, err)
		runJobs()
		if got := stateOf(lumi.ID); len(got) != 1 || got[0] != commission.StateReleased {
			t.Fatalf("LumiBeauty's lines once L1 holds cps_settlement: %v, want released", got)
		}
		var detail string
		testkit.Must(t, d.QueryRow(ctx, `SELECT l.detail FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq
			WHERE e.kind = 'commission.release' AND l.amount > 0`).Scan(&detail))
		if !strings.Contains(detail, `"level":"L1"`) || !strings.Contains(detail, `"level_rule":{"table":"level_privileges","version":2}`) ||
			strings.Contains(detail, "refusal") {
			t.Fatalf("the release does not cite L1 and the second privilege table: %s", detail)
		}
	})
}

// demoWithoutTasks is an app over d with the demo loaded but for the task
// marketplace's part, which runs the queued jobs (the settlement among them)
// itself: the caller decides what happens before the settlement runs.
func demoWithoutTasks(t *testing.T, d *db.DB) (*app.App, context.Context) {
	t.Helper()
	cfg := loadConfig(t, map[string]string{"HELIO_LOG_LEVEL": "error"})
	a, err := app.New(context.Background(), cfg, app.Options{DB: d})
	testkit.Must(t, err)
	ctx := context.Background()
	services := a.DemoServices()
	services.Tasks = nil
	_, err = demo.Load(ctx, services)
	testkit.Must(t, err)
	return a, ctx
}

// runAllJobs runs a's queued jobs until none is left.
func runAllJobs(t *testing.T, a *app.App) {
	t.Helper()
	for {
		ran, err := a.Jobs.RunOnce(context.Background(), "test")
		testkit.Must(t, err)
		if !ran {
			return
		}
	}
}
