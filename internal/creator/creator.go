// Package creator owns creator, merchant and brand accounts (SPEC §2.2–§4.1):
// payout accounts and real-name data, the checks before an account opens,
// shops and brand entries, profile changes, certification, publishing
// capabilities, and the review actions operators take on applications. It
// builds on the login identities of package account.
package creator

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/moderation"
)

// Subject types of a payout holder and of a creator account.
const (
	SubjectIndividual = "individual"
	SubjectEnterprise = "enterprise"
)

// Kinds of real-name record.
const (
	RealNamePerson     = "person"
	RealNameEnterprise = "enterprise"
)

// RecoveryLink is the console page that finds a login by its real-name
// number: where a second login presenting the same number is sent.
const RecoveryLink = "/forgot-account"

// Creator account types (SPEC §2.2).
const (
	TypeCreator  = "creator"
	TypeMerchant = "merchant"
	TypeBrand    = "brand"
)

// AccountTypes lists the creator account types in display order.
var AccountTypes = []string{TypeCreator, TypeMerchant, TypeBrand}

// Shop kinds: a Taobao-style shop or a Tmall-style store.
const (
	ShopTaobao = "taobao"
	ShopTmall  = "tmall"
)

// Review states shared by certifications, capability applications and
// brand entries.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusExpired   = "expired"
)

// Certification kinds (SPEC §2.4).
const (
	CertPersonal     = "personal"
	CertOrganization = "organization"
)

// PayoutAccount is where a user's earnings are paid (SPEC §2.1), verified
// by the payout provider's adapter.
type PayoutAccount struct {
	Provider   string    `json:"provider"`
	AccountID  string    `json:"account_id"`
	HolderName string    `json:"holder_name"`
	HolderType string    `json:"holder_type" enum:"individual,enterprise"`
	VerifiedAt time.Time `json:"verified_at"`
}

// PayoutProvider verifies payout accounts with a payment provider. The
// development adapter accepts well-formed data; a real one calls the
// provider's API.
type PayoutProvider interface {
	// Name is the provider's id in PayoutAccount.Provider.
	Name() string
	// Verify answers nil when the provider confirms the account and its
	// holder, else an *apperr.Error naming the field at fault.
	Verify(ctx context.Context, p PayoutAccount) error
}

// DevPayoutProvider is the development adapter ("dev"): it accepts an
// account id that is a mainland mobile number, an e-mail address or a card
// number of 16 to 19 digits.
type DevPayoutProvider struct{}

// Name is "dev".
func (DevPayoutProvider) Name() string { return "dev" }

var cardNumber = regexp.MustCompile(`^[0-9]{16,19}$`)

// Verify checks the form of the account id.
func (DevPayoutProvider) Verify(_ context.Context, p PayoutAccount) error {
	if account.NormalizePhone(p.AccountID) == "" && account.NormalizeEmail(p.AccountID) == "" && !cardNumber.MatchString(p.AccountID) {
		return apperr.Field("account_id", "must be a mobile number, an e-mail address or a card number of 16 to 19 digits")
	}
	return nil
}

// validate checks the form of a payout account before its provider sees it.
func (p PayoutAccount) validate(providers map[string]PayoutProvider) error {
	var v apperr.Validation
	if _, ok := providers[p.Provider]; !ok {
		names := make([]string, 0, len(providers))
		for n := range providers {
			names = append(names, n)
		}
		slices.Sort(names)
		v.Reject("provider", "must be one of %s", strings.Join(names, ", "))
	}
	if p.AccountID == "" || len(p.AccountID) > 64 {
		v.Reject("account_id", "must be 1 to 64 characters")
	}
	if n := utf8.RuneCountInString(p.HolderName); n < 2 || n > 60 {
		v.Reject("holder_name", "must be 2 to 60 characters")
	}
	if p.HolderType != SubjectIndividual && p.HolderType != SubjectEnterprise {
		v.Reject("holder_type", "must be individual or enterprise")
	}
	return v.Err()
}

// RealNameInput is a real-name verification request: a person's name and
// resident ID number, or an enterprise's name and licence number (unified
// social credit code).
type RealNameInput struct {
	Kind          string `json:"kind" enum:"person,enterprise"`
	Name          string `json:"name"`
	IDNumber      string `json:"id_number,omitempty"`
	LicenceNumber string `json:"licence_number,omitempty"`
}

// RealName is a verified real-name record. The number is shown masked.
type RealName struct {
	Kind       string    `json:"kind"`
	Name       string    `json:"name"`
	Number     string    `json:"number"`
	BirthDate  string    `json:"birth_date,omitempty"`
	Age        int       `json:"age,omitempty"`
	Verified   bool      `json:"verified"`
	VerifiedAt time.Time `json:"verified_at"`
	number     string
}

// Subject is the subject type a real-name record makes of its holder.
func (r RealName) Subject() string {
	if r.Kind == RealNameEnterprise {
		return SubjectEnterprise
	}
	return SubjectIndividual
}

// validate checks a real-name request and returns the record to keep.
func (in RealNameInput) validate(now time.Time) (RealName, error) {
	var v apperr.Validation
	r := RealName{Kind: in.Kind, Name: strings.TrimSpace(in.Name), Verified: true, VerifiedAt: now}
	if n := utf8.RuneCountInString(r.Name); n < 2 || n > 60 {
		v.Reject("name", "must be 2 to 60 characters")
	}
	switch in.Kind {
	case RealNamePerson:
		number, birth, reason := account.ParseResidentID(in.IDNumber, now)
		if reason.Format != "" {
			v.Reject("id_number", reason.Format)
		}
		r.number, r.BirthDate, r.Age = number, birth.Format(time.DateOnly), account.AgeOn(birth, now)
	case RealNameEnterprise:
		code, reason := account.ParseCreditCode(in.LicenceNumber)
		if reason.Format != "" {
			v.Reject("licence_number", reason.Format)
		}
		r.number = code
	default:
		v.Reject("kind", "must be person or enterprise")
	}
	r.Number = account.MaskID(r.number)
	return r, v.Err()
}

