package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestLevelPage logs in as the demo's L4 creator and opens /level once the
// demo's recompute has run: the ladder marks L4, the scores and the
// distance to L5 are shown, and at a phone's 390×844 and a laptop's
// 1366×768 nothing overflows sideways. The home page lists the newcomer
// tasks.
func TestLevelPage(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			url := startHelio(t, dialect)
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/login"),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.SendKeys(chromedp.ID("login"), "潮流阿May"),
				chromedp.SendKeys(chromedp.ID("password"), demo.Password),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("newcomer-tasks")),
			))
			if tasks := text(t, ctx, "task-public_traffic"); !strings.Contains(tasks, "channels") {
				t.Fatalf("public traffic task: %q", tasks)
			}
			// The recompute's jobs run in the server; wait until the level
			// page shows the computed level.
			for deadline := time.Now().Add(60 * time.Second); ; {
				testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/level"), chromedp.WaitVisible(chromedp.ID("level-current"))))
				if strings.Contains(text(t, ctx, "level-current"), "L4") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the level page never showed L4: %q", text(t, ctx, "level-current"))
				}
				time.Sleep(500 * time.Millisecond)
			}
			if next := text(t, ctx, "next-level"); !strings.Contains(next, "L5") || !strings.Contains(next, "points") {
				t.Fatalf("distance to the next level: %q", next)
			}
			for _, size := range [][2]int64{{390, 844}, {1366, 768}} {
				testkit.Must(t, chromedp.Do(ctx,
					chromedp.EmulateViewport(size[0], size[1]),
					chromedp.Navigate(url+"/level"),
					chromedp.WaitVisible(chromedp.ID("score-fan_value")),
				))
				current, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#ladder li[aria-current="step"]`)))
				testkit.Must(t, err)
				fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
				testkit.Must(t, err)
				if !fits || current != "L4" {
					t.Fatalf("at %dx%d: fits %v, current step %q", size[0], size[1], fits, current)
				}
			}
		})
	}
}
