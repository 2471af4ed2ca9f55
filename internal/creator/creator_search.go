package creator

import (
	"context"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// MaxQuery bounds the text a reader searches creators' names for.
const MaxQuery = 100

// ProfileFilter selects the public profiles of accounts holding a creator
// account, for readers looking for someone.
type ProfileFilter struct {
	// Q matches the creator account's name, folded as names are for
	// uniqueness (case, width and look-alike letters do not matter).
	Q    string
	Page db.Page
}

// SearchProfiles lists a page of the public profiles whose creator account
// name holds f.Q, the newest creator accounts first. It reveals only what a
// homepage shows.
func (s *Service) SearchProfiles(ctx context.Context, f ProfileFilter) ([]Profile, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPublished, nil); err != nil {
		return nil, "", err
	}
	f.Q = strings.TrimSpace(f.Q)
	if f.Q == "" {
		return nil, "", apperr.Field("q", "is required")
	}
	if len([]rune(f.Q)) > MaxQuery {
		return nil, "", apperr.Field("q", "must be at most %d characters", MaxQuery)
	}
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return nil, "", err
	}
	found, err := s.store.findAccountsByName(ctx, account.NicknameKey(f.Q), after, limit+1)
	if err != nil {
		return nil, "", err
	}
	found, next := db.Trim(found, limit, func(c CreatorAccount) (time.Time, string) { return c.CreatedAt, c.ID })
	users := make([]string, 0, len(found))
	for _, c := range found {
		users = append(users, c.UserID)
	}
	profiles, err := s.FindProfiles(ctx, users)
	if err != nil {
		return nil, "", err
	}
	out := make([]Profile, 0, len(found))
	seen := map[string]bool{}
	for _, id := range users {
		if p, ok := profiles[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, p)
		}
	}
	return out, next, nil
}
