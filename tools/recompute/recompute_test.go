package main

import (
	"bytes"
	"context"
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
		if !strings.Contains(statement.String(), ",true,50,2:13:5,") {
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
		fields[20] = fmt.Sprint(fields[20], "1") // the commission of the first line
		rows[1] = strings.Join(fields, ",")
		if _, err := recompute(strings.NewReader(strings.Join(rows, "\n")), &report); err == nil {
			t.Errorf("an edited commission was not reported")
		}
	})
}
