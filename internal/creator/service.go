package creator

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/media"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/notify"
)

// Job kinds of creator accounts. The names keep the "account." prefix of
// the jobs already queued before creator accounts had their own package.
const (
	// ProfileChangeKind applies a pending profile change at its time.
	ProfileChangeKind = "account.profile_change"
	// CertificationExpiryKind expires an approved certification.
	CertificationExpiryKind = "account.certification_expiry"
)

// Options are the configured numbers of creator accounts.
type Options struct {
	NameChangeInterval    time.Duration
	MinAge                int
	CertificationValidity time.Duration
	// Providers are the payout provider adapters by which payout accounts
	// are verified.
	Providers []PayoutProvider
}

// Service holds the use cases of payout accounts, real-name data, shops,
// brand entries, creator accounts and their profiles, certification
// and capabilities, and the review actions operators take on them. Each
// public method is one transaction and checks authorization first.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	notify    *notify.Service
	jobs      *jobs.Queue
	clock     clock.Clock
	media     *media.Service
	accounts  *account.Service
	rules     *moderation.Service
	opts      Options
	providers map[string]PayoutProvider
	store     store
	// profiles keeps public profiles by the id asked for while their
	// version holds (profile_versions, migration 035).
	profiles *db.VersionedCache[Profile]
}

// NewService wires the creator use cases over the login identities of
// accounts and the profile-scope rules of moderation, and registers their
// job handlers on q.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, q *jobs.Queue, c clock.Clock, m *media.Service,
	accounts *account.Service, rules *moderation.Service, opts Options) *Service {
	s := &Service{db: d, audit: a, notify: n, jobs: q, clock: c, media: m, accounts: accounts, rules: rules, opts: opts,
		providers: map[string]PayoutProvider{}, store: store{db: d},
		profiles: db.NewVersionedCache[Profile](d, "profile_versions", "id", profileCacheSize)}
	for _, p := range opts.Providers {
		s.providers[p.Name()] = p
	}
	q.Handle(ProfileChangeKind, s.applyProfileChange)
	q.Handle(CertificationExpiryKind, s.expireCertification)
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// BindPayout binds (or replaces) the actor's payout account once its
// provider has verified it.
func (s *Service) BindPayout(ctx context.Context, in PayoutAccount) (PayoutAccount, error) {
	if err := authz.CheckCtx(ctx, authz.BindPayout, nil); err != nil {
		return PayoutAccount{}, err
	}
	in.AccountID, in.HolderName = strings.TrimSpace(in.AccountID), strings.TrimSpace(in.HolderName)
	if err := in.validate(s.providers); err != nil {
		return PayoutAccount{}, err
	}
	if err := s.providers[in.Provider].Verify(ctx, in); err != nil {
		return PayoutAccount{}, err
	}
	in.VerifiedAt = s.clock.Now()
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		a := authz.ActorFrom(ctx)
		if err := s.store.upsertPayout(ctx, a.UserID, in); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "payout.bind", ObjectType: "payout_account", ObjectID: a.UserID,
			Summary: in.Provider + " " + in.HolderType})
	})
	return in, err
}

// FindPayoutAccount returns the actor's payout account.
func (s *Service) FindPayoutAccount(ctx context.Context) (PayoutAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ReadPayout, nil); err != nil {
		return PayoutAccount{}, err
	}
	return s.store.findPayout(ctx, authz.ActorFrom(ctx).UserID)
}

// VerifyRealName checks and records the actor's real-name data: a person's
// resident ID number (check digit, date of birth) or an enterprise's
// unified social credit code (check character).
func (s *Service) VerifyRealName(ctx context.Context, in RealNameInput) (RealName, error) {
	if err := authz.CheckCtx(ctx, authz.VerifyRealName, nil); err != nil {
		return RealName{}, err
	}
	r, err := in.validate(s.clock.Now())
	if err != nil {
		return RealName{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		a := authz.ActorFrom(ctx)
		if err := s.store.upsertRealName(ctx, a.UserID, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "real_name.verify", ObjectType: "real_name", ObjectID: a.UserID,
			Summary: r.Kind + " " + r.Number})
	})
	return r, err
}

