package task

import "time"

// Binding states of an operation account.
const (
	BindingPending = "pending"
	BindingBound   = "bound"
	BindingUnbound = "unbound"
)

// OperationAccount is a binding of an ordinary account to a Tmall-style
// store, from the store's invitation to its unbinding.
type OperationAccount struct {
	ID        string `json:"id"`
	StoreID   string `json:"store_id"`
	AccountID string `json:"account_id"`
	// Store and Account are the two sides' names.
	Store   string `json:"store"`
	Account string `json:"account"`
	Status  string `json:"status" enum:"pending,bound,unbound"`
	// OpenTasks counts the account's orders not yet closed: while there are
	// any it cannot be unbound.
	OpenTasks  int        `json:"open_tasks"`
	InvitedAt  time.Time  `json:"invited_at"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	UnboundAt  *time.Time `json:"unbound_at,omitempty"`
}

// InviteInput names the account a store invites.
type InviteInput struct {
	Login string `json:"login" doc:"the invited account's nickname, phone or e-mail"`
}
