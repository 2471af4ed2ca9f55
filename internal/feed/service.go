package feed

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
)

// Job kinds of the fan-out. Each job handles one batch of an entry's
// followers and enqueues the next.
const (
	// FanoutKind copies a write-mode entry into a batch of inboxes.
	FanoutKind = "feed.fanout"
	// RetractKind removes a withdrawn entry from a batch of inboxes.
	RetractKind = "feed.retract"
)

// Options are the configured numbers of feeds.
type Options struct {
	// ReadThreshold is the follower count from which an account's pushes
	// are fanned out on read.
	ReadThreshold int
	// FanoutBatch is how many inboxes one fan-out job fills.
	FanoutBatch int
	// Backfill is how many recent pushes a new follower receives.
	Backfill int
}

// Service holds the follow and feed use cases. Each public method is one
// transaction and checks authorization first.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	jobs     *jobs.Queue
	clock    clock.Clock
	profiles *creator.Service
	contents *content.Service
	opts     Options
	store    store
	pages    *pageCache
}

// NewService wires the feed use cases, registers the fan-out jobs on q and
// makes the service hear of content's feed pushes.
func NewService(d *db.DB, a *audit.Log, q *jobs.Queue, c clock.Clock, profiles *creator.Service,
	contents *content.Service, opts Options) *Service {
	s := &Service{db: d, audit: a, jobs: q, clock: c, profiles: profiles, contents: contents, opts: opts, store: store{db: d},
		pages: newPageCache()}
	q.Handle(FanoutKind, s.fanout)
	q.Handle(RetractKind, s.retract)
	contents.SetFeedListener(s)
	return s
}

// Follow makes the actor follow an account (by its public account id or
// its creator account's id), or changes whether the follow is special.
// Following again with the same mark changes nothing. A login follows none
// of its own accounts.
func (s *Service) Follow(ctx context.Context, accountID string, special bool) (Relation, error) {
	if err := authz.CheckCtx(ctx, authz.Follow, nil); err != nil {
		return Relation{}, err
	}
	me := authz.ActorFrom(ctx).UserID
	if accountID == me {
		return Relation{}, apperr.Field("account_id", "you cannot follow yourself")
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.profiles.FindProfile(ctx, accountID)
		if err != nil {
			return err
		}
		if p.LoginID == me {
			return apperr.Field("account_id", "you cannot follow yourself")
		}
		accountID = p.ID
		was, found, err := s.store.findFollow(ctx, me, accountID)
		if err != nil || (found && was == special) {
			return err
		}
		action := "feed.follow"
		if found {
			action = map[bool]string{true: "feed.special_follow", false: "feed.plain_follow"}[special]
			err = s.store.setSpecial(ctx, me, accountID, special)
		} else {
			err = s.startFollow(ctx, me, accountID, special)
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: me, Action: action, ObjectType: "account", ObjectID: accountID})
	})
	if err != nil {
		return Relation{}, err
	}
	return Relation{Following: true, Special: special}, nil
}

// startFollow records a new follow, counts it and backfills the inbox.
func (s *Service) startFollow(ctx context.Context, me, accountID string, special bool) error {
	if err := s.store.insertFollow(ctx, me, accountID, special, s.clock.Now()); err != nil {
		return err
	}
	if err := s.store.count(ctx, me, accountID, 1); err != nil {
		return err
	}
	return s.store.backfill(ctx, me, accountID, special, s.opts.Backfill)
}

// Unfollow ends the actor's follow of an account; its posts leave the
// actor's feed at once. Unfollowing an account one does not follow changes
// nothing.
func (s *Service) Unfollow(ctx context.Context, accountID string) error {
	if err := authz.CheckCtx(ctx, authz.Follow, nil); err != nil {
		return err
	}
	me := authz.ActorFrom(ctx).UserID
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if p, err := s.profiles.FindProfile(ctx, accountID); err == nil {
			accountID = p.ID // a disabled account can still be unfollowed by its id
		}
		ended, err := s.store.deleteFollow(ctx, me, accountID)
		if err != nil || !ended {
			return err
		}
		if err := s.store.count(ctx, me, accountID, -1); err != nil {
			return err
		}
		if err := s.store.clearAuthor(ctx, me, accountID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: me, Action: "feed.unfollow", ObjectType: "account", ObjectID: accountID})
	})
}

// FindFollowers lists a page of an account's followers, newest first.
func (s *Service) FindFollowers(ctx context.Context, accountID string, page db.Page) ([]Follow, string, error) {
	return s.findFollows(ctx, accountID, page, true)
}

// FindFollowing lists a page of the accounts an account follows, newest
// first. Special marks are shown to the follower only.
func (s *Service) FindFollowing(ctx context.Context, accountID string, page db.Page) ([]Follow, string, error) {
	return s.findFollows(ctx, accountID, page, false)
}

