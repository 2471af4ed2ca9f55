package groupcommit_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db/groupcommit"
)

// TestCallsAreGroupedAndAnsweredAlone: while a first group is being
// committed, the calls arriving queue and are committed together in
// groups of at most max; every caller gets its own answer, an error set
// for one call reaches only that caller.
func TestCallsAreGroupedAndAnsweredAlone(t *testing.T) {
	const callers, max = 20, 8
	release := make(chan struct{})
	var mu sync.Mutex
	var sizes []int
	g := groupcommit.New(max, func(_ context.Context, calls []*groupcommit.Call[int, int]) {
		mu.Lock()
		first := len(sizes) == 0
		sizes = append(sizes, len(calls))
		mu.Unlock()
		if first {
			<-release
		}
		for _, c := range calls {
			if c.In == 13 {
				c.Err = errors.New("thirteen")
				continue
			}
			c.Out = c.In * 2
		}
	})
	var wg sync.WaitGroup
	started := make(chan struct{}, callers)
	results := make([]int, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started <- struct{}{}
			results[i], errs[i] = g.Do(context.Background(), i)
		}()
	}
	for range callers {
		<-started
	}
	time.Sleep(20 * time.Millisecond) // let the callers queue behind the blocked first group
	close(release)
	wg.Wait()
	total := 0
	for _, n := range sizes {
		if n < 1 || n > max {
			t.Fatalf("a group of %d calls (max %d): %v", n, max, sizes)
		}
		total += n
	}
	if total != callers || len(sizes) == callers {
		t.Fatalf("groups %v: want every call committed once, some together", sizes)
	}
	for i := range callers {
		if i == 13 {
			if errs[i] == nil {
				t.Errorf("call 13 was not answered its error")
			}
			continue
		}
		if errs[i] != nil || results[i] != 2*i {
			t.Errorf("call %d answered %d, %v", i, results[i], errs[i])
		}
	}
}

// TestCancelledCallerReturnsButIsCommitted: a caller whose context ends
// while its call is queued returns the context's error; the call is still
// committed by the next leader.
func TestCancelledCallerReturnsButIsCommitted(t *testing.T) {
	release, leading := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	committed := map[string]bool{}
	g := groupcommit.New(4, func(_ context.Context, calls []*groupcommit.Call[string, bool]) {
		for _, c := range calls {
			if c.In == "first" {
				close(leading)
				<-release
			}
			mu.Lock()
			committed[c.In] = true
			mu.Unlock()
			c.Out = true
		}
	})
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		_, _ = g.Do(context.Background(), "first")
	}()
	<-leading // the first caller leads, its commit blocked
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Do(ctx, "cancelled"); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled caller got %v", err)
	}
	close(release)
	<-firstDone
	if ok, err := g.Do(context.Background(), "later"); !ok || err != nil {
		t.Fatalf("a later call: %v, %v", ok, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !committed["cancelled"] || !committed["later"] {
		t.Fatalf("committed %v: the cancelled caller's call must be committed too", committed)
	}
}
