package content

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
)

// FindReviewItems lists content for the back office's review queue, oldest
// submission first: Status pending (in review, the default), decided (once
// submitted, now published, scheduled, rejected or withdrawn) or all.
func (s *Service) FindReviewItems(ctx context.Context, status string, pg db.Page) ([]Content, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewContent, nil); err != nil {
		return nil, "", err
	}
	if status != "" && status != "pending" && status != "decided" && status != "all" {
		return nil, "", apperr.Field("status", "must be pending, decided or all")
	}
	limit, after, err := pg.Resolve()
	if err != nil {
		return nil, "", err
	}
	items, err := s.store.findReviewItems(ctx, status, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	items, next := db.Trim(items, limit, func(c Content) (time.Time, string) { return *c.SubmittedAt, c.ID })
	return items, next, nil
}

// DecideReview approves or rejects (with a reason) content in review. An
// approval publishes the draft as the new snapshot, or schedules it when a
// publish_at lies ahead; the creator is notified either way.
func (s *Service) DecideReview(ctx context.Context, id string, approve bool, reason string) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewContent, nil); err != nil {
		return Content{}, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); !approve && (n < 2 || n > 500) {
		return Content{}, apperr.Field("reason", "give a reason of 2 to 500 characters")
	}
	var out Content
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findContent(ctx, id, true)
		if err != nil {
			return err
		}
		if c.Status != StatusInReview {
			return apperr.New(apperr.Conflict, "This content is not waiting for review (it is %s).", c.Status)
		}
		now := s.clock.Now()
		c.UpdatedAt = now
		title, body := i18n.T("Your content was approved"), i18n.T("It is now published.")
		switch {
		case !approve:
			c.Status, c.RejectReason = StatusRejected, reason
			title, body = i18n.T("Your content was not approved"), i18n.T("Open the content to see the reason, edit it and submit again.")
			err = s.store.saveHead(ctx, c)
		case c.PublishAt != nil && c.PublishAt.After(now):
			c.Status = StatusScheduled
			body = i18n.T("It will be published at the time you chose.")
			if err = s.store.saveHead(ctx, c); err == nil {
				_, err = s.jobs.Enqueue(ctx, PublishKind, map[string]any{"content_id": id, "version": c.Version},
					jobs.At(*c.PublishAt), jobs.Dedupe(PublishKind+":"+id+":"+c.PublishAt.String()))
			}
		default:
			c.Status, c.PublishedAt = StatusPublished, &now
			err = s.store.publish(ctx, c)
		}
		if err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content." + c.Status, ObjectType: "content",
			ObjectID: id, Summary: reason}); err != nil {
			return err
		}
		if err := s.notify.Notify(ctx, c.Owner, "review.content", title.Format, body.Format, nil); err != nil {
			return err
		}
		out, err = s.store.findContent(ctx, id, false)
		return err
	})
	return out, err
}

// publishScheduled publishes approved content whose time has come. It is
// idempotent: content edited or already published since is left alone.
func (s *Service) publishScheduled(ctx context.Context, j jobs.Job) error {
	var p struct {
		ContentID string `json:"content_id"`
		Version   int    `json:"version"`
	}
	if err := j.Decode(&p); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findContent(ctx, p.ContentID, true)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if c.Status != StatusScheduled || c.Version != p.Version {
			return nil
		}
		now := s.clock.Now()
		c.PublishedAt, c.UpdatedAt = &now, now
		if err := s.store.publish(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, ActorID: audit.System, Action: "content.published",
			ObjectType: "content", ObjectID: c.ID, Summary: "scheduled"})
	})
}
