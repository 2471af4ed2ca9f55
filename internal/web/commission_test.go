package web_test

import (
	"context"
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
			w := b.do("POST", "/backoffice/reward-pools", url.Values{"channel": {scene}, "period": {period}})
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
