package commission

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
)

// SandboxMode says whether the caller may place sandbox orders: the whole
// server is in sandbox mode (HELIO_SANDBOX), or the caller switched it on
// for their own account. Either way sandbox clicks and orders are flagged
// and their money lands in sandbox ledger accounts (ledger.SandboxPrefix),
// never in real balances, earnings or reward pools.
type SandboxMode struct {
	Server    bool       `json:"server" doc:"HELIO_SANDBOX is on: every account may place sandbox orders"`
	Account   bool       `json:"account" doc:"the caller's account switched sandbox mode on"`
	EnabledAt *time.Time `json:"enabled_at,omitempty" doc:"when the account switched it on"`
}

// SandboxPage is the console page where an account switches sandbox mode
// and places sandbox orders.
const SandboxPage = "/sandbox"

// On reports whether sandbox orders are open to the account.
func (m SandboxMode) On() bool { return m.Server || m.Account }

// FindSandboxMode answers the caller's sandbox mode.
func (s *Service) FindSandboxMode(ctx context.Context) (SandboxMode, error) {
	if err := authz.CheckCtx(ctx, authz.PlaceSandboxOrders, nil); err != nil {
		return SandboxMode{}, err
	}
	return s.sandboxModeOf(ctx, authz.ActorFrom(ctx).UserID)
}

// SetSandboxMode switches sandbox mode on or off for the caller's account,
// with its audit record, and answers the mode now.
func (s *Service) SetSandboxMode(ctx context.Context, on bool) (SandboxMode, error) {
	if err := authz.CheckCtx(ctx, authz.PlaceSandboxOrders, nil); err != nil {
		return SandboxMode{}, err
	}
	account := authz.ActorFrom(ctx).UserID
	var mode SandboxMode
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		action, q, args := "sandbox.off", `DELETE FROM commission_sandbox_accounts WHERE account_id = ?`, []any{account}
		if on {
			action, q = "sandbox.on", `INSERT INTO commission_sandbox_accounts (account_id, enabled_at) VALUES (?, ?)
				ON CONFLICT (account_id) DO NOTHING`
			args = append(args, s.clock.Now())
		}
		if err := s.store.exec(ctx, "switch sandbox mode", q, args...); err != nil {
			return err
		}
		var err error
		if mode, err = s.sandboxModeOf(ctx, account); err != nil {
			return err
		}
		return s.record(ctx, action, "account", account, "sandbox mode for the account")
	})
	return mode, err
}

func (s *Service) sandboxModeOf(ctx context.Context, account string) (SandboxMode, error) {
	m := SandboxMode{Server: s.opts.Sandbox}
	var at time.Time
	err := s.db.QueryRow(ctx, `SELECT enabled_at FROM commission_sandbox_accounts WHERE account_id = ?`, account).Scan(&at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return m, apperr.Wrap(err, "find sandbox mode")
	default:
		at = at.UTC()
		m.Account, m.EnabledAt = true, &at
	}
	return m, nil
}

// FindSandboxLinks answers the tracked links the caller may place sandbox
// orders on (their own), newest first, at most db.MaxLimit.
func (s *Service) FindSandboxLinks(ctx context.Context) ([]ProductLink, error) {
	if err := authz.CheckCtx(ctx, authz.PlaceSandboxOrders, nil); err != nil {
		return nil, err
	}
	return s.store.findProductLinks(ctx, "l.creator_id = ?", authz.ActorFrom(ctx).UserID)
}
