package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestHomepagesReachTheOtherReplica: two processes on one database, each
// keeping the first homepage page of the accounts it has served
// (home_versions). A pin, a feature, a push to the homepage and its
// withdrawal, a republished edit, a withdrawal, a deletion and a new
// publication made through one replica show on the other's very next
// homepage read, in rank order, and paging through the rest stays exact
// across the ranks; the reader's follow is the reader's own.
func TestHomepagesReachTheOtherReplica(t *testing.T) {
	t.Parallel()
	onTwoReplicas(t, func(t *testing.T, d *db.DB, b testkit.Client) {
		w := newFeedWorld(t, d)
		w.amy = w.atLevelL3("amy", w.amyID)
		one := w.publish(w.amy, "post", "one", false)
		two := w.publish(w.amy, "post", "two", false)
		three := w.publish(w.amy, "post", "three", false)
		fay, _ := w.signUp("fay")
		// homeOnB reads amy's homepage through B twice as token (the second
		// answer comes from B's cache) and answers its titles, pushed ones
		// marked with a star.
		homeOnB := func(token string) (titles string, home testkit.Answer) {
			t.Helper()
			for range 2 {
				home = b.Call(t, "GET", "/api/v1/accounts/"+w.amyID, token, nil)
				home.Expect(t, http.StatusOK, "")
			}
			var out []string
			for _, it := range home.Body["contents"].([]any) {
				c := it.(map[string]any)
				title := c["title"].(string)
				if c["on_homepage"] == true {
					title += "*"
				}
				out = append(out, title)
			}
			return strings.Join(out, ","), home
		}
		expectHome := func(what, want string) {
			t.Helper()
			if got, _ := homeOnB(""); got != want {
				t.Fatalf("%s: homepage %s, want %s", what, got, want)
			}
		}
		expectHome("at first", "three,two,one")

		// The reader's relation is read for each reader, not kept.
		w.call("PUT", "/api/v1/follows/"+w.amyID, fay, nil).Expect(t, http.StatusOK, "")
		if _, h := homeOnB(fay); h.Body["followers"].(float64) != 1 || h.Body["viewer"].(map[string]any)["following"] != true {
			t.Fatalf("fay's view after a follow: %s", h.Raw)
		}
		if _, h := homeOnB(w.bob); h.Body["viewer"].(map[string]any)["following"] != false {
			t.Fatalf("bob's view: %s", h.Raw)
		}

		// Rank: pinned, featured and pushed to the homepage through A.
		w.call("POST", "/api/v1/contents/"+one+"/pin", w.amy, nil).Expect(t, http.StatusOK, "")
		expectHome("after a pin", "one,three,two")
		w.call("POST", "/api/v1/contents/"+two+"/feature", w.amy, nil).Expect(t, http.StatusOK, "")
		expectHome("after a feature", "one,two,three")
		w.call("POST", "/api/v1/contents/"+three+"/push", w.amy, map[string]any{"targets": []string{"homepage"}}).Expect(t, http.StatusOK, "")
		expectHome("after a push to the homepage", "three*,one,two")

		// Paging through B, a content a page, gives the same order.
		var paged []string
		for cursor, n := "", 0; n == 0 || cursor != ""; n++ {
			a := b.Call(t, "GET", fmt.Sprintf("/api/v1/accounts/%s/contents?limit=1&cursor=%s", w.amyID, cursor), "", nil)
			a.Expect(t, http.StatusOK, "")
			for _, it := range a.Body["items"].([]any) {
				paged = append(paged, it.(map[string]any)["title"].(string))
			}
			if cursor = a.String("next_cursor"); n > 5 {
				t.Fatalf("paging does not end: %v", paged)
			}
		}
		if got := strings.Join(paged, ","); got != "three,one,two" {
			t.Fatalf("paged homepage: %s", got)
		}

		w.call("POST", "/api/v1/contents/"+three+"/withdraw-push", w.amy, nil).Expect(t, http.StatusOK, "")
		expectHome("after the push's withdrawal", "one,two,three")
		w.call("POST", "/api/v1/contents/"+one+"/unpin", w.amy, nil).Expect(t, http.StatusOK, "")
		expectHome("after an unpin", "two,three,one")

		// A republished edit, a withdrawal, a deletion and a publication.
		w.call("PATCH", "/api/v1/contents/"+three, w.amy, map[string]any{"version": 1, "title": "three again"}).Expect(t, http.StatusOK, "")
		expectHome("after a draft save", "two,three,one")
		w.call("POST", "/api/v1/contents/"+three+"/submit", w.amy, map[string]any{}).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/review-queue/"+three+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
		expectHome("after a republished edit", "two,three again,one")
		w.call("POST", "/api/v1/contents/"+two+"/withdraw", w.amy, nil).Expect(t, http.StatusOK, "")
		expectHome("after a withdrawal", "three again,one")
		w.call("DELETE", "/api/v1/contents/"+one, w.amy, nil).Expect(t, http.StatusNoContent, "")
		expectHome("after a deletion", "three again")
		w.publish(w.amy, "post", "four", false)
		expectHome("after a publication", "four,three again")
	})
}
