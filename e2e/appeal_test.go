package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// TestRestrictionAndAppealPages drives a restriction through the console:
// the operator's empty form shows field errors, then restricts LeoRuns's
// publishing; LeoRuns sees the banner and the reason, is refused a too
// short appeal next to its field, sends one, and sees it in Chinese too;
// the operator upholds it from the review queue and LeoRuns finds the
// restriction lifted. Each page fits a phone's 390×844 and a laptop's
// 1366×768 without sideways scrolling.
func TestRestrictionAndAppealPages(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ops, leo := browser(t), browser(t)
			asked := acceptConfirmations(t, ops)
			testkit.Must(t, chromedp.Do(ops, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("ops")...)...))
			testkit.Must(t, chromedp.Do(ops,
				chromedp.Navigate(url+"/backoffice/restrictions"),
				chromedp.WaitVisible(chromedp.ID("restrict")),
				chromedp.Click(chromedp.ID("restrict")),
				chromedp.WaitVisible(chromedp.ID("account-error")),
			))
			fits(t, ops, url+"/backoffice/restrictions", "restrict", "restrictions_admin")
			testkit.Must(t, chromedp.Do(ops,
				chromedp.SendKeys(chromedp.ID("account"), "LeoRuns"),
				chromedp.SetValue(chromedp.ID("kind"), "publish"),
				chromedp.SendKeys(chromedp.ID("reason"), "疑似刷量"),
				chromedp.Click(chromedp.ID("restrict")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if list := text(t, ops, "active-restrictions"); !strings.Contains(list, "LeoRuns") || !strings.Contains(list, "疑似刷量") {
				t.Fatalf("restrictions in force: %q", list)
			}

			testkit.Must(t, chromedp.Do(leo, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("LeoRuns")...)...))
			if banner := text(t, leo, "restricted-banner"); !strings.Contains(banner, "疑似刷量") {
				t.Fatalf("banner: %q", banner)
			}
			testkit.Must(t, chromedp.Do(leo,
				chromedp.Navigate(url+"/restrictions"),
				chromedp.WaitVisible(chromedp.ID("restrictions")),
				chromedp.Click(chromedp.CSS("#restrictions summary")),
				chromedp.SendKeys(chromedp.CSS(".appeal-form textarea"), "太短"),
				chromedp.Click(chromedp.CSS(".appeal-form button")),
				chromedp.WaitVisible(chromedp.CSS(".appeal-form .field-error")),
			))
			fits(t, leo, url+"/restrictions", "restrictions", "restrictions")
			testkit.Must(t, chromedp.Do(leo,
				chromedp.Navigate(url+"/restrictions"),
				chromedp.WaitVisible(chromedp.ID("restrictions")),
				chromedp.Click(chromedp.CSS("#restrictions summary")),
				chromedp.SendKeys(chromedp.CSS(".appeal-form textarea"), "这些播放量来自一次线下活动的真实观众。"),
				chromedp.Click(chromedp.CSS(".appeal-form button")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if about := text(t, leo, "appeal-about"); !strings.Contains(about, "疑似刷量") {
				t.Fatalf("appeal page: %q", about)
			}
			appealURL, err := chromedp.Run(leo, chromedp.Evaluate[string](`location.pathname`))
			testkit.Must(t, err)
			fits(t, leo, url+appealURL, "exchange", "appeal")
			testkit.Must(t, chromedp.Do(leo,
				chromedp.SetValue(chromedp.ID("lang-select"), "zh"),
				chromedp.Click(chromedp.ID("lang-apply")),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-CN"] #exchange`)),
			))
			if status := text(t, leo, "appeal-status"); !strings.Contains(status, "审核中") {
				t.Fatalf("appeal status in Chinese: %q", status)
			}

			testkit.Must(t, chromedp.Do(ops,
				chromedp.Navigate(url+"/backoffice/reviews?kind=appeal"),
				chromedp.WaitVisible(chromedp.CSS(`#review-items tr[data-applicant="LeoRuns"] a`)),
				chromedp.Click(chromedp.CSS(`#review-items tr[data-applicant="LeoRuns"] a`)),
				chromedp.WaitVisible(chromedp.ID("review-appeal")),
			))
			if shown := text(t, ops, "review-appeal"); !strings.Contains(shown, "线下活动") {
				t.Fatalf("the review page lacks the explanation: %q", shown)
			}
			testkit.Must(t, chromedp.Do(ops, chromedp.Click(chromedp.ID("approve")),
				chromedp.WaitVisible(chromedp.CSS("#review-status .status-upheld"))))
			asked.asked(t, "Restrict this account? It loses what the restriction withholds at once.")
			asked.asked(t, "Approve this? The applicant is told at once.")
			if status := text(t, ops, "review-status"); !strings.Contains(status, "Upheld") {
				t.Fatalf("after upholding: %q", status)
			}

			testkit.Must(t, chromedp.Do(leo, chromedp.Navigate(url+"/restrictions"), chromedp.WaitVisible(chromedp.ID("restrictions"))))
			if list := text(t, leo, "restrictions"); !strings.Contains(list, "已解除") {
				t.Fatalf("the restriction after the appeal was upheld: %q", list)
			}
			banner, err := chromedp.Run(leo, chromedp.Evaluate[bool](`document.getElementById("restricted-banner") === null`))
			testkit.Must(t, err)
			if !banner {
				t.Fatal("the banner stays after the restriction lifted")
			}
		})
	}
}

// TestAutomaticBlockOnRestrictionsPage: while LeoRuns is signed in,
// someone fails LeoRuns's password three times from another browser and
// log-in security locks LeoRuns's log-ins from that IP. LeoRuns's
// restrictions page shows the automatic block with its reason and expiry,
// in English and in Chinese, at 390 and 1366 px; LeoRuns appeals it, the
// operator upholds it, and the block shows lifted.
func TestAutomaticBlockOnRestrictionsPage(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect, "--lock-failures", "3")
			leo, guesser, ops := browser(t), browser(t), browser(t)
			testkit.Must(t, chromedp.Do(leo, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("LeoRuns")...)...))
			for range 3 {
				testkit.Must(t, chromedp.Do(guesser,
					chromedp.Navigate(url+"/login"),
					chromedp.WaitVisible(chromedp.ID("login")),
					chromedp.SendKeys(chromedp.ID("login"), "LeoRuns"),
					chromedp.SendKeys(chromedp.ID("password"), "Guessed-wrong-1"),
					chromedp.Click(chromedp.ID("login-submit")),
					chromedp.WaitVisible(chromedp.ID("form-error")),
				))
			}
			fits(t, leo, url+"/restrictions", "restrictions", "restrictions-automatic")
			list := text(t, leo, "restrictions")
			for _, want := range []string{"Automatic", "Too many failed log-ins from this IP address (127.0.0.1)",
				"Ends by itself at", "In force"} {
				if !strings.Contains(list, want) {
					t.Fatalf("the restrictions page lacks %q: %q", want, list)
				}
			}
			toChinese(t, leo)
			testkit.Must(t, chromedp.Do(leo, chromedp.WaitVisible(chromedp.ID("restrictions"))))
			fits(t, leo, url+"/restrictions", "restrictions", "restrictions-automatic-zh")
			if list := text(t, leo, "restrictions"); !strings.Contains(list, "该 IP 地址登录失败次数过多") ||
				!strings.Contains(list, "自动解除于") {
				t.Fatalf("the restrictions page in Chinese: %q", list)
			}
			card := `#restrictions li[data-source="automatic"][data-blocked-from="127.0.0.1"]`
			testkit.Must(t, chromedp.Do(leo,
				chromedp.Click(chromedp.CSS(card+" summary")),
				chromedp.SendKeys(chromedp.CSS(card+" .appeal-form textarea"), "那是我自己记错了新密码，请解除。"),
				chromedp.Click(chromedp.CSS(card+" .appeal-form button")),
				chromedp.WaitVisible(chromedp.ID("flash")),
			))
			if about := text(t, leo, "appeal-about"); !strings.Contains(about, "该 IP 地址登录失败次数过多") {
				t.Fatalf("the appeal page: %q", about)
			}

			acceptConfirmations(t, ops)
			testkit.Must(t, chromedp.Do(ops, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("ops")...)...))
			testkit.Must(t, chromedp.Do(ops,
				chromedp.Navigate(url+"/backoffice/reviews?kind=appeal"),
				chromedp.WaitVisible(chromedp.CSS(`#review-items tr[data-applicant="LeoRuns"] a`)),
				chromedp.Click(chromedp.CSS(`#review-items tr[data-applicant="LeoRuns"] a`)),
				chromedp.WaitVisible(chromedp.ID("review-appeal")),
				chromedp.Click(chromedp.ID("approve")),
				chromedp.WaitVisible(chromedp.CSS("#review-status .status-upheld")),
			))
			testkit.Must(t, chromedp.Do(leo, chromedp.Navigate(url+"/restrictions"), chromedp.WaitVisible(chromedp.ID("restrictions"))))
			shown, err := chromedp.Run(leo, chromedp.Text(chromedp.CSS(card)))
			testkit.Must(t, err)
			if !strings.Contains(shown, "已解除") {
				t.Fatalf("the IP's block after the appeal was upheld: %q", shown)
			}
		})
	}
}

// fits opens page at 390×844 and 1366×768, waits for the element ready and
// fails when the page scrolls sideways; with HELIO_E2E_SHOTS set to a
// folder it saves a screenshot of each size there, named after name.
func fits(t *testing.T, ctx context.Context, page, ready, name string) {
	t.Helper()
	for _, size := range [][2]int64{{390, 844}, {1366, 768}} {
		testkit.Must(t, chromedp.Do(ctx,
			chromedp.EmulateViewport(size[0], size[1]),
			chromedp.Navigate(page),
			chromedp.WaitVisible(chromedp.ID(ready)),
		))
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		testkit.Must(t, err)
		if !ok {
			t.Fatalf("%s at %dx%d overflows sideways", page, size[0], size[1])
		}
		if dir := os.Getenv("HELIO_E2E_SHOTS"); dir != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			testkit.Must(t, err)
			testkit.Must(t, os.WriteFile(filepath.Join(dir, name+"-"+strconv.FormatInt(size[0], 10)+".png"), png, 0o644))
		}
	}
}
