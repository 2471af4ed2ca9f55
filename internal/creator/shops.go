package creator

import "context"

// FindShopsOf returns the marketplace shops recorded for userID, oldest
// first. Other domains ask it what kind of merchant an identity is (the task
// marketplace: a Taobao-style shop buys itself, a Tmall-style store through
// operation accounts); it checks no permission.
func (s *Service) FindShopsOf(ctx context.Context, userID string) ([]Shop, error) {
	return s.store.findShops(ctx, userID)
}
