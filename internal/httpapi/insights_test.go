package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// engagementWorld adds fans, follows and engagement rows as fixtures.
type engagementWorld struct{ *channelWorld }

func (w engagementWorld) fan(nickname string) string {
	u, err := w.env.Accounts.SignUp(context.Background(), account.SignUp{Email: nickname + "@example.com", Nickname: nickname, Password: good})
	testkit.Must(w.t, err)
	return u.ID
}

func (w engagementWorld) exec(query string, args ...any) {
	_, err := w.env.DB.Exec(context.Background(), query, args...)
	testkit.Must(w.t, err)
}

// content publishes a content of owner with title and category.
func (w engagementWorld) content(owner, title, category string) string {
	id, now := uuid.NewString(), w.env.Clock.Now()
	w.exec(`INSERT INTO contents (id, owner_id, type, title, body, fields, category, status, version, published_version, published_title,
		published_body, published_at, created_at, updated_at) VALUES (?, ?, 'post', ?, 'body', '{}', ?, 'published', 1, 1, ?, 'body', ?, ?, ?)`,
		id, owner, title, category, title, now, now, now)
	return id
}

func (w engagementWorld) react(content, user, kind string, ago time.Duration) {
	w.exec(`INSERT INTO content_reactions (content_id, user_id, kind, created_at) VALUES (?, ?, ?, ?)`, content, user, kind, w.env.Clock.Now().Add(-ago))
}

// TestCreativeCentreFromEngagement: heat, rankings by day and week and
// persona coverage come from seeded engagement (likes 2, favourites 2,
// comments 3, shares 5; the owner's own and out-of-window engagement
// count nothing); operators manage topics and personas with versions;
// "create for them" opens a draft in the persona's category.
func TestCreativeCentreFromEngagement(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := engagementWorld{newChannelWorld(t, d)}
		may, _ := w.member("may", "creator", 0)
		jay, _ := w.member("jay", "creator", 0)
		f1, f2, f3, f4 := w.fan("f1"), w.fan("f2"), w.fan("f3"), w.fan("f4")
		for _, f := range []string{f1, f2, f3} {
			w.exec(`INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)`, f, may, w.env.Clock.Now())
		}
		summer := w.content(may, "夏日穿搭 look", "女装")
		camp := w.content(may, "露营清单", "户外")
		sun := w.content(jay, "夏日防晒", "美妆")
		w.react(summer, f1, "like", time.Hour)
		w.react(summer, f1, "favourite", time.Hour)
		w.react(summer, may, "like", time.Hour) // the owner's own: not counted
		w.exec(`INSERT INTO content_comments (id, content_id, author_id, body, status, created_at) VALUES (?, ?, ?, 'nice', 'visible', ?)`,
			uuid.NewString(), summer, f2, w.env.Clock.Now().Add(-time.Hour))
		w.react(sun, f4, "like", time.Hour)
		w.react(sun, f2, "like", 3*24*time.Hour)  // this week, not today
		w.react(camp, f2, "like", 8*24*time.Hour) // outside the 7-day window

		w.call("POST", "/api/v1/insights/hot-topics", w.admin, map[string]any{"title": "", "keywords": []string{}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "keywords", "title")
		hot := w.call("POST", "/api/v1/insights/hot-topics", w.admin, map[string]any{"title": "夏日", "keywords": []string{"夏日"}})
		hot.Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/insights/hot-topics", w.admin, map[string]any{"title": "露营", "keywords": []string{"露营"}}).Expect(t, http.StatusCreated, "")
		topics := w.call("GET", "/api/v1/insights/hot-topics", "", nil).Body["items"].([]any)
		first, second := topics[0].(map[string]any), topics[1].(map[string]any)
		if first["title"] != "夏日" || first["rank"] != 1.0 || first["heat"] != 11.0 || first["contents"] != 2.0 ||
			second["title"] != "露营" || second["heat"] != 0.0 || second["rank"] != 2.0 {
			t.Fatalf("topics: %v", topics)
		}
		w.call("PATCH", "/api/v1/insights/hot-topics/"+hot.String("id"), w.admin, map[string]any{"title": "夏日", "keywords": []string{"夏日", "防晒"}}).
			Expect(t, http.StatusOK, "")
		if v := w.call("GET", "/api/v1/insights/hot-topics/"+hot.String("id")+"/versions", w.admin, nil); len(v.Body["items"].([]any)) != 2 {
			t.Fatalf("versions: %s", v.Raw)
		}

		for _, c := range []struct {
			query string
			want  [][2]any
		}{
			{"kind=content&period=day", [][2]any{{"夏日穿搭 look", 7.0}, {"夏日防晒", 2.0}}},
			{"kind=content&period=week", [][2]any{{"夏日穿搭 look", 7.0}, {"夏日防晒", 4.0}}},
			{"kind=creator&period=week", [][2]any{{"may", 7.0}, {"jay", 4.0}}},
		} {
			r := w.call("GET", "/api/v1/insights/rankings?"+c.query, "", nil)
			entries := r.Body["entries"].([]any)
			if len(entries) != len(c.want) {
				t.Fatalf("%s: %s", c.query, r.Raw)
			}
			for i, want := range c.want {
				e := entries[i].(map[string]any)
				if e["name"] != want[0] || e["score"] != want[1] || e["rank"] != float64(i+1) {
					t.Fatalf("%s: %s", c.query, r.Raw)
				}
			}
		}
		w.call("GET", "/api/v1/insights/rankings?period=month", "", nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "period")

		office := w.call("POST", "/api/v1/insights/personas", w.admin, map[string]any{"name": "职场白领", "dimension": "life_stage",
			"description": "刚工作的年轻女性，追求款式。", "categories": []string{"女装"}})
		office.Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/insights/personas", w.admin, map[string]any{"name": "户外爱好者", "dimension": "interest",
			"description": "周末露营。", "categories": []string{"户外"}}).Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/insights/personas", w.admin, map[string]any{"name": "x", "dimension": "age", "description": "d"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "categories", "dimension")
		tok := w.login("may")
		personas := w.call("GET", "/api/v1/insights/personas", tok, nil).Body["items"].([]any)
		cover := map[string]map[string]any{}
		for _, p := range personas {
			cover[p.(map[string]any)["name"].(string)] = p.(map[string]any)["coverage"].(map[string]any)
		}
		if c := cover["职场白领"]; c["fans"] != 3.0 || c["covered"] != 2.0 || c["share_bp"] != 6666.0 {
			t.Fatalf("office coverage: %v", c)
		}
		if c := cover["户外爱好者"]; c["covered"] != 0.0 {
			t.Fatalf("outdoor coverage: %v", c)
		}
		if anon := w.call("GET", "/api/v1/insights/personas/"+office.String("id"), "", nil); anon.Body["coverage"] != nil {
			t.Fatalf("anonymous coverage: %s", anon.Raw)
		}
		draft := w.call("POST", "/api/v1/insights/personas/"+office.String("id")+"/drafts", tok, nil)
		draft.Expect(t, http.StatusCreated, "")
		if draft.String("status") != "draft" || draft.String("category") != "女装" {
			t.Fatalf("draft: %s", draft.Raw)
		}
	})
}
