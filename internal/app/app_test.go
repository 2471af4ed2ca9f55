package app_test

import (
	"context"
	"flag"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestServeStopsGracefully starts a real server, lets a job start, stops the
// server, and checks that Serve waits for the job to finish.
func TestServeStopsGracefully(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := map[string]string{"HELIO_ADDR": "127.0.0.1:0", "HELIO_JOB_POLL": "20ms", "HELIO_LOG_LEVEL": "error",
			"HELIO_ARGON2_MEMORY_KIB": "1024", "HELIO_ARGON2_TIME": "1"}
		cfg, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(k string) string { return env[k] })
		testkit.Must(t, err)
		a, err := app.New(context.Background(), cfg, app.Options{DB: d})
		testkit.Must(t, err)
		started, release, finished := make(chan struct{}), make(chan struct{}), make(chan struct{})
		a.Jobs.Handle("test.slow", func(ctx context.Context, j jobs.Job) error {
			close(started)
			<-release
			close(finished)
			return nil
		})
		ctx, stop := context.WithCancel(context.Background())
		addr := make(chan string, 1)
		served := make(chan error, 1)
		go func() { served <- a.Serve(ctx, func(s string) { addr <- s }) }()
		url := "http://" + <-addr
		resp, err := http.Get(url + "/readyz")
		testkit.Must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("readyz = %d", resp.StatusCode)
		}
		_, err = a.Jobs.Enqueue(context.Background(), "test.slow", nil)
		testkit.Must(t, err)
		<-started
		stop()
		select {
		case err := <-served:
			t.Fatalf("Serve returned (%v) while a job was running", err)
		case <-time.After(100 * time.Millisecond):
		}
		close(release)
		testkit.Must(t, <-served)
		<-finished
		var status string
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT status FROM jobs WHERE kind = 'test.slow'`).Scan(&status))
		if status != jobs.StatusDone {
			t.Fatalf("job status after shutdown = %s", status)
		}
	})
}

// TestDemoIsIdempotent loads the demo twice; the second load creates nothing
// and every demo person can log in.
func TestDemoIsIdempotent(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := map[string]string{"HELIO_ARGON2_MEMORY_KIB": "1024", "HELIO_ARGON2_TIME": "1", "HELIO_LOG_LEVEL": "error",
			"HELIO_DATA_DIR": filepath.Join(t.TempDir(), "data")}
		cfg, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(k string) string { return env[k] })
		testkit.Must(t, err)
		a, err := app.New(context.Background(), cfg, app.Options{DB: d})
		testkit.Must(t, err)
		ctx := context.Background()
		n, err := demo.Load(ctx, a.Accounts)
		testkit.Must(t, err)
		if n != len(demo.People)-1 {
			t.Fatalf("first load created %d", n)
		}
		n, err = demo.Load(ctx, a.Accounts)
		testkit.Must(t, err)
		if n != 0 {
			t.Fatalf("second load created %d", n)
		}
		for _, p := range demo.People {
			u, hash, err := a.Accounts.FindCredentials(ctx, p.Nickname)
			testkit.Must(t, err)
			if ok, _ := a.Accounts.Hasher().Verify(demo.Password, hash); !ok {
				t.Fatalf("demo %s cannot log in", u.Nickname)
			}
			if (p.Operator != nil) != u.IsOperator() {
				t.Fatalf("demo %s operator = %v", u.Nickname, u.IsOperator())
			}
		}
	})
}
