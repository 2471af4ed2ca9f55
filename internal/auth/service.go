package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
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
	"github.com/helio-platform/helio/internal/jobs"
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
	levels   Levels
	// restrictions fills the actor's restrictions in force.
	restrictions Restrictions
	limits       config.Security
	webauthn     *webauthn.WebAuthn
	staff        *staff.Service
	jobs         *jobs.Queue
	ttl          time.Duration
	ops          OperationAccounts
	sessions     *sessionCache
	// locks is told of each automatic block of log-in security.
	locks LockListener
}

// Options configure the auth service.
type Options struct {
	// SessionTTL is how long a session lasts without being used.
	SessionTTL time.Duration
	// SessionCache is how long an authenticated session's actor may be
	// reused (each reuse checks the account's auth version); 0 disables.
	SessionCache time.Duration
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
	// Jobs runs the work a request hands off (password reset codes).
	Jobs *jobs.Queue
	// Levels fills an actor's creator level and its privileges; nil
	// leaves them empty.
	Levels Levels
	// Operations tells which store an account is bound to as an operation
	// account; nil binds none.
	Operations OperationAccounts
	// Restrictions fills the restrictions in force on an actor's account;
	// nil leaves them empty.
	Restrictions Restrictions
	// Locks is told of each automatic block of log-in security as it
	// starts; nil tells nobody.
	Locks LockListener
}

// Restrictions tells the operators' restrictions in force on an identity
// (SPEC §11).
type Restrictions interface {
	ActorRestrictions(ctx context.Context, userID string) ([]authz.Restriction, error)
}

// Levels tells an identity's creator level and what it grants (SPEC §7.3).
type Levels interface {
	ActorLevel(ctx context.Context, userID string) (authz.Level, error)
}

// Entitlements tells what an identity has been granted beyond its log-in:
// publishing capabilities, a valid creator certification, and the creator
// accounts it may act as.
type Entitlements interface {
	Entitlements(ctx context.Context, userID string) (capabilities map[string]bool, certified bool, err error)
	// CreatorAccountIDs lists the identity's creator accounts, oldest first.
	CreatorAccountIDs(ctx context.Context, userID string) ([]string, error)
}

// NewService wires the auth use cases.
func NewService(d *db.DB, a *audit.Log, c clock.Clock, accounts *account.Service, opts Options) (*Service, error) {
	s := &Service{db: d, store: store{db: d}, audit: a, clock: c, accounts: accounts, notify: opts.Notify, limits: opts.Security,
		ents: opts.Entitlements, levels: opts.Levels, restrictions: opts.Restrictions, locks: opts.Locks, ttl: opts.SessionTTL, staff: opts.Staff, jobs: opts.Jobs,
		ops: opts.Operations, sessions: newSessionCache(opts.SessionCache)}
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
	if s.jobs != nil {
		s.jobs.Handle(JobPasswordReset, s.sendResetCode)
	}
	return s, nil
}

// errBadCredentials is the one answer for an unknown login and a wrong
// password alike.
func errBadCredentials() *apperr.Error {
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
	at, sub, hash, err := s.attempt(ctx, c.Login, c.DeviceID)
	if err != nil {
		return Granted{}, err
	}
	if c.DeviceToken != "" {
		at.DeviceKey = hashToken(c.DeviceToken)
	}
	q, err := s.gate.Screen(ctx, at)
	if err != nil {
		return Granted{}, withQuota(err, q)
	}
	if err := s.checkPassword(ctx, at, sub, hash, c.Password); err != nil {
		return Granted{}, withQuota(err, q)
	}
	if err := s.gate.Admit(ctx, at); err != nil {
		return Granted{}, withQuota(err, q)
	}
	g, err := s.openSession(ctx, at.User, sub.ID, c.DeviceID, c.DeviceToken)
	g.Quota = q
	return g, err
}

// withQuota gives a refusal of a log-in that tells no quota of its own
// (a step-up, a disabled account) the quota q the attempt was screened
// against; faults stay as they are.
func withQuota(err error, q apperr.Quota) error {
	var e *apperr.Error
	if errors.As(err, &e) && e.Quota == nil && e.Code != apperr.Internal && e.Code != apperr.Unavailable {
		e.Quota = &q
	}
	return err
}

