package appeal

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/notify"
)

// Options configure the appeal use cases.
type Options struct {
	// Due tells when an appeal submitted at a time is due: the review
	// queue's calendar with the appeals' SLA in working days.
	Due func(submitted time.Time) time.Time
}

// Service holds the restriction and appeal use cases. Each public method
// checks authorization first; each change is one transaction with its
// audit event and the account's notification.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	notify   *notify.Service
	clock    clock.Clock
	accounts *account.Service
	opts     Options
	store    store
	locks    LoginLocks
}

// LoginLocks ends automatic blocks of log-in security (auth's service): an
// upheld appeal, or an operator's lifting, clears the lock at once.
type LoginLocks interface {
	ClearLoginLock(ctx context.Context, userID, ref string) error
}

// NewService wires the restriction and appeal use cases.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, c clock.Clock, accounts *account.Service, opts Options) *Service {
	return &Service{db: d, audit: a, notify: n, clock: c, accounts: accounts, opts: opts, store: store{db: d, clock: c}}
}

// WithLoginLocks lets lifting an automatic restriction clear its lock (auth
// is wired after this service, since it asks it for restrictions).
func (s *Service) WithLoginLocks(l LoginLocks) { s.locks = l }

// LoginLocked records an automatic block of log-in security as an automatic
// restriction of the log-in, with its reason and expiry, in the transaction
// of the failure that started it, and tells the account (auth's
// LockListener). A block already shown is not shown twice.
func (s *Service) LoginLocked(ctx context.Context, l auth.LoginLock) error {
	// The reason is kept as its message id, shown translated.
	reason := map[string]i18n.Text{auth.LockScopeIP: i18n.T("Too many failed log-ins from this IP address"),
		auth.LockScopeDevice: i18n.T("Too many failed log-ins from this device")}[l.Scope].Format
	until := l.Until.UTC()
	r := Restriction{ID: newID(), AccountID: l.UserID, Kind: authz.RestrictLogin, Source: SourceAutomatic, Reason: reason,
		BlockedFrom: l.From, ExpiresAt: &until, CreatedBy: audit.System, CreatedAt: s.clock.Now(), Active: true, lockRef: l.Ref}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if shown, err := s.store.findActiveLock(ctx, l.UserID, l.Ref); err != nil || shown != "" {
			return err
		}
		if err := s.store.createRestriction(ctx, r); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: l.UserID, Action: "restriction.create",
			ObjectType: "restriction", ObjectID: r.ID, Summary: "automatic " + r.Kind + ": " + reason}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, l.UserID, "restriction.created", i18n.T("Log-ins to your account are blocked for a while").Format,
			i18n.T("Open Restrictions to see the reason and to appeal.").Format, nil)
	})
}

// LoginLockEnded ends the automatic restriction in force for the lock ref
// names on userID's account, in the transaction that cleared the lock,
// audited (auth's LockListener): it then expires now, and shows as any
// expired block does. A lock with no restriction in force (ended already,
// or lifted) is left alone.
func (s *Service) LoginLockEnded(ctx context.Context, userID, ref string) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		id, err := s.store.findActiveLock(ctx, userID, ref)
		if err != nil || id == "" {
			return err
		}
		ended, err := s.store.updateRestrictionExpired(ctx, id, s.clock.Now())
		if err != nil || !ended {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: userID, Action: "restriction.end",
			ObjectType: "restriction", ObjectID: id, Summary: "automatic " + authz.RestrictLogin + " ended: log-in lock cleared"})
	})
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// ActorRestrictions are the restrictions in force on userID as
// authorization needs them. auth calls it for every authenticated request,
// so a restriction (and its lifting) takes effect on the account's next
// request.
func (s *Service) ActorRestrictions(ctx context.Context, userID string) ([]authz.Restriction, error) {
	rs, err := s.store.findActiveRestrictions(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]authz.Restriction, len(rs))
	for i, r := range rs {
		out[i] = authz.Restriction{ID: r.ID, Kind: r.Kind, Reason: r.Reason}
	}
	return out, nil
}

// resolveAccount finds the account an operator names by id or by log-in
// name (phone, e-mail or nickname).
func (s *Service) resolveAccount(ctx context.Context, name string) (account.User, error) {
	u, err := s.accounts.FindUserByID(ctx, name)
	if apperr.CodeOf(err) == apperr.NotFound {
		u, _, err = s.accounts.FindCredentials(ctx, name)
	}
	if apperr.CodeOf(err) == apperr.NotFound {
		return account.User{}, apperr.Field("account_id", "no account has this id or log-in name")
	}
	return u, err
}

