package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestSwitchingCreatorAccounts: the demo brand LumiBeauty holds three
// creator accounts. At a phone's 390 and a laptop's 1366 px the shell's
// switcher fits and names them, the first selected; switching to the third
// keeps it selected on every later page at both widths (the session
// remembers it), and the third account's homepage shows its own name and
// none of the first account's posts.
func TestSwitchingCreatorAccounts(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			url := startHelio(t, dialect)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("LumiBeauty")...)...))
			fitsAt(t, ctx, url, "/", "account-switch", "account-switch")
			if names := text(t, ctx, "account-select"); !strings.Contains(names, "LumiBeauty") ||
				!strings.Contains(names, "Lumi 彩妆学院") || !strings.Contains(names, "Lumi 男士护理") {
				t.Fatalf("the switcher names %q", names)
			}
			selected := func() string {
				s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById("account-select"); return s.options[s.selectedIndex].text })()`))
				testkit.Must(t, err)
				return s
			}
			if s := selected(); s != "LumiBeauty" {
				t.Fatalf("acting as %q at first, want the first account", s)
			}
			third, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.getElementById("account-select").options].find(o => o.text === "Lumi 男士护理").value`))
			testkit.Must(t, err)
			testkit.Must(t, chromedp.Do(ctx,
				script(`document.getElementById("account-select").value = "`+third+`"`),
				chromedp.Click(chromedp.ID("account-apply")),
				chromedp.WaitReady(chromedp.CSS(`#account-select option[selected][value="`+third+`"]`)),
			))
			for _, size := range sizes {
				testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(url+"/"),
					chromedp.WaitVisible(chromedp.ID("account-switch"))))
				if s := selected(); s != "Lumi 男士护理" {
					t.Fatalf("at %d px acting as %q after the switch", size[0], s)
				}
			}

			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/accounts/"+third),
				chromedp.WaitVisible(chromedp.ID("homepage-empty")),
			))
			if h := text(t, ctx, "profile-name"); !strings.Contains(h, "Lumi 男士护理") {
				t.Fatalf("the third account's homepage is named %q", h)
			}
		})
	}
}
