package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// feedMatrix is the permission matrix of the follow and feed routes
// (columns as in matrix), merged into matrix.
var feedMatrix = map[string]string{
	"PUT /api/v1/follows/{account_id}":    "L...DDDDDDDDGDD..D", // feed.follow: never a staff identity
	"DELETE /api/v1/follows/{account_id}": "L...DDDDDDDDGDD..D", // feed.follow
	"GET /api/v1/feed":                    "L...DDDDDDDDGDD..D", // feed.read
	"GET /api/v1/accounts/{id}":           "............G.....", // content.read_published
	"GET /api/v1/accounts/{id}/followers": "............G.....", // content.read_published
	"GET /api/v1/accounts/{id}/following": "............G.....", // content.read_published
}

func init() { maps.Copy(matrix, feedMatrix) }

var mp4Bytes = append([]byte("\x00\x00\x00\x18ftypmp42"), bytes.Repeat([]byte{0}, 100)...)

// feedWorld is a creatorWorld with two creators whose content fans follow.
type feedWorld struct {
	*creatorWorld
	amy, bob     string // session tokens of the creators
	amyID, bobID string
	titles       map[string]string // content id → title
	pushed       []string
}

// newFeedWorld certifies amy (posts, videos, products) and bob (posts), and
// makes bob's creator account a merchant's so the creators tab leaves it out.
func newFeedWorld(t testing.TB, d *db.DB, settings ...string) *feedWorld {
	w := &feedWorld{creatorWorld: newCreatorWorld(t, d, settings...), titles: map[string]string{}}
	w.amy = w.certify("amy", "19900101", "graphic_post", "short_video", "product_mounting")
	w.bob = w.certify("bob", "19910101", "graphic_post")
	w.amyID = w.call("GET", "/api/v1/me", w.amy, nil).String("id")
	w.bobID = w.call("GET", "/api/v1/me", w.bob, nil).String("id")
	_, err := d.Exec(context.Background(), `UPDATE creator_accounts SET type = 'merchant' WHERE user_id = ?`, w.bobID)
	testkit.Must(t, err)
	return w
}

// publish publishes content of typ as token and, with push, pushes it to
// the follower feed; a minute passes on the clock after each.
func (w *feedWorld) publish(token, typ, title string, push bool) string {
	w.t.Helper()
	body := map[string]any{"type": typ, "title": title, "body": title + "：今天的分享"}
	switch typ {
	case "video":
		body["media"] = []string{w.upload(token, "content", mp4Bytes).String("id")}
		body["cover"] = w.upload(token, "content", pngBytes).String("id")
	case "item":
		body["products"] = []map[string]any{{"id": "sku-" + title}}
		body["body"] = title + "：鞋底回弹很好，适合慢跑"
	}
	c := w.call("POST", "/api/v1/contents", token, body)
	c.Expect(w.t, http.StatusCreated, "")
	id := c.String("id")
	w.call("POST", "/api/v1/contents/"+id+"/submit", token, map[string]any{}).Expect(w.t, http.StatusOK, "")
	w.call("POST", "/api/v1/review-queue/"+id+"/approve", w.ops, nil).Expect(w.t, http.StatusOK, "")
	if push {
		w.call("POST", "/api/v1/contents/"+id+"/push", token, map[string]any{"targets": []string{"feed"}}).Expect(w.t, http.StatusOK, "")
	}
	w.titles[id] = title
	w.env.Clock.Advance(time.Minute)
	return id
}

// feed reads every page of token's feed in tab (pages of limit) and
// returns the titles in order.
func (w *feedWorld) feed(token, tab string, limit int) []string {
	w.t.Helper()
	var out []string
	cursor := ""
	for range 50 {
		a := w.call("GET", fmt.Sprintf("/api/v1/feed?tab=%s&limit=%d&cursor=%s", tab, limit, cursor), token, nil)
		a.Expect(w.t, http.StatusOK, "")
		items := a.Body["items"].([]any)
		if len(items) > limit {
			w.t.Fatalf("page of %d items for limit %d", len(items), limit)
		}
		for _, it := range items {
			out = append(out, it.(map[string]any)["content"].(map[string]any)["title"].(string))
		}
		if cursor = a.String("next_cursor"); cursor == "" {
			return out
		}
	}
	w.t.Fatal("the feed does not end")
	return nil
}

