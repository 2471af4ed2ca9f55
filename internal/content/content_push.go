package content

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
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

// Push sends published content to targets. The subscription channel takes
// at most SubscriptionPushesPerDay pushes per account in 24 hours; the
// account's push lock makes concurrent pushes of its contents count each
// other (the content row lock alone covers one content only).
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
			// A push to the homepage is a level privilege (SPEC §7.3: L0 keeps
			// the default homepage).
			if t == TargetHomepage {
				if err := authz.CheckCtx(ctx, authz.PushHomepage, nil); err != nil {
					return err
				}
			}
			if t == TargetSubscription {
				if err := s.store.lockPushes(ctx, c.Owner, now); err != nil {
					return err
				}
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
			if t == TargetFeed || t == TargetSubscription {
				if err := s.pushedToFeed(ctx, pushID, t, c, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// pushedToFeed tells the feed listener of a push to the follower feed or
// the subscription channel (target).
func (s *Service) pushedToFeed(ctx context.Context, pushID, target string, c *Content, now time.Time) error {
	if s.feed == nil {
		return nil
	}
	found, err := s.store.findPublishedByIDs(ctx, c.ID)
	if err != nil || len(found) == 0 {
		return err
	}
	return s.feed.Pushed(ctx, FeedPush{ID: pushID, ContentID: c.ID, Owner: c.Owner, Author: c.Author, Type: c.Type,
		Products: len(found[0].Products) > 0, Subscription: target == TargetSubscription, At: now})
}

// withdrawPushes withdraws the content's standing pushes to targets (all
// of them when targets is empty) and tells the feed listener of those that
// reached the follower feed or the subscription channel.
func (s *Service) withdrawPushes(ctx context.Context, id string, targets []string, now time.Time) error {
	feedPushes, err := s.store.withdrawPushes(ctx, id, targets, now)
	if err != nil || s.feed == nil || len(feedPushes) == 0 {
		return err
	}
	return s.feed.Withdrawn(ctx, feedPushes)
}

// WithdrawPush withdraws the pushes of the content still standing to
// targets, or to every target when targets is empty; each withdrawal undoes
// that target's effect only.
func (s *Service) WithdrawPush(ctx context.Context, id string, targets []string) (Content, error) {
	return s.change(ctx, id, authz.ManageContent, "content.withdraw_push", func(ctx context.Context, c *Content) error {
		for _, t := range targets {
			if !slices.Contains(Targets, t) {
				return apperr.Field("targets", "%s is not one of %s", t, strings.Join(Targets, ", "))
			}
		}
		standing, err := s.store.findStandingTargets(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(standing) == 0 {
			return apperr.Field("status", "this content has no push to withdraw")
		}
		if len(targets) > 0 && !slices.ContainsFunc(targets, func(t string) bool { return slices.Contains(standing, t) }) {
			return apperr.Field("targets", "this content has no push to withdraw there")
		}
		return s.withdrawPushes(ctx, c.ID, targets, s.clock.Now())
	})
}

// FindFirstPush answers when published content was first pushed, or when it
// was published if it never was (tracked links count their grocery window
// from it, SPEC §9).
func (s *Service) FindFirstPush(ctx context.Context, id string) (time.Time, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return time.Time{}, err
	}
	found, err := s.store.findPublishedByIDs(ctx, id)
	if err != nil {
		return time.Time{}, err
	}
	if len(found) == 0 {
		return time.Time{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
	}
	first, err := s.store.findFirstPush(ctx, id)
	if err != nil || first.IsZero() {
		return found[0].PublishedAt, err
	}
	return first, nil
}
