package content

import (
	"context"
	"time"
)

// OwnerStats are the figures of one account's content that the creator
// index is computed from (package level): what it published, what readers
// did with it, and what moderation refused. Counters (views, product
// clicks) carry no dates, so they count all time; engagement rows count
// from the window's start (since).
type OwnerStats struct {
	// Published counts published, not deleted contents; Categories splits
	// them by category.
	Published  int
	Categories map[string]int
	// PublishedSince counts those first published at or after since.
	PublishedSince int
	// MountedProducts counts published contents that mount products.
	MountedProducts int
	// Views and ProductClicks are the contents' counters (this replica's
	// tally flushed first).
	Views, ProductClicks int
	// Likes, Favourites, Comments (visible ones) and Shares made since,
	// by people other than the owner.
	Likes, Favourites, Comments, Shares int
	// Fans maps each person who interacted since to the number of distinct
	// contents of the owner they interacted with and their interactions.
	Fans map[string]FanActivity
	// Rejections counts contents refused by review and still rejected,
	// last changed since; HiddenComments the owner's own comments hidden,
	// made since.
	Rejections, HiddenComments int
}

// FanActivity is what one person did with an owner's content in the window.
type FanActivity struct {
	Contents     int
	Interactions int
}

// StatsByOwners returns the content figures of each of owners (every
// owner has an entry, zero when it has no content), with engagement counted
// from since. It serves other domains' batch work (the level recompute), so
// it checks no permission: it reveals nothing to a person.
func (s *Service) StatsByOwners(ctx context.Context, owners []string, since time.Time) (map[string]*OwnerStats, error) {
	out := make(map[string]*OwnerStats, len(owners))
	for _, o := range owners {
		out[o] = &OwnerStats{Categories: map[string]int{}, Fans: map[string]FanActivity{}}
	}
	if len(owners) == 0 {
		return out, nil
	}
	if err := s.FlushCounts(ctx); err != nil {
		return nil, err
	}
	if err := s.store.findOwnerStats(ctx, owners, since, out); err != nil {
		return nil, err
	}
	return out, nil
}
