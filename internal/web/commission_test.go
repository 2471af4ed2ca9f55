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
		_, err := demo.Load(ctx, env.DemoServices())
		testkit.Must(t, err)
		env.DrainJobs(t)
		var period string
		testkit.Must(t, d.QueryRow(ctx, `SELECT period FROM commission_settlements`).Scan(&period))
		start, err := time.Parse("2006-01", period)
		testkit.Must(t, err)
		env.Clock.Set(start.AddDate(0, 1, 1))
		_, err = env.Accounts.CreateOperator(ctx, account.Operator{Login: "pool-ops", Password: good, Roles: []string{authz.RoleFinance}})
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
		splits := body[strings.Index(body, `id="splits"`):]
		splits = splits[:strings.Index(splits, "</table>")]
		contains(t, "the splits", splits, "Live stream", "Public feeds", "Headlines", "Grocery store", "1:7:2")
		lacks(t, "the splits", splits, "{")

		admin := authz.WithActor(ctx, authz.Actor{UserID: "ops", Roles: []string{authz.RoleAdmin}})
		rules, history, err := env.Commission.FindRules(admin)
		testkit.Must(t, err)
		set := rules.CPSRuleSet
		set.AttributionDays = 0
		js, err := json.Marshal(set)
		testkit.Must(t, err)
		w := b.do("POST", "/backoffice/commission-rules", url.Values{"rules": {string(js)},
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
