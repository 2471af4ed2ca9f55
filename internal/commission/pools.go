package commission

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
)

// PoolShare is one content's share of a reward pool, with the inputs of
// its content-value score:
//
//	score = clicks × w.clicks + shoppers × w.shoppers + orders × w.orders
//	        + ⌊sales / 100⌋ × w.sales_per_yuan
//
// counted over the channel's scene in the period: clicks on the content's
// tracked links (reads), distinct shoppers who clicked (seeding),
// attributed orders not wholly refunded (interactions that bought) and
// their net paid amount (sales). Value a merchant-creator's content drives
// to its own shop is left out, and sandbox traffic never counts.
type PoolShare struct {
	ContentID string       `json:"content_id"`
	CreatorID string       `json:"creator_id"`
	Clicks    int64        `json:"clicks"`
	Shoppers  int64        `json:"shoppers"`
	Orders    int64        `json:"orders"`
	Sales     money.Amount `json:"sales"`
	Score     int64        `json:"score"`
	Amount    money.Amount `json:"amount"`
}

// PoolDistribution is what one distribution paid out of a pool.
type PoolDistribution struct {
	ID      string         `json:"id"`
	Channel string         `json:"channel"`
	Period  string         `json:"period"`
	Pool    []money.Amount `json:"pool" doc:"what the pool held, per currency, and was paid out"`
	Shares  []PoolShare    `json:"shares"`
	Formula string         `json:"formula"`
	Weights PoolWeights    `json:"weights"`
	Rule    RuleRef        `json:"rule"`
	Reason  string         `json:"reason,omitempty"`
}

// Why a distribution paid nothing (PoolDistribution.Reason).
const (
	ReasonPoolEmpty = "the pool holds nothing to distribute"
	ReasonNoScores  = "no content of a creator at the settlement level scored in this channel and period"
)

// PoolFormula states the score, as answers show it.
const PoolFormula = "score = clicks×w.clicks + shoppers×w.shoppers + orders×w.orders + floor(sales/100)×w.sales_per_yuan; " +
	"amount = money.Allocate(pool, scores) over contents in content-id order (largest remainder, ties to the earlier content)"

// score is the content-value score of a share under w.
func (p PoolShare) score(w PoolWeights) int64 {
	return p.Clicks*w.Clicks + p.Shoppers*w.Shoppers + p.Orders*w.Orders + p.Sales.Minor/100*w.SalesPer
}

// DistributePool pays a channel's reward pool for a finished period out to
// the creators of its content by content value. Only creators at the
// settlement level take part (their share is settled at once); when no
// content scores, the pool stays for a later distribution. Distributing
// again pays out only what came into the pool since.
func (s *Service) DistributePool(ctx context.Context, channel, period string) (PoolDistribution, error) {
	if err := authz.CheckCtx(ctx, authz.DistributeRewardPool, nil); err != nil {
		return PoolDistribution{}, err
	}
	from, to, err := parsePeriod(period)
	if err != nil {
		return PoolDistribution{}, err
	}
	now := s.clock.Now()
	if to.After(now) {
		return PoolDistribution{}, apperr.Field("period", "can be distributed once it has ended")
	}
	rules, err := s.store.findRulesAt(ctx, now)
	if err != nil {
		return PoolDistribution{}, err
	}
	if !rules.Splits[channel].Pool {
		return PoolDistribution{}, apperr.Field("channel", "has no reward pool (rule %s version %d)", RulesTable, rules.Version)
	}
	d := PoolDistribution{ID: newID(), Channel: channel, Period: from.Format("2006-01"), Pool: []money.Amount{}, Shares: []PoolShare{},
		Formula: PoolFormula, Weights: rules.PoolWeights, Rule: rules.Ref()}
	account := ledger.Pool(channel, d.Period)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.ledger.Lock(ctx); err != nil {
			return err
		}
		balances, err := s.ledger.FindBalances(ctx, account)
		if err != nil {
			return apperr.Wrap(err, "pool balance")
		}
		for _, b := range balances {
			if b.Account != account || b.Amount.Minor <= 0 {
				continue
			}
			if err := s.distribute(ctx, &d, rules, b.Amount, from, to, now); err != nil {
				return err
			}
		}
		if len(d.Pool) == 0 && d.Reason == "" {
			d.Reason = ReasonPoolEmpty
		}
		return s.record(ctx, "reward_pool.distribute", "reward_pool", account, fmt.Sprintf("%d shares", len(d.Shares)))
	})
	return d, err
}

