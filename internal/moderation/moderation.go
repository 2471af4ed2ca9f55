// Package moderation holds the machine checks every piece of user text
// passes (SPEC §2.2, §5.2, §5.3, §11): one rule table of banned and
// sensitive words, exaggerated or false advertising claims, contact details
// and marketing text, which operators edit as data with history. Each rule
// applies to one or more scopes: creator names and bios (profile), content,
// comments. Text is matched after folding (full-/half-width, spacing, case,
// Chinese numerals; see Fold), and each finding names the rule and the span
// as the person wrote it. The package imports no domain: the domains call
// it.
package moderation

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/i18n"
)

// Kinds of rule.
const (
	KindBanned    = "banned"
	KindSensitive = "sensitive"
	KindClaim     = "claim"
	KindContact   = "contact"
	KindMarketing = "marketing"
)

// Kinds lists the rule kinds.
var Kinds = []string{KindBanned, KindSensitive, KindClaim, KindContact, KindMarketing}

// Scopes: the texts a rule applies to.
const (
	// ScopeProfile is a creator account's name and bio.
	ScopeProfile = "profile"
	// ScopeContent is the title, body and product commentary of content.
	ScopeContent = "content"
	// ScopeComment is the body of a comment.
	ScopeComment = "comment"
)

// Scopes lists the scopes in display order.
var Scopes = []string{ScopeProfile, ScopeContent, ScopeComment}

// Severities: what a finding does to a submission.
const (
	// SeverityReject refuses the submission.
	SeverityReject = "reject"
	// SeverityReview lets it through to human review with the finding shown.
	SeverityReview = "review"
)

