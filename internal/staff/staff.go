// Package staff holds sub-accounts (SPEC §4.2): a main account's staff
// members with a position and individually ticked permissions, their
// real-person verification and its deadline, and departed staff. A
// sub-account never holds a permission its main account (or whoever grants
// it) lacks; authz.Check enforces the rest on every request.
package staff

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/i18n"
)

// Statuses of a sub-account.
const (
	StatusActive   = "active"
	StatusDeparted = "departed"
)

// States a sub-account is shown in: departed, restricted (missed its
// verification deadline), muted (not yet verified) or verified.
const (
	StateDeparted   = "departed"
	StateRestricted = "restricted"
	StateMuted      = "muted"
	StateVerified   = "verified"
)

// Name length bounds of a sub-account, in characters.
const (
	MinNameLen = 2
	MaxNameLen = 32
)

// Separators join a main account's login and a sub-account's name in a
// log-in name: `main@sub`, or the store form `main:sub`.
const Separators = "@:"

// Position is a row of the positions table: a default permission set.
type Position struct {
	Key         string             `json:"key"`
	Name        string             `json:"name"`
	Permissions []authz.Permission `json:"permissions"`
}

// SubAccount is a staff member of a main account.
type SubAccount struct {
	ID             string             `json:"id"`
	MainUserID     string             `json:"main_user_id"`
	Name           string             `json:"name"`
	Position       string             `json:"position"`
	Permissions    []authz.Permission `json:"permissions"`
	Status         string             `json:"status"`
	State          string             `json:"state"`
	VerifyDeadline time.Time          `json:"verify_deadline"`
	VerifiedAt     *time.Time         `json:"verified_at"`
	RestrictedAt   *time.Time         `json:"restricted_at"`
	DepartedAt     *time.Time         `json:"departed_at"`
	// HolderPhone is the phone the holder bound at real-person
	// verification: their step-up codes and log-in alerts go there.
	HolderPhone string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// OwnerID makes a sub-account an authz.Object of its main account.
func (s SubAccount) OwnerID() string { return s.MainUserID }

// state derives the shown state from the stored fields.
func (s SubAccount) state() string {
	switch {
	case s.Status == StatusDeparted:
		return StateDeparted
	case s.VerifiedAt != nil:
		return StateVerified
	case s.RestrictedAt != nil:
		return StateRestricted
	default:
		return StateMuted
	}
}

// Actor returns the permissions and the muting a session of s carries: its
// grants plus the staff baseline.
func (s SubAccount) Actor(a authz.Actor) authz.Actor {
	a.SubAccountID = s.ID
	a.Permissions = map[authz.Permission]bool{}
	for _, p := range append(slices.Clone(authz.StaffBaseline), s.Permissions...) {
		a.Permissions[p] = true
	}
	a.Muted = s.VerifiedAt == nil
	return a
}

// CanLogIn returns nil when s may open a session, or the refusal that says
// why not.
func (s SubAccount) CanLogIn() error {
	switch s.state() {
	case StateDeparted:
		return apperr.New(apperr.Forbidden, "This sub-account has been deactivated.")
	case StateRestricted:
		return apperr.New(apperr.Forbidden, "This sub-account is restricted: its holder did not pass real-person verification in time. The main account can renew it.")
	}
	return nil
}

// SplitLogin splits a log-in name `main@sub` or `main:sub` at its last
// separator. ok is false when login names no sub-account.
func SplitLogin(login string) (main, sub string, ok bool) {
	i := strings.LastIndexAny(login, Separators)
	if i <= 0 || i == len(login)-1 {
		return "", "", false
	}
	main, sub = login[:i], login[i+1:]
	if validName(sub).Format != "" {
		return "", "", false
	}
	return main, sub, true
}

// NameKey folds a sub-account name for uniqueness (case-insensitive).
func NameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// validName returns why name cannot be a sub-account name (empty when it
// can): 2–32 letters, digits, '_' or '-'.
func validName(name string) i18n.Text {
	if n := utf8.RuneCountInString(name); n < MinNameLen || n > MaxNameLen {
		return i18n.T("must be %d to %d characters", MinNameLen, MaxNameLen)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
			return i18n.T("may hold only letters, digits, '_' and '-'")
		}
	}
	return i18n.Text{}
}

// Input creates a sub-account. Permissions nil takes the position's
// defaults (those the creator may grant).
type Input struct {
	Name        string   `json:"name"`
	Password    string   `json:"password"`
	Position    string   `json:"position"`
	Permissions []string `json:"permissions,omitempty"`
}

// Update changes a sub-account; nil fields stay. The name cannot change.
type Update struct {
	Position    *string   `json:"position,omitempty"`
	Permissions *[]string `json:"permissions,omitempty"`
	Password    *string   `json:"password,omitempty"`
}

// Filter selects sub-accounts of the main account in the context.
type Filter struct {
	// Status is active (the default) or departed.
	Status string
}

// VerificationInput is a staff member's real-person verification: name, ID
// number and the phone the check code goes to.
type VerificationInput struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
}
