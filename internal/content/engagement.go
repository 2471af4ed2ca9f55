package content

import (
	"context"
	"crypto/rand"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/moderation"
)

// CommentMax is the longest comment in characters.
const CommentMax = 1000

// Comment statuses.
const (
	CommentVisible = "visible"
	// CommentHeld is a comment a machine check sent to review: seen by the
	// creator and operators only.
	CommentHeld   = "held"
	CommentHidden = "hidden"
)

// Reaction kinds.
const (
	ReactionLike      = "like"
	ReactionFavourite = "favourite"
)

// Comment is a comment on published content, or a reply to one (ParentID).
type Comment struct {
	ID        string               `json:"id"`
	ContentID string               `json:"content_id"`
	AuthorID  string               `json:"author_id"`
	ParentID  string               `json:"parent_id,omitempty"`
	Body      string               `json:"body"`
	Status    string               `json:"status"`
	Findings  []moderation.Finding `json:"findings"`
	Pinned    bool                 `json:"pinned"`
	Rewarded  bool                 `json:"rewarded"`
	CreatedAt time.Time            `json:"created_at"`
}

// Stats are what the management list's "analyse" shows of a content.
type Stats struct {
	Views       int `json:"views"`
	Likes       int `json:"likes"`
	Favourites  int `json:"favourites"`
	Comments    int `json:"comments"`
	Shares      int `json:"shares"`
	ShareClicks int `json:"share_clicks"`
	// ProductClicks counts clicks on the mounted products.
	ProductClicks int `json:"product_clicks"`
}

// Share is a share code and the link it opens.
type Share struct {
	Code      string `json:"code"`
	Link      string `json:"link"`
	ContentID string `json:"content_id"`
	OwnerID   string `json:"owner_id"`
}

// ShareLink is where a share code is followed.
func ShareLink(code string) string { return "/s/" + code }

// published returns published, live content for engagement.
func (s *Service) published(ctx context.Context, id string) (Content, error) {
	c, err := s.store.findContent(ctx, id, false)
	if err != nil {
		return Content{}, err
	}
	if c.PublishedVersion == 0 {
		return Content{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
	}
	return c, nil
}

// AddComment comments on published content (or replies to a comment of
// it). The text passes the machine checks: a rejecting finding refuses it
// with its span, a finding to review holds it for the creator and operators.
func (s *Service) AddComment(ctx context.Context, contentID, parentID, body string) (Comment, error) {
	if err := authz.CheckCtx(ctx, authz.Comment, nil); err != nil {
		return Comment{}, err
	}
	body = strings.TrimSpace(body)
	if n := utf8.RuneCountInString(body); n < 1 || n > CommentMax {
		return Comment{}, apperr.Field("body", "must be 1 to %d characters (%d given)", CommentMax, n)
	}
	var out Comment
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.published(ctx, contentID)
		if err != nil {
			return err
		}
		if parentID != "" {
			if p, err := s.store.findComment(ctx, parentID); err != nil || p.ContentID != contentID {
				return apperr.Field("parent_id", "is not a comment of this content")
			}
		}
		findings, err := s.moderation.Check(ctx, moderation.ScopeComment, moderation.Text{Field: "body", Value: body})
		if err != nil {
			return err
		}
		if err := moderation.Refusal(findings); err != nil {
			return err
		}
		out = Comment{ID: newID(), ContentID: contentID, AuthorID: authz.ActorFrom(ctx).UserID, ParentID: parentID, Body: body,
			Status: CommentVisible, Findings: findings, CreatedAt: s.clock.Now()}
		if len(findings) > 0 {
			out.Status = CommentHeld
		}
		if out.Findings == nil {
			out.Findings = []moderation.Finding{}
		}
		if err := s.store.insertComment(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "comment.create", ObjectType: "comment",
			ObjectID: out.ID, Summary: out.Status})
	})
	return out, err
}

// FindComments lists a published content's comments, pinned first, then
// oldest first. The creator and operators also see held and hidden ones.
func (s *Service) FindComments(ctx context.Context, contentID string) ([]Comment, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, err
	}
	c, err := s.store.findContent(ctx, contentID, false)
	if err != nil {
		return nil, err
	}
	all := authz.CheckCtx(ctx, authz.ModerateComments, c) == nil || authz.CheckCtx(ctx, authz.ReviewContent, nil) == nil
	if c.PublishedVersion == 0 && !all {
		return nil, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
	}
	return s.store.findComments(ctx, contentID, all)
}

