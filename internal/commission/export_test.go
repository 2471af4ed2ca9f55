package commission

import (
	"context"

	"github.com/helio-platform/helio/internal/db/groupcommit"
)

// CommitGroup applies events as one group commit, each as posted with its
// context in ctxs, and answers each event's answer and error.
func (s *Service) CommitGroup(ctxs []context.Context, events []OrderEvent) ([]EventAnswer, []error) {
	calls := make([]*groupCall, len(events))
	for i, e := range events {
		calls[i] = groupcommit.NewCall[OrderEvent, EventAnswer](ctxs[i], e)
	}
	s.commitGroup(context.Background(), calls)
	answers, errs := make([]EventAnswer, len(calls)), make([]error, len(calls))
	for i, c := range calls {
		answers[i], errs[i] = c.Out, c.Err
	}
	return answers, errs
}
