package moderation

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
)

// Service holds the rule tables and the checker. Each public method is one
// transaction (or joins the caller's) and checks authorization first where
// it changes or reveals the rules.
type Service struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
	store store
}

// NewService wires the moderation use cases.
func NewService(d *db.DB, a *audit.Log, c clock.Clock) *Service {
	return &Service{db: d, audit: a, clock: c, store: store{db: d}}
}

// Check runs the enabled rules of scope over texts. It needs no
// permission: every domain calls it on what its users submit, inside its
// own transaction.
func (s *Service) Check(ctx context.Context, scope string, texts ...Text) ([]Finding, error) {
	rules, err := s.EnabledRules(ctx, scope)
	if err != nil {
		return nil, err
	}
	return Match(rules, texts), nil
}

// EnabledRules returns the enabled rules of scope, for a domain that
// matches several texts against them one at a time (Match). Like Check it
// needs no permission.
func (s *Service) EnabledRules(ctx context.Context, scope string) ([]Rule, error) {
	if !slices.Contains(Scopes, scope) {
		return nil, apperr.Field("scope", "must be among %s", strings.Join(Scopes, ", "))
	}
	return s.store.findRules(ctx, scope)
}

// FindRules lists every rule for operators.
func (s *Service) FindRules(ctx context.Context) ([]Rule, error) {
	if err := authz.CheckCtx(ctx, authz.ManageModeration, nil); err != nil {
		return nil, err
	}
	return s.store.findRules(ctx, "")
}

// FindRuleHistory lists the past states of a rule, newest first.
func (s *Service) FindRuleHistory(ctx context.Context, id string) ([]Rule, error) {
	if err := authz.CheckCtx(ctx, authz.ManageModeration, nil); err != nil {
		return nil, err
	}
	return s.store.findHistory(ctx, id)
}

// SaveRule adds a rule (empty ID) or changes one, keeping the new state in
// the rule's history.
func (s *Service) SaveRule(ctx context.Context, r Rule) (Rule, error) {
	if err := authz.CheckCtx(ctx, authz.ManageModeration, nil); err != nil {
		return Rule{}, err
	}
	r.Label = strings.TrimSpace(r.Label)
	if err := r.validate(); err != nil {
		return Rule{}, err
	}
	r.Scopes = slices.DeleteFunc(slices.Clone(Scopes), func(sc string) bool { return !r.Applies(sc) })
	r.UpdatedAt, r.UpdatedBy = s.clock.Now(), authz.ActorFrom(ctx).UserID
	action := "moderation_rule.update"
	if r.ID == "" {
		r.ID, action = uuid.Must(uuid.NewV7()).String(), "moderation_rule.create"
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.saveRule(ctx, r, action == "moderation_rule.create"); err != nil {
			return err
		}
		if err := s.store.addHistory(ctx, uuid.Must(uuid.NewV7()).String(), r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: action, ObjectType: "moderation_rule", ObjectID: r.ID,
			Summary: r.Kind + " " + r.Severity + " " + strings.Join(r.Scopes, ",") + " " + r.Pattern})
	})
	return r, err
}
