package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestExportPage: 小雅穿搭 starts an "everything" export in CSV; the list
// refreshes itself until the download appears, and the file (the browser
// strips its byte-order mark, which TestExportThroughTheAPI checks) holds
// her post titles in Chinese. The page fits a phone and a laptop.
func TestExportPage(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("小雅穿搭")...)...))
			fits(t, ctx, url+"/exports", "export-form", "exports-empty")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.ID("kind"), "all"),
				chromedp.SetValue(chromedp.ID("format"), "csv"),
				chromedp.Click(chromedp.ID("start-export")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			testkit.Must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#exports a.download"))))
			file, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
				var x = new XMLHttpRequest();
				x.open("GET", document.querySelector("#exports a.download").href, false);
				x.send();
				return x.responseText;
			})()`))
			testkit.Must(t, err)
			if !strings.HasPrefix(strings.TrimPrefix(file, "\ufeff"), "# content") || !strings.Contains(file, "测评：这双乐福鞋走一天不累脚") {
				t.Fatalf("the downloaded file: %.300q", file)
			}
			fits(t, ctx, url+"/exports", "exports", "exports")
		})
	}
}
