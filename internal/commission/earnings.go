package commission

import (
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
)

// Earnings groupings.
const (
	GroupContent = "content"
	GroupProduct = "product"
	GroupDay     = "day"
)

// EarningsFilter selects a creator's earnings: grouped by content, product
// or day (UTC) of payment, paid in [From, To).
type EarningsFilter struct {
	Group string
	From  *time.Time
	To    *time.Time
}

// Earnings is one group's creator part by state, in minor units of
// Currency: pending (not settled yet), settled (settled or released, and
// reward-pool shares, which are settled when distributed), not payable
// (held by the settlement gate) and forfeited (not payable past its hold,
// gone to the platform).
type Earnings struct {
	Key        string `json:"key" doc:"the content id, product id or day (YYYY-MM-DD)"`
	Currency   string `json:"currency"`
	Orders     int    `json:"orders"`
	Pending    int64  `json:"pending"`
	Settled    int64  `json:"settled"`
	NotPayable int64  `json:"not_payable"`
	Forfeited  int64  `json:"forfeited"`
	Pool       int64  `json:"pool" doc:"of settled, the reward-pool shares (grouped per product under pool:<channel>)"`
}

// where selects the caller's real (not sandbox), attributed lines in range.
func (f EarningsFilter) where(creator string) (db.Where, error) {
	var w db.Where
	w.Add(`creator_id = ? AND NOT sandbox AND state <> ?`, creator, StateUnattributed)
	if f.From != nil {
		w.Add(`paid_at >= ?`, *f.From)
	}
	if f.To != nil {
		w.Add(`paid_at < ?`, *f.To)
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		return w, apperr.Field("to", "must come after from")
	}
	return w, nil
}

// maxStatementLines bounds one statement; a longer one is asked for by
// range.
const maxStatementLines = 100000

// FindEarnings answers the caller's earnings per group, the groups in key
// order.
func (s *Service) FindEarnings(ctx context.Context, f EarningsFilter) ([]Earnings, error) {
	if err := authz.CheckCtx(ctx, authz.ReadEarnings, nil); err != nil {
		return nil, err
	}
	if f.Group == "" {
		f.Group = GroupContent
	}
	if !slices.Contains([]string{GroupContent, GroupProduct, GroupDay}, f.Group) {
		return nil, apperr.Field("group", "must be content, product or day")
	}
	w, err := f.where(authz.ActorFrom(ctx).UserID)
	if err != nil {
		return nil, err
	}
	lines, err := s.store.findLines(ctx, w, maxStatementLines)
	if err != nil {
		return nil, err
	}
	groups := map[[2]string]*Earnings{}
	for _, l := range lines {
		key := l.ContentID
		switch f.Group {
		case GroupProduct:
			key = l.ProductID
		case GroupDay:
			key = l.PaidAt.Format(time.DateOnly)
		}
		g, ok := groups[[2]string{key, l.Paid.Currency}]
		if !ok {
			g = &Earnings{Key: key, Currency: l.Paid.Currency}
			groups[[2]string{key, l.Paid.Currency}] = g
		}
		g.Orders++
		switch l.State {
		case StatePending:
			g.Pending += l.Shares.Creator
		case StateSettled, StateReleased:
			g.Settled += l.Shares.Creator
		case StateNotPayable:
			g.NotPayable += l.Shares.Creator
		case StateForfeited:
			g.Forfeited += l.Shares.Creator
		}
	}
	if err := s.addPoolShares(ctx, f, authz.ActorFrom(ctx).UserID, groups); err != nil {
		return nil, err
	}
	out := make([]Earnings, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Earnings) int { return strings.Compare(a.Key+a.Currency, b.Key+b.Currency) })
	return out, nil
}

// orderStatementHeader are the columns of an order line in the earnings
// CSV.
var orderStatementHeader = []string{"order_id", "line_id", "product_id", "content_id", "link_id", "click_id", "scene", "clicked_at",
	"paid_at", "pushed_at", "currency", "paid", "refunded", "rate_bp", "rule_table", "rule_version", "base_ratio", "late_grocery",
	"late_pct", "attribution_days", "grocery_link_days", "ratio", "commission", "network", "platform", "creator", "platform_account", "state", "rounding",
	"organization_id", "contract_version", "org_share_bp", "organization"}

