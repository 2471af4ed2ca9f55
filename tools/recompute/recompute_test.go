package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/testkit"
)

// oneContent is a content domain holding one pushed content per id asked.
type oneContent struct{ products []string }

func (o oneContent) FindContentRef(_ context.Context, id string) (commission.ContentRef, error) {
	if !strings.HasPrefix(id, "c-") {
		return commission.ContentRef{}, apperr.New(apperr.NotFound, "%s not found.", "Content")
	}
	return commission.ContentRef{ID: id, OwnerID: "creator", Products: o.products, PushedAt: testkit.Epoch}, nil
}

// TestRecomputeReproducesTheStatement drives 300 random orders in every
// scene (odd amounts, rates, partial and full refunds, late grocery
// orders) through the service, exports the creator's statement and
// re-computes it with this program: every amount matches; an edited
// amount does not.
func TestRecomputeReproducesTheStatement(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		fake := clock.NewFake(testkit.Epoch)
		var skus []string
		for _, s := range commission.Scenes {
			skus = append(skus, "sku-"+s)
		}
		svc := commission.NewService(d, audit.New(d, fake), jobs.New(d, fake, jobs.Options{}), fake, ledger.New(d, fake),
			oneContent{products: skus}, nil, commission.Options{})
		bg := context.Background()
		merchant := authz.WithActor(bg, authz.Actor{UserID: "merchant"})
		creator := authz.WithActor(bg, authz.Actor{UserID: "creator", Certified: true, Capabilities: map[string]bool{authz.CapProductMounting: true}})
		integrator := authz.WithActor(bg, authz.Actor{UserID: "integrator", Roles: []string{authz.RoleIntegrator}})
		rng := rand.New(rand.NewPCG(1, 2))
		links := map[string]commission.Link{}
		products := map[string]commission.MerchantProduct{}
		for i, s := range commission.Scenes {
			p, err := svc.CreateProduct(merchant, commission.ProductInput{SKU: skus[i], Title: s, URL: "https://shop.example.com/" + s,
				Price: money.New(100, "CNY"), RateBP: rng.Int64N(3000) + 1, Grocery: s == commission.SceneGrocery})
			testkit.Must(t, err)
			l, err := svc.CreateLink(creator, commission.LinkInput{ContentID: "c-" + s, ProductID: p.ID, Scene: s})
			testkit.Must(t, err)
			links[s], products[s] = l, p
		}
		for i := range 300 {
			s := commission.Scenes[rng.IntN(len(commission.Scenes))]
			shopper, order := fmt.Sprint("shopper", i), fmt.Sprint("order", i)
			_, err := svc.RecordClick(integrator, commission.ClickInput{LinkID: links[s].ID, ShopperID: shopper})
			testkit.Must(t, err)
			fake.Advance(time.Duration(rng.IntN(80)) * time.Minute)
			paid := rng.Int64N(100000) + 1
			ev := commission.OrderEvent{OrderID: order, LineID: "1", ProductID: products[s].ID, ShopperID: shopper,
				Type: commission.EventPaid, Amount: money.New(paid, "CNY"), At: fake.Now()}
			_, err = svc.PostOrderEvent(integrator, ev)
			testkit.Must(t, err)
			if rng.IntN(4) == 0 {
				ev.Type, ev.Amount = commission.EventRefunded, money.New(rng.Int64N(paid)+1, "CNY")
				_, err = svc.PostOrderEvent(integrator, ev)
				testkit.Must(t, err)
			}
		}
		var statement bytes.Buffer
		testkit.Must(t, svc.ExportEarnings(creator, commission.EarningsFilter{}, &statement))
		if !strings.Contains(statement.String(), ",true,50,15,5,2:13:5,") {
			t.Errorf("the data set holds no late grocery order")
		}
		var report bytes.Buffer
		n, err := recompute(bytes.NewReader(statement.Bytes()), &report)
		if err != nil || n != 300 {
			t.Fatalf("recompute: %d lines, %v\n%s", n, err, report.String())
		}
		edited := strings.Replace(statement.String(), ",pending,", ",pending-edited,", 1)
		rows := strings.Split(edited, "\n")
		fields := strings.Split(rows[1], ",")
		fields[22] = fmt.Sprint(fields[22], "1") // the commission of the first line
		rows[1] = strings.Join(fields, ",")
		if _, err := recompute(strings.NewReader(strings.Join(rows, "\n")), &report); err == nil {
			t.Errorf("an edited commission was not reported")
		}
		// The rule decisions are re-derived from the times: a late grocery
		// order stated on time, and a click moved out of the window.
		for _, edit := range []struct{ what, from, to string }{
			{"late_grocery", ",true,50,15,5,", ",false,50,15,5,"},
			{"window before the payment", ",true,50,15,5,", ",true,50,0,5,"},
		} {
			report.Reset()
			if _, err := recompute(strings.NewReader(strings.Replace(statement.String(), edit.from, edit.to, 1)), &report); err == nil ||
				!strings.Contains(report.String(), edit.what) {
				t.Errorf("an edited %s was not reported: %v\n%s", edit.what, err, report.String())
			}
		}
	})
}

// TestRecomputeSplitsTheOrganizationLeg: a bound creator's line is
// re-computed with the organization's share taken from the creator's part
// (10% of ¥123.45 is 1235 fen; live 1:3:6 gives the creator 741; 30% of it
// is 222.3, so the organization gets 222 and the creator 519); a statement
// one fen off in the organization's amount is reported.
func TestRecomputeSplitsTheOrganizationLeg(t *testing.T) {
	row := func(creator, org string) []string {
		v := map[string]string{"order_id": "o1", "line_id": "1", "scene": "live", "clicked_at": "2026-03-01T10:00:00Z",
			"paid_at": "2026-03-02T10:00:00Z", "pushed_at": "2026-02-28T10:00:00Z", "attribution_days": "15", "grocery_link_days": "5",
			"paid": "12345", "refunded": "0", "rate_bp": "1000",
			"base_ratio": "1:3:6", "late_grocery": "false", "late_pct": "50", "ratio": "1:3:6", "commission": "1235",
			"network": "124", "platform": "370", "creator": creator, "kind": "order_line", "organization_id": "org1",
			"contract_version": "1", "org_share_bp": "3000", "organization": org}
		out := make([]string, len(commission.StatementHeader))
		for i, name := range commission.StatementHeader {
			out[i] = v[name]
		}
		return out
	}
	statement := func(rows ...[]string) string {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		testkit.Must(t, w.Write(commission.StatementHeader))
		testkit.Must(t, w.WriteAll(rows))
		return b.String()
	}
	var report bytes.Buffer
	if n, err := recompute(strings.NewReader(statement(row("519", "222"))), &report); err != nil || n != 1 {
		t.Fatalf("a right organization leg: %d lines, %v: %s", n, err, report.String())
	}
	if _, err := recompute(strings.NewReader(statement(row("519", "223"))), &report); err == nil ||
		!strings.Contains(report.String(), "[1235 124 370 519 223]") {
		t.Fatalf("an organization leg one fen off passed: %v: %s", err, report.String())
	}
}
