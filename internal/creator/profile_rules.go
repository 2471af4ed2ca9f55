package creator

import (
	"regexp"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
)

// Kinds of profile rule.
const (
	RuleContact   = "contact"
	RuleMarketing = "marketing"
)

// ProfileRule is one row of the operators' pattern table: text that a
// creator account's name or bio must not contain. Pattern is a regular
// expression (RE2) matched against the folded text (see account.Fold).
type ProfileRule struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Label     string    `json:"label"`
	Pattern   string    `json:"pattern"`
	Enabled   bool      `json:"enabled"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// validate checks a rule an operator wrote.
func (r ProfileRule) validate() error {
	var v apperr.Validation
	if r.Kind != RuleContact && r.Kind != RuleMarketing {
		v.Reject("kind", "must be contact or marketing")
	}
	account.CheckRuleText(&v, r.Label, r.Pattern)
	return v.Err()
}

// compiledRule is a ProfileRule ready to match.
type compiledRule struct {
	label string
	re    *regexp.Regexp
}

// compileRules compiles the enabled rules; a rule that no longer compiles
// is skipped (validate refuses such rules on the way in).
func compileRules(rules []ProfileRule) []compiledRule {
	var out []compiledRule
	for _, r := range rules {
		if !r.Enabled {
			continue
		}
		if re, err := regexp.Compile(r.Pattern); err == nil {
			out = append(out, compiledRule{label: r.Label, re: re})
		}
	}
	return out
}

// FindForbidden returns the first span of text that a rule matches, the
// earliest in the text, and whether there is one.
func FindForbidden(text string, rules []ProfileRule) (account.Span, bool) {
	folded, origin := account.Fold(text)
	var best account.Span
	found := false
	for _, r := range compileRules(rules) {
		spans := account.FoldedSpans(text, folded, origin, r.re, 1)
		if len(spans) == 1 && (!found || spans[0].Start < best.Start) {
			best, found = spans[0], true
			best.Rule = r.label
		}
	}
	return best, found
}

// checkProfileText rejects field when text breaks a profile rule, naming
// the rule and the offending span, and returns the span found.
func checkProfileText(v *apperr.Validation, field, text string, rules []ProfileRule) (account.Span, bool) {
	s, found := FindForbidden(text, rules)
	if found {
		v.Reject(field, "must not contain contact details or marketing text (%s: “%s”)", s.Rule, s.Text)
	}
	return s, found
}
