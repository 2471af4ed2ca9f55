// Package apptest wires a whole Helio process over a test database, with a
// fake clock, cheap password hashing and outgoing messages written to a file
// the test can read. Use it from external test packages (package x_test).
package apptest

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/testkit"
)

// Env is a wired process for one test.
type Env struct {
	*app.App
	Clock *clock.Fake
	// Outbox is the file the notify sender appends to.
	Outbox string
}

// New wires a process over d, with its data folder (media) in a temporary
// folder. Extra HELIO_* settings may be given as "KEY=VALUE" strings.
func New(t testing.TB, d *db.DB, settings ...string) *Env {
	t.Helper()
	outbox := filepath.Join(t.TempDir(), "outbox.jsonl")
	env := map[string]string{
		"HELIO_DATA_DIR":    t.TempDir(),
		"HELIO_NOTIFY":      "file:" + outbox,
		"HELIO_LOG_LEVEL":   "error",
		"HELIO_JOB_WORKERS": "0",
	}
	for _, s := range settings {
		k, v, _ := strings.Cut(s, "=")
		env[k] = v
	}
	cfg, err := config.Load(flag.NewFlagSet("test", flag.ContinueOnError), nil, func(k string) string { return env[k] })
	testkit.Must(t, err)
	if env["HELIO_ARGON2_MEMORY_KIB"] == "" && env["HELIO_ARGON2_TIME"] == "" {
		CheapHashing(&cfg)
	}
	fake := clock.NewFake(testkit.Epoch)
	a, err := app.New(context.Background(), cfg, app.Options{DB: d, Clock: fake})
	testkit.Must(t, err)
	return &Env{App: a, Clock: fake, Outbox: outbox}
}

// CheapHashing sets argon2id far below OWASP's floor, which config.Load
// refuses, so that tests that log in often stay fast. Tests only.
func CheapHashing(cfg *config.Config) {
	cfg.Account.Argon2MemoryKiB, cfg.Account.Argon2Time = 1024, 1
}

// Server starts an httptest server over the process's handler.
func (e *Env) Server(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(e.Handler)
	t.Cleanup(srv.Close)
	return srv
}

// Do sends one request to the handler and returns the recorded answer.
func (e *Env) Do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.Handler.ServeHTTP(w, r)
	return w
}

// DrainJobs runs due jobs until none is left.
func (e *Env) DrainJobs(t testing.TB) {
	t.Helper()
	for {
		ran, err := e.Jobs.RunOnce(context.Background(), "test")
		testkit.Must(t, err)
		if !ran {
			return
		}
	}
}

// Sent returns the messages the sender wrote so far.
func (e *Env) Sent(t testing.TB) []notify.Message {
	t.Helper()
	f, err := os.Open(e.Outbox)
	if os.IsNotExist(err) {
		return nil
	}
	testkit.Must(t, err)
	defer f.Close()
	var out []notify.Message
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m notify.Message
		testkit.Must(t, json.Unmarshal(sc.Bytes(), &m))
		out = append(out, m)
	}
	return out
}
