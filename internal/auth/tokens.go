package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/staff"
)

// TokenPrefix starts every API token, so that bearer authentication tells
// a token from a session without a lookup.
const TokenPrefix = "hlo_"

// APIToken is a scoped credential for integrations (API.md): its scopes are
// a subset of its creator's permissions; only its hash is stored.
type APIToken struct {
	ID           string             `json:"id"`
	UserID       string             `json:"user_id"`
	SubAccountID string             `json:"sub_account_id,omitempty"`
	Name         string             `json:"name"`
	Scopes       []authz.Permission `json:"scopes"`
	CreatedAt    time.Time          `json:"created_at"`
	ExpiresAt    *time.Time         `json:"expires_at"`
	RevokedAt    *time.Time         `json:"revoked_at"`
	LastUsedAt   *time.Time         `json:"last_used_at"`
}

// OwnerID makes a token an authz.Object of its main account.
func (t APIToken) OwnerID() string { return t.UserID }

// TokenInput creates an API token.
type TokenInput struct {
	Name      string     `json:"name"`
	Scopes    []string   `json:"scopes"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// NewToken is a created token with its secret, shown once.
type NewToken struct {
	APIToken
	Token string `json:"token"`
}

// CreateAPIToken creates a token for the main account in ctx (by it or by
// a sub-account with the permission), with scopes the creator holds itself.
func (s *Service) CreateAPIToken(ctx context.Context, in TokenInput) (NewToken, error) {
	if err := authz.CheckCtx(ctx, authz.ManageAPITokens, nil); err != nil {
		return NewToken{}, err
	}
	var v apperr.Validation
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n < 1 || n > 64 {
		v.Reject("name", "must be 1 to 64 characters")
	}
	if len(in.Scopes) == 0 {
		v.Reject("scopes", "choose at least one scope")
	}
	now := s.clock.Now()
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		v.Reject("expires_at", "must be in the future")
	}
	if err := v.Err(); err != nil {
		return NewToken{}, err
	}
	scopes, err := staff.CheckGrants(ctx, "scopes", in.Scopes)
	if err != nil {
		return NewToken{}, err
	}
	a := authz.ActorFrom(ctx)
	secret, _ := newToken()
	t := NewToken{APIToken: APIToken{ID: uuid.Must(uuid.NewV7()).String(), UserID: a.UserID, SubAccountID: a.SubAccountID,
		Name: strings.TrimSpace(in.Name), Scopes: scopes, CreatedAt: now, ExpiresAt: in.ExpiresAt}, Token: TokenPrefix + secret}
	hash := hashToken(t.Token)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		names := authz.JoinPermissions(scopes)
		if err := s.store.createAPIToken(ctx, t.APIToken, hash, names); err != nil {
			return apperr.Wrap(err, "insert API token")
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: t.UserID, Action: "api_token.create", ObjectType: "api_token",
			ObjectID: t.ID, Summary: t.Name + ": scopes " + names})
	})
	return t, err
}

// FindAPITokens lists the main account's tokens, newest first.
func (s *Service) FindAPITokens(ctx context.Context) ([]APIToken, error) {
	if err := authz.CheckCtx(ctx, authz.ManageAPITokens, nil); err != nil {
		return nil, err
	}
	return s.store.findAPITokens(ctx, authz.ActorFrom(ctx).UserID)
}

// RevokeAPIToken revokes one of the main account's tokens at once.
func (s *Service) RevokeAPIToken(ctx context.Context, id string) error {
	if err := authz.CheckCtx(ctx, authz.ManageAPITokens, nil); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		t, err := s.store.findAPITokenByID(ctx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "API token not found.")
		}
		if err != nil {
			return apperr.Wrap(err, "find API token")
		}
		if err := authz.CheckCtx(ctx, authz.ManageAPITokens, t); err != nil {
			return err
		}
		if t.RevokedAt != nil {
			return apperr.New(apperr.Conflict, "This API token is already revoked.")
		}
		if err := s.store.updateAPITokenRevoked(ctx, id, s.clock.Now()); err != nil {
			return apperr.Wrap(err, "revoke API token")
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: t.UserID, Action: "api_token.revoke", ObjectType: "api_token",
			ObjectID: t.ID, Summary: t.Name + ": revoked"})
	})
}

// authenticateToken resolves an API token to an actor whose permissions
// are the token's scopes (narrowed further by its sub-account's current
// permissions when a sub-account created it).
func (s *Service) authenticateToken(ctx context.Context, token string) (authz.Actor, error) {
	gone := apperr.New(apperr.Unauthenticated, "This API token is unknown, expired or revoked.")
	t, err := s.store.findAPITokenByHash(ctx, hashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return authz.Actor{}, gone
	}
	if err != nil {
		return authz.Actor{}, apperr.Wrap(err, "find API token")
	}
	now := s.clock.Now()
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)) {
		return authz.Actor{}, gone
	}
	base, err := s.actorOf(ctx, t.UserID, t.SubAccountID)
	if err != nil {
		return authz.Actor{}, err
	}
	actor := base
	actor.Roles, actor.TokenID, actor.Permissions = nil, t.ID, map[authz.Permission]bool{}
	for _, p := range t.Scopes {
		if t.SubAccountID == "" || base.Permissions[p] {
			actor.Permissions[p] = true
		}
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		s.touched(ctx, "API token", s.store.updateAPITokenUsed(ctx, t.ID, now))
	}
	return actor, nil
}
