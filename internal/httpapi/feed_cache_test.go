package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestFeedPagesReachTheOtherReplica: two processes on one database, as two
// replicas behind a load balancer, each caching the feed pages it has read.
// A push, a withdrawal, a special mark and an unfollow made through one
// replica show on the very next feed read from the other, on both
// databases; and a feed item is a card (an excerpt and counts), not the
// full body.
func TestFeedPagesReachTheOtherReplica(t *testing.T) {
	t.Parallel()
	onTwoReplicas(t, func(t *testing.T, d *db.DB, b testkit.Client) {
		w := newFeedWorld(t, d)
		feedOnB := func(token, tab string) []string {
			t.Helper()
			var titles []string
			for range 2 { // the second answer comes from B's cache
				a := b.Call(t, "GET", "/api/v1/feed?tab="+tab, token, nil)
				a.Expect(t, http.StatusOK, "")
				titles = titles[:0]
				for _, it := range a.Body["items"].([]any) {
					titles = append(titles, it.(map[string]any)["content"].(map[string]any)["title"].(string))
				}
			}
			return titles
		}
		fay, _ := w.signUp("fay")
		w.call("PUT", "/api/v1/follows/"+w.amyID, fay, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "empty feed on B", feedOnB(fay, "all"))

		// A push fanned out through A is on B's next read.
		run := w.publish(w.amy, "post", "晨跑打卡", true)
		w.env.DrainJobs(t)
		expectFeed(t, "after a push", feedOnB(fay, "all"), "晨跑打卡")
		expectFeed(t, "special before the mark", feedOnB(fay, "special"))

		// The item is a card: the excerpt, the counts, no body.
		body := strings.Repeat("慢跑", 100)
		c := w.call("POST", "/api/v1/contents", w.amy, map[string]any{"type": "post", "title": "长文", "body": body})
		c.Expect(t, http.StatusCreated, "")
		long := c.String("id")
		w.call("POST", "/api/v1/contents/"+long+"/submit", w.amy, map[string]any{}).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/review-queue/"+long+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/contents/"+long+"/push", w.amy, map[string]any{"targets": []string{"feed"}}).Expect(t, http.StatusOK, "")
		w.env.DrainJobs(t)
		w.call("PUT", "/api/v1/contents/"+long+"/like", fay, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "after a second push", feedOnB(fay, "all"), "长文", "晨跑打卡")
		card := b.Call(t, "GET", "/api/v1/feed?limit=1", fay, nil).Body["items"].([]any)[0].(map[string]any)["content"].(map[string]any)
		if _, ok := card["body"]; ok || card["excerpt"] != strings.Repeat("慢跑", 70)+"…" || card["likes"].(float64) != 1 ||
			card["comments"].(float64) != 0 || card["account_id"] != w.amyID {
			t.Fatalf("feed card: %v", card)
		}
		// The reader page has the whole body.
		if p := b.Call(t, "GET", "/api/v1/contents/"+long+"/published", fay, nil); p.String("body") != body {
			t.Fatalf("reader page: %s", p.Raw)
		}

		// A special mark through A fills B's special tab.
		w.call("PUT", "/api/v1/follows/"+w.amyID, fay, map[string]any{"special": true}).Expect(t, http.StatusOK, "")
		expectFeed(t, "special after the mark", feedOnB(fay, "special"), "长文", "晨跑打卡")

		// A withdrawal through A hides the push on B at once.
		w.call("POST", "/api/v1/contents/"+run+"/withdraw-push", w.amy, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "after a withdrawal", feedOnB(fay, "all"), "长文")

		// Deleted content leaves B's feed, restored content comes back.
		w.call("DELETE", "/api/v1/contents/"+long, w.amy, nil).Expect(t, http.StatusNoContent, "")
		expectFeed(t, "after a deletion", feedOnB(fay, "all"))
		w.call("POST", "/api/v1/contents/"+long+"/restore", w.ops, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "after a restoration", feedOnB(fay, "all"), "长文")

		// An unfollow through A empties B's feed.
		w.call("DELETE", "/api/v1/follows/"+w.amyID, fay, nil).Expect(t, http.StatusNoContent, "")
		expectFeed(t, "after an unfollow", feedOnB(fay, "all"))
	})
}

