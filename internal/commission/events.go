package commission

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/webhook"
)

// Line states (commission_lines.state).
const (
	StateUnattributed = "unattributed"
	StatePending      = "pending"
	StateSettled      = "settled"
	StateNotPayable   = "not_payable"
	StateReleased     = "released"
	StateForfeited    = "forfeited"
)

// OrderLine is one paid order line with its attribution and its current
// shares (after refunds).
type OrderLine struct {
	ID         string       `json:"id"`
	OrderID    string       `json:"order_id"`
	LineID     string       `json:"line_id"`
	ProductID  string       `json:"product_id"`
	MerchantID string       `json:"merchant_id"`
	ShopperID  string       `json:"shopper_id"`
	ClickID    string       `json:"click_id"`
	LinkID     string       `json:"link_id"`
	ContentID  string       `json:"content_id"`
	CreatorID  string       `json:"creator_id"`
	Scene      string       `json:"scene"`
	Paid       money.Amount `json:"paid"`
	Refunded   int64        `json:"refunded"`
	RateBP     int64        `json:"commission_rate_bp"`
	Ratio      string       `json:"ratio"`
	// PlatformAccount is where the platform's part goes: the platform, or
	// the scene's reward pool for the month.
	PlatformAccount string     `json:"platform_account"`
	Late            bool       `json:"late_grocery"`
	RuleVersion     int        `json:"rule_version"`
	Shares          Shares     `json:"shares"`
	State           string     `json:"state"`
	Confirmed       bool       `json:"confirmed"`
	Sandbox         bool       `json:"sandbox"`
	OwnShop         bool       `json:"own_shop"`
	PaidAt          time.Time  `json:"paid_at"`
	ClickedAt       *time.Time `json:"clicked_at"`
	PushedAt        *time.Time `json:"pushed_at"`
	NotPayableAt    *time.Time `json:"not_payable_at"`
	// Org is the organization's leg when the creator was bound at the
	// payment: the contract version it applied.
	Org *OrgLeg `json:"organization,omitempty"`
}

// split parses the line's ratio back.
func (l OrderLine) split() Split {
	var s Split
	parts := strings.Split(l.Ratio, ":")
	if len(parts) == 3 {
		s.Network, _ = strconv.ParseInt(parts[0], 10, 64)
		s.Platform, _ = strconv.ParseInt(parts[1], 10, 64)
		s.Creator, _ = strconv.ParseInt(parts[2], 10, 64)
	}
	return s
}

// account wraps an account name in the sandbox for sandbox lines.
func (l OrderLine) account(name string) string {
	if l.Sandbox {
		return ledger.Sandbox(name)
	}
	return name
}

// creatorAccount is where the creator's part of the line currently sits.
func (l OrderLine) creatorAccount() string {
	switch l.State {
	case StateSettled, StateReleased:
		return l.account(ledger.Creator(l.CreatorID, ledger.Settled))
	case StateNotPayable:
		return l.account(ledger.Creator(l.CreatorID, ledger.NotPayable))
	case StateForfeited:
		return l.account(ledger.Platform)
	}
	return l.account(ledger.Creator(l.CreatorID, ledger.Pending))
}

// lineDetail explains a ledger line of an order line (its fields in name
// order, as a map would encode them).
type lineDetail struct {
	Contract *RuleRef `json:"contract,omitempty"`
	LineID   string   `json:"line_id"`
	OrderID  string   `json:"order_id"`
	Party    string   `json:"party"`
	RateBP   int64    `json:"rate_bp"`
	Ratio    string   `json:"ratio"`
	Rule     RuleRef  `json:"rule"`
}

// movement is the ledger lines that move shares from the merchant to the
// parties (sign 1) or back (sign −1).
func (l OrderLine) movement(sh Shares, sign int64) []ledger.Line {
	detail := func(party string) lineDetail {
		return lineDetail{LineID: l.LineID, OrderID: l.OrderID, Party: party, RateBP: l.RateBP, Ratio: l.Ratio,
			Rule: RuleRef{Table: RulesTable, Version: l.RuleVersion}}
	}
	cur := l.Paid.Currency
	return append([]ledger.Line{
		{Account: l.account(ledger.Merchant(l.MerchantID)), Amount: money.New(-sign*sh.Commission, cur), Detail: jsonOf(detail("merchant"))},
		{Account: l.account(ledger.Network), Amount: money.New(sign*sh.Network, cur), Detail: jsonOf(detail("network"))},
		{Account: l.account(l.PlatformAccount), Amount: money.New(sign*sh.Platform, cur), Detail: jsonOf(detail("platform"))},
		{Account: l.creatorAccount(), Amount: money.New(sign*sh.Creator, cur), Detail: jsonOf(detail("creator"))},
	}, l.orgLine(sh, sign, detail)...)
}

