// Command draftload measures autosave latency under concurrent editors: it
// logs in to a running helio, opens one draft per editor, and has every
// editor save its draft in a closed loop (the next save as soon as the last
// one answered) for a while, then prints throughput and the p50, p90 and
// p99 latency of a save.
//
//	helio serve --demo --addr 127.0.0.1:8080 &
//	go run ./bench/draftload -url http://127.0.0.1:8080 -editors 50 -duration 30s
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
	base  string
	token string
	http  *http.Client
}

func (c client) call(method, path string, body, out any) (int, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(raw))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(data, out)
	}
	return resp.StatusCode, nil
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "helio's address")
	login := flag.String("login", "小雅穿搭", "who logs in (a demo creator by default)")
	password := flag.String("password", "Helio#demo2026", "the password")
	editors := flag.Int("editors", 50, "concurrent editors, each with its own draft")
	duration := flag.Duration("duration", 30*time.Second, "how long the editors save")
	device := flag.String("device", "draftload", "device id of the log-in (one the account already knows avoids a step-up)")
	devices := flag.String("device-tokens", "", "folder keeping each account's device token between runs (bench/run.sh's)")
	flag.Parse()

	c := client{base: strings.TrimRight(*base, "/"), http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *editors}}}
	var session struct {
		Token       string `json:"token"`
		DeviceToken string `json:"device_token"`
	}
	tokens := seed.DeviceTokens(*devices)
	if _, err := c.call("POST", "/api/v1/sessions", map[string]any{"login": *login, "password": *password,
		"device_id": *device, "device_token": tokens.Get(*login)}, &session); err != nil {
		log.Fatal(err)
	}
	if err := tokens.Keep(*login, session.DeviceToken); err != nil {
		log.Fatal(err)
	}
	c.token = session.Token
	text := strings.Repeat("今天的穿搭记录，", 60)

	var mu sync.Mutex
	var latencies []time.Duration
	failures := 0
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(*duration)
	for i := range *editors {
		var draft struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		if _, err := c.call("POST", "/api/v1/contents", map[string]any{"type": "post", "title": fmt.Sprintf("editor %d", i)}, &draft); err != nil {
			log.Fatal(err)
		}
		wg.Go(func() {
			var mine []time.Duration
			bad := 0
			for n := 0; time.Now().Before(deadline); n++ {
				t0 := time.Now()
				var saved struct {
					Version int `json:"version"`
				}
				_, err := c.call("PATCH", "/api/v1/contents/"+draft.ID, map[string]any{"version": draft.Version,
					"body": fmt.Sprintf("%s%d", text, n)}, &saved)
				mine = append(mine, time.Since(t0))
				if err != nil {
					bad++
					continue
				}
				draft.Version = saved.Version
			}
			mu.Lock()
			latencies, failures = append(latencies, mine...), failures+bad
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(float64(len(latencies)-1)*p)] }
	fmt.Printf("editors %d, %s: %d saves (%d failed), %.0f saves/s\n", *editors, elapsed.Round(time.Millisecond),
		len(latencies), failures, float64(len(latencies))/elapsed.Seconds())
	fmt.Printf("latency p50 %s, p90 %s, p99 %s, max %s\n", pct(0.50).Round(10*time.Microsecond),
		pct(0.90).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), latencies[len(latencies)-1].Round(10*time.Microsecond))
}
