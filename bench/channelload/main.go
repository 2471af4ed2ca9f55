// Command channelload measures the activity list and a channel page (SPEC
// §6.2, §6.3) under load: it fills the configured database with
// --activities activities (themes, capacities, counts), --submissions
// activity submissions and --accepted accepted submissions on the seeded
// iFashion channel (once; a second run reuses them), then serves the API
// in-process and drives each scenario with --concurrency clients for
// --duration, printing requests per second and latency percentiles.
//
//	go run ./bench/channelload [--activities N] [--submissions N] [--accepted N] [--duration D] [--concurrency N] [flags of helio serve, such as --data DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/helio-platform/helio/bench/benchapp"

	"github.com/helio-platform/helio/internal/db"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "channelload:", err)
		os.Exit(1)
	}
}

// The seeded iFashion channel and its first sub-channel (migration 017).
const (
	ifashion    = "01900000-0000-7000-8000-000000000001"
	ifashionSub = "01900000-0000-7000-8000-000000000011"
)

var categories = []string{"女装", "女鞋", "美妆", "服饰配件", "运动"}

// sizes are the amounts to seed.
type sizes struct{ activities, submissions, accepted int }

func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("channelload", flag.ContinueOnError)
	var n sizes
	fs.IntVar(&n.activities, "activities", 10_000, "activities to seed")
	fs.IntVar(&n.submissions, "submissions", 1_000_000, "activity submissions to seed")
	fs.IntVar(&n.accepted, "accepted", 100_000, "accepted submissions to seed on the iFashion channel")
	duration := fs.Duration("duration", 10*time.Second, "how long each scenario runs")
	concurrency := fs.Int("concurrency", 8, "concurrent clients per scenario")
	a, err := benchapp.Open(ctx, fs, args, out, getenv)
	if err != nil || a == nil {
		return err
	}
	defer a.Close()
	t0 := time.Now()
	seeded, err := seed(ctx, a.DB, n, time.Now().UTC())
	if err != nil {
		return err
	}
	if seeded {
		fmt.Fprintf(out, "seeded %d activities, %d submissions, %d accepted channel submissions on %s in %s\n",
			n.activities, n.submissions, n.accepted, a.DB.Dialect(), time.Since(t0).Round(time.Second))
	}
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	for _, sc := range []struct{ name, path string }{
		{"activities by saturation", "/api/v1/activities?sort=saturation"},
		{"activities by deadline", "/api/v1/activities?sort=deadline"},
		{"activities by saturation, theme 夏日", "/api/v1/activities?sort=saturation&theme=%E5%A4%8F%E6%97%A5"},
		{"channel page (iFashion contents)", "/api/v1/channels/ifashion/contents"},
	} {
		r, err := drive(ctx, srv.URL+sc.path, *concurrency, *duration)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		fmt.Fprintf(out, "%s on %s: %.0f req/s, p50 %s, p99 %s, max %s (%d requests, %d clients)\n", sc.name, a.DB.Dialect(),
			r.rate, r.p50, r.p99, r.max, r.n, *concurrency)
	}
	return nil
}

