package content

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/media"
)

// ExcerptMax is how many characters of the published body a card carries.
const ExcerptMax = 140

// cardCacheSize bounds the feed cards one process keeps.
const cardCacheSize = 50_000

// Card is what a feed card shows of published content: its title, the
// start of its body, its picture's thumbnail and its counts, not the full
// body (the reader page, GET /contents/{id}/published, has that).
type Card struct {
	ID    string `json:"id"`
	Owner string `json:"owner_id"`
	// Author is the public account id of the creator account it was
	// written as: the homepage it appears on.
	Author string `json:"account_id"`
	Type   string `json:"type"`
	Title  string `json:"title"`
	// Excerpt is the body's first ExcerptMax characters, with "…" when the
	// body is longer.
	Excerpt string `json:"excerpt"`
	// Picture is the media id of the image that stands for the content: its
	// cover, else its first image unless it is a video ("" when none).
	Picture string `json:"picture,omitempty"`
	// Thumbnail is where the picture's thumbnail is served.
	Thumbnail string `json:"thumbnail,omitempty"`
	// Products is how many products the content places.
	Products    int       `json:"products"`
	Likes       int       `json:"likes"`
	Comments    int       `json:"comments"`
	PublishedAt time.Time `json:"published_at"`
}

// PictureOf is the picture that stands for content of type typ: its cover,
// else the first of its media when it is not a video; empty when none.
func PictureOf(typ, cover string, media []string) string {
	if cover != "" {
		return cover
	}
	if typ != TypeVideo && len(media) > 0 {
		return media[0]
	}
	return ""
}

// excerptOf shortens a body to at most n characters for a card.
func excerptOf(body string, n int) string {
	runes := []rune(body)
	if len(runes) <= n {
		return body
	}
	return string(runes[:n]) + "…"
}

// FindCardsByIDs returns the cards of those of the given contents that are
// published and not deleted, by id (for feeds, which decide order and
// visibility themselves). It reads only the start of each body, and only
// for cards this process does not hold at their current version.
func (s *Service) FindCardsByIDs(ctx context.Context, ids []string) (map[string]Card, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, err
	}
	return s.cards.Find(ctx, ids, s.readCards)
}

// readCards reads the cards of ids from the database.
func (s *Service) readCards(ctx context.Context, ids []string) (map[string]Card, error) {
	out := make(map[string]Card, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cards, err := s.store.findCards(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cards {
		if c.Picture != "" {
			c.Thumbnail = media.ThumbnailURLOf(c.Picture)
		}
		out[c.ID] = c
	}
	return out, nil
}
