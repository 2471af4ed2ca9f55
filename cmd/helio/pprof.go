//go:build pprof

package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// A binary built with -tags pprof serves the Go profiler on
// HELIO_PPROF_ADDR (a loopback address, say 127.0.0.1:26060) when it is
// set, so that a load run can profile the server it drives
// (bench/exactlyonce -pprof). Ordinary builds carry none of it.
func init() {
	addr := os.Getenv("HELIO_PPROF_ADDR")
	if addr == "" {
		return
	}
	go func() {
		if err := http.ListenAndServe(addr, nil); err != nil {
			fmt.Fprintln(os.Stderr, "helio: pprof:", err)
		}
	}()
}
