package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestTrashRestoresDeletedContent: a creator deletes a post from the
// content list after confirming, finds it in the trash with its title and
// 30 days left, restores it and sees it back in the content list; the
// empty trash says so, in English and Chinese. Every page fits 390 and
// 1366 px.
func TestTrashRestoresDeletedContent(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn("潮流阿May")...)...))
			fitsAndShows(t, ctx, url, "/contents/trash", "trash-empty", "The trash is empty")

			testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/contents"), chromedp.WaitVisible(chromedp.ID("contents"))))
			title := mustText(t, ctx, chromedp.CSS("#contents li:first-child .row-title"))
			asked := acceptConfirmations(t, ctx)
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("#contents li:first-child details.row-menu summary")),
				chromedp.Click(chromedp.CSS("#contents li:first-child form[data-confirm] button.danger")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			asked.asked(t, "Delete this content? You can restore it from the trash within 30 days.")
			fitsAndShows(t, ctx, url, "/contents/trash", "trash", title, "30 days left")

			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("#trash button.restore")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			wants(t, ctx, "flash", "Content restored.")
			fitsAndShows(t, ctx, url, "/contents/trash", "trash-empty", "The trash is empty")
			fitsAndShows(t, ctx, url, "/contents", "contents", title)

			toChinese(t, ctx)
			fitsAndShows(t, ctx, url, "/contents/trash", "trash-empty", "回收站是空的")
		})
	}
}
