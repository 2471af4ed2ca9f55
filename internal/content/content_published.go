package content

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// Published is what the public sees of published content: the approved
// snapshot, never the draft in progress.
type Published struct {
	ID    string `json:"id"`
	Owner string `json:"owner_id"`
	// Author is the public account id of the creator account it was
	// written as: the homepage it appears on.
	Author   string    `json:"account_id"`
	Type     string    `json:"type"`
	Title    string    `json:"title"`
	Body     string    `json:"body"`
	Media    []string  `json:"media"`
	Cover    string    `json:"cover,omitempty"`
	Products []Product `json:"products"`
	Featured bool      `json:"featured"`
	Pinned   bool      `json:"pinned"`
	// OnHomepage marks content with a standing push to the homepage.
	OnHomepage  bool      `json:"on_homepage"`
	PublishedAt time.Time `json:"published_at"`
}

// Rank is the homepage rank of published content: 4 when pushed to the
// homepage, plus 2 when pinned, plus 1 when featured; a homepage shows
// higher ranks first, then the newest.
func (p Published) Rank() int {
	r := 0
	if p.OnHomepage {
		r += 4
	}
	if p.Pinned {
		r += 2
	}
	if p.Featured {
		r++
	}
	return r
}

// FindPublished lists a page of the published content of the account with
// public id author for its homepage: pushed there first, then pinned, then
// featured, then newest. The cursor carries the rank, so paging stays exact
// across the groups. The first page (no cursor, the default limit) comes
// from this process's cache while the account's home version holds.
func (s *Service) FindPublished(ctx context.Context, author string, page db.Page) ([]Published, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	if page == (db.Page{}) {
		found, err := s.homes.Find(ctx, []string{author}, s.readHomepages)
		h := found[author]
		return h.items, h.next, err
	}
	return s.readHomepage(ctx, author, limit, after)
}

// homeCacheSize bounds the first homepage pages one process keeps.
const homeCacheSize = 2_000

// homePage is a homepage page and the cursor that continues it.
type homePage struct {
	items []Published
	next  string
}

// readHomepages reads the first homepage page of each of authors.
func (s *Service) readHomepages(ctx context.Context, authors []string) (map[string]homePage, error) {
	out := make(map[string]homePage, len(authors))
	for _, a := range authors {
		items, next, err := s.readHomepage(ctx, a, db.DefaultLimit, db.Keyset{})
		if err != nil {
			return nil, err
		}
		out[a] = homePage{items: items, next: next}
	}
	return out, nil
}

// readHomepage reads a page of the published content of author's homepage
// from the database, after the cursor's content when after is set.
func (s *Service) readHomepage(ctx context.Context, author string, limit int, after db.Keyset) ([]Published, string, error) {
	rank := 0
	if !after.IsZero() {
		r, id, ok := strings.Cut(after.ID, ":")
		n, rerr := strconv.Atoi(r)
		if !ok || rerr != nil || id == "" {
			return nil, "", apperr.Field("cursor", "is not a cursor this server gave out")
		}
		rank, after.ID = n, id
	}
	items, err := s.store.findHomepage(ctx, author, rank, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	items, next := db.Trim(items, limit, func(p Published) (time.Time, string) {
		return p.PublishedAt, strconv.Itoa(p.Rank()) + ":" + p.ID
	})
	return items, next, nil
}

// MaxQuery bounds the text a reader searches published content for.
const MaxQuery = 100

// PublishedFilter selects every account's published content for readers.
type PublishedFilter struct {
	// Q matches the published title and body (trigram index); empty lists
	// everything.
	Q    string
	Page db.Page
}

// SearchPublished lists a page of every account's published content that
// matches f.Q, newest first: the discover page's newest and the readers'
// search. Drafts are never searched, only the published snapshots.
func (s *Service) SearchPublished(ctx context.Context, f PublishedFilter) ([]Published, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, "", err
	}
	f.Q = strings.TrimSpace(f.Q)
	if len([]rune(f.Q)) > MaxQuery {
		return nil, "", apperr.Field("q", "must be at most %d characters", MaxQuery)
	}
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return nil, "", err
	}
	items, err := s.store.findNewestPublished(ctx, f.Q, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	items, next := db.Trim(items, limit, func(p Published) (time.Time, string) { return p.PublishedAt, p.ID })
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
	found, err := s.store.findPublishedByIDs(ctx, ids...)
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
// published version and counts the view (in this replica's tally, written
// by FlushCounts).
func (s *Service) ReadPublished(ctx context.Context, id string) (Published, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Published{}, err
	}
	found, err := s.store.findPublishedByIDs(ctx, id)
	if err != nil {
		return Published{}, err
	}
	if len(found) == 0 {
		return Published{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
	}
	s.counts.add(counterKey{content: id, kind: CounterView}, 1)
	return found[0], nil
}

// ClickProduct counts a reader's click on a product mounted in published
// content (in this replica's tally, as views) and answers the product (its
// id may be a link to follow).
func (s *Service) ClickProduct(ctx context.Context, contentID, productID string) (Product, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return Product{}, err
	}
	found, err := s.store.findPublishedByIDs(ctx, contentID)
	if err != nil {
		return Product{}, err
	}
	if len(found) > 0 {
		for _, p := range found[0].Products {
			if p.ID == productID {
				s.counts.add(counterKey{content: contentID, kind: CounterProductClick, target: productID}, 1)
				return p, nil
			}
		}
	}
	return Product{}, apperr.Field("product_id", "is not mounted in this published content")
}
