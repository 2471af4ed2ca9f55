package staff

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
)

// JobDeadline is the job that restricts a sub-account whose verification
// deadline passed unverified.
const JobDeadline = "sub_account.deadline"

// SessionEnder ends every session of a sub-account (the auth service).
type SessionEnder interface {
	EndSubAccountSessions(ctx context.Context, subAccountID string) error
}

// Service holds the sub-account use cases.
type Service struct {
	db       *db.DB
	store    store
	audit    *audit.Log
	jobs     *jobs.Queue
	clock    clock.Clock
	accounts *account.Service
	within   time.Duration
	sessions SessionEnder
}

// NewService wires the sub-account use cases; verifyWithin is the
// verification deadline of a new or renewed sub-account.
func NewService(d *db.DB, a *audit.Log, q *jobs.Queue, c clock.Clock, accounts *account.Service, verifyWithin time.Duration) *Service {
	s := &Service{db: d, store: store{d}, audit: a, jobs: q, clock: c, accounts: accounts, within: verifyWithin}
	q.Handle(JobDeadline, s.enforceDeadline)
	return s
}

// EndSessionsWith sets who ends a deactivated sub-account's sessions.
func (s *Service) EndSessionsWith(e SessionEnder) { s.sessions = e }

// FindPositions lists the positions with their default permissions.
func (s *Service) FindPositions(ctx context.Context) ([]Position, error) {
	if err := authz.CheckCtx(ctx, authz.ManageSubAccounts, nil); err != nil {
		return nil, err
	}
	return s.store.findPositions(ctx)
}

