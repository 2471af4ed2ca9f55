package content

import (
	"context"
	"math"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/rule"
)

// RulesTable names the content rule table in the {"table", "version"}
// a decision made from it carries.
const RulesTable = "content_rules"

// Rules are one version of the content rule table; the latest decides.
type Rules struct {
	Version int `json:"version"`
	// RestoreWindowDays is how many days deleted content can be restored
	// (SPEC §5: 30 days, version 1).
	RestoreWindowDays int       `json:"restore_window_days"`
	CreatedAt         time.Time `json:"created_at"`
	CreatedBy         string    `json:"created_by"`
	Note              string    `json:"note"`
}

// RestoreWindow is how long deleted content can be restored under r.
func (r Rules) RestoreWindow() time.Duration {
	return time.Duration(r.RestoreWindowDays) * 24 * time.Hour
}

// Ref is the reference decisions made from r cite.
func (r Rules) Ref() rule.Ref { return rule.Ref{Table: RulesTable, Version: r.Version} }

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
// its owner and operators, who can restore it for the rules' restore
// window.
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

// RestoreContent brings back content deleted less than the latest rules'
// restore window ago: its owner (or staff granted the permission) restores
// their own, reviewers anyone's. After the window it is refused naming the
// rule table and its version.
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
		if err := authz.CheckCtx(ctx, authz.RestoreContent, c); err != nil {
			return err
		}
		rules, err := s.store.findRules(ctx)
		if err != nil {
			return err
		}
		if until := c.DeletedAt.Add(rules.RestoreWindow()); s.clock.Now().After(until) {
			return apperr.New(apperr.Conflict, "Deleted content can be restored for %d days only: the restore window ended on %s.",
				rules.RestoreWindowDays, until.UTC().Format(time.DateOnly)).With("rule", rules.Ref())
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

// Trashed is deleted content still within the restore window.
type Trashed struct {
	Content
	// RestoreUntil is when the restore window ends.
	RestoreUntil time.Time `json:"restore_until"`
	// DaysLeft is how many whole or started days of the window remain.
	DaysLeft int `json:"days_left"`
}

// Trash lists the actor's deleted content (of its acting creator account,
// when the login holds several) that can still be restored, most recently
// deleted first.
func (s *Service) Trash(ctx context.Context, page db.Page) ([]Trashed, string, error) {
	if err := authz.CheckCtx(ctx, authz.RestoreContent, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	rules, err := s.store.findRules(ctx)
	if err != nil {
		return nil, "", err
	}
	now := s.clock.Now()
	items, err := s.store.findTrash(ctx, ownerOf(authz.ActorFrom(ctx)), now.Add(-rules.RestoreWindow()), after, limit+1)
	if err != nil {
		return nil, "", err
	}
	items, next := db.Trim(items, limit, func(c Content) (time.Time, string) { return *c.DeletedAt, c.ID })
	out := make([]Trashed, len(items))
	for i, c := range items {
		until := c.DeletedAt.Add(rules.RestoreWindow())
		out[i] = Trashed{Content: c, RestoreUntil: until, DaysLeft: int(math.Ceil(until.Sub(now).Hours() / 24))}
	}
	return out, next, nil
}
