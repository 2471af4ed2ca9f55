package creator

import "context"

// FindCreatorIdentities lists, in id order, the login identities that hold
// at least one creator account, with ids after after and, when upTo is not
// empty, up to upTo; at most limit of them. It serves other domains' batch
// work (the level recompute pages through creators with it), so it checks
// no permission.
func (s *Service) FindCreatorIdentities(ctx context.Context, after, upTo string, limit int) ([]string, error) {
	return s.store.findCreatorIdentities(ctx, after, upTo, limit)
}

// DomainFocusesOf returns the declared domain focus (SPEC §2.4) of each of
// users that holds an approved certification declaring one; users without
// one are absent. Like FindCreatorIdentities it serves batch work.
func (s *Service) DomainFocusesOf(ctx context.Context, users []string) (map[string]Role, error) {
	if len(users) == 0 {
		return map[string]Role{}, nil
	}
	return s.store.findDomainFocusesOf(ctx, users)
}

// CreatorAccountIDs lists the creator accounts of userID, oldest first: the
// public identities the login may act as (authz.Actor.CreatorAccounts). It
// serves the log-in's actor, so it checks no permission.
func (s *Service) CreatorAccountIDs(ctx context.Context, userID string) ([]string, error) {
	return s.store.findAccountIDs(ctx, userID)
}
