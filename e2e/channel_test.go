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

// fitsAndShows opens path at a phone's 390×844 and a laptop's 1366×768,
// waits for the element ready, and fails when the page overflows sideways
// or ready lacks any of shows. With HELIO_E2E_SCREENSHOTS set to a folder,
// it saves a full-page screenshot of each size there.
func fitsAndShows(t *testing.T, ctx context.Context, url, path, ready string, shows ...string) {
	t.Helper()
	for _, size := range [][2]int64{{390, 844}, {1366, 768}} {
		testkit.Must(t, chromedp.Do(ctx,
			chromedp.EmulateViewport(size[0], size[1]),
			chromedp.Navigate(url+path),
			chromedp.WaitVisible(chromedp.ID(ready)),
		))
		if dir := os.Getenv("HELIO_E2E_SCREENSHOTS"); dir != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			testkit.Must(t, err)
			name := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(fmt.Sprintf("%s-%d.png", path, size[0]))
			testkit.Must(t, os.WriteFile(filepath.Join(dir, name), png, 0o644))
		}
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		testkit.Must(t, err)
		if !fits {
			t.Fatalf("%s at %dx%d overflows sideways", path, size[0], size[1])
		}
		shown := text(t, ctx, ready)
		for _, s := range shows {
			if !strings.Contains(shown, s) {
				t.Fatalf("%s #%s at %d px shows %q, want %q", path, ready, size[0], shown, s)
			}
		}
	}
}

// TestChannelAndActivityPages walks the demo's channels and activities:
// anyone sees iFashion with the merchant's accepted post by name; a
// creator at L2 without a domain focus is told in words why not (the level
// line met, "you are L2", the focus line not); the admitted merchant sees today's quota spent, in English and
// Chinese ("今天还可投 0 篇"); the activity list shows the closing-soon and
// full badges and the invitation count; the operator's channel editor
// lists the waiting submission and the review queue the pending
// application; the creative centre ranks the demo's hot topics and shows
// a creator how much of its fans each persona covers, and "create for
// them" opens the editor. Every page fits 390 and 1366 px.
func TestChannelAndActivityPages(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			fitsAndShows(t, ctx, url, "/channels", "channels", "iFashion", "淘宝短视频")
			fitsAndShows(t, ctx, url, "/channels/ifashion", "channel-contents", demo.ChannelMerchant, "通勤包怎么选")
			fitsAndShows(t, ctx, url, "/activities", "activities", "越夏越嗨皮", "Closing soon", "full: stop submitting")
			fitsAndShows(t, ctx, url, "/creative", "hot-topics", "#通勤穿搭#", "Heat index")

			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn("小雅穿搭")...)...))
			fitsAndShows(t, ctx, url, "/channels/ifashion", "eligibility", "Why not me?", "level L2 or higher: you are L2",
				"needs the domain focus Outfits, Beauty & personal care; yours is —", "needs a Merchant account; yours: Creator")
			fitsAndShows(t, ctx, url, "/activities?view=invited", "invitations", "Your level is L2", "you received 2 invitations")

			switchUser(t, ctx, demo.ChannelMerchant)
			testkit.Must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("who"))))
			fitsAndShows(t, ctx, url, "/channels/ifashion", "quota", "0 more today")
			fitsAndShows(t, ctx, url, "/activities?view=mine", "activities", "女装上新季")
			fitsAndShows(t, ctx, url, "/activities/submissions", "my-submissions", "夏日碎花裙的三种穿法")
			// A creator sees how much of its fans each persona covers (none
			// yet), and "create for them" opens the editor.
			fitsAndShows(t, ctx, url, "/creative", "personas", "青春期少女", "Covers 0.00% of your fans")
			testkit.Must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#personas .create-for")), chromedp.WaitVisible(chromedp.ID("editor"))))
			toChinese(t, ctx)
			fitsAndShows(t, ctx, url, "/channels/ifashion", "quota", "今天还可投 0 篇")
			fitsAndShows(t, ctx, url, "/activities?sort=deadline", "activities", "即将截止", "已满，不要再投了")

			switchUser(t, ctx, "ops")
			testkit.Must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("who"))))
			fitsAndShows(t, ctx, url, "/backoffice/channels/ifashion", "review-submissions", "夏日碎花裙的三种穿法")
			fitsAndShows(t, ctx, url, "/backoffice/activities", "activity-list", "春日出游记")
			fitsAndShows(t, ctx, url, "/backoffice/reviews?kind=channel_application", "main", "山野茶铺")
		})
	}
}
