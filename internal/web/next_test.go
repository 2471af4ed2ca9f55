package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNextKeepsRedirectsOnThisSite(t *testing.T) {
	for _, hostile := range []string{"", "//evil", "/\\evil", "/%09/evil", "/\t/evil", "/\r\n/evil", "/\n/evil",
		"https://evil", "javascript:alert(1)", "/%2F%2Fevil", "/%5Cevil", "/%5C%5Cevil", "\\\\evil", " /evil",
		"/a\\b", "/\x00/evil", "evil", "http:/evil", "/\x7f/evil", "/%2f/evil"} {
		if got := safeNext(hostile); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", hostile, got)
		}
	}
	for _, good := range []string{"/", "/contents", "/contents/abc/edit?done=saved", "/feed#top", "/audit?from=2026-01-01&to=x",
		"/accounts/%E5%B0%8F%E9%B9%BF", "/c/1/products/a%2Fb"} {
		if got := safeNext(good); got != good {
			t.Errorf("safeNext(%q) = %q, want it kept", good, got)
		}
	}
}

// FuzzSafeNext checks that whatever the input, the redirect target leads
// to this origin once a browser has normalised it: it drops tabs and line
// breaks and reads backslashes as slashes.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/contents", "//evil", "/\\evil", "/\t/evil", "/%09/evil", "https://evil", "/%2F%2Fevil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the input nor /", next, got)
		}
		browser := strings.ReplaceAll(strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, strings.TrimFunc(got, func(r rune) bool { return r <= ' ' })), "\\", "/")
		u, err := url.Parse(browser)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
			t.Fatalf("safeNext(%q) = %q leaves this site (a browser reads %q)", next, got, browser)
		}
	})
}
