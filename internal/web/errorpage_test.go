package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/web"
)

// TestUnknownPathsGetTheDesignedNotFoundPage: a path no page serves
// answers 404 with the console's page in the visitor's language (not Go's
// bare "404 page not found"), while unknown API paths keep their JSON
// problem; the favicon is served.
func TestUnknownPathsGetTheDesignedNotFoundPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, testkit.Open(t, db.SQLite))
	for lang, want := range map[string]string{"en": "We cannot find this page", "zh-CN": "找不到这个页面"} {
		r := httptest.NewRequest("GET", "/no/such/page", nil)
		r.Header.Set("Accept-Language", lang)
		w := env.Do(r)
		body := w.Body.String()
		if w.Code != 404 || !strings.Contains(body, want) || strings.Contains(body, "404 page not found") ||
			!strings.Contains(body, `id="menu"`) || w.Header().Get("Content-Security-Policy") == "" {
			t.Fatalf("%s: GET /no/such/page = %d %q", lang, w.Code, body)
		}
	}
	w := env.Do(httptest.NewRequest("GET", "/api/v1/no-such-thing", nil))
	if w.Code != 404 || !strings.Contains(w.Header().Get("Content-Type"), "json") {
		t.Fatalf("unknown API path = %d %s %q", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	w = env.Do(httptest.NewRequest("GET", "/static/favicon.svg", nil))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<svg") {
		t.Fatalf("favicon = %d", w.Code)
	}
}

// TestRouteTableRefusalsGetTheDesignedForbiddenPage: a page the visitor's
// permissions do not open answers 403 with the designed error page, in
// English and in Chinese, naming what is missing, with the menu around it.
func TestRouteTableRefusalsGetTheDesignedForbiddenPage(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		_, b := reviewerBrowser(t, d)
		for lang, want := range map[string]string{"en": "This page is not open to you", "zh": "你无权打开这个页面"} {
			b.cookies[web.LangCookie] = &http.Cookie{Name: web.LangCookie, Value: lang}
			w := b.do("GET", "/backoffice/commission", nil)
			body := w.Body.String()
			if w.Code != http.StatusForbidden || !strings.Contains(body, `id="error-page"`) || !strings.Contains(body, want) ||
				!strings.Contains(body, `id="form-error"`) || !strings.Contains(body, `id="menu"`) {
				t.Fatalf("%s: GET /backoffice/commission as a reviewer = %d %q", lang, w.Code, body)
			}
		}
	})
}