// checkGrants validates perms for the actor in ctx: each must be grantable
// and one the actor itself holds, so a sub-account never gets more than its
// main account (or its granter) has.
func checkGrants(ctx context.Context, v *apperr.Validation, field string, perms []string) []authz.Permission {
	a := authz.ActorFrom(ctx)
	out := []authz.Permission{}
	for _, name := range perms {
		p := authz.Permission(name)
		if !authz.Grantable(p) {
			v.Reject(field, "%s cannot be granted", name)
			continue
		}
		if authz.Check(a, p, nil) != nil {
			v.Reject(field, "%s is not held by the granting account", name)
			continue
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// CheckGrants validates that the actor in ctx may hand out perms (to a
// sub-account or an API token), naming field in the refusal.
func CheckGrants(ctx context.Context, field string, perms []string) ([]authz.Permission, error) {
	var v apperr.Validation
	out := checkGrants(ctx, &v, field, perms)
	return out, v.Err()
}

// defaults are the permissions of position the actor in ctx may grant.
func defaults(ctx context.Context, pos Position) []authz.Permission {
	a := authz.ActorFrom(ctx)
	out := []authz.Permission{}
	for _, p := range pos.Permissions {
		if authz.Grantable(p) && authz.Check(a, p, nil) == nil {
			out = append(out, p)
		}
	}
	return out
}

// position finds the position key, rejecting an unknown one in v.
func (s *Service) position(ctx context.Context, v *apperr.Validation, key string) (Position, bool, error) {
	ps, err := s.store.findPositions(ctx)
	if err != nil {
		return Position{}, false, err
	}
	for _, p := range ps {
		if p.Key == key {
			return p, true, nil
		}
	}
	v.Reject("position", "must be one of the positions")
	return Position{}, false, nil
}

// CreateSubAccount creates a sub-account of the main account in ctx. It
// starts muted, with a verification deadline enforced by a job.
func (s *Service) CreateSubAccount(ctx context.Context, in Input) (SubAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ManageSubAccounts, nil); err != nil {
		return SubAccount{}, err
	}
	var v apperr.Validation
	if why := validName(in.Name); why.Format != "" {
		v.Reject("name", why.Format, why.Args...)
	}
	if why := s.accounts.Policy().Check(in.Password); why.Format != "" {
		v.Reject("password", why.Format, why.Args...)
	}
	pos, ok, err := s.position(ctx, &v, in.Position)
	if err != nil {
		return SubAccount{}, err
	}
	perms := checkGrants(ctx, &v, "permissions", in.Permissions)
	if in.Permissions == nil && ok {
		perms = defaults(ctx, pos)
	}
	if err := v.Err(); err != nil {
		return SubAccount{}, err
	}
	now := s.clock.Now()
	sub := SubAccount{ID: uuid.Must(uuid.NewV7()).String(), MainUserID: authz.ActorFrom(ctx).UserID, Name: in.Name,
		Position: pos.Key, Permissions: perms, Status: StatusActive, VerifyDeadline: now.Add(s.within),
		CreatedAt: now, UpdatedAt: now}
	sub.State = sub.state()
	hash, err := s.accounts.Hasher().Hash(in.Password)
	if err != nil {
		return SubAccount{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.insertSub(ctx, sub, hash); err != nil {
			return err
		}
		if err := s.scheduleDeadline(ctx, sub); err != nil {
			return err
		}
		return s.record(ctx, "sub_account.create", sub, "position "+pos.Key+"; permissions "+authz.JoinPermissions(perms))
	})
	return sub, err
}

func (s *Service) scheduleDeadline(ctx context.Context, sub SubAccount) error {
	_, err := s.jobs.Enqueue(ctx, JobDeadline, map[string]string{"id": sub.ID}, jobs.At(sub.VerifyDeadline),
		jobs.Dedupe(JobDeadline+":"+sub.ID+":"+sub.VerifyDeadline.Format(time.RFC3339Nano)))
	return err
}

func (s *Service) record(ctx context.Context, action string, sub SubAccount, summary string) error {
	return s.audit.Record(ctx, audit.Event{OwnerID: sub.MainUserID, Action: action, ObjectType: "sub_account",
		ObjectID: sub.ID, Summary: sub.Name + ": " + summary})
}

// FindSubAccounts lists the main account's sub-accounts with f's status.
func (s *Service) FindSubAccounts(ctx context.Context, f Filter) ([]SubAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ManageSubAccounts, nil); err != nil {
		return nil, err
	}
	switch f.Status {
	case "":
		f.Status = StatusActive
	case StatusActive, StatusDeparted:
	default:
		return nil, apperr.Field("status", "must be active or departed")
	}
	return s.store.findSubs(ctx, authz.ActorFrom(ctx).UserID, f.Status)
}

// FindSubAccountByID returns one sub-account of the main account in ctx.
func (s *Service) FindSubAccountByID(ctx context.Context, id string) (SubAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ManageSubAccounts, nil); err != nil {
		return SubAccount{}, err
	}
	sub, err := s.store.findSub(ctx, id)
	if err != nil {
		return sub, err
	}
	return sub, authz.CheckCtx(ctx, authz.ManageSubAccounts, sub)
}

// change loads sub-account id for the main account in ctx, lets fn change
// it, then saves and audits it, all in one transaction.
func (s *Service) change(ctx context.Context, id, action string, fn func(ctx context.Context, sub *SubAccount) (string, error)) (SubAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ManageSubAccounts, nil); err != nil {
		return SubAccount{}, err
	}
	var sub SubAccount
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if sub, err = s.store.findSub(ctx, id); err != nil {
			return err
		}
		if err := authz.CheckCtx(ctx, authz.ManageSubAccounts, sub); err != nil {
			return err
		}
		summary, err := fn(ctx, &sub)
		if err != nil {
			return err
		}
		sub.UpdatedAt = s.clock.Now()
		sub.State = sub.state()
		if err := s.store.updateSub(ctx, sub); err != nil {
			return err
		}
		return s.record(ctx, action, sub, summary)
	})
	return sub, err
}