// jsonOf encodes a line's detail.
func jsonOf(d lineDetail) json.RawMessage {
	b, _ := json.Marshal(d)
	return b
}

// lineMemo explains an order line's posting (its fields in name order, as
// a map would encode them).
type lineMemo struct {
	ClickID   string  `json:"click_id"`
	ContentID string  `json:"content_id"`
	CreatorID string  `json:"creator_id"`
	Event     string  `json:"event"`
	Late      bool    `json:"late_grocery"`
	LineID    string  `json:"line_id"`
	LinkID    string  `json:"link_id"`
	OrderID   string  `json:"order_id"`
	Org       *OrgLeg `json:"organization,omitempty"`
	Paid      int64   `json:"paid"`
	RateBP    int64   `json:"rate_bp"`
	Ratio     string  `json:"ratio"`
	Refunded  int64   `json:"refunded"`
	Rounding  string  `json:"rounding"`
	Rule      RuleRef `json:"rule"`
	Scene     string  `json:"scene"`
}

// memo explains an order line's posting.
func (l OrderLine) memo(event string) lineMemo {
	return lineMemo{ClickID: l.ClickID, ContentID: l.ContentID, CreatorID: l.CreatorID, Event: event, Late: l.Late,
		LineID: l.LineID, LinkID: l.LinkID, OrderID: l.OrderID, Org: l.Org, Paid: l.Paid.Minor, RateBP: l.RateBP, Ratio: l.Ratio,
		Refunded: l.Refunded, Rounding: Rounding, Rule: RuleRef{Table: RulesTable, Version: l.RuleVersion}, Scene: l.Scene}
}

// storedEvent is an order event as received.
type storedEvent struct {
	event       OrderEvent
	fingerprint string
	held        bool
	answer      EventAnswer
	received    time.Time
}

// fingerprint is what makes two events with one natural key the same event.
func fingerprint(e OrderEvent) string {
	return strings.Join([]string{e.ProductID, e.ShopperID, strconv.FormatInt(e.Amount.Minor, 10), e.Amount.Currency,
		e.At.UTC().Format(time.RFC3339Nano)}, "|")
}

// PostOrderEvent applies one order event and answers what it did. The same
// event again (same order, line and type) changes nothing and answers the
// first answer; the same key with other content is a conflict. Events
// posted at the same time are committed together (newGroupCommit); inside a
// caller's transaction (an Idempotency-Key's) the event joins it.
func (s *Service) PostOrderEvent(ctx context.Context, e OrderEvent) (EventAnswer, error) {
	if err := authz.CheckCtx(ctx, authz.PostOrderEvents, nil); err != nil {
		return EventAnswer{}, err
	}
	if err := e.validate(); err != nil {
		return EventAnswer{}, err
	}
	if db.InTx(ctx) {
		return s.postAlone(ctx, e)
	}
	return s.group.Do(ctx, e)
}

// PostOrderEvents applies up to MaxBatch events in one transaction, in
// order, and answers one answer per event: a refused event is answered
// "rejected" with its error and does not stop the others.
func (s *Service) PostOrderEvents(ctx context.Context, events []OrderEvent) ([]EventAnswer, error) {
	if err := authz.CheckCtx(ctx, authz.PostOrderEvents, nil); err != nil {
		return nil, err
	}
	if len(events) == 0 || len(events) > MaxBatch {
		return nil, apperr.Field("events", "must hold 1 to %d events", MaxBatch)
	}
	out := make([]EventAnswer, len(events))
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.prefetch(ctx, events); err != nil {
			return err
		}
		counts := map[string]int{}
		for i, e := range events {
			ans, err := s.applyChecked(ctx, e)
			if err != nil {
				return err
			}
			out[i] = ans
			counts[ans.Outcome]++
		}
		return s.record(ctx, "order_event.post_batch", "order_event_batch", events[0].OrderID,
			fmt.Sprintf("%d events: %d applied, %d held, %d unattributed, %d rejected", len(events),
				counts[OutcomeApplied], counts[OutcomeHeld], counts[OutcomeUnattributed], counts[OutcomeRejected]))
	})
	return out, err
}

