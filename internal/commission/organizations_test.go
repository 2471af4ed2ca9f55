package commission_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/testkit"
)

// contracts is a fake organizations domain: per creator, contract versions
// in force from their time.
type contracts map[string][]struct {
	from time.Time
	c    commission.OrgContract
}

func (cs contracts) ContractAt(_ context.Context, creatorID string, at time.Time) (commission.OrgContract, bool, error) {
	var out commission.OrgContract
	found := false
	for _, v := range cs[creatorID] {
		if !v.from.After(at) {
			out, found = v.c, true
		}
	}
	return out, found, nil
}

// TestOrganizationLegToTheCent: a bound creator's part is split with the
// organization by the contract version in force at the payment, every fen
// allocated (the remainder to the larger remainder, a tie to the
// creator); a later version applies only to later orders; a refund
// re-splits under the line's own version; settlement moves only the
// creator's net; each organization line cites its contract version.
func TestOrganizationLegToTheCent(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		w.levels["amy"] = "L2"
		start := w.clock.Now()
		cs := contracts{}
		cs["amy"] = append(cs["amy"], struct {
			from time.Time
			c    commission.OrgContract
		}{start, commission.OrgContract{OrganizationID: "org1", BindingID: "b1", Version: 1, ShareBP: 3000}})
		w.svc.WithContracts(cs)
		p := w.product("sku-org", 1000, false)
		l := w.link("amy", p, commission.SceneLive, start)
		w.click(l, "s1")
		// 10% of ¥123.45 = 1235 fen; live 1:3:6 → creator 741; 30% of 741 = 222.3 → org 222, creator 519.
		a := w.event("o1", commission.EventPaid, p, "s1", 12345)
		if sh := *a.Shares; sh.Creator != 519 || sh.Organization != 222 || sh.Network+sh.Platform+sh.Creator+sh.Organization != sh.Commission {
			t.Fatalf("v1 shares %+v", sh)
		}
		if got := w.balance(ledger.Organization("org1")); got != 222 {
			t.Fatalf("organization balance %d", got)
		}
		entry, _, err := w.svc.Ledger().FindEntryByRef(context.Background(), "order:o1:1:paid")
		testkit.Must(t, err)
		cited := false
		for _, ln := range entry.Lines {
			if ln.Account == ledger.Organization("org1") {
				var detail struct {
					OrgContract commission.RuleRef `json:"contract"`
				}
				testkit.Must(t, json.Unmarshal(ln.Detail, &detail))
				cited = detail.OrgContract == commission.RuleRef{Table: commission.ContractsTable, Version: 1}
			}
		}
		if !cited {
			t.Fatalf("the organization line does not cite contract version 1: %+v", entry.Lines)
		}

		// Version 2 (50%) from an hour later: the earlier order keeps v1.
		w.clock.Advance(time.Hour)
		cs["amy"] = append(cs["amy"], struct {
			from time.Time
			c    commission.OrgContract
		}{w.clock.Now(), commission.OrgContract{OrganizationID: "org1", BindingID: "b1", Version: 2, ShareBP: 5000}})
		w.click(l, "s2")
		// 1235 fen again: creator 741, 50% = 370.5: a tie, the fen to the creator → creator 371, org 370.
		b := w.event("o2", commission.EventPaid, p, "s2", 12345)
		if sh := *b.Shares; sh.Creator != 371 || sh.Organization != 370 {
			t.Fatalf("v2 shares %+v", sh)
		}
		// Refunding 6172 of o1 re-splits 6173 under v1: 617 fen commission → creator 370 → org 111, creator 259.
		r := w.event("o1", commission.EventRefunded, p, "s1", 6172)
		if sh := *r.Shares; sh.Organization != 111 || sh.Creator != 259 {
			t.Fatalf("refund shares under v1 %+v", sh)
		}
		if got := w.balance(ledger.Organization("org1")); got != 111+370 {
			t.Fatalf("organization balance after refund %d", got)
		}
		if got := w.balance(ledger.Creator("amy", ledger.Pending)); got != 259+371 {
			t.Fatalf("creator pending %d", got)
		}
		earned, err := w.svc.FindOrgEarnings(context.Background(), "org1")
		testkit.Must(t, err)
		if len(earned) != 1 || earned[0].Organization != 481 || earned[0].Creator != 630 || earned[0].Lines != 2 {
			t.Fatalf("organization earnings %+v", earned)
		}
		// The statement carries each line's own leg (read in the lines' one
		// query): contract version, share and the organization's part.
		var buf bytes.Buffer
		testkit.Must(t, w.svc.ExportEarnings(creator("amy"), commission.EarningsFilter{}, &buf))
		rows, err := csv.NewReader(&buf).ReadAll()
		testkit.Must(t, err)
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		legs := map[string]string{}
		for _, r := range rows[1:] {
			legs[r[col["order_id"]]] = strings.Join([]string{r[col["organization_id"]], r[col["contract_version"]],
				r[col["org_share_bp"]], r[col["organization"]], r[col["creator"]]}, " ")
		}
		if legs["o1"] != "org1 1 3000 111 259" || legs["o2"] != "org1 2 5000 370 371" || len(rows) != 3 {
			t.Fatalf("statement legs %v (%d rows)", legs, len(rows))
		}
		w.event("o1", commission.EventConfirmed, p, "s1", 6173)
		w.event("o2", commission.EventConfirmed, p, "s2", 12345)
		w.settle()
		if got := w.balance(ledger.Creator("amy", ledger.Settled)); got != 630 {
			t.Fatalf("settled %d, want the creator's net 630", got)
		}
		w.verify()
	})
}

// BenchmarkPostOrderEventsBound is BenchmarkPostOrderEvents for a creator
// bound to an organization (each payment also splits and stores the
// organization's leg) beside the same batches for an unbound creator, in
// one run so the two figures compare: go test -run '^$' -bench
// PostOrderEventsBound ./internal/commission.
func BenchmarkPostOrderEventsBound(b *testing.B) {
	for _, dialect := range testkit.Dialects() {
		for _, bound := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/bound=%v", dialect, bound), func(b *testing.B) {
				d := testkit.Open(b, dialect)
				benchmarkBatches(b, d, func(w *world) {
					if bound {
						w.svc.WithContracts(contracts{"dora": {{w.clock.Now(),
							commission.OrgContract{OrganizationID: "org1", BindingID: "b1", Version: 1, ShareBP: 3000}}}})
					}
				})
			})
		}
	}
}