func expectFeed(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got %q, want %q", what, got, want)
	}
}

func TestFollowsFeedsAndHomepages(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newFeedWorld(t, d)
		fay, fayID := w.signUp("fay")

		// Refusals name the field and change nothing.
		w.call("PUT", "/api/v1/follows/"+fayID, fay, nil).Expect(t, 422, "invalid", "account_id")
		w.call("PUT", "/api/v1/follows/no-such-account", fay, nil).Expect(t, 404, "not_found")
		w.call("GET", "/api/v1/feed?tab=radio", fay, nil).Expect(t, 422, "invalid", "tab")
		w.call("GET", "/api/v1/feed?cursor=nonsense", fay, nil).Expect(t, 422, "invalid", "cursor")
		if n := w.count("follows"); n != 0 {
			t.Fatalf("refusals wrote %d follows", n)
		}
		// An empty feed is an empty list.
		expectFeed(t, "empty feed", w.feed(fay, "all", 20))

		w.call("PUT", "/api/v1/follows/"+w.amyID, fay, map[string]any{"special": true}).Expect(t, http.StatusOK, "")
		r := w.call("PUT", "/api/v1/follows/"+w.bobID, fay, nil)
		if r.Status != http.StatusOK || r.Body["following"] != true || r.Body["special"] != false {
			t.Fatalf("follow: %s", r.Raw)
		}

		w.publish(w.amy, "post", "春日穿搭", true)
		video := w.publish(w.amy, "video", "晨跑视频", true)
		item := w.publish(w.amy, "item", "跑鞋测评", true)
		w.publish(w.bob, "post", "新茶上市", true)
		w.publish(w.bob, "post", "只在主页", false)

		// Fan-out on write runs as jobs: nothing is in the inbox before they run.
		expectFeed(t, "before fan-out", w.feed(fay, "all", 20))
		w.env.DrainJobs(t)
		expectFeed(t, "all", w.feed(fay, "all", 20), "新茶上市", "跑鞋测评", "晨跑视频", "春日穿搭")
		expectFeed(t, "all in pages of 3", w.feed(fay, "all", 3), "新茶上市", "跑鞋测评", "晨跑视频", "春日穿搭")
		expectFeed(t, "video", w.feed(fay, "video", 20), "晨跑视频")
		expectFeed(t, "new arrivals", w.feed(fay, "new", 20), "跑鞋测评")
		expectFeed(t, "special", w.feed(fay, "special", 20), "跑鞋测评", "晨跑视频", "春日穿搭")
		expectFeed(t, "creators", w.feed(fay, "creators", 2), "跑鞋测评", "晨跑视频", "春日穿搭")
		first := w.call("GET", "/api/v1/feed?limit=1", fay, nil)
		if a := first.Body["items"].([]any)[0].(map[string]any)["author"].(map[string]any); a["id"] != w.bobID || a["name"] != "bob studio" {
			t.Fatalf("feed item author: %s", first.Raw)
		}

		// A follower who follows after the pushes sees recent posts at once.
		gus, _ := w.signUp("gus")
		w.call("PUT", "/api/v1/follows/"+w.amyID, gus, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "late follower", w.feed(gus, "all", 20), "跑鞋测评", "晨跑视频", "春日穿搭")
		expectFeed(t, "late follower's special tab", w.feed(gus, "special", 20))
		// Marking the follow special afterwards brings the rows already in the inbox into the special tab.
		w.call("PUT", "/api/v1/follows/"+w.amyID, gus, map[string]any{"special": true}).Expect(t, http.StatusOK, "")
		expectFeed(t, "late follower's special tab once marked", w.feed(gus, "special", 2), "跑鞋测评", "晨跑视频", "春日穿搭")

		// A withdrawn push vanishes at once; the retraction job then empties the inboxes.
		w.call("POST", "/api/v1/contents/"+video+"/withdraw-push", w.amy, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "after withdrawal", w.feed(fay, "all", 20), "新茶上市", "跑鞋测评", "春日穿搭")
		expectFeed(t, "late follower after withdrawal", w.feed(gus, "all", 20), "跑鞋测评", "春日穿搭")
		inbox := w.count("feed_inbox")
		w.env.DrainJobs(t)
		if n := w.count("feed_inbox"); n != inbox-2 {
			t.Fatalf("retraction left %d of %d inbox rows", n, inbox)
		}
		// Deleted content vanishes too.
		w.call("DELETE", "/api/v1/contents/"+item, w.amy, nil).Expect(t, http.StatusNoContent, "")
		expectFeed(t, "after deletion", w.feed(fay, "all", 20), "新茶上市", "春日穿搭")
		// An operator's restoration brings it back; the withdrawn push stays away.
		w.call("POST", "/api/v1/contents/"+item+"/restore", w.ops, nil).Expect(t, http.StatusOK, "")
		expectFeed(t, "after restoration", w.feed(fay, "all", 20), "新茶上市", "跑鞋测评", "春日穿搭")
		w.call("DELETE", "/api/v1/contents/"+item, w.amy, nil).Expect(t, http.StatusNoContent, "")

		// Unfollowing empties the feed of the account at once; again is harmless.
		w.call("DELETE", "/api/v1/follows/"+w.bobID, fay, nil).Expect(t, http.StatusNoContent, "")
		w.call("DELETE", "/api/v1/follows/"+w.bobID, fay, nil).Expect(t, http.StatusNoContent, "")
		expectFeed(t, "after unfollow", w.feed(fay, "all", 20), "春日穿搭")

		// Homepage: profile, counts, the reader's relation; pinned content first.
		w.call("POST", "/api/v1/contents/"+video+"/pin", w.amy, nil).Expect(t, http.StatusOK, "")
		h := w.call("GET", "/api/v1/accounts/"+w.amyID, fay, nil)
		h.Expect(t, http.StatusOK, "")
		viewer := h.Body["viewer"].(map[string]any)
		if h.String("name") != "amy studio" || h.Body["followers"].(float64) != 2 || h.Body["following"].(float64) != 0 ||
			viewer["following"] != true || viewer["special"] != true || viewer["self"] != false {
			t.Fatalf("homepage: %s", h.Raw)
		}
		if c := h.Body["contents"].([]any); len(c) != 2 || c[0].(map[string]any)["id"] != video {
			t.Fatalf("homepage contents: %s", h.Raw)
		}
		if anon := w.call("GET", "/api/v1/accounts/"+w.amyID, "", nil); anon.Body["viewer"] != nil {
			t.Fatalf("anonymous homepage: %s", anon.Raw)
		}
		if me := w.call("GET", "/api/v1/accounts/"+fayID, fay, nil); me.Body["following"].(float64) != 1 ||
			me.Body["viewer"].(map[string]any)["self"] != true || me.String("name") != "fay" {
			t.Fatalf("own homepage: %s", me.Raw)
		}
		w.call("GET", "/api/v1/accounts/no-such-account", "", nil).Expect(t, 404, "not_found")

		// Lists: newest first, in pages; special marks on one's own list only.
		followers := w.call("GET", "/api/v1/accounts/"+w.amyID+"/followers?limit=1", "", nil)
		more := w.call("GET", "/api/v1/accounts/"+w.amyID+"/followers?limit=1&cursor="+followers.String("next_cursor"), "", nil)
		names := func(a testkit.Answer) (out []string) {
			for _, it := range a.Body["items"].([]any) {
				out = append(out, it.(map[string]any)["account"].(map[string]any)["name"].(string))
			}
			return out
		}
		if got := append(names(followers), names(more)...); strings.Join(got, ",") != "gus,fay" || more.Body["next_cursor"] != nil {
			t.Fatalf("followers: %s / %s", followers.Raw, more.Raw)
		}
		own := w.call("GET", "/api/v1/accounts/"+fayID+"/following", fay, nil)
		theirs := w.call("GET", "/api/v1/accounts/"+fayID+"/following", gus, nil)
		if own.Body["items"].([]any)[0].(map[string]any)["special"] != true || theirs.Body["items"].([]any)[0].(map[string]any)["special"] != false {
			t.Fatalf("special marks: %s / %s", own.Raw, theirs.Raw)
		}

		// Special is changed by following again; every change is audited.
		w.call("PUT", "/api/v1/follows/"+w.amyID, fay, map[string]any{"special": false}).Expect(t, http.StatusOK, "")
		expectFeed(t, "special after unmarking", w.feed(fay, "special", 20))
		var actions []string
		rows, err := d.Query(context.Background(), `SELECT action FROM audit_events WHERE owner_id = ? AND action LIKE 'feed.%' ORDER BY occurred_at, id`, fayID)
		testkit.Must(t, err)
		for rows.Next() {
			var a string
			testkit.Must(t, rows.Scan(&a))
			actions = append(actions, a)
		}
		testkit.Must(t, rows.Close())
		if strings.Join(actions, ",") != "feed.follow,feed.follow,feed.unfollow,feed.plain_follow" {
			t.Fatalf("audit: %v", actions)
		}
	})
}