// Rule is one row of the operators' rule table. Pattern is a regular
// expression (RE2) matched against folded text of the rule's Scopes.
type Rule struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Label     string    `json:"label"`
	Pattern   string    `json:"pattern"`
	Severity  string    `json:"severity"`
	Scopes    []string  `json:"scopes"`
	Enabled   bool      `json:"enabled"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Applies reports whether the rule applies to texts of scope.
func (r Rule) Applies(scope string) bool { return slices.Contains(r.Scopes, scope) }

// validate checks a rule an operator wrote: a known kind and severity, one
// or more distinct scopes (a rule for names and bios must reject: nobody
// reviews those), a label of 1 to 60 characters and a regular expression of
// at most 500 that does not match empty text.
func (r Rule) validate() error {
	var v apperr.Validation
	if !slices.Contains(Kinds, r.Kind) {
		v.Reject("kind", "must be one of %s", strings.Join(Kinds, ", "))
	}
	if r.Severity != SeverityReject && r.Severity != SeverityReview {
		v.Reject("severity", "must be reject or review")
	}
	switch {
	case len(r.Scopes) == 0:
		v.Reject("scopes", "choose at least one of %s", strings.Join(Scopes, ", "))
	case len(slices.Compact(slices.Sorted(slices.Values(r.Scopes)))) != len(r.Scopes):
		v.Reject("scopes", "lists a scope twice")
	case slices.ContainsFunc(r.Scopes, func(s string) bool { return !slices.Contains(Scopes, s) }):
		v.Reject("scopes", "must be among %s", strings.Join(Scopes, ", "))
	case r.Applies(ScopeProfile) && r.Severity == SeverityReview:
		v.Reject("scopes", "a rule for names and bios must reject: nobody reviews them")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(r.Label)); n < 1 || n > 60 {
		v.Reject("label", "must be 1 to 60 characters")
	}
	if re, err := regexp.Compile(r.Pattern); err != nil || r.Pattern == "" || len(r.Pattern) > 500 {
		v.Reject("pattern", "must be a regular expression of at most 500 characters")
	} else if re.MatchString("") {
		v.Reject("pattern", "must not match empty text")
	}
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
// and then by position (at one position, in the order of rules). A rule
// that no longer compiles is skipped (validate refuses such rules on the way
// in). The caller chooses the rules of the texts' scope.
func Match(rules []Rule, texts []Text) []Finding {
	var out []Finding
	for _, t := range texts {
		folded, origin := Fold(t.Value)
		var found []Finding
		for _, r := range rules {
			re, err := regexp.Compile(r.Pattern)
			if !r.Enabled || err != nil {
				continue
			}
			for _, sp := range foldedSpans(t.Value, folded, origin, re) {
				found = append(found, Finding{Field: t.Field, RuleID: r.ID, Rule: r.Label, Kind: r.Kind, Severity: r.Severity,
					Text: sp.text, Start: sp.start, End: sp.end})
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
		v.Reject(f.Field, "must not contain %s (“%s” at characters %d–%d)", i18n.Text{Format: f.Rule}, f.Text, f.Start, f.End)
	}
	if !rejecting {
		return nil
	}
	return apperr.From(v.Err()).With("findings", findings)
}

// SeededLabels are the labels of the rules the migrations seed. A label is
// a message id: a finding's rule reads in the viewer's language wherever it
// is shown (an operator's own label has no translation and shows as typed).
var SeededLabels = []i18n.Text{
	i18n.T("Absolute claim"), i18n.T("Banned word"), i18n.T("Cure claim"), i18n.T("E-mail address"),
	i18n.T("Guaranteed effect"), i18n.T("Landline number"), i18n.T("Marketing text"), i18n.T("Phone number"),
	i18n.T("QQ number"), i18n.T("Sensitive word"), i18n.T("Slimming claim"), i18n.T("WeChat id"), i18n.T("Web address"),
}

// span is where a pattern matched: the text as the person wrote it, with
// its character offsets.
type span struct {
	text       string
	start, end int
}

// chineseDigits maps Chinese numerals (plain, financial and the spoken 幺,
// 两) to digits, so that "一三八" reads as "138".
var chineseDigits = map[rune]rune{
	'零': '0', '〇': '0', '一': '1', '壹': '1', '幺': '1', '二': '2', '贰': '2', '两': '2',
	'三': '3', '叁': '3', '四': '4', '肆': '4', '五': '5', '伍': '5', '六': '6', '陆': '6',
	'七': '7', '柒': '7', '八': '8', '捌': '8', '九': '9', '玖': '9',
}

// chineseUnits are the Chinese numeral units (plain and financial): 十五 is
// 15, 两千 is 2000, 三万五千 is 35000.
var chineseUnits = map[rune]int64{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000, '万': 10000, '萬': 10000}

// Fold rewrites text the way the rules see it: compatibility
// normalisation (full-width to half-width, circled digits to digits), lower
// case, Chinese numerals as digits and every space as one ASCII space. It
// returns, for each byte of the folded text, the byte offset in text of the
// character it came from, so a match can be reported in the original.
func Fold(text string) (folded string, origin []int) {
	var b strings.Builder
	emit := func(out string, first, last int) {
		b.WriteString(out)
		for k := range len(out) {
			if k == len(out)-1 {
				origin = append(origin, last)
			} else {
				origin = append(origin, first)
			}
		}
	}
	runes := []rune(text)
	offsets := make([]int, 0, len(runes))
	for i := range text {
		offsets = append(offsets, i)
	}
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if isChineseNumeral(r) {
			j := i
			for j+1 < len(runes) && isChineseNumeral(runes[j+1]) {
				j++
			}
			emit(chineseNumber(runes[i:j+1]), offsets[i], offsets[j])
			i = j
			continue
		}
		out := strings.ToLower(norm.NFKC.String(string(r)))
		if unicode.IsSpace(r) {
			out = " "
		}
		emit(out, offsets[i], offsets[i])
	}
	return b.String(), origin
}

// isChineseNumeral reports whether r is a Chinese digit or unit.
func isChineseNumeral(r rune) bool {
	_, digit := chineseDigits[r]
	_, unit := chineseUnits[r]
	return digit || unit
}

// chineseNumber writes a run of Chinese numerals in digits: digit by digit
// when it has no unit (一三八 is 138, as phone numbers are read out), else
// as the number it names (十 is 10, 二十五 is 25, 三百零五 is 305).
func chineseNumber(run []rune) string {
	if !slices.ContainsFunc(run, func(r rune) bool { _, unit := chineseUnits[r]; return unit }) {
		out := make([]rune, len(run))
		for i, r := range run {
			out[i] = chineseDigits[r]
		}
		return string(out)
	}
	var total, section, digit int64
	for _, r := range run {
		if d, ok := chineseDigits[r]; ok {
			digit = int64(d - '0')
			continue
		}
		unit := chineseUnits[r]
		if unit == 10000 {
			total += (section + digit) * unit
			section, digit = 0, 0
			continue
		}
		if digit == 0 {
			digit = 1 // 十 alone, or 十 after 零, is one ten
		}
		section += digit * unit
		digit = 0
	}
	return strconv.FormatInt(total+section+digit, 10)
}

// foldedSpans finds the non-empty matches of re in folded, the folding of
// text with its origin (see Fold), and returns them as spans of text as
// written, with character offsets.
func foldedSpans(text, folded string, origin []int, re *regexp.Regexp) []span {
	var out []span
	for _, loc := range re.FindAllStringIndex(folded, -1) {
		if loc[0] == loc[1] {
			continue
		}
		start, last := origin[loc[0]], origin[loc[1]-1]
		_, size := utf8.DecodeRuneInString(text[last:])
		end := last + size
		out = append(out, span{text: text[start:end], start: utf8.RuneCountInString(text[:start]),
			end: utf8.RuneCountInString(text[:end])})
	}
	return out
}
