package notify

import (
	"context"

	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// Inbox returns one page of the actor's message centre, newest first, with
// the number of unread messages.
func (s *Service) Inbox(ctx context.Context, page db.Page) ([]Inbox, string, int, error) {
	if err := authz.CheckCtx(ctx, authz.ReadMessages, nil); err != nil {
		return nil, "", 0, err
	}
	me := authz.ActorFrom(ctx).UserID
	items, next, err := s.FindMessages(ctx, me, page)
	if err != nil {
		return nil, "", 0, err
	}
	unread, err := s.UnreadCount(ctx, me)
	if err != nil {
		return nil, "", 0, err
	}
	return items, next, unread, nil
}

// Read marks one of the actor's messages read, and audits it.
func (s *Service) Read(ctx context.Context, messageID string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateMessages, nil); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.MarkRead(ctx, authz.ActorFrom(ctx).UserID, messageID); err != nil {
			return err
		}
		return audit.New(s.db, s.clock).Record(ctx, audit.Event{Action: "message.read", ObjectType: "message", ObjectID: messageID})
	})
}
