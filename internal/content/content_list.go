package content

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// Filter selects contents of the management list.
type Filter struct {
	Type     string
	Status   string
	Category string
	From     *time.Time
	To       *time.Time
	// Q matches the title and body.
	Q string
	// All searches every account's content (operators only).
	All  bool
	Page db.Page
}

// Count is a tab or category with its number of contents.
type Count struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Listing is one page of the management list with the tab and category
// counts (SPEC §5.1: "all 70, posts 69, videos 1").
type Listing struct {
	Items      []Content
	Next       string
	Types      []Count
	Categories []Count
}

// listOwner is whose contents the management list shows: the login's, and
// of them the creator account's when account is set.
type listOwner struct {
	user, account string
}

// ownerOf is whose contents the actor's lists show: a login holding several
// creator accounts lists the acting one's.
func ownerOf(actor authz.Actor) listOwner {
	own := listOwner{user: actor.UserID}
	if len(actor.CreatorAccounts) > 1 {
		own.account = actor.ActingAccount()
	}
	return own
}

// where adds the owner's conditions to w.
func (o listOwner) where(w *db.Where) {
	w.Add("owner_id = ?", o.user)
	if o.account != "" {
		w.Add("creator_account_id = ?", o.account)
	}
}

// FindContents lists the actor's contents (of its acting creator account,
// when the login holds several), newest change first.
func (s *Service) FindContents(ctx context.Context, f Filter) (Listing, error) {
	if err := authz.CheckCtx(ctx, authz.ReadContent, nil); err != nil {
		return Listing{}, err
	}
	if f.All {
		if err := authz.CheckCtx(ctx, authz.ReviewContent, nil); err != nil {
			return Listing{}, err
		}
	}
	var v apperr.Validation
	if f.Type != "" && !slices.Contains(Types, f.Type) {
		v.Reject("type", "must be one of %s", strings.Join(Types, ", "))
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		v.Reject("to", "must not be before from")
	}
	if err := v.Err(); err != nil {
		return Listing{}, err
	}
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return Listing{}, err
	}
	own := ownerOf(authz.ActorFrom(ctx))
	f.Q = strings.TrimSpace(f.Q)
	items, err := s.store.findContents(ctx, f, own, after, limit+1)
	if err != nil {
		return Listing{}, err
	}
	out := Listing{}
	out.Items, out.Next = db.Trim(items, limit, func(c Content) (time.Time, string) { return c.UpdatedAt, c.ID })
	if f.All {
		return out, nil
	}
	if out.Types, err = s.store.counts(ctx, "type", own); err != nil {
		return Listing{}, err
	}
	out.Categories, err = s.store.counts(ctx, "category", own)
	return out, err
}

// FindTitles returns the titles of those of ids that are the actor's
// contents, deleted ones too (any account's, for reviewers), by id; other
// ids are left out. The activity log names its objects with it.
func (s *Service) FindTitles(ctx context.Context, ids []string) (map[string]string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadContent, nil); err != nil {
		return nil, err
	}
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	owner := authz.ActorFrom(ctx).UserID
	if authz.CheckCtx(ctx, authz.ReviewContent, nil) == nil {
		owner = ""
	}
	return out, s.store.findTitles(ctx, ids, owner, out)
}
