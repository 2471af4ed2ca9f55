package app

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/helio-platform/helio/internal/jobs"
)

// metricsPath is where the Prometheus series are scraped.
const metricsPath = "/metrics"

// guardMetrics lets only the scraper read the series: with a token, a
// request bearing it (from anywhere); without one, a loopback TCP peer
// whose request no proxy forwarded (a reverse proxy on the same host is a
// loopback peer too), so a process reachable from outside shows its
// internals to no one until the operator sets HELIO_METRICS_TOKEN.
func guardMetrics(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				http.Error(w, "metrics need the bearer token of HELIO_METRICS_TOKEN", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		forwarded := r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != ""
		if addr, perr := netip.ParseAddr(host); err != nil || perr != nil || !addr.Unmap().IsLoopback() || forwarded {
			http.Error(w, "metrics answer loopback peers only; set HELIO_METRICS_TOKEN to scrape from elsewhere", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// metrics are the Prometheus series of one process.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(q *jobs.Queue) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "helio_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "helio_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	m.registry.MustRegister(m.requests, m.latency, jobDepth{q: q},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// jobDepth reports the job queue's depth by state, read once per scrape.
type jobDepth struct {
	q *jobs.Queue
}

var jobDepthDesc = prometheus.NewDesc("helio_jobs", "Jobs in the queue by state.", []string{"state"}, nil)

// Describe sends the one descriptor.
func (jobDepth) Describe(ch chan<- *prometheus.Desc) { ch <- jobDepthDesc }

// Collect reads the depth from the database.
func (c jobDepth) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	queued, running, failed, err := c.q.Depth(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(jobDepthDesc, err)
		return
	}
	for state, n := range map[string]int{"queued": queued, "running": running, "failed": failed} {
		ch <- prometheus.MustNewConstMetric(jobDepthDesc, prometheus.GaugeValue, float64(n), state)
	}
}
