// Package profile holds benchmarks that run the whole HTTP handler of helio
// in process against a database seeded by bench/cmd/seed, so that a CPU
// profile shows where a request's time goes (the server exposes no pprof):
//
//	HELIO_DATA_DIR=/tmp/helio-bench/sqlite go test -run '^$' -bench . -cpuprofile /tmp/cpu.out ./bench/profile
//	go tool pprof -top -nodecount 40 /tmp/cpu.out
//
// HELIO_DATABASE_URL selects PostgreSQL as for `helio serve`. Without a
// seeded database (no HELIO_BENCH=1) the benchmarks are skipped.
package profile

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/helio-platform/helio/bench/seed"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/config"
)

// seeded wires an App over the seeded database named by the HELIO_*
// environment and returns it with the fan's session token.
func seeded(b *testing.B) (*app.App, string) {
	a, s := seededAs(b, seed.FanLogin)
	return a, s.Token
}

// session is the answer to a log-in.
type session struct {
	Token       string `json:"token"`
	DeviceToken string `json:"device_token"`
}

// seededAs is seeded with the session of login.
func seededAs(b *testing.B, login string) (*app.App, session) {
	b.Helper()
	if os.Getenv("HELIO_BENCH") != "1" {
		b.Skip("set HELIO_BENCH=1 and HELIO_DATA_DIR or HELIO_DATABASE_URL to a database seeded by go run ./bench/cmd/seed")
	}
	cfg, err := config.Load(flag.NewFlagSet("bench", flag.ContinueOnError), nil, os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	s, ok := sessions[login]
	if !ok {
		call(b, a, "POST", "/api/v1/sessions", "", map[string]string{"login": login, "password": seed.Password,
			"device_id": "bench-driver"}, http.StatusCreated, &s)
		sessions[login] = s
	}
	return a, s
}

// sessions keeps the session of each login for the benchmark's later runs
// (the testing package runs a benchmark function several times): a second
// log-in from the device without its token would need a code.
var (
	sessionsMu sync.Mutex
	sessions   = map[string]session{}
)

// call sends body as JSON to a's handler (with token's session unless
// empty), fails unless it is answered want, and decodes the answer into out
// unless out is nil.
func call(b *testing.B, a *app.App, method, path, token string, body any, want int, out any) {
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	if rec.Code != want || (out != nil && json.Unmarshal(rec.Body.Bytes(), out) != nil) {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
}

// get benchmarks GET path as the fan, in parallel.
func get(b *testing.B, path string) {
	a, token := seeded(b)
	getEach(b, a, token, path)
}

// getEach benchmarks GET of the paths in turn as the holder of token, in
// parallel.
func getEach(b *testing.B, a *app.App, token string, paths ...string) {
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			path := paths[int(next.Add(1))%len(paths)]
			req := httptest.NewRequest("GET", path, nil)
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			a.Handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkFeed reads the first page of the fan's feed.
func BenchmarkFeed(b *testing.B) { get(b, "/api/v1/feed?tab=all") }

// BenchmarkContent opens the contents of the fan's first feed page in
// turn, as bench/issue20.sh content50 does.
func BenchmarkContent(b *testing.B) {
	a, token := seeded(b)
	var page struct {
		Items []struct {
			Content struct {
				ID string `json:"id"`
			} `json:"content"`
		} `json:"items"`
	}
	call(b, a, "GET", "/api/v1/feed?tab=all&limit=20", token, nil, http.StatusOK, &page)
	paths := make([]string, len(page.Items))
	for i, it := range page.Items {
		paths[i] = "/api/v1/contents/" + it.Content.ID + "/published"
	}
	getEach(b, a, token, paths...)
}

// BenchmarkHomepage reads the homepages of the accounts the fan follows in
// turn, as bench/issue20.sh home50 does.
func BenchmarkHomepage(b *testing.B) {
	a, token := seeded(b)
	var me struct {
		ID string `json:"id"`
	}
	call(b, a, "GET", "/api/v1/me", token, nil, http.StatusOK, &me)
	var following struct {
		Items []struct {
			Account struct {
				ID string `json:"id"`
			} `json:"account"`
		} `json:"items"`
	}
	call(b, a, "GET", "/api/v1/accounts/"+me.ID+"/following?limit=100", token, nil, http.StatusOK, &following)
	paths := make([]string, len(following.Items))
	for i, it := range following.Items {
		paths[i] = "/api/v1/accounts/" + it.Account.ID
	}
	getEach(b, a, token, paths...)
}

// BenchmarkHealth is the floor: a request through every middleware that
// touches no database.
func BenchmarkHealth(b *testing.B) { get(b, "/healthz") }

// BenchmarkMe is an authenticated request that reads little beyond the
// session: the cost of authentication.
func BenchmarkMe(b *testing.B) { get(b, "/api/v1/me/security") }

// BenchmarkDraftSave autosaves as bench/draftload does: the big account's
// editors, a draft each, save a 480-character body over and over, in
// parallel.
func BenchmarkDraftSave(b *testing.B) {
	a, star := seededAs(b, seed.StarLogin)
	token, body := star.Token, strings.Repeat("今天的穿搭记录，", 60)
	var editors atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var draft struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		call(b, a, "POST", "/api/v1/contents", token, map[string]any{"type": "post",
			"title": fmt.Sprintf("profile editor %d", editors.Add(1))}, http.StatusCreated, &draft)
		for n := 0; pb.Next(); n++ {
			call(b, a, "PATCH", "/api/v1/contents/"+draft.ID, token, map[string]any{"version": draft.Version,
				"body": fmt.Sprintf("%s%d", body, n)}, http.StatusOK, &draft)
		}
	})
}

// BenchmarkLogin logs the fan in over and over, in parallel, from the
// device the first log-in made known.
func BenchmarkLogin(b *testing.B) {
	a, fan := seededAs(b, seed.FanLogin)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			call(b, a, "POST", "/api/v1/sessions", "", map[string]string{"login": seed.FanLogin, "password": seed.Password,
				"device_id": "bench-driver", "device_token": fan.DeviceToken}, http.StatusCreated, nil)
		}
	})
}
