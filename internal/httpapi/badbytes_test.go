package httpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestBadBytesAreRefusedAtTheEdge sends NUL characters and invalid UTF-8 in
// every kind of input the hardening review found answered 500 on
// PostgreSQL or stored on SQLite, and expects a 422 naming the field; a bad
// User-Agent is stored sanitised. A correct log-in works afterwards.
func TestBadBytesAreRefusedAtTheEdge(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("bytes")
		cursor := func(id string) string {
			return base64.RawURLEncoding.EncodeToString([]byte("2026-03-02T09:00:00Z|" + id))
		}
		send := func(method, target, token, ua, body string) (int, map[string]any, string) {
			r := httptest.NewRequest(method, "/", strings.NewReader(body))
			r.URL, _ = url.Parse(target) // keeps the escapes as sent
			r.RequestURI = target
			r.RemoteAddr = "192.0.2.10:40000"
			if body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			if token != "" {
				r.Header.Set("Authorization", "Bearer "+token)
			}
			if ua != "" {
				r.Header.Set("User-Agent", ua)
			}
			rec := httptest.NewRecorder()
			w.env.Handler.ServeHTTP(rec, r)
			var out map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			return rec.Code, out, rec.Body.String()
		}
		const bad = "must be valid UTF-8 text without NUL characters"
		for _, p := range []struct{ name, method, target, body, field, message string }{
			{"login NUL", "POST", "/api/v1/sessions", `{"login":"bytes\u0000","password":"x"}`, "login", bad},
			{"login invalid UTF-8", "POST", "/api/v1/sessions", "{\"login\":\"bytes\xff\",\"password\":\"x\"}", "login", bad},
			{"q NUL", "GET", "/api/v1/contents?q=%00", "", "q", bad},
			{"q invalid UTF-8", "GET", "/api/v1/contents?q=%FF", "", "q", bad},
			{"category NUL", "GET", "/api/v1/contents?category=a%00", "", "category", bad},
			{"category invalid UTF-8", "GET", "/api/v1/contents?category=%C3", "", "category", bad},
			{"path id NUL", "GET", "/api/v1/contents/a%00b", "", "id", bad},
			{"path id invalid UTF-8", "GET", "/api/v1/contents/%FF%FE", "", "id", bad},
			{"audit filter NUL", "GET", "/api/v1/audit-events?action=%00", "", "action", bad},
			{"audit filter invalid UTF-8", "GET", "/api/v1/audit-events?object=%E4%B8", "", "object", bad},
			{"cursor invalid UTF-8", "GET", "/api/v1/contents?cursor=%FF", "", "cursor", bad},
			{"cursor holding a NUL", "GET", "/api/v1/contents?cursor=" + cursor("a\x00b"), "", "cursor", "is not a cursor this server gave out"},
			{"title NUL", "POST", "/api/v1/contents", `{"type":"post","title":"a\u0000b"}`, "title", bad},
			{"title invalid UTF-8", "POST", "/api/v1/contents", "{\"type\":\"post\",\"title\":\"a\xc3(b\"}", "title", bad},
		} {
			status, out, raw := send(p.method, p.target, tok, "", p.body)
			e, _ := out["error"].(map[string]any)
			fields, _ := e["fields"].(map[string]any)
			if status != http.StatusUnprocessableEntity || e["code"] != "invalid" ||
				fields[p.field] != p.message {
				t.Errorf("%s: %d %s, want 422 invalid naming %s", p.name, status, raw, p.field)
			}
		}
		if n := w.count("contents"); n != 0 {
			t.Fatalf("refused titles wrote %d contents", n)
		}

		// A bad User-Agent is stored sanitised, and the log-in works.
		status, out, raw := send("POST", "/api/v1/sessions", "", "agent\xff\x00/1", `{"login":"bytes","password":"`+good+`","device_token":"`+w.c.Device.Token()+`"}`)
		session, _ := out["session"].(map[string]any)
		if status != http.StatusCreated || session["user_agent"] != "agent\uFFFD/1" {
			t.Fatalf("log-in with a bad User-Agent: %d %s", status, raw)
		}
		if status, _, raw := send("POST", "/api/v1/sessions", "", "", `{"login":"bytes","password":"`+good+`","device_token":"`+w.c.Device.Token()+`"}`); status != http.StatusCreated {
			t.Fatalf("a correct log-in after the probes: %d %s", status, raw)
		}

		// The console refuses a bad form value the same way.
		if rec := w.console("POST", "/contents", tok, "type=post&title=a%00b"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "<code>title</code>") {
			t.Fatalf("console form with a NUL: %d %s", rec.Code, rec.Body)
		}
	})
}
