package content

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
)

// RestoreWindow is how long operators can restore deleted content.
const RestoreWindow = 30 * 24 * time.Hour

// Withdraw takes published content down (SPEC §5.2): the public no longer
// sees it and its pushes are withdrawn; the draft stays to edit and submit
// again.
func (s *Service) Withdraw(ctx context.Context, id string) (Content, error) {
	return s.change(ctx, id, authz.ManageContent, "content.withdraw", func(ctx context.Context, c *Content) error {
		if c.PublishedVersion == 0 {
			return apperr.Field("status", "only published content can be withdrawn")
		}
		now := s.clock.Now()
		if err := s.withdrawPushes(ctx, c.ID, nil, now); err != nil {
			return err
		}
		return s.store.unpublish(ctx, c.ID, now)
	})
}

// DeleteContent deletes content softly: it disappears for everyone but
// operators, who can restore it for RestoreWindow.
func (s *Service) DeleteContent(ctx context.Context, id string) error {
	_, err := s.change(ctx, id, authz.DeleteContent, "content.delete", func(ctx context.Context, c *Content) error {
		if err := s.store.setDeleted(ctx, c.ID, s.clock.Now()); err != nil {
			return err
		}
		return s.deletedForFeed(ctx, c.ID, true)
	})
	return err
}

// deletedForFeed tells the feed listener that content was deleted or
// restored.
func (s *Service) deletedForFeed(ctx context.Context, id string, deleted bool) error {
	if s.feed == nil {
		return nil
	}
	return s.feed.Deleted(ctx, id, deleted)
}

// RestoreContent brings back content deleted less than RestoreWindow ago.
func (s *Service) RestoreContent(ctx context.Context, id string) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.RestoreContent, nil); err != nil {
		return Content{}, err
	}
	var out Content
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findDeleted(ctx, id)
		if err != nil {
			return err
		}
		if now := s.clock.Now(); now.Sub(*c.DeletedAt) > RestoreWindow {
			return apperr.New(apperr.Conflict, "Deleted content can be restored for %d days only.", int(RestoreWindow.Hours()/24))
		}
		if err := s.store.setDeleted(ctx, id, time.Time{}); err != nil {
			return err
		}
		if err := s.deletedForFeed(ctx, id, false); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content.restore", ObjectType: "content", ObjectID: id}); err != nil {
			return err
		}
		out, err = s.store.findContent(ctx, id, false)
		return err
	})
	return out, err
}
