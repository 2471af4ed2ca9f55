// Package commission is affiliate commission (淘宝客 CPS, SPEC §9): the
// products merchants sell with their commission rate, tracked links for
// products mounted in content, the clicks on them, the order events the
// marketplace sends, and what they earn the creator whose click drove the
// order. Every movement of money is a posting in the ledger (package
// ledger); this package's tables explain the postings, and a creator's
// statement holds everything needed to re-compute each amount
// (tools/recompute does it).
//
// The rules, in the order they apply (all numbers are rows of the
// versioned rule table, RulesTable; the version in force at an event's
// time decides it, and every decision names it):
//
//   - Attribution: an order line is attributed to the shopper's last click
//     on that product at or before the payment and at most
//     AttributionDays (15) before it, the edge included. Clicks after the
//     payment never count.
//   - Commission: paid amount × the product's rate in basis points, to the
//     nearest fen, half a fen rounding up (Rounding).
//   - Split: by the click's scene, network : platform : creator (1:3:6
//     private, 1:4:5 public and grocery, 1:7:2 key channels), with
//     money.Allocate: each part rounded down, the fen left over going to the
//     largest remainders, ties to the earlier of network, platform,
//     creator. In key channels with a reward pool the platform's part goes
//     to the channel's pool for the month of the payment
//     (pool:<channel>:<yyyy-mm>); global shopping keeps its 7 with the
//     platform, its pool having its own rules (SPEC §9).
//   - Grocery: links can be created only up to GroceryLinkDays (5) after
//     the content's push (its first push, or its publication when it was
//     never pushed), the edge included. A grocery order paid later than that
//     after the push, yet inside the click's window, pays the creator
//     GroceryLatePct (50) percent of the creator's part; the other half goes
//     to the platform and the network's part is unchanged. The 50% applies
//     to the creator's share of that order's commission, not to the
//     commission as a whole (Split.Late: 1:4:5 becomes 2:13:5).
//   - Refunds and cancellations: the shares are re-computed for the paid
//     amount less everything refunded so far, and the difference is posted
//     back to the merchant, so that a full refund reverses every fen; after
//     settlement the creator's settled account pays it back (a negative
//     balance carries forward to the next earnings).
//   - Settlement: only confirmed lines are settled. A settlement run for a
//     month settles the creator's part of each confirmed line paid in that
//     month when authz grants the creator authz.SettleCommission: their
//     level holds the cps_settlement privilege of the level privilege table
//     (L2 and above in its first version) and no settlement restriction is
//     in force; otherwise the part is recorded not payable, citing the
//     level, the privilege table's version and the refusal. A later run
//     releases not-payable commission to a creator granted it within
//     BelowLevel.HoldDays (90) of it being recorded, and after that forfeits
//     it to the platform (or keeps it recorded, by policy).
package commission

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/money"
)

// MerchantProduct is something a merchant sells, with the commission it pays.
type MerchantProduct struct {
	ID         string       `json:"id"`
	MerchantID string       `json:"merchant_id"`
	SKU        string       `json:"sku"`
	Title      string       `json:"title"`
	URL        string       `json:"url"`
	Price      money.Amount `json:"price"`
	// RateBP is the commission rate in basis points of the paid amount.
	RateBP    int64     `json:"commission_rate_bp"`
	Category  string    `json:"category"`
	Grocery   bool      `json:"grocery"`
	CreatedAt time.Time `json:"created_at"`
}

// OwnerID makes a product an authz object of its merchant.
func (p MerchantProduct) OwnerID() string { return p.MerchantID }

// ProductInput is what a merchant or integrator lists. MerchantID is read
// only from integrators, who list for a merchant.
type ProductInput struct {
	MerchantID string       `json:"merchant_id,omitempty" required:"false" doc:"integrators only: the merchant the product belongs to"`
	SKU        string       `json:"sku"`
	Title      string       `json:"title"`
	URL        string       `json:"url"`
	Price      money.Amount `json:"price"`
	RateBP     int64        `json:"commission_rate_bp" doc:"commission rate in basis points of the paid amount (0 to 10000)"`
	Category   string       `json:"category" required:"false"`
	Grocery    bool         `json:"grocery" required:"false" doc:"a grocery-store (天猫超市) product"`
}

func (in *ProductInput) validate() error {
	in.SKU, in.Title, in.URL, in.Category = strings.TrimSpace(in.SKU), strings.TrimSpace(in.Title),
		strings.TrimSpace(in.URL), strings.TrimSpace(in.Category)
	var v apperr.Validation
	if in.SKU == "" || utf8.RuneCountInString(in.SKU) > 64 {
		v.Reject("sku", "must be 1 to 64 characters")
	}
	if in.Title == "" || utf8.RuneCountInString(in.Title) > 200 {
		v.Reject("title", "must be 1 to 200 characters")
	}
	if u, err := url.Parse(in.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		v.Reject("url", "must be an http or https address")
	}
	if in.Price.Minor < 0 || len(in.Price.Currency) != 3 {
		v.Reject("price", "must be a non-negative amount with a currency code")
	}
	if in.RateBP < 0 || in.RateBP > 10000 {
		v.Reject("commission_rate_bp", "must be between 0 and 10000")
	}
	if utf8.RuneCountInString(in.Category) > 30 {
		v.Reject("category", "must be at most 30 characters")
	}
	return v.Err()
}

// Link is a tracked link: a product mounted in a content, in a scene.
type Link struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	ContentID string    `json:"content_id"`
	ProductID string    `json:"product_id"`
	CreatorID string    `json:"creator_id"`
	Scene     string    `json:"scene"`
	PushedAt  time.Time `json:"pushed_at"`
	Rule      RuleRef   `json:"rule"`
	CreatedAt time.Time `json:"created_at"`
}

