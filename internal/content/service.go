package content

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/db/groupcommit"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/media"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/notify"
)

// PublishKind is the job that publishes approved content at its publish_at.
const PublishKind = "content.publish"

// Options are the configured numbers of content.
type Options struct {
	// SubscriptionPushesPerDay bounds pushes to the subscription channel.
	SubscriptionPushesPerDay int
}

// Service holds the content use cases. Each public method is one
// transaction and checks authorization first.
type Service struct {
	db         *db.DB
	audit      *audit.Log
	notify     *notify.Service
	jobs       *jobs.Queue
	clock      clock.Clock
	media      *media.Service
	moderation *moderation.Service
	opts       Options
	store      store
	feed       FeedListener
	counts     tally
	// saves group-commits concurrent draft saves where the database has a
	// single writer (nil otherwise).
	saves *groupcommit.Group[draftSave, savedDraft]
	// cards keeps feed cards by content id while their version holds
	// (card_versions, migration 035).
	cards *db.VersionedCache[Card]
	// homes keeps the first homepage page of accounts by public id while
	// their version holds (home_versions, migration 036).
	homes *db.VersionedCache[homePage]
}

// FeedPush is a push to the follower feed, as the feed listener hears of it.
type FeedPush struct {
	ID        string
	ContentID string
	Owner     string
	// Author is the public account id the content appears under.
	Author string
	Type   string
	// Products reports whether the published snapshot places products.
	Products bool
	// Subscription marks a push to the subscription channel rather than
	// the follower feed.
	Subscription bool
	At           time.Time
}

// FeedListener hears of pushes to the follower feed and the subscription
// channel, of their withdrawal
// and of the deletion and restoration of content, inside the transaction
// that makes the change. Package feed implements it; content knows nothing
// of feeds beyond this.
type FeedListener interface {
	Pushed(ctx context.Context, p FeedPush) error
	Withdrawn(ctx context.Context, pushIDs []string) error
	Deleted(ctx context.Context, contentID string, deleted bool) error
}

// SetFeedListener makes l hear of feed pushes. The composition root calls it
// once, before serving.
func (s *Service) SetFeedListener(l FeedListener) { s.feed = l }

// NewService wires the content use cases and registers their job handler on q.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, q *jobs.Queue, c clock.Clock, m *media.Service,
	mod *moderation.Service, opts Options) *Service {
	s := &Service{db: d, audit: a, notify: n, jobs: q, clock: c, media: m, moderation: mod, opts: opts, store: store{db: d},
		cards: db.NewVersionedCache[Card](d, "card_versions", "content_id", cardCacheSize),
		homes: db.NewVersionedCache[homePage](d, "home_versions", "account_id", homeCacheSize)}
	if d.SingleWriter() {
		s.saves = groupcommit.New(maxSaveGroup, s.commitSaves)
	}
	q.Handle(PublishKind, s.publishScheduled)
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// checkFields validates a save and the ownership of its files.
func (s *Service) checkFields(ctx context.Context, typ string, f Fields) error {
	if err := validateDraft(typ, f); err != nil {
		return err
	}
	ids := f.Media
	if f.Cover != "" {
		ids = append(append([]string{}, ids...), f.Cover)
	}
	return s.media.CheckOwned(ctx, "media", media.PurposeContent, ids)
}

// CreateContent starts a draft of typ; it is version 1.
func (s *Service) CreateContent(ctx context.Context, typ string, f Fields) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.SaveDraft, nil); err != nil {
		return Content{}, err
	}
	f = f.normalise()
	if err := s.checkFields(ctx, typ, f); err != nil {
		return Content{}, err
	}
	now, a := s.clock.Now(), authz.ActorFrom(ctx)
	acting := a.ActingAccount()
	c := Content{ID: newID(), Owner: a.UserID, CreatorAccount: acting, Author: a.PublicID(acting), Type: typ, Fields: f, Status: StatusDraft, Version: 1,
		Findings: []moderation.Finding{}, CreatedAt: now, UpdatedAt: now}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.insertContent(ctx, c); err != nil {
			return err
		}
		if err := s.store.insertVersion(ctx, c.ID, Version{Version: 1, Fields: f, SavedBy: savedBy(a), SavedAt: now}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content.create", ObjectType: "content",
			ObjectID: c.ID, Summary: typ})
	})
	return c, err
}

