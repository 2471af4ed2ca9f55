package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/analytics"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/task"
	"github.com/helio-platform/helio/internal/testkit"
)

// loadConfig reads the HELIO_* settings in env, with the data folder (and
// so the media) in a temporary folder rather than ./helio-data in the
// source tree.
func loadConfig(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	data := t.TempDir()
	lookup := func(k string) string {
		if k == "HELIO_DATA_DIR" {
			return data
		}
		return env[k]
	}
	cfg, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, lookup)
	testkit.Must(t, err)
	apptest.CheapHashing(&cfg)
	return cfg
}

// TestServeStopsGracefully starts a real server, lets a job start, stops the
// server, and checks that Serve waits for the job to finish.
func TestServeStopsGracefully(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := map[string]string{"HELIO_ADDR": "127.0.0.1:0", "HELIO_JOB_POLL": "20ms", "HELIO_LOG_LEVEL": "error"}
		cfg := loadConfig(t, env)
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
		env := map[string]string{"HELIO_LOG_LEVEL": "error"}
		cfg := loadConfig(t, env)
		a, err := app.New(context.Background(), cfg, app.Options{DB: d})
		testkit.Must(t, err)
		ctx := context.Background()
		services := a.DemoServices()
		n, err := demo.Load(ctx, services)
		testkit.Must(t, err)
		if n != len(demo.People)-1 {
			t.Fatalf("first load created %d", n)
		}
		// The demo fan's feed is full before any job runs, in every tab
		// that has something, and the homepage puts pinned and featured first.
		fan, _, err := a.Accounts.FindCredentials(ctx, "小鹿爱逛")
		testkit.Must(t, err)
		fanCtx := authz.WithActor(ctx, authz.Actor{UserID: fan.ID})
		for tab, want := range map[string]int{"all": 5, "special": 4, "creators": 4, "new": 3, "video": 0} {
			items, _, err := a.Feed.FindFeed(fanCtx, tab, db.Page{})
			testkit.Must(t, err)
			if len(items) != want {
				t.Fatalf("the demo fan's %s tab has %d items, want %d", tab, len(items), want)
			}
		}
		xiaoya, _, err := a.Accounts.FindCredentials(ctx, demo.People[0].Nickname)
		testkit.Must(t, err)
		h, err := a.Feed.FindHomepage(fanCtx, xiaoya.ID)
		testkit.Must(t, err)
		if len(h.Contents) != 4 || !h.Contents[0].Pinned || !h.Contents[1].Featured || h.Followers != 21 || !h.Viewer.Special {
			t.Fatalf("小雅穿搭's homepage: %+v", h)
		}
		// Once the recompute's jobs run, the level creators stand at L4, L2
		// and L1, 小雅穿搭 (followed by the demo fan and 20 of the crowd) at
		// L2, LumiBeauty at L1, the others at L0.
		for {
			ran, err := a.Jobs.RunOnce(ctx, "test")
			testkit.Must(t, err)
			if !ran {
				break
			}
		}
		for nick, want := range map[string]string{"潮流阿May": "L4", "露营小队": "L2", "阿杰数码": "L1", "LeoRuns": "L0", "小雅穿搭": "L2",
			"LumiBeauty": "L1"} {
			u, _, err := a.Accounts.FindCredentials(ctx, nick)
			testkit.Must(t, err)
			if l, err := a.Levels.ActorLevel(ctx, u.ID); err != nil || l.Name != want {
				t.Fatalf("demo %s is at %s (%v), want %s", nick, l.Name, err, want)
			}
		}
		// Commission: an order in every scene, a refund, a late grocery
		// order, and once the settlement job ran, 小雅穿搭 (L2, her level
		// holds cps_settlement) settled and LumiBeauty (L1, it does not) not
		// payable, the line citing her level and the privilege table.
		var scenes, refunds, late int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(DISTINCT scene), SUM(CASE WHEN refunded > 0 THEN 1 ELSE 0 END),
			SUM(CASE WHEN late THEN 1 ELSE 0 END) FROM commission_lines`).Scan(&scenes, &refunds, &late))
		if scenes != len(commission.Scenes) || refunds != 1 || late != 1 {
			t.Fatalf("demo orders: %d scenes, %d refunds, %d late grocery orders", scenes, refunds, late)
		}
		for ran := true; ran; {
			ran, err = a.Jobs.RunOnce(ctx, "test")
			testkit.Must(t, err)
		}
		// The organization's two new creators (L0) are held too: their net
		// waits for a level that holds cps_settlement.
		states, held := map[string]int{}, map[string]int{}
		rows, err := d.Query(ctx, `SELECT l.state, u.nickname FROM commission_lines l JOIN users u ON u.id = l.creator_id`)
		testkit.Must(t, err)
		for rows.Next() {
			var st, nick string
			testkit.Must(t, rows.Scan(&st, &nick))
			states[st]++
			if st == commission.StateNotPayable {
				held[nick]++
			}
		}
		testkit.Must(t, rows.Close())
		if held["LumiBeauty"] != 1 || held[demo.OrgCreatorSu] == 0 || held[demo.OrgCreatorLin] == 0 ||
			len(held) != 3 || states[commission.StateSettled] < 10 {
			t.Fatalf("demo settlement: %v, not payable by creator %v", states, held)
		}
		var detail string
		testkit.Must(t, d.QueryRow(ctx, `SELECT l.detail FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq
			JOIN users u ON l.account = 'creator:' || u.id || ':not_payable'
			WHERE e.kind = 'commission.not_payable' AND l.amount > 0 AND u.nickname = 'LumiBeauty'`).Scan(&detail))
		for _, want := range []string{`"level":"L1"`, `"level_rule":{"table":"level_privileges","version":1}`,
			`"privilege":"cps_settlement"`, `"rule":{"table":"commission_rules","version":1}`, `"level":"L2"`} {
			if !strings.Contains(detail, want) {
				t.Fatalf("LumiBeauty's not-payable line does not cite %s: %s", want, detail)
			}
		}
		if rep, err := a.Commission.Ledger().Verify(ctx); err != nil || !rep.OK {
			t.Fatalf("demo ledger: %+v %v", rep, err)
		}
		// Task marketplace: an order in every state of the lifecycle, the
		// back-dated one expired by its timer.
		var taskStates int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(DISTINCT state) FROM tasks`).Scan(&taskStates))
		if taskStates != len(task.States) {
			t.Fatalf("demo tasks are in %d states, want %d", taskStates, len(task.States))
		}
		counts := func() (n [3]int) {
			for i, table := range []string{"contents", "follows", "content_pushes"} {
				testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n[i]))
			}
			return n
		}
		before := counts()
		n, err = demo.Load(ctx, services)
		testkit.Must(t, err)
		if n != 0 || counts() != before {
			t.Fatalf("second load created %d people; contents, follows and pushes %v became %v", n, before, counts())
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

// TestLogsHoldNoSecrets signs up and logs in with a logger writing to a
// buffer, and checks that neither the password nor the session token
// appears in any log line.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := map[string]string{"HELIO_JOB_WORKERS": "0"}
	cfg := loadConfig(t, env)
	a, err := app.New(context.Background(), cfg, app.Options{DB: testkit.Open(t, db.SQLite), Logger: logger})
	testkit.Must(t, err)
	c := testkit.Client{Handler: a.Handler, Device: new(testkit.DeviceJar)}
	const secret = "Sekrit-Pass-9"
	c.Call(t, "POST", "/api/v1/users?token=abc", "", map[string]any{"email": "s@example.com", "nickname": "secretive", "password": secret}).Expect(t, 201, "")
	login := c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "secretive", "password": secret})
	login.Expect(t, 201, "")
	c.Call(t, "GET", "/api/v1/me", login.String("token"), nil).Expect(t, 200, "")
	c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "secretive", "password": "Wrong-Pass-9"}).Expect(t, 401, "unauthenticated")
	logs := buf.String()
	if !strings.Contains(logs, `"route":"POST /api/v1/sessions"`) {
		t.Fatalf("no access log lines:\n%s", logs)
	}
	for _, s := range []string{secret, "Wrong-Pass-9", login.String("token"), "token=abc"} {
		if strings.Contains(logs, s) {
			t.Fatalf("logs contain the secret %q", s)
		}
	}
}

