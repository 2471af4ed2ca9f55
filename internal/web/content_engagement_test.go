package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestConsoleCommentsStatsAndPromote(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/signup", url.Values{"email": {"qiu@example.com"}, "nickname": {"qiu"}, "password": {good}, "password_confirm": {good}})
		edit := b.do("POST", "/contents", url.Values{"type": {"post"}, "title": {"秋天"}}).Header().Get("Location")
		id := strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")

		list := b.do("GET", "/contents", nil).Body.String()
		for _, want := range []string{`href="/contents/` + id + `/comments"`, "Comments (0)", `href="/contents/` + id + `/stats"`} {
			if !strings.Contains(list, want) {
				t.Fatalf("list lacks %s: %s", want, list)
			}
		}
		if w := b.do("GET", "/contents/"+id+"/comments", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `id="no-comments"`) {
			t.Fatalf("comments: %d %s", w.Code, w.Body.String())
		}
		if w := b.do("POST", "/contents/"+id+"/comments/nope", url.Values{"action": {"pin"}}); w.Code != 404 || !strings.Contains(w.Body.String(), `id="no-comments"`) {
			t.Fatalf("moderate unknown comment: %d", w.Code)
		}
		w := b.do("GET", "/contents/"+id+"/stats", nil)
		if page := w.Body.String(); w.Code != 200 || !strings.Contains(page, `id="stat-likes">0<`) || !strings.Contains(page, `id="stat-clicks">0<`) || !strings.Contains(page, `id="make-share"`) {
			t.Fatalf("stats: %d %s", w.Code, page)
		}
		// A draft cannot be shared: the refusal shows, no code is made.
		if w := b.do("POST", "/contents/"+id+"/share", url.Values{}); w.Code != 404 || strings.Contains(w.Body.String(), `id="share-code"`) {
			t.Fatalf("share a draft: %d", w.Code)
		}
		// Another person sees neither page.
		other := newBrowser(t, env.Handler)
		other.do("POST", "/signup", url.Values{"email": {"dong@example.com"}, "nickname": {"dong"}, "password": {good}, "password_confirm": {good}})
		if w := other.do("GET", "/contents/"+id+"/stats", nil); w.Code == 200 {
			t.Fatalf("stranger's stats: %d", w.Code)
		}
	})
}
