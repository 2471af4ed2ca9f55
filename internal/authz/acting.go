package authz

import (
	"slices"

	"github.com/helio-platform/helio/internal/apperr"
)

// ActAs returns a acting as one of its login's creator accounts, named by
// the creator account's id or by its public account id (PublicID). A login
// acts only for its own creator accounts, and a sub-account only for its
// main account's: any other id is refused. "" keeps the default, the
// login's first creator account.
func (a Actor) ActAs(accountID string) (Actor, error) {
	switch {
	case accountID == "" || accountID == a.UserID && len(a.CreatorAccounts) > 0:
		a.AccountID = ""
	case slices.Contains(a.CreatorAccounts, accountID):
		a.AccountID = accountID
	default:
		return a, apperr.New(apperr.Forbidden, "You cannot act for this creator account.").
			With("missing", map[string]string{"creator_account": accountID})
	}
	return a, nil
}

// ActingAccount is the creator account a acts as: the one chosen with
// ActAs, else the login's first ("" for a login without one).
func (a Actor) ActingAccount() string {
	if a.AccountID != "" {
		return a.AccountID
	}
	if len(a.CreatorAccounts) > 0 {
		return a.CreatorAccounts[0]
	}
	return ""
}

// PublicID is the public account id of a's creator account accountID: the
// login's first creator account (and a login without one) is addressed by
// the login's id, so that homepages, follows and feeds made before several
// accounts existed stay valid; each further account by its own id.
func (a Actor) PublicID(accountID string) string {
	if accountID == "" || len(a.CreatorAccounts) > 0 && accountID == a.CreatorAccounts[0] {
		return a.UserID
	}
	return accountID
}
