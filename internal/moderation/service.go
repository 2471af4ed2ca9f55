package moderation

import (
	"context"
	"strings"

	"github.com/google/uuid"

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

// Check runs the enabled rules over texts. It needs no permission: every
// domain calls it on what its users submit, inside its own transaction.
func (s *Service) Check(ctx context.Context, texts ...Text) ([]Finding, error) {
	rules, err := s.store.findRules(ctx, true)
	if err != nil {
		return nil, err
	}
	return Match(rules, texts), nil
}

// FindRules lists every rule for operators.
func (s *Service) FindRules(ctx context.Context) ([]Rule, error) {
	if err := authz.CheckCtx(ctx, authz.ManageModeration, nil); err != nil {
		return nil, err
	}
	return s.store.findRules(ctx, false)
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
			Summary: r.Kind + " " + r.Severity + " " + r.Pattern})
	})
	return r, err
}
