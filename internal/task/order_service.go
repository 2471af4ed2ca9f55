package task

import (
	"context"
	"fmt"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/rule"
	"github.com/helio-platform/helio/internal/webhook"
)

// merchantOf is the merchant an actor buys for: the store of an operation
// account, or the actor's own Taobao-style shop. A Tmall-style store's main
// account cannot buy (SPEC §8), and an account without a shop is no
// merchant.
func (s *Service) merchantOf(ctx context.Context, a authz.Actor) (string, error) {
	if a.OperationFor != "" {
		return a.OperationFor, nil
	}
	shops, err := s.creators.FindShopsOf(ctx, a.UserID)
	if err != nil {
		return "", err
	}
	if len(shops) == 0 {
		return "", apperr.New(apperr.Forbidden, "Only merchants order tasks: this account has no shop.")
	}
	for _, sh := range shops {
		if sh.Kind == creator.ShopTmall {
			return "", apperr.New(apperr.Forbidden, "A Tmall-style store's main account cannot buy: bind an operation account to order for it.")
		}
	}
	return a.UserID, nil
}

// PlaceTask orders a task against a quote for the merchant in ctx (or the
// store of the operation account in ctx); the amount moves from the
// merchant to the task's escrow in the ledger in the same transaction, and
// the creator's acceptance timer starts.
func (s *Service) PlaceTask(ctx context.Context, in OrderInput) (Order, error) {
	if err := authz.CheckCtx(ctx, authz.PlaceTask, nil); err != nil {
		return Order{}, err
	}
	a := authz.ActorFrom(ctx)
	merchant, err := s.merchantOf(ctx, a)
	if err != nil {
		return Order{}, err
	}
	var t Order
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		q, err := s.store.findQuote(ctx, in.QuoteID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.Field("quote_id", "no live quote has this id")
		}
		if err != nil {
			return err
		}
		if q.CreatorID == merchant || q.CreatorID == a.UserID {
			return apperr.Field("quote_id", "is your own quote")
		}
		r, err := s.store.findRules(ctx, 0)
		if err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		if err := in.validate(q, now, r); err != nil {
			return err
		}
		units := int64(1)
		if q.Unit == UnitPerHour {
			units = int64(in.Hours)
		}
		acceptBy := now.Add(time.Duration(r.AcceptHours) * time.Hour)
		t = Order{ID: newID(), QuoteID: q.ID, CreatorID: q.CreatorID, MerchantID: merchant, BuyerID: a.UserID, Kind: q.Kind,
			Unit: q.Unit, UnitPrice: q.Price, Hours: in.Hours, Amount: money.New(q.Price.Minor*units, q.Price.Currency),
			Description: q.Description, Requirements: in.Requirements, State: StateOrdered, Rule: r.Ref(),
			acceptBy: &acceptBy, deliverBy: utc(in.DeliverBy), CreatedAt: now, UpdatedAt: now}
		if err := s.store.insertTask(ctx, t); err != nil {
			return err
		}
		if err := s.hold(ctx, t); err != nil {
			return err
		}
		if err := s.startTimer(ctx, t, TimerAccept, acceptBy); err != nil {
			return err
		}
		return s.recorded(ctx, t, StateOrdered, fmt.Sprintf("%s from %s, %s held in escrow", t.Kind, t.CreatorID, t.Amount))
	})
	if err != nil {
		return Order{}, err
	}
	return s.present(ctx, t)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// FindTasks lists the tasks of the actor in ctx, newest first: as creator