// TestReadyNeedsCurrentMigrations answers 503 on a database whose
// migrations have not been applied.
func TestReadyNeedsCurrentMigrations(t *testing.T) {
	t.Parallel()
	d, err := db.Open(context.Background(), db.Options{SQLitePath: filepath.Join(t.TempDir(), "empty.db")})
	testkit.Must(t, err)
	t.Cleanup(func() { d.Close() })
	_, err = d.Exec(context.Background(), `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`)
	testkit.Must(t, err)
	cfg := loadConfig(t, nil)
	a, err := app.New(context.Background(), cfg, app.Options{DB: d})
	testkit.Must(t, err)
	w := httptest.NewRecorder()
	a.Handler.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "migrations") {
		t.Fatalf("readyz = %d %s", w.Code, w.Body)
	}
}

// TestWhileTheDatabaseRefusesWrites (SPEC §12): a request that needs a
// write answers 503 unavailable with Retry-After, a read whose
// once-a-minute session touch is due still answers 200, and /readyz answers
// 503 — while the same database, writable, is ready.
func TestWhileTheDatabaseRefusesWrites(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			writable, readOnly := testkit.OpenReadOnly(t, dialect)
			clk := clock.NewFake(testkit.Epoch)
			env := map[string]string{"HELIO_JOB_WORKERS": "0",
				"HELIO_LOG_LEVEL": "error"}
			wire := func(d *db.DB) testkit.Client {
				a, err := app.New(context.Background(), loadConfig(t, env), app.Options{DB: d, Clock: clk,
					Logger: slog.New(slog.DiscardHandler)})
				testkit.Must(t, err)
				return testkit.Client{Handler: a.Handler}
			}
			up, down := wire(writable), wire(readOnly)
			creds := map[string]any{"login": "steady", "password": "Steady-Pass-9"}
			up.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "steady@example.com", "nickname": "steady",
				"password": "Steady-Pass-9"}).Expect(t, 201, "")
			login := up.Call(t, "POST", "/api/v1/sessions", "", creds)
			login.Expect(t, 201, "")
			clk.Advance(2 * time.Minute)

			down.Call(t, "GET", "/api/v1/me", login.String("token"), nil).Expect(t, 200, "")
			refused := down.Call(t, "POST", "/api/v1/sessions", "", creds)
			refused.Expect(t, http.StatusServiceUnavailable, "unavailable")
			if refused.Header.Get("Retry-After") == "" {
				t.Fatal("a refused write has no Retry-After")
			}
			for c, want := range map[*testkit.Client]int{&up: http.StatusOK, &down: http.StatusServiceUnavailable} {
				w := httptest.NewRecorder()
				c.Handler.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
				if w.Code != want {
					t.Fatalf("readyz = %d %s, want %d", w.Code, w.Body, want)
				}
			}
		})
	}
}