// StatementHeader is the first row of the earnings CSV. Each row is one
// order line (kind order_line) or reward-pool share (kind pool_share) with
// everything its amounts come from; tools/recompute reads it and
// re-computes every amount to the fen:
//
//	commission = Allocate(paid − refunded, [rate_bp, 10000 − rate_bp])[0]
//	network, platform, creator = Allocate(commission, ratio)
//	creator, organization = Allocate(creator, [10000 − org_share_bp, org_share_bp])
//	        when the creator was bound to an organization at the payment
//	        (its contract_version cited; the organization columns are empty
//	        otherwise)
//	ratio = base_ratio, or, when late_grocery, base_ratio with the creator
//	        keeping late_pct percent and the platform the rest
//	late_grocery = scene is grocery and paid_at − pushed_at > grocery_link_days
//	the click: clicked_at in [paid_at − attribution_days, paid_at]
//	score = clicks×w_clicks + shoppers×w_shoppers + orders×w_orders
//	        + ⌊sales/100⌋×w_sales_per_yuan
//	pool_share = Allocate(pool, pool_scores)[pool_index]
//
// A pool-share line leaves the order columns empty but content_id,
// currency, rule_table, rule_version, creator (its amount), state and
// rounding; an order line leaves the pool columns empty.
var StatementHeader = slices.Concat(orderStatementHeader, []string{"kind"}, poolStatementHeader)

// ExportEarnings writes the caller's statement as CSV, streaming its order
// lines (each with its organization leg, one query) and then its pool
// shares.
func (s *Service) ExportEarnings(ctx context.Context, f EarningsFilter, out io.Writer) error {
	if err := authz.CheckCtx(ctx, authz.ReadEarnings, nil); err != nil {
		return err
	}
	w, err := f.where(authz.ActorFrom(ctx).UserID)
	if err != nil {
		return err
	}
	history, err := s.store.findRuleHistory(ctx)
	if err != nil {
		return err
	}
	versions := map[int]CPSRules{}
	for _, r := range history {
		versions[r.Version] = r
	}
	rulesOf := func(v int) (CPSRules, error) {
		r, ok := versions[v]
		if !ok {
			return CPSRules{}, apperr.Wrap(sql.ErrNoRows, "find commission rules version "+strconv.Itoa(v))
		}
		return r, nil
	}
	cw := csv.NewWriter(out)
	_ = cw.Write(StatementHeader)
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.RFC3339Nano)
	}
	i := strconv.FormatInt
	err = s.store.eachLineWithLeg(ctx, w, maxStatementLines, func(l OrderLine) error {
		r, err := rulesOf(l.RuleVersion)
		if err != nil {
			return err
		}
		row := append([]string{l.OrderID, l.LineID, l.ProductID, l.ContentID, l.LinkID, l.ClickID, l.Scene, at(l.ClickedAt),
			l.PaidAt.Format(time.RFC3339Nano), at(l.PushedAt), l.Paid.Currency, i(l.Paid.Minor, 10), i(l.Refunded, 10),
			i(l.RateBP, 10), RulesTable, strconv.Itoa(l.RuleVersion), r.Splits[l.Scene].String(), strconv.FormatBool(l.Late),
			i(r.GroceryLatePct, 10), strconv.Itoa(r.AttributionDays), strconv.Itoa(r.GroceryLinkDays), l.Ratio, i(l.Shares.Commission, 10), i(l.Shares.Network, 10), i(l.Shares.Platform, 10),
			i(l.Shares.Creator, 10), l.PlatformAccount, l.State, Rounding}, l.orgColumns()...)
		row = append(append(row, KindOrderLine), make([]string, len(poolStatementHeader))...)
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	shares, err := s.store.findPoolShareLines(ctx, authz.ActorFrom(ctx).UserID, f.From, f.To)
	if err != nil {
		return err
	}
	for _, p := range shares {
		r, err := rulesOf(p.RuleVersion)
		if err != nil {
			return err
		}
		_ = cw.Write(p.statementRow(StatementHeader, r))
	}
	cw.Flush()
	return apperr.WrapIf(cw.Error(), "write statement")
}

// orgColumns are the statement's organization columns of l: empty when
// its creator was not bound at the payment.
func (l OrderLine) orgColumns() []string {
	if l.Org == nil {
		return []string{"", "", "", ""}
	}
	return []string{l.Org.OrganizationID, strconv.Itoa(l.Org.Version), strconv.FormatInt(l.Org.ShareBP, 10),
		strconv.FormatInt(l.Shares.Organization, 10)}
}

// FindLedgerEntries answers a page of the entries touching an account (or
// the accounts starting with it). Creators and merchants read their own
// accounts; finance operators read any.
func (s *Service) FindLedgerEntries(ctx context.Context, account string, page db.Page) ([]ledger.Entry, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadLedger, nil); err != nil {
		return nil, "", err
	}
	a := authz.ActorFrom(ctx)
	own := strings.TrimPrefix(account, ledger.SandboxPrefix)
	if !a.HasRole(authz.RoleFinance) && !strings.HasPrefix(own, "creator:"+a.UserID+":") && own != ledger.Merchant(a.UserID) &&
		own != "creator:"+a.UserID {
		return nil, "", apperr.New(apperr.Forbidden, "You can read only your own ledger accounts.")
	}
	return s.ledger.FindEntries(ctx, account, page)
}

