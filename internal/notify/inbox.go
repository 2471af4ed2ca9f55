package notify

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// Reader is whose message centre is read. Messages belong to a person: a
// main account reads its own; a sub-account reads those addressed to it,
// and of the main account's only the kinds its permissions grant.
type Reader struct {
	UserID       string
	SubAccountID string
	// Kinds are the main account's message kinds a sub-account also reads.
	Kinds []string
}

// staffKinds names, per message kind of the main account, the permission
// that lets a sub-account read it too. A kind not listed (a log-in alert,
// the welcome) stays the main account's own.
var staffKinds = map[string]authz.Permission{
	"review.content":                 authz.SaveDraft,
	"review.certification":           authz.ReadCertification,
	"certification.expired":          authz.ReadCertification,
	"review.capability":              authz.ReadCapabilities,
	"review.brand_entry":             authz.ReadCreatorAccount,
	"creator_account.opened":         authz.ReadCreatorAccount,
	"creator_account.profile_change": authz.ReadCreatorAccount,
	"level.changed":                  authz.ReadLevel,
}

// ReaderOf is the reader a acts as.
func ReaderOf(a authz.Actor) Reader {
	r := Reader{UserID: a.UserID, SubAccountID: a.SubAccountID}
	if a.SubAccountID == "" {
		return r
	}
	for kind, p := range staffKinds {
		if authz.Check(a, p, nil) == nil {
			r.Kinds = append(r.Kinds, kind)
		}
	}
	sort.Strings(r.Kinds)
	return r
}

// where selects the reader's messages.
func (r Reader) where() db.Where {
	var w db.Where
	w.Add("user_id = ?", r.UserID)
	if len(r.Kinds) == 0 {
		w.Add("sub_account_id = ?", r.SubAccountID)
		return w
	}
	in, args := db.InList(r.Kinds)
	w.Add("(sub_account_id = ? OR sub_account_id = '' AND kind IN "+in+")", append([]any{r.SubAccountID}, args...)...)
	return w
}

// Inbox returns one page of the actor's message centre, newest first, with
// the number of unread messages.
func (s *Service) Inbox(ctx context.Context, page db.Page) ([]Inbox, string, int, error) {
	if err := authz.CheckCtx(ctx, authz.ReadMessages, nil); err != nil {
		return nil, "", 0, err
	}
	me := ReaderOf(authz.ActorFrom(ctx))
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
		if err := s.MarkRead(ctx, ReaderOf(authz.ActorFrom(ctx)), messageID); err != nil {
			return err
		}
		return audit.New(s.db, s.clock).Record(ctx, audit.Event{Action: "message.read", ObjectType: "message", ObjectID: messageID})
	})
}

// ReadAll marks every unread message of the actor read (mark-all-read),
// audited, and returns how many it marked.
func (s *Service) ReadAll(ctx context.Context) (int, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateMessages, nil); err != nil {
		return 0, err
	}
	var n int
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		w := ReaderOf(authz.ActorFrom(ctx)).where()
		w.Add("read_at IS NULL")
		res, err := s.db.Exec(ctx, `UPDATE messages SET read_at = ? WHERE `+w.SQL(), append([]any{s.clock.Now()}, w.Args()...)...)
		if err != nil {
			return fmt.Errorf("notify: mark all messages read: %w", err)
		}
		marked, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("notify: mark all messages read: %w", err)
		}
		n = int(marked)
		return audit.New(s.db, s.clock).Record(ctx, audit.Event{Action: "message.read_all", ObjectType: "message",
			Summary: strconv.Itoa(n) + " marked read"})
	})
	return n, err
}