// TestServeStopsClaimingAtTheSignal: from the stop on, while a request
// still drains, the workers claim no new job; a job still running at the
// shutdown timeout is cut off with its lease given back, and Serve returns
// nil and says so in its last log line.
func TestServeStopsClaimingAtTheSignal(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := map[string]string{"HELIO_ADDR": "127.0.0.1:0", "HELIO_JOB_WORKERS": "2", "HELIO_JOB_POLL": "1h",
			"HELIO_SHUTDOWN_TIMEOUT": "1s"}
		var logs syncBuffer
		a, err := app.New(context.Background(), loadConfig(t, env), app.Options{DB: d,
			Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
		testkit.Must(t, err)
		stuckStarted, laterRan, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
		t.Cleanup(func() { close(release) })
		a.Jobs.Handle("test.stuck", func(ctx context.Context, j jobs.Job) error {
			close(stuckStarted)
			<-release
			return nil
		})
		a.Jobs.Handle("test.later", func(ctx context.Context, j jobs.Job) error {
			close(laterRan)
			return nil
		})
		entered, leave := make(chan struct{}), make(chan struct{})
		handler := a.Handler
		a.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/test/hold" {
				close(entered)
				<-leave
			}
			handler.ServeHTTP(w, r)
		})
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		addr := make(chan string, 1)
		served := make(chan error, 1)
		go func() { served <- a.Serve(ctx, func(s string) { addr <- s }) }()
		listening := <-addr
		stuck, err := a.Jobs.Enqueue(context.Background(), "test.stuck", nil)
		testkit.Must(t, err)
		<-stuckStarted
		// Serve enqueues its own first analytics backfill; let it end first,
		// so that the stuck job is the only one running at the stop.
		for backfilled := ""; backfilled != jobs.StatusDone; time.Sleep(10 * time.Millisecond) {
			testkit.Must(t, d.QueryRow(context.Background(), `SELECT status FROM jobs WHERE kind = ?`, analytics.BackfillKind).Scan(&backfilled))
			if backfilled == jobs.StatusFailed {
				t.Fatal("the first analytics backfill failed")
			}
		}
		go func() {
			if resp, err := http.Get("http://" + listening + "/test/hold"); err == nil {
				resp.Body.Close()
			}
		}()
		<-entered

		stop()
		// The listener closes once the drain has begun.
		for {
			c, err := net.Dial("tcp", listening)
			if err != nil {
				break
			}
			c.Close()
			time.Sleep(5 * time.Millisecond)
		}
		later, err := a.Jobs.Enqueue(context.Background(), "test.later", nil)
		testkit.Must(t, err)
		// Give a broken Serve the chance to claim it while the request
		// drains; nothing here depends on how long this takes.
		select {
		case <-laterRan:
			t.Fatal("a job enqueued after the stop was claimed during the HTTP drain")
		case <-time.After(200 * time.Millisecond):
		}
		close(leave)
		testkit.Must(t, <-served)

		ctx = context.Background()
		var status, laterStatus string
		var attempts, laterAttempts int
		var leased sql.NullTime
		testkit.Must(t, d.QueryRow(ctx, `SELECT status, attempts, lease_until FROM jobs WHERE id = ?`, stuck).Scan(&status, &attempts, &leased))
		testkit.Must(t, d.QueryRow(ctx, `SELECT status, attempts FROM jobs WHERE id = ?`, later).Scan(&laterStatus, &laterAttempts))
		if status != jobs.StatusQueued || attempts != 1 || leased.Valid {
			t.Fatalf("cut-off job is %s after %d attempts, lease until %v; want queued with its lease given back", status, attempts, leased)
		}
		if laterStatus != jobs.StatusQueued || laterAttempts != 0 {
			t.Fatalf("job enqueued after the stop is %s after %d attempts", laterStatus, laterAttempts)
		}
		if !strings.Contains(logs.String(), `"msg":"stopped","jobs_finished":0,"jobs_cut_off":1`) {
			t.Fatalf("no honest last log line:\n%s", logs.String())
		}
	})
}