// (ordered from me), as merchant (ordered by me or my store's operation
// accounts), or both. An operation account sees only the orders it placed
// for its store.
func (s *Service) FindTasks(ctx context.Context, f TaskFilter) ([]Order, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadTasks, nil); err != nil {
		return nil, "", err
	}
	a := authz.ActorFrom(ctx)
	var w db.Where
	switch {
	case a.OperationFor != "":
		w.Add("buyer_id = ? AND merchant_id = ?", a.UserID, a.OperationFor)
	case f.Role == SideCreator:
		w.Add("creator_id = ?", a.UserID)
	case f.Role == "merchant":
		w.Add("(merchant_id = ? OR buyer_id = ?)", a.UserID, a.UserID)
	case f.Role == "":
		w.Add("(creator_id = ? OR merchant_id = ? OR buyer_id = ?)", a.UserID, a.UserID, a.UserID)
	default:
		return nil, "", apperr.Field("role", "must be merchant or creator")
	}
	if f.State != "" {
		if !contains(States, f.State) {
			return nil, "", apperr.Field("state", "is not a task state")
		}
		w.Add("state = ?", f.State)
	}
	tasks, next, err := s.store.findTasks(ctx, w, f.Page, newestFirst)
	if err != nil {
		return nil, "", err
	}
	return tasks, next, s.name(ctx, tasks)
}

// name fills in the parties' names and the deadlines of tasks.
func (s *Service) name(ctx context.Context, tasks []Order) error {
	var ids []string
	for _, t := range tasks {
		ids = append(ids, t.CreatorID, t.MerchantID, t.BuyerID)
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := s.names(ctx, ids...)
	if err != nil {
		return err
	}
	for i := range tasks {
		t := &tasks[i]
		t.Creator, t.Merchant, t.Buyer = names[t.CreatorID], names[t.MerchantID], names[t.BuyerID]
		t.deadlines()
	}
	return nil
}

// FindTaskByID returns one of the actor's tasks with its deadlines, its
// escrow balance and, once closed, the payout and the fee.
func (s *Service) FindTaskByID(ctx context.Context, id string) (Order, error) {
	return s.findShown(ctx, authz.ReadTasks, id, func(t Order) bool { return s.sideIn(ctx, t) != "" })
}

// findShown returns a task for an answer after checking p, when shown says
// the actor may see it; any other task is reported as absent.
func (s *Service) findShown(ctx context.Context, p authz.Permission, id string, shown func(Order) bool) (Order, error) {
	if err := authz.CheckCtx(ctx, p, nil); err != nil {
		return Order{}, err
	}
	t, err := s.store.findTask(ctx, id)
	if err != nil {
		return Order{}, err
	}
	if !shown(t) {
		return Order{}, apperr.New(apperr.NotFound, "This task was not found.")
	}
	return s.present(ctx, t)
}

// sideIn is the side of t the actor in ctx is on ("" for none). An
// operation account is only ever the buyer of its own orders for its store.
func (s *Service) sideIn(ctx context.Context, t Order) string {
	a := authz.ActorFrom(ctx)
	if a.OperationFor != "" {
		if t.BuyerID == a.UserID && t.MerchantID == a.OperationFor {
			return SideBuyer
		}
		return ""
	}
	return t.sideOf(a.UserID)
}

// present completes a task for an answer: names, deadlines, the escrow the
// ledger holds and the payout of a closed task.
func (s *Service) present(ctx context.Context, t Order) (Order, error) {
	tasks := []Order{t}
	if err := s.name(ctx, tasks); err != nil {
		return Order{}, err
	}
	t = tasks[0]
	escrow, err := s.ledger.Balance(ctx, escrowAccount(t), t.Amount.Currency)
	if err != nil {
		return Order{}, err
	}
	t.Escrow = escrow
	for _, ref := range []string{postingRef(t, "payout"), postingRef(t, "resolve")} {
		e, found, err := s.ledger.FindEntryByRef(ctx, ref)
		if err != nil {
			return Order{}, err
		}
		if found {
			payout, fee := paidOut(e.Lines, t)
			t.Payout, t.Fee = &payout, &fee
		}
	}
	return t, nil
}

// Act takes one action of the lifecycle on a task (accept, decline,
// deliver, confirm, cancel, dispute) as the side of it the actor in ctx is
// on. A task that is not in a state the action leaves from is refused as a
// conflict naming its state; of two racing actions exactly one happens.
func (s *Service) Act(ctx context.Context, id, action string, in ActInput) (Order, error) {
	if err := authz.CheckCtx(ctx, authz.ReadTasks, nil); err != nil {
		return Order{}, err
	}
	var t Order
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if t, err = s.store.findTask(ctx, id); err != nil {
			return err
		}
		side := s.sideIn(ctx, t)
		if side == "" {
			return apperr.New(apperr.NotFound, "This task was not found.")
		}
		perm := authz.BuyerTask
		if side == SideCreator {
			perm = authz.WorkTask
		}
		if err := authz.CheckCtx(ctx, perm, nil); err != nil {
			return err
		}
		tr, ok := transitionOf(action, side)
		if !ok {
			return apperr.New(apperr.Forbidden, "This action is not yours to take on this task.")
		}
		if err := in.validate(action); err != nil {
			return err
		}
		t, err = s.move(ctx, t, tr, func(t *Order) {
			switch action {
			case ActionDeliver:
				t.ContentLink = in.ContentLink
			case ActionDispute:
				t.DisputeReason, t.DisputedBy = in.Reason, side
			case ActionCancel:
				t.CancelledBy = side
			}
		})
		return err
	})
	if err != nil {
		return Order{}, err
	}
	return s.present(ctx, t)
}

