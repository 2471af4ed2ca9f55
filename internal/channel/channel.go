// Package channel owns curated channels and official activities (SPEC §6.2,
// §6.3): channels run by operators with sub-channels, covered product
// categories and an eligibility rule kept as data; the applications that
// admit creators (reviewed in the one review queue); submissions to
// sub-channels within a daily quota, reviewed per channel and shown on the
// channel's public page ranked by the submitter's channel-display privilege;
// and activities with theme tags, windows, capacity per product category
// and invitations that follow the levels domain's level and scores.
//
// Channels and activities are versioned: every save stores a snapshot, and
// every eligibility answer cites the {table, version} it was decided by.
package channel

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/rule"
)

// RuleTable names the versions eligibility answers cite: a channel's
// version holds its rule.
const RuleTable = "channels"

// Channel statuses: a hidden channel is listed to operators only and takes
// no applications or submissions.
const (
	StatusActive = "active"
	StatusHidden = "hidden"
)

// Channel is a curated section run by operators.
type Channel struct {
	ID          string          `json:"id"`
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Categories  []string        `json:"categories" doc:"the product categories the channel covers"`
	SubChannels []SubChannel    `json:"sub_channels"`
	Rule        EligibilityRule `json:"eligibility"`
	Status      string          `json:"status" enum:"active,hidden"`
	Position    int             `json:"position"`
	Version     int             `json:"version"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// SubChannel is a section of a channel that takes submissions, each
// creator at most DailyQuota a day.
type SubChannel struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	DailyQuota int    `json:"daily_quota"`
}

// Condition kinds of an eligibility clause (SPEC §6.2).
const (
	CondRole        = "role"
	CondLevel       = "level"
	CondDomainFocus = "domain_focus"
	CondAccountType = "account_type"
	CondCapability  = "capability"
)

// ConditionKinds lists the condition kinds.
var ConditionKinds = []string{CondRole, CondLevel, CondDomainFocus, CondAccountType, CondCapability}

// Reason codes of an unmet condition, one per kind.
var reasonCodes = map[string]string{
	CondRole:        "role_not_certified",
	CondLevel:       "level_not_in_set",
	CondDomainFocus: "domain_focus_not_in_set",
	CondAccountType: "account_type_not_in_set",
	CondCapability:  "capability_not_held",
}

// EligibilityRule is a channel's eligibility: clauses joined by OR, each an AND of
// conditions. An empty rule admits everyone.
type EligibilityRule struct {
	Clauses []RuleClause `json:"clauses"`
}

// RuleClause is an AND of conditions.
type RuleClause struct {
	Conditions []RuleCondition `json:"conditions"`
}

// RuleCondition holds when the account's fact of Kind is one of Values (for
// role and capability: when the account holds any of them).
type RuleCondition struct {
	Kind   string   `json:"kind" enum:"role,level,domain_focus,account_type,capability"`
	Values []string `json:"values"`
}

// Facts are what eligibility reads of an account.
type Facts struct {
	Roles        []string
	Level        string
	DomainFocus  string
	AccountTypes []string
	Capabilities []string
}

func (f Facts) of(kind string) []string {
	switch kind {
	case CondRole:
		return f.Roles
	case CondLevel:
		return []string{f.Level}
	case CondDomainFocus:
		if f.DomainFocus == "" {
			return nil
		}
		return []string{f.DomainFocus}
	case CondAccountType:
		return f.AccountTypes
	default:
		return f.Capabilities
	}
}

// Eligibility answers, for one account, each clause of a channel's rule.
type Eligibility struct {
	Eligible bool           `json:"eligible"`
	Admitted bool           `json:"admitted" doc:"whether the account was admitted to the channel"`
	Clauses  []ClauseResult `json:"clauses"`
	Rule     rule.Ref       `json:"rule"`
}

// ClauseResult is one clause: met when every condition is; ReasonCode is
// the first unmet condition's.
type ClauseResult struct {
	Clause     int               `json:"clause" doc:"the clause's number, from 1"`
	Met        bool              `json:"met"`
	ReasonCode string            `json:"reason_code,omitempty" enum:"role_not_certified,level_not_in_set,domain_focus_not_in_set,account_type_not_in_set,capability_not_held"`
	Conditions []ConditionResult `json:"conditions"`
}

// ConditionResult is one condition with what the account has.
type ConditionResult struct {
	RuleCondition
	Have       []string `json:"have"`
	Met        bool     `json:"met"`
	ReasonCode string   `json:"reason_code,omitempty"`
}

// Evaluate answers each clause of r for f.
func (r EligibilityRule) Evaluate(f Facts) (eligible bool, clauses []ClauseResult) {
	eligible = len(r.Clauses) == 0
	clauses = make([]ClauseResult, len(r.Clauses))
	for i, c := range r.Clauses {
		res := ClauseResult{Clause: i + 1, Met: true, Conditions: make([]ConditionResult, len(c.Conditions))}
		for j, cond := range c.Conditions {
			have := f.of(cond.Kind)
			cr := ConditionResult{RuleCondition: cond, Have: nonNil(have),
				Met: slices.ContainsFunc(have, func(h string) bool { return slices.Contains(cond.Values, h) })}
			if !cr.Met {
				cr.ReasonCode = reasonCodes[cond.Kind]
				if res.Met {
					res.Met, res.ReasonCode = false, cr.ReasonCode
				}
			}
			res.Conditions[j] = cr
		}
		eligible = eligible || res.Met
		clauses[i] = res
	}
	return eligible, clauses
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// validate checks a rule: known kinds, at least one value each, levels
// among L0–L6.
func (r EligibilityRule) validate(v *apperr.Validation) {
	for i, c := range r.Clauses {
		field := fmt.Sprintf("eligibility.clauses[%d]", i)
		if len(c.Conditions) == 0 {
			v.Reject(field, "a clause needs at least one condition")
		}
		for j, cond := range c.Conditions {
			cf := fmt.Sprintf("%s.conditions[%d]", field, j)
			switch {
			case !slices.Contains(ConditionKinds, cond.Kind):
				v.Reject(cf+".kind", "must be one of %s", strings.Join(ConditionKinds, ", "))
			case len(cond.Values) == 0:
				v.Reject(cf+".values", "list at least one value")
			case cond.Kind == CondLevel && slices.ContainsFunc(cond.Values, func(l string) bool { return !slices.Contains(level.Levels, l) }):
				v.Reject(cf+".values", "levels are L0 to L6")
			}
		}
	}
}

// ChannelInput creates a channel or, through UpdateChannel, saves a new
// version of one: sub-channels with an id are renamed or given a new quota,
// those without are added; none is removed (submissions refer to them).
type ChannelInput struct {
	Slug        string            `required:"false" json:"slug" doc:"a short name for the channel's address: lower-case letters, digits, - and _"`
	Name        string            `required:"false" json:"name"`
	Description string            `required:"false" json:"description"`
	Categories  []string          `required:"false" json:"categories"`
	SubChannels []SubChannelInput `required:"false" json:"sub_channels"`
	Rule        EligibilityRule   `required:"false" json:"eligibility"`
	Status      string            `json:"status,omitempty" enum:"active,hidden" doc:"active (default) or hidden"`
	Position    int               `json:"position,omitempty"`
}

// SubChannelInput is a sub-channel to create (no id) or keep (its id).
type SubChannelInput struct {
	ID         string `json:"id,omitempty"`
	Name       string `required:"false" json:"name"`
	DailyQuota int    `required:"false" json:"daily_quota"`
}

// Bounds of channel fields.
const (
	MaxName        = 60
	MaxDescription = 2000
	MaxSubChannels = 20
	MaxQuota       = 100
)

func (in *ChannelInput) validate() error {
	var v apperr.Validation
	in.Slug, in.Name, in.Description = strings.TrimSpace(in.Slug), strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	if in.Status == "" {
		in.Status = StatusActive
	}
	if !validSlug(in.Slug) {
		v.Reject("slug", "use 2 to 40 lower-case letters, digits, - or _")
	}
	textField(&v, "name", in.Name, MaxName)
	textField(&v, "description", in.Description, MaxDescription)
	if in.Status != StatusActive && in.Status != StatusHidden {
		v.Reject("status", "must be active or hidden")
	}
	in.Categories = cleanList(in.Categories)
	if len(in.SubChannels) == 0 {
		v.Reject("sub_channels", "a channel needs at least one sub-channel")
	}
	if len(in.SubChannels) > MaxSubChannels {
		v.Reject("sub_channels", "at most %d sub-channels", MaxSubChannels)
	}
	seen := map[string]bool{}
	for i := range in.SubChannels {
		sc := &in.SubChannels[i]
		sc.Name = strings.TrimSpace(sc.Name)
		field := fmt.Sprintf("sub_channels[%d]", i)
		textField(&v, field+".name", sc.Name, MaxName)
		if seen[sc.Name] {
			v.Reject(field+".name", "two sub-channels are named %s", sc.Name)
		}
		seen[sc.Name] = true
		if sc.DailyQuota < 1 || sc.DailyQuota > MaxQuota {
			v.Reject(field+".daily_quota", "must be 1 to %d", MaxQuota)
		}
	}
	in.Rule.validate(&v)
	return v.Err()
}

func validSlug(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// textField rejects an empty value or one longer than max characters.
func textField(v *apperr.Validation, field, s string, max int) {
	if s == "" {
		v.Reject(field, "is required")
	} else if utf8.RuneCountInString(s) > max {
		v.Reject(field, "at most %d characters", max)
	}
}

// cleanList trims the values, dropping empty ones and repeats.
func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
