// Package clock supplies the current time. Services take a Clock instead of
// calling time.Now, so that deadlines, windows and leases are testable without
// sleeping.
package clock

import (
	"context"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// System is the real clock. Times are UTC, truncated to microseconds: the
// precision both databases store.
type System struct{}

// Now returns the current UTC time.
func (System) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Fake is a settable clock for tests. It is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a Fake clock standing at t.
func NewFake(t time.Time) *Fake { return &Fake{now: t.UTC().Truncate(time.Microsecond)} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the fake time forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Set moves the fake time to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t.UTC().Truncate(time.Microsecond)
}

// Every runs work every interval of wall time until ctx is done (a
// process's upkeep: index refreshes, counter writes), reporting to fail
// the errors of runs that the stop did not cut short.
func Every(ctx context.Context, interval time.Duration, work func(context.Context) error, fail func(error)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := work(ctx); err != nil && ctx.Err() == nil {
			fail(err)
		}
	}
}
