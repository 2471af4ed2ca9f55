package app_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// syncBuffer is a log sink that server goroutines may write concurrently.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// hungUp is the writer of a client that hangs up once the answer starts:
// its first body write cancels the request and fails.
type hungUp struct {
	http.ResponseWriter
	cancel context.CancelFunc
}

func (h hungUp) Write([]byte) (int, error) {
	h.cancel()
	return 0, errors.New("write: broken pipe")
}

func wiredWithLog(t *testing.T, d *db.DB, log *syncBuffer) *app.App {
	t.Helper()
	env := map[string]string{"HELIO_JOB_WORKERS": "0"}
	cfg, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(k string) string { return env[k] })
	testkit.Must(t, err)
	apptest.CheapHashing(&cfg)
	a, err := app.New(context.Background(), cfg, app.Options{DB: d, Logger: slog.New(slog.NewJSONHandler(log, nil))})
	testkit.Must(t, err)
	return a
}

// TestClientsThatHangUpAreNotInternalErrors checks that a request whose
// client went away (its context cancelled) is not logged as an internal
// error, that the access log records 499, and that the answer's status is
// written once: net/http logs no "superfluous WriteHeader" for it.
func TestClientsThatHangUpAreNotInternalErrors(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		var appLog, serverLog syncBuffer
		a := wiredWithLog(t, d, &appLog)
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithCancel(r.Context())
			defer cancel()
			if r.URL.Query().Has("gone") {
				cancel() // the client left before the work was done
			}
			a.Handler.ServeHTTP(hungUp{ResponseWriter: w, cancel: cancel}, r.WithContext(ctx))
		}))
		srv.Config.ErrorLog = log.New(&serverLog, "", 0)
		srv.Start()
		defer srv.Close()
		for _, path := range []string{"/api/v1/sessions", "/api/v1/sessions?gone"} {
			resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(`{"login":"someone","password":"Some-Pass-9"}`))
			testkit.Must(t, err)
			resp.Body.Close()
		}
		srv.Close()
		if s := serverLog.String(); strings.Contains(s, "superfluous") {
			t.Errorf("the server logged a double write:\n%s", s)
		}
		logged := appLog.String()
		if strings.Contains(logged, "internal error") || strings.Contains(logged, `"level":"ERROR"`) {
			t.Errorf("a hang-up was logged as an error:\n%s", logged)
		}
		if n := strings.Count(logged, `"status":499`); n != 2 {
			t.Errorf("%d access-log lines with status 499, want 2:\n%s", n, logged)
		}
	})
}
