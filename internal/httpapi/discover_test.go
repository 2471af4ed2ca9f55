package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// cardTitles lists the title of each content card of a list.
func cardTitles(items any) []string {
	var out []string
	for _, it := range items.([]any) {
		out = append(out, it.(map[string]any)["title"].(string))
	}
	return out
}

// TestDiscoverAndSearch: the discover page ranks creators and content by
// the engagement of others within the period only and pages the newest
// published content; search finds published titles and bodies through the
// trigram index (three characters or more) and the LIKE fallback (two),
// never a draft's text, and creators by a folded name; bad input names its
// field.
func TestDiscoverAndSearch(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := engagementWorld{newChannelWorld(t, d)}
		may, _ := w.member("may", "creator", 0)
		jay, _ := w.member("jay", "creator", 0)
		f1, f2 := w.fan("f1"), w.fan("f2")
		summer := w.content(may, "夏日穿搭 look", "女装")
		w.env.Clock.Advance(time.Minute)
		sun := w.content(jay, "夏日防晒", "美妆")
		w.env.Clock.Advance(time.Minute)
		camp := w.content(may, "露营清单", "户外")
		w.exec(`UPDATE contents SET title = '秘密草稿 draft', body = 'secret words' WHERE id = ?`, camp)
		w.react(summer, f1, "like", time.Hour)
		w.react(summer, f2, "like", time.Hour)
		w.react(summer, may, "like", time.Hour) // the owner's own: not counted
		w.react(sun, f1, "like", 2*time.Hour)
		w.react(camp, f1, "like", 10*24*time.Hour) // outside 7 days, inside 30
		w.react(camp, f2, "favourite", 10*24*time.Hour)
		w.react(camp, f2, "like", 10*24*time.Hour)

		week := w.call("GET", "/api/v1/discover", "", nil)
		week.Expect(t, http.StatusOK, "")
		if got := cardTitles(week.Body["engaged"]); strings.Join(got, ",") != "夏日穿搭 look,夏日防晒" {
			t.Fatalf("7d engaged: %v", got)
		}
		creators := week.Body["creators"].([]any)
		if len(creators) != 2 || creators[0].(map[string]any)["name"] != "may studio" || creators[0].(map[string]any)["engagement"] != 2.0 ||
			creators[1].(map[string]any)["name"] != "jay studio" {
			t.Fatalf("7d creators: %s", week.Raw)
		}
		month := w.call("GET", "/api/v1/discover?period=30d", "", nil)
		if got := cardTitles(month.Body["engaged"]); strings.Join(got, ",") != "露营清单,夏日穿搭 look,夏日防晒" {
			t.Fatalf("30d engaged: %v", got)
		}
		if c := month.Body["creators"].([]any)[0].(map[string]any); c["name"] != "may studio" || c["engagement"] != 5.0 || c["posts"] != 2.0 {
			t.Fatalf("30d creators: %s", month.Raw)
		}
		w.call("GET", "/api/v1/discover?period=1y", "", nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "period")

		var newest []string
		cursor := ""
		for range 4 {
			r := w.call("GET", "/api/v1/discover?limit=1"+cursor, "", nil)
			r.Expect(t, http.StatusOK, "")
			page := r.Body["newest"].(map[string]any)
			newest = append(newest, cardTitles(page["items"])...)
			next, _ := page["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = "&cursor=" + next
		}
		if strings.Join(newest, ",") != "露营清单,夏日防晒,夏日穿搭 look" {
			t.Fatalf("newest, paged: %v", newest)
		}

		for q, want := range map[string]string{
			"夏日穿":    "夏日穿搭 look",      // trigram index
			"夏日":     "夏日防晒,夏日穿搭 look", // two characters: LIKE
			"LOOK":   "夏日穿搭 look",      // case folded
			"body":   "露营清单,夏日防晒,夏日穿搭 look",
			"秘密草稿":   "", // a draft's title is never found
			"secret": "",
		} {
			r := w.call("GET", "/api/v1/search/contents?q="+q, "", nil)
			r.Expect(t, http.StatusOK, "")
			if got := strings.Join(cardTitles(r.Body["items"]), ","); got != want {
				t.Fatalf("search %q: %q, want %q", q, got, want)
			}
			if items := r.Body["items"].([]any); len(items) > 0 && items[0].(map[string]any)["author"].(map[string]any)["name"] == "" {
				t.Fatalf("search %q: no author name: %s", q, r.Raw)
			}
		}
		r := w.call("GET", "/api/v1/search/creators?q=MAY", "", nil)
		if items := r.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != may {
			t.Fatalf("creators named MAY: %s", r.Raw)
		}
		r = w.call("GET", "/api/v1/search/creators?q=studio&limit=1", "", nil)
		next, _ := r.Body["next_cursor"].(string)
		r2 := w.call("GET", "/api/v1/search/creators?q=studio&limit=1&cursor="+next, "", nil)
		if next == "" || len(r.Body["items"].([]any)) != 1 || len(r2.Body["items"].([]any)) != 1 ||
			r.Body["items"].([]any)[0].(map[string]any)["id"] == r2.Body["items"].([]any)[0].(map[string]any)["id"] {
			t.Fatalf("creators paged: %s then %s", r.Raw, r2.Raw)
		}
		w.call("GET", "/api/v1/search/contents?q=", "", nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "q")
		w.call("GET", "/api/v1/search/creators?q=%20", "", nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "q")
		w.call("GET", "/api/v1/search/contents?q="+strings.Repeat("长", 101), "", nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "q")
	})
}