// distribute pays one currency's pool balance out.
func (s *Service) distribute(ctx context.Context, d *PoolDistribution, rules CPSRules, pool money.Amount, from, to, now time.Time) error {
	inputs, err := s.store.findPoolInputs(ctx, d.Channel, pool.Currency, from, to)
	if err != nil {
		return err
	}
	cache := map[string]gate{}
	var shares []PoolShare
	var scores []int64
	var gates []gate
	for _, in := range inputs {
		g, err := s.gateOf(ctx, cache, in.CreatorID)
		if err != nil {
			return err
		}
		in.Score = in.score(rules.PoolWeights)
		if !g.payable || in.Score <= 0 {
			continue
		}
		shares, scores, gates = append(shares, in), append(scores, in.Score), append(gates, g)
	}
	if len(shares) == 0 {
		d.Reason = ReasonNoScores
		return nil
	}
	amounts, err := money.Allocate(pool.Minor, scores)
	if err != nil {
		return apperr.Wrap(err, "allocate pool")
	}
	account := ledger.Pool(d.Channel, d.Period)
	debit, err := json.Marshal(poolLineDetail{Distribution: d.ID, Rule: rules.Ref(), TotalScoreParts: len(scores)})
	if err != nil {
		return apperr.Wrap(err, "pool line detail")
	}
	lines := []ledger.Line{{Account: account, Amount: money.New(-pool.Minor, pool.Currency), Detail: debit}}
	for i := range shares {
		shares[i].Amount = money.New(amounts[i], pool.Currency)
		detail, err := json.Marshal(poolLineDetail{ContentID: shares[i].ContentID, Distribution: d.ID, Level: gates[i].level,
			LevelRule: &gates[i].rule, Rule: rules.Ref(), Score: shares[i].Score, TotalScoreParts: len(scores)})
		if err != nil {
			return apperr.Wrap(err, "pool line detail")
		}
		lines = append(lines, ledger.Line{Account: ledger.Creator(shares[i].CreatorID, ledger.Settled), Amount: shares[i].Amount, Detail: detail})
		if err := s.store.createPoolShare(ctx, d, shares[i], rules.Version, now); err != nil {
			return err
		}
	}
	if _, _, err := s.ledger.Post(ctx, ledger.Posting{Kind: "reward_pool.distribute", Ref: "pool:" + d.ID + ":" + pool.Currency,
		Memo: map[string]any{"channel": d.Channel, "period": d.Period, "formula": PoolFormula, "weights": rules.PoolWeights,
			"rule": rules.Ref()}, Lines: lines}); err != nil {
		return apperr.Wrap(err, "post pool distribution")
	}
	d.Pool = append(d.Pool, pool)
	d.Shares = append(d.Shares, shares...)
	return nil
}

// poolLineDetail explains a ledger line of a pool distribution: the
// commission rules whose weights scored it, and for a creator's share its
// content's score and the level and level privilege table version the
// settlement gate granted it under.
type poolLineDetail struct {
	ContentID       string   `json:"content_id,omitempty"`
	Distribution    string   `json:"distribution_id"`
	Level           string   `json:"level,omitempty"`
	LevelRule       *RuleRef `json:"level_rule,omitempty"`
	Rule            RuleRef  `json:"rule"`
	Score           int64    `json:"score,omitempty"`
	TotalScoreParts int      `json:"total_score_parts"`
}

// findPoolInputs counts each content's clicks, shoppers, orders and net
// sales in the channel's scene over [from, to), in content-id order.
func (s store) findPoolInputs(ctx context.Context, channel, currency string, from, to time.Time) ([]PoolShare, error) {
	rows, err := s.db.Query(ctx, `WITH clicks AS (
			SELECT l.content_id, l.creator_id, COUNT(*) AS clicks, COUNT(DISTINCT c.shopper_id) AS shoppers
			FROM commission_clicks c JOIN commission_links l ON l.id = c.link_id JOIN commission_products p ON p.id = l.product_id
			WHERE c.scene = ? AND NOT c.sandbox AND c.clicked_at >= ? AND c.clicked_at < ? AND p.merchant_id <> l.creator_id
			GROUP BY l.content_id, l.creator_id),
		sales AS (
			SELECT content_id, creator_id, COUNT(*) AS orders, SUM(paid - refunded) AS sales FROM commission_lines
			WHERE scene = ? AND currency = ? AND NOT sandbox AND NOT own_shop AND state <> ? AND paid > refunded
				AND paid_at >= ? AND paid_at < ?
			GROUP BY content_id, creator_id),
		keys AS (SELECT content_id, creator_id FROM clicks UNION SELECT content_id, creator_id FROM sales)
		SELECT k.content_id, k.creator_id, COALESCE(c.clicks, 0), COALESCE(c.shoppers, 0), COALESCE(s.orders, 0), COALESCE(s.sales, 0)
		FROM keys k LEFT JOIN clicks c ON c.content_id = k.content_id AND c.creator_id = k.creator_id
		LEFT JOIN sales s ON s.content_id = k.content_id AND s.creator_id = k.creator_id
		ORDER BY k.content_id, k.creator_id`,
		channel, from, to, channel, currency, StateUnattributed, from, to)
	if err != nil {
		return nil, apperr.Wrap(err, "count pool inputs")
	}
	defer rows.Close()
	var out []PoolShare
	for rows.Next() {
		p := PoolShare{Sales: money.New(0, currency)}
		if err := rows.Scan(&p.ContentID, &p.CreatorID, &p.Clicks, &p.Shoppers, &p.Orders, &p.Sales.Minor); err != nil {
			return nil, apperr.Wrap(err, "count pool inputs")
		}
		out = append(out, p)
	}
	return out, apperr.WrapIf(rows.Err(), "count pool inputs")
}

func (s store) createPoolShare(ctx context.Context, d *PoolDistribution, p PoolShare, version int, now time.Time) error {
	return s.exec(ctx, "record pool share", `INSERT INTO commission_pool_shares (distribution_id, channel, period, content_id,
		creator_id, clicks, shoppers, orders, sales, score, amount, currency, rule_version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.Channel, d.Period, p.ContentID, p.CreatorID, p.Clicks, p.Shoppers,
		p.Orders, p.Sales.Minor, p.Score, p.Amount.Minor, p.Amount.Currency, version, now)
}
