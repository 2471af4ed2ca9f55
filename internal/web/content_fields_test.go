package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestConsoleEditorDetails(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/signup", url.Values{"email": {"lin@example.com"}, "nickname": {"lin"}, "password": {good}, "password_confirm": {good}})
		edit := b.do("POST", "/contents", url.Values{"type": {"outfit"}, "title": {"通勤"}}).Header().Get("Location")
		id := strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")
		page := b.do("GET", edit, nil).Body.String()
		for _, want := range []string{`id="details"`, `name="category"`, `id="media-field"`, `id="products-field"`, `id="mount-refusal"`} {
			if !strings.Contains(page, want) {
				t.Fatalf("editor lacks %s: %s", want, page)
			}
		}
		fields := "/contents/" + id + "/fields"
		if w := b.do("POST", fields, url.Values{"version": {"1"}, "products": {"p-1 | left | 3"}}); w.Code != 422 || !strings.Contains(w.Body.String(), "line 1") {
			t.Fatalf("bad hotspot: %d %s", w.Code, w.Body.String())
		}
		w := b.do("POST", fields, url.Values{"version": {"1"}, "category": {"Work"}, "products": {"p-1 | 250 | 600\n\np-2|10|20"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("save details: %d %s", w.Code, w.Body.String())
		}
		page = b.do("GET", edit+"?done=saved", nil).Body.String()
		if !strings.Contains(page, `value="Work"`) || !strings.Contains(page, "p-1 | 250 | 600\np-2 | 10 | 20") || !strings.Contains(page, `data-version="2"`) {
			t.Fatalf("after save: %s", page)
		}
		// A save on an outdated version is refused, not applied.
		if w := b.do("POST", fields, url.Values{"version": {"1"}, "category": {"Old"}}); w.Code != http.StatusConflict {
			t.Fatalf("stale save: %d", w.Code)
		}
		if page := b.do("GET", edit, nil).Body.String(); strings.Contains(page, `value="Old"`) {
			t.Fatal("stale save applied")
		}
		lst := b.do("POST", "/contents", url.Values{"type": {"list"}, "title": {"好物"}}).Header().Get("Location")
		lid := strings.TrimSuffix(strings.TrimPrefix(lst, "/contents/"), "/edit")
		if w := b.do("POST", "/contents/"+lid+"/fields", url.Values{"version": {"1"}, "products": {"p-9 | Soft | warm"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("list save: %d %s", w.Code, w.Body.String())
		}
		if page := b.do("GET", lst, nil).Body.String(); !strings.Contains(page, "p-9 | Soft | warm") {
			t.Fatalf("list commentary: %s", page)
		}
	})
}