// savedBy names the person behind a save: the sub-account when staff saved.
func savedBy(a authz.Actor) string {
	if a.SubAccountID != "" {
		return a.SubAccountID
	}
	return a.UserID
}

// FindContentByID returns one of the actor's contents (any, for reviewers).
func (s *Service) FindContentByID(ctx context.Context, id string) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.ReadContent, nil); err != nil {
		return Content{}, err
	}
	c, err := s.store.findContent(ctx, id, false)
	if err != nil {
		return Content{}, err
	}
	if authz.CheckCtx(ctx, authz.ReviewContent, nil) == nil {
		return c, nil
	}
	return c, authz.CheckCtx(ctx, authz.ReadContent, c)
}

// conflictError is the answer to a save made on an outdated version: the
// save was kept as a conflict version, and the head is unchanged.
func conflictError(head Content, kept int) error {
	return apperr.New(apperr.Conflict, "This draft was changed elsewhere (now version %d); your text was kept as version %d.",
		head.Version, kept).
		With("current", map[string]any{"version": head.Version, "title": head.Title, "body": head.Body}).
		With("kept_version", kept)
}

// UpdateContent saves the draft (an autosave): every save is a new
// version. base is the version the editor started from; when another save
// came first, this one is kept as a conflict version and a conflict is
// answered with both texts, so neither is lost nor silently overwritten.
// Editing content that is in review or scheduled takes it back to draft;
// a published snapshot stays visible until the edit is approved.
func (s *Service) UpdateContent(ctx context.Context, id string, base int, p Patch) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.SaveDraft, nil); err != nil {
		return Content{}, err
	}
	in := draftSave{id: id, base: base, patch: p}
	var saved savedDraft
	var err error
	if s.saves != nil && !db.InTx(ctx) {
		saved, err = s.saves.Do(ctx, in)
	} else {
		saved, err = s.saveAlone(ctx, in)
	}
	if err != nil {
		return Content{}, err
	}
	if saved.kept != 0 {
		return Content{}, conflictError(saved.content, saved.kept)
	}
	return saved.content, nil
}

// saveAlone saves one draft in a transaction of its own.
func (s *Service) saveAlone(ctx context.Context, in draftSave) (savedDraft, error) {
	var out savedDraft
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		out, err = s.save(ctx, in)
		return err
	})
	return out, err
}

// save writes one save inside the transaction in ctx: a new version, and
// the head unless the save was made on an outdated version (then it is
// kept as a conflict version). Whatever refuses the save (not found, not
// the actor's, invalid fields) refuses it before anything is written.
func (s *Service) save(ctx context.Context, in draftSave) (savedDraft, error) {
	c, err := s.store.findContent(ctx, in.id, true)
	if err != nil {
		return savedDraft{}, err
	}
	if err := authz.CheckCtx(ctx, authz.SaveDraft, c); err != nil {
		return savedDraft{}, err
	}
	f := in.patch.apply(c.Fields).normalise()
	if err := s.checkFields(ctx, c.Type, f); err != nil {
		return savedDraft{}, err
	}
	n, err := s.store.nextVersion(ctx, in.id)
	if err != nil {
		return savedDraft{}, err
	}
	now, a := s.clock.Now(), authz.ActorFrom(ctx)
	v := Version{Version: n, Fields: f, SavedBy: savedBy(a), SavedAt: now, Conflict: in.base != c.Version}
	if err := s.store.insertVersion(ctx, in.id, v); err != nil {
		return savedDraft{}, err
	}
	if v.Conflict {
		return savedDraft{content: c, kept: n}, s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content.save_conflict",
			ObjectType: "content", ObjectID: in.id, Summary: "kept as a conflict version", Outcome: "conflict"})
	}
	c.Fields, c.Version, c.UpdatedAt = f, n, now
	if c.Status != StatusDraft {
		c.Status, c.PublishAt, c.SubmittedAt = StatusDraft, nil, nil
	}
	if err := s.store.saveHead(ctx, c); err != nil {
		return savedDraft{}, err
	}
	return savedDraft{content: c}, s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content.save", ObjectType: "content", ObjectID: in.id})
}

