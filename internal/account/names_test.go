package account

import (
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
)

// TestLookAlikeNamesShareAKey: names a reader cannot tell apart fold to one
// uniqueness key — confusable letters of another script, invisible and
// bidi-control characters, other spaces, combining marks, full-width forms
// — while names that differ to the eye keep different keys.
func TestLookAlikeNamesShareAKey(t *testing.T) {
	same := map[string]string{
		"оps":                   "ops", // Cyrillic о
		"ΟΡЅ":                   "ops", // Greek Ο, Ρ and Cyrillic Ѕ
		"НОРЕ":                  "hope",
		"раураl":                "paypal",
		"o\u200dps":             "ops", // zero-width joiner
		"o\u200bps":             "ops", // zero-width space
		"\u202eops":             "ops", // right-to-left override
		"\u2066ops\u2069":       "ops", // left-to-right isolate … pop directional isolate
		"o\u00a0ps":             "o ps",
		"o\u3164ps":             "ops", // Hangul filler
		"ops\u0301":             "ops", // combining acute
		"o\u0335ps":             "ops", // combining short stroke overlay
		"óps":                   "ops", // precomposed
		"ｏｐｓ":                   "ops", // full-width
		"Ｘｉａｏ　Ya":               "xiao ya",
		"艾尔·肯":                  "艾尔•肯",
		"ops\ufe0f":             "ops", // variation selector
		"xiao  ya":              "xiao ya",
		"\U0001d428\U0001d429s": "ops", // mathematical bold
	}
	for a, b := range same {
		if NicknameKey(a) != NicknameKey(b) {
			t.Errorf("NicknameKey(%q) = %q, NicknameKey(%q) = %q: want one key", a, NicknameKey(a), b, NicknameKey(b))
		}
	}
	for _, pair := range [][2]string{{"user1", "userl"}, {"ops0", "opsO"}, {"小雅", "小雅儿"}, {"艾尔·肯", "艾尔肯"}, {"opz", "ops"}} {
		if NicknameKey(pair[0]) == NicknameKey(pair[1]) {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], NicknameKey(pair[0]))
		}
	}
}

// TestNamesRefuseInvisibleCharacters: invisible, bidi-control and spacing
// tricks are refused with the character's code point and name; stacked
// combining marks are refused; ordinary names with marks, dots and CJK
// pass.
func TestNamesRefuseInvisibleCharacters(t *testing.T) {
	refused := map[string]string{
		"o\u200bps":             "must not contain U+200B ZERO WIDTH SPACE",
		"o\u200dps":             "must not contain U+200D ZERO WIDTH JOINER",
		"\u202eops":             "must not contain U+202E RIGHT-TO-LEFT OVERRIDE",
		"\u2066ops\u2069":       "must not contain U+2066 LEFT-TO-RIGHT ISOLATE",
		"o\u00a0ps":             "must not contain U+00A0 NO-BREAK SPACE",
		"o\u3164ps":             "must not contain U+3164 HANGUL FILLER",
		"ops\ufe0f":             "must not contain U+FE0F VARIATION SELECTOR-16",
		"o\u0301\u0302\u0303ps": "must not stack more than 2 combining marks on one character",
		"\u0301ops":             "must not start with a combining mark (U+0301 COMBINING ACUTE ACCENT)",
		"ops\u0378":             "must not contain U+0378",
		"ops\x07":               "must not contain U+0007",
		"ops＠sub":               "must not contain @ or :",
	}
	for name, want := range refused {
		var v apperr.Validation
		ValidateName(&v, "nickname", name)
		fields := apperr.From(v.Err()).Fields
		if got := fields["nickname"].String(); got != want {
			t.Errorf("ValidateName(%q) = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"José", "艾尔·肯", "ハリー・ポッター", "小雅 Ya", "Ｘｉａｏ　Ya", "Mary-Jane", "小雅😀"} {
		var v apperr.Validation
		ValidateName(&v, "nickname", name)
		if err := v.Err(); err != nil {
			t.Errorf("ValidateName(%q): %v", name, apperr.From(err).Fields)
		}
	}
}