// TestFanoutOnWriteAndOnReadAgree builds the same history twice, once with
// every author below the read threshold (all fan-out on write) and once
// above it (all fan-out on read), and compares every tab of every reader,
// before and after withdrawals, deletions and unfollows.
func TestFanoutOnWriteAndOnReadAgree(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		build := func(d *db.DB, threshold string) (*feedWorld, map[string]string) {
			w := newFeedWorld(t, d, "HELIO_FEED_READ_THRESHOLD="+threshold, "HELIO_FEED_FANOUT_BATCH=2")
			readers := map[string]string{}
			for _, name := range []string{"r1", "r2", "r3", "r4", "r5"} {
				readers[name], _ = w.signUp(name)
			}
			for name, tok := range readers {
				w.call("PUT", "/api/v1/follows/"+w.amyID, tok, map[string]any{"special": name == "r1"}).Expect(t, http.StatusOK, "")
				if name != "r2" {
					w.call("PUT", "/api/v1/follows/"+w.bobID, tok, nil).Expect(t, http.StatusOK, "")
				}
			}
			var ids []string
			for i := range 6 {
				ids = append(ids, w.publish(w.amy, []string{"post", "video", "item"}[i%3], fmt.Sprintf("amy-%d", i), true))
				ids = append(ids, w.publish(w.bob, "post", fmt.Sprintf("bob-%d", i), i%2 == 0))
			}
			w.env.DrainJobs(t)
			late, _ := w.signUp("late")
			w.call("PUT", "/api/v1/follows/"+w.amyID, late, nil).Expect(t, http.StatusOK, "")
			readers["late"] = late
			w.pushed = ids
			return w, readers
		}
		snapshot := func(w *feedWorld, readers map[string]string) map[string][]string {
			out := map[string][]string{}
			for name, tok := range readers {
				for _, tab := range []string{"all", "new", "video", "special", "creators"} {
					out[name+"/"+tab] = w.feed(tok, tab, 4)
				}
			}
			return out
		}
		changes := func(w *feedWorld, readers map[string]string) {
			w.call("POST", "/api/v1/contents/"+w.pushed[2]+"/withdraw-push", w.amy, nil).Expect(t, http.StatusOK, "")
			w.call("DELETE", "/api/v1/contents/"+w.pushed[4], w.amy, nil).Expect(t, http.StatusNoContent, "")
			w.call("DELETE", "/api/v1/follows/"+w.bobID, readers["r3"], nil).Expect(t, http.StatusNoContent, "")
			w.call("PUT", "/api/v1/follows/"+w.amyID, readers["r4"], map[string]any{"special": true}).Expect(t, http.StatusOK, "")
			w.call("PUT", "/api/v1/follows/"+w.amyID, readers["r1"], map[string]any{"special": false}).Expect(t, http.StatusOK, "")
			w.env.DrainJobs(t)
		}
		write, writeReaders := build(d, "1000000")
		read, readReaders := build(testkit.Open(t, d.Dialect()), "1")
		var modes []string
		for _, w := range []*feedWorld{write, read} {
			var m string
			testkit.Must(t, w.env.DB.QueryRow(context.Background(), `SELECT MIN(fanout) || MAX(fanout) FROM feed_entries`).Scan(&m))
			modes = append(modes, m)
		}
		if modes[0] != "writewrite" || modes[1] != "readread" || read.count("feed_inbox") != 0 {
			t.Fatalf("fan-out modes %v, %d inbox rows on read", modes, read.count("feed_inbox"))
		}
		before := snapshot(write, writeReaders)
		if !maps.EqualFunc(before, snapshot(read, readReaders), slices.Equal) {
			t.Fatalf("feeds differ:\nwrite %v\nread  %v", before, snapshot(read, readReaders))
		}
		if all := before["r1/all"]; len(all) != 9 || all[0] != "amy-5" {
			t.Fatalf("r1's feed: %v", all)
		}
		changes(write, writeReaders)
		changes(read, readReaders)
		after := snapshot(write, writeReaders)
		if !maps.EqualFunc(after, snapshot(read, readReaders), slices.Equal) {
			t.Fatalf("feeds differ after changes:\nwrite %v\nread  %v", after, snapshot(read, readReaders))
		}
		if all := after["r1/all"]; len(all) != 7 || slices.Contains(all, "amy-1") || slices.Contains(all, "amy-2") {
			t.Fatalf("r1's feed after changes: %v", all)
		}
		if special := after["r4/special"]; len(special) != 4 || len(after["r1/special"]) != 0 {
			t.Fatalf("special tabs after marking r4's follow and unmarking r1's: %v / %v", special, after["r1/special"])
		}
		if all := after["r3/all"]; slices.ContainsFunc(all, func(s string) bool { return strings.HasPrefix(s, "bob") }) {
			t.Fatalf("r3 still sees bob: %v", all)
		}
	})
}

