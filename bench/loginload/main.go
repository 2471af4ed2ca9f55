// Command loginload fires a burst of concurrent log-ins at a running helio
// and reports their latencies, their answers and the server's peak memory
// (VmHWM from /proc/<pid>/status), the figures of SPEC §3.1's bounded
// password hashing: each argon2id hash holds ~19 MiB, so an unbounded burst
// grows the server by the burst's size, and the bound (HELIO_HASH_SLOTS,
// HELIO_HASH_WAIT) caps it at the slots' worth, answering the rest 503 with
// Retry-After.
//
//	helio serve --data /tmp/helio-bench/login &
//	go run ./bench/loginload -url http://127.0.0.1:8080 -pid $! -logins 200
//
// It signs up one account (or uses -login), logs in once to make its
// device known, then sends -logins log-ins at once from that device.
// VmHWM is the peak since the server started: start a fresh server for
// each run.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "helio's address")
	pid := flag.Int("pid", 0, "the server's process id, to read its peak memory (0: skip)")
	logins := flag.Int("logins", 200, "concurrent log-ins")
	login := flag.String("login", "", "an existing login (default: sign up a new account)")
	password := flag.String("password", "Load-Test-42!", "its password")
	flag.Parse()

	if *login == "" {
		*login = fmt.Sprintf("loadtest%d", time.Now().UnixNano()%1_000_000_000)
		status, _ := post(*base+"/api/v1/users", map[string]any{"email": *login + "@example.com", "nickname": *login, "password": *password})
		if status != http.StatusCreated {
			log.Fatalf("sign-up answered %d", status)
		}
	}
	body := map[string]any{"login": *login, "password": *password, "device_id": "loginload"}
	status, first := post(*base+"/api/v1/sessions", body)
	if status != http.StatusCreated {
		log.Fatalf("the first log-in answered %d", status)
	}
	// A server that issues device tokens returns one; one that does not
	// knows the device by its label.
	if token, _ := first["device_token"].(string); token != "" {
		body["device_token"] = token
	}

	latencies := make([]time.Duration, *logins)
	statuses := make([]int, *logins)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range *logins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			statuses[i], _ = post(*base+"/api/v1/sessions", body)
			latencies[i] = time.Since(t0)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	wall := time.Since(t0)

	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	slices.Sort(latencies)
	q := func(p float64) time.Duration {
		return latencies[int(p*float64(len(latencies)-1))].Round(time.Millisecond)
	}
	fmt.Printf("%d concurrent log-ins in %s: p50 %s, p99 %s, max %s; answers %v\n",
		*logins, wall.Round(time.Millisecond), q(0.50), q(0.99), q(1), counts)
	if *pid != 0 {
		fmt.Printf("server peak RSS (VmHWM): %s\n", peakRSS(*pid))
	}
}

// post sends body as JSON and returns the status and the decoded answer
// (0 when the request failed).
func post(url string, body any) (int, map[string]any) {
	raw, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(raw))
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// peakRSS reads VmHWM of process pid.
func peakRSS(pid int) string {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return err.Error()
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
