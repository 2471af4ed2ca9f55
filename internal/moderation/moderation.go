// Package moderation holds the machine checks every piece of user text
// passes (SPEC §5.2, §5.3, §11): rule tables of banned and sensitive words,
// exaggerated or false advertising claims and contact details, which
// operators edit as data with history. Text is matched after folding
// (full-/half-width, spacing, case, Chinese numerals; account.Fold), and
// each finding names the rule and the span as the person wrote it.
package moderation

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
)

// Kinds of rule.
const (
	KindBanned    = "banned"
	KindSensitive = "sensitive"
	KindClaim     = "claim"
	KindContact   = "contact"
)

// Kinds lists the rule kinds.
var Kinds = []string{KindBanned, KindSensitive, KindClaim, KindContact}

// Severities: what a finding does to a submission.
const (
	// SeverityReject refuses the submission.
	SeverityReject = "reject"
	// SeverityReview lets it through to human review with the finding shown.
	SeverityReview = "review"
)

// Rule is one row of the operators' rule table. Pattern is a regular
// expression (RE2) matched against folded text.
type Rule struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Label     string    `json:"label"`
	Pattern   string    `json:"pattern"`
	Severity  string    `json:"severity"`
	Enabled   bool      `json:"enabled"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// validate checks a rule an operator wrote.
func (r Rule) validate() error {
	var v apperr.Validation
	if !slices.Contains(Kinds, r.Kind) {
		v.Reject("kind", "must be one of %s", strings.Join(Kinds, ", "))
	}
	if r.Severity != SeverityReject && r.Severity != SeverityReview {
		v.Reject("severity", "must be reject or review")
	}
	account.CheckRuleText(&v, r.Label, r.Pattern)
	return v.Err()
}

// Finding is one match of a rule in one field: the span as written, with
// character offsets into the field's text.
type Finding struct {
	Field    string `json:"field"`
	RuleID   string `json:"rule_id"`
	Rule     string `json:"rule"`
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Text     string `json:"text"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Text is one field of a submission to check.
type Text struct {
	Field string
	Value string
}

// Match returns every finding of the enabled rules in texts, in field order
// and then by position. A rule that no longer compiles is skipped
// (validate refuses such rules on the way in).
func Match(rules []Rule, texts []Text) []Finding {
	var out []Finding
	for _, t := range texts {
		folded, origin := account.Fold(t.Value)
		var found []Finding
		for _, r := range rules {
			re, err := regexp.Compile(r.Pattern)
			if !r.Enabled || err != nil {
				continue
			}
			for _, sp := range account.FoldedSpans(t.Value, folded, origin, re, -1) {
				found = append(found, Finding{Field: t.Field, RuleID: r.ID, Rule: r.Label, Kind: r.Kind, Severity: r.Severity,
					Text: sp.Text, Start: sp.Start, End: sp.End})
			}
		}
		sort.SliceStable(found, func(i, j int) bool { return found[i].Start < found[j].Start })
		out = append(out, found...)
	}
	return out
}

// Refusal turns the findings that reject into a validation error naming,
// per field, the first offending span and its rule; it returns nil when no
// finding rejects. The error carries every finding under "findings" so
// that a client can highlight each span.
func Refusal(findings []Finding) error {
	var v apperr.Validation
	rejecting := false
	for _, f := range findings {
		if f.Severity != SeverityReject {
			continue
		}
		rejecting = true
		v.Reject(f.Field, "must not contain %s (“%s” at characters %d–%d)", f.Rule, f.Text, f.Start, f.End)
	}
	if !rejecting {
		return nil
	}
	return apperr.From(v.Err()).With("findings", findings)
}
