package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestCommissionPages opens the demo's commission pages at a phone's
// 390×844 and a laptop's 1366×768: 小雅穿搭's earnings name her posts by
// title (never by id), the operator's commission page shows the ledger
// verifying, and nothing overflows sideways.
func TestCommissionPages(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			for _, who := range []struct{ login, path, ready, shows string }{
				{"小雅穿搭", "/earnings", "earnings", "测评：这双乐福鞋走一天不累脚"},
				{"ops", "/backoffice/commission", "ledger-state", "The ledger verifies"},
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