// FindRealName returns the actor's real-name record (number masked).
func (s *Service) FindRealName(ctx context.Context) (RealName, error) {
	if err := authz.CheckCtx(ctx, authz.ReadCreatorAccount, nil); err != nil {
		return RealName{}, err
	}
	return s.store.findRealName(ctx, authz.ActorFrom(ctx).UserID, s.clock.Now())
}

// RegisterShop records a marketplace shop for an identity (operators and
// the marketplace's integration; a merchant account needs a shop).
func (s *Service) RegisterShop(ctx context.Context, sh Shop) (Shop, error) {
	if err := authz.CheckCtx(ctx, authz.RegisterShop, nil); err != nil {
		return Shop{}, err
	}
	var v apperr.Validation
	sh.Name = strings.TrimSpace(sh.Name)
	if n := utf8.RuneCountInString(sh.Name); n < 2 || n > 60 {
		v.Reject("name", "must be 2 to 60 characters")
	}
	if sh.Kind != ShopTaobao && sh.Kind != ShopTmall {
		v.Reject("kind", "must be taobao or tmall")
	}
	if err := v.Err(); err != nil {
		return Shop{}, err
	}
	sh.ID, sh.CreatedAt = newID(), s.clock.Now()
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.accounts.FindUserByID(ctx, sh.UserID); account.IsNotFound(err) {
			return apperr.Field("user_id", "is not a known identity")
		} else if err != nil {
			return err
		}
		if err := s.store.insertShop(ctx, sh); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: sh.UserID, Action: "shop.register", ObjectType: "shop",
			ObjectID: sh.ID, Summary: sh.Kind + " " + sh.Name})
	})
	return sh, err
}

// SubmitBrandEntry applies to the brand programme with documents.
func (s *Service) SubmitBrandEntry(ctx context.Context, brandName string, documents []string) (BrandEntry, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitBrandEntry, nil); err != nil {
		return BrandEntry{}, err
	}
	var v apperr.Validation
	brandName = strings.TrimSpace(brandName)
	if n := utf8.RuneCountInString(brandName); n < 2 || n > 60 {
		v.Reject("brand_name", "must be 2 to 60 characters")
	}
	s.checkDocuments(ctx, &v, "documents", documents, 1)
	if err := v.Err(); err != nil {
		return BrandEntry{}, err
	}
	b := BrandEntry{BrandName: brandName, Application: s.newApplication(authz.ActorFrom(ctx).UserID, documents)}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.insertBrandEntry(ctx, b); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "brand_entry.submit", ObjectType: "brand_entry", ObjectID: b.ID,
			Summary: brandName})
	})
	return b, err
}

// checkDocuments rejects field unless ids holds at least min and at most 10
// distinct documents the actor uploaded.
func (s *Service) checkDocuments(ctx context.Context, v *apperr.Validation, field string, ids []string, min int) {
	switch {
	case len(ids) < min:
		v.Reject(field, "upload at least %d document", min)
	case len(ids) > 10:
		v.Reject(field, "give at most %d documents", 10)
	case len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids):
		v.Reject(field, "lists a document twice")
	default:
		if err := s.media.CheckOwned(ctx, field, media.PurposeDocument, ids); err != nil {
			v.Reject(field, "%s", apperr.From(err).Fields[field])
		}
	}
}

// check builds one Check in the request's language.
func check(ctx context.Context, name string, passed bool, msg i18n.Text, link string) Check {
	c := Check{Name: name, State: CheckFailed, Message: msg.In(i18n.FromContext(ctx)), Link: link}
	if passed {
		c.State, c.Link = CheckPassed, ""
	}
	return c
}