// ModerateComment applies action to a comment on the actor's content:
// hide or show it, pin or unpin it, reward it. Operators may hide or show
// any comment.
func (s *Service) ModerateComment(ctx context.Context, commentID, action string) (Comment, error) {
	if err := authz.CheckCtx(ctx, authz.ModerateComments, nil); err != nil {
		return Comment{}, err
	}
	var out Comment
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		cm, err := s.store.findComment(ctx, commentID)
		if err != nil {
			return err
		}
		c, err := s.store.findContent(ctx, cm.ContentID, false)
		if err != nil {
			return err
		}
		operator := (action == "hide" || action == "show") && authz.CheckCtx(ctx, authz.ReviewContent, nil) == nil
		if !operator {
			if err := authz.CheckCtx(ctx, authz.ModerateComments, c); err != nil {
				return err
			}
		}
		switch action {
		case "hide":
			cm.Status = CommentHidden
		case "show":
			cm.Status = CommentVisible
		case "pin", "unpin":
			cm.Pinned = action == "pin"
		case "reward":
			cm.Rewarded = true
		default:
			return apperr.Field("action", "must be one of %s", "hide, show, pin, unpin, reward")
		}
		if err := s.store.updateComment(ctx, cm); err != nil {
			return err
		}
		out = cm
		return s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "comment." + action, ObjectType: "comment", ObjectID: cm.ID})
	})
	return out, err
}

// React likes or favourites published content (on), or takes it back.
// Doing it twice changes nothing.
func (s *Service) React(ctx context.Context, contentID, kind string, on bool) (Stats, error) {
	if err := authz.CheckCtx(ctx, authz.React, nil); err != nil {
		return Stats{}, err
	}
	var out Stats
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.published(ctx, contentID)
		if err != nil {
			return err
		}
		user := authz.ActorFrom(ctx).UserID
		if err := s.store.setReaction(ctx, contentID, user, kind, on, s.clock.Now()); err != nil {
			return err
		}
		action := map[bool]string{true: "content." + kind, false: "content.un" + kind}[on]
		if err := s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: action, ObjectType: "content", ObjectID: contentID}); err != nil {
			return err
		}
		out, err = s.stats(ctx, contentID)
		return err
	})
	return out, err
}

// CreateShare makes a share code and link for published content; clicks
// through it are counted for the content.
func (s *Service) CreateShare(ctx context.Context, contentID string) (Share, error) {
	if err := authz.CheckCtx(ctx, authz.React, nil); err != nil {
		return Share{}, err
	}
	var out Share
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.published(ctx, contentID)
		if err != nil {
			return err
		}
		code := rand.Text()[:10]
		if err := s.store.insertShare(ctx, code, contentID, authz.ActorFrom(ctx).UserID, s.clock.Now()); err != nil {
			return err
		}
		out = Share{Code: code, Link: ShareLink(code), ContentID: contentID, OwnerID: c.Owner}
		return s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content.share", ObjectType: "content", ObjectID: contentID, Summary: code})
	})
	return out, err
}

// FollowShare counts a click through a share code and returns the share
// with the content and its owner.
func (s *Service) FollowShare(ctx context.Context, code string) (Share, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Share{}, err
	}
	out := Share{Code: code, Link: ShareLink(code)}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if out.ContentID, err = s.store.clickShare(ctx, code); err != nil {
			return err
		}
		c, err := s.published(ctx, out.ContentID)
		out.OwnerID = c.Owner
		return err
	})
	return out, err
}

// FindStats answers the "analyse" action for one of the actor's contents.
func (s *Service) FindStats(ctx context.Context, contentID string) (Stats, error) {
	if err := authz.CheckCtx(ctx, authz.ReadStats, nil); err != nil {
		return Stats{}, err
	}
	c, err := s.store.findContent(ctx, contentID, false)
	if err != nil {
		return Stats{}, err
	}
	if err := authz.CheckCtx(ctx, authz.ReadStats, c); err != nil {
		return Stats{}, err
	}
	return s.stats(ctx, contentID)
}

// stats counts a content's engagement, with this replica's tally flushed
// first.
func (s *Service) stats(ctx context.Context, contentID string) (Stats, error) {
	if err := s.FlushCounts(ctx); err != nil {
		return Stats{}, err
	}
	return s.store.stats(ctx, contentID)
}