// FindVersions lists every saved version of one of the actor's contents,
// newest first.
func (s *Service) FindVersions(ctx context.Context, id string) ([]Version, error) {
	if _, err := s.FindContentByID(ctx, id); err != nil {
		return nil, err
	}
	return s.store.findVersions(ctx, id)
}

// RestoreVersion makes an earlier version the draft again, as a new
// version (history is never rewritten).
func (s *Service) RestoreVersion(ctx context.Context, id string, version int) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.SaveDraft, nil); err != nil {
		return Content{}, err
	}
	c, err := s.store.findContent(ctx, id, false)
	if err != nil {
		return Content{}, err
	}
	if err := authz.CheckCtx(ctx, authz.SaveDraft, c); err != nil {
		return Content{}, err
	}
	v, err := s.store.findVersion(ctx, id, version)
	if err != nil {
		return Content{}, err
	}
	return s.UpdateContent(ctx, id, c.Version, Whole(v.Fields))
}

// Submit sends the draft through the machine checks (SPEC §5.2). It needs
// the type's publishing permission — a certification and the capability —
// and product mounting when it carries products. A finding of severity
// reject refuses the submission with each span named and nothing changed;
// otherwise the content goes to human review with its findings.
// publishAt, when given, must be in the future: approved content is then
// published at that time.
func (s *Service) Submit(ctx context.Context, id string, publishAt *time.Time) (Content, error) {
	if err := authz.CheckCtx(ctx, authz.SaveDraft, nil); err != nil {
		return Content{}, err
	}
	var out Content
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findContent(ctx, id, true)
		if err != nil {
			return err
		}
		for _, p := range publishPermissions(c.Type, c.Fields) {
			if err := authz.CheckCtx(ctx, p, c); err != nil {
				return err
			}
		}
		if c.Status != StatusDraft && c.Status != StatusRejected && c.Status != StatusWithdrawn {
			return apperr.Field("status", "only a draft, rejected or withdrawn content can be submitted (this one is %s)", c.Status)
		}
		now := s.clock.Now()
		if publishAt != nil && !publishAt.After(now) {
			return apperr.Field("publish_at", "must be in the future")
		}
		video, err := s.videoKinds(ctx, c.Fields)
		if err != nil {
			return err
		}
		if err := validateComplete(c.Type, c.Fields, video); err != nil {
			return err
		}
		findings, err := s.moderation.Check(ctx, moderation.ScopeContent, texts(c.Fields)...)
		if err != nil {
			return err
		}
		if err := moderation.Refusal(findings); err != nil {
			return err
		}
		if findings == nil {
			findings = []moderation.Finding{}
		}
		c.Status, c.Findings, c.RejectReason, c.SubmittedAt, c.PublishAt, c.UpdatedAt = StatusInReview, findings, "", &now, publishAt, now
		if err := s.store.saveHead(ctx, c); err != nil {
			return err
		}
		out = c
		return s.audit.Record(ctx, audit.Event{OwnerID: c.Owner, Action: "content.submit", ObjectType: "content",
			ObjectID: id, Summary: c.Type})
	})
	return out, err
}

// videoKinds looks up which of the files of f are videos.
func (s *Service) videoKinds(ctx context.Context, f Fields) (mediaKinds, error) {
	out := mediaKinds{}
	ids := append(append([]string{}, f.Media...), f.Cover)
	for _, id := range ids {
		if id == "" {
			continue
		}
		m, err := s.media.FindMediaByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = media.IsVideo(m.ContentType)
	}
	return out, nil
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
