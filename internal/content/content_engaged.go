package content

import (
	"context"
	"time"
)

// Engaged is one published content with what others did with it since a
// moment: the figures the creative centre's heat and rankings come from.
type Engaged struct {
	ID       string
	Owner    string
	Title    string
	Body     string
	Category string
	// Likes, Favourites, Comments (visible ones) and Shares made since the
	// moment by people other than the owner.
	Likes, Favourites, Comments, Shares int
}

// FindEngaged returns the published, not deleted contents that drew
// engagement since since, the most engaged first, at most limit of them.
// It serves other domains' computations (the creative centre), so it
// checks no permission: it reveals only what is public.
func (s *Service) FindEngaged(ctx context.Context, since time.Time, limit int) ([]Engaged, error) {
	return s.store.findEngaged(ctx, since, limit)
}

// InteractedCategories returns, for each of people who interacted since
// since with published content of others, how many times they did so per
// content category. Like FindEngaged it serves other domains'
// computations and checks no permission.
func (s *Service) InteractedCategories(ctx context.Context, people []string, since time.Time) (map[string]map[string]int, error) {
	if len(people) == 0 {
		return map[string]map[string]int{}, nil
	}
	return s.store.findInteractedCategories(ctx, people, since)
}
