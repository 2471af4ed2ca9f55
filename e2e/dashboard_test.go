package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// awaitFigures reloads the home page until the first start's backfill has
// computed the daily figures (a job, run moments after the start), for at
// most 30 s.
func awaitFigures(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	for range 60 {
		testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/"), chromedp.WaitVisible(chromedp.ID("computed"))))
		if strings.Contains(text(t, ctx, "computed"), "Figures as of") {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatal("the daily figures were not computed within 30 s of the start")
}

// TestDashboardAndAnalyseScreenshots: the demo creator's home draws her
// figures, backfilled at the first start, as charts whose tables hold the
// numbers (today's views among them); the period switches to 7 and 90
// days; a content's Analyse page shows its title and its own charts. Both
// fit 390 and 1366 px with every table opened, pass axe-core, and read in
// Chinese. With -update it rewrites the Analyse page's screenshots.
func TestDashboardAndAnalyseScreenshots(t *testing.T) {
	dialects := testkit.Dialects()
	if *update {
		dialects = []db.Dialect{db.SQLite}
	}
	for _, dialect := range dialects {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browserFor(t, 3*time.Minute)
			logInAt(t, ctx, url, demo.People[0].Nickname)
			awaitFigures(t, ctx, url)
			today := time.Now().UTC().Format(time.DateOnly)
			views, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#table-views tbody tr:last-child").textContent`))
			testkit.Must(t, err)
			if !strings.Contains(views, today) {
				t.Fatalf("the views table's last row reads %q, want today %s", views, today)
			}
			for _, days := range []string{"7", "90"} {
				testkit.Must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("range-"+days)),
					chromedp.WaitVisible(chromedp.CSS(`#range-`+days+`[aria-current="page"]`))))
				rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#table-interactions tbody tr").length`))
				testkit.Must(t, err)
				if days == "7" && rows != 7 || days == "90" && rows != 90 {
					t.Fatalf("%s days draw %d rows", days, rows)
				}
			}
			visit(t, ctx, url, "/?days=30", "dashboard", "")
			opened(t, ctx, url, "/?days=90", "dashboard")

			testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/contents"), chromedp.WaitVisible(chromedp.ID("contents"))))
			var path string
			path, err = chromedp.Run(ctx, chromedp.Evaluate[string](`new URL(document.querySelector('#contents a[href$="/stats"]').href).pathname`))
			testkit.Must(t, err)
			visit(t, ctx, url, path, "trends", "creator-analyse")
			opened(t, ctx, url, path+"?days=90", "trends")
			if title := text(t, ctx, "content-title"); title == "" || strings.Contains(path, title) {
				t.Fatalf("the Analyse page is titled %q", title)
			}

			toChinese(t, ctx)
			fitsAndShows(t, ctx, url, "/", "dashboard", "你的数据", "最近 30 天", "新增粉丝", "以表格查看数据")
			fitsAndShows(t, ctx, url, path, "trends", "趋势", "最近 90 天", "互动")
		})
	}
}

// opened opens path at both widths with every <details> open (the charts'
// tables) and fails when the page then scrolls sideways.
func opened(t *testing.T, ctx context.Context, url, path, ready string) {
	t.Helper()
	for _, size := range widths {
		testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(url+path),
			chromedp.WaitVisible(chromedp.ID(ready)),
			script(`document.querySelectorAll("details").forEach(function (d) { d.open = true })`)))
		fitsWidth(t, ctx, path+" with its tables open", size)
		accessible(t, ctx, path+" with its tables open")
	}
}