// TestServeWritesTheLastViewCounts: views are written in batches (here
// never before the stop: no flush is due, and no job that reads the
// counters runs), and a stop writes those counted until its last request,
// one still open when the stop began included.
func TestServeWritesTheLastViewCounts(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		cfg := loadConfig(t, map[string]string{"HELIO_ADDR": "127.0.0.1:0", "HELIO_LOG_LEVEL": "error", "HELIO_COUNT_FLUSH": "1h",
			"HELIO_JOB_WORKERS": "0"})
		a, err := app.New(context.Background(), cfg, app.Options{DB: d})
		testkit.Must(t, err)
		ctx := context.Background()
		amy, err := a.Accounts.SignUp(ctx, account.SignUp{Email: "amy@example.com", Nickname: "amy", Password: "Tea-Leaf-42"})
		testkit.Must(t, err)
		post, now := "0190a000-0000-7000-8000-000000000002", time.Now()
		_, err = d.Exec(ctx, `INSERT INTO contents (id, owner_id, author_id, type, title, body, fields, status, version,
			published_version, published_title, published_at, created_at, updated_at)
			VALUES (?, ?, ?, 'post', 'Spring', 'body', '{}', 'published', 1, 1, 'Spring', ?, ?, ?)`, post, amy.ID, amy.ID, now, now, now)
		testkit.Must(t, err)
		entered, leave := make(chan struct{}), make(chan struct{})
		handler := a.Handler
		a.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("hold") {
				close(entered)
				<-leave
			}
			handler.ServeHTTP(w, r)
		})
		serveCtx, stop := context.WithCancel(ctx)
		defer stop()
		addr := make(chan string, 1)
		served := make(chan error, 1)
		go func() { served <- a.Serve(serveCtx, func(s string) { addr <- s }) }()
		listening := <-addr
		url := "http://" + listening + "/api/v1/contents/" + post + "/published"
		read := func(url string) {
			resp, err := http.Get(url)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("read = %d", resp.StatusCode)
			}
		}
		for range 3 {
			read(url)
		}
		views := func() int {
			var n int
			testkit.Must(t, d.QueryRow(ctx, `SELECT COALESCE(SUM(count), 0) FROM content_counters WHERE content_id = ?`, post).Scan(&n))
			return n
		}
		if n := views(); n != 0 {
			t.Fatalf("%d views written before the stop", n)
		}
		held := make(chan struct{})
		go func() { defer close(held); read(url + "?hold") }()
		<-entered
		stop()
		for { // the listener closes once the drain has begun
			c, err := net.Dial("tcp", listening)
			if err != nil {
				break
			}
			c.Close()
			time.Sleep(5 * time.Millisecond)
		}
		close(leave)
		<-held
		testkit.Must(t, <-served)
		if n := views(); n != 4 {
			t.Fatalf("%d views after the stop, want 4", n)
		}
	})
}