// Shop is a marketplace shop recorded for an identity (a merchant account
// needs one).
type Shop struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind" enum:"taobao,tmall"`
	CreatedAt time.Time `json:"created_at"`
}

// Application is what the applications operators decide share: who
// applied, with which documents, and the decision.
type Application struct {
	ID          string     `json:"id"`
	UserID      string     `json:"user_id"`
	Documents   []string   `json:"documents"`
	Status      string     `json:"status"`
	Reason      string     `json:"reason,omitempty"`
	SubmittedAt time.Time  `json:"submitted_at"`
	DecidedAt   *time.Time `json:"decided_at"`
}

// OwnerID makes an application an authz.Object of its applicant.
func (a Application) OwnerID() string { return a.UserID }

// BrandEntry is an application to the brand programme (a brand account
// needs an approved one).
type BrandEntry struct {
	Application
	BrandName string `json:"brand_name"`
}

// CreatorAccount is a creator, merchant or brand account: the one public
// identity (name, avatar, bio) of its holder in the content community.
type CreatorAccount struct {
	ID            string    `json:"id"`
	UserID        string    `json:"user_id"`
	Type          string    `json:"type"`
	SubjectType   string    `json:"subject_type"`
	Name          string    `json:"name"`
	NameLocked    bool      `json:"name_locked"`
	Avatar        string    `json:"avatar"`
	AvatarURL     string    `json:"avatar_url"`
	Bio           string    `json:"bio"`
	ShopID        string    `json:"shop_id,omitempty"`
	NameChangedAt time.Time `json:"name_changed_at"`
	CreatedAt     time.Time `json:"created_at"`
	// Pending lists the profile changes waiting for their effective time.
	Pending []ProfileChange `json:"pending"`
}

// OwnerID makes a creator account an authz.Object of its holder.
func (c CreatorAccount) OwnerID() string { return c.UserID }

// ProfileChange is a change of a creator account's profile that takes
// effect later (SPEC §2.3).
type ProfileChange struct {
	ID          string    `json:"id"`
	Field       string    `json:"field"`
	Value       string    `json:"value"`
	EffectiveAt time.Time `json:"effective_at"`
}

// OpenInput opens a creator account.
type OpenInput struct {
	Type   string `json:"type" enum:"creator,merchant,brand"`
	Name   string `json:"name"`
	Avatar string `json:"avatar,omitempty" doc:"id of an uploaded avatar (POST /api/v1/media?purpose=avatar)"`
	Bio    string `json:"bio,omitempty"`
	ShopID string `json:"shop_id,omitempty" doc:"for merchants with several shops"`
}

// UpdateInput changes a creator account's profile; empty fields are kept.
// A name change with a future EffectiveAt waits until then.
type UpdateInput struct {
	Name        *string    `json:"name,omitempty"`
	Avatar      *string    `json:"avatar,omitempty"`
	Bio         *string    `json:"bio,omitempty"`
	EffectiveAt *time.Time `json:"effective_at,omitempty" doc:"when a name change takes effect (default now)"`
}

// States of an opening check.
const (
	CheckPassed = "passed"
	CheckFailed = "failed"
)

// Check is one check before a creator account opens (SPEC §2.2), with a
// link where a failed check can be fixed.
type Check struct {
	Name    string `json:"name"`
	State   string `json:"state"`
	Message string `json:"message"`
	Link    string `json:"link,omitempty"`
}

// checkProfileText rejects field when text breaks a rule of the profile
// scope, naming the rule and the first offending span, and reports whether
// it did.
func checkProfileText(v *apperr.Validation, field, text string, rules []moderation.Rule) bool {
	found := moderation.Match(rules, []moderation.Text{{Field: field, Value: text}})
	if len(found) > 0 {
		v.Reject(field, "must not contain contact details or marketing text (%s: “%s”)", found[0].Rule, found[0].Text)
	}
	return len(found) > 0
}

// BioMax is the longest bio in characters (SPEC §2.2, source).
const BioMax = 72

// validateBio checks a bio's length in characters, not bytes.
func validateBio(v *apperr.Validation, bio string) {
	if n := utf8.RuneCountInString(bio); n > BioMax {
		v.Reject("bio", "must be at most %d characters (got %d)", BioMax, n)
	}
}

// Profile is what anyone may see of an account (SPEC §6.1 homepage): its
// nickname and, once it has opened one, the public face of its first
// creator account.
type Profile struct {
	// ID is the public account id: the login's id for a login without a
	// creator account and for its first one, the creator account's id for
	// each further one (authz.Actor.PublicID).
	ID string `json:"id"`
	// LoginID is the login identity the account belongs to.
	LoginID  string `json:"-"`
	Nickname string `json:"nickname"`
	// Name is the name shown: the creator account's, else the nickname.
	Name string `json:"name"`
	// Type is the creator account's type ("" for an account without one).
	Type      string    `json:"type,omitempty"`
	AvatarURL string    `json:"avatar_url,omitempty"`
	Bio       string    `json:"bio"`
	JoinedAt  time.Time `json:"joined_at"`
}

// IsShop reports whether the account speaks for a shop or brand rather
// than as a creator (the feed's "creators" tab leaves shops out).
func (p Profile) IsShop() bool { return p.Type == TypeMerchant || p.Type == TypeBrand }
