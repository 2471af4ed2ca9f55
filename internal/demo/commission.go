package demo

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/money"
)

// GroceryProduct is the demo's grocery-store product.
const GroceryProduct = "demo-sku-milk-01"

// demoProducts are what the demo merchant lists: sku → title, rate and
// whether it is a grocery product.
var demoProducts = []struct {
	SKU, Title string
	RateBP     int64
	Grocery    bool
}{
	{"demo-sku-loafer-01", "软底乐福鞋", 800, false},
	{GroceryProduct, "有机纯牛奶 12 盒", 500, true},
	{"demo-sku-lipstick-01", "Lumi 豆沙色口红", 1500, false},
}

// loadCommission lists the merchant's products, makes tracked links for
// the demo creators' published products (小雅穿搭's item in every scene but
// grocery, her grocery post, LumiBeauty's post), and sends orders through
// them as the operator (who holds every role): one paid and confirmed order
// per link, a partial refund, a grocery order after day 5 (paid six days
// after the push, inside the click's window: the creator's part is halved),
// and LumiBeauty's order, which a settlement run of the month records as
// not payable. The run's job is queued after the level recompute's jobs
// have run, so the gate reads the computed levels: the demo crowd's
// engagement puts 小雅穿搭 at L2 (her level holds the cps_settlement
// privilege) and LumiBeauty at L1 (it does not). It runs when the merchant
// and both creators were created by this load.
func loadCommission(ctx, operator context.Context, s Services, fresh []account.User) error {
	if s.Commission == nil {
		return nil
	}
	by := map[string]account.User{}
	for _, u := range fresh {
		by[u.Nickname] = u
	}
	merchant, xiaoya, lumi := by["山野茶铺"], by["小雅穿搭"], by["LumiBeauty"]
	if merchant.ID == "" || xiaoya.ID == "" || lumi.ID == "" {
		return nil
	}
	products := map[string]commission.MerchantProduct{}
	for _, p := range demoProducts {
		mp, err := s.Commission.CreateProduct(authz.WithActor(ctx, authz.Actor{UserID: merchant.ID}), commission.ProductInput{SKU: p.SKU,
			Title: p.Title, URL: "https://shop.demo.helio.test/item/" + p.SKU, Price: money.New(19900, "CNY"), RateBP: p.RateBP,
			Category: "demo", Grocery: p.Grocery})
		if err != nil {
			return err
		}
		products[p.SKU] = mp
	}
	var links []commission.Link
	for _, u := range []account.User{xiaoya, lumi} {
		made, err := linkPublished(ctx, s, u)
		if err != nil {
			return err
		}
		links = append(links, made...)
	}
	for _, l := range links {
		if err := demoOrder(operator, s, l, "demo-"+l.ID, l.CreatedAt); err != nil {
			return err
		}
	}
	for _, l := range links {
		if l.Scene == commission.SceneGrocery {
			if err := demoOrder(operator, s, l, "demo-late-"+l.ID, l.PushedAt.Add(6*24*time.Hour)); err != nil {
				return err
			}
		}
		if l.Scene == commission.SceneLive {
			if _, err := s.Commission.PostOrderEvent(operator, commission.OrderEvent{OrderID: "demo-" + l.ID, LineID: "1",
				ProductID: l.ProductID, ShopperID: "demo-shopper-" + l.ID, Type: commission.EventRefunded,
				Amount: money.New(5000, "CNY"), At: l.CreatedAt}); err != nil {
				return err
			}
		}
	}
	if len(links) == 0 {
		return nil
	}
	if err := drain(ctx, s); err != nil {
		return err
	}
	_, err := s.Commission.CreateSettlement(operator, links[0].CreatedAt.Format("2006-01"))
	return err
}

// linkPublished makes tracked links for the products mounted in u's
// published content: the grocery product in the grocery scene, others in
// every other scene for 小雅穿搭's review and the public scene for the rest.
func linkPublished(ctx context.Context, s Services, u account.User) ([]commission.Link, error) {
	ctx, err := actorOf(ctx, s, u)
	if err != nil {
		return nil, err
	}
	items, _, err := s.Contents.FindPublished(ctx, u.ID, db.Page{Limit: db.MaxLimit})
	if err != nil {
		return nil, err
	}
	var out []commission.Link
	for _, c := range items {
		for _, p := range c.Products {
			scenes := []string{commission.ScenePublic}
			switch {
			case p.ID == GroceryProduct:
				scenes = []string{commission.SceneGrocery}
			case c.Type == "item":
				scenes = commission.Scenes[:len(commission.Scenes)-1]
			}
			for _, scene := range scenes {
				l, err := s.Commission.CreateLink(ctx, commission.LinkInput{ContentID: c.ID, ProductID: p.ID, Scene: scene})
				if err != nil {
					return nil, err
				}
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// demoOrder is a shopper's click on l and a paid, confirmed order at.
func demoOrder(operator context.Context, s Services, l commission.Link, order string, at time.Time) error {
	shopper := "demo-shopper-" + l.ID
	clickAt := l.CreatedAt
	if _, err := s.Commission.RecordClick(operator, commission.ClickInput{LinkID: l.ID, ShopperID: shopper, At: &clickAt}); err != nil {
		return err
	}
	for _, typ := range []string{commission.EventPaid, commission.EventConfirmed} {
		if _, err := s.Commission.PostOrderEvent(operator, commission.OrderEvent{OrderID: order, LineID: "1", ProductID: l.ProductID,
			ShopperID: shopper, Type: typ, Amount: money.New(19900, "CNY"), At: at}); err != nil {
			return err
		}
	}
	return nil
}
