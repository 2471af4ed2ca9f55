package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestCommentsInboxAndCalendarPages: a fan comments on a demo post (through
// the API, as the console has no reader comment form); its creator finds
// the comment in the comments inbox by the fan's name and the post's
// title, replies and hides it from the inbox, and sees the month's
// published posts on the scheduling calendar (a grid at 1366 px, a list of
// days at 390 px); in English and Chinese, fitting both widths.
func TestCommentsInboxAndCalendarPages(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn("潮流阿May")...)...))
			fitsAndShows(t, ctx, url, "/comments", "inbox-empty", "No comments yet")

			switchUser(t, ctx, "小鹿爱逛")
			testkit.Must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("who")), chromedp.Navigate(url+"/search?q=一周通勤穿搭 1"),
				chromedp.WaitVisible(chromedp.ID("results"))))
			status, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(async () => {
				const id = document.querySelector("#results li").dataset.id;
				const r = await fetch("/api/v1/contents/" + id + "/comments", {method: "POST",
					headers: {"Content-Type": "application/json"}, body: JSON.stringify({body: "这套好适合通勤"})});
				return r.status;
			})()`, chromedp.EvalAwaitPromise))
			testkit.Must(t, err)
			if status != 201 {
				t.Fatalf("commenting answered %v", status)
			}

			switchUser(t, ctx, "潮流阿May")
			testkit.Must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("who"))))
			fitsAndShows(t, ctx, url, "/comments", "inbox", "小鹿爱逛", "《一周通勤穿搭 1", "这套好适合通勤")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS("#inbox .reply-form input[name=body]"), "谢谢喜欢"),
				chromedp.Click(chromedp.CSS("#inbox .reply-form button.reply")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			fitsAndShows(t, ctx, url, "/comments", "inbox", "Replied")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("#inbox button.hide-comment")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			fitsAndShows(t, ctx, url, "/comments?status=hidden", "inbox", "这套好适合通勤", "Hidden")
			fitsAndShows(t, ctx, url, "/comments?status=held", "inbox-empty", "No comments in this state")
			fitsAndShows(t, ctx, url, "/calendar", "calendar", "一周通勤穿搭 1", "Published")
			fitsAndShows(t, ctx, url, "/calendar?month=1999-01", "calendar-empty", "Nothing scheduled or published this month")

			toChinese(t, ctx)
			fitsAndShows(t, ctx, url, "/comments", "inbox", "已回复", "评论于")
			fitsAndShows(t, ctx, url, "/calendar", "calendar-title", "发布日历")
			fitsAndShows(t, ctx, url, "/calendar?month=2026-13", "month-error", "必须是月份")
		})
	}
}

// TestEditorCountsCharacters: the editor's title shows its character count
// against the 100-character limit as the creator types (Chinese characters
// count one each, as the server counts them) and marks a title that is too
// long, at 390 and 1366 px.
func TestEditorCountsCharacters(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn(demo.People[0].Nickname)...)...))
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/contents"),
				chromedp.WaitVisible(chromedp.ID("new-draft")),
				chromedp.SendKeys(chromedp.ID("title"), "春日穿搭"),
				chromedp.Click(chromedp.ID("new-draft")),
				chromedp.WaitVisible(chromedp.ID("body")),
			))
			editor, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
			testkit.Must(t, err)
			fitsAndShows(t, ctx, url, editor, "title-count", "4 of 100 characters")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.ID("title"), strings.Repeat("长", 97)),
				chromedp.WaitVisible(chromedp.CSS("#title-count.over")),
			))
			if got := text(t, ctx, "title-count"); got != "101 of 100 characters: too long" {
				t.Fatalf("the count of a 101-character title reads %q", got)
			}
		})
	}
}