// attempt identifies what login names and describes the log-in for the
// gate, with the sub-account and the password hash to check. A login that
// names nothing is an attempt without a user, keyed by the folded name.
func (s *Service) attempt(ctx context.Context, login, deviceID string) (Attempt, staff.SubAccount, string, error) {
	req := audit.RequestFrom(ctx)
	user, sub, hash, err := s.identify(ctx, login)
	at := Attempt{User: user, SubAccountID: sub.ID, Subject: user.ID, Login: login, DeviceID: deviceID, IP: req.IP,
		Region: req.Region}
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
		at.User, at.SubAccountID = account.User{}, ""
		at.Subject = "login:" + account.NicknameKey(login)
		return at, staff.SubAccount{}, "", nil
	case err != nil:
		return at, sub, "", err
	case sub.ID != "":
		at.Subject = "sub:" + sub.ID
		at.User = reachAt(at.User, sub)
	}
	return at, sub, hash, nil
}

// reachAt is u as a log-in through sub reaches its person: a holder who
// bound a phone at real-person verification gets the codes and alerts
// there, never on the main account's phone or e-mail; before that only the
// main account's contacts exist, which then stand in.
func reachAt(u account.User, sub staff.SubAccount) account.User {
	if sub.HolderPhone != "" {
		u.Phone, u.Email = sub.HolderPhone, ""
	}
	return u
}

// checkPassword checks password against hash (a dummy hash for an attempt
// without a user), counts and audits a wrong one, and refuses a disabled
// account or a sub-account that may not log in. A hash made at a lower
// cost than configured (the main account's or the sub-account's) is raised
// on the way.
func (s *Service) checkPassword(ctx context.Context, at Attempt, sub staff.SubAccount, hash, password string) error {
	if at.User.ID == "" {
		if err := s.accounts.Hasher().VerifyDummy(password); err != nil {
			return err
		}
		return s.refuseLogIn(ctx, at, "unknown login")
	}
	ok, err := s.accounts.Hasher().Verify(password, hash)
	if err != nil {
		return err
	}
	if !ok {
		return s.refuseLogIn(ctx, at, "wrong password")
	}
	if at.User.Status != account.StatusActive {
		if err := s.recordFailure(ctx, at.User.ID, "account "+at.User.Status); err != nil {
			return err
		}
		return apperr.New(apperr.Forbidden, "This account is disabled.")
	}
	if sub.ID != "" {
		if err := sub.CanLogIn(); err != nil {
			if rerr := s.recordFailure(ctx, at.User.ID, "sub-account "+sub.Name+" "+sub.State); rerr != nil {
				return rerr
			}
			return err
		}
	}
	// The password is known right now: a hash made at a lower cost than
	// configured is stored again, the main account's or the sub-account's.
	switch {
	case !s.accounts.Hasher().NeedsRehash(hash):
		return nil
	case sub.ID != "":
		return s.staff.RehashPassword(ctx, sub, password, hash)
	default:
		return s.accounts.RehashPassword(ctx, at.User.ID, password, hash)
	}
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
// a new device or region, and audits it — in one transaction. The device
// keeps deviceToken when the server issued it (some account knows it);
// otherwise it gets a new one, returned in Granted.
func (s *Service) openSession(ctx context.Context, user account.User, subID, deviceID, deviceToken string) (Granted, error) {
	req := audit.RequestFrom(ctx)
	now := s.clock.Now()
	token, hash := newToken()
	sess := Session{ID: uuid.Must(uuid.NewV7()).String(), UserID: user.ID, SubAccountID: subID, DeviceID: deviceID, IP: req.IP,
		Region: req.Region, UserAgent: truncate(req.UserAgent, 256), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.ttl)}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if deviceToken, sess.deviceKey, err = s.deviceToken(ctx, deviceToken); err != nil {
			return err
		}
		if err := s.store.createSession(ctx, sess, hash); err != nil {
			return apperr.Wrap(err, "insert session")
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: user.ID, SubAccountID: subID, OwnerID: user.ID, Action: "session.login",
			ObjectType: "session", ObjectID: sess.ID, DeviceID: deviceID, Summary: fmt.Sprint("region ", regionName(sess.Region))}); err != nil {
			return err
		}
		return s.rememberLogIn(ctx, user, sess)
	})
	if err != nil {
		return Granted{}, err
	}
	return Granted{Session: sess, Token: token, DeviceToken: deviceToken, User: user}, nil
}

// deviceToken returns the device token a session opens on, with its hash:
// presented when the server issued it (a known device of some account),
// else a new random one, so that a client can never choose its own.
func (s *Service) deviceToken(ctx context.Context, presented string) (token, key string, err error) {
	if presented != "" {
		issued, err := s.store.findDeviceIssued(ctx, hashToken(presented))
		if err != nil {
			return "", "", apperr.Wrap(err, "find device")
		}
		if issued {
			return presented, hashToken(presented), nil
		}
	}
	token, key = newToken()
	return token, key, nil
}

