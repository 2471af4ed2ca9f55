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
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/testkit"
)

// Env is a wired process for one test.
type Env struct {
	*app.App
	Clock *clock.Fake
	// Outbox is the file the notify sender appends to.
	Outbox string
	hashes hashProbe
}

// hashProbe wraps argon2id's key derivation: it counts the derivations and
// can hold them until released (a slow hasher).
type hashProbe struct {
	n    atomic.Int64
	hold atomic.Pointer[chan struct{}]
}

func (p *hashProbe) key(pw, salt []byte, time, mem uint32, threads uint8, keyLen uint32) []byte {
	p.n.Add(1)
	if g := p.hold.Load(); g != nil {
		<-*g
	}
	return argon2.IDKey(pw, salt, time, mem, threads, keyLen)
}

// Hashes is how many password hashes (derivations, dummy checks included)
// the process has computed or started.
func (e *Env) Hashes() int64 { return e.hashes.n.Load() }

// HoldHashing makes every password hash started from now on wait until
// release is called, so that a test can keep hashing slots busy.
func (e *Env) HoldHashing() (release func()) {
	g := make(chan struct{})
	e.hashes.hold.Store(&g)
	return func() {
		e.hashes.hold.Store(nil)
		close(g)
	}
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
	e := &Env{Clock: fake, Outbox: outbox}
	e.App, err = app.New(context.Background(), cfg, app.Options{DB: d, Clock: fake, HashKey: e.hashes.key})
	testkit.Must(t, err)
	return e
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

// LoadDemo loads the demo data set and runs the jobs it queued (the level
// recompute, then the month's settlement).
func (e *Env) LoadDemo(t testing.TB) {
	t.Helper()
	_, err := demo.Load(context.Background(), e.DemoServices())
	testkit.Must(t, err)
	e.DrainJobs(t)
}

// EndDemoMonth moves the clock to the second day of the month after the one
// the demo settled, and answers the settled month ("2006-01"): its reward
// pools can then be distributed.
func (e *Env) EndDemoMonth(t testing.TB) string {
	t.Helper()
	var period string
	testkit.Must(t, e.DB.QueryRow(context.Background(), `SELECT period FROM commission_settlements`).Scan(&period))
	start, err := time.Parse("2006-01", period)
	testkit.Must(t, err)
	e.Clock.Set(start.AddDate(0, 1, 1))
	return period
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
