package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/db"
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
			file := downloadedFile(t, ctx)
			if !strings.HasPrefix(strings.TrimPrefix(file, "\ufeff"), "# content") || !strings.Contains(file, "测评：这双乐福鞋走一天不累脚") {
				t.Fatalf("the downloaded file: %.300q", file)
			}
			fits(t, ctx, url+"/exports", "exports", "exports")
		})
	}
}

// TestAuditExportFromTheActivityLog: 小雅穿搭 filters her activity log to
// her log-ins and exports it; the exports page shows the audit export
// with its progress until its file is ready, and the file holds her
// log-ins only. The log and the exports page fit a phone and a laptop.
func TestAuditExportFromTheActivityLog(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) { auditExportFromTheActivityLog(t, dialect) })
	}
}

// auditExportFromTheActivityLog is TestAuditExportFromTheActivityLog on
// one database.
func auditExportFromTheActivityLog(t *testing.T, dialect db.Dialect) {
	url := startHelio(t, dialect)
	ctx := browser(t)
	testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
		logIn("小雅穿搭")...)...))
	fits(t, ctx, url+"/audit?action=session.login", "audit-export", "audit-export")
	testkit.Must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("audit-export")),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.WaitVisible(chromedp.CSS(`#exports tr[data-state="done"] a.download`)),
	))
	what := mustText(t, ctx, chromedp.CSS(`#exports tr[data-state="done"] td:nth-child(2)`))
	if !strings.Contains(what, "CSV") {
		t.Fatalf("the export's row says %q", what)
	}
	file := downloadedFile(t, ctx)
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(file, "\ufeff")), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "occurred_at,") {
		t.Fatalf("the audit file: %.300q", file)
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, ",session.login,") {
			t.Fatalf("the audit file holds another action: %q", l)
		}
	}
	fits(t, ctx, url+"/exports", "exports", "exports")
}

// downloadedFile fetches the file of the first download link in the
// exports list, as the logged-in browser does.
func downloadedFile(t *testing.T, ctx context.Context) string {
	t.Helper()
	file, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
		var x = new XMLHttpRequest();
		x.open("GET", document.querySelector("#exports a.download").href, false);
		x.send();
		return x.responseText;
	})()`))
	testkit.Must(t, err)
	return file
}
