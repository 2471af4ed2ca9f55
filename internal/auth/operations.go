package auth

import "context"

// OperationAccounts tells whether an identity is bound to a Tmall-style
// store as an operation account (SPEC §8), and to which store: its actor
// then carries authz.Actor.OperationFor and reaches only the task
// marketplace.
type OperationAccounts interface {
	OperationStoreOf(ctx context.Context, userID string) (string, error)
}
