// Package level owns the creator index and levels (SPEC §7): six scores
// per creator (0–1000 integers) computed by documented, deterministic
// formulas (docs/levels.md) from figures the content, feed and creator
// services report; the level L0–L6 those scores reach under the threshold
// table; the privileges each level holds under the privilege table; the
// newcomer tasks (SPEC §6.5); and the recompute runs that refresh every
// creator daily and on demand, in batches of jobs.
//
// Every number is a row of a versioned rule table that operators edit
// (level_thresholds, level_privileges, level_weights, newcomer_tasks);
// every decision carries the {table, version} it used.
package level

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/helio-platform/helio/internal/rule"
)

// Levels lists the levels from lowest to highest.
var Levels = []string{"L0", "L1", "L2", "L3", "L4", "L5", "L6"}

// The scores (SPEC §7.1).
const (
	CreatorIndex    = "creator_index"
	ContentValue    = "content_value"
	FanValue        = "fan_value"
	DomainFocus     = "domain_focus"
	CommercialValue = "commercial_value"
	AccountHealth   = "account_health"
)

// ScoreNames lists the scores in display order; ThresholdScores the three a
// level threshold names (SPEC §7.2).
var (
	ScoreNames      = []string{CreatorIndex, ContentValue, FanValue, DomainFocus, CommercialValue, AccountHealth}
	ThresholdScores = []string{CreatorIndex, ContentValue, FanValue}
)

// MaxScore is the top of every score.
const MaxScore = 1000

// Inputs are the raw figures an account's scores come from, as shown to the
// creator. Purchases and Restrictions are 0 until the commission and
// restriction features report them.
type Inputs struct {
	WindowDays        int    `json:"window_days" doc:"the engagement window in days"`
	Published         int    `json:"published" doc:"published contents"`
	PublishedInWindow int    `json:"published_in_window" doc:"contents first published inside the window"`
	DomainFocus       string `json:"domain_focus" doc:"the declared domain focus (certification), empty when none"`
	InFocus           int    `json:"in_focus" doc:"published contents whose category is the domain focus"`
	Views             int    `json:"views"`
	Likes             int    `json:"likes"`
	Comments          int    `json:"comments"`
	Favourites        int    `json:"favourites"`
	Shares            int    `json:"shares"`
	Interactions      int    `json:"interactions" doc:"likes + comments + favourites + shares inside the window"`
	ProductClicks     int    `json:"product_clicks"`
	MountedProducts   int    `json:"mounted_products" doc:"published contents that mount products"`
	Purchases         int    `json:"purchases" doc:"attributed purchases (0 until commission lands)"`
	Followers         int    `json:"followers"`
	Effective         int    `json:"effective_followers" doc:"followers who interacted inside the window"`
	Returning         int    `json:"returning_fans" doc:"followers who interacted with two or more contents inside the window"`
	FanInteractions   int    `json:"fan_interactions" doc:"interactions by followers inside the window"`
	Rejections        int    `json:"rejections" doc:"contents refused by review inside the window"`
	HiddenComments    int    `json:"hidden_comments" doc:"the account's comments hidden inside the window"`
	Restrictions      int    `json:"restrictions" doc:"standing account restrictions (0 until restrictions land)"`
}

// hash is the fingerprint of inputs under the given rule versions: a
// recompute rewrites an account only when it changed.
func (in Inputs) hash(thresholds, weights int) string {
	raw, _ := json.Marshal(in)
	sum := sha256.Sum256(fmt.Appendf(raw, "|%d|%d", thresholds, weights))
	return hex.EncodeToString(sum[:16])
}

// Scores are an account's six scores, each 0–1000.
type Scores struct {
	CreatorIndex    int `json:"creator_index"`
	ContentValue    int `json:"content_value"`
	FanValue        int `json:"fan_value"`
	DomainFocus     int `json:"domain_focus"`
	CommercialValue int `json:"commercial_value"`
	AccountHealth   int `json:"account_health"`
}

// Get returns the score named name (0 for an unknown name).
func (s Scores) Get(name string) int {
	return map[string]int{CreatorIndex: s.CreatorIndex, ContentValue: s.ContentValue, FanValue: s.FanValue,
		DomainFocus: s.DomainFocus, CommercialValue: s.CommercialValue, AccountHealth: s.AccountHealth}[name]
}

