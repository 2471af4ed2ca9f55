package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// offline cuts the tab's network (Chrome's offline emulation) or brings it
// back; navigator.onLine follows, so the page sees "offline" and "online".
func offline(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		var rules []*network.Conditions
		if on {
			rules = []*network.Conditions{{Offline: true}}
		}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: on,
			DownloadThroughput: -1, UploadThroughput: -1})
		return err
	})
}

// value returns the value of the form control with id.
func value(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById(`+"`"+id+"`"+`).value`))
	testkit.Must(t, err)
	return v
}

func logIn(login string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("who")),
	}
}

// TestDraftSurvivesNetworkLossAndPublishing types into the editor, cuts the
// network, types more, restores it, reloads and finds every character; a
// false slimming claim is refused with its span highlighted; a clean post
// approved by the operator in the back office appears on the homepage.
func TestDraftSurvivesNetworkLossAndPublishing(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			asked := acceptConfirmations(t, ctx)
			url := startHelio(t, dialect)
			saved := chromedp.WaitVisible(chromedp.CSS(`#save-status[data-state="saved"]`))
			steps := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn(demo.People[0].Nickname)...)
			steps = append(steps,
				chromedp.Navigate(url+"/contents"),
				chromedp.WaitVisible(chromedp.ID("new-draft")),
				chromedp.SendKeys(chromedp.ID("title"), "春日穿搭"),
				chromedp.Click(chromedp.ID("new-draft")),
				chromedp.WaitVisible(chromedp.ID("body")),
				chromedp.SendKeys(chromedp.ID("body"), "第一段：白衬衫配牛仔裤。"),
				saved,
				offline(true),
				chromedp.SendKeys(chromedp.ID("body"), "第二段：断网时写的，一个字都不能丢。"),
				chromedp.WaitVisible(chromedp.CSS(`#save-status[data-state="offline"]`)),
				offline(false),
				saved,
				chromedp.Reload(),
				chromedp.WaitVisible(chromedp.ID("body")),
			)
			testkit.Must(t, chromedp.Do(ctx, steps...))
			want := "第一段：白衬衫配牛仔裤。第二段：断网时写的，一个字都不能丢。"
			if got := value(t, ctx, "body"); got != want {
				t.Fatalf("after the network loss and a reload the body is %q, want %q", got, want)
			}

			// A false claim is refused with its span highlighted.
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/contents"),
				chromedp.WaitVisible(chromedp.ID("new-draft")),
				chromedp.SendKeys(chromedp.ID("title"), "减脂茶"),
				chromedp.Click(chromedp.ID("new-draft")),
				chromedp.WaitVisible(chromedp.ID("body")),
				chromedp.SendKeys(chromedp.ID("body"), "喝这款茶一周瘦10斤"),
				saved,
				chromedp.Click(chromedp.ID("submit")),
				chromedp.WaitVisible(chromedp.CSS("#highlighted mark")),
			))
			if mark := text(t, ctx, "highlighted"); !strings.Contains(mark, "一周瘦10斤") {
				t.Fatalf("highlighted text %q", mark)
			}
			marked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#highlighted mark").textContent`))
			testkit.Must(t, err)
			if marked != "一周瘦10斤" {
				t.Fatalf("the highlighted span is %q", marked)
			}

			// A clean post goes to review; the operator approves it; it is on the homepage.
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/contents"),
				chromedp.WaitVisible(chromedp.ID("new-draft")),
				chromedp.SendKeys(chromedp.ID("title"), "通勤穿搭"),
				chromedp.Click(chromedp.ID("new-draft")),
				chromedp.WaitVisible(chromedp.ID("body")),
				chromedp.SendKeys(chromedp.ID("body"), "今天的通勤搭配：针织衫和阔腿裤。"),
				saved,
				chromedp.Click(chromedp.ID("submit")),
				chromedp.WaitVisible(chromedp.ID("flash")),
				chromedp.Navigate(url+"/contents"),
				chromedp.WaitVisible(chromedp.ID("my-homepage")),
			))
			home, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("my-homepage").getAttribute("href")`))
			testkit.Must(t, err)
			steps = []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("logout"))}
			steps = append(steps, logIn("ops")...)
			steps = append(steps,
				chromedp.Navigate(url+"/backoffice/reviews?kind=content"),
				chromedp.WaitVisible(chromedp.CSS(`tr[data-subject="通勤穿搭"] a.review-link`)),
				chromedp.Click(chromedp.CSS(`tr[data-subject="通勤穿搭"] a.review-link`)),
				chromedp.WaitVisible(chromedp.ID("approve")),
				chromedp.Click(chromedp.ID("approve")),
				chromedp.WaitVisible(chromedp.CSS("#review-status .status-published")),
				chromedp.Func(func(context.Context, *chromedp.Target) error {
					asked.asked(t, "Approve this? The applicant is told at once.")
					return nil
				}),
				chromedp.Click(chromedp.ID("logout")),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.Navigate(url+home),
				chromedp.WaitVisible(chromedp.ID("published")),
			)
			testkit.Must(t, chromedp.Do(ctx, steps...))
			if page := text(t, ctx, "published"); !strings.Contains(page, "通勤穿搭") || strings.Contains(page, "减脂茶") {
				t.Fatalf("homepage shows %q", page)
			}
		})
	}
}
