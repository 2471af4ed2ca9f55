package task

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
)

// OperationStoreOf returns the store userID is bound to as an operation
// account ("" for none). auth calls it for every session, so that a bound
// account acts as an operation account (authz.Actor.OperationFor) from its
// next request.
func (s *Service) OperationStoreOf(ctx context.Context, userID string) (string, error) {
	return s.store.findBoundStore(ctx, userID)
}

// requireStore refuses an account that is not a Tmall-style store's main
// account: only those bind operation accounts.
func (s *Service) requireStore(ctx context.Context, userID string) error {
	shops, err := s.creators.FindShopsOf(ctx, userID)
	if err != nil {
		return err
	}
	for _, sh := range shops {
		if sh.Kind == creator.ShopTmall {
			return nil
		}
	}
	return apperr.New(apperr.Forbidden, "Only a Tmall-style store's main account binds operation accounts.")
}

// InviteOperationAccount records a pending binding of the account named
// by in.Login to the store in ctx and invites that account; nothing is
// bound until it accepts.
func (s *Service) InviteOperationAccount(ctx context.Context, in InviteInput) (OperationAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ManageOperationAccts, nil); err != nil {
		return OperationAccount{}, err
	}
	store := authz.ActorFrom(ctx).UserID
	if err := s.requireStore(ctx, store); err != nil {
		return OperationAccount{}, err
	}
	invited, _, err := s.accounts.FindCredentials(ctx, in.Login)
	if apperr.CodeOf(err) == apperr.NotFound {
		return OperationAccount{}, apperr.Field("login", "no account has this name")
	}
	if err != nil {
		return OperationAccount{}, err
	}
	if invited.ID == store {
		return OperationAccount{}, apperr.Field("login", "a store cannot be its own operation account")
	}
	if len(invited.Roles) > 0 {
		return OperationAccount{}, apperr.Field("login", "an operator cannot be an operation account")
	}
	if shops, err := s.creators.FindShopsOf(ctx, invited.ID); err != nil || len(shops) > 0 {
		if err != nil {
			return OperationAccount{}, err
		}
		return OperationAccount{}, apperr.Field("login", "a merchant's own account cannot be an operation account")
	}
	b := OperationAccount{ID: newID(), StoreID: store, AccountID: invited.ID, Status: BindingPending, InvitedAt: s.clock.Now().UTC()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.insertBinding(ctx, b); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{Action: "operation_account.invite", ObjectType: "operation_account",
			ObjectID: b.ID, Summary: "invited " + invited.ID}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, invited.ID, "operation_account.invited", "A store invited you to be its operation account",
			"Open Operation accounts to accept or ignore the invitation.", nil)
	})
	if err != nil {
		return OperationAccount{}, err
	}
	return s.presentBinding(ctx, b)
}

// FindOperationAccounts lists the bindings of the store in ctx, and the
// invitations and binding of the account in ctx, newest first.
func (s *Service) FindOperationAccounts(ctx context.Context) ([]OperationAccount, error) {
	if err := authz.CheckCtx(ctx, authz.AcceptOperationInvite, nil); err != nil {
		return nil, err
	}
	bs, err := s.store.findBindings(ctx, authz.ActorFrom(ctx).UserID)
	if err != nil {
		return nil, err
	}
	out := make([]OperationAccount, 0, len(bs))
	for _, b := range bs {
		b, err := s.presentBinding(ctx, b)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// presentBinding names the two sides and counts the open tasks.
func (s *Service) presentBinding(ctx context.Context, b OperationAccount) (OperationAccount, error) {
	names, err := s.names(ctx, b.StoreID, b.AccountID)
	if err != nil {
		return OperationAccount{}, err
	}
	b.Store, b.Account = names[b.StoreID], names[b.AccountID]
	b.OpenTasks, err = s.store.countOpenTasks(ctx, b.AccountID, b.StoreID)
	return b, err
}

// storeOf is the store side of a binding.
func storeOf(b OperationAccount) string { return b.StoreID }

// bindingOf finds a binding the actor in ctx is the side of that side
// names; anyone else is told it does not exist.
func (s *Service) bindingOf(ctx context.Context, id string, side func(OperationAccount) string) (OperationAccount, error) {
	b, err := s.store.findBinding(ctx, id)
	if err == nil && side(b) != authz.ActorFrom(ctx).UserID {
		err = apperr.New(apperr.NotFound, "This operation account was not found.")
	}
	return b, err
}

// moveBinding stores b's new status if it is still from; a binding that
// changed meanwhile is a conflict.
func (s *Service) moveBinding(ctx context.Context, b OperationAccount, from string) error {
	ok, err := s.store.updateBindingStatus(ctx, b, from)
	if err == nil && !ok {
		err = apperr.New(apperr.Conflict, "This operation account has just changed; reload it.")
	}
	return err
}

// AcceptOperationAccount binds the account in ctx to the store that
// invited it.
func (s *Service) AcceptOperationAccount(ctx context.Context, id string) (OperationAccount, error) {
	if err := authz.CheckCtx(ctx, authz.AcceptOperationInvite, nil); err != nil {
		return OperationAccount{}, err
	}
	var b OperationAccount
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if b, err = s.bindingOf(ctx, id, func(b OperationAccount) string { return b.AccountID }); err != nil {
			return err
		}
		if b.Status != BindingPending {
			return apperr.New(apperr.Conflict, "This invitation is no longer pending.")
		}
		now := s.clock.Now().UTC()
		b.Status, b.AcceptedAt = BindingBound, &now
		if err := s.moveBinding(ctx, b, BindingPending); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: b.StoreID, Action: "operation_account.accept",
			ObjectType: "operation_account", ObjectID: b.ID}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, b.StoreID, "operation_account.bound", "An operation account accepted your invitation",
			"It can now order tasks for your store.", nil)
	})
	if err != nil {
		return OperationAccount{}, err
	}
	return s.presentBinding(ctx, b)
}

