package app_test

import (
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestSettlementRestrictionHoldsCommission: the demo's settlement run
// settles 小雅穿搭's commission, unless an operator restricted her
// settlement first: then every line of hers is recorded not payable, and
// the posting cites the restriction that decided it (her level, L2,
// holds the cps_settlement privilege: only the restriction withholds it).
func TestSettlementRestrictionHoldsCommission(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		a, ctx := demoWithoutTasks(t, d)
		xiaoya, _, err := a.Accounts.FindCredentials(ctx, demo.People[0].Nickname)
		testkit.Must(t, err)
		ops := authz.WithActor(ctx, authz.Actor{UserID: "ops", Roles: []string{authz.RoleReviewer}})
		r, err := a.Appeals.CreateRestriction(ops, appeal.RestrictionInput{AccountID: xiaoya.ID, Kind: authz.RestrictSettlement,
			Reason: "订单异常"})
		testkit.Must(t, err)
		runAllJobs(t, a)
		var settled, held int
		testkit.Must(t, d.QueryRow(ctx, `SELECT SUM(CASE WHEN state = ? THEN 1 ELSE 0 END), SUM(CASE WHEN state = ? THEN 1 ELSE 0 END)
			FROM commission_lines WHERE creator_id = ?`, commission.StateSettled, commission.StateNotPayable, xiaoya.ID).Scan(&settled, &held))
		if settled != 0 || held == 0 {
			t.Fatalf("小雅穿搭's lines while restricted: %d settled, %d not payable", settled, held)
		}
		var detail string
		testkit.Must(t, d.QueryRow(ctx, `SELECT l.detail FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq
			WHERE e.kind = 'commission.not_payable' AND l.account LIKE ? ORDER BY l.entry_seq LIMIT 1`,
			"%"+xiaoya.ID+"%").Scan(&detail))
		if !strings.Contains(detail, `"restriction_id":"`+r.ID+`"`) || !strings.Contains(detail, `"level":"L2"`) {
			t.Fatalf("the not-payable posting does not cite the restriction: %s", detail)
		}
	})
}
