package content

import (
	"context"
	"sync"

	"github.com/helio-platform/helio/internal/db"
)

// counterKey names one row of content_counters.
type counterKey struct{ content, kind, target string }

// tally holds the views and product clicks a replica has counted and not
// yet written to content_counters.
//
// Views and clicks are statistics, not money: rather than one write
// transaction per read (SQLite has one writer), a replica adds them up in
// memory and FlushCounts writes them in one transaction, every
// HELIO_COUNT_FLUSH (1 s by default) and once more when the process stops
// (app.Serve, after the last request). A replica that
// crashes loses what it counted since its last flush: at most one interval
// of the views and clicks it served. What reads the counters here (Analyse,
// the owners' figures of the level recompute, the daily view snapshots)
// flushes this replica's tally first; another replica's unflushed counts
// show within one interval. Counting was never audited (a view changes no
// one's rights or money), and the flush is not either.
type tally struct {
	mu sync.Mutex
	n  map[counterKey]int
}

// add counts n more for k.
func (t *tally) add(k counterKey, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == nil {
		t.n = map[counterKey]int{}
	}
	t.n[k] += n
}

// take empties the tally and answers what it held (nil when nothing).
func (t *tally) take() map[counterKey]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.n
	t.n = nil
	return out
}

// FlushCounts writes the views and product clicks this replica has counted
// since the last flush, in one transaction (the caller's, when ctx carries
// one). Counts a failed or rolled back flush did not write go back into
// the tally for the next one. It is the process's own upkeep, so it checks
// no permission.
func (s *Service) FlushCounts(ctx context.Context) error {
	pending := s.counts.take()
	if len(pending) == 0 {
		return nil
	}
	committed := false
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		db.AfterCommit(ctx, func() { committed = true })
		db.Detach(ctx, func(context.Context) {
			if !committed {
				for k, n := range pending {
					s.counts.add(k, n)
				}
			}
		})
		return s.store.addCounts(ctx, pending)
	})
}