// Checks answers the checks of SPEC §2.2 for the actor opening an account
// of type typ, each with its state and where to fix it.
func (s *Service) Checks(ctx context.Context, typ string) ([]Check, error) {
	if err := authz.CheckCtx(ctx, authz.OpenCreatorAccount, nil); err != nil {
		return nil, err
	}
	checks, _, _, err := s.checks(ctx, typ, "")
	return checks, err
}

// checks evaluates the opening checks and returns the subject type and the
// shop (for merchants) they found.
func (s *Service) checks(ctx context.Context, typ, shopID string) ([]Check, string, *Shop, error) {
	userID, now := authz.ActorFrom(ctx).UserID, s.clock.Now()
	payout, perr := s.store.findPayout(ctx, userID)
	real, rerr := s.store.findRealName(ctx, userID, now)
	for _, err := range []error{perr, rerr} {
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return nil, "", nil, err
		}
	}
	hasPayout, hasReal := perr == nil, rerr == nil
	out := []Check{
		check(ctx, "payout_account", hasPayout, i18n.T("Bind a payout account."), "/verification#payout"),
		check(ctx, "real_name", hasReal, i18n.T("Verify your real name or your enterprise."), "/verification#real-name"),
		check(ctx, "identity", hasPayout && hasReal && payout.HolderName == real.Name && payout.HolderType == real.Subject(),
			i18n.T("The payout account's holder must be the verified subject (same name and type)."), "/verification#payout"),
	}
	subject := real.Subject()
	if hasReal && subject == SubjectIndividual {
		out = append(out, check(ctx, "age", real.Age >= s.opts.MinAge,
			i18n.T("You must be %d or older to open a creator account.", s.opts.MinAge), "/verification#real-name"))
	}
	if hasReal && subject == SubjectIndividual {
		existing, err := s.store.findCreatorAccounts(ctx, userID)
		if err != nil {
			return nil, "", nil, err
		}
		out = append(out, check(ctx, "one_account", len(existing) == 0,
			i18n.T("An individual subject may open one creator account."), "/creator"))
	}
	var shop *Shop
	switch typ {
	case TypeMerchant:
		shops, err := s.store.findShops(ctx, userID)
		if err != nil {
			return nil, "", nil, err
		}
		for i := range shops {
			if shopID == "" || shops[i].ID == shopID {
				shop = &shops[i]
				break
			}
		}
		out = append(out, check(ctx, "shop", shop != nil, i18n.T("A merchant account needs an open shop on the marketplace."), ""))
	case TypeBrand:
		ok, err := s.store.hasApprovedBrand(ctx, userID)
		if err != nil {
			return nil, "", nil, err
		}
		out = append(out, check(ctx, "brand_entry", ok, i18n.T("A brand account needs a brand entry approved by an operator."),
			"/verification#brand-entry"))
	}
	return out, subject, shop, nil
}

// profileRules returns the enabled moderation rules of names and bios.
func (s *Service) profileRules(ctx context.Context) ([]moderation.Rule, error) {
	return s.rules.EnabledRules(ctx, moderation.ScopeProfile)
}

