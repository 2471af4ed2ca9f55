package commission

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
)

// PoolShareLine is one of a creator's reward-pool shares as the earnings
// show it: the share with its score's inputs, the distribution it came
// from, and every score of that distribution in allocation order (content
// id order), so that the amount can be re-computed from the line alone:
//
//	amount = Allocate(pool, scores)[index], pool = the sum of the
//	distribution's shares (a distribution pays the whole pool out)
//
// A share is settled when it is distributed: the settlement gate leaves
// creators whose level lacks cps_settlement out of the distribution, so a
// share is never pending or not payable.
type PoolShareLine struct {
	PoolShare
	DistributionID string
	Channel        string
	Period         string
	RuleVersion    int
	DistributedAt  time.Time
	Pool           int64
	Scores         []int64
	Index          int
}

// findPoolShareLines answers creator's pool shares distributed in
// [from, to) (either end open when nil), oldest first.
func (s store) findPoolShareLines(ctx context.Context, creator string, from, to *time.Time) ([]PoolShareLine, error) {
	q := `SELECT s.distribution_id, s.channel, s.period, s.content_id, s.clicks, s.shoppers, s.orders, s.sales, s.score,
		s.amount, s.currency, s.rule_version, s.created_at, o.content_id, o.score, o.amount
		FROM commission_pool_shares s JOIN commission_pool_shares o ON o.distribution_id = s.distribution_id AND o.currency = s.currency
		WHERE s.creator_id = ?`
	args := []any{creator}
	if from != nil {
		q, args = q+` AND s.created_at >= ?`, append(args, *from)
	}
	if to != nil {
		q, args = q+` AND s.created_at < ?`, append(args, *to)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY s.created_at, s.distribution_id, s.currency, s.content_id, o.content_id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find pool shares")
	}
	defer rows.Close()
	var out []PoolShareLine
	for rows.Next() {
		var l PoolShareLine
		var other string
		var score, amount int64
		var currency string
		if err := rows.Scan(&l.DistributionID, &l.Channel, &l.Period, &l.ContentID, &l.Clicks, &l.Shoppers, &l.Orders, &l.Sales.Minor,
			&l.Score, &l.Amount.Minor, &currency, &l.RuleVersion, &l.DistributedAt, &other, &score, &amount); err != nil {
			return nil, apperr.Wrap(err, "find pool shares")
		}
		l.CreatorID, l.Sales.Currency, l.Amount.Currency, l.DistributedAt = creator, currency, currency, l.DistributedAt.UTC()
		if n := len(out); n == 0 || out[n-1].DistributionID != l.DistributionID || out[n-1].ContentID != l.ContentID ||
			out[n-1].Amount.Currency != currency {
			out = append(out, l)
		}
		last := &out[len(out)-1]
		if other == last.ContentID {
			last.Index = len(last.Scores)
		}
		last.Scores, last.Pool = append(last.Scores, score), last.Pool+amount
	}
	return out, apperr.WrapIf(rows.Err(), "find pool shares")
}

// poolStatementHeader are the columns of the earnings CSV's pool-share
// lines (kind pool_share), after the order lines' columns: see
// PoolShareLine for how tools/recompute re-computes them.
var poolStatementHeader = []string{"distribution_id", "pool_channel", "pool_period", "distributed_at", "clicks", "shoppers",
	"orders", "sales", "w_clicks", "w_shoppers", "w_orders", "w_sales_per_yuan", "score", "pool", "pool_scores", "pool_index",
	"pool_share"}

// statementRow is l as a row of the earnings CSV under header, with the
// weights of the rules it was distributed under.
func (l PoolShareLine) statementRow(header []string, r CPSRules) []string {
	i := strconv.FormatInt
	scores := make([]string, len(l.Scores))
	for k, s := range l.Scores {
		scores[k] = i(s, 10)
	}
	w := r.PoolWeights
	values := map[string]string{"kind": KindPoolShare, "content_id": l.ContentID, "currency": l.Amount.Currency,
		"rule_table": RulesTable, "rule_version": strconv.Itoa(l.RuleVersion), "creator": i(l.Amount.Minor, 10),
		"state": StateSettled, "rounding": PoolFormula, "distribution_id": l.DistributionID, "pool_channel": l.Channel,
		"pool_period": l.Period, "distributed_at": l.DistributedAt.Format(time.RFC3339Nano), "clicks": i(l.Clicks, 10),
		"shoppers": i(l.Shoppers, 10), "orders": i(l.Orders, 10), "sales": i(l.Sales.Minor, 10), "w_clicks": i(w.Clicks, 10),
		"w_shoppers": i(w.Shoppers, 10), "w_orders": i(w.Orders, 10), "w_sales_per_yuan": i(w.SalesPer, 10),
		"score": i(l.Score, 10), "pool": i(l.Pool, 10), "pool_scores": strings.Join(scores, ";"),
		"pool_index": strconv.Itoa(l.Index), "pool_share": i(l.Amount.Minor, 10)}
	row := make([]string, len(header))
	for k, name := range header {
		row[k] = values[name]
	}
	return row
}

// Kinds of earnings CSV lines.
const (
	KindOrderLine = "order_line"
	KindPoolShare = "pool_share"
)

// poolKey is the key pool shares are grouped under per product: a share
// rewards a content's value in a channel, not one product's sales.
func poolKey(channel string) string { return "pool:" + channel }

// addPoolShares adds creator's pool shares in f's range to groups (keyed
// by group key and currency) as settled.
func (s *Service) addPoolShares(ctx context.Context, f EarningsFilter, creator string, groups map[[2]string]*Earnings) error {
	shares, err := s.store.findPoolShareLines(ctx, creator, f.From, f.To)
	if err != nil {
		return err
	}
	for _, p := range shares {
		key := p.ContentID
		switch f.Group {
		case GroupProduct:
			key = poolKey(p.Channel)
		case GroupDay:
			key = p.DistributedAt.Format(time.DateOnly)
		}
		g, ok := groups[[2]string{key, p.Amount.Currency}]
		if !ok {
			g = &Earnings{Key: key, Currency: p.Amount.Currency}
			groups[[2]string{key, p.Amount.Currency}] = g
		}
		g.Settled += p.Amount.Minor
		g.Pool += p.Amount.Minor
	}
	return nil
}
