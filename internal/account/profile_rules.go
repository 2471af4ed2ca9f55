package account

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/helio-platform/helio/internal/apperr"
)

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
