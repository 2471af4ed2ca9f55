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
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/helio-platform/helio/bench/seed"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/config"
)

// seeded wires an App over the seeded database named by the HELIO_*
// environment and returns it with the fan's session token.
func seeded(b *testing.B) (*app.App, string) {
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
	raw, _ := json.Marshal(map[string]string{"login": seed.FanLogin, "password": seed.Password, "device_id": "bench-driver"})
	req := httptest.NewRequest("POST", "/api/v1/sessions", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	var s struct {
		Token string `json:"token"`
	}
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &s) != nil {
		b.Fatalf("log in: %d %s", rec.Code, rec.Body)
	}
	return a, s.Token
}

// get benchmarks GET path as the fan, in parallel.
func get(b *testing.B, path string) {
	a, token := seeded(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
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

// BenchmarkHealth is the floor: a request through every middleware that
// touches no database.
func BenchmarkHealth(b *testing.B) { get(b, "/healthz") }

// BenchmarkMe is an authenticated request that reads little beyond the
// session: the cost of authentication.
func BenchmarkMe(b *testing.B) { get(b, "/api/v1/me/security") }
