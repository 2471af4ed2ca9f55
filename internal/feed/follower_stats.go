package feed

import (
	"context"
	"slices"
)

// FollowerStats are one account's followers as the creator index counts
// them (package level): how many there are, and which of a given set of
// people (those who interacted with the account's content) follow it.
type FollowerStats struct {
	Followers int
	// Following holds the candidates that follow the account.
	Following map[string]bool
}

// candidateChunk bounds the follower IN list of one query.
const candidateChunk = 500

// FollowerStatsOf returns, for each of accounts (every one has an entry),
// its follower count and which of its candidates follow it. It serves other
// domains' batch work (the level recompute), so it checks no permission.
func (s *Service) FollowerStatsOf(ctx context.Context, accounts []string, candidates map[string][]string) (map[string]*FollowerStats, error) {
	out := make(map[string]*FollowerStats, len(accounts))
	for _, a := range accounts {
		out[a] = &FollowerStats{Following: map[string]bool{}}
	}
	if len(accounts) == 0 {
		return out, nil
	}
	if err := s.store.findFollowerCounts(ctx, accounts, out); err != nil {
		return nil, err
	}
	var people []string
	var followees []string
	for a, cs := range candidates {
		if len(cs) > 0 {
			followees = append(followees, a)
			people = append(people, cs...)
		}
	}
	slices.Sort(people)
	people = slices.Compact(people)
	for chunk := range slices.Chunk(people, candidateChunk) {
		if err := s.store.findFollowsAmong(ctx, followees, chunk, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}