// TestFeedCardsAndAuthorsReachTheOtherReplica: two processes on one
// database, each keeping the feed cards and author profiles it has read
// (db.VersionedCache). A like, a comment, a republished edit, a deletion and
// a profile change made through one replica show on the other's very next
// feed read, on both databases; a draft save of published content leaves
// the card as it was.
func TestFeedCardsAndAuthorsReachTheOtherReplica(t *testing.T) {
	t.Parallel()
	onTwoReplicas(t, func(t *testing.T, d *db.DB, b testkit.Client) {
		w := newFeedWorld(t, d)
		fay, _ := w.signUp("fay")
		w.call("PUT", "/api/v1/follows/"+w.amyID, fay, nil).Expect(t, http.StatusOK, "")
		id := w.publish(w.amy, "post", "晨跑打卡", true)
		w.env.DrainJobs(t)
		// itemOnB reads fay's one feed item through B twice; the second
		// answer comes from B's caches.
		itemOnB := func(what string) (card, author map[string]any) {
			t.Helper()
			for range 2 {
				a := b.Call(t, "GET", "/api/v1/feed", fay, nil)
				a.Expect(t, http.StatusOK, "")
				items := a.Body["items"].([]any)
				if len(items) != 1 {
					t.Fatalf("%s: %d feed items, want 1: %s", what, len(items), a.Raw)
				}
				item := items[0].(map[string]any)
				card, author = item["content"].(map[string]any), item["author"].(map[string]any)
			}
			return card, author
		}
		expect := func(what string, got any, want any) {
			t.Helper()
			if got != want {
				t.Fatalf("%s: got %v, want %v", what, got, want)
			}
		}
		card, author := itemOnB("first read")
		expect("likes at first", card["likes"], 0.0)
		expect("author at first", author["name"], "amy studio")

		// Counts: a like and a comment through A.
		w.call("PUT", "/api/v1/contents/"+id+"/like", fay, nil).Expect(t, http.StatusOK, "")
		card, _ = itemOnB("after a like")
		expect("likes after a like", card["likes"], 1.0)
		w.call("POST", "/api/v1/contents/"+id+"/comments", fay, map[string]any{"body": "一起跑"}).Expect(t, http.StatusCreated, "")
		card, _ = itemOnB("after a comment")
		expect("comments after a comment", card["comments"], 1.0)
		w.call("DELETE", "/api/v1/contents/"+id+"/like", fay, nil).Expect(t, http.StatusOK, "")
		card, _ = itemOnB("after an unlike")
		expect("likes after an unlike", card["likes"], 0.0)

		// A draft save of the published content changes no card; its
		// publication does.
		w.call("PATCH", "/api/v1/contents/"+id, w.amy, map[string]any{"version": 1, "title": "晨跑打卡第二天"}).
			Expect(t, http.StatusOK, "")
		card, _ = itemOnB("after a draft save")
		expect("title after a draft save", card["title"], "晨跑打卡")
		w.call("POST", "/api/v1/contents/"+id+"/submit", w.amy, map[string]any{}).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/review-queue/"+id+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
		card, _ = itemOnB("after republishing")
		expect("title after republishing", card["title"], "晨跑打卡第二天")

		// The author's profile: a new bio through A.
		accounts := w.call("GET", "/api/v1/creator-accounts", w.amy, nil)
		accounts.Expect(t, http.StatusOK, "")
		acct := accounts.Body["items"].([]any)[0].(map[string]any)["id"].(string)
		w.call("PATCH", "/api/v1/creator-accounts/"+acct, w.amy, map[string]any{"bio": "每天五公里"}).Expect(t, http.StatusOK, "")
		_, author = itemOnB("after a bio change")
		expect("bio after a change", author["bio"], "每天五公里")

		// Deleted content leaves B's feed at once.
		w.call("DELETE", "/api/v1/contents/"+id, w.amy, nil).Expect(t, http.StatusNoContent, "")
		if items := b.Call(t, "GET", "/api/v1/feed", fay, nil).Body["items"].([]any); len(items) != 0 {
			t.Fatalf("after a deletion: %d feed items", len(items))
		}
	})
}
