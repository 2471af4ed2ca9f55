package moderation

import (
	"regexp"
	"testing"
	"unicode/utf8"
)

// FuzzRulePattern: a pattern that validation accepts compiles, is at most
// 500 bytes and does not match empty text; matching it against any text
// never panics, and each finding is the span of the text as written that
// its character offsets name.
func FuzzRulePattern(f *testing.F) {
	for _, s := range [][2]string{{`微信|vx`, "加我微信 abc"}, {`\d{11}`, "电话１３８００１３８０００"}, {`a*`, "aaa"}, {`(`, ""},
		{`最`, "ＡＢ最好"}, {`\s+`, "a \u3000b"}, {`(?i)K`, "\u212a"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		r := Rule{ID: "r1", Kind: KindBanned, Label: "fuzz", Pattern: pattern, Severity: SeverityReject, Scopes: []string{ScopeContent},
			Enabled: true}
		if r.validate() != nil {
			return
		}
		re, err := regexp.Compile(pattern)
		if err != nil || len(pattern) > 500 || re.MatchString("") {
			t.Fatalf("validate accepted %q", pattern)
		}
		folded, origin := Fold(text)
		if len(origin) != len(folded) {
			t.Fatalf("Fold(%q): %d origins for %d bytes", text, len(origin), len(folded))
		}
		runes := []rune(text)
		for _, fd := range Match([]Rule{r}, []Text{{Field: "body", Value: text}}) {
			if !utf8.ValidString(text) {
				continue // offsets count the replacement characters of invalid bytes
			}
			if fd.Start < 0 || fd.Start >= fd.End || fd.End > len(runes) || string(runes[fd.Start:fd.End]) != fd.Text {
				t.Fatalf("pattern %q in %q: finding %+v", pattern, text, fd)
			}
		}
	})
}
