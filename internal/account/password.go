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
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/helio-platform/helio/internal/apperr"
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

// KeyFunc derives an argon2id key; it has argon2.IDKey's signature, which
// NewHasher uses unless WithKeyFunc names a stand-in (tests count or slow
// the hashing with one).
type KeyFunc func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

// Hasher hashes passwords with argon2id and verifies them in constant time.
// Each hash costs MemoryKiB of memory, so at most a few run at once (SPEC
// §3.1): a caller waits up to the configured wait for a slot and is then
// refused with Unavailable, so that a burst of log-ins or sign-ups cannot
// exhaust the memory.
type Hasher struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	dummy     string
	key       KeyFunc
	slots     chan struct{}
	wait      time.Duration
}

// HasherOption adjusts a Hasher made by NewHasher.
type HasherOption func(*Hasher)

// WithSlots lets at most n hashes run at once; a caller waits up to wait
// for a free slot. Without it hashing is unbounded.
func WithSlots(n int, wait time.Duration) HasherOption {
	return func(h *Hasher) { h.slots, h.wait = make(chan struct{}, max(n, 1)), wait }
}

// WithKeyFunc replaces argon2.IDKey.
func WithKeyFunc(k KeyFunc) HasherOption {
	return func(h *Hasher) { h.key = k }
}

// NewHasher returns a Hasher with the given argon2id parameters.
func NewHasher(memoryKiB, passes uint32, threads uint8, opts ...HasherOption) *Hasher {
	h := &Hasher{MemoryKiB: memoryKiB, Time: passes, Threads: threads, key: argon2.IDKey}
	for _, o := range opts {
		o(h)
	}
	// The dummy is random bytes in the PHC form, not a hash: it costs one
	// derivation to check and matches no password.
	salt, sum := make([]byte, 16), make([]byte, 32)
	_, _ = rand.Read(salt)
	_, _ = rand.Read(sum)
	h.dummy = phc{memoryKiB: h.MemoryKiB, time: h.Time, threads: h.Threads, salt: salt, key: sum}.String()
	return h
}

// derive runs the key function in a slot: it waits for one up to the
// hasher's wait and answers Unavailable, with a Retry-After, when none frees.
func (h *Hasher) derive(pw, salt []byte, passes, mem uint32, threads uint8, keyLen uint32) ([]byte, error) {
	if h.slots != nil {
		select {
		case h.slots <- struct{}{}:
		default:
			t := time.NewTimer(h.wait)
			select {
			case h.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				e := apperr.New(apperr.Unavailable, "The server is busy. Please try again in a moment.")
				e.RetryAfter = max(h.wait, time.Second)
				return nil, e
			}
		}
		defer func() { <-h.slots }()
	}
	return h.key(pw, salt, passes, mem, threads, keyLen), nil
}

// NeedsRehash reports whether encoded was made with a lower cost than h's
// in any parameter, so that a log-in that knows the password should store
// it again at the current cost.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p, err := parsePHC(encoded)
	return err == nil && (p.memoryKiB < h.MemoryKiB || p.time < h.Time || p.threads < h.Threads)
}

// Hash returns the PHC-formatted argon2id hash of pw with a random salt, or
// Unavailable when every hashing slot stayed busy.
func (h *Hasher) Hash(pw string) (string, error) {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key, err := h.derive([]byte(pw), salt, h.Time, h.MemoryKiB, h.Threads, 32)
	if err != nil {
		return "", err
	}
	return phc{memoryKiB: h.MemoryKiB, time: h.Time, threads: h.Threads, salt: salt, key: key}.String(), nil
}

// Verify reports whether pw matches encoded, using the parameters stored in
// encoded (so hashes made before a parameter change still verify). It
// answers Unavailable when every hashing slot stayed busy, and an internal
// error for a malformed hash.
func (h *Hasher) Verify(pw, encoded string) (bool, error) {
	p, err := parsePHC(encoded)
	if err != nil {
		return false, apperr.Wrap(err, "verify password")
	}
	got, err := h.derive([]byte(pw), p.salt, p.time, p.memoryKiB, p.threads, uint32(len(p.key)))
	if err != nil {
		return false, err
	}
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
// password; it is refused alike when the slots stay busy.
func (h *Hasher) VerifyDummy(pw string) error {
	_, err := h.Verify(pw, h.dummy)
	return err
}
