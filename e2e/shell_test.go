package e2e

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// update makes TestShellAndScreenshots rewrite docs/screenshots.
var update = flag.Bool("update", false, "rewrite the screenshots under docs/screenshots")

// axeSource is axe-core (e2e/testdata/axe, MPL-2.0, version in its first
// line), injected into pages by accessible; it is a test asset only.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// widths are the phone and laptop viewports every page must fit.
var widths = [][2]int64{{390, 844}, {1366, 768}}

// accessible runs axe-core on the page in ctx and fails on any serious or
// critical violation, naming the rule and the first elements it found.
func accessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined"`))
	testkit.Must(t, err)
	if !loaded {
		// Evaluated through the DevTools protocol, which the page's
		// Content-Security-Policy does not govern.
		testkit.Must(t, chromedp.Do(ctx, script(axeSource)))
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
		return axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
			return r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
				.map(function (v) { return v.id + " (" + v.impact + "): " + v.help + " at " +
					v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }).join(", "); }).join("\n");
		});
	})()`, chromedp.EvalAwaitPromise))
	testkit.Must(t, err)
	if found != "" {
		t.Errorf("%s has accessibility violations:\n%s", what, found)
	}
}

// visit opens path at both widths, waits for the element ready, and fails
// when the page scrolls sideways or has serious accessibility violations;
// with -update it saves a screenshot of each width as docs/screenshots/shot-W.jpg.
func visit(t *testing.T, ctx context.Context, url, path, ready, shot string) {
	t.Helper()
	for _, size := range widths {
		testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(url+path),
			chromedp.WaitVisible(chromedp.ID(ready))))
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		testkit.Must(t, err)
		if !fits {
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("body *")).filter(function (e) {
				return e.getBoundingClientRect().right > window.innerWidth + 1 }).slice(-3).map(function (e) {
				return e.tagName + (e.id ? "#" + e.id : "") + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) }).join(", ")`))
			testkit.Must(t, err)
			t.Errorf("%s at %dx%d overflows sideways: %s", path, size[0], size[1], wide)
		}
		accessible(t, ctx, fmt.Sprintf("%s at %d px", path, size[0]))
		if *update && shot != "" {
			img, err := chromedp.Run(ctx, chromedp.FullScreenshot(70))
			testkit.Must(t, err)
			testkit.Must(t, os.WriteFile(filepath.Join("..", "docs", "screenshots", fmt.Sprintf("%s-%d.jpg", shot, size[0])), img, 0o644))
		}
	}
}

// logInAt logs login in on ctx's laptop-sized tab.
func logInAt(t *testing.T, ctx context.Context, url, login string) {
	t.Helper()
	testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(url + "/login")}, logIn(login)...)...))
}

// menuIDs returns the ids of the menu's links on the page in ctx.
func menuIDs(t *testing.T, ctx context.Context) []string {
	t.Helper()
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#menu a")).map(function (a) { return a.id })`))
	testkit.Must(t, err)
	return ids
}

// role is one kind of visitor of TestShellAndScreenshots: whom to log in
// as, what their menu must hold and must not, and their main pages.
type role struct {
	name, login    string
	want, unwanted []string
	pages          [][2]string // path and the id of an element it shows when ready
}

