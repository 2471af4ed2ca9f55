package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestInternalErrorsAreLoggedOnceThroughTheAppLogger breaks the database
// under a wired process and checks that an internal error, in the API and
// in the console, is logged exactly once, as JSON, through the logger the
// app was given, and is answered without its cause.
func TestInternalErrorsAreLoggedOnceThroughTheAppLogger(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	env := map[string]string{"HELIO_JOB_WORKERS": "0"}
	cfg, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(k string) string { return env[k] })
	testkit.Must(t, err)
	apptest.CheapHashing(&cfg)
	d := testkit.Open(t, db.SQLite)
	a, err := app.New(context.Background(), cfg, app.Options{DB: d, Logger: logger})
	testkit.Must(t, err)
	d.Close()
	for _, tc := range []struct{ surface, method, path, ctype, body string }{
		{"api", "POST", "/api/v1/sessions", "application/json", `{"login":"someone","password":"Some-Pass-9"}`},
		{"console", "POST", "/login", "application/x-www-form-urlencoded", url.Values{"login": {"someone"}, "password": {"Some-Pass-9"}}.Encode()},
		{"console media", "GET", "/media/00000000-0000-0000-0000-000000000000", "", ""},
	} {
		buf.Reset()
		r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		r.Header.Set("Content-Type", tc.ctype)
		w := httptest.NewRecorder()
		a.Handler.ServeHTTP(w, r)
		if w.Code != 500 || strings.Contains(w.Body.String(), "closed") {
			t.Errorf("%s: %d %s, want a 500 without its cause", tc.surface, w.Code, w.Body)
		}
		internal := 0
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("%s: log line is not JSON: %q", tc.surface, line)
			}
			if rec["msg"] == "internal error" {
				internal++
			}
		}
		if internal != 1 {
			t.Errorf("%s: %d internal-error lines, want 1:\n%s", tc.surface, internal, buf.String())
		}
	}
}
