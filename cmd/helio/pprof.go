//go:build pprof

package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
	"runtime"
	"strconv"
)

// A binary built with -tags pprof serves the Go profiler on
// HELIO_PPROF_ADDR (a loopback address, say 127.0.0.1:26060) when it is
// set, so that a load run can profile the server it drives
// (bench/exactlyonce -pprof). HELIO_PPROF_MUTEX_FRACTION (1 in n mutex
// contention events) and HELIO_PPROF_BLOCK_RATE (one blocking event per n
// nanoseconds blocked) turn on the mutex and block profiles, which are off
// otherwise. Ordinary builds carry none of it.
func init() {
	addr := os.Getenv("HELIO_PPROF_ADDR")
	if addr == "" {
		return
	}
	if n, err := strconv.Atoi(os.Getenv("HELIO_PPROF_MUTEX_FRACTION")); err == nil {
		runtime.SetMutexProfileFraction(n)
	}
	if n, err := strconv.Atoi(os.Getenv("HELIO_PPROF_BLOCK_RATE")); err == nil {
		runtime.SetBlockProfileRate(n)
	}
	go func() {
		if err := http.ListenAndServe(addr, nil); err != nil {
			fmt.Fprintln(os.Stderr, "helio: pprof:", err)
		}
	}()
}
