package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/testkit"
)

// BenchmarkDiscoverAndSearch measures the public discovery reads through
// the API on each database, over 20 creators with 250 published posts each
// (5,000; every post's draft text differs from its published text) and
// 4,000 likes in the last week: a search of three characters (the trigram
// index), one of two (the LIKE fallback on SQLite), a creator search, and
// the discover page. Run with HELIO_TEST_POSTGRES set to cover PostgreSQL.
func BenchmarkDiscoverAndSearch(b *testing.B) {
	for _, dialect := range testkit.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			w := newCreatorWorld(b, testkit.Open(b, dialect))
			ctx, now := context.Background(), w.env.Clock.Now()
			exec := func(q string, args ...any) {
				_, err := w.env.DB.Exec(ctx, q, args...)
				testkit.Must(b, err)
			}
			words := []string{"通勤穿搭", "露营清单", "数码开箱", "夏日防晒", "厨房好物"}
			var fans []string
			for i := range 200 {
				u, err := w.env.Accounts.SignUp(ctx, account.SignUp{Email: fmt.Sprintf("fan%d@example.com", i), Nickname: fmt.Sprintf("fan%d", i), Password: good})
				testkit.Must(b, err)
				fans = append(fans, u.ID)
			}
			for c := range 20 {
				name := fmt.Sprintf("creator%02d", c)
				u, err := w.env.Accounts.SignUp(ctx, account.SignUp{Email: name + "@example.com", Nickname: name, Password: good})
				testkit.Must(b, err)
				exec(`INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key, name_changed_at, created_at, updated_at)
					VALUES (?, ?, 'creator', 'individual', ?, ?, ?, ?, ?)`, uuid.NewString(), u.ID, name+" studio", name+" studio", now, now, now)
				for p := range 250 {
					id, title := uuid.NewString(), fmt.Sprintf("%s %s 第%d篇", words[(c+p)%len(words)], name, p)
					exec(`INSERT INTO contents (id, owner_id, type, title, body, fields, status, version, published_version, published_title,
						published_body, published_at, created_at, updated_at) VALUES (?, ?, 'post', 'draft', 'draft body', '{}', 'published', 2, 1, ?, ?, ?, ?, ?)`,
						id, u.ID, title, "正文："+title, now.Add(-time.Duration(c*250+p)*time.Minute), now, now)
					if p < 10 {
						for f := range 20 {
							exec(`INSERT INTO content_reactions (content_id, user_id, kind, created_at) VALUES (?, ?, 'like', ?)`, id, fans[(c*10+f)%len(fans)], now.Add(-time.Duration(p)*time.Minute))
						}
					}
				}
			}
			for _, q := range []struct{ name, path string }{
				{"search-3-chars", "/api/v1/search/contents?q=" + url.QueryEscape("露营清")},
				{"search-2-chars", "/api/v1/search/contents?q=" + url.QueryEscape("露营")},
				{"search-creators", "/api/v1/search/creators?q=creator1"},
				{"discover-7d", "/api/v1/discover"},
			} {
				b.Run(q.name, func(b *testing.B) {
					w.call("GET", q.path, "", nil).Expect(b, http.StatusOK, "")
					for b.Loop() {
						w.call("GET", q.path, "", nil).Expect(b, http.StatusOK, "")
					}
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
				})
			}
		})
	}
}
