package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestTemplatesNeedNoInlineScriptOrStyle keeps the console within its
// Content-Security-Policy: no inline script, event handler attribute,
// javascript: URL or style attribute in any template.
func TestTemplatesNeedNoInlineScriptOrStyle(t *testing.T) {
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>\s*[^<\s]|<script(?:\s(?:[^s>]|s[^r>])*)?>|\son[a-z]+\s*=|javascript:|\sstyle\s*=|<style`)
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("templates: %v", err)
	}
	for _, n := range names {
		raw, err := fs.ReadFile(templateFiles, n)
		if err != nil {
			t.Fatal(err)
		}
		if m := inline.Find(raw); m != nil {
			t.Errorf("%s: %q breaks the Content-Security-Policy", n, m)
		}
	}
}
