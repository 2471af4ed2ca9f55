package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestNotificationSettingsPage: from the messages page LeoRuns opens the
// notification settings, turns e-mail on for level changes, saves, and
// finds the box still ticked; the page fits a phone and a laptop.
func TestNotificationSettingsPage(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			box := `input[name="email.level.changed"]`
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("LeoRuns")...)...))
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/messages"),
				chromedp.WaitVisible(chromedp.ID("notification-settings")),
				chromedp.Click(chromedp.ID("notification-settings")),
				chromedp.WaitVisible(chromedp.ID("preferences")),
				chromedp.Click(chromedp.CSS(box)),
				chromedp.Click(chromedp.ID("save-preferences")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			ticked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+box+`').checked`))
			testkit.Must(t, err)
			if !ticked {
				t.Fatal("the e-mail box of level changes is not ticked after saving")
			}
			fits(t, ctx, url+"/messages/preferences", "preferences", "preferences")
		})
	}
}
