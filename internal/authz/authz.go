// Package authz decides who may do what. Services call Check first in every
// use case, for the API and the console alike; handlers never decide access.
//
// An Actor carries everything a decision may need: the main account, the
// sub-account with its permissions, operator roles, granted capabilities and
// the level's privileges. A Permission's Rule states which of those it
// consults, so later capabilities (level privileges, operation accounts) add
// rules, not new code paths.
package authz

import (
	"context"
	"slices"

	"github.com/helio-platform/helio/internal/apperr"
)

// Operator roles (SPEC §11). Admin satisfies every role requirement.
const (
	RoleAdmin           = "admin"
	RoleReviewer        = "reviewer"
	RoleActivityManager = "activity_manager"
	RoleFinance         = "finance"
	// RoleIntegrator is the marketplace's own systems (SPEC §1): the product
	// catalogue, clicks they track and order events.
	RoleIntegrator = "integrator"
)

// OperatorRoles lists the roles an operator may hold.
var OperatorRoles = []string{RoleAdmin, RoleReviewer, RoleActivityManager, RoleFinance, RoleIntegrator}

// Actor is who is asking. The zero Actor is anonymous.
type Actor struct {
	// UserID is the main account (login identity) acting, directly or
	// through one of its sub-accounts.
	UserID string
	// SubAccountID is set when a staff member acts for the main account.
	SubAccountID string
	// SessionID is the session the request came with.
	SessionID string
	// Roles are operator roles; empty for everyone else.
	Roles []string
	// Permissions are what a sub-account was granted, or an API token's
	// scopes; ignored for a main account's own sessions.
	Permissions map[Permission]bool
	// TokenID is set when the request came with an API token; its scopes
	// are then the Permissions.
	TokenID string
	// Muted is set for a sub-account whose holder has not yet passed
	// real-person verification: it cannot publish (SPEC §4.2).
	Muted bool
	// Capabilities are granted publishing capabilities (SPEC §4.1).
	Capabilities map[string]bool
	// Privileges are what the account's level grants (SPEC §7.3): the
	// privileges its level holds (see Holds).
	Privileges map[string]bool
	// Level is the account's creator level with every privilege's value at
	// it; refusals for a missing privilege name the level that has it.
	Level Level
	// Certified is set while the account holds an approved, unexpired
	// creator certification (SPEC §2.4).
	Certified bool
	// OperationFor is set when the account is an operation account (运营号)
	// bound to a Tmall-style store: the store's main account it orders
	// for. Such an actor reaches only the permissions whose rule is
	// ForOperationAccounts (SPEC §8).
	OperationFor string
	// Restrictions are the operators' restrictions in force on the account
	// (SPEC §11): each withholds the permissions of its kind.
	Restrictions []Restriction
	// CreatorAccounts are the main account's creator accounts, oldest
	// first: the public identities it, and its sub-accounts as their
	// permissions grant, may act as (see ActAs).
	CreatorAccounts []string
	// AccountID is the creator account chosen to act as; "" is the first.
	AccountID string
}

// Anonymous reports whether nobody is logged in.
func (a Actor) Anonymous() bool { return a.UserID == "" }

// IsOperator reports whether the actor holds any operator role.
func (a Actor) IsOperator() bool { return len(a.Roles) > 0 }

// HasRole reports whether the actor holds role (admins hold every role).
func (a Actor) HasRole(role string) bool {
	return slices.Contains(a.Roles, role) || slices.Contains(a.Roles, RoleAdmin)
}

// Object is something that belongs to an account.
type Object interface {
	OwnerID() string
}

