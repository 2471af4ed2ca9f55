// Package account owns login identities: sign-up with phone or e-mail,
// nickname rules, the password policy and its hashing, and platform operators.
// Creator accounts, certification and recovery build on it in later issues.
package account

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"

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

// NicknameKey folds a nickname for uniqueness: Unicode compatibility
// normalisation turns full-width forms into half-width ones, then case is
// folded, so "Ａｂｃ", "ABC" and "abc" collide.
func NicknameKey(s string) string {
	return strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
}

// validateNickname checks the nickname rules into v.
func validateNickname(v *apperr.Validation, nickname string) {
	validateName(v, "nickname", nickname)
}

func isControl(r rune) bool { return unicode.IsControl(r) }

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
