package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// sizes are the phone and laptop viewports every page is checked at.
var sizes = [][2]int64{{390, 844}, {1366, 768}}

// fitsAt opens path at each size, waits for the element ready and fails
// when the page scrolls sideways; with HELIO_E2E_SHOTS set it keeps a
// screenshot of each in that folder.
func fitsAt(t *testing.T, ctx context.Context, url, path, ready, shot string) {
	t.Helper()
	for _, size := range sizes {
		testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(url+path),
			chromedp.WaitVisible(chromedp.ID(ready))))
		if dir := os.Getenv("HELIO_E2E_SHOTS"); dir != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			testkit.Must(t, err)
			testkit.Must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", shot, size[0])), png, 0o644))
		}
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		testkit.Must(t, err)
		if !fits {
			t.Fatalf("%s at %dx%d overflows sideways", path, size[0], size[1])
		}
	}
}

// script runs JavaScript in the page as a step.
func script(js string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](js+"; true")(ctx, t)
		return chromedp.Void{}, err
	}
}

// TestTaskMarketplace walks the demo's marketplace in the browser: an
// operation account of 山野茶铺 finds 潮流阿May, orders her normal task
// and sees its acceptance timer, and is refused outside the marketplace;
// she accepts it, gets a field error for a bad content link and delivers;
// she publishes a quote past a field error; the store's main account sees
// its operation accounts, is refused unbinding one with open tasks, and
// sees every order; the invited fan accepts and is left the marketplace
// alone; the operator decides a dispute; and 潮流阿May reads her tasks in
// Chinese. Each page fits a phone's 390 and a laptop's 1366 pixels.
func TestTaskMarketplace(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			as := func(login string) context.Context {
				ctx := browser(t)
				testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn(login)...)...))
				return ctx
			}

			buyer := as(demo.OperatorWang)
			fitsAt(t, buyer, url, "/tasks/market", "cards", "market")
			if alone, err := chromedp.Run(buyer, chromedp.Evaluate[bool](`document.getElementById("nav-contents") === null`)); err != nil || !alone {
				t.Fatalf("the operation account's menu reaches beyond the marketplace (%v)", err)
			}
			if cards := text(t, buyer, "cards"); !strings.Contains(cards, "潮流阿May") || !strings.Contains(cards, "CNY 100.00") {
				t.Fatalf("marketplace cards: %q", cards)
			}
			testkit.Must(t, chromedp.Do(buyer,
				chromedp.Navigate(url+"/tasks/market?q=阿May"),
				chromedp.WaitVisible(chromedp.ID("cards")),
				script(`document.querySelectorAll("details.quote").forEach(function (d) { d.open = true })`),
				chromedp.SendKeys(chromedp.CSS(`#cards textarea`), "请拍一组春茶的开箱图。"),
				chromedp.Click(chromedp.CSS(`#cards .order-form button`)),
				chromedp.WaitVisible(chromedp.ID("task-state")),
			))
			if state := text(t, buyer, "task-state"); state != "ordered" {
				t.Fatalf("a new order is %q", state)
			}
			if timer := text(t, buyer, "timer-accept_timeout"); !strings.Contains(timer, "running") {
				t.Fatalf("the acceptance timer: %q", timer)
			}
			orderURL, err := chromedp.Run(buyer, chromedp.Location())
			testkit.Must(t, err)
			orderPath := strings.TrimPrefix(strings.SplitN(orderURL, "?", 2)[0], url)
			fitsAt(t, buyer, url, orderPath, "task-deadlines", "task-buyer")
			testkit.Must(t, chromedp.Do(buyer, chromedp.Navigate(url+"/contents"), chromedp.WaitVisible(chromedp.ID("form-error"))))
			if refusal := text(t, buyer, "form-error"); !strings.Contains(refusal, "only in the task marketplace") {
				t.Fatalf("outside the marketplace: %q", refusal)
			}

			creator := as("潮流阿May")
			fitsAt(t, creator, url, "/tasks", "tasks-creator", "tasks")
			fitsAt(t, creator, url, "/quotes", "quotes", "quotes")
			testkit.Must(t, chromedp.Do(creator,
				chromedp.SendKeys(chromedp.ID("price"), "free"),
				chromedp.SendKeys(chromedp.ID("description"), "探店视频一条"),
				chromedp.Click(chromedp.ID("publish-quote")),
				chromedp.WaitVisible(chromedp.ID("form-error")),
			))
			if form := text(t, creator, "quote-form"); !strings.Contains(form, "must be an amount like 99.00") {
				t.Fatalf("the bad price's field error: %q", form)
			}
			testkit.Must(t, chromedp.Do(creator,
				chromedp.SetValue(chromedp.ID("price"), "300"),
				chromedp.Click(chromedp.ID("publish-quote")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if quotes := text(t, creator, "quotes"); !strings.Contains(quotes, "CNY 300.00") {
				t.Fatalf("the new quote is not listed: %q", quotes)
			}
			testkit.Must(t, chromedp.Do(creator,
				chromedp.Navigate(url+orderPath),
				chromedp.WaitVisible(chromedp.ID("do-accept")),
				chromedp.Click(chromedp.ID("do-accept")),
				chromedp.WaitVisible(chromedp.ID("deliver-form")),
				chromedp.SendKeys(chromedp.ID("content_link"), "not a link"),
				chromedp.Click(chromedp.ID("do-deliver")),
				chromedp.WaitVisible(chromedp.ID("form-error")),
			))
			if field := text(t, creator, "deliver-form"); !strings.Contains(field, "must be an http or https link") {
				t.Fatalf("the bad link's field error: %q", field)
			}
			testkit.Must(t, chromedp.Do(creator,
				chromedp.SetValue(chromedp.ID("content_link"), "https://www.example.com/notes/spring-tea"),
				chromedp.Click(chromedp.ID("do-deliver")),
				chromedp.WaitVisible(chromedp.ID("task-link")),
			))
			if state := text(t, creator, "task-state"); state != "delivered" {
				t.Fatalf("after delivery the task is %q", state)
			}

			store := as("山野茶铺")
			fitsAt(t, store, url, "/operation-accounts", "bindings", "operation-accounts")
			if rows := text(t, store, "bindings"); !strings.Contains(rows, demo.OperatorWang) || !strings.Contains(rows, demo.OperatorLi) ||
				!strings.Contains(rows, "waiting for acceptance") {
				t.Fatalf("the store's operation accounts: %q", rows)
			}
			acceptConfirmations(t, store)
			testkit.Must(t, chromedp.Do(store,
				script(`Array.from(document.querySelectorAll("#bindings tr")).find(function (tr) { return tr.textContent.indexOf("`+demo.OperatorWang+`") >= 0 }).querySelector("form[action$='/unbind'] button").click()`),
				chromedp.WaitVisible(chromedp.ID("form-error"))))
			if refusal := text(t, store, "form-error"); !strings.Contains(refusal, "not yet confirmed") {
				t.Fatalf("unbinding an operation account with open tasks: %q", refusal)
			}
			testkit.Must(t, chromedp.Do(store, chromedp.Navigate(url+"/tasks"), chromedp.WaitVisible(chromedp.ID("tasks-buyer"))))

			fan := as("小鹿爱逛")
			testkit.Must(t, chromedp.Do(fan, chromedp.Navigate(url+"/operation-accounts"), chromedp.WaitVisible(chromedp.ID("bindings"))))
			acceptConfirmations(t, fan)
			testkit.Must(t, chromedp.Do(fan, chromedp.Click(chromedp.CSS(`#bindings form[action$="/accept"] button`)),
				chromedp.WaitVisible(chromedp.ID("flash")), chromedp.Navigate(url+"/tasks"), chromedp.WaitVisible(chromedp.ID("tasks-buyer"))))
			if alone, err := chromedp.Run(fan, chromedp.Evaluate[bool](`document.getElementById("nav-contents") === null && document.getElementById("nav-market") !== null`)); err != nil || !alone {
				t.Fatalf("once bound, the fan's menu is not the marketplace's alone (%v)", err)
			}
			if rows := text(t, store, "tasks-buyer"); !strings.Contains(rows, demo.OperatorWang) || !strings.Contains(rows, demo.OperatorLi) {
				t.Fatalf("the store does not see both operation accounts' orders: %q", rows)
			}

			ops := as("ops")
			fitsAt(t, ops, url, "/backoffice/task-disputes", "disputes", "disputes")
			decided := acceptConfirmations(t, ops)
			testkit.Must(t, chromedp.Do(ops, chromedp.Click(chromedp.CSS(`#disputes button[type=submit]`)),
				chromedp.WaitVisible(chromedp.ID("flash"))))
			decided.asked(t, "Decide this dispute? The escrow moves at once.")

			testkit.Must(t, chromedp.Do(creator, chromedp.Navigate(url+"/tasks"), chromedp.WaitVisible(chromedp.ID("lang-select"))))
			// The list is read once the Chinese page has replaced the English one.
			toChinese(t, creator)
			testkit.Must(t, chromedp.Do(creator, chromedp.WaitVisible(chromedp.ID("tasks-creator"))))
			if zh := text(t, creator, "tasks-creator"); !strings.Contains(zh, "收到的订单") || !strings.Contains(zh, "已交付") {
				t.Fatalf("the Chinese task list: %q", zh)
			}
		})
	}
}
