package httpapi_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestReviewQueueListsEveryKindByDueTime: the default queue holds content
// and applications together, soonest due first, names the person who asked
// (not the post's title), pages without losing or repeating an item, and
// its status filter filters content too.
func TestReviewQueueListsEveryKindByDueTime(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok := w.certify("lin", "19900101", "graphic_post")
		var contents []string
		for _, title := range []string{"春季跑步计划", "夏季游泳计划", "秋季骑行计划"} {
			c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": title, "body": "每周三次"})
			c.Expect(t, http.StatusCreated, "")
			w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", tok, map[string]any{}).Expect(t, 200, "")
			contents = append(contents, c.String("id"))
			w.env.Clock.Advance(time.Hour)
		}
		// A certification waiting since before the posts is due first.
		w.env.Clock.Advance(-24 * time.Hour)
		other, _ := w.signUp("mei")
		w.verifyPerson(other, "林mei", "19910202")
		acct := w.call("POST", "/api/v1/creator-accounts", other, map[string]any{"type": "creator", "name": "mei studio"})
		acct.Expect(t, http.StatusCreated, "")
		doc := w.upload(other, "document", pngBytes).String("id")
		cert := w.call("POST", "/api/v1/certifications", other, map[string]any{"creator_account_id": acct.String("id"),
			"kind": "personal", "documents": []string{doc}})
		cert.Expect(t, http.StatusCreated, "")
		w.env.Clock.Advance(27 * time.Hour)

		list := func(query string) []map[string]any {
			var out []map[string]any
			cursor := ""
			for range 10 {
				a := w.call("GET", "/api/v1/review-queue?limit=2&"+query+"&cursor="+cursor, w.ops, nil)
				a.Expect(t, 200, "")
				for _, it := range a.Body["items"].([]any) {
					out = append(out, it.(map[string]any))
				}
				if cursor = a.String("next_cursor"); cursor == "" {
					return out
				}
			}
			t.Fatalf("%s: the pages never end", query)
			return nil
		}
		ids := func(items []map[string]any) []string {
			var out []string
			for _, it := range items {
				out = append(out, it["id"].(string))
			}
			return out
		}
		all := list("")
		if got, want := ids(all), append([]string{cert.String("id")}, contents...); !slices.Equal(got, want) {
			t.Fatalf("default queue %v, want %v", got, want)
		}
		for i, it := range all {
			if i > 0 && it["due_at"].(string) < all[i-1]["due_at"].(string) {
				t.Fatalf("not by due time: %v", all)
			}
		}
		if all[1]["applicant"] != "lin" || all[1]["subject"] != "春季跑步计划" || all[0]["applicant"] != "mei" {
			t.Fatalf("applicants: %v", all)
		}

		// Decided: the approved content shows, the waiting ones do not.
		w.call("POST", "/api/v1/review-queue/"+contents[0]+"/approve", w.ops, nil).Expect(t, 200, "")
		decided := ids(list("kind=content&status=decided"))
		if !slices.Equal(decided, contents[:1]) {
			t.Fatalf("decided content %v, want %v", decided, contents[:1])
		}
		if got := ids(list("status=pending")); !slices.Equal(got, []string{cert.String("id"), contents[1], contents[2]}) {
			t.Fatalf("pending %v", got)
		}
		if got := ids(list("status=all&kind=content")); !slices.Equal(got, contents) {
			t.Fatalf("all content %v", got)
		}
		w.call("GET", "/api/v1/review-queue?kind=nonsense", w.ops, nil).Expect(t, 422, "invalid", "kind")
		w.call("GET", "/api/v1/review-queue?status=nonsense", w.ops, nil).Expect(t, 422, "invalid", "status")
	})
}
