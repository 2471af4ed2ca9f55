package account

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
)

// FuzzNormalizePhone: a normalised phone is 11 ASCII digits starting with 1
// and normalises to itself.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138-0013-8000", "0086１３８００１３８０００", "12800138000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := NormalizePhone(s)
		if p == "" {
			return
		}
		if !mainlandPhone.MatchString(p) || NormalizePhone(p) != p {
			t.Fatalf("NormalizePhone(%q) = %q, which is not a fixed point", s, p)
		}
	})
}

// FuzzNormalizeEmail: a normalised address is lower-case, has one '@' with
// a dotted domain, fits 254 bytes and normalises to itself.
func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Lin@Example.COM", "a@b", "Lin <lin@example.com>", "\"x y\"@example.com", " a@b.cn "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := NormalizeEmail(s)
		if e == "" {
			return
		}
		if e != strings.ToLower(e) || len(e) > 254 || !strings.Contains(e[strings.LastIndex(e, "@"):], ".") || NormalizeEmail(e) != e {
			t.Fatalf("NormalizeEmail(%q) = %q", s, e)
		}
	})
}

// FuzzNicknameKey: the key is valid UTF-8, folding it again changes
// nothing, it holds no invisible character, and a name ValidateName accepts
// has a non-empty key without '@' or ':' (so no name can take a
// "collision:" or "rekey:" key).
func FuzzNicknameKey(f *testing.F) {
	for _, s := range []string{"ops", "оps", "o\u200bps", "\u202eops", "Ｘｉａｏ　Ya", "艾尔·肯", "ops\u0301", "ß", "İstanbul", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NicknameKey(s)
		if !utf8.ValidString(k) || strings.IndexFunc(k, invisible) >= 0 {
			t.Fatalf("NicknameKey(%q) = %q", s, k)
		}
		if again := NicknameKey(k); again != k {
			t.Fatalf("NicknameKey(%q) = %q, but NicknameKey(%q) = %q", s, k, k, again)
		}
		var v apperr.Validation
		ValidateName(&v, "nickname", s)
		if v.Err() == nil && (k == "" || strings.ContainsAny(k, "@:")) {
			t.Fatalf("accepted name %q has the key %q", s, k)
		}
	})
}

// FuzzParseResidentID: a valid number is 18 characters, parses again to
// itself and the same birth date, which is not after now, and changing its
// check character makes it invalid.
func FuzzParseResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105194912310021", "11010520000229001x", "  110105199001011234 ", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		n, birth, reason := ParseResidentID(s, now)
		if reason.Format != "" {
			if n != "" {
				t.Fatalf("refused %q but returned %q", s, n)
			}
			return
		}
		n2, birth2, reason2 := ParseResidentID(n, now)
		if len(n) != 18 || n2 != n || !birth2.Equal(birth) || reason2.Format != "" || birth.After(now) {
			t.Fatalf("ParseResidentID(%q) = %q %v; again %q %v %v", s, n, birth, n2, birth2, reason2)
		}
		for _, c := range idCheck {
			if byte(c) != n[17] {
				if _, _, r := ParseResidentID(n[:17]+string(c), now); r.Format == "" {
					t.Fatalf("%q with check character %c is valid too", n, c)
				}
			}
		}
	})
}

// FuzzParseCreditCode: a valid code is 18 characters of the code's
// alphabet, parses again to itself, and any other check character is
// refused.
func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100m000100y43", "91350100M000100Y44", "ＩＯ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, reason := ParseCreditCode(s)
		if reason.Format != "" {
			return
		}
		if c2, r := ParseCreditCode(c); len(c) != 18 || c2 != c || r.Format != "" || strings.Trim(c, creditCodeChars) != "" {
			t.Fatalf("ParseCreditCode(%q) = %q", s, c)
		}
		for _, ch := range creditCodeChars {
			if byte(ch) != c[17] {
				if _, r := ParseCreditCode(c[:17] + string(ch)); r.Format == "" {
					t.Fatalf("%q with check character %c is valid too", c, ch)
				}
			}
		}
	})
}

// FuzzParsePHC: a stored hash that parses has bounded parameters and is
// exactly what formatting its parts gives back; nothing panics (argon2
// itself panics on zero passes or threads, so those must never reach it).
func FuzzParsePHC(f *testing.F) {
	h := NewHasher(64, 1, 1)
	hash, err := h.Hash("Tea-Leaf-42")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{hash, "$argon2id$v=19$m=0,t=0,p=0$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw", "$argon2i$v=19$m=64,t=1,p=1$$", "$$$$$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePHC(s)
		if err != nil {
			return
		}
		if p.String() != s || p.time < 1 || p.threads < 1 || p.memoryKiB > maxHashMemoryKiB || len(p.key) < minKey || len(p.salt) < minSalt {
			t.Fatalf("parsePHC(%q) = %+v", s, p)
		}
		if p.memoryKiB <= 1024 && p.time <= 2 { // cheap enough to run: a parsed hash verifies without panicking
			if _, err := h.Verify("x", s); err != nil {
				t.Fatalf("Verify(%q): %v", s, err)
			}
		}
	})
}
