package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestContentListBulkActions: the content list shows each item with its
// picture slot, numbers and one menu of actions; a bulk delete of two of
// three items, confirmed once, deletes exactly those through the same
// use case (one audit event each), and a bulk request without a selection
// or with an unknown action is refused with its field and changes nothing.
func TestContentListBulkActions(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b, _, first := startDraft(t, env, "bulk@example.com", "bulky", "post", "一")
		var ids []string
		for _, title := range []string{"二", "三"} {
			edit := b.do("POST", "/contents", url.Values{"type": {"post"}, "title": {title}}).Header().Get("Location")
			ids = append(ids, strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit"))
		}
		publishForTest(t, d, first)
		list := b.page("/contents")
		contains(t, "content list", list, `id="bulk"`, `data-confirm=`, `form="bulk"`, `id="select-`+first+`"`,
			`class="thumb thumb-empty"`, `class="numbers"`, `<details class="row-menu">`)
		lacks(t, "content list", list, "<table")

		for _, form := range []url.Values{
			{"bulk_action": {"delete"}},
			{"bulk_action": {"shred"}, "ids": {ids[0]}},
		} {
			w := b.do("POST", "/contents/bulk", form)
			if w.Code != 422 || !strings.Contains(w.Body.String(), `field-error`) {
				t.Fatalf("bulk %v = %d", form, w.Code)
			}
		}
		if w := b.do("POST", "/contents/bulk", url.Values{"bulk_action": {"delete"}, "ids": ids}); w.Code != http.StatusSeeOther {
			t.Fatalf("bulk delete = %d %s", w.Code, w.Body)
		}
		list = b.page("/contents")
		contains(t, "after the bulk delete", list, `data-id="`+first+`"`)
		lacks(t, "after the bulk delete", list, `data-id="`+ids[0]+`"`, `data-id="`+ids[1]+`"`)
		events, _, err := env.Audit.FindEvents(context.Background(), audit.Filter{Action: "content.delete"})
		testkit.Must(t, err)
		deleted := map[string]bool{}
		for _, e := range events {
			deleted[e.ObjectID] = true
		}
		if len(events) != 2 || !deleted[ids[0]] || !deleted[ids[1]] {
			t.Fatalf("audit of the bulk delete: %+v", events)
		}
	})
}
