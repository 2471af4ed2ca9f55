package config

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"
)

// Account holds the settings of login identities' passwords (SPEC §2.1).
type Account struct {
	// PasswordPolicy is "composition" (SPEC §2.1: 8–16 characters with
	// letters, digits and symbols) or "length" (8–64, NIST SP 800-63B style).
	PasswordPolicy string
	// PasswordDenylist is an optional file of extra refused passwords, one a line.
	PasswordDenylist string
	// Argon2MemoryKiB, Argon2Time and Argon2Threads are the argon2id
	// parameters of a password hash.
	Argon2MemoryKiB uint32
	Argon2Time      uint32
	Argon2Threads   uint8
	// HashSlots is how many password hashes may run at once (each takes
	// Argon2MemoryKiB); HashWait is how long a log-in or sign-up waits for
	// a slot before it is answered 503 with Retry-After (SPEC §3.1).
	HashSlots int
	HashWait  time.Duration
}

func accountDefaults() Account {
	return Account{PasswordPolicy: "composition", Argon2MemoryKiB: uint32(Argon2Floor.MemoryKiB),
		Argon2Time: uint32(Argon2Floor.Time), Argon2Threads: Argon2Floor.Threads,
		HashSlots: runtime.NumCPU(), HashWait: 2 * time.Second}
}

func accountSettings() []setting {
	return []setting{
		{flag: "password-policy", env: "HELIO_PASSWORD_POLICY", usage: "composition (8-16, letters+digits+symbols) or length (8-64)", set: func(c *Config, v string) error {
			if v != "composition" && v != "length" {
				return errors.New("want composition or length")
			}
			c.Account.PasswordPolicy = v
			return nil
		}},
		{flag: "password-denylist", env: "HELIO_PASSWORD_DENYLIST", usage: "file of extra refused passwords, one a line", set: func(c *Config, v string) error {
			if v != "" {
				if _, err := os.Stat(v); err != nil {
					return errors.New("file not readable")
				}
			}
			c.Account.PasswordDenylist = v
			return nil
		}},
		{flag: "argon2-memory-kib", env: "HELIO_ARGON2_MEMORY_KIB", usage: "argon2id memory per hash in KiB (at least OWASP's 19456)", set: argon2Setter(Argon2Floor.MemoryKiB, 1<<22, func(c *Config, n uint64) { c.Account.Argon2MemoryKiB = uint32(n) })},
		{flag: "argon2-time", env: "HELIO_ARGON2_TIME", usage: "argon2id passes (at least OWASP's 2)", set: argon2Setter(uint64(Argon2Floor.Time), 20, func(c *Config, n uint64) { c.Account.Argon2Time = uint32(n) })},
		{flag: "argon2-threads", env: "HELIO_ARGON2_THREADS", usage: "argon2id lanes", set: argon2Setter(uint64(Argon2Floor.Threads), 16, func(c *Config, n uint64) { c.Account.Argon2Threads = uint8(n) })},
		{flag: "hash-slots", env: "HELIO_HASH_SLOTS", usage: "password hashes that may run at once (default: the number of CPUs)", set: uintSetter(1, 1024, func(c *Config, n uint64) { c.Account.HashSlots = int(n) })},
		{flag: "hash-wait", env: "HELIO_HASH_WAIT", usage: "how long a log-in or sign-up waits for a hashing slot before 503", set: durationSetter(func(c *Config, d time.Duration) { c.Account.HashWait = d })},
	}
}

// Argon2Floor is OWASP's least argon2id cost for passwords (m=19456 KiB,
// t=2, p=1); a setting below it stops the start.
var Argon2Floor = struct {
	MemoryKiB     uint64
	Time, Threads uint8
}{MemoryKiB: 19456, Time: 2, Threads: 1}

// argon2Setter is uintSetter for an argon2id cost, whose refusal below lo
// names OWASP's floor.
func argon2Setter(lo, hi uint64, f func(*Config, uint64)) func(*Config, string) error {
	set := uintSetter(lo, hi, f)
	return func(c *Config, v string) error {
		if err := set(c, v); err != nil {
			return fmt.Errorf("%v (argon2id below OWASP's floor of m=%d KiB, t=%d, p=%d is refused)", err,
				Argon2Floor.MemoryKiB, Argon2Floor.Time, Argon2Floor.Threads)
		}
		return nil
	}
}
