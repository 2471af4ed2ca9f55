package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestDiscoverAndSearchPages walks a fan's way to people they do not follow
// yet, on the demo: the discover page recommends the demo's liked creators
// by name and lists their most engaged and the newest posts; /explore leads
// there; search finds posts by words in their text and creators by name,
// and says what to try when nothing matches; all of it in English and
// Chinese, fitting 390 and 1366 px.
func TestDiscoverAndSearchPages(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			fitsAndShows(t, ctx, url, "/discover", "creators", "阿杰数码", "潮流阿May")
			fitsAndShows(t, ctx, url, "/discover", "engaged", "一周通勤穿搭", "60 interactions")
			// The newest posts page on (a later page leaves out the recommendations):
			// the second page starts after the first ended.
			lastOf := `document.querySelector("#newest li:last-child").dataset.id`
			firstOf := `document.querySelector("#newest li:first-child").dataset.id`
			testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/discover?period=90d"), chromedp.WaitVisible(chromedp.ID("newest"))))
			first, err := chromedp.Run(ctx, chromedp.Evaluate[string](lastOf))
			testkit.Must(t, err)
			testkit.Must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("newest-more")), chromedp.WaitNotPresent(chromedp.ID("creators-title"))))
			second, err := chromedp.Run(ctx, chromedp.Evaluate[string](firstOf))
			testkit.Must(t, err)
			if first == "" || second == "" || first == second {
				t.Fatalf("newest pages: last of the first %q, first of the second %q", first, second)
			}
			fitsAndShows(t, ctx, url, "/explore", "explore-links", "Channels", "Official activities")
			fitsAndShows(t, ctx, url, "/search", "search-start", "Look for a creator by name")

			testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/login")))
			testkit.Must(t, chromedp.Do(ctx, logIn("小鹿爱逛")...))
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/discover"),
				chromedp.SetValue(chromedp.ID("search-q"), "好物开箱"),
				chromedp.Click(chromedp.ID("search-go")),
				chromedp.WaitVisible(chromedp.ID("results")),
			))
			if got := text(t, ctx, "results"); !strings.Contains(got, "数码好物开箱") || !strings.Contains(got, "阿杰数码") {
				t.Fatalf("search results: %q", got)
			}
			fitsAndShows(t, ctx, url, "/search?kind=creators&q=阿杰", "results", "阿杰数码")
			fitsAndShows(t, ctx, url, "/search?q=没有这种东西", "results-empty", "No published post holds", "Search creators instead")

			toChinese(t, ctx)
			fitsAndShows(t, ctx, url, "/discover", "creators-title", "推荐达人")
			fitsAndShows(t, ctx, url, "/discover", "period-tabs", "近 7 天", "近 30 天")
			fitsAndShows(t, ctx, url, "/search?kind=creators&q=没有这个人", "results-empty", "没有名字包含“没有这个人”的达人", "改搜内容")
		})
	}
}

// toChinese switches the console to Simplified Chinese with the language
// form of the page open and waits for the page in Chinese.
func toChinese(t *testing.T, ctx context.Context) {
	t.Helper()
	testkit.Must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("lang-select"), "zh"),
		chromedp.Click(chromedp.ID("lang-apply")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-CN"]`)),
	))
}