// applyChecked validates and applies one event of a batch, turning a
// refusal (an *apperr.Error of the event itself) into a rejected answer.
func (s *Service) applyChecked(ctx context.Context, e OrderEvent) (EventAnswer, error) {
	err := e.validate()
	var ans EventAnswer
	if err == nil {
		ans, err = s.apply(ctx, e, false)
	}
	var ae *apperr.Error
	if err != nil && errors.As(err, &ae) && ae.Code != apperr.Internal {
		fields := map[string]string{}
		for _, f := range ae.FieldNames() {
			fields[f] = ae.Fields[f].In(i18n.English)
		}
		return EventAnswer{OrderID: e.OrderID, LineID: e.LineID, Type: e.Type, Outcome: OutcomeRejected, Postings: []Posting{},
			Error: &EventError{Code: string(ae.Code), Message: ae.MessageIn(i18n.English), Fields: fields}}, nil
	}
	return ans, err
}

// apply applies a validated event inside a transaction holding the ledger
// lock. Refusals happen before any write.
func (s *Service) apply(ctx context.Context, e OrderEvent, sandbox bool) (EventAnswer, error) {
	fp := fingerprint(e)
	stored, err := s.lineEvents(ctx, e.OrderID, e.LineID)
	if err != nil {
		return EventAnswer{}, err
	}
	var held []storedEvent
	for _, prev := range stored {
		switch {
		case prev.event.Type == e.Type && prev.fingerprint != fp:
			return EventAnswer{}, apperr.New(apperr.Conflict, "This order event was received before with other content.")
		case prev.event.Type == e.Type:
			return prev.answer, nil
		case prev.held:
			held = append(held, prev)
		}
	}
	var ans EventAnswer
	holding := false
	if e.Type == EventPaid {
		// No line without its payment event, which stored says is new.
		ans, err = s.paid(ctx, e, sandbox)
	} else {
		var line OrderLine
		var found bool
		if line, found, err = s.findLine(ctx, e.OrderID, e.LineID); err == nil && found {
			ans, err = s.adjust(ctx, line, e)
		} else if err == nil {
			holding = true
			ans = EventAnswer{Outcome: OutcomeHeld, Reason: "held until the payment of this order line arrives", Postings: []Posting{}}
		}
	}
	if err != nil {
		return EventAnswer{}, err
	}
	ans.OrderID, ans.LineID, ans.Type = e.OrderID, e.LineID, e.Type
	if e.Type == EventPaid && len(held) > 0 {
		if err := s.releaseHeld(ctx, e, held, &ans); err != nil {
			return EventAnswer{}, err
		}
	}
	if err := s.emitPosted(ctx, ans, sandbox); err != nil {
		return EventAnswer{}, err
	}
	return ans, s.createEvent(ctx, storedEvent{event: e, fingerprint: fp, held: holding, answer: ans})
}

// PostedEvent is the data of the ledger.posted webhook event: an order
// event that moved money, with the rule version its split used.
type PostedEvent struct {
	OrderID   string    `json:"order_id"`
	LineID    string    `json:"line_id"`
	EventType string    `json:"event_type"`
	CreatorID string    `json:"creator_id"`
	Sandbox   bool      `json:"sandbox"`
	Shares    *Shares   `json:"shares"`
	Postings  []Posting `json:"postings"`
	Rule      RuleRef   `json:"rule"`
}

// emitPosted hands an answer that posted to the ledger to the creator's
// webhooks, in the posting's transaction.
func (s *Service) emitPosted(ctx context.Context, ans EventAnswer, sandbox bool) error {
	if s.events == nil || len(ans.Postings) == 0 || ans.Attributed == nil {
		return nil
	}
	return s.events.Emit(ctx, ans.Attributed.CreatorID, webhook.EventLedgerPosted, PostedEvent{OrderID: ans.OrderID, LineID: ans.LineID,
		EventType: ans.Type, CreatorID: ans.Attributed.CreatorID, Sandbox: sandbox, Shares: ans.Shares, Postings: ans.Postings,
		Rule: ans.Attributed.Rule})
}

