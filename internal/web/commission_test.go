package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/web"
)

// TestRewardPoolPageNamesContentsAndCreators distributes the demo's key
// channel pools once their month has ended, from the operator's form: each
// share shows its content by title and its creator by name and picture,
// never their ids.
func TestRewardPoolPageNamesContentsAndCreators(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		env.LoadDemo(t)
		period := env.EndDemoMonth(t)
		_, err := env.Accounts.CreateOperator(ctx, account.Operator{Login: "pool-ops", Password: good, Roles: []string{authz.RoleFinance}})
		testkit.Must(t, err)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/login", url.Values{"login": {"pool-ops"}, "password": {good}})

		shown := 0
		for _, scene := range commission.Scenes {
			w := b.do("POST", "/backoffice/reward-pools", url.Values{"channel": {scene}, "pool_period": {period}})
			body := w.Body.String()
			if w.Code != http.StatusOK || !strings.Contains(body, `id="pool-shares"`) {
				continue
			}
			var contentID, creatorID string
			testkit.Must(t, d.QueryRow(ctx, `SELECT content_id, creator_id FROM commission_pool_shares WHERE channel = ? ORDER BY content_id`,
				scene).Scan(&contentID, &creatorID))
			var title string
			testkit.Must(t, d.QueryRow(ctx, `SELECT title FROM contents WHERE id = ?`, contentID).Scan(&title))
			table := body[strings.Index(body, `id="pool-shares"`):]
			contains(t, scene+"'s shares", table, title, "小雅穿搭", `class="avatar`, `href="/c/`+contentID+`"`)
			lacks(t, scene+"'s shares", table, "<code>"+contentID, "<code>"+creatorID, "Former user", "Former content")
			again := b.do("POST", "/backoffice/reward-pools", url.Values{"channel": {scene}, "pool_period": {period}})
			contains(t, scene+" paid again", again.Body.String(), `id="pool-reason"`, "The pool holds nothing to distribute for this month.")
			shown++
		}
		if shown == 0 {
			t.Fatal("no demo pool paid a share")
		}
	})
}

// TestCommissionAdminFormsShowTheirErrors: the operator's commission page
// names every scene, a rule version refused for its window shows the
// refusal under the editor, naming the rule, and publishes nothing; a pool
// month that has not ended is refused next to the pool form's own month,
// not the settlement form's.
func TestCommissionAdminFormsShowTheirErrors(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		_, err := env.Accounts.CreateOperator(ctx, account.Operator{Login: "ops", Password: good, Roles: []string{authz.RoleAdmin}})
		testkit.Must(t, err)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/login", url.Values{"login": {"ops"}, "password": {good}})

		body := b.page("/backoffice/commission")
		contains(t, "the page as it opens", body, `id="ledger-hint"`, `id="verify-ledger"`)
		lacks(t, "the page as it opens", body, `id="ledger-state"`)
		w := b.do("POST", "/backoffice/ledger/verify", url.Values{})
		contains(t, "the verification", w.Body.String(), `id="ledger-state" class="ok"`, "The ledger verifies: 0 entries", "Checked in")
		splits := body[strings.Index(body, `id="splits"`):]
		splits = splits[:strings.Index(splits, "</table>")]
		contains(t, "the splits", splits, "Live stream", "Public feeds", "Headlines", "Grocery store", "1:7:2")
		lacks(t, "the splits", splits, "{")
		b.cookies[web.LangCookie] = &http.Cookie{Name: web.LangCookie, Value: "zh"}
		contains(t, "the page in Chinese", b.page("/backoffice/commission"), "直播", "公域", "淘宝头条", "天猫超市", "奖励池")
		delete(b.cookies, web.LangCookie)

		admin := authz.WithActor(ctx, authz.Actor{UserID: "ops", Roles: []string{authz.RoleAdmin}})
		rules, history, err := env.Commission.FindRules(admin)
		testkit.Must(t, err)
		set := rules.CPSRuleSet
		set.AttributionDays = 0
		js, err := json.Marshal(set)
		testkit.Must(t, err)
		w = b.do("POST", "/backoffice/commission-rules", url.Values{"rules": {string(js)},
			"effective_at": {env.Clock.Now().AddDate(0, 0, 7).Format("2006-01-02T15:04")}, "note": {"a window of none"}})
		page := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("a window of 0 days = %d\n%s", w.Code, page)
		}
		contains(t, "the refused version", page, `id="rules-error-attribution_days"`, "must be between 1 and 90")
		if _, after, err := env.Commission.FindRules(admin); err != nil || len(after) != len(history) {
			t.Fatalf("a refused version was published: %d versions, was %d (%v)", len(after), len(history), err)
		}

		w = b.do("POST", "/backoffice/reward-pools", url.Values{"channel": {commission.SceneHeadlines},
			"pool_period": {env.Clock.Now().Format("2006-01")}})
		page = w.Body.String()
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("this month's pool = %d\n%s", w.Code, page)
		}
		contains(t, "the refused pool", page, `id="pool_period-error"`)
		lacks(t, "the refused pool", page, `id="period-error"`)
	})
}

