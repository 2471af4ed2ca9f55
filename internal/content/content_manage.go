package content

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// Push targets (SPEC §5.2).
const (
	TargetFeed         = "feed"
	TargetSubscription = "subscription"
	TargetHomepage     = "homepage"
)

// Targets lists the push targets.
var Targets = []string{TargetFeed, TargetSubscription, TargetHomepage}

// RestoreWindow is how long operators can restore deleted content.
const RestoreWindow = 30 * 24 * time.Hour

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

// FindContents lists the actor's contents, newest change first.
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
	owner := authz.ActorFrom(ctx).UserID
	q := `SELECT ` + contentColumns + ` FROM contents WHERE deleted_at IS NULL`
	var args []any
	add := func(cond string, val any) {
		q += ` AND ` + cond
		args = append(args, val)
	}
	if !f.All {
		add(`owner_id = ?`, owner)
	}
	if f.Type != "" {
		add(`type = ?`, f.Type)
	}
	if f.Status != "" {
		add(`status = ?`, f.Status)
	}
	if f.Category != "" {
		add(`category = ?`, f.Category)
	}
	if f.From != nil {
		add(`created_at >= ?`, *f.From)
	}
	if f.To != nil {
		add(`created_at < ?`, *f.To)
	}
	if f.Q = strings.TrimSpace(f.Q); f.Q != "" {
		cond, vals := s.db.ContainsText("contents", f.Q)
		q += ` AND ` + cond
		args = append(args, vals...)
	}
	if !after.IsZero() {
		q += ` AND (updated_at < ? OR (updated_at = ? AND id < ?))`
		args = append(args, after.Time, after.Time, after.ID)
	}
	items, err := s.store.findContents(ctx, q+` ORDER BY updated_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return Listing{}, err
	}
	out := Listing{}
	out.Items, out.Next = db.Trim(items, limit, func(c Content) (time.Time, string) { return c.UpdatedAt, c.ID })
	if f.All {
		return out, nil
	}
	if out.Types, err = s.store.counts(ctx, "type", owner); err != nil {
		return Listing{}, err
	}
	out.Categories, err = s.store.counts(ctx, "category", owner)
	return out, err
}

// change loads one of the actor's contents for a management action under
// permission p, applies fn and records the action, all in one transaction.
func (s *Service) change(ctx context.Context, id string, p authz.Permission, action string,
	fn func(ctx context.Context, c *Content) error) (Content, error) {
	if err := authz.CheckCtx(ctx, p, nil); err != nil {
		return Content{}, err
	}
	var out Content
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findContent(ctx, id, true)
		if err != nil {
			return err
		}
		if err := authz.CheckCtx(ctx, p, c); err != nil {
			return err
		}
		if err := fn(ctx, &c); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: action, ObjectType: "content", ObjectID: id}); err != nil {
			return err
		}
		out, err = s.store.findContent(ctx, id, false)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil
		}
		return err
	})
	return out, err
}

// SetFlag features or pins (on) content, or takes the mark away (off).
// flag is "featured" or "pinned".
func (s *Service) SetFlag(ctx context.Context, id, flag string, on bool) (Content, error) {
	action := map[bool]string{true: "content." + flag, false: "content.un" + flag}[on]
	return s.change(ctx, id, authz.ManageContent, action, func(ctx context.Context, c *Content) error {
		if c.PublishedVersion == 0 {
			return apperr.Field("status", "only published content can be featured or pinned")
		}
		return s.store.setFlag(ctx, c.ID, flag, on, s.clock.Now())
	})
}

// Push sends published content to targets. The subscription channel takes
// at most SubscriptionPushesPerDay pushes per account in 24 hours.
func (s *Service) Push(ctx context.Context, id string, targets []string) (Content, error) {
	return s.change(ctx, id, authz.ManageContent, "content.push", func(ctx context.Context, c *Content) error {
		if c.PublishedVersion == 0 {
			return apperr.Field("status", "only published content can be pushed")
		}
		if len(targets) == 0 {
			return apperr.Field("targets", "choose at least one of %s", strings.Join(Targets, ", "))
		}
		now := s.clock.Now()
		for _, t := range targets {
			if !slices.Contains(Targets, t) {
				return apperr.Field("targets", "%s is not one of %s", t, strings.Join(Targets, ", "))
			}
			if t == TargetSubscription {
				n, err := s.store.countPushes(ctx, c.Owner, t, now.Add(-24*time.Hour))
				if err != nil {
					return err
				}
				if n >= s.opts.SubscriptionPushesPerDay {
					return apperr.Field("targets", "the subscription channel takes at most %d push a day", s.opts.SubscriptionPushesPerDay)
				}
			}
			pushID := newID()
			if err := s.store.insertPush(ctx, pushID, c.ID, c.Owner, t, now); err != nil {
				return err
			}
			if t == TargetFeed {
				if err := s.pushedToFeed(ctx, pushID, c, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// pushedToFeed tells the feed listener of a push to the follower feed.
func (s *Service) pushedToFeed(ctx context.Context, pushID string, c *Content, now time.Time) error {
	if s.feed == nil {
		return nil
	}
	found, err := s.store.findPublished(ctx, `id = ?`, 1, c.ID)
	if err != nil || len(found) == 0 {
		return err
	}
	return s.feed.Pushed(ctx, FeedPush{ID: pushID, ContentID: c.ID, Owner: c.Owner, Type: c.Type,
		Products: len(found[0].Products) > 0, At: now})
}

// withdrawPushes withdraws the content's standing pushes and tells the feed
// listener of those that reached the follower feed.
func (s *Service) withdrawPushes(ctx context.Context, id string, now time.Time) error {
	feedPushes, err := s.store.withdrawPushes(ctx, id, now)
	if err != nil || s.feed == nil || len(feedPushes) == 0 {
		return err
	}
	return s.feed.Withdrawn(ctx, feedPushes)
}

// WithdrawPush withdraws every push of the content still standing.
func (s *Service) WithdrawPush(ctx context.Context, id string) (Content, error) {
	return s.change(ctx, id, authz.ManageContent, "content.withdraw_push", func(ctx context.Context, c *Content) error {
		if c.ActivePushes == 0 {
			return apperr.Field("status", "this content has no push to withdraw")
		}
		return s.withdrawPushes(ctx, c.ID, s.clock.Now())
	})
}

// Withdraw takes published content down (SPEC §5.2): the public no longer
// sees it and its pushes are withdrawn; the draft stays to edit and submit
// again.
func (s *Service) Withdraw(ctx context.Context, id string) (Content, error) {
	return s.change(ctx, id, authz.ManageContent, "content.withdraw", func(ctx context.Context, c *Content) error {
		if c.PublishedVersion == 0 {
			return apperr.Field("status", "only published content can be withdrawn")
		}
		now := s.clock.Now()
		if err := s.withdrawPushes(ctx, c.ID, now); err != nil {
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

// Published is what the public sees of published content: the approved
// snapshot, never the draft in progress.
type Published struct {
	ID          string    `json:"id"`
	Owner       string    `json:"owner_id"`
	Type        string    `json:"type"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Media       []string  `json:"media"`
	Cover       string    `json:"cover,omitempty"`
	Products    []Product `json:"products"`
	Featured    bool      `json:"featured"`
	Pinned      bool      `json:"pinned"`
	PublishedAt time.Time `json:"published_at"`
}