// ActInput is what an action carries: the content link of a delivery, the
// reason of a dispute.
type ActInput struct {
	ContentLink string `json:"content_link,omitempty" doc:"deliver: the link to the delivered content"`
	Reason      string `json:"reason,omitempty" doc:"dispute: what is wrong, 1 to 1000 characters"`
}

func (in ActInput) validate(action string) error {
	switch action {
	case ActionDeliver:
		return validLink(in.ContentLink)
	case ActionDispute:
		if n := len([]rune(in.Reason)); n == 0 || n > 1000 {
			return apperr.Field("reason", "must be 1 to 1000 characters")
		}
	}
	return nil
}

// move makes transition tr of t in ctx's transaction: the state change
// (refused when t has left tr.From meanwhile), the ledger posting it
// implies, the next timer, the audit event and both sides' notices.
func (s *Service) move(ctx context.Context, t Order, tr Transition, edit func(*Order)) (Order, error) {
	if !contains(tr.From, t.State) {
		return Order{}, apperr.New(apperr.Conflict, "This task is %s: it cannot be %s now.", StateLabels[t.State], StateLabels[tr.To])
	}
	r, err := s.store.findRules(ctx, t.Rule.Version)
	if err != nil {
		return Order{}, err
	}
	from := t.State
	now := s.clock.Now().UTC()
	t.State, t.UpdatedAt = tr.To, now
	edit(&t)
	switch tr.To {
	case StateAccepted:
		t.AcceptedAt = &now
		if t.deliverBy == nil {
			due := now.AddDate(0, 0, r.DeliverDays)
			t.deliverBy = &due
		}
	case StateDelivered:
		t.DeliveredAt = &now
		due := now.AddDate(0, 0, r.AutoConfirmDays)
		t.confirmBy = &due
	case StateDisputed:
	default:
		t.ClosedAt = &now
	}
	moved, err := s.store.updateTaskState(ctx, t, tr.From)
	if err != nil {
		return Order{}, err
	}
	if !moved {
		return Order{}, apperr.New(apperr.Conflict, "This task has just changed; reload it to see its state.")
	}
	switch tr.To {
	case StateAccepted:
		err = s.startTimer(ctx, t, TimerDeliver, *t.deliverBy)
	case StateDelivered:
		err = s.startTimer(ctx, t, TimerConfirm, *t.confirmBy)
	case StateDeclined, StateExpired, StateCancelled:
		err = s.refund(ctx, t)
	case StateConfirmed:
		err = s.payout(ctx, t, r)
	}
	if err != nil {
		return Order{}, err
	}
	return t, s.recorded(ctx, t, tr.To, fmt.Sprintf("%s → %s (%s)", from, tr.To, tr.Action))
}

// timerPayload is a timer job's payload.
type timerPayload struct {
	TaskID string `json:"task_id"`
	Timer  string `json:"timer"`
}

// startTimer enqueues a task timer as a durable job due at at.
func (s *Service) startTimer(ctx context.Context, t Order, timer string, at time.Time) error {
	_, err := s.jobs.Enqueue(ctx, TimerKind, timerPayload{TaskID: t.ID, Timer: timer}, jobs.At(at),
		jobs.Dedupe("task:"+t.ID+":"+timer))
	return apperr.WrapIf(err, "start task timer")
}

