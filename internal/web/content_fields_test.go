package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
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
		b, edit, id := startDraft(t, env, "lin@example.com", "lin", "outfit", "通勤")
		page := b.do("GET", edit, nil).Body.String()
		// Without certification or the product-mounting capability the
		// products field and "Submit for review" are replaced by what is
		// missing and where to apply (SPEC §4.1).
		contains(t, "editor", page, `id="details"`, `name="category"`, `id="media-field"`, `id="apply-mount"`,
			`id="submit-refusal"`, `id="apply-submit"`)
		lacks(t, "editor", page, `id="products-field"`, `id="submit"`)
		contains(t, "content list", b.page("/contents"), `id="gated-types"`)
		lacks(t, "content list", b.page("/contents"), `<option value="video"`)
		fields := "/contents/" + id + "/fields"
		if w := b.do("POST", fields, url.Values{"version": {"1"}, "products": {"p-1 | left | 3"}}); w.Code != 422 || !strings.Contains(w.Body.String(), "line 1") {
			t.Fatalf("bad hotspot: %d %s", w.Code, w.Body.String())
		}
		w := b.do("POST", fields, url.Values{"version": {"1"}, "category": {"Work"}, "products": {"p-1 | 250 | 600\n\np-2|10|20"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("save details: %d %s", w.Code, w.Body.String())
		}
		page = b.do("GET", edit+"?done=saved", nil).Body.String()
		// Products saved earlier (say through the API) stay editable, with the refusal beside them.
		contains(t, "editor with products", page, `id="products-field"`, `id="mount-refusal"`)
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

// postFiles sends a multipart form of fields and one file per file field,
// as a browser keeping b's cookies would.
func postFiles(b *browser, path string, fields url.Values, files map[string][]byte) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile(name, name+".bin")
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	r := httptest.NewRequest("POST", path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, r)
	return w
}

func TestConsoleEditorUploads(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/signup", url.Values{"email": {"yu@example.com"}, "nickname": {"yu"}, "password": {good}, "password_confirm": {good}})
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)
		mp4 := append([]byte("\x00\x00\x00\x18ftypmp42"), bytes.Repeat([]byte{0}, 100)...)

		edit := b.do("POST", "/contents", url.Values{"type": {"video"}, "title": {"跑步"}}).Header().Get("Location")
		id := strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")
		if page := b.do("GET", edit, nil).Body.String(); !strings.Contains(page, `accept="video/*"`) || !strings.Contains(page, `id="cover-field"`) {
			t.Fatalf("video editor: %s", page)
		}
		w := postFiles(b, "/contents/"+id+"/fields", url.Values{"version": {"1"}}, map[string][]byte{"files": mp4, "cover": png})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("upload video and cover: %d %s", w.Code, w.Body.String())
		}
		page := b.do("GET", edit, nil).Body.String()
		if !strings.Contains(page, `name="media" value="`) || !strings.Contains(page, `id="current-cover"`) {
			t.Fatalf("after upload: %s", page)
		}

		post := b.do("POST", "/contents", url.Values{"type": {"post"}, "title": {"图文"}}).Header().Get("Location")
		pid := strings.TrimSuffix(strings.TrimPrefix(post, "/contents/"), "/edit")
		if w := postFiles(b, "/contents/"+pid+"/fields", url.Values{"version": {"1"}}, map[string][]byte{"files": png}); w.Code != http.StatusSeeOther {
			t.Fatalf("post image: %d %s", w.Code, w.Body.String())
		}
		if page := b.do("GET", post, nil).Body.String(); strings.Count(page, `name="media" value="`) != 1 {
			t.Fatalf("post images: %s", page)
		}
		// Unticking the image removes it.
		if w := b.do("POST", "/contents/"+pid+"/fields", url.Values{"version": {"2"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("remove image: %d", w.Code)
		}
		if page := b.do("GET", post, nil).Body.String(); strings.Contains(page, `name="media" value="`) {
			t.Fatalf("image kept: %s", page)
		}
	})
}