// OwnerID makes a link an authz object of its creator.
func (l Link) OwnerID() string { return l.CreatorID }

// LinkPath is where a tracked link is followed.
func LinkPath(id string) string { return "/l/" + id }

// LinkInput asks for a tracked link.
type LinkInput struct {
	ContentID string `json:"content_id"`
	ProductID string `json:"product_id" doc:"the product's id or its sku, as mounted in the content"`
	Scene     string `json:"scene"`
}

func validScene(field, scene string) error {
	if !slices.Contains(Scenes, scene) {
		return apperr.Field(field, "must be one of %s", strings.Join(Scenes, ", "))
	}
	return nil
}

// Click is one click on a tracked link.
type Click struct {
	ID        string    `json:"id"`
	LinkID    string    `json:"link_id"`
	ProductID string    `json:"product_id"`
	ShopperID string    `json:"shopper_id"`
	Scene     string    `json:"scene"`
	Sandbox   bool      `json:"sandbox"`
	At        time.Time `json:"at"`
}

// ClickInput is a click an integrator tracked itself. Scene defaults to the
// link's; At to now.
type ClickInput struct {
	LinkID    string     `json:"link_id"`
	ShopperID string     `json:"shopper_id"`
	Scene     string     `json:"scene,omitempty" required:"false"`
	At        *time.Time `json:"at,omitempty" required:"false"`
}

// Order event types (SPEC §9).
const (
	EventPaid      = "paid"
	EventRefunded  = "refunded"
	EventCancelled = "cancelled"
	EventConfirmed = "confirmed"
)

// EventTypes lists the order event types.
var EventTypes = []string{EventPaid, EventRefunded, EventCancelled, EventConfirmed}

// OrderEvent is what the marketplace tells of one order line. Its natural
// key is (OrderID, LineID, Type): the same event twice changes nothing.
// Amount is the paid amount of "paid" and the refunded amount of
// "refunded"; "cancelled" reverses what is left, "confirmed" (receipt
// confirmed) makes the line settleable; both ignore Amount.
type OrderEvent struct {
	OrderID   string       `json:"order_id"`
	LineID    string       `json:"line_id"`
	ProductID string       `json:"product_id"`
	ShopperID string       `json:"shopper_id"`
	Type      string       `json:"type" enum:"paid,refunded,cancelled,confirmed"`
	Amount    money.Amount `json:"amount" required:"false"`
	At        time.Time    `json:"at"`
}

func (e *OrderEvent) validate() error {
	e.OrderID, e.LineID, e.ProductID, e.ShopperID = strings.TrimSpace(e.OrderID), strings.TrimSpace(e.LineID),
		strings.TrimSpace(e.ProductID), strings.TrimSpace(e.ShopperID)
	var v apperr.Validation
	for field, val := range map[string]string{"order_id": e.OrderID, "line_id": e.LineID, "product_id": e.ProductID, "shopper_id": e.ShopperID} {
		if val == "" || len(val) > 128 {
			v.Reject(field, "must be 1 to 128 characters")
		}
	}
	if !slices.Contains(EventTypes, e.Type) {
		v.Reject("type", "must be one of %s", strings.Join(EventTypes, ", "))
	}
	if (e.Type == EventPaid || e.Type == EventRefunded) && (e.Amount.Minor <= 0 || len(e.Amount.Currency) != 3) {
		v.Reject("amount", "must be a positive amount with a currency code")
	}
	if e.At.IsZero() {
		v.Reject("at", "is required")
	}
	return v.Err()
}

// Attribution names what an order line was attributed to and the rule
// version that decided it.
type Attribution struct {
	ClickID   string    `json:"click_id"`
	LinkID    string    `json:"link_id"`
	ContentID string    `json:"content_id"`
	CreatorID string    `json:"creator_id"`
	Scene     string    `json:"scene"`
	ClickedAt time.Time `json:"clicked_at"`
	// Ratio is the split network:platform:creator used, after the grocery
	// rule when Late.
	Ratio  string  `json:"ratio"`
	RateBP int64   `json:"commission_rate_bp"`
	Late   bool    `json:"late_grocery"`
	Rule   RuleRef `json:"rule"`
}

// PostedLine is one line of a posting, as an answer shows it.
type PostedLine struct {
	Account string       `json:"account"`
	Amount  money.Amount `json:"amount"`
}

// Posting is a ledger entry an event made.
type Posting struct {
	EntryID string       `json:"entry_id"`
	Seq     int64        `json:"seq"`
	Kind    string       `json:"kind"`
	Lines   []PostedLine `json:"lines"`
}

// Outcomes of an order event.
const (
	OutcomeApplied      = "applied"
	OutcomeHeld         = "held"
	OutcomeUnattributed = "unattributed"
	OutcomeRejected     = "rejected"
)

// EventAnswer is the answer to one order event; the same event sent again
// gets its first answer.
type EventAnswer struct {
	OrderID string `json:"order_id"`
	LineID  string `json:"line_id"`
	Type    string `json:"type"`
	// Outcome is applied, held (waiting for its payment), unattributed
	// (nothing to pay: Reason says why) or rejected (Error says why; batch
	// answers only).
	Outcome    string       `json:"outcome" enum:"applied,held,unattributed,rejected"`
	Attributed *Attribution `json:"attributed"`
	Reason     string       `json:"reason,omitempty"`
	Shares     *Shares      `json:"shares,omitempty" doc:"the line's commission and shares after this event"`
	Postings   []Posting    `json:"postings"`
	Error      *EventError  `json:"error,omitempty"`
}

// EventError is a refused event of a batch.
type EventError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// MaxBatch bounds the events of one batch.
const MaxBatch = 1000
