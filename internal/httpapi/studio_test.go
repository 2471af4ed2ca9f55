package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestCommentsInboxAndCalendar: the inbox gathers others' comments on all
// of the creator's contents (not another creator's, not the creator's own
// replies), newest first with the content's title, marks those replied to,
// filters by state and pages; the calendar lists the month's scheduled and
// published contents in time order and refuses a malformed month.
func TestCommentsInboxAndCalendar(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := engagementWorld{newChannelWorld(t, d)}
		may, _ := w.member("may", "creator", 0)
		jay, _ := w.member("jay", "creator", 0)
		fan := w.fan("f1")
		summer := w.content(may, "夏日穿搭", "女装")
		camp := w.content(may, "露营清单", "户外")
		other := w.content(jay, "数码开箱", "数码")
		comment := func(content, author, body string, ago time.Duration) string {
			id := uuid.NewString()
			w.exec(`INSERT INTO content_comments (id, content_id, author_id, body, status, created_at) VALUES (?, ?, ?, ?, 'visible', ?)`,
				id, content, author, body, w.env.Clock.Now().Add(-ago))
			return id
		}
		first := comment(summer, fan, "好看", 3*time.Hour)
		comment(camp, fan, "帐篷哪买的", 2*time.Hour)
		last := comment(summer, jay, "学到了", time.Hour)
		comment(other, fan, "not may's", time.Hour)

		tok := w.login("may")
		w.call("POST", "/api/v1/contents/"+summer+"/comments", tok, map[string]any{"parent_id": first, "body": "谢谢"}).
			Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/comments/"+last+"/hide", tok, nil).Expect(t, http.StatusOK, "")

		inbox := w.call("GET", "/api/v1/me/comments", tok, nil)
		inbox.Expect(t, http.StatusOK, "")
		var got []string
		for _, it := range inbox.Body["items"].([]any) {
			c := it.(map[string]any)
			got = append(got, c["body"].(string)+"|"+c["content_title"].(string)+"|"+c["status"].(string)+"|"+map[bool]string{true: "replied", false: "-"}[c["replied"].(bool)])
		}
		if want := "学到了|夏日穿搭|hidden|-,帐篷哪买的|露营清单|visible|-,好看|夏日穿搭|visible|replied"; strings.Join(got, ",") != want {
			t.Fatalf("inbox: %v, want %s", got, want)
		}
		hidden := w.call("GET", "/api/v1/me/comments?status=hidden", tok, nil)
		if items := hidden.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != last {
			t.Fatalf("hidden: %s", hidden.Raw)
		}
		p1 := w.call("GET", "/api/v1/me/comments?limit=2", tok, nil)
		next, _ := p1.Body["next_cursor"].(string)
		p2 := w.call("GET", "/api/v1/me/comments?limit=2&cursor="+next, tok, nil)
		if items := p2.Body["items"].([]any); next == "" || len(items) != 1 || items[0].(map[string]any)["id"] != first {
			t.Fatalf("second page: %s", p2.Raw)
		}
		w.call("GET", "/api/v1/me/comments?status=gone", tok, nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "status")
		if theirs := w.call("GET", "/api/v1/me/comments", w.login("jay"), nil); len(theirs.Body["items"].([]any)) != 1 {
			t.Fatalf("jay's inbox: %s", theirs.Raw)
		}

		now := w.env.Clock.Now().UTC()
		month := now.Format("2006-01")
		scheduled := uuid.NewString()
		at := time.Date(now.Year(), now.Month(), 1, 9, 30, 0, 0, time.UTC).AddDate(0, 1, -1) // the month's last day
		w.exec(`INSERT INTO contents (id, owner_id, type, title, body, fields, status, version, publish_at, created_at, updated_at)
			VALUES (?, ?, 'post', '月底上新', 'body', '{}', 'scheduled', 1, ?, ?, ?)`, scheduled, may, at, now, now)
		nextMonth := uuid.NewString()
		w.exec(`INSERT INTO contents (id, owner_id, type, title, body, fields, status, version, publish_at, created_at, updated_at)
			VALUES (?, ?, 'post', '下月预告', 'body', '{}', 'scheduled', 1, ?, ?, ?)`, nextMonth, may, at.AddDate(0, 0, 1), now, now)
		cal := w.call("GET", "/api/v1/me/calendar?month="+month, tok, nil)
		cal.Expect(t, http.StatusOK, "")
		var entries []string
		var times []string
		for _, it := range cal.Body["items"].([]any) {
			e := it.(map[string]any)
			entries = append(entries, e["title"].(string)+"|"+e["status"].(string))
			times = append(times, e["at"].(string))
		}
		slices.Sort(entries)
		if want := "夏日穿搭|published,月底上新|scheduled,露营清单|published"; strings.Join(entries, ",") != want || !slices.IsSorted(times) {
			t.Fatalf("calendar %s: %v at %v, want %s in time order", month, entries, times, want)
		}
		later := w.call("GET", "/api/v1/me/calendar?month="+at.AddDate(0, 0, 1).Format("2006-01"), tok, nil)
		if items := later.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["title"] != "下月预告" {
			t.Fatalf("next month: %s", later.Raw)
		}
		w.call("GET", "/api/v1/me/calendar?month=2026-13", tok, nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "month")
	})
}
