package httpapi_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestOversizedBodiesAre413 sends a JSON body over huma's 1 MiB, an upload
// over the media limit and a console form over its limit: each is a 413
// with the API's error body (code too_large) or the console's error page.
func TestOversizedBodiesAre413(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d, "HELIO_VIDEO_MAX_BYTES=4096")
		tok, _ := w.signUp("heavy")
		big := `{"login":"heavy","password":"` + strings.Repeat("x", 2<<20) + `"}`
		for _, tc := range []struct{ path, ctype, body string }{
			{"/api/v1/sessions", "application/json", big},
			{"/api/v1/media?purpose=content", "image/png", strings.Repeat("\x89PNG", 4096)},
		} {
			r := httptest.NewRequest("POST", tc.path, strings.NewReader(tc.body))
			r.Header.Set("Content-Type", tc.ctype)
			r.Header.Set("Authorization", "Bearer "+tok)
			rec := httptest.NewRecorder()
			w.env.Handler.ServeHTTP(rec, r)
			if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"code":"too_large"`) ||
				!strings.Contains(rec.Body.String(), `"request_id"`) {
				t.Errorf("%s: %d %s, want 413 too_large", tc.path, rec.Code, rec.Body)
			}
		}
		r := httptest.NewRequest("POST", "/login", bytes.NewReader(append([]byte("login=heavy&password="), bytes.Repeat([]byte("x"), 2<<20)...)))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		w.env.Handler.ServeHTTP(rec, r)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "too large") {
			t.Errorf("console form: %d %s, want 413", rec.Code, rec.Body)
		}
	})
}
