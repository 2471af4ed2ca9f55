package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/staff"
)

// Service holds the log-in, session and login-security use cases.
type Service struct {
	db       *db.DB
	store    store
	audit    *audit.Log
	clock    clock.Clock
	accounts *account.Service
	notify   *notify.Service
	gate     Gate
	ents     Entitlements
	limits   config.Security
	webauthn *webauthn.WebAuthn
	staff    *staff.Service
	ttl      time.Duration
}

// Options configure the auth service.
type Options struct {
	// SessionTTL is how long a session lasts without being used.
	SessionTTL time.Duration
	// Notify sends one-time codes and log-in alerts.
	Notify *notify.Service
	// Security holds the numbers of login security and the passkeys'
	// relying party.
	Security config.Security
	// Entitlements fills an actor's capabilities and certification; nil
	// leaves them empty.
	Entitlements Entitlements
	// Staff resolves `main@sub` log-ins and sub-account sessions.
	Staff *staff.Service
}

// Entitlements tells what an identity has been granted beyond its log-in:
// publishing capabilities and a valid creator certification.
type Entitlements interface {
	Entitlements(ctx context.Context, userID string) (capabilities map[string]bool, certified bool, err error)
}

// NewService wires the auth use cases.
func NewService(d *db.DB, a *audit.Log, c clock.Clock, accounts *account.Service, opts Options) (*Service, error) {
	s := &Service{db: d, store: store{db: d}, audit: a, clock: c, accounts: accounts, notify: opts.Notify, limits: opts.Security,
		ents: opts.Entitlements, ttl: opts.SessionTTL, staff: opts.Staff}
	if s.ttl <= 0 {
		s.ttl = 30 * 24 * time.Hour
	}
	s.gate = guard{s}
	wa, err := webauthn.New(&webauthn.Config{RPID: opts.Security.WebAuthnRPID, RPDisplayName: "Helio",
		RPOrigins: opts.Security.WebAuthnOrigins})
	if err != nil {
		return nil, fmt.Errorf("passkeys (HELIO_WEBAUTHN_RP_ID, HELIO_WEBAUTHN_ORIGINS): %w", err)
	}
	s.webauthn = wa
	return s, nil
}

// errBadCredentials is the one answer for an unknown login and a wrong
// password alike.
func errBadCredentials() error {
	return apperr.New(apperr.Unauthenticated, "The login or the password is wrong.")
}

// LogIn checks credentials and opens a session. An unknown login and a
// wrong password get the same answer after the same work (a dummy hash).
func (s *Service) LogIn(ctx context.Context, c Credentials) (Granted, error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return Granted{}, err
	}
	var v apperr.Validation
	if c.Login == "" {
		v.Reject("login", "enter your phone number, e-mail address or nickname")
	}
	if c.Password == "" {
		v.Reject("password", "enter your password")
	}
	if len(c.DeviceID) > 128 {
		v.Reject("device_id", "must be at most %d characters", 128)
	}
	if err := v.Err(); err != nil {
		return Granted{}, err
	}
	req := audit.RequestFrom(ctx)
	user, sub, hash, err := s.identify(ctx, c.Login)
	at := Attempt{User: user, SubAccountID: sub.ID, Subject: user.ID, DeviceID: c.DeviceID, IP: req.IP, Region: req.Region}
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
		at.User, at.SubAccountID = account.User{}, ""
		at.Subject = "login:" + account.NicknameKey(c.Login)
	case err != nil:
		return Granted{}, err
	case sub.ID != "":
		at.Subject = "sub:" + sub.ID
	}
	if err := s.gate.Screen(ctx, at); err != nil {
		return Granted{}, err
	}
	if at.User.ID == "" {
		s.accounts.Hasher().VerifyDummy(c.Password)
		return Granted{}, s.refuseLogIn(ctx, at, "unknown login")
	}
	ok, err := s.accounts.Hasher().Verify(c.Password, hash)
	if err != nil {
		return Granted{}, apperr.Wrap(err, "verify password")
	}
	if !ok {
		return Granted{}, s.refuseLogIn(ctx, at, "wrong password")
	}
	if user.Status != account.StatusActive {
		if err := s.recordFailure(ctx, user.ID, "account "+user.Status); err != nil {
			return Granted{}, err
		}
		return Granted{}, apperr.New(apperr.Forbidden, "This account is disabled.")
	}
	if sub.ID != "" {
		if err := sub.CanLogIn(); err != nil {
			if rerr := s.recordFailure(ctx, user.ID, "sub-account "+sub.Name+" "+sub.State); rerr != nil {
				return Granted{}, rerr
			}
			return Granted{}, err
		}
	}
	if err := s.gate.Admit(ctx, at); err != nil {
		return Granted{}, err
	}
	return s.openSession(ctx, user, sub.ID, c.DeviceID)
}

// identify finds the identity a login names and the password hash to check:
// the login identity itself, or, for `main@sub` and `main:sub`, the main
// account and its sub-account (whose password is checked). An unknown name
// answers NotFound either way.
func (s *Service) identify(ctx context.Context, login string) (account.User, staff.SubAccount, string, error) {
	user, hash, err := s.accounts.FindCredentials(ctx, login)
	mainLogin, name, isSub := staff.SplitLogin(login)
	if apperr.CodeOf(err) != apperr.NotFound || !isSub || s.staff == nil {
		return user, staff.SubAccount{}, hash, err
	}
	if user, _, err = s.accounts.FindCredentials(ctx, mainLogin); err != nil {
		return user, staff.SubAccount{}, "", err
	}
	sub, hash, err := s.staff.FindCredentials(ctx, user.ID, name)
	return user, sub, hash, err
}