// TestTrackedLinksFromTheConsoleAndTheReaderPage: a reader following a
// product on the reader page (which names it by title) is recorded a click
// through the content's public-scene link, as its shopper cookie says, and
// sent to the shop; the creator's tracked-link page lists the content's
// links by product title and scene, makes a new one, refuses an unknown
// scene by its field and a grocery link after the rule's days naming the
// rule; another creator may not open it.
func TestTrackedLinksFromTheConsoleAndTheReaderPage(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		env.LoadDemo(t)
		xiaoya := userIDOf(t, env, "小雅穿搭")
		// The demo mounts its products by sku.
		var contentID, productID, sku, productTitle, shopURL string
		testkit.Must(t, d.QueryRow(ctx, `SELECT l.content_id, l.product_id, p.sku, p.title, p.url FROM commission_links l
			JOIN commission_products p ON p.id = l.product_id WHERE l.creator_id = ? AND l.scene = 'public' ORDER BY l.id LIMIT 1`,
			xiaoya).Scan(&contentID, &productID, &sku, &productTitle, &shopURL))

		reader := newBrowser(t, env.Handler)
		contains(t, "the reader page", reader.page("/c/"+contentID), productTitle)
		w := reader.do("GET", "/c/"+contentID+"/products/"+sku, nil)
		if w.Code != http.StatusFound || w.Header().Get("Location") != shopURL {
			t.Fatalf("following the product = %d to %q, want %s", w.Code, w.Header().Get("Location"), shopURL)
		}
		shopper := reader.cookies["helio_shopper"]
		if shopper == nil || shopper.Path != "/" {
			t.Fatalf("shopper cookie = %+v", shopper)
		}
		var clicks int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM commission_clicks c JOIN commission_links l ON l.id = c.link_id
			WHERE c.shopper_id = ? AND c.scene = 'public' AND l.content_id = ? AND c.product_id = ?`,
			shopper.Value, contentID, productID).Scan(&clicks))
		if clicks != 1 {
			t.Fatalf("the reader's click was recorded %d times through the public link, want 1", clicks)
		}

		creator := newBrowser(t, env.Handler)
		creator.do("POST", "/login", url.Values{"login": {"小雅穿搭"}, "password": {demo.Password}})
		page := creator.page("/contents/" + contentID + "/links")
		contains(t, "the links page", page, `id="links"`, productTitle, "Public feeds", `id="link-form"`)
		w = creator.do("POST", "/contents/"+contentID+"/links", url.Values{"product_id": {sku}, "scene": {"nowhere"}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `class="field has-error"`) {
			t.Fatalf("an unknown scene = %d\n%s", w.Code, w.Body)
		}
		w = creator.do("POST", "/contents/"+contentID+"/links", url.Values{"product_id": {sku}, "scene": {commission.SceneStreet}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("a street link = %d\n%s", w.Code, w.Body)
		}
		var made string
		testkit.Must(t, d.QueryRow(ctx, `SELECT id FROM commission_links WHERE content_id = ? AND product_id = ? AND scene = 'street'
			ORDER BY created_at DESC, id DESC LIMIT 1`, contentID, productID).Scan(&made))
		contains(t, "the made link", creator.page(w.Header().Get("Location")), `id="flash"`, `id="link-`+made+`" class="new"`, "Street")

		var groceryContent, groceryProduct string
		testkit.Must(t, d.QueryRow(ctx, `SELECT content_id, product_id FROM commission_links WHERE creator_id = ? AND scene = 'grocery'`,
			xiaoya).Scan(&groceryContent, &groceryProduct))
		env.Clock.Set(env.Clock.Now().AddDate(0, 0, 6))
		w = creator.do("POST", "/contents/"+groceryContent+"/links", url.Values{"product_id": {groceryProduct}, "scene": {commission.SceneGrocery}})
		contains(t, "a late grocery link", w.Body.String(), "within 5 days", "commission_rules version 1")

		other := newBrowser(t, env.Handler)
		other.do("POST", "/login", url.Values{"login": {"LumiBeauty"}, "password": {demo.Password}})
		if w = other.do("GET", "/contents/"+contentID+"/links", nil); w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
			t.Fatalf("another creator's view of the links = %d", w.Code)
		}
	})
}

// TestEarningsRange: the creator's earnings page narrows to a range of
// payment days, keeps it on the group tabs and in the statement's link
// (whose CSV then holds only those days), says when the range holds
// nothing, and refuses an unreadable date or an end before the start by
// its field.
func TestEarningsRange(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.LoadDemo(t)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/login", url.Values{"login": {"小雅穿搭"}, "password": {demo.Password}})
		today := env.Clock.Now().Format(time.DateOnly)
		// The demo's late grocery order is paid six days after its push.
		later := env.Clock.Now().AddDate(0, 0, 30).Format(time.DateOnly)

		page := b.page("/earnings?group=content&from=" + today + "&to=" + today)
		contains(t, "today's earnings", page, `id="earnings"`, "测评：这双乐福鞋走一天不累脚", `href="/earnings?from=`+today+`&amp;group=day&amp;to=`+today+`"`)
		start := strings.Index(page, `id="statement" download`)
		href := page[strings.LastIndex(page[:start], `href="`)+len(`href="`) : start-2]
		statement := b.do("GET", strings.ReplaceAll(href, "&amp;", "&"), nil)
		if statement.Code != http.StatusOK || strings.Count(statement.Body.String(), "\n") < 2 {
			t.Fatalf("today's statement at %s = %d\n%s", href, statement.Code, statement.Body)
		}
		lacks(t, "today's statement", statement.Body.String(), "demo-late-")
		contains(t, "the whole statement", b.do("GET", "/api/v1/earnings.csv", nil).Body.String(), "demo-late-")
		contains(t, "a later month's earnings", b.page("/earnings?from="+later), "No commission for payments in these days.")
		if w := b.do("GET", "/earnings?from="+later+"&group=day", nil); strings.Contains(w.Body.String(), `id="earnings"`) {
			t.Errorf("a later month's earnings list rows")
		}
		w := b.do("GET", "/earnings?from=yesterday", nil)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "must be a date like 2026-03-31") {
			t.Fatalf("an unreadable date = %d\n%s", w.Code, w.Body)
		}
		w = b.do("GET", "/earnings?from="+later+"&to="+today, nil)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "must not be before the first day") {
			t.Fatalf("an end before the start = %d\n%s", w.Code, w.Body)
		}
	})
}
