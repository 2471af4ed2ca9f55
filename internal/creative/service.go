package creative

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
)

// Options are the configured numbers of the creative centre.
type Options struct {
	// Window is how far back heat and persona coverage count engagement.
	Window time.Duration
	// Location is the platform's time zone: a day's ranking starts at its
	// midnight.
	Location *time.Location
	// MaxEngaged bounds the engaged contents one computation reads (the
	// most engaged first); MaxFans the followers a coverage counts.
	MaxEngaged, MaxFans int
}

// Service holds the creative centre's use cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	contents *content.Service
	feed     *feed.Service
	accounts *account.Service
	opts     Options
	store    store
}

// NewService wires the creative centre.
func NewService(d *db.DB, a *audit.Log, c clock.Clock, contents *content.Service, f *feed.Service, accounts *account.Service, opts Options) *Service {
	if opts.Window <= 0 {
		opts.Window = 7 * 24 * time.Hour
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.MaxEngaged <= 0 {
		opts.MaxEngaged = 5000
	}
	if opts.MaxFans <= 0 {
		opts.MaxFans = 5000
	}
	return &Service{db: d, audit: a, clock: c, contents: contents, feed: f, accounts: accounts, opts: opts, store: store{db: d}}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// save stores a version snapshot and its audit event.
func (s *Service) save(ctx context.Context, kind, id string, version int, v any, action string) error {
	raw, _ := json.Marshal(v)
	if err := s.store.createVersion(ctx, kind, id, version, string(raw), authz.ActorFrom(ctx).UserID, s.clock.Now()); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.Event{Action: action, ObjectType: kind, ObjectID: id, Summary: fmt.Sprintf("v%d", version)})
}

// FindTopics ranks the active topics (and, for operators, the hidden ones
// after them) by their heat over the window.
func (s *Service) FindTopics(ctx context.Context) ([]Topic, error) {
	if err := authz.CheckCtx(ctx, authz.ReadInsights, nil); err != nil {
		return nil, err
	}
	topics, err := s.store.findTopics(ctx, authz.CheckCtx(ctx, authz.ManageInsights, nil) == nil)
	if err != nil {
		return nil, err
	}
	engaged, err := s.contents.FindEngaged(ctx, s.clock.Now().Add(-s.opts.Window), s.opts.MaxEngaged)
	if err != nil {
		return nil, err
	}
	return rankTopics(topics, engaged), nil
}

// rankTopics computes each topic's heat from engaged and ranks the active
// ones by it (ties by title); hidden topics follow unranked.
func rankTopics(topics []Topic, engaged []content.Engaged) []Topic {
	for i := range topics {
		for _, e := range engaged {
			if matches(e, topics[i].Keywords) {
				topics[i].Heat += score(e)
				topics[i].Contents++
			}
		}
	}
	slices.SortStableFunc(topics, func(a, b Topic) int {
		if a.Status != b.Status {
			return cmp.Compare(a.Status, b.Status)
		}
		return cmp.Or(cmp.Compare(b.Heat, a.Heat), cmp.Compare(a.Title, b.Title))
	})
	for i := range topics {
		if topics[i].Status == StatusActive {
			topics[i].Rank = i + 1
		}
	}
	return topics
}

// CreateTopic creates a topic as version 1.
func (s *Service) CreateTopic(ctx context.Context, in TopicInput) (Topic, error) {
	if err := authz.CheckCtx(ctx, authz.ManageInsights, nil); err != nil {
		return Topic{}, err
	}
	if err := in.validate(); err != nil {
		return Topic{}, err
	}
	now := s.clock.Now()
	t := Topic{ID: newID(), Title: in.Title, Keywords: in.Keywords, Description: in.Description, Status: in.Status, Version: 1,
		CreatedAt: now, UpdatedAt: now}
	return t, s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.saveTopic(ctx, t); err != nil {
			return err
		}
		return s.save(ctx, "topic", t.ID, t.Version, t, "topic.create")
	})
}

