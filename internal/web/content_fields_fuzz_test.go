package web

import (
	"slices"
	"testing"

	"github.com/helio-platform/helio/internal/content"
)

// FuzzParseProducts: the products textarea either parses or is refused on
// the products field; what parses, written back with productLines, parses
// to the same products (the editor shows what it saved).
func FuzzParseProducts(f *testing.F) {
	for _, s := range [][2]string{{content.TypeOutfit, "sku-1 | 120 | 300\n\nsku-2|0|1000"}, {content.TypeList, "sku-1 | 好用 | 真的\nsku-2"},
		{content.TypeItem, "sku-9"}, {content.TypeOutfit, "sku | x | y"}, {content.TypePost, "a | b"}, {content.TypeList, " |\r\n"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, typ, text string) {
		ps, err := parseProducts(typ, text)
		if err != nil {
			return
		}
		again, err := parseProducts(typ, productLines(typ, ps))
		if err != nil || !slices.Equal(again, ps) {
			t.Fatalf("parseProducts(%q, %q) = %+v; written back and parsed: %+v, %v", typ, text, ps, again, err)
		}
	})
}
