package commission

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/rule"
)

// RulesTable is the name decisions cite in their rule reference.
const RulesTable = "commission_rules"

// RuleRef names the rule-table row a decision used (API.md's
// {"table", "version"}).
type RuleRef = rule.Ref

// Scenes (SPEC §9): where the click that drove an order happened.
const (
	SceneLive           = "live"
	SceneFollowerFeed   = "follower_feed"
	SceneSubscription   = "subscription"
	ScenePublic         = "public"
	SceneHeadlines      = "headlines"
	SceneGoodFinds      = "good_finds"
	SceneMustBuy        = "must_buy"
	SceneStreet         = "street"
	SceneGlobalShopping = "global_shopping"
	SceneShortVideo     = "short_video"
	SceneGrocery        = "grocery"
)

// Scenes lists the scenes in display order.
var Scenes = []string{SceneLive, SceneFollowerFeed, SceneSubscription, ScenePublic, SceneHeadlines, SceneGoodFinds,
	SceneMustBuy, SceneStreet, SceneGlobalShopping, SceneShortVideo, SceneGrocery}

// Split is a scene's ratio network : platform : creator, and whether the
// platform's part goes into the scene's reward pool instead of to the
// platform.
type Split struct {
	Network  int64 `json:"network"`
	Platform int64 `json:"platform"`
	Creator  int64 `json:"creator"`
	Pool     bool  `json:"pool"`
}

// String renders the ratio as "1:3:6".
func (s Split) String() string { return fmt.Sprintf("%d:%d:%d", s.Network, s.Platform, s.Creator) }

