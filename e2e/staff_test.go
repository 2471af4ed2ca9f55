package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestSubAccountRefusedAndAudited: a main account creates a content-editor
// sub-account in the console (the position ticks its defaults); the staff
// member logs in as main@sub, opens the API-token page and is refused with
// a message naming the missing permission; the main account then finds that
// refused attempt in its activity log.
func TestSubAccountRefusedAndAudited(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			url := startHelio(t, dialect)
			signUp(t, ctx, url, "foodbrand")
			// foodbrand has no creator account yet, so the menu does not
			// offer Sub-accounts; the page itself is open to it.
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/staff"),
				chromedp.WaitVisible(chromedp.ID("staff-create")),
				chromedp.SendKeys(chromedp.ID("name"), "editor01"),
				chromedp.SendKeys(chromedp.ID("password"), demo.Password),
				chromedp.SetValue(chromedp.ID("position"), "content_editor"),
			))
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("position").dispatchEvent(new Event("change"))`))
			testkit.Must(t, err)
			editChecked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[value="content.read"]').checked`))
			testkit.Must(t, err)
			viewChecked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[value="data.view"]').checked`))
			testkit.Must(t, err)
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("staff-create")),
				chromedp.WaitVisible(chromedp.CSS(`tr[data-sub="editor01"]`)),
			))
			if !editChecked || viewChecked {
				t.Fatalf("choosing content editor ticked content.read=%v data.view=%v", editChecked, viewChecked)
			}
			saveDraft, _ := authz.RuleOf(authz.SaveDraft)
			viewData, _ := authz.RuleOf(authz.ViewData)
			if row := mustText(t, ctx, chromedp.CSS(`tr[data-sub="editor01"]`)); !strings.Contains(row, saveDraft.Describe) ||
				strings.Contains(row, viewData.Describe) {
				t.Fatalf("the new sub-account's row reads %q", row)
			}
			switchUser(t, ctx, "foodbrand@editor01")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.WaitVisible(chromedp.ID("nav-staff-verification")),
				chromedp.Navigate(url+"/api-tokens"),
				chromedp.WaitVisible(chromedp.ID("form-error")),
			))
			if who := text(t, ctx, "who"); who != "foodbrand@editor01" {
				t.Fatalf("the header names the staff member %q", who)
			}
			if msg := text(t, ctx, "form-error"); !strings.Contains(msg, "api_token.manage") {
				t.Fatalf("the refusal reads %q; it should name the permission", msg)
			}
			switchUser(t, ctx, "foodbrand")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.WaitVisible(chromedp.ID("home-title")),
				chromedp.Navigate(url+"/audit"),
				chromedp.WaitVisible(chromedp.ID("audit-table")),
			))
			row := mustText(t, ctx, chromedp.CSS(`#audit-table li.outcome-denied[data-action="authz.denied"]`))
			if !strings.Contains(row, "api_token.manage") || !strings.Contains(row, "Refused") || !strings.Contains(row, "editor01") {
				t.Fatalf("the activity log's refusal row reads %q", row)
			}
			// The log reads as sentences with names, never ids, and fits
			// a phone and a laptop in both languages.
			rows := mustText(t, ctx, chromedp.ID("audit-table"))
			if !strings.Contains(rows, "foodbrand created sub-account editor01") || uuidPattern.MatchString(rows) {
				t.Fatalf("the activity log reads %q", rows)
			}
			opened(t, ctx, url, "/audit", "audit-table")
			toChinese(t, ctx)
			if rows := mustText(t, ctx, chromedp.ID("audit-table")); !strings.Contains(rows, "foodbrand 创建了子账号 editor01") {
				t.Fatalf("the Chinese activity log reads %q", rows)
			}
			opened(t, ctx, url, "/audit", "audit-table")
		})
	}
}

// uuidPattern matches an id as Helio stores it.
var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// switchUser logs out and logs in again as login, in the same browser (so
// on a device the main account already knows).
func switchUser(t *testing.T, ctx context.Context, login string) {
	t.Helper()
	testkit.Must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.ID("login-submit")),
	))
}

// signUp signs nickname up (with nickname@example.com) and waits for the
// home page.
func signUp(t *testing.T, ctx context.Context, url, nickname string) {
	t.Helper()
	testkit.Must(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/signup"),
		chromedp.SendKeys(chromedp.ID("email"), nickname+"@example.com"),
		chromedp.SendKeys(chromedp.ID("nickname"), nickname),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.SendKeys(chromedp.ID("password_confirm"), demo.Password),
		chromedp.Click(chromedp.ID("signup-submit")),
		chromedp.WaitVisible(chromedp.ID("home-title")),
	))
}