// refuseLogIn counts a wrong password (or an unknown login) against the
// brute-force limits and audits the refusal, in one transaction, and answers
// the one bad-credentials error, with the quota left after this failure,
// unless that transaction failed.
func (s *Service) refuseLogIn(ctx context.Context, at Attempt, why string) error {
	var q apperr.Quota
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if q, err = s.gate.Failed(ctx, at); err != nil {
			return err
		}
		return s.recordFailure(ctx, at.User.ID, why)
	})
	if err != nil {
		return err
	}
	e := errBadCredentials()
	e.Quota = &q
	return e
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
	tokenHash, now := hashToken(token), s.clock.Now()
	if actor, ok, err := s.cachedActor(ctx, tokenHash, now); ok || err != nil {
		return actor, err
	}
	sess, revoked, err := s.store.findSessionByTokenHash(ctx, tokenHash)
	if errors.Is(err, sql.ErrNoRows) {
		return authz.Actor{}, apperr.New(apperr.Unauthenticated, "Your session has ended. Please log in again.")
	}
	if err != nil {
		return authz.Actor{}, apperr.Wrap(err, "find session")
	}
	if revoked.Valid || !now.Before(sess.ExpiresAt) {
		return authz.Actor{}, apperr.New(apperr.Unauthenticated, "Your session has ended. Please log in again.")
	}
	// The version is read before the actor is built: a change committed
	// meanwhile raises it past the cached one, so the entry is rebuilt.
	version, err := s.store.findAuthVersion(ctx, sess.UserID)
	if err != nil {
		return authz.Actor{}, apperr.Wrap(err, "find auth version")
	}
	// Sliding expiry, written at most once a minute per session.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		sess.LastSeenAt, sess.ExpiresAt = now, now.Add(s.ttl)
		s.touched(ctx, "session", s.store.updateSessionSeen(ctx, sess.ID, now, sess.ExpiresAt))
	}
	actor, err := s.actorOf(ctx, sess.UserID, sess.SubAccountID)
	if err != nil {
		return authz.Actor{}, err
	}
	actor.SessionID = sess.ID
	if acting, err := actor.ActAs(sess.ActingAccountID); err == nil {
		// An account the login no longer holds falls back to the first.
		actor = acting
	}
	s.sessions.put(tokenHash, cachedSession{sess: sess, actor: actor, version: version, built: now})
	return actor, nil
}

// SwitchAccount makes the actor's session act as another of its login's
// creator accounts from now on (authz decides which it may act as), and
// audits the switch.
func (s *Service) SwitchAccount(ctx context.Context, accountID string) error {
	actor := authz.ActorFrom(ctx)
	if err := authz.Check(actor, authz.ReadCreatorAccount, nil); err != nil {
		return err
	}
	acting, err := actor.ActAs(accountID)
	if err != nil {
		return err
	}
	if actor.SessionID == "" {
		return apperr.New(apperr.Forbidden, "Only a logged-in session switches accounts; an API client names its account in each request.")
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.updateSessionActing(ctx, actor.SessionID, acting.AccountID); err != nil {
			return apperr.Wrap(err, "switch account")
		}
		return s.audit.Record(ctx, audit.Event{Action: "session.switch_account", ObjectType: "creator_account",
			ObjectID: acting.ActingAccount()})
	})
}

// touched logs a failed best-effort touch of what (a session's or an API
// token's last use): a read must not fail because a write cannot happen now.
func (s *Service) touched(ctx context.Context, what string, err error) {
	if err != nil {
		slog.WarnContext(ctx, "touch "+what, "err", err)
	}
}

// AccountActor is the actor of a main account acting as itself, as a
// log-in would make it now (its roles, entitlements, level and
// restrictions): what a domain asks authz about when it decides for an
// account outside its requests (the settlement gate of commission).
func (s *Service) AccountActor(ctx context.Context, userID string) (authz.Actor, error) {
	return s.actorOf(ctx, userID, "")
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
		if actor.CreatorAccounts, err = s.ents.CreatorAccountIDs(ctx, user.ID); err != nil {
			return authz.Actor{}, err
		}
	}
	if s.levels != nil {
		if actor.Level, err = s.levels.ActorLevel(ctx, user.ID); err != nil {
			return authz.Actor{}, err
		}
		actor.Privileges = actor.Level.Held()
	}
	if s.ops != nil && subID == "" {
		if actor.OperationFor, err = s.ops.OperationStoreOf(ctx, user.ID); err != nil {
			return authz.Actor{}, err
		}
	}
	if s.restrictions != nil {
		if actor.Restrictions, err = s.restrictions.ActorRestrictions(ctx, user.ID); err != nil {
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

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n-- // never cut a character in two
	}
	return s[:n]
}
