package auth

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// Passkeys (WebAuthn, go-webauthn): several per account, named, removable,
// always with user verification (the platform authenticator's face or
// fingerprint check stands in for the source's face recognition). Ceremony
// state lives in the database, so any replica can finish what another began.

// passkeyUser adapts an identity and its credentials to webauthn.User.
type passkeyUser struct {
	user  account.User
	creds []webauthn.Credential
}

func (p passkeyUser) WebAuthnID() []byte                         { return []byte(p.user.ID) }
func (p passkeyUser) WebAuthnName() string                       { return p.user.Nickname }
func (p passkeyUser) WebAuthnDisplayName() string                { return p.user.Nickname }
func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

// webauthnUser loads the identity with its stored credentials.
func (s *Service) webauthnUser(ctx context.Context, userID string) (passkeyUser, error) {
	u, err := s.accounts.FindUserByID(ctx, userID)
	if err != nil {
		return passkeyUser{}, err
	}
	stored, err := s.store.findCredentialData(ctx, userID)
	if err != nil {
		return passkeyUser{}, err
	}
	p := passkeyUser{user: u}
	for _, raw := range stored {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return passkeyUser{}, apperr.Wrap(err, "decode passkey")
		}
		p.creds = append(p.creds, c)
	}
	return p, nil
}

// StartPasskey begins registering a passkey for the actor and returns the
// options for navigator.credentials.create.
func (s *Service) StartPasskey(ctx context.Context) (*protocol.CredentialCreation, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return nil, err
	}
	me := authz.ActorFrom(ctx).UserID
	wu, err := s.webauthnUser(ctx, me)
	if err != nil {
		return nil, err
	}
	exclude := make([]protocol.CredentialDescriptor, len(wu.creds))
	for i, c := range wu.creds {
		exclude[i] = c.Descriptor()
	}
	creation, session, err := s.webauthn.BeginRegistration(wu,
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementPreferred, UserVerification: protocol.VerificationRequired}),
		webauthn.WithExclusions(exclude))
	if err != nil {
		return nil, apperr.Wrap(err, "begin passkey registration")
	}
	raw, _ := json.Marshal(session)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createRegistration(ctx, me, string(raw), s.clock.Now().Add(s.limits.ChallengeTTL)); err != nil {
			return apperr.Wrap(err, "store passkey registration")
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.passkey_start", ObjectType: "user", ObjectID: me})
	})
	if err != nil {
		return nil, err
	}
	return creation, nil
}

// FinishPasskey checks the browser's new credential against the
// registration begun last, and stores it under name.
func (s *Service) FinishPasskey(ctx context.Context, name string, credential map[string]any) (Passkey, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return Passkey{}, err
	}
	me := authz.ActorFrom(ctx).UserID
	name = strings.TrimSpace(name)
	var v apperr.Validation
	if n := utf8.RuneCountInString(name); n < 1 || n > 40 {
		v.Reject("name", "must be %d to %d characters (got %d)", 1, 40, n)
	}
	raw, _ := json.Marshal(credential)
	parsed, perr := protocol.ParseCredentialCreationResponseBytes(raw)
	if perr != nil {
		v.Reject("credential", "is not a passkey the browser created")
	}
	if err := v.Err(); err != nil {
		return Passkey{}, err
	}
	var pk Passkey
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		data, expires, err := s.store.findRegistration(ctx, me)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !s.clock.Now().Before(expires)) {
			return apperr.New(apperr.Conflict, "The passkey registration has expired. Please start again.")
		}
		if err != nil {
			return apperr.Wrap(err, "find passkey registration")
		}
		var session webauthn.SessionData
		if err := json.Unmarshal([]byte(data), &session); err != nil {
			return apperr.Wrap(err, "decode passkey registration")
		}
		wu, err := s.webauthnUser(ctx, me)
		if err != nil {
			return err
		}
		cred, err := s.webauthn.CreateCredential(wu, session, parsed)
		if err != nil {
			return apperr.Field("credential", "could not be verified: %s", protocolReason(err))
		}
		if !cred.Flags.UserVerified {
			return apperr.Field("credential", "was made without user verification; use a device that checks your face, fingerprint or PIN")
		}
		credJSON, _ := json.Marshal(cred)
		pk = Passkey{ID: uuid.Must(uuid.NewV7()).String(), Name: name, CreatedAt: s.clock.Now()}
		err = s.store.createCredential(ctx, pk, me, base64.RawURLEncoding.EncodeToString(cred.ID), string(credJSON))
		if _, dup := db.IsUniqueViolation(err); dup {
			return apperr.Field("credential", "is already registered")
		}
		if err != nil {
			return apperr.Wrap(err, "store passkey")
		}
		if err := s.store.deleteRegistration(ctx, me); err != nil {
			return apperr.Wrap(err, "clear passkey registration")
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.passkey_add", ObjectType: "passkey", ObjectID: pk.ID,
			Summary: "passkey " + name})
	})
	return pk, err
}

// FindPasskeys lists the actor's passkeys, oldest first.
func (s *Service) FindPasskeys(ctx context.Context) ([]Passkey, error) {
	if err := authz.CheckCtx(ctx, authz.ReadSecurity, nil); err != nil {
		return nil, err
	}
	return s.store.findPasskeys(ctx, authz.ActorFrom(ctx).UserID)
}

// DeletePasskey removes one of the actor's passkeys.
func (s *Service) DeletePasskey(ctx context.Context, id string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return err
	}
	me := authz.ActorFrom(ctx).UserID
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		n, err := s.store.deleteCredential(ctx, id, me)
		if err != nil {
			return apperr.Wrap(err, "remove passkey")
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "Passkey not found.")
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.passkey_remove", ObjectType: "passkey", ObjectID: id})
	})
}

// usePasskey checks a challenge's passkey assertion, inside the caller's
// transaction, and records the authenticator's new sign count.
func (s *Service) usePasskey(ctx context.Context, c challenge, assertion map[string]any) (bool, error) {
	if c.WebAuthn == "" || assertion == nil {
		return false, nil
	}
	raw, _ := json.Marshal(assertion)
	parsed, err := protocol.ParseCredentialRequestResponseBytes(raw)
	if err != nil {
		return false, nil
	}
	var session webauthn.SessionData
	if err := json.Unmarshal([]byte(c.WebAuthn), &session); err != nil {
		return false, apperr.Wrap(err, "decode passkey challenge")
	}
	wu, err := s.webauthnUser(ctx, c.UserID)
	if err != nil {
		return false, err
	}
	cred, err := s.webauthn.ValidateLogin(wu, session, parsed)
	if err != nil || !cred.Flags.UserVerified {
		return false, nil
	}
	credJSON, _ := json.Marshal(cred)
	if err := s.store.updateCredential(ctx, c.UserID, base64.RawURLEncoding.EncodeToString(cred.ID), string(credJSON),
		s.clock.Now()); err != nil {
		return false, apperr.Wrap(err, "update passkey")
	}
	if err := s.store.updateChallengeWebAuthn(ctx, c.ID, ""); err != nil {
		return false, apperr.Wrap(err, "clear passkey challenge")
	}
	return true, nil
}

// protocolReason gives the library's short reason for a refused credential.
func protocolReason(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.Details != "" {
		return pe.Details
	}
	return "the browser's answer does not match"
}