// Rank is the homepage rank of published content: 2 when pinned, plus 1
// when featured; a homepage shows higher ranks first, then the newest.
func (p Published) Rank() int {
	r := 0
	if p.Pinned {
		r += 2
	}
	if p.Featured {
		r++
	}
	return r
}

// FindPublished lists a page of an account's published content for its
// homepage: pinned first, then featured, then newest. The cursor carries
// the rank, so paging stays exact across the groups.
func (s *Service) FindPublished(ctx context.Context, owner string, page db.Page) ([]Published, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	where, args := `owner_id = ?`, []any{owner}
	if !after.IsZero() {
		rank, id, ok := strings.Cut(after.ID, ":")
		r, rerr := strconv.Atoi(rank)
		if !ok || rerr != nil {
			return nil, "", apperr.Field("cursor", "is not a cursor this server gave out")
		}
		where += ` AND (` + homeRank + ` < ? OR (` + homeRank + ` = ? AND (published_at < ? OR (published_at = ? AND id < ?))))`
		args = append(args, r, r, after.Time, after.Time, id)
	}
	items, err := s.store.findPublished(ctx, where, limit+1, args...)
	if err != nil {
		return nil, "", err
	}
	items, next := db.Trim(items, limit, func(p Published) (time.Time, string) {
		return p.PublishedAt, strconv.Itoa(p.Rank()) + ":" + p.ID
	})
	return items, next, nil
}

// FindPublishedByIDs returns the published snapshots of the given contents
// that are published and not deleted, by id (for feeds, which decide order
// and visibility themselves).
func (s *Service) FindPublishedByIDs(ctx context.Context, ids []string) (map[string]Published, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, err
	}
	out := make(map[string]Published, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.InList(ids)
	found, err := s.store.findPublished(ctx, `id IN `+in, len(ids), args...)
	for _, p := range found {
		out[p.ID] = p
	}
	return out, err
}

// Counter kinds of content_counters.
const (
	CounterView         = "view"
	CounterProductClick = "product_click"
)

// ReadPublished is a reader opening one published content: it answers the
// published version and counts the view.
func (s *Service) ReadPublished(ctx context.Context, id string) (Published, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Published{}, err
	}
	var out Published
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		found, err := s.store.findPublished(ctx, `id = ?`, 1, id)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
		}
		out = found[0]
		return s.store.count(ctx, id, CounterView, "")
	})
	return out, err
}

// ClickProduct counts a reader's click on a product mounted in published
// content and answers the product (its id may be a link to follow).
func (s *Service) ClickProduct(ctx context.Context, contentID, productID string) (Product, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Product{}, err
	}
	var out Product
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		found, err := s.store.findPublished(ctx, `id = ?`, 1, contentID)
		if err != nil {
			return err
		}
		if len(found) > 0 {
			for _, p := range found[0].Products {
				if p.ID == productID {
					out = p
				}
			}
		}
		if out.ID == "" {
			return apperr.Field("product_id", "is not mounted in this published content")
		}
		return s.store.count(ctx, contentID, CounterProductClick, productID)
	})
	return out, err
}