// OpenCreatorAccount opens a creator, merchant or brand account for the
// actor after the checks of SPEC §2.2 pass; when one fails the answer lists
// every check with its state (details "checks"). A Tmall-style store's
// account takes the nickname derived from the store name.
func (s *Service) OpenCreatorAccount(ctx context.Context, in OpenInput) (CreatorAccount, error) {
	if err := authz.CheckCtx(ctx, authz.OpenCreatorAccount, nil); err != nil {
		return CreatorAccount{}, err
	}
	var v apperr.Validation
	if !slices.Contains(AccountTypes, in.Type) {
		v.Reject("type", "must be creator, merchant or brand")
	}
	rules, err := s.profileRules(ctx)
	if err != nil {
		return CreatorAccount{}, err
	}
	validateBio(&v, in.Bio)
	checkProfileText(&v, "bio", in.Bio, rules)
	if in.Avatar != "" {
		if err := s.media.CheckOwned(ctx, "avatar", media.PurposeAvatar, []string{in.Avatar}); err != nil {
			return CreatorAccount{}, err
		}
	}
	var acct CreatorAccount
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		checks, subject, shop, err := s.checks(ctx, in.Type, in.ShopID)
		if err != nil {
			return err
		}
		name := in.Name
		locked := shop != nil && shop.Kind == ShopTmall
		if locked {
			if name, err = s.accounts.DeriveNickname(ctx, shop.Name); err != nil {
				return err
			}
		}
		account.ValidateName(&v, "name", name)
		if !v.Has("name") {
			checkProfileText(&v, "name", name, rules)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if failed := failedChecks(checks); failed != nil {
			return failed.With("checks", checks)
		}
		now := s.clock.Now()
		acct = CreatorAccount{ID: newID(), UserID: authz.ActorFrom(ctx).UserID, Type: in.Type, SubjectType: subject,
			Name: name, NameLocked: locked, Avatar: in.Avatar, Bio: in.Bio, NameChangedAt: now, CreatedAt: now,
			Pending: []ProfileChange{}}
		if shop != nil {
			acct.ShopID = shop.ID
		}
		if acct.Avatar != "" {
			acct.AvatarURL = media.URLOf(acct.Avatar)
		}
		if err := s.store.insertCreatorAccount(ctx, acct); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{Action: "creator_account.open", ObjectType: "creator_account",
			ObjectID: acct.ID, Summary: acct.Type + " " + acct.Name}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, acct.UserID, "creator_account.opened", "Your creator account is open",
			"Apply for certification to start publishing.", nil)
	})
	return acct, err
}

// failedChecks turns the failed checks into one error with a field each,
// or nil when all passed.
func failedChecks(checks []Check) *apperr.Error {
	e := &apperr.Error{Code: apperr.Invalid, Message: i18n.T("Some checks before opening failed; fix them and try again."),
		Fields: map[string]i18n.Text{}}
	for _, c := range checks {
		if c.State == CheckFailed {
			e.Fields[c.Name] = i18n.T("%s", c.Message)
		}
	}
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// FindCreatorAccountByID returns one of the actor's creator accounts.
func (s *Service) FindCreatorAccountByID(ctx context.Context, id string) (CreatorAccount, error) {
	c, err := s.store.findCreatorAccount(ctx, id)
	if err != nil {
		return CreatorAccount{}, err
	}
	if err := authz.CheckCtx(ctx, authz.ReadCreatorAccount, c); err != nil {
		return CreatorAccount{}, err
	}
	return c, nil
}

// FindCreatorAccounts lists the actor's creator accounts, oldest first.
func (s *Service) FindCreatorAccounts(ctx context.Context) ([]CreatorAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ReadCreatorAccount, nil); err != nil {
		return nil, err
	}
	return s.store.findCreatorAccounts(ctx, authz.ActorFrom(ctx).UserID)
}

