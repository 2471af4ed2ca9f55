// Package replicas tests a real two-replica deployment: two `helio serve`
// processes on one PostgreSQL database and one S3-compatible media store,
// behind nginx. .ci/run starts them (see docs/deploy.md for the set-up it
// follows) and names them in the environment:
//
//	HELIO_TEST_REPLICAS       the proxy's URL; a request with the header
//	                          X-Helio-Replica: 1 or 2 is sent to that replica,
//	                          any other request to either in turn
//	HELIO_TEST_REPLICAS_DB    the replicas' postgres:// URL
//	HELIO_TEST_REPLICA_PIDS   the two processes' ids, "pid1,pid2"
//
// Without HELIO_TEST_REPLICAS the test skips.
package replicas

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/helio-platform/helio/internal/demo"
)

// deployment is the proxy, the database behind it and the replicas' pids.
type deployment struct {
	proxy string
	db    *pgx.Conn
	pids  [2]int
	http  *http.Client
	// device is the device token the last log-in returned: the test is one
	// device, as a browser keeps one cookie, so later log-ins are known.
	device string
}

// answer is one decoded API answer.
type answer struct {
	status int
	body   map[string]any
	raw    []byte
}

func (a answer) str(k string) string { s, _ := a.body[k].(string); return s }

func (a answer) expect(t *testing.T, status int, what string) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, a.status, status, a.raw)
	}
	return a
}

