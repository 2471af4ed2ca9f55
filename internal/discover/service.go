package discover

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
)

// Options are the configured numbers of the discover page.
type Options struct {
	// TopContents and TopCreators bound the most engaged lists;
	// MaxEngaged the engaged contents one page reads (the most engaged
	// first) to rank creators from.
	TopContents, TopCreators, MaxEngaged int
}

// Service holds the discovery use cases.
type Service struct {
	clock    clock.Clock
	contents *content.Service
	creators *creator.Service
	opts     Options
}

// NewService wires discovery over the content and creator services.
func NewService(c clock.Clock, contents *content.Service, creators *creator.Service, opts Options) *Service {
	if opts.TopContents <= 0 {
		opts.TopContents = 12
	}
	if opts.TopCreators <= 0 {
		opts.TopCreators = 8
	}
	if opts.MaxEngaged <= 0 {
		opts.MaxEngaged = 2000
	}
	return &Service{clock: c, contents: contents, creators: creators, opts: opts}
}

// Discover answers a discover page for f: the creators whose published
// content others engaged with most in the period, that content, and a
// page of the newest published content of everyone.
func (s *Service) Discover(ctx context.Context, f Filter) (Discovery, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Discovery{}, err
	}
	if f.Period == "" {
		f.Period = Period7d
	}
	days, ok := periodDays[f.Period]
	if !ok {
		return Discovery{}, apperr.Field("period", "must be one of %s", strings.Join(Periods, ", "))
	}
	out := Discovery{Period: f.Period, Since: s.clock.Now().UTC().AddDate(0, 0, -days)}
	newest, next, err := s.contents.SearchPublished(ctx, content.PublishedFilter{Page: f.Page})
	if err != nil {
		return Discovery{}, err
	}
	engaged, err := s.contents.FindEngaged(ctx, out.Since, s.opts.MaxEngaged)
	if err != nil {
		return Discovery{}, err
	}
	creators := rankCreators(engaged, s.opts.TopCreators)
	engaged = engaged[:min(len(engaged), s.opts.TopContents)]
	ids := make([]string, 0, len(engaged))
	for _, e := range engaged {
		ids = append(ids, e.ID)
	}
	snapshots, err := s.contents.FindPublishedByIDs(ctx, ids)
	if err != nil {
		return Discovery{}, err
	}
	people := make([]string, 0, len(newest)+len(engaged)+len(creators))
	for _, p := range newest {
		people = append(people, p.Owner)
	}
	for _, e := range engaged {
		people = append(people, e.Owner)
	}
	for _, c := range creators {
		people = append(people, c.ID)
	}
	profiles, err := s.creators.FindProfiles(ctx, people)
	if err != nil {
		return Discovery{}, err
	}
	for _, e := range engaged {
		p, ok := snapshots[e.ID]
		if author, active := profiles[p.Owner]; ok && active {
			out.Engaged = append(out.Engaged, ContentCard{Published: p, Author: author, Engagement: engagementOf(e)})
		}
	}
	for _, c := range creators {
		if p, ok := profiles[c.ID]; ok {
			c.Profile = p
			out.Creators = append(out.Creators, c)
		}
	}
	out.Newest, out.Next = cards(newest, profiles), next
	return out, nil
}

// Search answers a page of published content or of creators matching f.Q.
func (s *Service) Search(ctx context.Context, f SearchFilter) (Results, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Results{}, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if f.Kind == "" {
		f.Kind = KindContent
	}
	out := Results{Q: f.Q, Kind: f.Kind, Contents: []ContentCard{}, Creators: []creator.Profile{}}
	switch {
	case f.Kind != KindContent && f.Kind != KindCreators:
		return Results{}, apperr.Field("kind", "must be content or creators")
	case f.Q == "":
		return Results{}, apperr.Field("q", "is required")
	case f.Kind == KindCreators:
		var err error
		out.Creators, out.Next, err = s.creators.SearchProfiles(ctx, creator.ProfileFilter{Q: f.Q, Page: f.Page})
		return out, err
	}
	found, next, err := s.contents.SearchPublished(ctx, content.PublishedFilter{Q: f.Q, Page: f.Page})
	if err != nil {
		return Results{}, err
	}
	owners := make([]string, 0, len(found))
	for _, p := range found {
		owners = append(owners, p.Owner)
	}
	profiles, err := s.creators.FindProfiles(ctx, owners)
	if err != nil {
		return Results{}, err
	}
	out.Contents, out.Next = cards(found, profiles), next
	return out, nil
}

// cards pairs published contents with their authors' profiles, leaving out
// the content of accounts no longer active.
func cards(items []content.Published, profiles map[string]creator.Profile) []ContentCard {
	out := make([]ContentCard, 0, len(items))
	for _, p := range items {
		if author, ok := profiles[p.Owner]; ok {
			out = append(out, ContentCard{Published: p, Author: author})
		}
	}
	return out
}

// engagementOf is everything others did with one content in the period.
func engagementOf(e content.Engaged) int { return e.Likes + e.Favourites + e.Comments + e.Shares }

// rankCreators sums the engagement of each owner's contents and answers
// the top limit owners, the most engaged first (ties by id), as cards
// holding only the id and figures.
func rankCreators(engaged []content.Engaged, limit int) []RecommendedCreator {
	by := map[string]*RecommendedCreator{}
	for _, e := range engaged {
		c := by[e.Owner]
		if c == nil {
			c = &RecommendedCreator{Profile: creator.Profile{ID: e.Owner}}
			by[e.Owner] = c
		}
		c.Engagement += engagementOf(e)
		c.Posts++
	}
	out := make([]RecommendedCreator, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b RecommendedCreator) int {
		return cmp.Or(cmp.Compare(b.Engagement, a.Engagement), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(len(out), limit)]
}
