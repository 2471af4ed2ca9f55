// Package account owns login identities: sign-up with phone or e-mail,
// nickname rules (validation, and the suffix rewrites that derive a
// Tmall-style store's nickname), the password policy and its hashing,
// account recovery and platform operators. Creator accounts build on it in
// package creator.
package account

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/helio-platform/helio/internal/apperr"
)

// Statuses of a login identity.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// User is a login identity (SPEC §2.1): one per person or company.
type User struct {
	ID        string    `json:"id"`
	Nickname  string    `json:"nickname"`
	Phone     string    `json:"phone,omitempty"`
	Email     string    `json:"email,omitempty"`
	Status    string    `json:"status"`
	Roles     []string  `json:"roles"`
	CreatedAt time.Time `json:"created_at"`
}

// OwnerID makes a user an authz.Object owned by itself.
func (u User) OwnerID() string { return u.ID }

// IsOperator reports whether the user holds an operator role.
func (u User) IsOperator() bool { return len(u.Roles) > 0 }

// Identity is the public part of a login identity that other domains show
// of who did something: its nickname, status and when it signed up.
type Identity struct {
	ID        string
	Nickname  string
	Status    string
	CreatedAt time.Time
}

// SignUp is the input of a sign-up: a phone or an e-mail (or both), a
// nickname and a password.
type SignUp struct {
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Nickname string `json:"nickname"`
	Password string `json:"password"`
}

// Nickname length bounds, in characters.
const (
	NicknameMin = 2
	NicknameMax = 24
)

var (
	mainlandPhone = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	allDigits     = regexp.MustCompile(`^[0-9]+$`)
)

// NormalizePhone strips spaces, dashes and a +86 / 0086 prefix from a
// mainland mobile number; it returns "" when what is left is not one.
func NormalizePhone(s string) string {
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "0086")
	if !mainlandPhone.MatchString(s) {
		return ""
	}
	return s
}

// NormalizeEmail lower-cases an e-mail address for uniqueness; it returns
// "" when s is not a plain address.
func NormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return ""
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || len(s) > 254 {
		return ""
	}
	return strings.ToLower(s)
}

// validateNickname checks the nickname rules into v.
func validateNickname(v *apperr.Validation, nickname string) {
	ValidateName(v, "nickname", nickname)
}

// ValidateName checks a public name (a nickname, or a creator account's
// name) into v under field.
func ValidateName(v *apperr.Validation, field, name string) {
	n := utf8.RuneCountInString(name)
	switch {
	case strings.TrimSpace(name) != name:
		v.Reject(field, "must not start or end with a space")
	case n < NicknameMin || n > NicknameMax:
		v.Reject(field, "must be %d to %d characters (got %d)", NicknameMin, NicknameMax, n)
	case strings.ContainsAny(norm.NFKC.String(name), "@:"):
		// '@' and ':' separate main account and sub-account in log-in names.
		v.Reject(field, "must not contain @ or :")
	case allDigits.MatchString(NicknameKey(name)):
		v.Reject(field, "must not be only digits (it could be mistaken for a phone number)")
	default:
		checkCharacters(v, field, name)
	}
}

// validate checks a sign-up and returns the normalised phone and e-mail.
func (in SignUp) validate(p PasswordPolicy) (phone, email string, err error) {
	var v apperr.Validation
	if in.Phone == "" && in.Email == "" {
		v.Reject("phone", "enter a phone number or an e-mail address")
		v.Reject("email", "enter a phone number or an e-mail address")
	}
	if in.Phone != "" {
		if phone = NormalizePhone(in.Phone); phone == "" {
			v.Reject("phone", "must be a mainland mobile number of 11 digits starting with 1")
		}
	}
	if in.Email != "" {
		if email = NormalizeEmail(in.Email); email == "" {
			v.Reject("email", "must be an e-mail address such as name@example.com")
		}
	}
	validateNickname(&v, in.Nickname)
	if msg := p.Check(in.Password); msg.Format != "" {
		v.Reject("password", msg.Format, msg.Args...)
	}
	return phone, email, v.Err()
}

// NicknameRule is one suffix rewrite of a Tmall-style store's name into its
// account nickname (SPEC §2.3), such as 官方旗舰店 → 天猫官方.
type NicknameRule struct {
	Suffix      string `json:"suffix"`
	Replacement string `json:"replacement"`
}

// DeriveNickname applies the first rule whose suffix ends storeName; a name
// no rule matches is used as it is.
func DeriveNickname(storeName string, rules []NicknameRule) string {
	storeName = strings.TrimSpace(storeName)
	for _, r := range rules {
		if base, ok := strings.CutSuffix(storeName, r.Suffix); ok && base != "" {
			return base + r.Replacement
		}
	}
	return storeName
}