// TestCrossingTheReadThreshold checks that an account whose followers pass
// the threshold keeps its earlier pushes in the inboxes and serves its
// later ones on read, and that readers see both once, in order.
func TestCrossingTheReadThreshold(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newFeedWorld(t, d, "HELIO_FEED_READ_THRESHOLD=3")
		r1, _ := w.signUp("r1")
		r2, _ := w.signUp("r2")
		for _, tok := range []string{r1, r2} {
			w.call("PUT", "/api/v1/follows/"+w.amyID, tok, nil).Expect(t, http.StatusOK, "")
		}
		w.publish(w.amy, "post", "before", true)
		w.env.DrainJobs(t)
		r3, _ := w.signUp("r3")
		w.call("PUT", "/api/v1/follows/"+w.amyID, r3, nil).Expect(t, http.StatusOK, "")
		w.publish(w.amy, "post", "after", true)
		w.env.DrainJobs(t)
		var modes string
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT MIN(fanout) || '/' || MAX(fanout) FROM feed_entries`).Scan(&modes))
		if modes != "read/write" || w.count("feed_inbox") != 3 {
			t.Fatalf("modes %s, %d inbox rows", modes, w.count("feed_inbox"))
		}
		for _, tok := range []string{r1, r2, r3} {
			expectFeed(t, "feed across the threshold", w.feed(tok, "all", 1), "after", "before")
		}
	})
}