// UnbindOperationAccount ends a binding (or withdraws an invitation) of the
// store in ctx. An account with tasks not yet closed cannot be unbound:
// every order it placed must be confirmed (or otherwise closed) first.
func (s *Service) UnbindOperationAccount(ctx context.Context, id string) (OperationAccount, error) {
	if err := authz.CheckCtx(ctx, authz.ManageOperationAccts, nil); err != nil {
		return OperationAccount{}, err
	}
	var b OperationAccount
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if b, err = s.bindingOf(ctx, id, storeOf); err != nil {
			return err
		}
		if b.Status == BindingUnbound {
			return apperr.New(apperr.Conflict, "This operation account is already unbound.")
		}
		open, err := s.store.countOpenTasks(ctx, b.AccountID, b.StoreID)
		if err != nil {
			return err
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "This operation account has %d tasks not yet confirmed; it can be unbound once they are.", open).
				With("open_tasks", open)
		}
		from := b.Status
		now := s.clock.Now().UTC()
		b.Status, b.UnboundAt = BindingUnbound, &now
		if err := s.moveBinding(ctx, b, from); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{Action: "operation_account.unbind", ObjectType: "operation_account",
			ObjectID: b.ID, Summary: from + " → unbound"}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, b.AccountID, "operation_account.unbound", "A store unbound you as its operation account",
			"You can no longer order tasks for it.", nil)
	})
	if err != nil {
		return OperationAccount{}, err
	}
	return s.presentBinding(ctx, b)
}

// ExportStatement writes the order statement of one of the store's
// operation accounts as CSV: every order it placed within the rules'
// retention window, oldest first.
func (s *Service) ExportStatement(ctx context.Context, id string, w io.Writer) error {
	if err := authz.CheckCtx(ctx, authz.ManageOperationAccts, nil); err != nil {
		return err
	}
	b, err := s.bindingOf(ctx, id, storeOf)
	if err != nil {
		return err
	}
	r, err := s.store.findRules(ctx, 0)
	if err != nil {
		return err
	}
	since := s.clock.Now().UTC().AddDate(0, 0, -r.StatementDays)
	tasks, err := s.store.findStatement(ctx, b.AccountID, b.StoreID, since)
	if err != nil {
		return err
	}
	if err := s.name(ctx, tasks); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"task_id", "placed_at", "creator", "kind", "unit", "hours", "amount", "currency", "state",
		"closed_at", "rule_version"})
	for _, t := range tasks {
		closed := ""
		if t.ClosedAt != nil {
			closed = t.ClosedAt.Format(time.RFC3339)
		}
		_ = cw.Write([]string{t.ID, t.CreatedAt.Format(time.RFC3339), t.Creator, t.Kind, t.Unit, strconv.Itoa(t.Hours),
			fmt.Sprintf("%d", t.Amount.Minor), t.Amount.Currency, t.State, closed, strconv.Itoa(t.Rule.Version)})
	}
	cw.Flush()
	return apperr.WrapIf(cw.Error(), "write statement")
}
