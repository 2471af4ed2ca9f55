package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// fitsWidth fails the test when the page scrolls sideways.
func fitsWidth(t *testing.T, ctx context.Context, what string, size [2]int64) {
	t.Helper()
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	testkit.Must(t, err)
	if !fits {
		t.Fatalf("%s at %dx%d overflows sideways", what, size[0], size[1])
	}
}

// newTab opens another tab in ctx's browser, logged in as ctx's tab is (a
// new browser would be a new device, asked to step up), with a time budget
// of its own.
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, closeTab := chromedp.NewContext(context.WithoutCancel(ctx))
	tab, cancel := context.WithTimeout(tab, 90*time.Second)
	t.Cleanup(func() { cancel(); closeTab() })
	return tab
}

// wants fails the test unless the element with id shows want.
func wants(t *testing.T, ctx context.Context, id, want string) {
	t.Helper()
	if shown := text(t, ctx, id); !strings.Contains(shown, want) {
		t.Fatalf("#%s shows %q, want %q", id, shown, want)
	}
}

// TestCommissionMerchantAndOperatorPages works the commission pages that
// change things, at 390×844 and 1366×768: the demo merchant's products (a
// field error, then a product listed), and the operator's ledger
// verification, rule editor (a version published with its notice date),
// settlement run (followed to done) and reward-pool distribution (this
// month refused by its field, last month's distributed).
func TestCommissionMerchantAndOperatorPages(t *testing.T) {
	now := time.Now().UTC()
	month := now.Format("2006-01")
	lastMonth := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			sizes := [][2]int64{{390, 844}, {1366, 768}}

			// One browser per account (a second would be a new device, asked
			// to step up), a tab per size.
			seller := browser(t)
			testkit.Must(t, chromedp.Do(seller, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("山野茶铺")...)...))
			for i, size := range sizes {
				sku := []string{"e2e-tea-390", "e2e-tea-1366"}[i]
				merchant := newTab(t, seller)
				testkit.Must(t, chromedp.Do(merchant,
					chromedp.EmulateViewport(size[0], size[1]),
					chromedp.Navigate(url+"/products"),
					chromedp.WaitVisible(chromedp.ID("products")),
				))
				fitsWidth(t, merchant, "/products", size)
				wants(t, merchant, "products", "软底乐福鞋")
				// No rate: the error stands by its field, nothing listed.
				testkit.Must(t, chromedp.Do(merchant,
					chromedp.SendKeys(chromedp.ID("sku"), sku),
					chromedp.Click(chromedp.ID("list-product")),
					chromedp.WaitVisible(chromedp.ID("rate_bp-error")),
					chromedp.SendKeys(chromedp.ID("title"), "明前龙井 "+sku),
					chromedp.SetValue(chromedp.ID("url"), "https://shop.example.com/"+sku),
					chromedp.SetValue(chromedp.ID("price"), "128.00"),
					chromedp.SetValue(chromedp.ID("rate_bp"), "1200"),
					chromedp.Click(chromedp.ID("list-product")),
					chromedp.WaitVisible(chromedp.ID("flash")),
				))
				wants(t, merchant, "products", "明前龙井 "+sku)
				fitsWidth(t, merchant, "/products after listing", size)
			}

			// The operator works at 1366 px, then sees the same pages at 390.
			operator := browser(t)
			testkit.Must(t, chromedp.Do(operator, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("ops")...)...))
			var settlementURL string
			for _, size := range [][2]int64{{1366, 768}, {390, 844}} {
				wide := size[0] == 1366
				ops := newTab(t, operator)
				asked := acceptConfirmations(t, ops)
				testkit.Must(t, chromedp.Do(ops,
					chromedp.EmulateViewport(size[0], size[1]),
					chromedp.Navigate(url+"/backoffice/commission"),
					chromedp.WaitVisible(chromedp.ID("ledger-hint")),
					chromedp.Click(chromedp.ID("verify-ledger")),
					chromedp.WaitVisible(chromedp.ID("ledger-state")),
				))
				fitsWidth(t, ops, "/backoffice/commission", size)
				wants(t, ops, "ledger-state", "The ledger verifies")
				wants(t, ops, "ledger-took", "Checked in")
				wants(t, ops, "splits", "1:7:2")
				wants(t, ops, "rule-history", "Version 1")
				if wide {
					// A version from next year; the current one stays in force.
					testkit.Must(t, chromedp.Do(ops,
						chromedp.SetValue(chromedp.ID("effective_at"), time.Now().UTC().AddDate(1, 0, 0).Format("2006-01-02T15:04")),
						chromedp.SendKeys(chromedp.ID("note"), "e2e: next year's version"),
						chromedp.Click(chromedp.ID("publish-rules")),
						chromedp.WaitVisible(chromedp.ID("flash")),
					))
					wants(t, ops, "rule-history", "e2e: next year's version")
					// A settlement run of this month, followed until done.
					testkit.Must(t, chromedp.Do(ops,
						chromedp.SendKeys(chromedp.CSS(`#settlement input[name="period"]`), month),
						chromedp.Click(chromedp.ID("run-settlement")),
						chromedp.WaitVisible(chromedp.ID("settlement-state")),
					))
					asked.asked(t, "Run the settlement for this month? Earnings are booked to the ledger.")
					var err error
					settlementURL, err = chromedp.Run(ops, chromedp.Location())
					testkit.Must(t, err)
				} else {
					testkit.Must(t, chromedp.Do(ops, chromedp.Navigate(settlementURL), chromedp.WaitVisible(chromedp.ID("settlement-state"))))
				}
				if _, err := chromedp.Run(ops, chromedp.Poll[bool](`document.getElementById("settlement-state").textContent.includes(": done,")`,
					chromedp.WithPollingTimeout(30*time.Second))); err != nil {
					t.Fatalf("the settlement run shows %q: %v", text(t, ops, "settlement-state"), err)
				}
				fitsWidth(t, ops, "the settlement run", size)
				// The headlines pool: this month is refused by its field until
				// it has ended; last month's is distributed (again at 390 px:
				// a second distribution moves nothing).
				testkit.Must(t, chromedp.Do(ops,
					chromedp.Navigate(url+"/backoffice/commission"),
					chromedp.WaitVisible(chromedp.ID("pools")),
					chromedp.SetValue(chromedp.ID("channel"), "headlines"),
					chromedp.SendKeys(chromedp.ID("pool_period"), month),
					chromedp.Click(chromedp.ID("distribute")),
					chromedp.WaitVisible(chromedp.ID("pool_period-error")),
					chromedp.SetValue(chromedp.ID("pool_period"), lastMonth),
					chromedp.Click(chromedp.ID("distribute")),
					chromedp.WaitVisible(chromedp.ID("pool-summary")),
				))
				asked.asked(t, "Distribute this pool for the month? The shares are paid to the creators at once.")
				wants(t, ops, "pool-summary", "Headlines · "+lastMonth)
				fitsWidth(t, ops, "the reward pool", size)
			}
		})
	}
}