// VerifyLedger walks the whole chain and reports what does not add up.
func (s *Service) VerifyLedger(ctx context.Context) (ledger.Report, error) {
	if err := authz.CheckCtx(ctx, authz.VerifyLedger, nil); err != nil {
		return ledger.Report{}, err
	}
	return s.ledger.Verify(ctx)
}

// SandboxOrder asks for Count synthetic orders through a tracked link, each
// a fresh shopper's click followed by its payment of Amount.
type SandboxOrder struct {
	LinkID string       `json:"link_id"`
	Amount money.Amount `json:"amount"`
	Count  int          `json:"count" required:"false" doc:"1 to 100 (default 1)"`
}

// PlaceSandboxOrders places synthetic clicks and orders (sandbox mode
// only: the server's or the caller's account's, see SandboxMode) on one of
// the caller's links, or any link for an integrator. Their
// money goes to sandbox accounts and never mixes with real balances.
func (s *Service) PlaceSandboxOrders(ctx context.Context, in SandboxOrder) ([]EventAnswer, error) {
	if err := authz.CheckCtx(ctx, authz.PlaceSandboxOrders, nil); err != nil {
		return nil, err
	}
	mode, err := s.sandboxModeOf(ctx, authz.ActorFrom(ctx).UserID)
	if err != nil {
		return nil, err
	}
	if !mode.On() {
		return nil, apperr.New(apperr.Forbidden, "Sandbox mode is off on this server and for your account.").
			With("link", SandboxPage)
	}
	if in.Count == 0 {
		in.Count = 1
	}
	if in.Count < 1 || in.Count > 100 {
		return nil, apperr.Field("count", "must be between 1 and 100")
	}
	l, p, err := s.store.findLinkWithProduct(ctx, in.LinkID)
	if err != nil {
		return nil, err
	}
	if a := authz.ActorFrom(ctx); !a.HasRole(authz.RoleIntegrator) {
		if err := authz.CheckCtx(ctx, authz.PlaceSandboxOrders, l); err != nil {
			return nil, err
		}
	}
	var out []EventAnswer
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.ledger.Lock(ctx); err != nil {
			return err
		}
		now := s.clock.Now()
		for range in.Count {
			c := Click{ID: newID(), LinkID: l.ID, ProductID: p.ID, ShopperID: "sandbox-" + newID(), Scene: l.Scene, Sandbox: true, At: now}
			if err := s.store.createClick(ctx, c); err != nil {
				return err
			}
			e := OrderEvent{OrderID: "sandbox-" + newID(), LineID: "1", ProductID: p.ID, ShopperID: c.ShopperID, Type: EventPaid,
				Amount: in.Amount, At: now}
			if err := e.validate(); err != nil {
				return err
			}
			ans, err := s.apply(ctx, e, true)
			if err != nil {
				return err
			}
			out = append(out, ans)
		}
		return s.record(ctx, "sandbox.orders", "commission_link", l.ID, strconv.Itoa(in.Count)+" sandbox orders")
	})
	return out, err
}
