package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// openCreatorAccount gives user a creator account, as opening one in the
// console does, without the checks the creator tests exercise.
func openCreatorAccount(t *testing.T, env *apptest.Env, user, name string) {
	t.Helper()
	now := env.Clock.Now()
	_, err := env.DB.Exec(context.Background(), `INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key,
		name_changed_at, created_at, updated_at) VALUES (?, ?, 'creator', 'individual', ?, ?, ?, ?, ?)`,
		uuid.NewString(), user, name, name, now, now, now)
	testkit.Must(t, err)
}

// tableRows answers the rows of the table with id in page.
func tableRows(t *testing.T, page, id string) []string {
	t.Helper()
	start := strings.Index(page, `id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no table %s in %s", id, page)
	}
	end := strings.Index(page[start:], "</table>")
	return regexp.MustCompile(`<tr><th scope="row">[^<]*</th>(?:<td>[^<]*</td>)*</tr>`).FindAllString(page[start:start+end], -1)
}

// TestCreatorDashboard: a creator's home draws followers, views,
// interactions and earnings of the chosen period from the daily figures,
// as bars with a table holding each day's numbers; the content's Analyse
// page draws its own days under its title. A fan has no dashboard; a
// creator with nothing yet is told what makes figures; a period other
// than 7, 30 or 90 days is refused by name.
func TestCreatorDashboard(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx, now := context.Background(), env.Clock.Now()
		yesterday := now.AddDate(0, 0, -1)
		b, _, id := startDraft(t, env, "mei@example.com", "mei", "post", "Spring outfits")
		u, _, err := env.Accounts.FindCredentials(ctx, "mei")
		testkit.Must(t, err)
		openCreatorAccount(t, env, u.ID, "Mei studio")
		publishForTest(t, d, id)
		fan, fanID := signUp(t, env, "fan")
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO content_reactions (content_id, user_id, kind, created_at) VALUES (?, ?, 'like', ?)`, []any{id, fanID, yesterday}},
			{`INSERT INTO content_comments (id, content_id, author_id, body, status, created_at) VALUES (?, ?, ?, 'nice', 'visible', ?)`,
				[]any{uuid.NewString(), id, fanID, yesterday}},
			{`INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)`, []any{fanID, u.ID, yesterday}},
			{`INSERT INTO follow_counts (account_id, followers) VALUES (?, 1)`, []any{u.ID}},
			{`INSERT INTO content_counters (content_id, kind, target, count) VALUES (?, 'view', '', 7)`, []any{id}},
			{`INSERT INTO commission_lines (id, order_id, line_id, product_id, merchant_id, shopper_id, click_id, link_id,
				content_id, creator_id, scene, currency, paid, rate_bp, ratio, pool, rule_version, commission, network, platform,
				creator, state, paid_at) VALUES (?, 'o1', '1', 'p', 'm', 's', 'c', 'l', ?, ?, 'public', 'CNY', 10000, 1000, '1:4:5', '',
				1, 1000, 100, 400, 500, 'pending', ?)`, []any{uuid.NewString(), id, u.ID, yesterday}},
		} {
			_, err := d.Exec(ctx, q.sql, q.args...)
			testkit.Must(t, err)
		}
		_, err = env.Analytics.Backfill(ctx, 30)
		testkit.Must(t, err)

		day, today := yesterday.Format(time.DateOnly), now.Format(time.DateOnly)
		home := b.page("/?days=7")
		for _, want := range []string{`id="range-7" aria-current="page"`, `id="chart-followers"`, `id="chart-views"`,
			`id="chart-interactions"`, `id="chart-earnings"`, `class="bar likes"><title>` + day + ` Likes: 1</title>`,
			`class="bar comments"`, `id="headline-followers">&#43;1, 1 in total<`, `id="headline-earnings">CNY 0.00 settled, CNY 5.00 pending<`} {
			if !strings.Contains(home, want) {
				t.Fatalf("home lacks %s:\n%s", want, home)
			}
		}
		if strings.Contains(home, `id="no-figures"`) {
			t.Fatal("a creator with figures is told there are none")
		}
		want := map[string]string{
			"table-followers":    `<tr><th scope="row">` + day + `</th><td>1</td><td>1</td></tr>`,
			"table-interactions": `<tr><th scope="row">` + day + `</th><td>1</td><td>0</td><td>1</td><td>0</td><td>2</td></tr>`,
			"table-views":        `<tr><th scope="row">` + today + `</th><td>7</td></tr>`,
			"table-earnings":     `<tr><th scope="row">` + day + `</th><td>CNY 0.00</td><td>CNY 5.00</td><td>CNY 5.00</td></tr>`,
		}
		for table, row := range want {
			rows := tableRows(t, home, table)
			if len(rows) != 7 || !strings.Contains(strings.Join(rows, "\n"), row) {
				t.Fatalf("%s: %d rows, lacks %s:\n%s", table, len(rows), row, strings.Join(rows, "\n"))
			}
		}
		if rows := tableRows(t, b.page("/"), "table-views"); len(rows) != 30 {
			t.Fatalf("the default period has %d days", len(rows))
		}
		if w := b.do("GET", "/?days=14", nil); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="days-error"`) ||
			!strings.Contains(w.Body.String(), "must be 7, 30 or 90") {
			t.Fatalf("14 days: %d %s", w.Code, w.Body)
		}

		stats := b.page("/contents/" + id + "/stats?days=90")
		if !strings.Contains(stats, `id="content-title">Spring outfits<`) || strings.Contains(stats, `id="chart-followers"`) ||
			!strings.Contains(stats, `id="range-90" aria-current="page"`) || len(tableRows(t, stats, "table-interactions")) != 90 {
			t.Fatalf("analyse:\n%s", stats)
		}
		if !strings.Contains(strings.Join(tableRows(t, stats, "table-views"), ""), `<th scope="row">`+today+`</th><td>7</td>`) {
			t.Fatalf("analyse views:\n%s", stats)
		}

		if page := fan.page("/"); strings.Contains(page, `id="dashboard"`) {
			t.Fatalf("a fan has a dashboard:\n%s", page)
		}
		newcomer, newID := signUp(t, env, "newcomer")
		openCreatorAccount(t, env, newID, "Newcomer studio")
		if page := newcomer.page("/"); !strings.Contains(page, `id="no-figures"`) || !strings.Contains(page, `id="chart-views"`) {
			t.Fatalf("a creator without figures:\n%s", page)
		}
	})
}
