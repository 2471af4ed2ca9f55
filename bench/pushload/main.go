// Command pushload measures how long a push to the follower feed takes to
// reach the followers of a big account: against a running helio seeded by
// bench/cmd/seed, it logs in a sample of the big account's followers
// (the first and the last in follow order among them), has the big account
// write a post, the operator approve it and the big account push it to the
// feed, then polls every sampled follower's feed until the post shows and
// prints when each saw it — the last follower's time is the figure.
//
//	go run ./bench/cmd/seed --data /tmp/helio-bench/sqlite
//	helio serve --data /tmp/helio-bench/sqlite &
//	go run ./bench/pushload -url http://127.0.0.1:8080
//
// With the default HELIO_FEED_READ_THRESHOLD (10,000) the big account's
// push is fanned out on read and visible at once; start the server with a
// threshold above the follower count to measure fan-out on write through
// the durable jobs (HELIO_FEED_FANOUT_BATCH followers a job).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/helio-platform/helio/bench/seed"
)

// client calls the API with a bearer token.
type client struct {
	base    string
	device  string
	devices seed.DeviceTokens
	token   string
	http    *http.Client
}

func (c client) call(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Helio-Device-Id", c.device)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// logIn returns a client with login's session.
func (c client) logIn(login, password string) (client, error) {
	var s struct {
		Token       string `json:"token"`
		DeviceToken string `json:"device_token"`
	}
	err := c.call("POST", "/api/v1/sessions", map[string]any{"login": login, "password": password, "device_id": c.device,
		"device_token": c.devices.Get(login)}, &s)
	if err != nil {
		return c, err
	}
	c.token = s.Token
	return c, c.devices.Keep(login, s.DeviceToken)
}

// feedPage is what pushload reads of a feed page.
type feedPage struct {
	Items []feedItem `json:"items"`
}

type feedItem struct {
	Content struct {
		ID string `json:"id"`
	} `json:"content"`
}

// follower is one sampled follower and when it first saw the push.
type follower struct {
	login string
	c     client
	seen  time.Duration
	polls int
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "helio's address")
	password := flag.String("password", seed.Password, "the seeded accounts' password")
	device := flag.String("device", "bench-driver", "device id of every log-in (a device the accounts know avoids step-up)")
	followers := flag.Int("big-followers", seed.Defaults().BigFollowers, "the big account's followers, as seeded (--big-followers)")
	sample := flag.Int("sample", 10, "followers polled (the fan, the first and the last follower included)")
	poll := flag.Duration("poll", 100*time.Millisecond, "pause between two polls of one follower's feed")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after")
	devices := flag.String("device-tokens", "", "folder keeping each account's device token between runs (bench/run.sh's)")
	flag.Parse()

	c := client{base: strings.TrimRight(*base, "/"), device: *device, devices: seed.DeviceTokens(*devices),
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *sample + 4}, Timeout: 30 * time.Second}}
	star, err := c.logIn(seed.StarLogin, *password)
	if err != nil {
		log.Fatal(err)
	}
	op, err := c.logIn(seed.OperatorLogin, *password)
	if err != nil {
		log.Fatal(err)
	}
	// The sample: the fan, then followers spread evenly over the follow
	// order, the first and the last among them.
	o := seed.Defaults()
	o.BigFollowers = *followers
	first, last := seed.FirstStarFollower, seed.LastStarFollower(o)
	logins := []string{seed.FanLogin}
	for i := range max(*sample-1, 2) {
		idx := first + i*(last-first)/max(*sample-2, 1)
		if n := seed.Nickname(idx); !slices.Contains(logins, n) {
			logins = append(logins, n)
		}
	}
	if logins[len(logins)-1] != seed.Nickname(last) {
		logins = append(logins, seed.Nickname(last))
	}
	sampled := make([]*follower, len(logins))
	for i, l := range logins {
		fc, err := c.logIn(l, *password)
		if err != nil {
			log.Fatal(err)
		}
		sampled[i] = &follower{login: l, c: fc}
	}
	fmt.Printf("logged in %s, %s and %d followers (%s … %s)\n", seed.StarLogin, seed.OperatorLogin, len(sampled),
		logins[1], logins[len(logins)-1])

	// Write, submit, approve.
	stamp := time.Now().UTC().Format("15:04:05.000")
	var draft struct {
		ID string `json:"id"`
	}
	if err := star.call("POST", "/api/v1/contents", map[string]any{"type": "post", "title": "推送测试 " + stamp,
		"body": "今天的跑步记录：五公里，配速六分。Push visibility run at " + stamp + "."}, &draft); err != nil {
		log.Fatal(err)
	}
	if err := star.call("POST", "/api/v1/contents/"+draft.ID+"/submit", map[string]any{}, nil); err != nil {
		log.Fatal(err)
	}
	if err := op.call("POST", "/api/v1/review-queue/"+draft.ID+"/approve", nil, nil); err != nil {
		log.Fatal(err)
	}

	// Push, then poll.
	start := time.Now()
	if err := star.call("POST", "/api/v1/contents/"+draft.ID+"/push", map[string]any{"targets": []string{"feed"}}, nil); err != nil {
		log.Fatal(err)
	}
	pushed := time.Since(start)
	var wg sync.WaitGroup
	for _, f := range sampled {
		wg.Go(func() {
			for time.Since(start) < *timeout {
				var page feedPage
				f.polls++
				if err := f.c.call("GET", "/api/v1/feed?tab=all&limit=5", nil, &page); err != nil {
					log.Printf("%s: %v", f.login, err)
				}
				if slices.ContainsFunc(page.Items, func(it feedItem) bool { return it.Content.ID == draft.ID }) {
					f.seen = time.Since(start)
					return
				}
				time.Sleep(*poll)
			}
		})
	}
	wg.Wait()

	fmt.Printf("push answered in %s\n", pushed.Round(100*time.Microsecond))
	var times []time.Duration
	missing := 0
	for _, f := range sampled {
		state := f.seen.Round(time.Millisecond).String()
		if f.seen == 0 {
			state, missing = "not seen within "+timeout.String(), missing+1
		} else {
			times = append(times, f.seen)
		}
		fmt.Printf("  %-10s %-28s (%d polls)\n", f.login, state, f.polls)
	}
	slices.Sort(times)
	if len(times) > 0 {
		fmt.Printf("visible to %d of %d sampled followers: first after %s, median %s, last after %s; last follower (%s) after %s\n",
			len(times), len(sampled), times[0].Round(time.Millisecond), times[len(times)/2].Round(time.Millisecond),
			times[len(times)-1].Round(time.Millisecond), sampled[len(sampled)-1].login,
			sampled[len(sampled)-1].seen.Round(time.Millisecond))
	}
	if missing > 0 {
		log.Fatalf("%d sampled followers never saw the push", missing)
	}
}