// saturate is x·1000 / (x + k): 0 at 0, 500 at x = k, approaching 1000.
func saturate(x, k int) int {
	if x <= 0 {
		return 0
	}
	if k <= 0 {
		return MaxScore
	}
	return x * MaxScore / (x + k)
}

// blend is the weighted mean Σ wᵢ·sᵢ / Σ wᵢ of (weight, score) pairs,
// rounded down (0 when the weights sum to 0).
func blend(pairs ...[2]int) int {
	var sum, weights int
	for _, p := range pairs {
		sum += p[0] * p[1]
		weights += p[0]
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}

// Compute applies the formulas of docs/levels.md to in with the weights w.
func Compute(in Inputs, w Weights) Scores {
	var s Scores
	s.ContentValue = blend(
		[2]int{w.get("cv.views.weight"), saturate(in.Views, w.get("cv.views.k"))},
		[2]int{w.get("cv.interactions.weight"), saturate(in.Interactions, w.get("cv.interactions.k"))},
		[2]int{w.get("cv.commerce.weight"), saturate(in.ProductClicks+in.Purchases*w.get("cv.purchase_clicks"), w.get("cv.commerce.k"))},
		[2]int{w.get("cv.output.weight"), saturate(in.PublishedInWindow, w.get("cv.output.k"))})
	s.FanValue = blend(
		[2]int{w.get("fv.effective.weight"), saturate(in.Effective, w.get("fv.effective.k"))},
		[2]int{w.get("fv.returning.weight"), saturate(in.Returning, w.get("fv.returning.k"))},
		[2]int{w.get("fv.interactions.weight"), saturate(in.FanInteractions, w.get("fv.interactions.k"))},
		[2]int{w.get("fv.followers.weight"), saturate(in.Followers, w.get("fv.followers.k"))})
	if in.DomainFocus != "" && in.Published > 0 {
		s.DomainFocus = min(MaxScore, in.InFocus*MaxScore/max(in.Published, w.get("df.min_published"), 1))
	}
	s.CommercialValue = blend(
		[2]int{w.get("cm.clicks.weight"), saturate(in.ProductClicks, w.get("cm.clicks.k"))},
		[2]int{w.get("cm.mounted.weight"), saturate(in.MountedProducts, w.get("cm.mounted.k"))},
		[2]int{w.get("cm.purchases.weight"), saturate(in.Purchases, w.get("cm.purchases.k"))})
	s.AccountHealth = min(MaxScore, max(0, w.get("ah.base")-in.Rejections*w.get("ah.rejection")-
		in.HiddenComments*w.get("ah.hidden_comment")-in.Restrictions*w.get("ah.restriction")))
	s.CreatorIndex = blend(
		[2]int{w.get("ci.content_value"), s.ContentValue},
		[2]int{w.get("ci.fan_value"), s.FanValue},
		[2]int{w.get("ci.domain_focus"), s.DomainFocus},
		[2]int{w.get("ci.commercial_value"), s.CommercialValue},
		[2]int{w.get("ci.account_health"), s.AccountHealth})
	return s
}

// Decide returns the highest level whose every threshold s meets (SPEC
// §7.2: a level needs all three), L0 when none.
func Decide(s Scores, t Thresholds) string {
	for i := len(Levels) - 1; i >= 1; i-- {
		if len(missing(s, t, Levels[i])) == 0 {
			return Levels[i]
		}
	}
	return Levels[0]
}

// missing is what s lacks for level: for each threshold it does not meet,
// the points still needed.
func missing(s Scores, t Thresholds, level string) map[string]int {
	out := map[string]int{}
	for _, name := range ThresholdScores {
		if need, ok := t.Points(level, name); ok && s.Get(name) < need {
			out[name] = need - s.Get(name)
		}
	}
	return out
}

// rank is the position of level in Levels (-1 when unknown).
func rank(level string) int {
	for i, l := range Levels {
		if l == level {
			return i
		}
	}
	return -1
}

// RuleRef names the rule-table version a decision used (API.md).
type RuleRef = rule.Ref

// Standing is an account's stored level: its scores, their inputs, and the
// rule versions they were decided under. ComputedAt is nil before the
// account's first recompute (it is then L0 with zero scores).
type Standing struct {
	AccountID         string     `json:"account_id"`
	Level             string     `json:"level"`
	Scores            Scores     `json:"scores"`
	Inputs            Inputs     `json:"inputs"`
	ThresholdsVersion int        `json:"-"`
	WeightsVersion    int        `json:"-"`
	ComputedAt        *time.Time `json:"computed_at"`
	hash              string
}