// Check decides whether a may use p on obj (nil when the action has no
// object). It returns nil, or an *apperr.Error whose message names what is
// missing: a log-in, an operator role, a permission, a certification, a
// capability or a level privilege.
func Check(a Actor, p Permission, obj Object) error {
	r, ok := rules[p]
	if !ok {
		return apperr.New(apperr.Forbidden, "Unknown permission %s.", string(p))
	}
	if r.Public {
		return nil
	}
	if a.Anonymous() {
		return apperr.New(apperr.Unauthenticated, "Please log in first.").
			With("missing", map[string]string{"login": "required"})
	}
	if err := restrictionRefusal(a, p); err != nil {
		return err
	}
	if len(r.Roles) > 0 && !slices.ContainsFunc(r.Roles, a.HasRole) {
		return apperr.New(apperr.Forbidden, "This needs the operator role %s.", r.Roles[0]).
			With("missing", map[string]string{"role": r.Roles[0]})
	}
	if r.NotForStaff && a.SubAccountID != "" {
		return apperr.New(apperr.Forbidden, "A sub-account cannot do this: it is a staff identity.").
			With("missing", map[string]string{"identity": "main_account"})
	}
	if a.OperationFor != "" && !r.ForOperationAccounts {
		return apperr.New(apperr.Forbidden, "An operation account acts only in the task marketplace.").
			With("missing", map[string]string{"identity": "not_operation_account"})
	}
	if a.SubAccountID != "" && !a.Permissions[p] {
		return apperr.New(apperr.Forbidden, "Your sub-account lacks the permission %s.", string(p)).
			With("missing", map[string]string{"permission": string(p)})
	}
	if a.TokenID != "" && !a.Permissions[p] {
		return apperr.New(apperr.Forbidden, "This API token lacks the scope %s.", string(p)).
			With("missing", map[string]string{"permission": string(p)})
	}
	if a.Muted && mutedWithheld[p] {
		return apperr.New(apperr.Forbidden, "Your sub-account is muted until its holder passes real-person verification.").
			With("missing", map[string]string{"verification": "sub_account"})
	}
	if r.Certified && !a.Certified {
		return apperr.New(apperr.Forbidden, "Insufficient permission: certification required.").
			With("missing", map[string]string{"certification": "required"}).
			With("link", CertificationLink)
	}
	if r.Capability != "" && !a.Capabilities[r.Capability] {
		return apperr.New(apperr.Forbidden, "This needs the %s capability.", CapabilityLabel(r.Capability)).
			With("missing", map[string]string{"capability": r.Capability})
	}
	if r.Privilege != "" && !a.Privileges[r.Privilege] {
		return privilegeRefusal(a, r.Privilege)
	}
	if obj != nil && !ownedBy(obj, a.UserID) && len(r.Roles) == 0 && !slices.ContainsFunc(r.Operators, a.HasRole) {
		// Someone else's object is reported as absent so that ids cannot be probed.
		return apperr.New(apperr.NotFound, "Not found.")
	}
	return nil
}

// ownedBy reports whether obj belongs to userID: its owner, or one of its
// parties when it has several.
func ownedBy(obj Object, userID string) bool {
	if p, ok := obj.(Parties); ok {
		return slices.Contains(p.PartyIDs(), userID)
	}
	return obj.OwnerID() == userID
}

// privilegeRefusal is the refusal for a privilege a's level lacks: it names
// the lowest level that holds it, or only the privilege when none does.
func privilegeRefusal(a Actor, privilege string) error {
	need, ok := a.Level.Needs[privilege]
	if !ok || need == "" {
		return apperr.New(apperr.Forbidden, "Your level does not include the %s privilege.", PrivilegeLabel(privilege)).
			With("missing", map[string]string{"privilege": privilege})
	}
	current := a.Level.Name
	if current == "" {
		current = "L0"
	}
	return apperr.New(apperr.Forbidden, "The %s privilege needs level %s; you are %s.", PrivilegeLabel(privilege), need, current).
		With("missing", map[string]string{"level": need, "privilege": privilege}).
		With("link", LevelLink)
}

// LevelLink is the console page that explains an account's level; refusals
// for a missing level privilege point to it.
const LevelLink = "/level"

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx (anonymous when none).
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// CheckCtx is Check for the actor carried by ctx.
func CheckCtx(ctx context.Context, p Permission, obj Object) error {
	return Check(ActorFrom(ctx), p, obj)
}
