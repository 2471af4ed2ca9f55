// Package task is the task marketplace (V任务, SPEC §8): creators of level
// L2 and above publish quotes, merchants order tasks against them with the
// price held in escrow in the ledger, and the order moves through its
// lifecycle with timers visible to both sides, cancellations, disputes
// decided by operators, and the payout to the creator minus the platform's
// fee. A Tmall-style store's main account cannot buy: it binds operation
// accounts (运营号) that order for it, each seeing only its own orders.
//
// The lifecycle (docs/tasks.md has it as a table):
//
//	ordered → accepted | declined | cancelled | expired (accept timer)
//	accepted → delivered | cancelled (either side, or the delivery timer)
//	delivered → confirmed (the merchant, or the auto-confirm timer) | disputed
//	disputed → resolved (an operator: release, refund or split)
//
// Money moves only in the ledger: the order posts merchant → escrow; a
// refund escrow → merchant; a confirmation escrow → creator and platform.
package task

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/rule"
)

// Quote kinds and their units (SPEC §8: "普通任务 ¥100 元/次", "直播信息窗
// ¥200 元/时").
const (
	KindTask       = "task"
	KindLiveWindow = "live_window"
	UnitPerTask    = "per_task"
	UnitPerHour    = "per_hour"
)

// unitOf is the one unit each kind is priced in.
var unitOf = map[string]string{KindTask: UnitPerTask, KindLiveWindow: UnitPerHour}

// States of a task order.
const (
	StateOrdered   = "ordered"
	StateAccepted  = "accepted"
	StateDeclined  = "declined"
	StateExpired   = "expired"
	StateCancelled = "cancelled"
	StateDelivered = "delivered"
	StateDisputed  = "disputed"
	StateConfirmed = "confirmed"
	StateResolved  = "resolved"
)

// StateLabels name the states for people.
var StateLabels = map[string]i18n.Text{
	StateOrdered:   i18n.T("ordered"),
	StateAccepted:  i18n.T("accepted"),
	StateDeclined:  i18n.T("declined"),
	StateExpired:   i18n.T("expired"),
	StateCancelled: i18n.T("cancelled"),
	StateDelivered: i18n.T("delivered"),
	StateDisputed:  i18n.T("disputed"),
	StateConfirmed: i18n.T("confirmed"),
	StateResolved:  i18n.T("resolved"),
}

// States lists the states in lifecycle order.
var States = []string{StateOrdered, StateAccepted, StateDeclined, StateExpired, StateCancelled, StateDelivered,
	StateDisputed, StateConfirmed, StateResolved}

// openStates are the states in which money is still in escrow; an
// operation account with a task in one of them cannot be unbound.
var openStates = []string{StateOrdered, StateAccepted, StateDelivered, StateDisputed}

// Dispute outcomes an operator decides.
const (
	OutcomeRelease = "release"
	OutcomeRefund  = "refund"
	OutcomeSplit   = "split"
)

// Actions on a task, each a transition of the lifecycle.
const (
	ActionAccept  = "accept"
	ActionDecline = "decline"
	ActionDeliver = "deliver"
	ActionConfirm = "confirm"
	ActionCancel  = "cancel"
	ActionDispute = "dispute"
)

// Sides of a task: who may take an action.
const (
	SideCreator = "creator"
	SideBuyer   = "buyer"
	SideSystem  = "system"
)

// Transition is one row of the state machine: an action, who may take it,
// the states it leaves from and the state it reaches.
type Transition struct {
	Action string
	Side   string
	From   []string
	To     string
}

// Machine is the lifecycle, the one table both the use cases and the
// console's buttons follow. Timers are the system's transitions.
var Machine = []Transition{
	{ActionAccept, SideCreator, []string{StateOrdered}, StateAccepted},
	{ActionDecline, SideCreator, []string{StateOrdered}, StateDeclined},
	{ActionCancel, SideBuyer, []string{StateOrdered, StateAccepted}, StateCancelled},
	{ActionCancel, SideCreator, []string{StateAccepted}, StateCancelled},
	{ActionDeliver, SideCreator, []string{StateAccepted}, StateDelivered},
	{ActionConfirm, SideBuyer, []string{StateDelivered}, StateConfirmed},
	{ActionDispute, SideBuyer, []string{StateDelivered}, StateDisputed},
	{ActionDispute, SideCreator, []string{StateDelivered}, StateDisputed},
	{TimerAccept, SideSystem, []string{StateOrdered}, StateExpired},
	{TimerDeliver, SideSystem, []string{StateAccepted}, StateCancelled},
	{TimerConfirm, SideSystem, []string{StateDelivered}, StateConfirmed},
}

