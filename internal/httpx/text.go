package httpx

import (
	"strings"
	"unicode/utf8"
)

// TextProblem is the message of a field whose text the database cannot
// store: invalid UTF-8 or a NUL character (PostgreSQL refuses both; SQLite
// would keep them and hand them back to every reader).
const TextProblem = "must be valid UTF-8 text without NUL characters"

// ValidText reports whether s is valid UTF-8 without NUL characters, the
// text every input field must be.
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
