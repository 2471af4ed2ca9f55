package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/helio-platform/helio/internal/jobs"
)

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