// call sends one request to replica (1 or 2; 0 lets the proxy choose).
func (d *deployment) call(t *testing.T, replica int, method, path, token string, body any) answer {
	t.Helper()
	var r io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		r, ctype = bytes.NewReader(b), "application/octet-stream"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, d.proxy+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if replica != 0 {
		req.Header.Set("X-Helio-Replica", strconv.Itoa(replica))
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s on replica %d: %v", method, path, replica, err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	a.raw, _ = io.ReadAll(resp.Body)
	_ = json.Unmarshal(a.raw, &a.body)
	return a
}

// logIn logs login in on replica and returns the session token.
func (d *deployment) logIn(t *testing.T, replica int, login, password string) string {
	t.Helper()
	a := d.call(t, replica, "POST", "/api/v1/sessions", "", map[string]any{"login": login, "password": password,
		"device_id": "replica-test", "device_token": d.device})
	a.expect(t, http.StatusCreated, "log in as "+login)
	d.device = a.str("device_token")
	return a.str("token")
}

func open(t *testing.T) *deployment {
	proxy := os.Getenv("HELIO_TEST_REPLICAS")
	if proxy == "" {
		t.Skip("HELIO_TEST_REPLICAS names no two-replica deployment (.ci/run starts one)")
	}
	d := &deployment{proxy: strings.TrimRight(proxy, "/"), http: &http.Client{Timeout: 30 * time.Second}}
	for i, p := range strings.Split(os.Getenv("HELIO_TEST_REPLICA_PIDS"), ",") {
		if i < 2 {
			d.pids[i], _ = strconv.Atoi(strings.TrimSpace(p))
		}
	}
	if d.pids[0] == 0 || d.pids[1] == 0 {
		t.Fatal("HELIO_TEST_REPLICA_PIDS must name both replicas' pids")
	}
	conn, err := pgx.Connect(context.Background(), os.Getenv("HELIO_TEST_REPLICAS_DB"))
	if err != nil {
		t.Fatalf("HELIO_TEST_REPLICAS_DB: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	d.db = conn
	// Both replicas answer before anything starts.
	for replica := 1; replica <= 2; replica++ {
		deadline := time.Now().Add(60 * time.Second)
		for d.call(t, replica, "GET", "/readyz", "", nil).status != http.StatusOK {
			if time.Now().After(deadline) {
				t.Fatalf("replica %d is not ready", replica)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return d
}

// count runs a COUNT query.
func (d *deployment) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestTwoReplicas: what one replica does, the other sees — sessions,
// permissions, rate limits, media — and the durable jobs are shared: done
// once each with both working, and finished by the survivor when a replica
// is killed in the middle of a fan-out.
func TestTwoReplicas(t *testing.T) {
	d := open(t)
	run := strconv.FormatInt(time.Now().UnixNano()%1_000_000, 10)

	// The proxy spreads requests over both replicas.
	t.Run("proxy", func(t *testing.T) {
		seen := map[string]bool{}
		for range 6 {
			req, _ := http.NewRequest("GET", d.proxy+"/healthz", nil)
			resp, err := d.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			seen[resp.Header.Get("X-Helio-Upstream")] = true
		}
		if len(seen) != 2 {
			t.Fatalf("the proxy used upstreams %v, want both replicas", seen)
		}
	})

	t.Run("log-out", func(t *testing.T) {
		token := d.logIn(t, 1, "fan@demo.helio.test", demo.Password)
		for range 2 { // the second answer comes from replica 2's session cache
			d.call(t, 2, "GET", "/api/v1/me", token, nil).expect(t, http.StatusOK, "me on replica 2")
		}
		d.call(t, 1, "DELETE", "/api/v1/sessions/current", token, nil).expect(t, http.StatusNoContent, "log out on replica 1")
		d.call(t, 2, "GET", "/api/v1/me", token, nil).expect(t, http.StatusUnauthorized, "me on replica 2 after log-out")
	})

	t.Run("permission", func(t *testing.T) {
		main := d.logIn(t, 1, "fan@demo.helio.test", demo.Password)
		name := "aud" + run
		sub := d.call(t, 1, "POST", "/api/v1/sub-accounts", main, map[string]any{"name": name, "password": demo.Password,
			"position": "other", "permissions": []string{"audit.read"}}).expect(t, http.StatusCreated, "create sub-account")
		staff := d.logIn(t, 1, "小鹿爱逛@"+name, demo.Password)
		for range 2 {
			d.call(t, 2, "GET", "/api/v1/audit-events", staff, nil).expect(t, http.StatusOK, "audit as staff on replica 2")
		}
		d.call(t, 1, "PATCH", "/api/v1/sub-accounts/"+sub.str("id"), main, map[string]any{"permissions": []string{}}).
			expect(t, http.StatusOK, "remove the permission on replica 1")
		d.call(t, 2, "GET", "/api/v1/audit-events", staff, nil).expect(t, http.StatusForbidden, "audit as staff on replica 2 after removal")
	})

	t.Run("rate-limit", func(t *testing.T) {
		// HELIO_LOCK_FAILURES=4: four wrong passwords, alternately on each
		// replica, lock the account for this client on both.
		for i := range 4 {
			d.call(t, 1+i%2, "POST", "/api/v1/sessions", "", map[string]any{"login": "leo@demo.helio.test", "password": "Wrong#pass" + run}).
				expect(t, http.StatusUnauthorized, "wrong password")
		}
		for replica := 1; replica <= 2; replica++ {
			a := d.call(t, replica, "POST", "/api/v1/sessions", "", map[string]any{"login": "leo@demo.helio.test", "password": demo.Password})
			a.expect(t, http.StatusTooManyRequests, fmt.Sprintf("log-in on replica %d after four failures", replica))
		}
	})

	t.Run("media", func(t *testing.T) {
		token := d.logIn(t, 1, "xiaoya@demo.helio.test", demo.Password)
		img := image.NewRGBA(image.Rect(0, 0, 8, 8))
		img.Set(3, 3, color.RGBA{R: 200, A: 255})
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		up := d.call(t, 1, "POST", "/api/v1/media?purpose=avatar", token, buf.Bytes()).expect(t, http.StatusCreated, "upload on replica 1")
		got := d.call(t, 2, "GET", up.str("url"), token, nil).expect(t, http.StatusOK, "the file on replica 2")
		if !bytes.Equal(got.raw, buf.Bytes()) {
			t.Fatalf("replica 2 served %d bytes, want the %d uploaded", len(got.raw), buf.Len())
		}
	})

	t.Run("fan-out", func(t *testing.T) {
		star := d.logIn(t, 1, "xiaoya@demo.helio.test", demo.Password)
		ops := d.logIn(t, 1, "ops", demo.Password)
		var starID string
		if err := d.db.QueryRow(context.Background(), `SELECT id FROM users WHERE email = 'xiaoya@demo.helio.test'`).Scan(&starID); err != nil {
			t.Fatal(err)
		}
		// Followers enough for many fan-out jobs (HELIO_FEED_FANOUT_BATCH=50).
		const followers = 6000
		ctx := context.Background()
		if _, err := d.db.Exec(ctx, `INSERT INTO users (id, nickname, nickname_key, password_hash, status, created_at, updated_at)
			SELECT 'rf' || $1 || '-' || g, 'rf' || $1 || 'x' || g, 'rf' || $1 || 'x' || g, '-', 'active', now(), now()
			FROM generate_series(1, $2::int) g`, run, followers); err != nil {
			t.Fatal(err)
		}
		if _, err := d.db.Exec(ctx, `INSERT INTO follows (follower_id, followee_id, special, pull, created_at)
			SELECT 'rf' || $1 || '-' || g, $3, FALSE, FALSE, now() + g * interval '1 microsecond'
			FROM generate_series(1, $2::int) g`, run, followers, starID); err != nil {
			t.Fatal(err)
		}
		total := d.count(t, `SELECT COUNT(*) FROM follows WHERE followee_id = $1`, starID)

		push := func(title string) string {
			c := d.call(t, 1, "POST", "/api/v1/contents", star, map[string]any{"type": "post", "title": title,
				"body": "两个副本一起推送：" + title}).expect(t, http.StatusCreated, "write")
			id := c.str("id")
			d.call(t, 1, "POST", "/api/v1/contents/"+id+"/submit", star, map[string]any{}).expect(t, http.StatusOK, "submit")
			d.call(t, 2, "POST", "/api/v1/review-queue/"+id+"/approve", ops, nil).expect(t, http.StatusOK, "approve")
			d.call(t, 0, "POST", "/api/v1/contents/"+id+"/push", star, map[string]any{"targets": []string{"feed"}}).
				expect(t, http.StatusOK, "push")
			var pushID string
			if err := d.db.QueryRow(ctx, `SELECT push_id FROM feed_entries WHERE content_id = $1`, id).Scan(&pushID); err != nil {
				t.Fatal(err)
			}
			return pushID
		}
		filled := func(pushID string) int {
			return d.count(t, `SELECT COUNT(*) FROM feed_inbox WHERE push_id = $1`, pushID)
		}
		waitFilled := func(pushID string, within time.Duration) {
			deadline := time.Now().Add(within)
			for n := filled(pushID); n != total; n = filled(pushID) {
				if time.Now().After(deadline) {
					t.Fatalf("push %s reached %d of %d inboxes", pushID, n, total)
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
		jobsOf := `FROM jobs WHERE kind = 'feed.fanout' AND payload LIKE '%' || $1 || '%'`

		// Both replicas working: every job done once, by one or the other.
		first := push("副本推送一 " + run)
		waitFilled(first, 2*time.Minute)
		deadline := time.Now().Add(30 * time.Second)
		for d.count(t, `SELECT COUNT(*) `+jobsOf+` AND status <> 'done'`, first) != 0 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		jobs := d.count(t, `SELECT COUNT(*) `+jobsOf, first)
		if jobs < total/50 {
			t.Fatalf("%d fan-out jobs for %d followers", jobs, total)
		}
		if n := d.count(t, `SELECT COUNT(*) `+jobsOf+` AND (status <> 'done' OR attempts <> 1)`, first); n != 0 {
			t.Fatalf("%d of %d fan-out jobs not done exactly once", n, jobs)
		}
		for i, pid := range d.pids {
			if d.count(t, `SELECT COUNT(*) `+jobsOf+` AND lease_owner LIKE '%:' || $2 || '/%'`, first, strconv.Itoa(pid)) == 0 {
				t.Errorf("replica %d (pid %d) ran none of the %d jobs", i+1, pid, jobs)
			}
		}

		// Replica 2 killed in the middle of a fan-out: replica 1 finishes it
		// once the dead one's leases run out (HELIO_JOB_LEASE=3s).
		second := push("副本推送二 " + run)
		deadline = time.Now().Add(time.Minute)
		for n := filled(second); n == 0 || n == total; n = filled(second) {
			if n == total {
				t.Fatal("the fan-out finished before a replica could be killed in its middle")
			}
			if time.Now().After(deadline) {
				t.Fatal("the fan-out did not start")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := syscall.Kill(d.pids[1], syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		at := filled(second)
		t.Logf("replica 2 killed with %d of %d inboxes filled", at, total)
		waitFilled(second, 2*time.Minute)
		// The dead replica may have filled its inboxes and died before marking
		// its jobs done: replica 1 takes them over once their leases run out.
		deadline = time.Now().Add(30 * time.Second)
		for d.count(t, `SELECT COUNT(*) `+jobsOf+` AND status <> 'done'`, second) != 0 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if n := d.count(t, `SELECT COUNT(*) `+jobsOf+` AND status <> 'done'`, second); n != 0 {
			t.Fatalf("%d fan-out jobs unfinished after the kill", n)
		}
		d.call(t, 1, "GET", "/readyz", "", nil).expect(t, http.StatusOK, "replica 1 after the kill")
	})
}
