package httpapi_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpapi"
	"github.com/helio-platform/helio/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite api/openapi.json from the route table")

const good = "Tea-Leaf-42"

func TestSignUpLogInLogOut(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}

		a := c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "138 0013 8000", "nickname": "小雅穿搭", "password": good})
		a.Expect(t, http.StatusCreated, "")
		if a.String("phone") != "13800138000" || a.String("nickname") != "小雅穿搭" || a.String("id") == "" {
			t.Fatalf("sign-up answer: %s", a.Raw)
		}
		if strings.Contains(string(a.Raw), "password") {
			t.Fatalf("sign-up answer mentions the password: %s", a.Raw)
		}

		// Field-level refusals, and nothing is written.
		for _, bad := range []struct {
			body   map[string]any
			fields []string
		}{
			{map[string]any{"email": "lin@example.com", "nickname": "ＸＩＡＯ", "password": "short"}, []string{"password"}},
			{map[string]any{"email": "lin@example.com", "nickname": "lin", "password": "abcdefgh1"}, []string{"password"}},
			{map[string]any{"phone": "13800138000", "nickname": "other", "password": good}, []string{"phone"}},
			{map[string]any{"email": "x@example.com", "nickname": "小雅穿搭", "password": good}, []string{"nickname"}},
			{map[string]any{"nickname": "lonely", "password": good}, []string{"email", "phone"}},
		} {
			c.Call(t, "POST", "/api/v1/users", "", bad.body).Expect(t, http.StatusUnprocessableEntity, "invalid", bad.fields...)
		}
		var users int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&users))
		if users != 1 {
			t.Fatalf("refused sign-ups left %d users", users)
		}
		// Nickname uniqueness ignores case and width.
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "a@example.com", "nickname": "LeoRuns", "password": good}).
			Expect(t, http.StatusCreated, "")
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "b@example.com", "nickname": "ｌｅｏｒｕｎｓ", "password": good}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "nickname")

		// Log in by phone, e-mail and nickname.
		for _, login := range []string{"13800138000", "+86 138 0013 8000", "小雅穿搭"} {
			c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": login, "password": good, "device_id": "dev-a"}).
				Expect(t, http.StatusCreated, "")
		}
		c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "A@Example.com", "password": good}).Expect(t, http.StatusCreated, "")

		// Wrong password and unknown login answer alike.
		wrong := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "小雅穿搭", "password": "Wrong-pass-1"})
		unknown := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "nobody", "password": "Wrong-pass-1"})
		wrong.Expect(t, http.StatusUnauthorized, "unauthenticated")
		unknown.Expect(t, http.StatusUnauthorized, "unauthenticated")
		if wrong.Error()["message"] != unknown.Error()["message"] {
			t.Fatalf("answers differ: %s vs %s", wrong.Raw, unknown.Raw)
		}

		login := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "小雅穿搭", "password": good, "device_id": "dev-a"})
		login.Expect(t, http.StatusCreated, "")
		token := login.String("token")
		if token == "" || !strings.Contains(login.Header.Get("Set-Cookie"), "HttpOnly") {
			t.Fatalf("log-in answer: %s %v", login.Raw, login.Header)
		}
		me := c.Call(t, "GET", "/api/v1/me", token, nil)
		me.Expect(t, http.StatusOK, "")
		if me.String("nickname") != "小雅穿搭" {
			t.Fatalf("me: %s", me.Raw)
		}
		c.Call(t, "GET", "/api/v1/me", "", nil).Expect(t, http.StatusUnauthorized, "unauthenticated")
		c.Call(t, "GET", "/api/v1/me", "forged", nil).Expect(t, http.StatusUnauthorized, "unauthenticated")

		c.Call(t, "DELETE", "/api/v1/sessions/current", token, nil).Expect(t, http.StatusNoContent, "")
		c.Call(t, "GET", "/api/v1/me", token, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")

		// Every step is in the owner's audit trail, including the failures.
		var n int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE action = 'session.login' AND outcome = 'failed' AND owner_id = ?`,
			me.String("id")).Scan(&n))
		if n != 1 {
			t.Fatalf("failed log-ins audited for the owner: %d, want 1", n)
		}
	})
}

func TestSessionExpires(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_SESSION_TTL=1h")
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "e@example.com", "nickname": "expiring", "password": good}).Expect(t, 201, "")
		token := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "expiring", "password": good}).String("token")
		env.Clock.Advance(59 * 60e9)
		c.Call(t, "GET", "/api/v1/me", token, nil).Expect(t, http.StatusOK, "") // slides the expiry
		env.Clock.Advance(59 * 60e9)
		c.Call(t, "GET", "/api/v1/me", token, nil).Expect(t, http.StatusOK, "")
		env.Clock.Advance(61 * 60e9)
		c.Call(t, "GET", "/api/v1/me", token, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")
	})
}

func TestOperatorsAndMessages(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		ctx := context.Background()
		_, err := env.Accounts.CreateOperator(ctx, account.Operator{Login: "ops", Password: good, Roles: []string{"reviewer"}})
		testkit.Must(t, err)
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "fan@example.com", "nickname": "fan", "password": good}).Expect(t, 201, "")
		op := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "ops", "password": good}).String("token")
		fan := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "fan", "password": good}).String("token")

		ov := c.Call(t, "GET", "/api/v1/backoffice/overview", op, nil)
		ov.Expect(t, http.StatusOK, "")
		if ov.Body["users"].(float64) != 2 {
			t.Fatalf("overview: %s", ov.Raw)
		}
		denied := c.Call(t, "GET", "/api/v1/backoffice/overview", fan, nil)
		denied.Expect(t, http.StatusForbidden, "forbidden")
		if !strings.Contains(denied.Error()["message"].(string), "operator role") {
			t.Fatalf("forbidden message does not name the role: %s", denied.Raw)
		}

		// The welcome message, delivered to the message centre and, by a job, outside.
		msgs := c.Call(t, "GET", "/api/v1/messages", fan, nil)
		msgs.Expect(t, http.StatusOK, "")
		items := msgs.Body["items"].([]any)
		if len(items) != 1 || msgs.Body["unread"].(float64) != 1 || msgs.Body["next_cursor"] != nil {
			t.Fatalf("messages: %s", msgs.Raw)
		}
		id := items[0].(map[string]any)["id"].(string)
		c.Call(t, "POST", "/api/v1/messages/"+id+"/read", op, nil).Expect(t, http.StatusNotFound, "not_found")
		c.Call(t, "POST", "/api/v1/messages/"+id+"/read", fan, nil).Expect(t, http.StatusNoContent, "")
		if c.Call(t, "GET", "/api/v1/messages", fan, nil).Body["unread"].(float64) != 0 {
			t.Fatal("message still unread")
		}
		c.Call(t, "GET", "/api/v1/messages?limit=500", fan, nil).Expect(t, 422, "invalid", "limit")

		// Audit: a user sees only their own trail; an admin sees everyone's.
		own := c.Call(t, "GET", "/api/v1/audit-events?owner=someone-else", fan, nil)
		own.Expect(t, http.StatusOK, "")
		for _, e := range own.Body["items"].([]any) {
			if e.(map[string]any)["owner_id"] == "someone-else" {
				t.Fatal("user read another account's trail")
			}
		}
		c.Call(t, "GET", "/api/v1/audit-events?from=yesterday", fan, nil).Expect(t, 422, "invalid", "from")
		// The CSV is an audit export job: the address starts one and points
		// to it; its file holds what happened before it was asked for.
		env.Clock.Advance(time.Second)
		job := c.Call(t, "GET", "/api/v1/audit-events.csv?action=session.login&owner=someone-else", fan, nil)
		job.Expect(t, http.StatusSeeOther, "")
		if loc := job.Header.Get("Location"); loc != "/api/v1/exports/"+job.String("id") || job.String("kind") != "audit" {
			t.Fatalf("the audit CSV points to %q: %s", loc, job.Raw)
		}
		env.DrainJobs(t)
		done := c.Call(t, "GET", job.Header.Get("Location"), fan, nil)
		done.Expect(t, http.StatusOK, "")
		csv := c.Call(t, "GET", done.String("url"), fan, nil)
		csv.Expect(t, http.StatusOK, "")
		if lines := strings.Split(strings.TrimSpace(string(csv.Raw)), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "\ufeffoccurred_at,") || !strings.Contains(lines[1], ",session.login,") {
			t.Fatalf("csv export:\n%s", csv.Raw)
		}
		c.Call(t, "GET", "/api/v1/audit-events.csv", "", nil).Expect(t, http.StatusUnauthorized, "unauthenticated")
	})
}

func TestErrorsFollowAPIConventions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, testkit.Open(t, db.SQLite))
	c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
	c.Call(t, "GET", "/api/v1/nowhere", "", nil).Expect(t, http.StatusNotFound, "not_found")
	// Malformed JSON and schema violations use the same body.
	r := httptest.NewRequest("POST", "/api/v1/users", strings.NewReader("{not json"))
	r.Header.Set("Content-Type", "application/json")
	w := env.Do(r)
	if w.Code != http.StatusBadRequest && w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad JSON status %d", w.Code)
	}
	var body httpapi.ErrorBody
	testkit.Must(t, json.Unmarshal(w.Body.Bytes(), &body))
	if body.Error.Code != "invalid" || body.Error.RequestID == "" {
		t.Fatalf("bad JSON answer: %s", w.Body)
	}
	c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "x@example.com"}).Expect(t, 422, "invalid", "nickname", "password")
	// Chinese when asked.
	c2 := testkit.Client{Handler: env.Handler, Header: http.Header{"Accept-Language": {"zh-CN"}}, Device: new(testkit.DeviceJar)}
	a := c2.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "x@example.com", "nickname": "n", "password": good})
	if f := a.Error()["fields"].(map[string]any)["nickname"].(string); !strings.Contains(f, "字") {
		t.Fatalf("nickname error not in Chinese: %s", a.Raw)
	}
	// A cross-site browser POST is refused.
	r = httptest.NewRequest("POST", "/api/v1/users", strings.NewReader(`{}`))
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.Header.Set("Origin", "https://evil.example")
	if w := env.Do(r); w.Code != http.StatusForbidden {
		t.Fatalf("cross-site POST answered %d", w.Code)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
			if w := env.Do(httptest.NewRequest("GET", path, nil)); w.Code != want {
				t.Fatalf("%s = %d", path, w.Code)
			}
		}
		env.Do(httptest.NewRequest("GET", "/api/v1/me", nil))
		scrape := httptest.NewRequest("GET", "/metrics", nil)
		scrape.RemoteAddr = "127.0.0.1:9090"
		w := env.Do(scrape)
		body := w.Body.String()
		for _, want := range []string{`helio_http_requests_total{route="GET /api/v1/me",status="401"} 1`,
			`helio_http_request_duration_seconds_bucket{route="GET /api/v1/me"`, `helio_jobs{state="queued"}`} {
			if !strings.Contains(body, want) {
				t.Fatalf("metrics lack %s:\n%s", want, body)
			}
		}
		if w.Header().Get("X-Request-Id") == "" {
			t.Fatal("no X-Request-Id")
		}
	})
}

// TestOpenAPIDocumentMatchesRoutes fails when the route table and the
// committed document (api/openapi.json) disagree. Run with -update after
// changing routes.
func TestOpenAPIDocumentMatchesRoutes(t *testing.T) {
	env := apptest.New(t, testkit.Open(t, db.SQLite))
	w := env.Do(httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if w.Code != 200 {
		t.Fatalf("openapi.json: %d", w.Code)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	testkit.Must(t, json.Unmarshal(w.Body.Bytes(), &doc))
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi version %s", doc.OpenAPI)
	}
	var inDoc, inTable []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			inDoc = append(inDoc, strings.ToUpper(method)+" "+path+" "+op["x-permission"].(string))
		}
	}
	for _, r := range env.API.Routes() {
		inTable = append(inTable, r.Method+" "+httpapi.Prefix+r.Path+" "+string(r.Permission))
	}
	slices.Sort(inDoc)
	slices.Sort(inTable)
	if !slices.Equal(inDoc, inTable) {
		t.Fatalf("document and route table differ:\ndoc:   %v\ntable: %v", inDoc, inTable)
	}
	file := filepath.Join("..", "..", "api", "openapi.json")
	var pretty map[string]any
	testkit.Must(t, json.Unmarshal(w.Body.Bytes(), &pretty))
	want, err := json.MarshalIndent(pretty, "", "  ")
	testkit.Must(t, err)
	want = append(want, '\n')
	if *update {
		testkit.Must(t, os.WriteFile(file, want, 0o644))
	}
	got, err := os.ReadFile(file)
	testkit.Must(t, err)
	if string(got) != string(want) {
		t.Fatalf("api/openapi.json is out of date with the route table: run go test ./internal/httpapi -run OpenAPI -update")
	}
}

// TestMetricsNeedATokenOrLoopback checks /metrics: without a token only
// loopback peers may scrape, and not for a client a local proxy forwards; with
// HELIO_METRICS_TOKEN, the bearer of that token may, from anywhere.
func TestMetricsNeedATokenOrLoopback(t *testing.T) {
	t.Parallel()
	const token = "scrape-token-0123456789"
	d := testkit.Open(t, db.SQLite)
	open, guarded := apptest.New(t, d), apptest.New(t, d, "HELIO_METRICS_TOKEN="+token)
	for _, tc := range []struct {
		name      string
		env       *apptest.Env
		peer, hdr string
		want      int
	}{
		{"no token, outside peer", open, "192.0.2.10:40000", "", http.StatusForbidden},
		{"no token, proxied from outside through a local proxy", open, "127.0.0.1:5000", "proxied", http.StatusForbidden},
		{"no token, IPv4 loopback", open, "127.0.0.1:9090", "", http.StatusOK},
		{"no token, IPv6 loopback", open, "[::1]:9090", "", http.StatusOK},
		{"token, none sent", guarded, "127.0.0.1:9090", "", http.StatusUnauthorized},
		{"token, wrong one", guarded, "192.0.2.10:40000", "Bearer " + token + "x", http.StatusUnauthorized},
		{"token, right one from outside", guarded, "192.0.2.10:40000", "Bearer " + token, http.StatusOK},
	} {
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = tc.peer
		switch tc.hdr {
		case "":
		case "proxied":
			r.Header.Set("X-Forwarded-For", "203.0.113.9")
		default:
			r.Header.Set("Authorization", tc.hdr)
		}
		if w := tc.env.Do(r); w.Code != tc.want || (w.Code == 200 && !strings.Contains(w.Body.String(), "helio_jobs")) {
			t.Errorf("%s: %d, want %d", tc.name, w.Code, tc.want)
		}
	}
}