// TestShellAndScreenshots logs in as a creator, a fan, a staff member and
// an operator, and on each one's main pages at 390×844 and 1366×768 checks
// that nothing overflows sideways, axe-core finds no serious or critical
// violation, and the menu holds what the role may do and nothing else; on
// a phone the menu opens behind the Menu button without script. With
// -update it rewrites the screenshots under docs/screenshots.
func TestShellAndScreenshots(t *testing.T) {
	dialects := testkit.Dialects()
	if *update {
		dialects = []db.Dialect{db.SQLite}
	}
	creator := demo.People[0].Nickname
	roles := []role{
		{"creator", creator,
			[]string{"nav-home", "nav-contents", "nav-feed", "nav-level", "nav-creator", "nav-certification", "nav-staff", "nav-tokens", "nav-security"},
			[]string{"nav-become-creator", "nav-reviews", "nav-backoffice", "nav-staff-verification"},
			[][2]string{{"/", "home-title"}, {"/contents", "main"}, {"/feed", "main"}, {"/level", "main"}, {"/creator", "main"}, {"/staff", "staff-create"}}},
		{"fan", "小鹿爱逛",
			[]string{"nav-home", "nav-feed", "nav-channels", "nav-activities", "nav-become-creator", "nav-messages"},
			[]string{"nav-contents", "nav-staff", "nav-tokens", "nav-certification", "nav-capabilities", "nav-level", "nav-reviews"},
			[][2]string{{"/", "home-title"}, {"/feed", "main"}, {"/channels", "main"}, {"/activities", "main"}}},
		{"staff", creator + "@editor01",
			[]string{"nav-home", "nav-contents", "nav-staff-verification", "nav-messages"},
			[]string{"nav-feed", "nav-staff", "nav-tokens", "nav-earnings", "nav-exports", "nav-webhooks", "nav-reviews", "nav-become-creator"},
			[][2]string{{"/", "home-title"}, {"/contents", "main"}, {"/staff-verification", "main"}}},
		{"operator", "ops",
			[]string{"nav-backoffice", "nav-reviews", "nav-moderation", "nav-level-rules", "nav-commission", "nav-restrictions-admin"},
			[]string{"nav-home", "nav-feed", "nav-contents", "nav-staff", "nav-become-creator"},
			[][2]string{{"/backoffice", "stat-users"}, {"/backoffice/reviews", "main"}, {"/backoffice/moderation", "main"}, {"/backoffice/levels", "main"}}},
	}
	for _, dialect := range dialects {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			guest := browser(t)
			visit(t, guest, url, "/login", "login", "login")
			visit(t, guest, url, "/no-such-page", "error-page", "not-found")
			// Fan and operator have a browser each; the staff member logs in
			// on the creator's (a sub-account's first log-in on a new device
			// would need a code). The creator, first, gives a content editor
			// a sub-account for the staff role.
			studio := browserFor(t, 4*time.Minute)
			for _, r := range roles {
				t.Run(r.name, func(t *testing.T) {
					ctx := studio
					switch r.name {
					case "staff":
						switchUser(t, ctx, r.login)
						testkit.Must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("who"))))
					case "creator":
						logInAt(t, ctx, url, r.login)
					default:
						ctx = browser(t)
						logInAt(t, ctx, url, r.login)
					}
					if r.name == "creator" {
						testkit.Must(t, chromedp.Do(ctx,
							chromedp.Navigate(url+"/staff"),
							chromedp.WaitVisible(chromedp.ID("staff-create")),
							chromedp.SendKeys(chromedp.ID("name"), "editor01"),
							chromedp.SendKeys(chromedp.ID("password"), demo.Password),
							chromedp.SetValue(chromedp.ID("position"), "content_editor"),
							script(`document.getElementById("position").dispatchEvent(new Event("change"))`),
							chromedp.Click(chromedp.ID("staff-create")),
							chromedp.WaitVisible(chromedp.CSS(`tr[data-sub="editor01"]`)),
						))
					}
					for _, pg := range r.pages {
						shot := r.name + strings.ReplaceAll(strings.TrimSuffix(pg[0], "/"), "/", "-")
						if pg[0] == "/" {
							shot = r.name + "-home"
						}
						visit(t, ctx, url, pg[0], pg[1], shot)
						ids := menuIDs(t, ctx)
						for _, id := range r.want {
							if !slices.Contains(ids, id) {
								t.Errorf("%s's menu on %s lacks %s: %v", r.name, pg[0], id, ids)
							}
						}
						for _, id := range r.unwanted {
							if slices.Contains(ids, id) {
								t.Errorf("%s's menu on %s offers %s: %v", r.name, pg[0], id, ids)
							}
						}
					}
					// On a phone the menu is folded until the Menu button opens it.
					testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(url+r.pages[0][0]),
						chromedp.WaitVisible(chromedp.ID("menu-button"))))
					hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("menu").offsetParent === null`))
					testkit.Must(t, err)
					testkit.Must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("menu-button")), chromedp.WaitVisible(chromedp.ID("menu"))))
					fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
					testkit.Must(t, err)
					if !hidden || !fits {
						t.Errorf("%s on a phone: menu folded %v, fits when open %v", r.name, hidden, fits)
					}
					accessible(t, ctx, r.name+"'s open menu at 390 px")
					testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)))
				})
			}
		})
	}
}

// TestCapabilityGatingInTheBrowser: a certified creator without the
// short-video capability is not offered the short-video type but an
// "apply" entry; a creator whose certification is still in review sees,
// instead of "Submit for review" and the products field, what is missing
// and where to apply (SPEC §4.1).
func TestCapabilityGatingInTheBrowser(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			logInAt(t, ctx, url, demo.People[0].Nickname)
			visit(t, ctx, url, "/contents", "new-draft", "")
			offered, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#type option[value="video"]') === null &&
				document.querySelector('#type option[value="post"]') !== null && document.getElementById("apply-types") !== null`))
			testkit.Must(t, err)
			if !offered {
				t.Error("a creator without the short-video capability is offered short videos, or no apply entry")
			}
			switchUser(t, ctx, "LeoRuns")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.WaitVisible(chromedp.ID("who")),
				chromedp.Navigate(url+"/contents"),
				chromedp.WaitVisible(chromedp.ID("new-draft")),
				chromedp.SendKeys(chromedp.ID("title"), "晨跑"),
				chromedp.Click(chromedp.ID("new-draft")),
				chromedp.WaitVisible(chromedp.ID("submit-refusal")),
			))
			gated, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("submit") === null &&
				document.getElementById("products") === null && document.getElementById("apply-mount") !== null`))
			testkit.Must(t, err)
			if !gated {
				t.Error("an uncertified creator is offered Submit for review or the products field")
			}
			accessible(t, ctx, "the gated editor")
		})
	}
}

// TestCreatorProfileEdit: the demo creator opens her account's profile
// from the creator-accounts page, sees the bio's character count, is
// refused a 73-character bio with the error beside the field (nothing
// saved), and saves a short one, which the list then shows.
func TestCreatorProfileEdit(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			logInAt(t, ctx, url, demo.People[0].Nickname)
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/creator"),
				chromedp.WaitVisible(chromedp.CSS("a.edit-profile")),
				chromedp.Click(chromedp.CSS("a.edit-profile")),
				chromedp.WaitVisible(chromedp.ID("profile-form")),
			))
			path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
			testkit.Must(t, err)
			visit(t, ctx, url, path, "profile-form", "creator-profile")
			long := strings.Repeat("穿", 73)
			testkit.Must(t, chromedp.Do(ctx,
				script(`document.getElementById("bio").value = ""`),
				chromedp.SendKeys(chromedp.ID("bio"), long),
			))
			if n := text(t, ctx, "bio-count"); !strings.HasPrefix(n, "73 ") || !strings.Contains(n, "72") {
				t.Fatalf("the bio's counter reads %q", n)
			}
			testkit.Must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("profile-save")), chromedp.WaitVisible(chromedp.ID("bio-error"))))
			accessible(t, ctx, "the profile form with an error")
			testkit.Must(t, chromedp.Do(ctx,
				script(`document.getElementById("bio").value = ""`),
				chromedp.SendKeys(chromedp.ID("bio"), "每天一套通勤穿搭"),
				chromedp.Click(chromedp.ID("profile-save")),
				chromedp.WaitVisible(chromedp.ID("flash")),
				chromedp.Navigate(url+"/creator"),
				chromedp.WaitVisible(chromedp.CSS("a.edit-profile")),
			))
			if list := mustText(t, ctx, chromedp.CSS("main table")); !strings.Contains(list, "每天一套通勤穿搭") || strings.Contains(list, long) {
				t.Fatalf("the creator accounts read %q", list)
			}
		})
	}
}