// UpdateSubAccount changes a sub-account's position, permissions or
// password; its name never changes.
func (s *Service) UpdateSubAccount(ctx context.Context, id string, u Update) (SubAccount, error) {
	return s.change(ctx, id, "sub_account.update", func(ctx context.Context, sub *SubAccount) (string, error) {
		var v apperr.Validation
		summary := ""
		if u.Position != nil {
			pos, ok, err := s.position(ctx, &v, *u.Position)
			if err != nil {
				return "", err
			}
			if ok {
				summary += "position " + sub.Position + " → " + pos.Key + "; "
				sub.Position = pos.Key
				if u.Permissions == nil {
					sub.Permissions = defaults(ctx, pos)
				}
			}
		}
		if u.Permissions != nil {
			sub.Permissions = checkGrants(ctx, &v, "permissions", *u.Permissions)
		}
		summary += "permissions " + authz.JoinPermissions(sub.Permissions)
		if u.Password != nil {
			if why := s.accounts.Policy().Check(*u.Password); why.Format != "" {
				v.Reject("password", why.Format, why.Args...)
			}
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		if u.Password != nil {
			summary += "; password changed"
			hash, err := s.accounts.Hasher().Hash(*u.Password)
			if err != nil {
				return "", err
			}
			if err := s.store.setPassword(ctx, sub.ID, hash, s.clock.Now()); err != nil {
				return "", err
			}
		}
		return summary, nil
	})
}

// DeactivateSubAccount moves a staff member to the departed list and ends
// its sessions at once.
func (s *Service) DeactivateSubAccount(ctx context.Context, id string) (SubAccount, error) {
	return s.change(ctx, id, "sub_account.deactivate", func(ctx context.Context, sub *SubAccount) (string, error) {
		if sub.Status == StatusDeparted {
			return "", apperr.New(apperr.Conflict, "This sub-account is already deactivated.")
		}
		now := s.clock.Now()
		sub.Status, sub.DepartedAt = StatusDeparted, &now
		if s.sessions != nil {
			if err := s.sessions.EndSubAccountSessions(ctx, sub.ID); err != nil {
				return "", err
			}
		}
		return "deactivated; sessions ended", nil
	})
}

// RestoreSubAccount brings a departed staff member back under the same name.
func (s *Service) RestoreSubAccount(ctx context.Context, id string) (SubAccount, error) {
	return s.change(ctx, id, "sub_account.restore", func(ctx context.Context, sub *SubAccount) (string, error) {
		if sub.Status != StatusDeparted {
			return "", apperr.New(apperr.Conflict, "This sub-account is not deactivated.")
		}
		sub.Status, sub.DepartedAt = StatusActive, nil
		return "restored", nil
	})
}

// RenewSubAccount lifts the restriction of a sub-account that missed its
// verification deadline and gives it a new one.
func (s *Service) RenewSubAccount(ctx context.Context, id string) (SubAccount, error) {
	return s.change(ctx, id, "sub_account.renew", func(ctx context.Context, sub *SubAccount) (string, error) {
		if sub.state() != StateRestricted {
			return "", apperr.New(apperr.Conflict, "Only a restricted sub-account can be renewed.")
		}
		sub.RestrictedAt = nil
		sub.VerifyDeadline = s.clock.Now().Add(s.within)
		return "renewed until " + sub.VerifyDeadline.Format(time.RFC3339), s.scheduleDeadline(ctx, *sub)
	})
}

// enforceDeadline restricts the job's sub-account if it is still
// unverified at its deadline. Running it twice changes nothing more.
func (s *Service) enforceDeadline(ctx context.Context, j jobs.Job) error {
	var p struct{ ID string }
	if err := j.Decode(&p); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		sub, err := s.store.findSub(ctx, p.ID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		done, err := s.store.restrict(ctx, sub.ID, s.clock.Now())
		if err != nil || !done {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: sub.MainUserID, Action: "sub_account.restrict",
			ObjectType: "sub_account", ObjectID: sub.ID, Summary: sub.Name + ": verification deadline passed"})
	})
}

