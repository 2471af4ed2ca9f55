package account

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/notify"
)

// Service holds the use cases of login identities. Each public method is one
// transaction and checks authorization first.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	notify *notify.Service
	clock  clock.Clock
	policy PasswordPolicy
	hasher *Hasher
	store  store
}

// NewService wires the account use cases.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, c clock.Clock, p PasswordPolicy, h *Hasher) *Service {
	return &Service{db: d, audit: a, notify: n, clock: c, policy: p, hasher: h, store: store{db: d}}
}

// Policy returns the password policy in force.
func (s *Service) Policy() PasswordPolicy { return s.policy }

// Hasher returns the password hasher (the auth domain verifies with it).
func (s *Service) Hasher() *Hasher { return s.hasher }

// SignUp creates a login identity and welcomes it in the message centre.
func (s *Service) SignUp(ctx context.Context, in SignUp) (User, error) {
	if err := authz.CheckCtx(ctx, authz.SignUp, nil); err != nil {
		return User{}, err
	}
	phone, email, err := in.validate(s.policy)
	if err != nil {
		return User{}, err
	}
	now := s.clock.Now()
	u := User{ID: uuid.Must(uuid.NewV7()).String(), Nickname: in.Nickname, Phone: phone, Email: email,
		Status: StatusActive, Roles: []string{}, CreatedAt: now}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return User{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.insertUser(ctx, u, hash); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: u.ID, OwnerID: u.ID, Action: "account.sign_up",
			ObjectType: "user", ObjectID: u.ID, Summary: "signed up as " + u.Nickname}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, u.ID, "welcome", "Welcome to Helio",
			"Open a creator account to start publishing.", nil)
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// FindUserByID returns the identity with id.
func (s *Service) FindUserByID(ctx context.Context, id string) (User, error) {
	return s.store.findUser(ctx, `id = ?`, id)
}

// Me returns the identity of the actor in ctx.
func (s *Service) Me(ctx context.Context) (User, error) {
	if err := authz.CheckCtx(ctx, authz.ReadProfile, nil); err != nil {
		return User{}, err
	}
	return s.FindUserByID(ctx, authz.ActorFrom(ctx).UserID)
}

// FindCredentials finds the identity a log-in name designates — a phone,
// an e-mail or a nickname — with its password hash. It answers NotFound for
// anything else; the caller must not reveal which.
func (s *Service) FindCredentials(ctx context.Context, login string) (User, string, error) {
	login = strings.TrimSpace(login)
	var where, arg string
	switch {
	case login == "":
		return User{}, "", apperr.New(apperr.NotFound, "Not found.")
	case NormalizePhone(login) != "":
		where, arg = `phone = ?`, NormalizePhone(login)
	case NormalizeEmail(login) != "":
		where, arg = `email_key = ?`, NormalizeEmail(login)
	default:
		where, arg = `nickname_key = ?`, NicknameKey(login)
	}
	return s.store.findCredentials(ctx, where, arg)
}

// Operator is the input of CreateOperator. The e-mail is optional but
// wanted: step-up verification of a new device sends its code there.
type Operator struct {
	Login    string
	Password string
	Roles    []string
	Email    string
}

// CreateOperator creates a platform operator with the given roles, or gives
// an existing identity with that nickname the roles and a new password. It
// is run by the `helio admin` command, outside any request, and audited as
// the system.
func (s *Service) CreateOperator(ctx context.Context, op Operator) (User, error) {
	login, password, roles := op.Login, op.Password, op.Roles
	var v apperr.Validation
	validateNickname(&v, login)
	email := ""
	if op.Email != "" {
		if email = NormalizeEmail(op.Email); email == "" {
			v.Reject("email", "must be an e-mail address such as name@example.com")
		}
	}
	if msg := s.policy.Check(password); msg.Format != "" {
		v.Reject("password", msg.Format, msg.Args...)
	}
	if len(roles) == 0 {
		v.Reject("roles", "give at least one role: %s", strings.Join(authz.OperatorRoles, ", "))
	}
	for _, r := range roles {
		if !slices.Contains(authz.OperatorRoles, r) {
			v.Reject("roles", "unknown role %s; known roles: %s", r, strings.Join(authz.OperatorRoles, ", "))
		}
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		existing, err := s.store.findUser(ctx, `nickname_key = ?`, NicknameKey(login))
		switch {
		case err == nil:
			u = existing
			if err := s.store.setPassword(ctx, u.ID, hash, s.clock.Now()); err != nil {
				return err
			}
			if email != "" && email != u.Email {
				if err := s.store.setEmail(ctx, u.ID, email, s.clock.Now()); err != nil {
					return err
				}
				u.Email = email
			}
		case apperr.CodeOf(err) == apperr.NotFound:
			u = User{ID: uuid.Must(uuid.NewV7()).String(), Nickname: login, Email: email, Status: StatusActive, CreatedAt: s.clock.Now()}
			if err := s.store.insertUser(ctx, u, hash); err != nil {
				return err
			}
		default:
			return err
		}
		if err := s.store.setRoles(ctx, u.ID, roles); err != nil {
			return err
		}
		u.Roles = roles
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: u.ID, Action: "operator.create",
			ObjectType: "user", ObjectID: u.ID, Summary: "roles: " + strings.Join(roles, ", ")})
	})
	return u, err
}

// FindIdentities returns the public part of the identities among ids, by
// id; unknown ids are left out. Other domains call it to show who did
// something (no permission: they decide what to show).
func (s *Service) FindIdentities(ctx context.Context, ids []string) (map[string]Identity, error) {
	return s.store.findIdentities(ctx, ids)
}

// DeriveNickname rewrites a Tmall-style store's name into its account
// nickname by the first matching rule of the nickname_rules table.
func (s *Service) DeriveNickname(ctx context.Context, storeName string) (string, error) {
	rules, err := s.store.findNicknameRules(ctx)
	if err != nil {
		return "", err
	}
	return DeriveNickname(storeName, rules), nil
}

// Count returns how many identities exist (for the back office).
func (s *Service) Count(ctx context.Context) (int, error) {
	if err := authz.CheckCtx(ctx, authz.ViewBackoffice, nil); err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, apperr.Wrap(err, "count users")
	}
	return n, nil
}

// errNotFound is the answer for an identity that does not exist.
var errNotFound = apperr.New(apperr.NotFound, "User not found.")

// IsNotFound reports whether err says an identity does not exist.
func IsNotFound(err error) bool { return errors.Is(err, errNotFound) }

// RekeyNicknames recomputes the nickname keys a migration marked stale
// (db.Rekey). An identity whose nickname now folds to an older one's key
// keeps its nickname but no longer logs in by it (phone or e-mail still
// work); each such case is recorded in the audit trail as the system's.
func (s *Service) RekeyNicknames(ctx context.Context) error {
	err := s.db.Rekey(ctx, db.KeyColumn{Table: "users", ID: "id", Source: "nickname", Key: "nickname_key", Derive: NicknameKey,
		Collided: func(ctx context.Context, id string) error {
			return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: id, Action: "user.nickname_collision",
				ObjectType: "user", ObjectID: id, Summary: "nickname looks like an older identity's; it no longer logs in by nickname"})
		}})
	return apperr.WrapIf(err, "rekey nicknames")
}