// runTimer is a timer's job: when the task still waits in the state the
// timer watches, the system takes the timer's transition (expire, cancel
// for late delivery, auto-confirm); otherwise it does nothing, so a timer
// run twice, or racing the person it stands in for, changes the task once.
func (s *Service) runTimer(ctx context.Context, j jobs.Job) error {
	var p timerPayload
	if err := j.Decode(&p); err != nil {
		return err
	}
	tr, ok := transitionOf(p.Timer, SideSystem)
	if !ok {
		return fmt.Errorf("task timer %q is unknown", p.Timer)
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		t, err := s.store.findTask(ctx, p.TaskID)
		if err != nil {
			return err
		}
		if !contains(tr.From, t.State) {
			return nil
		}
		ctx = authz.WithActor(ctx, authz.Actor{UserID: audit.System})
		_, err = s.move(ctx, t, tr, func(t *Order) {
			if tr.To == StateCancelled {
				t.CancelledBy = SideSystem
			}
		})
		if apperr.CodeOf(err) == apperr.Conflict {
			return nil
		}
		return err
	})
}

// recorded audits a task's change and notifies both sides of it, in ctx's
// transaction.
func (s *Service) recorded(ctx context.Context, t Order, state, summary string) error {
	ev := audit.Event{OwnerID: t.MerchantID, Action: "task." + state, ObjectType: "task", ObjectID: t.ID, Summary: summary}
	if authz.ActorFrom(ctx).UserID == audit.System {
		ev.ActorID = audit.System
	}
	if err := s.audit.Record(ctx, ev); err != nil {
		return err
	}
	if s.events != nil {
		now, err := s.present(ctx, t) // the escrow and payout after the move
		if err != nil {
			return err
		}
		parties := []string{t.CreatorID, t.BuyerID, t.MerchantID}
		if err := s.events.EmitAll(ctx, parties, webhook.EventTaskTransitioned, transitionEventOf(now, state)); err != nil {
			return err
		}
	}
	title := stateNotices[state]
	notified := map[string]bool{}
	for _, u := range []string{t.CreatorID, t.BuyerID, t.MerchantID} {
		if notified[u] {
			continue
		}
		notified[u] = true
		if err := s.notify.Notify(ctx, u, "task."+state, title.Format, "Open the task to see its state and timers.", nil); err != nil {
			return err
		}
	}
	return nil
}

// TransitionEvent is the data of the task.transitioned webhook event: the state
// a task reached, its parties and money, and the rule version it runs
// under.
type TransitionEvent struct {
	TaskID     string        `json:"task_id"`
	State      string        `json:"state"`
	CreatorID  string        `json:"creator_id"`
	MerchantID string        `json:"merchant_id"`
	BuyerID    string        `json:"buyer_id"`
	Amount     money.Amount  `json:"amount"`
	Escrow     money.Amount  `json:"escrow"`
	Outcome    string        `json:"outcome,omitempty"`
	Payout     *money.Amount `json:"payout,omitempty"`
	Fee        *money.Amount `json:"fee,omitempty"`
	Rule       rule.Ref      `json:"rule"`
}

func transitionEventOf(t Order, state string) TransitionEvent {
	return TransitionEvent{TaskID: t.ID, State: state, CreatorID: t.CreatorID, MerchantID: t.MerchantID, BuyerID: t.BuyerID,
		Amount: t.Amount, Escrow: t.Escrow, Outcome: t.Outcome, Payout: t.Payout, Fee: t.Fee, Rule: t.Rule}
}

// stateNotices are the message centre's titles of each state reached.
var stateNotices = map[string]i18n.Text{
	StateOrdered:   i18n.T("A task was ordered"),
	StateAccepted:  i18n.T("A task was accepted"),
	StateDeclined:  i18n.T("A task was declined and refunded"),
	StateExpired:   i18n.T("A task expired unaccepted and was refunded"),
	StateCancelled: i18n.T("A task was cancelled and refunded"),
	StateDelivered: i18n.T("A task was delivered"),
	StateDisputed:  i18n.T("A task is disputed"),
	StateConfirmed: i18n.T("A task was confirmed and paid out"),
	StateResolved:  i18n.T("A task dispute was decided"),
}

