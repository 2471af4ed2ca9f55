package config

import (
	"errors"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"
)

// Security holds the numbers of sessions and login security (SPEC §3), all
// defaults from the specification.
type Security struct {
	// SessionTTL is how long a session lasts.
	SessionTTL time.Duration
	// SessionCache is how long a replica may reuse an authenticated
	// session's actor, checking the account's auth version on every
	// request (0 disables the cache).
	SessionCache time.Duration
	// CodeTTL is how long a one-time code stays valid.
	CodeTTL time.Duration
	// CodeMaxTries is how many wrong entries a one-time code survives.
	CodeMaxTries int
	// CodeResendInterval is the least time between two codes to one account.
	CodeResendInterval time.Duration
	// CodeDailyLimit is how many codes one account may receive a day.
	CodeDailyLimit int
	// ChallengeTTL is how long a step-up challenge may be answered.
	ChallengeTTL time.Duration
	// LockFailures failed log-ins for one account from one IP or device
	// within LockWindow block that pair for LockDuration.
	LockFailures int
	LockWindow   time.Duration
	LockDuration time.Duration
	// IPFailures failed log-ins from one IP within IPWindow (across
	// accounts) refuse that IP until the window has passed.
	IPFailures int
	IPWindow   time.Duration
	// AccountFailures failed password checks for one account within
	// AccountWindow (across all IPs) make every log-in need strong
	// verification.
	AccountFailures int
	AccountWindow   time.Duration
	// RegionTable is a CSV file of "cidr,region" lines, re-read when it
	// changes; empty means no table.
	RegionTable string
	// RegionHeader names a header carrying the region, honoured only from
	// TrustedProxies.
	RegionHeader string
	// TrustedProxies are the load balancers whose forwarding headers
	// (X-Forwarded-For, Forwarded, RegionHeader) are believed.
	TrustedProxies []netip.Prefix
	// WebAuthnRPID is the passkeys' relying-party id (default: the host of
	// the public URL); WebAuthnOrigins are the origins allowed to use them
	// (default: the public URL).
	WebAuthnRPID    string
	WebAuthnOrigins []string
}

func defaultSecurity() Security {
	return Security{
		SessionTTL:         30 * 24 * time.Hour,
		SessionCache:       10 * time.Second,
		CodeTTL:            5 * time.Minute,
		CodeMaxTries:       5,
		CodeResendInterval: time.Minute,
		CodeDailyLimit:     10,
		ChallengeTTL:       10 * time.Minute,
		LockFailures:       5,
		LockWindow:         15 * time.Minute,
		LockDuration:       15 * time.Minute,
		IPFailures:         20,
		IPWindow:           time.Minute,
		AccountFailures:    100,
		AccountWindow:      time.Hour,
	}
}

