// Package groupcommit gathers work that callers submit one by one at the
// same time into groups that one function commits together (one
// transaction, one lock, one commit for all of them), answering each
// caller with its own result.
//
// Whoever holds the group's leader token takes what is queued (at most
// Max calls) and commits it; callers arriving meanwhile queue for the next
// group. A caller whose context ends while queued returns ctx.Err(), and
// its call is still committed (a retry finds its effect). The commit
// function sets each call's Out and Err; what it does when a group fails
// (retry each call alone, say) is its own choice.
package groupcommit

import (
	"context"
	"sync"
)

// Call is one caller's work in a group: its context and input, and the
// result the commit function sets.
type Call[In, Out any] struct {
	Ctx  context.Context
	In   In
	Out  Out
	Err  error
	done chan struct{}
}

// NewCall makes a call outside a Group, for a commit function run directly
// (tests).
func NewCall[In, Out any](ctx context.Context, in In) *Call[In, Out] {
	return &Call[In, Out]{Ctx: ctx, In: in, done: make(chan struct{})}
}

// Group queues calls and commits them in groups with commit.
type Group[In, Out any] struct {
	max    int
	commit func(ctx context.Context, calls []*Call[In, Out])
	leader chan struct{}
	mu     sync.Mutex
	queue  []*Call[In, Out]
}

// New returns a group committing at most max calls at a time with commit,
// which is given the leading caller's context and must set every call's
// Out or Err.
func New[In, Out any](max int, commit func(ctx context.Context, calls []*Call[In, Out])) *Group[In, Out] {
	return &Group[In, Out]{max: max, commit: commit, leader: make(chan struct{}, 1)}
}

// Do queues in and commits groups while holding the leader token, until
// in's call is answered.
func (g *Group[In, Out]) Do(ctx context.Context, in In) (Out, error) {
	c := NewCall[In, Out](ctx, in)
	g.mu.Lock()
	g.queue = append(g.queue, c)
	g.mu.Unlock()
	for {
		select {
		case <-c.done:
			return c.Out, c.Err
		case <-ctx.Done():
			var zero Out
			return zero, ctx.Err()
		case g.leader <- struct{}{}:
			if calls := g.take(); len(calls) > 0 {
				g.commit(ctx, calls)
				for _, done := range calls {
					close(done.done)
				}
			}
			<-g.leader
		}
	}
}

// take removes up to max calls from the queue.
func (g *Group[In, Out]) take() []*Call[In, Out] {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := min(len(g.queue), g.max)
	calls := g.queue[:n:n]
	g.queue = g.queue[n:]
	return calls
}
