package account

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"

	"github.com/helio-platform/helio/internal/apperr"
)

// maxMarks is how many combining marks one letter may carry in a name;
// more is "Zalgo" text that hides or overprints its neighbours.
const maxMarks = 2

// NicknameKey folds a public name (a nickname or a creator account's name)
// into its uniqueness key, so that names a reader cannot tell apart share
// one key:
//
//  1. invisible characters (zero-width, bidi controls, fillers, variation
//     selectors) are dropped, spaces of every kind become one, and Unicode compatibility normalisation
//     (NFKC) turns full-width and other compatibility forms into plain ones;
//  2. the confusable skeleton: each letter of another script that looks
//     like a Latin one becomes that letter (Cyrillic о, Greek ο → o; see
//     confusables), and combining marks on Latin letters are dropped
//     (ó, o + U+0335 → o);
//  3. the PRECIS Nickname profile's comparison (RFC 8266: case folded,
//     spaces of every kind mapped to one space and collapsed).
//
// So "ops", "оps" (Cyrillic о), "ｏｐｓ", "OPS" and "o\u200bps" collide. The
// key is for comparison only; the name is shown as it was typed.
func NicknameKey(s string) string {
	s = norm.NFKC.String(strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Zs, r):
			return ' '
		case invisible(r):
			return -1
		}
		return r
	}, strings.TrimSpace(s)))
	s = skeleton(s)
	if k, err := precis.Nickname.CompareKey(s); err == nil {
		return k
	}
	return strings.ToLower(s) // a name PRECIS refuses (it cannot be signed up; this serves look-ups)
}

// skeleton maps confusable letters to their Latin prototype and drops the
// combining marks on Latin letters, in the decomposed form (NFD), then
// recomposes (NFC).
func skeleton(s string) string {
	var b strings.Builder
	latinBase := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			if !latinBase {
				b.WriteRune(r)
			}
			continue
		}
		if p, ok := confusables[r]; ok {
			r = p
		} else if p, ok := confusables[unicode.ToLower(r)]; ok {
			r = p // a capital whose small letter is a look-alike (Ԁ → ԁ → d), so the key is a fixed point
		}
		latinBase = r < utf8.RuneSelf && unicode.IsLetter(r)
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// invisible reports whether r shows nothing, or moves or reorders what is
// around it: format characters (zero-width space and joiners, bidi
// embeddings, overrides and isolates, the byte-order mark), other default-
// ignorable code points (Hangul fillers), variation selectors, private-use
// and unpaired surrogate code points, line and paragraph separators, and
// every space other than the plain and the ideographic one (no-break,
// thin, figure spaces…).
func invisible(r rune) bool {
	switch {
	case r == ' ' || r == '\u3000':
		return false
	case unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector,
		unicode.Co, unicode.Cs, unicode.Zs, unicode.Zl, unicode.Zp):
		return true
	}
	return false
}

// runeName names a code point for a refusal, such as
// "U+200B ZERO WIDTH SPACE".
func runeName(r rune) string {
	if n := runenames.Name(r); n != "" && !strings.HasPrefix(n, "<") {
		return fmt.Sprintf("U+%04X %s", r, n)
	}
	return fmt.Sprintf("U+%04X", r)
}

// checkCharacters refuses into v under field the characters of name that
// hide, reorder or overprint text, or that PRECIS's Nickname profile does
// not allow (unassigned code points, for instance), naming the first one.
func checkCharacters(v *apperr.Validation, field, name string) {
	marks := 0
	for i, r := range name {
		if invisible(r) || unicode.IsControl(r) {
			v.Reject(field, "must not contain %s", runeName(r))
			return
		}
		if unicode.Is(unicode.Mn, r) {
			if i == 0 {
				v.Reject(field, "must not start with a combining mark (%s)", runeName(r))
				return
			}
			if marks++; marks > maxMarks {
				v.Reject(field, "must not stack more than %d combining marks on one character", maxMarks)
				return
			}
			continue
		}
		marks = 0
		if _, err := precis.Nickname.String(string(r)); err != nil && !unicode.IsSpace(r) && confusables[r] != '・' && r != '・' {
			v.Reject(field, "must not contain %s", runeName(r))
			return
		}
	}
}