func securitySettings() []setting {
	sec := func(f func(s *Security, d time.Duration)) func(*Config, string) error {
		return durationSetter(func(c *Config, d time.Duration) { f(&c.Security, d) })
	}
	count := func(f func(s *Security, n int)) func(*Config, string) error {
		return uintSetter(1, 1_000_000, func(c *Config, n uint64) { f(&c.Security, int(n)) })
	}
	return []setting{
		{flag: "session-ttl", env: "HELIO_SESSION_TTL", usage: "how long a session lasts", set: durationSetter(func(c *Config, d time.Duration) { c.Security.SessionTTL = d })},
		{flag: "session-cache", env: "HELIO_SESSION_CACHE", usage: "how long a replica reuses a session's actor, checking its auth version in the database on every request (0 disables)",
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if err != nil || d < 0 || d > time.Minute {
					return errors.New("want a duration from 0s to 1m")
				}
				c.Security.SessionCache = d
				return nil
			}},
		{flag: "code-ttl", env: "HELIO_CODE_TTL", usage: "life of a one-time code", set: sec(func(s *Security, d time.Duration) { s.CodeTTL = d })},
		{flag: "code-max-tries", env: "HELIO_CODE_MAX_TRIES", usage: "wrong entries a one-time code survives", set: count(func(s *Security, n int) { s.CodeMaxTries = n })},
		{flag: "code-resend-interval", env: "HELIO_CODE_RESEND_INTERVAL", usage: "least time between two codes to one account", set: sec(func(s *Security, d time.Duration) { s.CodeResendInterval = d })},
		{flag: "code-daily-limit", env: "HELIO_CODE_DAILY_LIMIT", usage: "codes one account may receive a day", set: count(func(s *Security, n int) { s.CodeDailyLimit = n })},
		{flag: "challenge-ttl", env: "HELIO_CHALLENGE_TTL", usage: "how long a step-up challenge may be answered", set: sec(func(s *Security, d time.Duration) { s.ChallengeTTL = d })},
		{flag: "lock-failures", env: "HELIO_LOCK_FAILURES", usage: "failed log-ins per account and IP/device that lock it", set: count(func(s *Security, n int) { s.LockFailures = n })},
		{flag: "lock-window", env: "HELIO_LOCK_WINDOW", usage: "window in which lock failures are counted", set: sec(func(s *Security, d time.Duration) { s.LockWindow = d })},
		{flag: "lock-duration", env: "HELIO_LOCK_DURATION", usage: "how long a lock lasts", set: sec(func(s *Security, d time.Duration) { s.LockDuration = d })},
		{flag: "ip-failures", env: "HELIO_IP_FAILURES", usage: "failed log-ins from one IP that refuse it", set: count(func(s *Security, n int) { s.IPFailures = n })},
		{flag: "ip-window", env: "HELIO_IP_WINDOW", usage: "window in which IP failures are counted", set: sec(func(s *Security, d time.Duration) { s.IPWindow = d })},
		{flag: "account-failures", env: "HELIO_ACCOUNT_FAILURES", usage: "failed password checks per account (all IPs) after which log-ins need strong verification", set: count(func(s *Security, n int) { s.AccountFailures = n })},
		{flag: "account-window", env: "HELIO_ACCOUNT_WINDOW", usage: "window in which account failures are counted", set: sec(func(s *Security, d time.Duration) { s.AccountWindow = d })},
		{flag: "region-table", env: "HELIO_REGION_TABLE", usage: "CSV file of cidr,region lines (re-read when it changes)", set: func(c *Config, v string) error {
			if _, err := os.Stat(v); err != nil {
				return errors.New("file not readable")
			}
			c.Security.RegionTable = v
			return nil
		}},
		{flag: "region-header", env: "HELIO_REGION_HEADER", usage: "header carrying the region, set by a trusted proxy", set: func(c *Config, v string) error {
			c.Security.RegionHeader = strings.TrimSpace(v)
			return nil
		}},
		{flag: "trusted-proxies", env: "HELIO_TRUSTED_PROXIES", usage: "comma-separated IPs or CIDRs of the load balancers whose X-Forwarded-For, Forwarded and region headers are believed", set: func(c *Config, v string) error {
			c.Security.TrustedProxies = nil
			for _, part := range strings.Split(v, ",") {
				part = strings.TrimSpace(part)
				p, err := netip.ParsePrefix(part)
				if a, aerr := netip.ParseAddr(part); aerr == nil {
					p, err = a.Unmap().Prefix(a.Unmap().BitLen())
				}
				if err != nil {
					return errors.New("want IPs or CIDRs such as 10.0.0.0/8,192.168.1.5")
				}
				c.Security.TrustedProxies = append(c.Security.TrustedProxies, p.Masked())
			}
			return nil
		}},
		{flag: "webauthn-rp-id", env: "HELIO_WEBAUTHN_RP_ID", usage: "passkeys' relying-party id (default: host of the public URL)", set: func(c *Config, v string) error {
			c.Security.WebAuthnRPID = strings.TrimSpace(v)
			return nil
		}},
		{flag: "webauthn-origins", env: "HELIO_WEBAUTHN_ORIGINS", usage: "comma-separated origins allowed to use passkeys (default: the public URL)", set: func(c *Config, v string) error {
			c.Security.WebAuthnOrigins = nil
			for _, o := range strings.Split(v, ",") {
				u, err := url.Parse(strings.TrimSpace(o))
				if err != nil || u.Host == "" {
					return errors.New("want origins such as https://helio.example.com")
				}
				c.Security.WebAuthnOrigins = append(c.Security.WebAuthnOrigins, u.Scheme+"://"+u.Host)
			}
			return nil
		}},
	}
}

// resolveSecurity fills the passkey defaults from the public URL. Browsers
// refuse an IP address as a relying-party id, so a public URL on an IP
// address (the development default) serves passkeys on localhost at the
// same port.
func (c *Config) resolveSecurity() {
	u, err := url.Parse(c.PublicURL)
	if err != nil {
		return
	}
	host := u.Hostname()
	origins := []string{c.PublicURL}
	if _, err := netip.ParseAddr(host); err == nil {
		host = "localhost"
		local := *u
		local.Host = "localhost"
		if p := u.Port(); p != "" {
			local.Host += ":" + p
		}
		origins = append(origins, local.String())
	}
	if c.Security.WebAuthnRPID == "" {
		c.Security.WebAuthnRPID = host
	}
	if len(c.Security.WebAuthnOrigins) == 0 {
		c.Security.WebAuthnOrigins = origins
	}
}
