package account

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/helio-platform/helio/internal/apperr"
)

// BioMax is the longest bio in characters (SPEC §2.2, source).
const BioMax = 72

// Kinds of profile rule.
const (
	RuleContact   = "contact"
	RuleMarketing = "marketing"
)

// ProfileRule is one row of the operators' pattern table: text that a
// creator account's name or bio must not contain. Pattern is a regular
// expression (RE2) matched against the folded text (see Fold).
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
	CheckRuleText(&v, r.Label, r.Pattern)
	return v.Err()
}

// CheckRuleText checks the label and pattern of a rule an operator wrote
// (profile rules here, moderation rules elsewhere): a label of 1 to 60
// characters and a regular expression of at most 500 that does not match
// empty text.
func CheckRuleText(v *apperr.Validation, label, pattern string) {
	if n := utf8.RuneCountInString(strings.TrimSpace(label)); n < 1 || n > 60 {
		v.Reject("label", "must be 1 to 60 characters")
	}
	if re, err := regexp.Compile(pattern); err != nil || pattern == "" || len(pattern) > 500 {
		v.Reject("pattern", "must be a regular expression of at most 500 characters")
	} else if re.MatchString("") {
		v.Reject("pattern", "must not match empty text")
	}
}

// Span is where a rule matched: the rule's label and the offending text as
// the person wrote it, with its character offsets.
type Span struct {
	Rule  string `json:"rule"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// chineseDigits maps Chinese numerals (plain, financial and the spoken 幺,
// 两) to digits, so that "一三八" reads as "138".
var chineseDigits = map[rune]rune{
	'零': '0', '〇': '0', '一': '1', '壹': '1', '幺': '1', '二': '2', '贰': '2', '两': '2',
	'三': '3', '叁': '3', '四': '4', '肆': '4', '五': '5', '伍': '5', '六': '6', '陆': '6',
	'七': '7', '柒': '7', '八': '8', '捌': '8', '九': '9', '玖': '9',
}

// Fold rewrites text the way the profile rules see it: compatibility
// normalisation (full-width to half-width, circled digits to digits), lower
// case, Chinese numerals as digits and every space as one ASCII space. It
// returns, for each byte of the folded text, the byte offset in text of the
// character it came from, so a match can be reported in the original.
func Fold(text string) (folded string, origin []int) {
	var b strings.Builder
	for i, r := range text {
		var out string
		switch d, ok := chineseDigits[r]; {
		case ok:
			out = string(d)
		case unicode.IsSpace(r):
			out = " "
		default:
			out = strings.ToLower(norm.NFKC.String(string(r)))
		}
		b.WriteString(out)
		for range len(out) {
			origin = append(origin, i)
		}
	}
	return b.String(), origin
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
func FindForbidden(text string, rules []ProfileRule) (Span, bool) {
	folded, origin := Fold(text)
	var best Span
	found := false
	for _, r := range compileRules(rules) {
		spans := FoldedSpans(text, folded, origin, r.re, 1)
		if len(spans) == 1 && (!found || spans[0].Start < best.Start) {
			best, found = spans[0], true
			best.Rule = r.label
		}
	}
	return best, found
}

// FoldedSpans finds up to n (all when n < 0) non-empty matches of re in
// folded, the folding of text with its origin (see Fold), and returns them
// as spans of text as written, with character offsets. Rule is left empty.
func FoldedSpans(text, folded string, origin []int, re *regexp.Regexp, n int) []Span {
	var out []Span
	for _, loc := range re.FindAllStringIndex(folded, n) {
		if loc[0] == loc[1] {
			continue
		}
		start, last := origin[loc[0]], origin[loc[1]-1]
		_, size := utf8.DecodeRuneInString(text[last:])
		end := last + size
		out = append(out, Span{Text: text[start:end], Start: utf8.RuneCountInString(text[:start]),
			End: utf8.RuneCountInString(text[:end])})
	}
	return out
}

// NicknameRule is one suffix rewrite of a Tmall-style store's name into its
// account nickname (SPEC §2.3), such as 官方旗舰店 → 天猫官方.
type NicknameRule struct {
	Suffix      string `json:"suffix"`
	Replacement string `json:"replacement"`
}

// DeriveNickname applies the first rule whose suffix ends storeName; a name
// no rule matches is used as it is.
func DeriveNickname(storeName string, rules []NicknameRule) string {
	storeName = strings.TrimSpace(storeName)
	for _, r := range rules {
		if base, ok := strings.CutSuffix(storeName, r.Suffix); ok && base != "" {
			return base + r.Replacement
		}
	}
	return storeName
}

// checkProfileText rejects field when text breaks a profile rule, naming
// the rule and the offending span, and returns the span found.
func checkProfileText(v *apperr.Validation, field, text string, rules []ProfileRule) (Span, bool) {
	s, found := FindForbidden(text, rules)
	if found {
		v.Reject(field, "must not contain contact details or marketing text (%s: “%s”)", s.Rule, s.Text)
	}
	return s, found
}
