package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// publishForTest publishes content id the way an approval does, without
// the certification and review a console test does not exercise.
func publishForTest(t *testing.T, d *db.DB, id string) {
	t.Helper()
	_, err := d.Exec(context.Background(), `UPDATE contents SET status = 'published', published_version = version,
		published_title = title, published_body = body, published_fields = fields, published_at = updated_at WHERE id = ?`, id)
	testkit.Must(t, err)
}

// startDraft signs a creator up in a fresh browser and starts a draft of
// typ; it answers the browser, the editor's path and the content id.
func startDraft(t *testing.T, env *apptest.Env, email, nickname, typ, title string) (*browser, string, string) {
	t.Helper()
	b := newBrowser(t, env.Handler)
	b.do("POST", "/signup", url.Values{"email": {email}, "nickname": {nickname}, "password": {good}, "password_confirm": {good}})
	edit := b.do("POST", "/contents", url.Values{"type": {typ}, "title": {title}}).Header().Get("Location")
	return b, edit, strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")
}

func TestConsoleCommentsStatsAndPromote(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b, _, id := startDraft(t, env, "qiu@example.com", "qiu", "post", "秋天")

		list := b.do("GET", "/contents", nil).Body.String()
		for _, want := range []string{`href="/contents/` + id + `/comments" class="comments-link">Comments<`, `href="/contents/` + id + `/stats"`} {
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
		// Published and commented on: threads with replies, and the actions.
		publishForTest(t, d, id)
		api := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		api.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "fan@example.com", "nickname": "fan", "password": good}).Expect(t, http.StatusCreated, "")
		fan := api.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "fan", "password": good}).String("token")
		first := api.Call(t, "POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": "真好看"})
		first.Expect(t, http.StatusCreated, "")
		api.Call(t, "POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": "求链接", "parent_id": first.String("id")}).Expect(t, http.StatusCreated, "")
		if list := b.do("GET", "/contents", nil).Body.String(); !strings.Contains(list, "Comments (2)") {
			t.Fatalf("count: %s", list)
		}
		page := b.do("GET", "/contents/"+id+"/comments", nil).Body.String()
		if !strings.Contains(page, "真好看") || !strings.Contains(page, `class="replies"`) || !strings.Contains(page, "求链接") {
			t.Fatalf("threads: %s", page)
		}
		cm := "/contents/" + id + "/comments/" + first.String("id")
		for _, action := range []string{"pin", "reward", "hide"} {
			if w := b.do("POST", cm, url.Values{"action": {action}}); w.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", action, w.Code, w.Body.String())
			}
		}
		page = b.do("GET", "/contents/"+id+"/comments?done=hide", nil).Body.String()
		if !strings.Contains(page, "Rewarded") || !strings.Contains(page, `value="unpin"`) || !strings.Contains(page, `value="show"`) {
			t.Fatalf("after pin, reward, hide: %s", page)
		}
		w = b.do("POST", "/contents/"+id+"/share", url.Values{})
		if page := w.Body.String(); w.Code != 200 || !strings.Contains(page, `id="share-code"`) || !strings.Contains(page, `id="share-link" type="text" value="http://`) || !strings.Contains(page, "/s/") || !strings.Contains(page, `id="stat-shares">1<`) {
			t.Fatalf("promote: %d %s", w.Code, page)
		}

		// Another person sees neither page.
		other := newBrowser(t, env.Handler)
		other.do("POST", "/signup", url.Values{"email": {"dong@example.com"}, "nickname": {"dong"}, "password": {good}, "password_confirm": {good}})
		if w := other.do("GET", "/contents/"+id+"/stats", nil); w.Code == 200 {
			t.Fatalf("stranger's stats: %d", w.Code)
		}
	})
}

// TestReaderPageCountsViewsAndProductClicks: the reader's page of published
// content counts a view; a product link counts a click and follows the
// product's link; the creator's analyse page shows both.
func TestReaderPageCountsViewsAndProductClicks(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b, _, id := startDraft(t, env, "du@example.com", "du", "post", "冬季清单")
		if w := b.do("GET", "/c/"+id, nil); w.Code != http.StatusNotFound {
			t.Fatalf("a draft's reader page = %d", w.Code)
		}
		_, err := d.Exec(context.Background(), `UPDATE contents SET fields = ? WHERE id = ?`,
			`{"products":[{"id":"https://shop.example/item/7"},{"id":"sku-8"}]}`, id)
		testkit.Must(t, err)
		publishForTest(t, d, id)
		reader := newBrowser(t, env.Handler)
		w := reader.do("GET", "/c/"+id, nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "冬季清单") || !strings.Contains(w.Body.String(), `href="/c/`+id+`/products/sku-8"`) ||
			!strings.Contains(w.Body.String(), `href="/c/`+id+`/products/https:%2F%2Fshop.example%2Fitem%2F7"`) {
			t.Fatalf("reader page = %d\n%s", w.Code, w.Body)
		}
		reader.do("GET", "/c/"+id, nil)
		if w := reader.do("GET", "/c/"+id+"/products/https:%2F%2Fshop.example%2Fitem%2F7", nil); w.Code != http.StatusFound || w.Header().Get("Location") != "https://shop.example/item/7" {
			t.Fatalf("product link = %d %s", w.Code, w.Header().Get("Location"))
		}
		if w := reader.do("GET", "/c/"+id+"/products/sku-8", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("product id = %d", w.Code)
		}
		if w := reader.do("GET", "/c/"+id+"/products/sku-9", nil); w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("unmounted product = %d", w.Code)
		}
		page := b.do("GET", "/contents/"+id+"/stats", nil).Body.String()
		if !strings.Contains(page, `id="stat-views">2<`) || !strings.Contains(page, `id="stat-product-clicks">2<`) {
			t.Fatalf("analyse page:\n%s", page)
		}
	})
}