// releaseHeld applies the events of the line that arrived before its
// payment, in the order they arrived, and adds their postings to the
// payment's answer. Their own first answers ("held") stay as they were.
func (s *Service) releaseHeld(ctx context.Context, paid OrderEvent, held []storedEvent, ans *EventAnswer) error {
	for _, h := range held {
		line, _, err := s.findLine(ctx, paid.OrderID, paid.LineID)
		if err != nil {
			return err
		}
		a, err := s.adjust(ctx, line, h.event)
		if err != nil {
			return err
		}
		ans.Postings = append(ans.Postings, a.Postings...)
		if a.Shares != nil {
			ans.Shares = a.Shares
		}
		if err := s.releaseHeldEvent(ctx, h.event); err != nil {
			return err
		}
	}
	ans.Reason = strings.TrimSpace(ans.Reason + fmt.Sprintf(" %d held event(s) applied.", len(held)))
	return nil
}

// paid attributes a payment to the shopper's last click on the product
// inside the window, and posts the split.
func (s *Service) paid(ctx context.Context, e OrderEvent, sandbox bool) (EventAnswer, error) {
	rules, err := s.rulesAt(ctx, e.At)
	if err != nil {
		return EventAnswer{}, err
	}
	line := OrderLine{ID: newID(), OrderID: e.OrderID, LineID: e.LineID, ProductID: e.ProductID, ShopperID: e.ShopperID,
		Paid: e.Amount, RuleVersion: rules.Version, State: StateUnattributed, Sandbox: sandbox, PaidAt: e.At.UTC(),
		PlatformAccount: ledger.Platform}
	ans := EventAnswer{Outcome: OutcomeUnattributed, Postings: []Posting{}}
	product, err := s.product(ctx, e.ProductID)
	if apperr.CodeOf(err) == apperr.NotFound {
		ans.Reason = "the product is not listed"
		return ans, s.createLine(ctx, line)
	} else if err != nil {
		return EventAnswer{}, err
	}
	line.MerchantID, line.RateBP = product.MerchantID, product.RateBP
	click, found, err := s.lastClick(ctx, e.ShopperID, e.ProductID, sandbox, e.At.Add(-windowOf(rules.AttributionDays)), e.At)
	if err != nil {
		return EventAnswer{}, err
	}
	if !found {
		ans.Reason = fmt.Sprintf("no click of this shopper on this product in the %d days before the payment (rule %s version %d)",
			rules.AttributionDays, RulesTable, rules.Version)
		return ans, s.createLine(ctx, line)
	}
	link, err := s.link(ctx, click.LinkID)
	if err != nil {
		return EventAnswer{}, err
	}
	split := rules.Splits[click.Scene]
	line.Late = click.Scene == SceneGrocery && e.At.Sub(link.PushedAt) > windowOf(rules.GroceryLinkDays)
	if line.Late {
		split = split.Late(rules.GroceryLatePct)
	}
	if split.Pool {
		line.PlatformAccount = ledger.Pool(click.Scene, periodOf(e.At))
	}
	shares, err := ComputeShares(e.Amount.Minor, product.RateBP, split)
	if err != nil {
		return EventAnswer{}, apperr.Wrap(err, "split commission")
	}
	clickedAt, pushedAt := click.At, link.PushedAt
	line.ClickID, line.LinkID, line.ContentID, line.CreatorID, line.Scene = click.ID, link.ID, link.ContentID, link.CreatorID, click.Scene
	line.Ratio, line.Shares, line.State, line.OwnShop = split.String(), shares, StatePending, product.MerchantID == link.CreatorID
	line.ClickedAt, line.PushedAt = &clickedAt, &pushedAt
	if err := s.applyOrgLeg(ctx, &line); err != nil {
		return EventAnswer{}, err
	}
	shares = line.Shares
	if err := s.createLine(ctx, line); err != nil {
		return EventAnswer{}, err
	}
	ans.Outcome, ans.Shares = OutcomeApplied, &shares
	ans.Attributed = &Attribution{ClickID: click.ID, LinkID: link.ID, ContentID: link.ContentID, CreatorID: link.CreatorID,
		Scene: click.Scene, ClickedAt: click.At, Ratio: line.Ratio, RateBP: product.RateBP, Late: line.Late, Rule: rules.Ref()}
	if line.Late {
		ans.Reason = fmt.Sprintf("grocery order paid more than %d days after the content's push: the creator gets %d%% of its part",
			rules.GroceryLinkDays, rules.GroceryLatePct)
	}
	return ans, s.post(ctx, &ans, ledger.Posting{Kind: "commission.paid", Ref: eventRef(e), Memo: line.memo(EventPaid),
		Lines: line.movement(shares, 1)})
}

