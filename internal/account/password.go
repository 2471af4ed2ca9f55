package account

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/helio-platform/helio/internal/i18n"
)

//go:embed common_passwords.txt
var commonPasswords string

// PasswordPolicy decides which passwords are acceptable (SPEC §2.1). The
// "composition" kind is the source's rule: 8–16 characters with letters,
// digits and symbols. The "length" kind follows NIST SP 800-63B: 8–64
// characters, no composition rules. Both refuse common passwords.
type PasswordPolicy struct {
	Kind   string
	Min    int
	Max    int
	denied map[string]bool
}

// NewPasswordPolicy builds the policy of kind ("composition" or "length"),
// refusing the embedded list of common passwords and, when denylistPath is
// set, the passwords in that file (one a line).
func NewPasswordPolicy(kind, denylistPath string) (PasswordPolicy, error) {
	p := PasswordPolicy{Kind: kind, Min: 8, Max: 16, denied: map[string]bool{}}
	switch kind {
	case "composition":
	case "length":
		p.Max = 64
	default:
		return p, fmt.Errorf("unknown password policy %q", kind)
	}
	for _, line := range strings.Split(commonPasswords, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			p.denied[strings.ToLower(line)] = true
		}
	}
	if denylistPath != "" {
		f, err := os.Open(denylistPath)
		if err != nil {
			return p, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" {
				p.denied[strings.ToLower(line)] = true
			}
		}
		if err := sc.Err(); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Check returns why pw is refused, or a zero Text when it is acceptable.
// The message names the rule that fails, such as the missing kind of
// character.
func (p PasswordPolicy) Check(pw string) i18n.Text {
	n := utf8.RuneCountInString(pw)
	if n < p.Min || n > p.Max {
		return i18n.T("must be %d to %d characters (got %d)", p.Min, p.Max, n)
	}
	if p.Kind == "composition" {
		var letter, digit, symbol bool
		for _, r := range pw {
			switch {
			case r < 128 && unicode.IsLetter(r):
				letter = true
			case r < 128 && unicode.IsDigit(r):
				digit = true
			case r > ' ' && r < 127:
				symbol = true
			default:
				return i18n.T("may contain only letters, digits and symbols of the ASCII keyboard")
			}
		}
		switch {
		case !letter:
			return i18n.T("must contain a letter")
		case !digit:
			return i18n.T("must contain a digit")
		case !symbol:
			return i18n.T("must contain a symbol such as ! @ # or %")
		}
	}
	if p.denied[strings.ToLower(pw)] {
		return i18n.T("is too common; choose one that is harder to guess")
	}
	return i18n.Text{}
}

// Hasher hashes passwords with argon2id and verifies them in constant time.
type Hasher struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	dummy     string
}

// NewHasher returns a Hasher with the given argon2id parameters.
func NewHasher(memoryKiB, passes uint32, threads uint8) *Hasher {
	h := &Hasher{MemoryKiB: memoryKiB, Time: passes, Threads: threads}
	h.dummy = h.Hash("dummy password for timing equality")
	return h
}

// Hash returns the PHC-formatted argon2id hash of pw with a random salt.
func (h *Hasher) Hash(pw string) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	return phc{memoryKiB: h.MemoryKiB, time: h.Time, threads: h.Threads, salt: salt,
		key: argon2.IDKey([]byte(pw), salt, h.Time, h.MemoryKiB, h.Threads, 32)}.String()
}

// Verify reports whether pw matches encoded, using the parameters stored in
// encoded (so hashes made before a parameter change still verify).
func (h *Hasher) Verify(pw, encoded string) (bool, error) {
	p, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), p.salt, p.time, p.memoryKiB, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(got, p.key) == 1, nil
}

// Bounds of the argon2id parameters a stored hash may name: argon2 panics
// on zero passes or threads, and a hash naming more memory than a server
// has would take it down at the next log-in.
const (
	maxHashMemoryKiB = 4 << 20 // 4 GiB
	maxHashTime      = 64
	minSalt, maxSalt = 8, 64
	minKey, maxKey   = 16, 64
)

// phc is a parsed argon2id hash in the PHC string format
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key> (unpadded standard base64).
type phc struct {
	memoryKiB, time uint32
	threads         uint8
	salt, key       []byte
}

// String formats p as Hash does.
func (p phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memoryKiB, p.time, p.threads,
		base64.RawStdEncoding.EncodeToString(p.salt), base64.RawStdEncoding.EncodeToString(p.key))
}

// parsePHC reads a stored hash, refusing any that is not the canonical form
// Hash writes or whose parameters are out of bounds.
func parsePHC(encoded string) (phc, error) {
	var p phc
	var version int
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return phc{}, errors.New("not an argon2id hash")
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return phc{}, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memoryKiB, &p.time, &p.threads); err != nil ||
		p.time < 1 || p.time > maxHashTime || p.threads < 1 || p.memoryKiB < 8*uint32(p.threads) || p.memoryKiB > maxHashMemoryKiB {
		return phc{}, errors.New("bad argon2 parameters")
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(p.salt) < minSalt || len(p.salt) > maxSalt {
		return phc{}, errors.New("bad argon2 salt")
	}
	if p.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(p.key) < minKey || len(p.key) > maxKey {
		return phc{}, errors.New("bad argon2 key")
	}
	if p.String() != encoded {
		return phc{}, errors.New("not a canonical argon2id hash")
	}
	return p, nil
}

// VerifyDummy spends the time of one verification against a hash that
// matches nothing, so that an unknown login answers as slowly as a wrong
// password.
func (h *Hasher) VerifyDummy(pw string) {
	_, _ = h.Verify(pw, h.dummy)
}