// FindDisputes lists disputed tasks for operators, oldest first: pending
// (disputed, the default), decided (resolved) or all.
func (s *Service) FindDisputes(ctx context.Context, status string, page db.Page) ([]Order, string, error) {
	if err := authz.CheckCtx(ctx, authz.DecideTaskDisputes, nil); err != nil {
		return nil, "", err
	}
	var w db.Where
	switch status {
	case "", "pending":
		w.Add("state = ?", StateDisputed)
	case "decided":
		w.Add("state = ? AND disputed_by <> ''", StateResolved)
	case "all":
		w.Add("disputed_by <> ''")
	default:
		return nil, "", apperr.Field("status", "must be pending, decided or all")
	}
	tasks, next, err := s.store.findTasks(ctx, w, page, longestWaitingFirst)
	if err != nil {
		return nil, "", err
	}
	return tasks, next, s.name(ctx, tasks)
}

// FindDispute returns a disputed (or decided) task for an operator.
func (s *Service) FindDispute(ctx context.Context, id string) (Order, error) {
	return s.findShown(ctx, authz.DecideTaskDisputes, id, func(t Order) bool { return t.DisputedBy != "" })
}

// DecideDispute settles a disputed task as an operator decides: release
// to the creator (minus the fee), refund the merchant, or split.
func (s *Service) DecideDispute(ctx context.Context, id string, d DisputeDecision) (Order, error) {
	if err := authz.CheckCtx(ctx, authz.DecideTaskDisputes, nil); err != nil {
		return Order{}, err
	}
	if err := d.validate(); err != nil {
		return Order{}, err
	}
	var t Order
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if t, err = s.store.findTask(ctx, id); err != nil {
			return err
		}
		if t.State != StateDisputed {
			return apperr.New(apperr.Conflict, "This task is %s: only a disputed task can be decided.", StateLabels[t.State])
		}
		r, err := s.store.findRules(ctx, t.Rule.Version)
		if err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		t.State, t.Outcome, t.CreatorShareBP, t.ClosedAt, t.UpdatedAt = StateResolved, d.Outcome, d.CreatorShareBP, &now, now
		if d.Outcome == OutcomeRelease {
			t.CreatorShareBP = 10000
		}
		moved, err := s.store.updateTaskState(ctx, t, []string{StateDisputed})
		if err != nil {
			return err
		}
		if !moved {
			return apperr.New(apperr.Conflict, "This task has just changed; reload it to see its state.")
		}
		if err := s.resolve(ctx, t, r); err != nil {
			return err
		}
		return s.recorded(ctx, t, StateResolved, fmt.Sprintf("dispute decided: %s (creator %d bp)", t.Outcome, t.CreatorShareBP))
	})
	if err != nil {
		return Order{}, err
	}
	return s.present(ctx, t)
}

// postingPurposes are the ledger postings a task can make, in the order
// they are posted: the escrow, then the one that empties it.
var postingPurposes = []string{"escrow", "refund", "payout", "resolve"}

// FindTaskPostings returns the ledger entries of one of the actor's tasks
// in the order they were posted (the escrow, and the refund, payout or
// resolution that emptied it); any other task is reported as absent.
func (s *Service) FindTaskPostings(ctx context.Context, id string) ([]ledger.Entry, error) {
	if err := authz.CheckCtx(ctx, authz.ReadTasks, nil); err != nil {
		return nil, err
	}
	t, err := s.store.findTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if s.sideIn(ctx, t) == "" {
		return nil, apperr.New(apperr.NotFound, "This task was not found.")
	}
	var out []ledger.Entry
	for _, purpose := range postingPurposes {
		e, found, err := s.ledger.FindEntryByRef(ctx, postingRef(t, purpose))
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, e)
		}
	}
	return out, nil
}