func (s *Service) findFollows(ctx context.Context, accountID string, page db.Page, followers bool) ([]Follow, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	p, err := s.profiles.FindProfile(ctx, accountID)
	if err != nil {
		return nil, "", err
	}
	accountID = p.ID
	rows, err := s.store.findFollows(ctx, accountID, followers, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	rows, next := db.Trim(rows, limit, func(f followRow) (time.Time, string) { return f.At, f.Other })
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.Other
	}
	profiles, err := s.profiles.FindProfiles(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	ownList := !followers && authz.ActorFrom(ctx).UserID == accountID
	out := make([]Follow, 0, len(rows))
	for _, r := range rows {
		if p, ok := profiles[r.Other]; ok {
			out = append(out, Follow{Account: p, Special: r.Special && ownList, FollowedAt: r.At})
		}
	}
	return out, next, nil
}

// FindFeed lists a page of the actor's follower feed in tab, newest push
// first: the inbox and the followed read-mode accounts merged.
func (s *Service) FindFeed(ctx context.Context, tab string, page db.Page) ([]Push, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadFeed, nil); err != nil {
		return nil, "", err
	}
	tab, err := checkTab(tab)
	if err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	entries, next, err := s.findEntries(ctx, authz.ActorFrom(ctx).UserID, tab, page.Cursor, after, limit)
	if err != nil {
		return nil, "", err
	}
	contentIDs, authorIDs := make([]string, len(entries)), make([]string, len(entries))
	for i, e := range entries {
		contentIDs[i], authorIDs[i] = e.ContentID, e.AuthorID
	}
	cards, err := s.contents.FindCardsByIDs(ctx, contentIDs)
	if err != nil {
		return nil, "", err
	}
	authors, err := s.profiles.FindProfiles(ctx, authorIDs)
	if err != nil {
		return nil, "", err
	}
	items := make([]Push, 0, len(entries))
	for _, e := range entries {
		c, ok := cards[e.ContentID]
		if a, found := authors[e.AuthorID]; ok && found {
			items = append(items, Push{PushID: e.PushID, PushedAt: e.PushedAt, Author: a, Content: c})
		}
	}
	return items, next, nil
}

// findEntries reads a page of reader's feed entries and the next cursor,
// from the page cache while the reader's feed version has not moved. The
// version is read before the feed, so a change made in between raises it
// past the cached page's.
func (s *Service) findEntries(ctx context.Context, reader, tab, cursor string, after db.Keyset, limit int) ([]entry, string, error) {
	version, err := s.store.findVersion(ctx, reader)
	if err != nil {
		return nil, "", err
	}
	key := pageKey{reader: reader, tab: tab, cursor: cursor, limit: limit}
	if entries, next, ok := s.pages.get(key, version); ok {
		return entries, next, nil
	}
	entries, err := s.store.feed(ctx, reader, tab, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	entries, next := db.Trim(entries, limit, func(e entry) (time.Time, string) { return e.PushedAt, e.PushID })
	s.pages.put(key, cachedPage{version: version, entries: entries, next: next})
	return entries, next, nil
}

// FindHomepage returns an account's homepage: profile, counts, the reader's
// relation and the first page of published content.
func (s *Service) FindHomepage(ctx context.Context, accountID string) (Homepage, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Homepage{}, err
	}
	p, err := s.profiles.FindProfile(ctx, accountID)
	if err != nil {
		return Homepage{}, err
	}
	h := Homepage{Profile: p}
	if h.Followers, h.Following, err = s.store.counts(ctx, p.ID); err != nil {
		return Homepage{}, err
	}
	if me := authz.ActorFrom(ctx).UserID; me != "" {
		special, found, err := s.store.findFollow(ctx, me, p.ID)
		if err != nil {
			return Homepage{}, err
		}
		h.Viewer = &Relation{Self: me == p.LoginID, Following: found, Special: special}
	}
	h.Contents, h.NextCursor, err = s.contents.FindPublished(ctx, p.ID, db.Page{})
	return h, err
}

// Pushed records a push to the follower feed or the subscription channel
// and starts its fan-out; it
// implements content.FeedListener and runs in the push's transaction.
func (s *Service) Pushed(ctx context.Context, p content.FeedPush) error {
	followers, _, err := s.store.counts(ctx, p.Author)
	if err != nil {
		return err
	}
	author, err := s.profiles.FindProfile(ctx, p.Author)
	if err != nil {
		return err
	}
	e := entry{PushID: p.ID, ContentID: p.ContentID, AuthorID: p.Author, PushedAt: p.At}
	mode := FanoutWrite
	if followers >= s.opts.ReadThreshold {
		mode = FanoutRead
		if err := s.becomeReadSource(ctx, p.Author); err != nil {
			return err
		}
	}
	if err := s.store.insertEntry(ctx, e, mode, p.Type == content.TypeVideo, p.Products, author.IsShop(),
		p.Subscription); err != nil {
		return err
	}
	if mode == FanoutRead {
		return nil
	}
	return s.enqueueBatch(ctx, FanoutKind, batch{PushID: p.ID})
}