// transitionOf finds the row of action taken by side.
func transitionOf(action, side string) (Transition, bool) {
	for _, t := range Machine {
		if t.Action == action && t.Side == side {
			return t, true
		}
	}
	return Transition{}, false
}

// Timers of a task, each a durable job at its deadline.
const (
	TimerAccept  = "accept_timeout"
	TimerDeliver = "deliver_timeout"
	TimerConfirm = "auto_confirm"
)

// Quote is a creator's published offer.
type Quote struct {
	ID          string       `json:"id"`
	CreatorID   string       `json:"creator_id"`
	Kind        string       `json:"kind" enum:"task,live_window"`
	Unit        string       `json:"unit" enum:"per_task,per_hour"`
	Price       money.Amount `json:"price"`
	Description string       `json:"description"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// OwnerID makes a quote an authz.Object of its creator.
func (q Quote) OwnerID() string { return q.CreatorID }

// QuoteInput creates or replaces a quote.
type QuoteInput struct {
	Kind        string       `json:"kind" doc:"task (priced per task) or live_window (per hour)"`
	Price       money.Amount `json:"price" doc:"in fen, CNY"`
	Unit        string       `json:"unit,omitempty" doc:"per_task or per_hour, the kind's unit; optional"`
	Description string       `json:"description" doc:"what the merchant gets, 1 to 500 characters"`
}

// The bounds of a quote.
const (
	MaxPrice       = 100_000_000 // ¥1,000,000.00
	MaxDescription = 500
	MaxHours       = 24
	MaxRequirement = 2000
)

// validate checks a quote's input and fills in the unit.
func (in *QuoteInput) validate() error {
	var v apperr.Validation
	in.Description = strings.TrimSpace(in.Description)
	unit, ok := unitOf[in.Kind]
	switch {
	case !ok:
		v.Reject("kind", "must be task or live_window")
	case in.Unit != "" && in.Unit != unit:
		v.Reject("unit", "a %s quote is priced %s", in.Kind, unit)
	default:
		in.Unit = unit
	}
	switch {
	case in.Price.Currency != "CNY":
		v.Reject("price", "must be in CNY")
	case in.Price.Minor <= 0 || in.Price.Minor > MaxPrice:
		v.Reject("price", "must be between 1 fen and ¥1,000,000")
	}
	if n := utf8.RuneCountInString(in.Description); n == 0 || n > MaxDescription {
		v.Reject("description", "must be 1 to %d characters", MaxDescription)
	}
	return v.Err()
}

// OrderInput places a task order against a quote.
type OrderInput struct {
	QuoteID      string `json:"quote_id"`
	Requirements string `json:"requirements" doc:"what the merchant wants, 1 to 2000 characters"`
	Hours        int    `json:"hours,omitempty" doc:"for per-hour quotes, 1 to 24"`
	// DeliverBy is the agreed delivery date; empty for the rule's default
	// (accepted + deliver_days).
	DeliverBy *time.Time `json:"deliver_by,omitempty" doc:"agreed delivery deadline; default: the rules' deliver_days after acceptance"`
}

// validate checks an order against its quote's unit, at now.
func (in *OrderInput) validate(q Quote, now time.Time, r TaskRules) error {
	var v apperr.Validation
	in.Requirements = strings.TrimSpace(in.Requirements)
	if n := utf8.RuneCountInString(in.Requirements); n == 0 || n > MaxRequirement {
		v.Reject("requirements", "must be 1 to %d characters", MaxRequirement)
	}
	switch {
	case q.Unit == UnitPerHour && (in.Hours < 1 || in.Hours > MaxHours):
		v.Reject("hours", "a per-hour quote needs 1 to %d hours", MaxHours)
	case q.Unit == UnitPerTask && in.Hours != 0:
		v.Reject("hours", "a per-task quote takes no hours")
	}
	if in.DeliverBy != nil {
		earliest := now.Add(time.Duration(r.AcceptHours) * time.Hour)
		if !in.DeliverBy.After(earliest) || in.DeliverBy.After(now.AddDate(0, 0, 90)) {
			v.Reject("deliver_by", "must be after the acceptance deadline and within 90 days")
		}
	}
	return v.Err()
}

// Deadline is one timer of a task as both sides see it.
type Deadline struct {
	Timer string    `json:"timer" enum:"accept_timeout,deliver_timeout,auto_confirm"`
	DueAt time.Time `json:"due_at"`
	// Running is set while the task is in the state the timer watches.
	Running bool `json:"running"`
}

// Order is one task order with a copy of the quote's terms it was placed on.
type Order struct {
	ID         string `json:"id"`
	QuoteID    string `json:"quote_id"`
	CreatorID  string `json:"creator_id"`
	MerchantID string `json:"merchant_id"`
	BuyerID    string `json:"buyer_id"`
	// Creator, Merchant and Buyer are the parties' names.
	Creator  string `json:"creator"`
	Merchant string `json:"merchant"`
	Buyer    string `json:"buyer"`

	Kind         string       `json:"kind"`
	Unit         string       `json:"unit"`
	UnitPrice    money.Amount `json:"unit_price"`
	Hours        int          `json:"hours"`
	Amount       money.Amount `json:"amount"`
	Description  string       `json:"description"`
	Requirements string       `json:"requirements"`

	State          string `json:"state"`
	ContentLink    string `json:"content_link,omitempty"`
	DisputeReason  string `json:"dispute_reason,omitempty"`
	DisputedBy     string `json:"disputed_by,omitempty"`
	CancelledBy    string `json:"cancelled_by,omitempty"`
	Outcome        string `json:"outcome,omitempty"`
	CreatorShareBP int    `json:"creator_share_bp,omitempty"`
	// Payout is what the creator received and Fee the platform's part,
	// once the task is confirmed or resolved.
	Payout *money.Amount `json:"payout,omitempty"`
	Fee    *money.Amount `json:"fee,omitempty"`
	// Escrow is what the ledger holds for the task now.
	Escrow money.Amount `json:"escrow"`
	// Rule is the rule-table version the fee and the timers came from.
	Rule      rule.Ref   `json:"rule"`
	Deadlines []Deadline `json:"deadlines"`

	acceptBy, deliverBy, confirmBy *time.Time

	CreatedAt   time.Time  `json:"created_at"`
	AcceptedAt  *time.Time `json:"accepted_at,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Open reports whether money of the task is still in escrow.
func (t Order) Open() bool {
	for _, s := range openStates {
		if t.State == s {
			return true
		}
	}
	return false
}

// deadlines lists the task's timers with the one that is running.
func (t *Order) deadlines() {
	t.Deadlines = []Deadline{}
	add := func(timer string, at *time.Time, state string) {
		if at != nil {
			t.Deadlines = append(t.Deadlines, Deadline{Timer: timer, DueAt: *at, Running: t.State == state})
		}
	}
	add(TimerAccept, t.acceptBy, StateOrdered)
	add(TimerDeliver, t.deliverBy, StateAccepted)
	add(TimerConfirm, t.confirmBy, StateDelivered)
}

// sideOf says which side of t the user is (a store's main account is on the
// buyer's side of its operation accounts' orders), or "".
func (t Order) sideOf(userID string) string {
	switch userID {
	case t.CreatorID:
		return SideCreator
	case t.BuyerID, t.MerchantID:
		return SideBuyer
	}
	return ""
}

// Actions lists what userID may do to the task now (the console's buttons).
func (t Order) Actions(userID string) []string {
	side := t.sideOf(userID)
	var out []string
	for _, tr := range Machine {
		if tr.Side == side && contains(tr.From, t.State) {
			out = append(out, tr.Action)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// validLink checks a delivered content link: an http(s) URL.
func validLink(link string) error {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(link) > 2000 {
		return apperr.Field("content_link", "must be an http or https link to the delivered content")
	}
	return nil
}

// DisputeDecision is an operator's decision of a dispute.
type DisputeDecision struct {
	Outcome string `json:"outcome" doc:"release (to the creator), refund (the merchant) or split"`
	// CreatorShareBP is the creator's part of a split in basis points.
	CreatorShareBP int `json:"creator_share_bp,omitempty" doc:"for split: the creator's part, 1 to 9999 basis points"`
}

func (d DisputeDecision) validate() error {
	switch d.Outcome {
	case OutcomeRelease, OutcomeRefund:
		if d.CreatorShareBP != 0 {
			return apperr.Field("creator_share_bp", "is only for a split")
		}
	case OutcomeSplit:
		if d.CreatorShareBP < 1 || d.CreatorShareBP > 9999 {
			return apperr.Field("creator_share_bp", "must be between 1 and 9999 basis points")
		}
	default:
		return apperr.Field("outcome", "must be release, refund or split")
	}
	return nil
}
