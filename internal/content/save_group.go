package content

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/db/groupcommit"
)

// maxSaveGroup bounds the draft saves one group commit writes.
const maxSaveGroup = 64

// draftSave is one autosave: the draft, the version its editor started
// from and the change.
type draftSave struct {
	id    string
	base  int
	patch Patch
}

// savedDraft is a save's result: the head after it, or, for a save made on
// an outdated version, the unchanged head and the version it was kept as.
type savedDraft struct {
	content Content
	kept    int
}

// commitSaves writes the draft saves that editors sent at the same time in
// one transaction, so that on SQLite they share one commit (one WAL write
// and sync) instead of each waiting for the commits of all the saves before
// it. Every save keeps its own version, head and audit row, written as its
// own actor and request, in the order the saves arrived; "never lost"
// holds as it does for a save alone: a save is answered only once the
// transaction holding it has committed. A save refused (not found, not the
// actor's, invalid fields) is refused before it writes anything, so it is
// answered its refusal and the others go on; any other failure rolls the
// group back, and each of its saves is then written in a transaction of
// its own, so that one failing save never takes the others with it.
func (s *Service) commitSaves(ctx context.Context, calls []*groupcommit.Call[draftSave, savedDraft]) {
	err := s.db.WithTx(context.WithoutCancel(ctx), func(tx context.Context) error {
		for _, c := range calls {
			c.Out, c.Err = s.save(db.JoinTx(tx, c.Ctx), c.In)
			if apperr.CodeOf(c.Err) == apperr.Internal {
				return c.Err
			}
		}
		return nil
	})
	if err == nil {
		return
	}
	for _, c := range calls {
		c.Out, c.Err = s.saveAlone(c.Ctx, c.In)
	}
}
