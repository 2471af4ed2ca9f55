package httpx

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
)

func TestSanitize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"Mozilla/5.0", 256, "Mozilla/5.0"},
		{"agent\xff\x00/1", 256, "agent\uFFFD/1"},
		{"tab\there\r\n\x7f", 256, "tabhere"},
		{"小鹿\xe4\xb8", 256, "小鹿\uFFFD"},
		{"鹿鹿鹿鹿鹿", 8, "鹿鹿"}, // cut to 8 bytes: two whole characters
	} {
		if got := Sanitize(tc.in, tc.max); got != tc.want {
			t.Errorf("Sanitize(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestCheckJSONNamesTheField(t *testing.T) {
	for raw, want := range map[string]string{
		`{"title":"a\u0000b"}`:                      "title",
		"{\"title\":\"ok\",\"body\":\"\xff\"}":      "body",
		`{"products":[{"id":"p"},{"id":"\u0000"}]}`: "products[1].id",
		`["\u0000"]`:                       "[0]",
		`"\u0000"`:                         "body",
		`{"a":{"b":[1,"x"]},"c":"\u0000"}`: "c",
	} {
		var g TextGuard
		g.CheckJSON([]byte(raw))
		e := apperr.From(g.Err())
		if _, ok := e.Fields[want]; !ok || len(e.Fields) != 1 {
			t.Errorf("CheckJSON(%q) fields %v, want %s", raw, e.Fields, want)
		}
	}
	var g TextGuard
	g.CheckJSON([]byte(`{"title":"\\u0000 is how JSON writes NUL","n":1}`))
	if err := g.Err(); err != nil {
		t.Errorf("an escaped backslash was taken for a NUL: %v", err)
	}
}

// FuzzSanitize checks that the sanitiser always answers valid text
// without control characters within its bound, and keeps clean text.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"Mozilla/5.0 (X11; Linux x86_64)", "agent\xff\x00/1", "小鹿\xe4\xb8", "\t\r\n\x7f"} {
		f.Add(s, 256)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max % 512
		if max < 0 {
			max = -max
		}
		got := Sanitize(s, max)
		if !ValidText(got) || len(got) > max || strings.ContainsFunc(got, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			t.Fatalf("Sanitize(%q, %d) = %q", s, max, got)
		}
		clean := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
		if clean && len(s) <= max && got != s {
			t.Fatalf("Sanitize changed clean text %q into %q", s, got)
		}
	})
}

// FuzzCheckJSON checks that a JSON body passes the text guard exactly when
// every string in it, once decoded, is valid text, whatever its shape.
func FuzzCheckJSON(f *testing.F) {
	for _, s := range []string{`{"title":"a"}`, `{"title":"a\u0000b"}`, "{\"t\":\"\xff\"}", `[1,{"a":["\u0000"]}]`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var g TextGuard
		g.CheckJSON(raw)
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return // malformed: the decoder answers
		}
		if g.Err() == nil && !utf8.Valid(raw) {
			t.Fatalf("invalid UTF-8 passed: %q", raw)
		}
		if g.Err() == nil && holdsNUL(v) {
			t.Fatalf("a NUL passed: %q", raw)
		}
	})
}

func holdsNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		for _, x := range v {
			if holdsNUL(x) {
				return true
			}
		}
	case map[string]any:
		for k, x := range v {
			if strings.ContainsRune(k, 0) || holdsNUL(x) {
				return true
			}
		}
	}
	return false
}