// UpdateCreatorAccount changes a creator account's avatar and bio at once,
// and its name at once or, with a future EffectiveAt, at that time (a job
// applies it). A derived (Tmall-style) name never changes; other names at
// most once per configured interval.
func (s *Service) UpdateCreatorAccount(ctx context.Context, id string, in UpdateInput) (CreatorAccount, error) {
	var out CreatorAccount
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findCreatorAccount(ctx, id)
		if err != nil {
			return err
		}
		if err := authz.CheckCtx(ctx, authz.UpdateCreatorAccount, c); err != nil {
			return err
		}
		rules, err := s.profileRules(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		var v apperr.Validation
		if in.Bio != nil {
			validateBio(&v, *in.Bio)
			checkProfileText(&v, "bio", *in.Bio, rules)
			c.Bio = *in.Bio
		}
		if in.Avatar != nil && *in.Avatar != "" {
			if err := s.media.CheckOwned(ctx, "avatar", media.PurposeAvatar, []string{*in.Avatar}); err != nil {
				return err
			}
			c.Avatar, c.AvatarURL = *in.Avatar, media.URLOf(*in.Avatar)
		}
		var pending *ProfileChange
		if in.Name != nil && *in.Name != c.Name {
			pending = s.checkNameChange(ctx, &v, c, *in.Name, rules, now)
			if in.EffectiveAt != nil && in.EffectiveAt.After(now) {
				pending.EffectiveAt = in.EffectiveAt.UTC().Truncate(time.Microsecond)
			} else {
				c.Name, c.NameChangedAt, pending = *in.Name, now, nil
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.store.updateCreatorAccount(ctx, c, now); err != nil {
			return err
		}
		if pending != nil {
			if err := s.store.insertProfileChange(ctx, c.ID, *pending, now); err != nil {
				return err
			}
			if _, err := s.jobs.Enqueue(ctx, ProfileChangeKind, map[string]string{"change_id": pending.ID},
				jobs.At(pending.EffectiveAt), jobs.Dedupe(ProfileChangeKind+":"+pending.ID)); err != nil {
				return apperr.Wrap(err, "schedule profile change")
			}
		}
		if err := s.audit.Record(ctx, audit.Event{Action: "creator_account.update", ObjectType: "creator_account",
			ObjectID: c.ID, Summary: "name " + c.Name}); err != nil {
			return err
		}
		out, err = s.store.findCreatorAccount(ctx, c.ID)
		return err
	})
	return out, err
}

// checkNameChange checks a new name into v and returns the change to make.
func (s *Service) checkNameChange(ctx context.Context, v *apperr.Validation, c CreatorAccount, name string, rules []moderation.Rule, now time.Time) *ProfileChange {
	ch := &ProfileChange{ID: newID(), Field: "name", Value: name, EffectiveAt: now}
	if c.NameLocked {
		v.Reject("name", "is derived from the store name and cannot be changed")
		return ch
	}
	if next := c.NameChangedAt.Add(s.opts.NameChangeInterval); now.Before(next) {
		v.Reject("name", "was changed recently; it can be changed again from %s", next.Format(time.DateOnly))
		return ch
	}
	for _, p := range c.Pending {
		if p.Field == "name" {
			v.Reject("name", "a name change is already scheduled for %s", p.EffectiveAt.Format(time.DateOnly))
			return ch
		}
	}
	account.ValidateName(v, "name", name)
	if v.Has("name") {
		return ch
	}
	if checkProfileText(v, "name", name, rules) {
		return ch
	}
	if taken, err := s.store.nameInUse(ctx, name, c.ID); err != nil || taken {
		v.Reject("name", "is already taken by another account")
	}
	return ch
}

// applyProfileChange is the ProfileChangeKind job: it applies a pending
// change at its time, or records why it could not (the name was taken in
// the meantime). Running it twice changes nothing more.
func (s *Service) applyProfileChange(ctx context.Context, j jobs.Job) error {
	var p struct {
		ChangeID string `json:"change_id"`
	}
	if err := j.Decode(&p); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		ch, accountID, done, err := s.store.findProfileChange(ctx, p.ChangeID)
		if err != nil || done {
			return err
		}
		c, err := s.store.findCreatorAccount(ctx, accountID)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		c.Name, c.NameChangedAt = ch.Value, now
		outcome, title := "applied", i18n.T("Your new account name is in effect")
		if taken, err := s.store.nameInUse(ctx, ch.Value, c.ID); err != nil {
			return err
		} else if taken {
			outcome, title = "refused", i18n.T("Your scheduled name change could not be made: the name was taken")
		} else if err := s.store.updateCreatorAccount(ctx, c, now); err != nil {
			return err
		}
		if err := s.store.finishProfileChange(ctx, ch.ID, outcome, now); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: c.UserID, Action: "creator_account.profile_change",
			ObjectType: "creator_account", ObjectID: c.ID, Summary: outcome + ": name " + ch.Value}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, c.UserID, "creator_account.profile_change", title.Format, "Open your creator account to see its profile.", nil)
	})
}