// eventRef is the ledger ref of the entry an event posts.
func eventRef(e OrderEvent) string { return "order:" + e.OrderID + ":" + e.LineID + ":" + e.Type }

// post appends p unless it moves nothing, and adds it to the answer.
func (s *Service) post(ctx context.Context, ans *EventAnswer, p ledger.Posting) error {
	if ledger.IsZero(p.Lines) {
		return nil
	}
	entry, _, err := s.ledger.Post(ctx, p)
	if err != nil {
		return apperr.Wrap(err, "post "+p.Kind)
	}
	ans.Postings = append(ans.Postings, postingOf(entry))
	return nil
}

func postingOf(e ledger.Entry) Posting {
	p := Posting{EntryID: e.ID, Seq: e.Seq, Kind: e.Kind, Lines: make([]PostedLine, len(e.Lines))}
	for i, l := range e.Lines {
		p.Lines[i] = PostedLine{Account: l.Account, Amount: l.Amount}
	}
	return p
}

// adjust applies a refund, a cancellation or a confirmation to a paid line.
// A refund re-computes the shares of what is still paid and posts the
// difference back to the merchant; a cancellation refunds what is left;
// refunds beyond the paid amount are capped at it.
func (s *Service) adjust(ctx context.Context, line OrderLine, e OrderEvent) (EventAnswer, error) {
	ans := EventAnswer{Outcome: OutcomeApplied, Postings: []Posting{}}
	if line.State == StateUnattributed {
		ans.Outcome, ans.Reason = OutcomeUnattributed, "the payment of this order line was not attributed: nothing to change"
		return ans, nil
	}
	ans.Attributed = &Attribution{ClickID: line.ClickID, LinkID: line.LinkID, ContentID: line.ContentID, CreatorID: line.CreatorID,
		Scene: line.Scene, Ratio: line.Ratio, RateBP: line.RateBP, Late: line.Late, Rule: RuleRef{Table: RulesTable, Version: line.RuleVersion}}
	if line.ClickedAt != nil {
		ans.Attributed.ClickedAt = *line.ClickedAt
	}
	if e.Type == EventConfirmed {
		ans.Shares = &line.Shares
		return ans, s.store.confirmLine(ctx, line.ID)
	}
	if e.Type == EventRefunded && e.Amount.Currency != line.Paid.Currency {
		return EventAnswer{}, apperr.Field("amount", "must be in the currency paid (%s)", line.Paid.Currency)
	}
	refunded := line.Paid.Minor
	if e.Type == EventRefunded && line.Refunded+e.Amount.Minor < line.Paid.Minor {
		refunded = line.Refunded + e.Amount.Minor
	} else if e.Type == EventRefunded {
		ans.Reason = "the refund is capped at what is left of the payment"
	}
	after, err := ComputeShares(line.Paid.Minor-refunded, line.RateBP, line.split())
	if err != nil {
		return EventAnswer{}, apperr.Wrap(err, "split commission")
	}
	if err := s.loadOrgLeg(ctx, &line); err != nil {
		return EventAnswer{}, err
	}
	if after, err = s.refundOrgLeg(ctx, line, after); err != nil {
		return EventAnswer{}, err
	}
	back := line.Shares.Minus(after)
	line.Refunded = refunded
	if err := s.store.updateLineShares(ctx, line.ID, refunded, after); err != nil {
		return EventAnswer{}, err
	}
	ans.Shares = &after
	return ans, s.post(ctx, &ans, ledger.Posting{Kind: "commission." + e.Type, Ref: eventRef(e), Memo: line.memo(e.Type),
		Lines: line.movement(back, -1)})
}