// Late is the split of a grocery order placed after the link window: the
// creator keeps pct percent of its part and the platform takes the rest,
// the network's part unchanged. With 1:4:5 and 50% it is 2:13:5 (the
// ratio scaled by 100 and reduced: 100 : 400+250 : 250).
func (s Split) Late(pct int64) Split {
	n, p, c := s.Network*100, s.Platform*100+s.Creator*(100-pct), s.Creator*pct
	g := gcd(gcd(n, p), c)
	return Split{Network: n / g, Platform: p / g, Creator: c / g, Pool: s.Pool}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// Policy is what happens to commission recorded as not payable because the
// creator was below the settlement level when it was settled.
type Policy struct {
	// HoldDays: while the creator reaches the settlement level within this
	// many days of the commission being recorded not payable, a later
	// settlement run releases it to the creator (settled).
	HoldDays int `json:"hold_days"`
	// Then is what a settlement run does once the hold has passed:
	// "forfeit" moves it to the platform, "keep" leaves it not payable.
	Then string `json:"then"`
}

// PoolWeights are the weights of the content-value score that shares a
// reward pool out (SPEC §9): per click on the content's tracked links
// (reads), per distinct shopper who clicked (seeding), per attributed order
// (interactions that led to a purchase) and per whole yuan of net sales.
type PoolWeights struct {
	Clicks   int64 `json:"clicks"`
	Shoppers int64 `json:"shoppers"`
	Orders   int64 `json:"orders"`
	SalesPer int64 `json:"sales_per_yuan"`
}

// CPSRuleSet is what a version of the rule table decides: everything an
// amount depends on besides the order itself.
type CPSRuleSet struct {
	Splits map[string]Split `json:"splits"`
	// AttributionDays is the window after a click in which an order for the
	// product is attributed to it (source: 15).
	AttributionDays int `json:"attribution_days"`
	// GroceryLinkDays is how long after the content's push grocery links can
	// be created (source: 5); grocery orders later than this after the push
	// pay the creator GroceryLatePct percent of its part (source: 50).
	GroceryLinkDays int   `json:"grocery_link_days"`
	GroceryLatePct  int64 `json:"grocery_late_pct"`
	// BelowLevel is the policy for commission the settlement gate held
	// (the level lacks the cps_settlement privilege of the level privilege
	// table, source: below L2).
	BelowLevel  Policy      `json:"below_level"`
	PoolWeights PoolWeights `json:"pool_weights"`
}

// CPSRules are one version of the commission rule table. Operators publish
// new versions; the version in force at an event's time decides it.
type CPSRules struct {
	Version int `json:"version"`
	// EffectiveAt is the notice date: the version decides events from then
	// on (never earlier than its publication).
	EffectiveAt time.Time `json:"effective_at"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
	Note        string    `json:"note"`
	CPSRuleSet
}

// Ref is the reference decisions made from r cite.
func (r CPSRules) Ref() RuleRef { return RuleRef{Table: RulesTable, Version: r.Version} }

// CPSRulesInput is what an operator publishes as a new version.
type CPSRulesInput struct {
	EffectiveAt time.Time `json:"effective_at" doc:"the notice date: from when the version decides events (not in the past)"`
	Note        string    `json:"note" required:"false"`
	CPSRuleSet
}

// Policies of the commission held below the settlement level.
const (
	PolicyForfeit = "forfeit"
	PolicyKeep    = "keep"
)

func (in CPSRulesInput) validate(now time.Time) error {
	var v apperr.Validation
	if in.EffectiveAt.Before(now) {
		v.Reject("effective_at", "must not be in the past")
	}
	for _, scene := range Scenes {
		s, ok := in.Splits[scene]
		if !ok {
			v.Reject("splits", "the scene %s has no split", scene)
			continue
		}
		if s.Network < 0 || s.Platform < 0 || s.Creator < 0 || s.Network+s.Platform+s.Creator == 0 {
			v.Reject("splits", "the split of %s must be non-negative and not all zero", scene)
		}
	}
	for scene := range in.Splits {
		if !slices.Contains(Scenes, scene) {
			v.Reject("splits", "%s is not a scene", scene)
		}
	}
	if in.AttributionDays < 1 || in.AttributionDays > 90 {
		v.Reject("attribution_days", "must be between 1 and 90")
	}
	if in.GroceryLinkDays < 0 || in.GroceryLinkDays > in.AttributionDays {
		v.Reject("grocery_link_days", "must be between 0 and the attribution window")
	}
	if in.GroceryLatePct < 0 || in.GroceryLatePct > 100 {
		v.Reject("grocery_late_pct", "must be between 0 and 100")
	}
	if in.BelowLevel.HoldDays < 0 || (in.BelowLevel.Then != PolicyForfeit && in.BelowLevel.Then != PolicyKeep) {
		v.Reject("below_level", "needs hold_days of 0 or more and then: forfeit or keep")
	}
	w := in.PoolWeights
	if w.Clicks < 0 || w.Shoppers < 0 || w.Orders < 0 || w.SalesPer < 0 {
		v.Reject("pool_weights", "must not be negative")
	}
	return v.Err()
}

// windowOf turns a number of days into a duration.
func windowOf(days int) time.Duration { return time.Duration(days) * 24 * time.Hour }

// Shares are the parts of one order line's commission.
type Shares struct {
	Commission int64 `json:"commission"`
	Network    int64 `json:"network"`
	Platform   int64 `json:"platform"`
	Creator    int64 `json:"creator"`
	// Organization is the part of the creator's that a bound creator's
	// organization takes (OrgRounding); Creator is then what is left.
	Organization int64 `json:"organization,omitempty"`
}

// Rounding is how every amount is rounded, as the statement states it.
const Rounding = "commission = paid × rate_bp / 10000, to the nearest fen (half a fen up); " +
	"shares = money.Allocate(commission, network:platform:creator): largest remainder, ties to the earlier party"

// ComputeShares splits the commission of paid (in minor units) at rateBP
// basis points by split. The commission is Allocate(paid, [rate, 10000 −
// rate])'s first part: the exact product rounded to the nearest unit, a tie
// rounding up. Its parts are Allocate(commission, [n, p, c]): each part rounded
// down, the units left over going to the largest remainders, ties to the
// earlier party in the order network, platform, creator.
func ComputeShares(paid int64, rateBP int64, split Split) (Shares, error) {
	com, err := money.Allocate(paid, []int64{rateBP, 10000 - rateBP})
	if err != nil {
		return Shares{}, err
	}
	if com[0] == 0 {
		return Shares{}, nil
	}
	parts, err := money.Allocate(com[0], []int64{split.Network, split.Platform, split.Creator})
	if err != nil {
		return Shares{}, err
	}
	return Shares{Commission: com[0], Network: parts[0], Platform: parts[1], Creator: parts[2]}, nil
}

// Minus returns s − o part by part.
func (s Shares) Minus(o Shares) Shares {
	return Shares{Commission: s.Commission - o.Commission, Network: s.Network - o.Network,
		Platform: s.Platform - o.Platform, Creator: s.Creator - o.Creator, Organization: s.Organization - o.Organization}
}

// periodOf is the settlement and pool period of a time: its UTC month.
func periodOf(t time.Time) string { return t.UTC().Format("2006-01") }

// parsePeriod checks a period ("2026-03") and answers its bounds.
func parsePeriod(p string) (from, to time.Time, err error) {
	from, perr := time.Parse("2006-01", strings.TrimSpace(p))
	if perr != nil {
		return time.Time{}, time.Time{}, apperr.Field("period", "must be a month like 2026-03")
	}
	return from, from.AddDate(0, 1, 0), nil
}
