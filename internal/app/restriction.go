package app

import (
	"context"
	"slices"

	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
)

// RestrictionTable is what the settlement gate cites when a settlement
// restriction held an account's commission: the restriction, version 1.
const RestrictionTable = "restriction"

// restrictedSettlement is the settlement gate's view of levels with the
// operators' settlement restrictions applied: a restricted account answers
// a level below L0, so its commission is recorded as not payable (and
// released by a later run once the restriction lifts, inside the hold).
type restrictedSettlement struct {
	levels  commission.Levels
	appeals *appeal.Service
}

// LevelOf implements commission.Levels.
func (r restrictedSettlement) LevelOf(ctx context.Context, accountID string) (int, commission.RuleRef, error) {
	rs, err := r.appeals.ActorRestrictions(ctx, accountID)
	if err != nil {
		return 0, commission.RuleRef{}, err
	}
	if i := slices.IndexFunc(rs, func(x authz.Restriction) bool { return x.Kind == authz.RestrictSettlement }); i >= 0 {
		return -1, commission.RuleRef{Table: RestrictionTable + ":" + rs[i].ID, Version: 1}, nil
	}
	return r.levels.LevelOf(ctx, accountID)
}
