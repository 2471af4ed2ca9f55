package i18n

import (
	"slices"
	"strings"
	"testing"
)

// FuzzAcceptLanguage: any Accept-Language header picks a supported
// language: the first tag's when it is supported, English when no tag
// names a supported language; a language's own tag parses to itself.
func FuzzAcceptLanguage(f *testing.F) {
	for _, s := range []string{"zh-CN,zh;q=0.9,en;q=0.8", "fr-FR, de;q=0.5", "", "*", "ZH_tw", ";;,,;q=", "en-GB-oxendict"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		l := FromAcceptLanguage(header)
		if !slices.Contains(Langs, l) {
			t.Fatalf("FromAcceptLanguage(%q) = %q, not supported", header, l)
		}
		first, _, _ := strings.Cut(strings.Split(header, ",")[0], ";")
		if p, ok := Parse(first); ok && l != p {
			t.Fatalf("FromAcceptLanguage(%q) = %q, but its first tag is %q", header, l, p)
		}
		if lower := strings.ToLower(header); l != English && !strings.Contains(lower, string(l)) {
			t.Fatalf("FromAcceptLanguage(%q) = %q, which it does not name", header, l)
		}
		if p, ok := Parse(string(l)); !ok || p != l {
			t.Fatalf("Parse(%q) = %q, %v", l, p, ok)
		}
	})
}
