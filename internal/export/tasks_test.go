package export_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/export"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/task"
	"github.com/helio-platform/helio/internal/testkit"
)

// taskRow is one row of a tasks export in JSON.
type taskRow struct {
	TaskID     string  `json:"task_id"`
	Role       string  `json:"role"`
	Creator    string  `json:"creator"`
	Buyer      string  `json:"buyer"`
	Amount     int64   `json:"amount"`
	State      string  `json:"state"`
	Event      string  `json:"event"`
	Name       string  `json:"name"`
	Account    *string `json:"account"`
	LineAmount *int64  `json:"line_amount"`
	Seq        *int64  `json:"seq"`
}

// TestTasksExportHoldsOrdersTransitionsAndLedgerLines: the demo creator
// 潮流阿May's tasks export holds each of her orders (as creator) with its
// transitions in lifecycle order and every line of its ledger postings,
// each posting balanced to the fen and the escrow line equal to the order's
// amount; the buyer 茶铺运营小王 gets her orders as buyer; the CSV starts
// with a byte-order mark; and the "everything" export has a tasks section.
func TestTasksExportHoldsOrdersTransitionsAndLedgerLines(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env, _ := demoWorld(t, d)
		ctx := context.Background()
		as := func(login string) context.Context {
			u, _, err := env.Accounts.FindCredentials(ctx, login)
			testkit.Must(t, err)
			return authz.WithActor(ctx, authz.Actor{UserID: u.ID})
		}
		run := func(who context.Context, kind, format string) []byte {
			e, err := env.Exports.CreateExport(who, export.ExportInput{Kind: kind, Format: format})
			testkit.Must(t, err)
			env.DrainJobs(t)
			return download(t, env.Exports, who, e.ID)
		}
		may := as("潮流阿May")
		listed, _, err := env.Tasks.FindTasks(may, task.TaskFilter{Role: task.SideCreator})
		testkit.Must(t, err)
		// The export holds the orders placed before it was asked for (the
		// demo back-dates one order by the wall clock, which may be later).
		var orders []task.Order
		for _, o := range listed {
			if o.CreatedAt.Before(env.Clock.Now()) {
				orders = append(orders, o)
			}
		}
		if len(orders) < 5 {
			t.Fatalf("the demo gives 潮流阿May %d tasks", len(orders))
		}
		var doc struct {
			Kind  string    `json:"kind"`
			Items []taskRow `json:"items"`
		}
		testkit.Must(t, json.Unmarshal(run(may, export.KindTasks, export.FormatJSON), &doc))
		byTask := map[string][]taskRow{}
		for _, r := range doc.Items {
			if r.Role != task.SideCreator || r.Creator != "潮流阿May" {
				t.Fatalf("a row of another side: %+v", r)
			}
			byTask[r.TaskID] = append(byTask[r.TaskID], r)
		}
		if len(byTask) != len(orders) {
			t.Fatalf("the export holds %d tasks, the marketplace lists %d", len(byTask), len(orders))
		}
		lifecycle := map[string][]string{
			task.StateOrdered:  {"ordered"},
			task.StateAccepted: {"ordered", "accepted"},
			task.StateResolved: {"ordered", "accepted", "delivered", "disputed", "resolved"},
		}
		for _, o := range orders {
			rows := byTask[o.ID]
			var names []string
			sums := map[int64]int64{}
			escrow := int64(0)
			for _, r := range rows {
				if r.State != o.State || r.Amount != o.Amount.Minor {
					t.Fatalf("task %s is %s of %d, its row says %+v", o.ID, o.State, o.Amount.Minor, r)
				}
				switch r.Event {
				case "transition":
					names = append(names, r.Name)
				case "ledger":
					sums[*r.Seq] += *r.LineAmount
					if r.Name == "task.escrow" && *r.Account == ledger.Escrow(o.ID) {
						escrow = *r.LineAmount
					}
				default:
					t.Fatalf("an unknown event: %+v", r)
				}
			}
			if want, ok := lifecycle[o.State]; ok && !slices.Equal(names, want) {
				t.Fatalf("task %s (%s) has transitions %v, want %v", o.ID, o.State, names, want)
			}
			if escrow != o.Amount.Minor {
				t.Fatalf("task %s holds %d in escrow in the export, ordered for %d", o.ID, escrow, o.Amount.Minor)
			}
			for seq, sum := range sums {
				if sum != 0 {
					t.Fatalf("posting %d of task %s adds up to %d", seq, o.ID, sum)
				}
			}
			if o.State == task.StateResolved && len(sums) != 2 {
				t.Fatalf("the resolved task %s has %d postings in the export", o.ID, len(sums))
			}
		}

		csv := string(run(as("茶铺运营小王"), export.KindTasks, export.FormatCSV))
		if !strings.HasPrefix(csv, "\ufefftask_id,role,kind,creator,merchant,buyer,amount,") || !strings.Contains(csv, ",buyer,") ||
			!strings.Contains(csv, "茶铺运营小王") || !strings.Contains(csv, "task.escrow") {
			t.Fatalf("the buyer's CSV:\n%.2000s", csv)
		}
		all := string(run(may, export.KindAll, export.FormatCSV))
		if !strings.Contains(all, "\n# tasks\ntask_id,") || !strings.Contains(all, "task.resolve") {
			t.Fatalf("the everything export lacks the tasks:\n%.3000s", all)
		}
	})
}