// CreateRestriction restricts an account (operators). An account holds at
// most one restriction of each kind in force; operators' own accounts are
// managed by administrators, not restricted.
func (s *Service) CreateRestriction(ctx context.Context, in RestrictionInput) (Restriction, error) {
	if err := authz.CheckCtx(ctx, authz.RestrictAccount, nil); err != nil {
		return Restriction{}, err
	}
	if err := in.validate(); err != nil {
		return Restriction{}, err
	}
	u, err := s.resolveAccount(ctx, in.AccountID)
	if err != nil {
		return Restriction{}, err
	}
	if u.IsOperator() {
		return Restriction{}, apperr.Field("account_id", "an operator's account cannot be restricted")
	}
	r := Restriction{ID: newID(), AccountID: u.ID, Kind: in.Kind, Source: SourceOperator, Reason: in.Reason,
		CreatedBy: authz.ActorFrom(ctx).UserID, CreatedAt: s.clock.Now(), Active: true}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, found, err := s.store.findActiveRestriction(ctx, u.ID, in.Kind); err != nil || found {
			if found {
				return apperr.New(apperr.Conflict, "This account already has a restriction of this kind in force.")
			}
			return err
		}
		if err := s.store.createRestriction(ctx, r); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: u.ID, Action: "restriction.create", ObjectType: "restriction",
			ObjectID: r.ID, Summary: r.Kind + ": " + r.Reason}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, u.ID, "restriction.created", i18n.T("Your account is restricted").Format,
			i18n.T("Open Restrictions to see the reason and to appeal.").Format, nil)
	})
	if err != nil {
		return Restriction{}, err
	}
	return s.named(ctx, r)
}

// LiftRestriction lifts a restriction in force (operators), with a reason
// the account sees.
func (s *Service) LiftRestriction(ctx context.Context, id string, in LiftInput) (Restriction, error) {
	if err := authz.CheckCtx(ctx, authz.LiftRestriction, nil); err != nil {
		return Restriction{}, err
	}
	if err := validateDecisionReason(in.Reason, true); err != nil {
		return Restriction{}, err
	}
	var out Restriction
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.store.findRestriction(ctx, id)
		if err != nil {
			return err
		}
		if err := s.lift(ctx, r, in.Reason); err != nil {
			return err
		}
		out, err = s.store.findRestriction(ctx, id)
		return err
	})
	if err != nil {
		return Restriction{}, err
	}
	return s.named(ctx, out)
}

// lift lifts r in the caller's transaction, audited, telling the account;
// an automatic restriction's log-in lock is cleared with it.
func (s *Service) lift(ctx context.Context, r Restriction, reason string) error {
	ok, err := s.store.updateRestrictionLifted(ctx, r.ID, authz.ActorFrom(ctx).UserID, reason, s.clock.Now())
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Conflict, "This restriction has already been lifted.")
	}
	if r.Automatic() && s.locks != nil {
		if err := s.locks.ClearLoginLock(ctx, r.AccountID, r.lockRef); err != nil {
			return err
		}
	}
	if err := s.audit.Record(ctx, audit.Event{OwnerID: r.AccountID, Action: "restriction.lift", ObjectType: "restriction",
		ObjectID: r.ID, Summary: reason}); err != nil {
		return err
	}
	return s.notify.Notify(ctx, r.AccountID, "restriction.lifted", i18n.T("A restriction on your account was lifted").Format,
		i18n.T("Open Restrictions to see what changed.").Format, nil)
}

// RestrictionFilter selects restrictions for operators: of one account
// (empty for all), only those in force (not lifted, not expired) when
// Active.
type RestrictionFilter struct {
	AccountID string
	Active    bool
	Page      db.Page
}

// FindRestrictions lists restrictions newest first (operators).
func (s *Service) FindRestrictions(ctx context.Context, f RestrictionFilter) ([]Restriction, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadAllRestrictions, nil); err != nil {
		return nil, "", err
	}
	var w db.Where
	if f.AccountID != "" {
		w.Add("account_id = ?", f.AccountID)
	}
	if f.Active {
		w.Add("lifted_at IS NULL")
		w.Add("(expires_at IS NULL OR expires_at > ?)", s.clock.Now())
	}
	return s.restrictionPage(ctx, w, f.Page)
}

// FindMyRestrictions lists the restrictions of the actor's account, newest
// first, in force or lifted, each with its latest appeal.
func (s *Service) FindMyRestrictions(ctx context.Context, page db.Page) ([]Restriction, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadRestrictions, nil); err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("account_id = ?", authz.ActorFrom(ctx).UserID)
	return s.restrictionPage(ctx, w, page)
}

// restrictionPage is one page of the restrictions w selects, named and
// with their latest appeals.
func (s *Service) restrictionPage(ctx context.Context, w db.Where, page db.Page) ([]Restriction, string, error) {
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	if !after.IsZero() {
		w.Keyset("created_at, id", "<", after.Time, after.ID)
	}
	rs, err := s.store.findRestrictions(ctx, w, limit)
	if err != nil {
		return nil, "", err
	}
	rs, next := db.Trim(rs, limit, func(r Restriction) (time.Time, string) { return r.CreatedAt, r.ID })
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	appeals, err := s.store.findLatestAppeals(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	for i := range rs {
		if a, ok := appeals[rs[i].ID]; ok {
			rs[i].Appeal = &a
		}
	}
	return rs, next, s.nameRestrictions(ctx, rs)
}

// named is r with its account's nickname.
func (s *Service) named(ctx context.Context, r Restriction) (Restriction, error) {
	rs := []Restriction{r}
	err := s.nameRestrictions(ctx, rs)
	return rs[0], err
}

// nameRestrictions fills each restriction's account nickname.
func (s *Service) nameRestrictions(ctx context.Context, rs []Restriction) error {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.AccountID
	}
	names, err := s.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rs {
		rs[i].Account = names[rs[i].AccountID].Nickname
	}
	return nil
}
