package task

import (
	"context"

	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
)

// Escrow is ledger postings, never a column: an order moves its amount from
// the merchant's account to the task's escrow account, and closing the task
// empties the escrow to the merchant (refund), to the creator and the
// platform (payout), or to all three (a split). Each posting's Ref is the
// task and its purpose, so a posting retried is not appended twice.

func escrowAccount(t Order) string { return ledger.Escrow(t.ID) }

func postingRef(t Order, purpose string) string { return "task:" + t.ID + ":" + purpose }

// memo explains a posting: the task and the rule version it follows.
type memo struct {
	Task    string `json:"task"`
	Rule    any    `json:"rule"`
	Outcome string `json:"outcome,omitempty"`
}

// lines drops the zero lines of a posting.
func lines(ls ...ledger.Line) []ledger.Line {
	var out []ledger.Line
	for _, l := range ls {
		if l.Amount.Minor != 0 {
			out = append(out, l)
		}
	}
	return out
}

func line(account string, minor int64, currency string) ledger.Line {
	return ledger.Line{Account: account, Amount: money.New(minor, currency)}
}

// hold moves an order's amount from the merchant into escrow.
func (s *Service) hold(ctx context.Context, t Order) error {
	cur := t.Amount.Currency
	_, _, err := s.ledger.Post(ctx, ledger.Posting{Kind: "task.escrow", Ref: postingRef(t, "escrow"), Memo: memo{Task: t.ID, Rule: t.Rule},
		Lines: lines(line(ledger.Merchant(t.MerchantID), -t.Amount.Minor, cur), line(escrowAccount(t), t.Amount.Minor, cur))})
	return err
}

// refund returns the whole escrow to the merchant.
func (s *Service) refund(ctx context.Context, t Order) error {
	cur := t.Amount.Currency
	_, _, err := s.ledger.Post(ctx, ledger.Posting{Kind: "task.refund", Ref: postingRef(t, "refund"), Memo: memo{Task: t.ID, Rule: t.Rule},
		Lines: lines(line(escrowAccount(t), -t.Amount.Minor, cur), line(ledger.Merchant(t.MerchantID), t.Amount.Minor, cur))})
	return err
}

// split divides minor by basis points: the part and the rest, every fen
// allocated.
func split(minor int64, bp int) (part, rest int64, err error) {
	parts, err := money.Allocate(minor, []int64{int64(bp), int64(10000 - bp)})
	if err != nil {
		return 0, 0, err
	}
	return parts[0], parts[1], nil
}

// payout releases the escrow to the creator minus the platform's fee of
// the task's rule version.
func (s *Service) payout(ctx context.Context, t Order, r TaskRules) error {
	fee, net, err := split(t.Amount.Minor, r.FeeBP)
	if err != nil {
		return err
	}
	cur := t.Amount.Currency
	_, _, err = s.ledger.Post(ctx, ledger.Posting{Kind: "task.payout", Ref: postingRef(t, "payout"), Memo: memo{Task: t.ID, Rule: r.Ref()},
		Lines: lines(line(escrowAccount(t), -t.Amount.Minor, cur), line(ledger.Creator(t.CreatorID, ledger.Settled), net, cur),
			line(ledger.Platform, fee, cur))})
	return err
}

// resolve empties a disputed task's escrow as decided: the creator's share
// (CreatorShareBP; all of it on release, none on refund) minus the fee,
// the rest back to the merchant.
func (s *Service) resolve(ctx context.Context, t Order, r TaskRules) error {
	share := t.CreatorShareBP
	if t.Outcome == OutcomeRefund {
		share = 0
	}
	creatorPart, merchantPart, err := split(t.Amount.Minor, share)
	if err != nil {
		return err
	}
	fee, net, err := split(creatorPart, r.FeeBP)
	if err != nil {
		return err
	}
	cur := t.Amount.Currency
	_, _, err = s.ledger.Post(ctx, ledger.Posting{Kind: "task.resolve", Ref: postingRef(t, "resolve"),
		Memo: memo{Task: t.ID, Rule: r.Ref(), Outcome: t.Outcome},
		Lines: lines(line(escrowAccount(t), -t.Amount.Minor, cur), line(ledger.Creator(t.CreatorID, ledger.Settled), net, cur),
			line(ledger.Platform, fee, cur), line(ledger.Merchant(t.MerchantID), merchantPart, cur))})
	return err
}

// paidOut reads the creator's payout and the platform's fee from a closing
// posting's lines.
func paidOut(ls []ledger.Line, t Order) (payout, fee money.Amount) {
	payout, fee = money.New(0, t.Amount.Currency), money.New(0, t.Amount.Currency)
	for _, l := range ls {
		switch l.Account {
		case ledger.Creator(t.CreatorID, ledger.Settled):
			payout = l.Amount
		case ledger.Platform:
			fee = l.Amount
		}
	}
	return payout, fee
}