// newApplication starts an application of userID, submitted now.
func (s *Service) newApplication(userID string, documents []string) Application {
	if documents == nil {
		documents = []string{}
	}
	return Application{ID: newID(), UserID: userID, Documents: documents, Status: StatusSubmitted, SubmittedAt: s.clock.Now()}
}

// FindProfile returns the public profile of an active account. It is public
// information: no permission is needed.
func (s *Service) FindProfile(ctx context.Context, userID string) (Profile, error) {
	found, err := s.FindProfiles(ctx, []string{userID})
	if err != nil {
		return Profile{}, err
	}
	p, ok := found[userID]
	if !ok {
		return Profile{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Account"))
	}
	return p, nil
}

// profileCacheSize bounds the public profiles one process keeps.
const profileCacheSize = 50_000

// FindProfiles returns the public profiles of the active accounts among ids,
// by the id asked for; unknown or disabled accounts are left out. An id is
// a login's (its first creator account, if any) or a creator account's; a
// login's first creator account answers under the login's id whichever of
// the two was asked for (Profile.ID is always the public account id). It
// reads only the profiles this process does not hold at their current
// version.
func (s *Service) FindProfiles(ctx context.Context, ids []string) (map[string]Profile, error) {
	return s.profiles.Find(ctx, ids, s.readProfiles)
}

// readProfiles reads the public profiles of ids from the database.
func (s *Service) readProfiles(ctx context.Context, ids []string) (map[string]Profile, error) {
	users, err := s.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, id := range ids {
		if _, ok := users[id]; !ok {
			others = append(others, id)
		}
	}
	named, err := s.store.findAccountsByIDs(ctx, others)
	if err != nil {
		return nil, err
	}
	owners := make([]string, 0, len(named))
	for _, c := range named {
		owners = append(owners, c.UserID)
	}
	more, err := s.accounts.FindIdentities(ctx, owners)
	if err != nil {
		return nil, err
	}
	maps.Copy(users, more)
	active := make([]string, 0, len(users))
	for id, u := range users {
		if u.Status == account.StatusActive {
			active = append(active, id)
		}
	}
	firsts, err := s.store.findFirstCreatorAccounts(ctx, active)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Profile, len(ids))
	for _, id := range ids {
		u, ok := users[id]
		c, first := firsts[id]
		if !ok {
			if c, ok = named[id]; !ok {
				continue
			}
			u = users[c.UserID]
			first = firsts[c.UserID].ID == c.ID
		}
		if u.Status != account.StatusActive {
			continue
		}
		p := Profile{ID: u.ID, LoginID: u.ID, Nickname: u.Nickname, Name: u.Nickname, JoinedAt: u.CreatedAt}
		if c.ID != "" {
			p.Name, p.Type, p.AvatarURL, p.Bio = c.Name, c.Type, c.AvatarURL, c.Bio
			if !first {
				p.ID, p.JoinedAt = c.ID, c.CreatedAt
			}
		}
		out[id] = p
	}
	return out, nil
}

// RekeyNames recomputes the name keys of creator accounts a migration
// marked stale (db.Rekey). An account whose name now folds to an older
// account's key keeps its name, with a key no other name can take; each
// such case is recorded in the audit trail as the system's, so an operator
// can ask one of them to rename.
func (s *Service) RekeyNames(ctx context.Context) error {
	err := s.db.Rekey(ctx, db.KeyColumn{Table: "creator_accounts", ID: "id", Source: "name", Key: "name_key",
		Derive: account.NicknameKey, Collided: func(ctx context.Context, id string) error {
			return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "creator_account.name_collision",
				ObjectType: "creator_account", ObjectID: id, Summary: "name looks like an older creator account's"})
		}})
	return apperr.WrapIf(err, "rekey creator account names")
}