// becomeReadSource marks the follows of an author about to make its first
// read-mode push, so that the feed query visits them; later follows are
// marked as they start.
func (s *Service) becomeReadSource(ctx context.Context, author string) error {
	source, err := s.store.isReadSource(ctx, author)
	if err != nil || source {
		return err
	}
	return s.store.markPull(ctx, author)
}

// Withdrawn hides withdrawn pushes from every feed at once and starts
// removing them from the inboxes they reached; it implements
// content.FeedListener.
func (s *Service) Withdrawn(ctx context.Context, pushIDs []string) error {
	if err := s.store.markWithdrawn(ctx, pushIDs); err != nil {
		return err
	}
	for _, id := range pushIDs {
		if err := s.enqueueBatch(ctx, RetractKind, batch{PushID: id}); err != nil {
			return err
		}
	}
	return nil
}

// Deleted hides the pushes of deleted content from every feed, or shows
// them again when the content is restored; it implements
// content.FeedListener.
func (s *Service) Deleted(ctx context.Context, contentID string, deleted bool) error {
	return s.store.markDeleted(ctx, contentID, deleted)
}

// batch is the payload of a fan-out job: the entry and, once planned, the
// run of its author's followers (in follow order) that the job handles.
type batch struct {
	PushID string `json:"push_id"`
	// Planned is false on the first job, which splits the followers into
	// runs of Options.FanoutBatch and enqueues a job for each.
	Planned     bool      `json:"planned,omitempty"`
	AfterTime   time.Time `json:"after_time,omitzero"`
	AfterID     string    `json:"after_id,omitempty"`
	ThroughTime time.Time `json:"through_time,omitzero"`
	ThroughID   string    `json:"through_id,omitempty"`
}

// enqueueBatch enqueues one fan-out job; the dedupe key makes a retried
// planning job enqueue each run once.
func (s *Service) enqueueBatch(ctx context.Context, kind string, b batch) error {
	key := kind + ":" + b.PushID
	if b.Planned {
		key += ":" + db.Cursor(b.AfterTime, b.AfterID)
	}
	_, err := s.jobs.Enqueue(ctx, kind, b, jobs.Dedupe(key))
	return err
}

// fanout copies a write-mode entry into the inboxes of its author's
// followers.
func (s *Service) fanout(ctx context.Context, j jobs.Job) error {
	return s.runBatch(ctx, j, false)
}

// retract removes a withdrawn entry from the inboxes of its author's
// followers.
func (s *Service) retract(ctx context.Context, j jobs.Job) error {
	return s.runBatch(ctx, j, true)
}

// runBatch plans or runs a fan-out (or, retracting, its undoing), in one
// transaction. The planning job reads where every FanoutBatch-th follower
// stands in follow order and enqueues one job per run at once, so that the
// workers of every replica fill inboxes in parallel; the last run is open
// ended, for followers who arrive meanwhile. An author with fewer followers
// than a batch is handled by the planning job itself. A fan-out stops when
// its push has been withdrawn.
func (s *Service) runBatch(ctx context.Context, j jobs.Job, retracting bool) error {
	var b batch
	if err := j.Decode(&b); err != nil {
		return err
	}
	apply := s.store.fill
	if retracting {
		apply = s.store.unfill
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.store.findEntry(ctx, b.PushID)
		if apperr.CodeOf(err) == apperr.NotFound || (err == nil && (e.Mode != FanoutWrite || e.Withdrawn && !retracting)) {
			return nil
		}
		if err != nil {
			return err
		}
		r := followRange{Author: e.AuthorID, After: db.Keyset{Time: b.AfterTime, ID: b.AfterID}}
		if b.Planned {
			if b.ThroughID != "" {
				r.Through = &db.Keyset{Time: b.ThroughTime, ID: b.ThroughID}
			}
			return apply(ctx, e, r)
		}
		bounds, err := s.store.batchBounds(ctx, e.AuthorID, s.opts.FanoutBatch)
		if err != nil || len(bounds) == 0 {
			if err == nil {
				err = apply(ctx, e, r)
			}
			return err
		}
		var after db.Keyset
		for _, through := range append(bounds, db.Keyset{}) {
			run := batch{PushID: b.PushID, Planned: true, AfterTime: after.Time, AfterID: after.ID,
				ThroughTime: through.Time, ThroughID: through.ID}
			if err := s.enqueueBatch(ctx, j.Kind, run); err != nil {
				return err
			}
			after = through
		}
		return nil
	})
}