// openSession creates the session of an identity that has passed every
// check, remembers its device and region, alerts the owner of a log-in from
// a new device or region, and audits it — in one transaction.
func (s *Service) openSession(ctx context.Context, user account.User, subID, deviceID string) (Granted, error) {
	req := audit.RequestFrom(ctx)
	now := s.clock.Now()
	token, hash := newToken()
	sess := Session{ID: uuid.Must(uuid.NewV7()).String(), UserID: user.ID, SubAccountID: subID, DeviceID: deviceID, IP: req.IP,
		Region: req.Region, UserAgent: truncate(req.UserAgent, 256), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.ttl)}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createSession(ctx, sess, hash); err != nil {
			return apperr.Wrap(err, "insert session")
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: user.ID, SubAccountID: subID, OwnerID: user.ID, Action: "session.login",
			ObjectType: "session", ObjectID: sess.ID, DeviceID: deviceID, Summary: "region " + regionName(sess.Region)}); err != nil {
			return err
		}
		return s.rememberLogIn(ctx, user, sess)
	})
	if err != nil {
		return Granted{}, err
	}
	return Granted{Session: sess, Token: token, User: user}, nil
}

// refuseLogIn counts a wrong password (or an unknown login) against the
// brute-force limits and audits the refusal, in one transaction, and answers
// the one bad-credentials error unless that transaction failed.
func (s *Service) refuseLogIn(ctx context.Context, at Attempt, why string) error {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.gate.Failed(ctx, at); err != nil {
			return err
		}
		return s.recordFailure(ctx, at.User.ID, why)
	})
	if err != nil {
		return err
	}
	return errBadCredentials()
}

// recordFailure audits a refused log-in, in the caller's transaction or
// else in one of its own (a refusal alone changes nothing). ownerID is empty
// for unknown logins.
func (s *Service) recordFailure(ctx context.Context, ownerID, why string) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: ownerID, Action: "session.login",
			ObjectType: "user", ObjectID: ownerID, Summary: why, Outcome: audit.Failed})
	})
}

// Authenticate resolves a session token to its actor. It answers
// Unauthenticated for unknown, revoked or expired tokens.
func (s *Service) Authenticate(ctx context.Context, token string) (authz.Actor, error) {
	if token == "" {
		return authz.Actor{}, apperr.New(apperr.Unauthenticated, "Please log in first.")
	}
	if strings.HasPrefix(token, TokenPrefix) {
		return s.authenticateToken(ctx, token)
	}
	sess, revoked, err := s.store.findSessionByTokenHash(ctx, hashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return authz.Actor{}, apperr.New(apperr.Unauthenticated, "Your session has ended. Please log in again.")
	}
	if err != nil {
		return authz.Actor{}, apperr.Wrap(err, "find session")
	}
	now := s.clock.Now()
	if revoked.Valid || !now.Before(sess.ExpiresAt) {
		return authz.Actor{}, apperr.New(apperr.Unauthenticated, "Your session has ended. Please log in again.")
	}
	// Sliding expiry, written at most once a minute per session.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.store.updateSessionSeen(ctx, sess.ID, now, now.Add(s.ttl)); err != nil {
			return authz.Actor{}, apperr.Wrap(err, "touch session")
		}
	}
	actor, err := s.actorOf(ctx, sess.UserID, sess.SubAccountID)
	if err != nil {
		return authz.Actor{}, err
	}
	actor.SessionID = sess.ID
	return actor, nil
}

// actorOf builds the actor of a main account, or of one of its
// sub-accounts, as it stands now: a disabled identity, or a departed or
// restricted sub-account, is refused.
func (s *Service) actorOf(ctx context.Context, userID, subID string) (authz.Actor, error) {
	user, err := s.accounts.FindUserByID(ctx, userID)
	if err != nil {
		return authz.Actor{}, err
	}
	if user.Status != account.StatusActive {
		return authz.Actor{}, apperr.New(apperr.Unauthenticated, "This account is disabled.")
	}
	actor := authz.Actor{UserID: user.ID, Roles: user.Roles}
	if subID != "" {
		sub, err := s.staff.FindForSession(ctx, subID)
		if err != nil {
			return authz.Actor{}, err
		}
		if err := sub.CanLogIn(); err != nil {
			return authz.Actor{}, apperr.New(apperr.Unauthenticated, "Your session has ended. Please log in again.")
		}
		actor = sub.Actor(actor)
		actor.Roles = nil
	}
	if s.ents != nil {
		if actor.Capabilities, actor.Certified, err = s.ents.Entitlements(ctx, user.ID); err != nil {
			return authz.Actor{}, err
		}
	}
	return actor, nil
}

// EndSubAccountSessions revokes every open session of a sub-account, in
// the caller's transaction (deactivation ends them at once).
func (s *Service) EndSubAccountSessions(ctx context.Context, subAccountID string) error {
	if err := s.store.updateSubAccountSessionsRevoked(ctx, subAccountID, s.clock.Now()); err != nil {
		return apperr.Wrap(err, "end sub-account sessions")
	}
	return nil
}

// LogOut ends the session of the actor in ctx.
func (s *Service) LogOut(ctx context.Context) error {
	if err := authz.CheckCtx(ctx, authz.LogOut, nil); err != nil {
		return err
	}
	a := authz.ActorFrom(ctx)
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		n, err := s.store.updateSessionRevoked(ctx, a.SessionID, a.UserID, s.clock.Now())
		if err != nil {
			return apperr.Wrap(err, "revoke session")
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "This session has already ended.")
		}
		return s.audit.Record(ctx, audit.Event{Action: "session.logout", ObjectType: "session", ObjectID: a.SessionID})
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n-- // never cut a character in two
	}
	return s[:n]
}
