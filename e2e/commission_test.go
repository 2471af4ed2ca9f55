package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestCommissionPages opens the demo's commission pages at a phone's
// 390×844 and a laptop's 1366×768: 小雅穿搭's earnings name her posts by
// title (never by id), the operator's commission page offers the ledger's
// verification (TestCommissionMerchantAndOperatorPages runs it), and
// nothing overflows sideways.
func TestCommissionPages(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			for _, who := range []struct{ login, path, ready, shows string }{
				{"小雅穿搭", "/earnings", "earnings", "测评：这双乐福鞋走一天不累脚"},
				{"ops", "/backoffice/commission", "ledger-hint", "reads every entry"},
			} {
				ctx := browser(t)
				testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
					logIn(who.login)...)...))
				for _, size := range [][2]int64{{390, 844}, {1366, 768}} {
					testkit.Must(t, chromedp.Do(ctx,
						chromedp.EmulateViewport(size[0], size[1]),
						chromedp.Navigate(url+who.path),
						chromedp.WaitVisible(chromedp.ID(who.ready)),
					))
					fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
					testkit.Must(t, err)
					if !fits {
						t.Fatalf("%s at %dx%d overflows sideways", who.path, size[0], size[1])
					}
					if shown := text(t, ctx, who.ready); !strings.Contains(shown, who.shows) {
						t.Fatalf("%s shows %q, want %q", who.path, shown, who.shows)
					}
				}
			}
		})
	}
}

// TestTrackedLinksPage: 小雅穿搭 opens her review's tracked links from its
// editor at a phone's 390×844 and a laptop's 1366×768, sees them by
// product title and scene, and makes a new one at each size, which the
// page then lists; nothing overflows sideways.
func TestTrackedLinksPage(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			creator := browser(t)
			testkit.Must(t, chromedp.Do(creator, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("小雅穿搭")...)...))
			for _, size := range [][2]int64{{390, 844}, {1366, 768}} {
				tab := newTab(t, creator)
				testkit.Must(t, chromedp.Do(tab,
					chromedp.EmulateViewport(size[0], size[1]),
					chromedp.Navigate(url+"/contents"),
					chromedp.WaitVisible(chromedp.CSS("a.row-title")),
				))
				editor, err := chromedp.Run(tab, chromedp.Evaluate[string](`[...document.querySelectorAll("a.row-title")]
					.find(a => a.textContent.includes("测评：这双乐福鞋走一天不累脚")).href`))
				testkit.Must(t, err)
				testkit.Must(t, chromedp.Do(tab,
					chromedp.Navigate(editor),
					chromedp.WaitVisible(chromedp.ID("links-link")),
					chromedp.Click(chromedp.ID("links-link")),
					chromedp.WaitVisible(chromedp.ID("links")),
				))
				fitsWidth(t, tab, "the tracked links", size)
				wants(t, tab, "links", "软底乐福鞋")
				wants(t, tab, "links", "Public feeds")
				before := strings.Count(text(t, tab, "links"), "/l/")
				testkit.Must(t, chromedp.Do(tab,
					chromedp.SetValue(chromedp.ID("scene"), "street"),
					chromedp.Click(chromedp.ID("create-link")),
					chromedp.WaitVisible(chromedp.ID("flash")),
				))
				if after := strings.Count(text(t, tab, "links"), "/l/"); after != before+1 {
					t.Fatalf("the page lists %d links after making one, had %d", after, before)
				}
				wants(t, tab, "links", "Street")
				fitsWidth(t, tab, "the tracked links after making one", size)
			}
		})
	}
}
