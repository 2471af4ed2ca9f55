package web

import (
	"testing"

	"github.com/helio-platform/helio/internal/i18n"
)

// TestEveryPageParses: pages are parsed on first use, so a template that
// does not parse would otherwise show only when someone opens the page.
func TestEveryPageParses(t *testing.T) {
	for _, l := range i18n.Langs {
		pages := parsePages(l)
		if len(pages) == 0 {
			t.Fatalf("%s: no pages", l)
		}
		for name, parse := range pages {
			if parse().Lookup("layout.html") == nil {
				t.Errorf("%s %s: parsed without the layout", l, name)
			}
		}
	}
}