// FindCredentials returns the sub-account of mainUserID named name with
// its password hash, for log-in. It checks no authorization: the caller is
// the log-in use case, which has already identified the main account.
func (s *Service) FindCredentials(ctx context.Context, mainUserID, name string) (SubAccount, string, error) {
	return s.store.findCredentials(ctx, mainUserID, name)
}

// RehashPassword stores password, which a log-in of sub has just verified
// against the stored hash old, again at the hasher's current cost, unless
// the hash changed meanwhile. It is a state change of its own, audited.
// Like FindCredentials it checks no authorization: the caller is the
// log-in use case.
func (s *Service) RehashPassword(ctx context.Context, sub SubAccount, password, old string) error {
	hash, err := s.accounts.Hasher().Hash(password)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		replaced, err := s.store.replacePasswordHash(ctx, sub.ID, old, hash)
		if err != nil || !replaced {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: sub.MainUserID, SubAccountID: sub.ID, OwnerID: sub.MainUserID,
			Action: "sub_account.password_rehash", ObjectType: "sub_account", ObjectID: sub.ID,
			Summary: sub.Name + ": password hash raised to the configured argon2id cost"})
	})
}

// FindForSession returns sub-account id for building a session's actor.
func (s *Service) FindForSession(ctx context.Context, id string) (SubAccount, error) {
	return s.store.findSub(ctx, id)
}

// Me returns the sub-account of the staff member in ctx.
func (s *Service) Me(ctx context.Context) (SubAccount, error) {
	if err := authz.CheckCtx(ctx, authz.VerifySubAccount, nil); err != nil {
		return SubAccount{}, err
	}
	a := authz.ActorFrom(ctx)
	if a.SubAccountID == "" {
		return SubAccount{}, apperr.New(apperr.Forbidden, "Only a sub-account passes real-person verification here.").
			With("missing", map[string]string{"identity": "sub_account"})
	}
	return s.store.findSub(ctx, a.SubAccountID)
}

// CheckVerification validates a staff member's verification details before
// a code is sent: the ID number is valid and verifies no other sub-account
// of the same main account. It returns the normalised phone.
func (s *Service) CheckVerification(ctx context.Context, in VerificationInput) (SubAccount, string, error) {
	sub, err := s.Me(ctx)
	if err != nil {
		return sub, "", err
	}
	var v apperr.Validation
	if in.Name == "" {
		v.Reject("name", "enter the holder's real name")
	}
	number, _, why := account.ParseResidentID(in.IDNumber, s.clock.Now())
	if why.Format != "" {
		v.Reject("id_number", why.Format, why.Args...)
	}
	phone := account.NormalizePhone(in.Phone)
	if phone == "" {
		v.Reject("phone", "enter the holder's mobile number")
	}
	if sub.VerifiedAt != nil {
		return sub, "", apperr.New(apperr.Conflict, "This sub-account is already verified.")
	}
	if err := v.Err(); err != nil {
		return sub, "", err
	}
	taken, err := s.store.holderTaken(ctx, sub.MainUserID, account.CertificationKey(number), sub.ID)
	if err != nil {
		return sub, "", err
	}
	if taken {
		return sub, "", apperr.Field("id_number", "already verifies another sub-account of this main account")
	}
	return sub, phone, nil
}

// CompleteVerification records the holder of the sub-account in ctx once
// the code check passed (the caller's transaction); the sub-account is no
// longer muted.
func (s *Service) CompleteVerification(ctx context.Context, in VerificationInput) (SubAccount, error) {
	sub, phone, err := s.CheckVerification(ctx, in)
	if err != nil {
		return sub, err
	}
	number, _, _ := account.ParseResidentID(in.IDNumber, s.clock.Now())
	now := s.clock.Now()
	if err := s.store.markVerified(ctx, sub.ID, in.Name, account.CertificationKey(number), phone, now); err != nil {
		return sub, err
	}
	sub.VerifiedAt, sub.RestrictedAt = &now, nil
	sub.State = sub.state()
	return sub, s.record(ctx, "sub_account.verify", sub, "real-person verification passed")
}
