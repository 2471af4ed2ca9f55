package app

import (
	"context"

	"github.com/helio-platform/helio/internal/account"
)

// contacts answers the message centre's question of where a person gets
// texts and e-mails, from the account domain.
type contacts struct{ accounts *account.Service }

// ContactOf implements notify.Contacts.
func (c contacts) ContactOf(ctx context.Context, userID string) (string, string, error) {
	u, err := c.accounts.FindUserByID(ctx, userID)
	return u.Phone, u.Email, err
}
