package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestSandboxPage works 小雅穿搭's sandbox page at 390×844 and 1366×768,
// with HELIO_SANDBOX off: sandbox mode switched on for her account, a
// field error for a bad amount, sandbox orders placed on one of her links
// (named by content and product title) and their answers shown, then
// sandbox mode switched off again.
func TestSandboxPage(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			creator := browser(t)
			testkit.Must(t, chromedp.Do(creator, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("小雅穿搭")...)...))
			for i, size := range [][2]int64{{390, 844}, {1366, 768}} {
				tab := newTab(t, creator)
				testkit.Must(t, chromedp.Do(tab,
					chromedp.EmulateViewport(size[0], size[1]),
					chromedp.Navigate(url+"/sandbox"),
					chromedp.WaitVisible(chromedp.ID("sandbox-mode")),
				))
				fitsWidth(t, tab, "/sandbox", size)
				if i == 0 {
					wants(t, tab, "sandbox-off-state", "Sandbox mode is off for your account")
					testkit.Must(t, chromedp.Do(tab,
						chromedp.Click(chromedp.ID("sandbox-on-button")),
						chromedp.WaitVisible(chromedp.ID("sandbox-on")),
					))
				}
				wants(t, tab, "sandbox-form", "测评：这双乐福鞋走一天不累脚")
				testkit.Must(t, chromedp.Do(tab,
					chromedp.SetValue(chromedp.ID("amount"), "abc"),
					chromedp.SetValue(chromedp.ID("count"), "2"),
					chromedp.Click(chromedp.ID("place-sandbox")),
					chromedp.WaitVisible(chromedp.ID("amount-error")),
					chromedp.SetValue(chromedp.ID("amount"), "100.00"),
					chromedp.Click(chromedp.ID("place-sandbox")),
					chromedp.WaitVisible(chromedp.ID("sandbox-answers")),
				))
				fitsWidth(t, tab, "/sandbox with answers", size)
				wants(t, tab, "sandbox-answers", "Attributed and recorded")
				wants(t, tab, "sandbox-answers", "Pending settlement")
				if i == 1 {
					testkit.Must(t, chromedp.Do(tab,
						chromedp.Click(chromedp.ID("sandbox-off")),
						chromedp.WaitVisible(chromedp.ID("sandbox-off-state")),
					))
					if n := count(t, tab, "#sandbox-form"); n != 0 {
						t.Fatalf("the order form stays with sandbox mode off")
					}
				}
			}
		})
	}
}
