package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestOrganizationPages walks the demo organization in the browser: 星火MCN
// sees its two bound creators by name with their figures and its share
// (and its totals), is told which field is wrong for a bad share, invites
// the demo fan, who accepts on her page and sees contract version 1; the
// organization gives notice to 美妆小林 after confirming and sees the end
// date; 穿搭小苏 reads her contract history (v1, v2) in Chinese. Each page
// fits a phone's 390 and a laptop's 1366 pixels.
func TestOrganizationPages(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			boss, fan := browser(t), browser(t)
			acceptConfirmations(t, boss)
			acceptConfirmations(t, fan)
			testkit.Must(t, chromedp.Do(boss, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn(demo.DemoOrganization)...)...))
			fitsAndShows(t, boss, url, "/organization", "org-creators", demo.OrgCreatorSu, demo.OrgCreatorLin, "40%", "20%")
			if totals := text(t, boss, "org-totals"); strings.Contains(totals, "0.00 ·") {
				t.Fatalf("the organization's share is empty: %q", totals)
			}

			// A bad share names its field; a good invitation is listed.
			testkit.Must(t, chromedp.Do(boss,
				chromedp.SendKeys(chromedp.ID("creator_id"), "小鹿爱逛"),
				chromedp.SendKeys(chromedp.ID("share_percent"), "120"),
				chromedp.Click(chromedp.ID("invite")),
				chromedp.WaitVisible(chromedp.ID("share_percent-error")),
			))
			testkit.Must(t, chromedp.Do(boss,
				chromedp.SetValue(chromedp.ID("share_percent"), "15"),
				chromedp.Click(chromedp.ID("invite")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if invs := text(t, boss, "org-invitations"); !strings.Contains(invs, "小鹿爱逛") || !strings.Contains(invs, "15%") {
				t.Fatalf("invitations: %q", invs)
			}

			testkit.Must(t, chromedp.Do(fan, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("小鹿爱逛")...)...))
			fitsAndShows(t, fan, url, "/my-organization", "my-invitations", demo.DemoOrganization, "15%")
			testkit.Must(t, chromedp.Do(fan,
				chromedp.Click(chromedp.CSS(`#my-invitations button[id^="accept-"]`)),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if page := text(t, fan, "main"); !strings.Contains(page, "v1") || !strings.Contains(page, "15%") {
				t.Fatalf("the fan's binding: %q", page)
			}

			// Unbinding asks first, then shows the end of the notice period.
			testkit.Must(t, chromedp.Do(boss,
				chromedp.Navigate(url+"/organization"),
				chromedp.WaitVisible(chromedp.ID("org-creators")),
				chromedp.Click(chromedp.CSS(`#org-creators tr:nth-child(2) button[id^="unbind-"]`)),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if list := text(t, boss, "org-creators"); !strings.Contains(list, "Ends on") {
				t.Fatalf("after notice: %q", list)
			}

			su := browser(t)
			testkit.Must(t, chromedp.Do(su, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn(demo.OrgCreatorSu)...)...))
			testkit.Must(t, chromedp.Do(su,
				chromedp.Navigate(url+"/my-organization"),
				chromedp.WaitVisible(chromedp.ID("my-invitations")),
				chromedp.SetValue(chromedp.ID("lang-select"), "zh"),
				chromedp.Click(chromedp.ID("lang-apply")),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-CN"] #my-invitations`)),
			))
			fitsAndShows(t, su, url, "/my-organization", "main", "签约与合同历史", "v2", "40%", "已接受")
		})
	}
}
