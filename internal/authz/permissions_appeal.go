package authz

import (
	"slices"

	"github.com/helio-platform/helio/internal/apperr"
)

// Restriction kinds (SPEC §10, §11): what an operator withholds from an
// account until the restriction is lifted.
const (
	RestrictPublish    = "publish"
	RestrictLogin      = "login"
	RestrictSettlement = "settlement"
)

// RestrictionKinds lists the kinds of restriction.
var RestrictionKinds = []string{RestrictPublish, RestrictLogin, RestrictSettlement}

// Restriction is one restriction in force on the actor's account, as
// authorization needs it: its kind, the operator's reason (shown in the
// refusal) and its id (the refusal links to the appeal).
type Restriction struct {
	ID     string
	Kind   string
	Reason string
}

// RestrictionsLink is the console page that shows an account's restrictions
// and its appeals; refusals caused by a restriction point to it.
const RestrictionsLink = "/restrictions"

// The permissions of restrictions and appeals: operators restrict and lift,
// an account sees its restrictions and appeals against them, reviewers
// decide appeals in the review queue.
const (
	RestrictAccount     Permission = "restriction.create"
	LiftRestriction     Permission = "restriction.lift"
	ReadAllRestrictions Permission = "restriction.read_all"
	ReadRestrictions    Permission = "restriction.read"
	FileAppeal          Permission = "appeal.create"
	ReadAppeal          Permission = "appeal.read"
	DecideAppeals       Permission = "appeal.decide"
)

// loginRestrictedOpen are what an account restricted from logging in may
// still do once signed in: see why, appeal (with screenshots) and leave.
var loginRestrictedOpen = []Permission{LogOut, ReadProfile, ReadMessages, UpdateMessages, ReadRestrictions,
	FileAppeal, ReadAppeal, UploadMedia}

// withheldBy reports whether a restriction of kind withholds p.
func withheldBy(kind string, p Permission) bool {
	switch kind {
	case RestrictPublish:
		return mutedWithheld[p]
	case RestrictSettlement:
		return p == SettleCommission
	case RestrictLogin:
		return !slices.Contains(loginRestrictedOpen, p)
	}
	return false
}

// restrictionRefusal is the refusal of p for the first restriction of a
// that withholds it, naming its reason and linking to the appeal page; nil
// when none does.
func restrictionRefusal(a Actor, p Permission) error {
	for _, r := range a.Restrictions {
		if !withheldBy(r.Kind, p) {
			continue
		}
		var e *apperr.Error
		switch r.Kind {
		case RestrictPublish:
			e = apperr.New(apperr.Forbidden, "Publishing failed: account abnormal (%s). You can appeal.", r.Reason)
		case RestrictSettlement:
			e = apperr.New(apperr.Forbidden, "Settlement is suspended for this account (%s). You can appeal.", r.Reason)
		default:
			e = apperr.New(apperr.Forbidden, "This account is restricted (%s): you can only see the restriction and appeal.", r.Reason)
		}
		return e.With("missing", map[string]string{"restriction": r.Kind}).With("restriction_id", r.ID).
			With("link", RestrictionsLink)
	}
	return nil
}

func init() {
	reviewers := []string{RoleAdmin, RoleReviewer}
	for p, r := range map[Permission]Rule{
		RestrictAccount:     {Roles: reviewers, Describe: "restrict an account's publishing, log-in or settlement"},
		LiftRestriction:     {Roles: reviewers, Describe: "lift a restriction"},
		ReadAllRestrictions: {Roles: reviewers, Describe: "see every account's restrictions"},
		ReadRestrictions:    {NotForStaff: true, Describe: "see the restrictions on one's account"},
		FileAppeal:          {NotForStaff: true, Describe: "appeal against a restriction"},
		ReadAppeal:          {NotForStaff: true, Describe: "see one's appeals and their exchange"},
		DecideAppeals:       {Roles: reviewers, Describe: "decide appeals in the review queue"},
	} {
		rules[p] = r
	}
}