// UpdateTopic saves a new version of a topic.
func (s *Service) UpdateTopic(ctx context.Context, id string, in TopicInput) (Topic, error) {
	if err := authz.CheckCtx(ctx, authz.ManageInsights, nil); err != nil {
		return Topic{}, err
	}
	if err := in.validate(); err != nil {
		return Topic{}, err
	}
	var t Topic
	return t, s.db.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.store.findTopic(ctx, id)
		if err != nil {
			return err
		}
		t = Topic{ID: old.ID, Title: in.Title, Keywords: in.Keywords, Description: in.Description, Status: in.Status,
			Version: old.Version + 1, CreatedAt: old.CreatedAt, UpdatedAt: s.clock.Now()}
		if err := s.store.saveTopic(ctx, t); err != nil {
			return err
		}
		return s.save(ctx, "topic", t.ID, t.Version, t, "topic.update")
	})
}

// FindVersions lists the saved versions of a topic or persona (kind),
// newest first.
func (s *Service) FindVersions(ctx context.Context, kind, id string) ([]InsightVersion, error) {
	if err := authz.CheckCtx(ctx, authz.ManageInsights, nil); err != nil {
		return nil, err
	}
	return s.store.findVersions(ctx, kind, id)
}

// InsightVersion is one saved state of a topic or persona.
type InsightVersion struct {
	Version   int       `json:"version"`
	Snapshot  string    `json:"snapshot"`
	CreatedAt time.Time `json:"created_at"`
}

// FindRanking ranks contents or creators by their engagement score since
// the start of the platform's day (period day) or over the last 7 days
// (week), the top limit.
func (s *Service) FindRanking(ctx context.Context, kind, period string, limit int) (Ranking, error) {
	if err := authz.CheckCtx(ctx, authz.ReadInsights, nil); err != nil {
		return Ranking{}, err
	}
	var v apperr.Validation
	if kind == "" {
		kind = KindContent
	}
	if period == "" {
		period = PeriodDay
	}
	if kind != KindContent && kind != KindCreator {
		v.Reject("kind", "must be content or creator")
	}
	if period != PeriodDay && period != PeriodWeek {
		v.Reject("period", "must be day or week")
	}
	if limit == 0 {
		limit = 20
	}
	if limit < 1 || limit > 100 {
		v.Reject("limit", "must be between 1 and %d", 100)
	}
	if err := v.Err(); err != nil {
		return Ranking{}, err
	}
	now := s.clock.Now().In(s.opts.Location)
	since := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.opts.Location).UTC()
	if period == PeriodWeek {
		since = now.Add(-7 * 24 * time.Hour).UTC()
	}
	engaged, err := s.contents.FindEngaged(ctx, since, s.opts.MaxEngaged)
	if err != nil {
		return Ranking{}, err
	}
	r := Ranking{Kind: kind, Period: period, Since: since, Entries: rank(kind, engaged, limit)}
	var owners []string
	for _, e := range r.Entries {
		owners = append(owners, e.CreatorID)
	}
	names, err := s.accounts.FindIdentities(ctx, owners)
	if err != nil {
		return Ranking{}, err
	}
	for i := range r.Entries {
		if kind == KindCreator {
			r.Entries[i].Name = names[r.Entries[i].CreatorID].Nickname
		}
	}
	return r, nil
}

// rank orders engaged contents, or their owners, by score (ties by id),
// the top limit.
func rank(kind string, engaged []content.Engaged, limit int) []RankEntry {
	var out []RankEntry
	if kind == KindContent {
		for _, e := range engaged {
			out = append(out, RankEntry{ID: e.ID, Name: e.Title, CreatorID: e.Owner, Score: score(e)})
		}
	} else {
		at := map[string]int{}
		for _, e := range engaged {
			i, ok := at[e.Owner]
			if !ok {
				i, at[e.Owner] = len(out), len(out)
				out = append(out, RankEntry{ID: e.Owner, CreatorID: e.Owner})
			}
			out[i].Score += score(e)
		}
	}
	slices.SortStableFunc(out, func(a, b RankEntry) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID)) })
	out = out[:min(limit, len(out))]
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}