// seed writes the bench rows unless activities already exist; it reports
// whether it wrote them.
func seed(ctx context.Context, d *db.DB, n sizes, now time.Time) (bool, error) {
	var have int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM activities`).Scan(&have); err != nil {
		return false, err
	}
	if have >= n.activities {
		return false, nil
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	type act struct {
		id                    string
		creators, submissions int
		used                  map[string]int
		capacity              map[string]int
		seen                  map[int]bool
	}
	acts := make([]act, n.activities)
	for i := range acts {
		acts[i] = act{id: fmt.Sprintf("bench-act-%06d", i), used: map[string]int{}, capacity: map[string]int{}, seen: map[int]bool{}}
		if i%3 == 0 {
			for _, c := range categories[:2+i%3] {
				acts[i].capacity[c] = 100 + rnd.IntN(400)
			}
		}
	}
	subs := make([][]any, 0, n.submissions)
	for i := range n.submissions {
		ai := rnd.IntN(n.activities)
		a := &acts[ai]
		account := rnd.IntN(50_000)
		cat := categories[rnd.IntN(len(categories))]
		if c, ok := a.capacity[cat]; ok && a.used[cat] >= c {
			cat = "其他"
		}
		a.used[cat]++
		a.submissions++
		if !a.seen[account] {
			a.seen[account], a.creators = true, a.creators+1
		}
		subs = append(subs, []any{fmt.Sprintf("bench-sub-%07d", i), a.id, fmt.Sprintf("bench-acct-%05d", account),
			fmt.Sprintf("bench-content-%07d", i), cat, now.Add(-time.Duration(rnd.IntN(30*24*60)) * time.Minute)})
	}
	var actRows, themeRows, capRows [][]any
	for i, a := range acts {
		created := now.Add(-time.Duration(i) * time.Minute)
		deadline := now.Add(time.Duration(rnd.IntN(90*24)-30*24) * time.Hour)
		placement := deadline.Add(time.Duration(24+rnd.IntN(240)) * time.Hour)
		sat := 0
		for c, capacity := range a.capacity {
			sat = max(sat, a.used[c]*1_000_000/capacity)
			capRows = append(capRows, []any{a.id, c, capacity, a.used[c]})
		}
		actRows = append(actRows, []any{a.id, fmt.Sprintf("Bench activity %d", i), "Bench rules.", "", "bench placement",
			created, deadline, placement, placement.Add(72 * time.Hour), 0, "[]", "[]", -1 + i%2*2, 0, 0,
			a.creators, a.submissions, sat, 1, created, created})
		themeRows = append(themeRows, []any{a.id, []string{"夏日", "穿搭", "上新", "户外"}[i%4]})
	}
	var accepted [][]any
	for i := range n.accepted {
		at := now.Add(-time.Duration(i) * time.Second)
		accepted = append(accepted, []any{fmt.Sprintf("bench-csub-%07d", i), ifashion, ifashionSub, fmt.Sprintf("bench-ccontent-%07d", i),
			fmt.Sprintf("bench-acct-%05d", i%50_000), at.Format(time.DateOnly), "accepted", rnd.IntN(3), at, at})
	}
	for _, t := range []struct {
		table, columns string
		rows           [][]any
	}{
		{"activities", `id, title, rules_text, channel_id, placement, submit_from, deadline, placement_from, placement_to, min_level,
			roles, categories, invite_level, invite_fan_value, invite_content_value, creators, submissions, saturation_ppm, version,
			created_at, updated_at`, actRows},
		{"activity_themes", "activity_id, theme", themeRows},
		{"activity_capacities", "activity_id, category, capacity, used", capRows},
		{"activity_submissions", "id, activity_id, account_id, content_id, category, created_at", subs},
		{"channel_submissions", "id, channel_id, sub_channel_id, content_id, account_id, day, status, display_weight, created_at, decided_at", accepted},
	} {
		if err := insert(ctx, d, t.table, t.columns, t.rows); err != nil {
			return false, fmt.Errorf("seed %s: %w", t.table, err)
		}
	}
	return true, nil
}

// insert writes rows into table in multi-row statements, 50 statements a
// transaction.
func insert(ctx context.Context, d *db.DB, table, columns string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, 4000/len(rows[0]))
	for start := 0; start < len(rows); {
		err := d.WithTx(ctx, func(ctx context.Context) error {
			for range 50 {
				if start >= len(rows) {
					return nil
				}
				chunk := rows[start:min(start+per, len(rows))]
				values := strings.TrimSuffix(strings.Repeat("("+db.Placeholders(len(chunk[0]))+"), ", len(chunk)), ", ")
				var args []any
				for _, r := range chunk {
					args = append(args, r...)
				}
				if _, err := d.Exec(ctx, `INSERT INTO `+table+` (`+columns+`) VALUES `+values, args...); err != nil {
					return err
				}
				start += len(chunk)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// result is one scenario's figures.
type result struct {
	n             int
	rate          float64
	p50, p99, max time.Duration
}

// drive sends GET url from clients in closed loops for d; any answer other
// than 200 fails the scenario.
func drive(ctx context.Context, url string, clients int, d time.Duration) (result, error) {
	var mu sync.Mutex
	var lat []time.Duration
	var failure error
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(stop) {
				t := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if failure != nil {
		return result{}, failure
	}
	if len(lat) == 0 {
		return result{}, errors.New("no answers")
	}
	slices.Sort(lat)
	at := func(q float64) time.Duration {
		return lat[min(len(lat)-1, int(q*float64(len(lat))))].Round(10 * time.Microsecond)
	}
	return result{n: len(lat), rate: float64(len(lat)) / d.Seconds(), p50: at(0.50), p99: at(0.99), max: lat[len(lat)-1].Round(10 * time.Microsecond)}, nil
}
