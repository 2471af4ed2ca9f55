package commission

import (
	"context"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/i18n"
)

// Payees answer who a creator is to authorization when commission is
// settled: the account's own actor, with its level (the privilege table's
// values at it and that table's version) and the restrictions in force.
// The auth service implements it (wired in package app).
type Payees interface {
	AccountActor(ctx context.Context, accountID string) (authz.Actor, error)
}

// gate is the settlement gate's decision for one creator (SPEC §9): authz
// grants authz.SettleCommission when the creator's level holds the
// cps_settlement privilege and no settlement restriction is in force.
// It keeps the level and the privilege table version it read, and the
// refusal's reason, so that every line it decides cites them.
type gate struct {
	payable bool
	level   string
	rule    RuleRef
	refusal *apperr.Error
}

// gateOf asks authz whether creator's commission is payable now. An
// account authorization cannot act for (a disabled or missing one) is
// refused like a missing privilege: its commission is held, not lost.
func (s *Service) gateOf(ctx context.Context, cache map[string]gate, creator string) (gate, error) {
	if g, ok := cache[creator]; ok {
		return g, nil
	}
	if s.payees == nil {
		return gate{}, apperr.Wrap(errors.New("no Payees wired"), "settlement gate")
	}
	actor, err := s.payees.AccountActor(ctx, creator)
	code := apperr.CodeOf(err)
	if err != nil && code != apperr.NotFound && code != apperr.Unauthenticated {
		return gate{}, err
	}
	g := gate{level: actor.Level.Name, rule: RuleRef{Table: LevelPrivilegesTable, Version: actor.Level.Version}}
	if err == nil {
		err = authz.Check(actor, authz.SettleCommission, nil)
	}
	if g.payable = err == nil; !g.payable {
		g.refusal = apperr.From(err)
	}
	if g.level == "" {
		g.level = "L0"
	}
	cache[creator] = g
	return g, nil
}

// LevelPrivilegesTable is the rule table the settlement gate's level
// answers come from (package level's privilege table, SPEC §7.3).
const LevelPrivilegesTable = "level_privileges"

// detail is what a line the gate decided cites: the step, the level and
// privilege table version, the commission rules' version and, when
// refused, the refusal (its English message and its details: the missing
// level or the restriction and its id).
func (g gate) detail(kind string, r CPSRules) map[string]any {
	d := map[string]any{"step": kind, "permission": string(authz.SettleCommission), "privilege": authz.PrivCPSSettlement,
		"payable": g.payable, "level": g.level, "level_rule": g.rule, "rule": r.Ref(), "below_level": r.BelowLevel}
	if g.refusal != nil {
		refusal := map[string]any{"reason": g.refusal.MessageIn(i18n.English)}
		for k, v := range g.refusal.Details {
			refusal[k] = v
		}
		d["refusal"] = refusal
	}
	return d
}

// ContentRef is what commission needs of a content: its owner (the
// creator), the products mounted in its published version (ids or skus),
// and when it was pushed (its first push, or its publication when never
// pushed).
type ContentRef struct {
	ID       string
	OwnerID  string
	Products []string
	PushedAt time.Time
}

// Contents finds published content for tracked links. The content domain
// answers it (wired in package app).
type Contents interface {
	FindContentRef(ctx context.Context, id string) (ContentRef, error)
}
