package httpx

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
)

// ValidText reports whether s is valid UTF-8 without NUL characters, the
// text every input field must be: PostgreSQL refuses both, and SQLite would
// keep them and hand them back to every reader.
func ValidText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// Sanitize makes informational text a client sent (its User-Agent, a
// proxy's region header) safe to store and show: invalid bytes become
// U+FFFD, control characters (NUL among them) are dropped, and the result
// is cut to at most max bytes without splitting a character.
func Sanitize(s string, max int) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if r < ' ' || r == 0x7f {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > max {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TextGuard refuses input text that is not ValidText at the edge, before
// any service sees it, with a field error naming each offending input.
// The API checks its operations' parameters and JSON bodies with it, the
// console its path values, query and form values.
type TextGuard struct {
	v apperr.Validation
}

// Check refuses value of field unless it is valid text.
func (g *TextGuard) Check(field, value string) {
	if !ValidText(value) {
		g.v.Reject(field, "must be valid UTF-8 text without NUL characters")
	}
}

// CheckValues checks query or form values; a bad name is reported as
// field other.
func (g *TextGuard) CheckValues(values url.Values, other string) {
	for k, vs := range values {
		if !ValidText(k) {
			g.Check(other, k)
			continue
		}
		for _, v := range vs {
			g.Check(k, v)
		}
	}
}

// CheckJSON checks every member name and string of a JSON document; a
// field is named by its path, such as "title" or "products[0].id". A
// malformed document is left to the decoder, which explains it better.
func (g *TextGuard) CheckJSON(raw []byte) {
	if utf8.Valid(raw) && !bytes.Contains(raw, []byte(`\u0000`)) {
		return
	}
	type level struct {
		object  bool
		wantKey bool
		key     string
		index   int
	}
	var stack []level
	path := func() string {
		var b strings.Builder
		for _, l := range stack {
			if l.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(l.key)
			} else {
				b.WriteString("[" + strconv.Itoa(l.index) + "]")
			}
		}
		if b.Len() == 0 {
			return "body"
		}
		return b.String()
	}
	valueDone := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].wantKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, level{object: true, wantKey: true})
			case '[':
				stack = append(stack, level{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			isKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].wantKey
			if isKey {
				stack[len(stack)-1].key, stack[len(stack)-1].wantKey = Sanitize(t, 64), false
			}
			if !utf8.Valid(raw[start:dec.InputOffset()]) || strings.ContainsRune(t, 0) {
				g.v.Reject(path(), "must be valid UTF-8 text without NUL characters")
			}
			if !isKey {
				valueDone()
			}
		default:
			valueDone()
		}
	}
}

// Err returns the refusal, or nil when every checked text was valid.
func (g *TextGuard) Err() error { return g.v.Err() }
