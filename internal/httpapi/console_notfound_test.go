package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestConsoleEditorPagesAnswer404 opens the editor, saves its details and
// submits for a missing and for someone else's content: each is a 404 with
// the API's "not found" message, not a 500.
func TestConsoleEditorPagesAnswer404(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		mine, _ := w.signUp("owner")
		other, _ := w.signUp("snoop")
		foreign := w.call("POST", "/api/v1/contents", mine, map[string]any{"type": "post", "title": "mine"}).String("id")
		for _, id := range []string{foreign, "00000000-0000-0000-0000-000000000000"} {
			api := w.call("GET", "/api/v1/contents/"+id, other, nil)
			api.Expect(t, http.StatusNotFound, "not_found")
			message := api.Error()["message"].(string)
			for _, tc := range []struct{ method, path string }{
				{"GET", "/contents/" + id + "/edit"},
				{"POST", "/contents/" + id + "/fields"},
				{"POST", "/contents/" + id + "/submit"},
			} {
				rec := w.console(tc.method, tc.path, other, "version=1&category=x")
				if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), message) {
					t.Errorf("%s %s: %d, want 404 with %q:\n%.300s", tc.method, tc.path, rec.Code, message, rec.Body)
				}
			}
		}
	})
}

// console sends a console request with the session of token and an
// url-encoded form.
func (w *creatorWorld) console(method, path, token, form string) *httptest.ResponseRecorder {
	return w.consoleIn("", method, path, token, form)
}

// consoleIn is console for a browser asking for lang (none when "").
func (w *creatorWorld) consoleIn(lang, method, path, token, form string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	r.AddCookie(&http.Cookie{Name: "helio_session", Value: token})
	rec := httptest.NewRecorder()
	w.env.Handler.ServeHTTP(rec, r)
	return rec
}
