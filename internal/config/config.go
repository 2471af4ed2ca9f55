// Package config reads Helio's settings from flags, HELIO_* environment
// variables and an optional file of KEY=VALUE lines (HELIO_CONFIG), in rising
// order of precedence: file, environment, flags. Every setting is validated
// before anything starts; a bad one stops the start with one line naming it.
package config

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting of a helio process.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	// Notify selects the outgoing-message sender: "log" or "file:PATH".
	Notify    string
	Demo      bool
	LogLevel  slog.Level
	LogFormat string
	// PublicURL is where people reach this server; https makes cookies Secure.
	PublicURL string

	SessionTTL time.Duration
	// PasswordPolicy is "composition" (SPEC §2.1: 8–16 characters with
	// letters, digits and symbols) or "length" (8–64, NIST SP 800-63B style).
	PasswordPolicy string
	// PasswordDenylist is an optional file of extra refused passwords, one a line.
	PasswordDenylist string
	Argon2MemoryKiB  uint32
	Argon2Time       uint32
	Argon2Threads    uint8

	JobWorkers      int
	JobPoll         time.Duration
	JobLease        time.Duration
	ShutdownTimeout time.Duration
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./helio-data",
		Notify:          "log",
		LogLevel:        slog.LevelInfo,
		LogFormat:       "text",
		SessionTTL:      30 * 24 * time.Hour,
		PasswordPolicy:  "composition",
		Argon2MemoryKiB: 19 * 1024,
		Argon2Time:      2,
		Argon2Threads:   1,
		JobWorkers:      4,
		JobPoll:         time.Second,
		JobLease:        time.Minute,
		ShutdownTimeout: 20 * time.Second,
	}
}

// setting binds one configuration value to its flag and environment name.
type setting struct {
	flag, env, usage string
	set              func(c *Config, v string) error
}

func settings() []setting {
	return []setting{
		{"addr", "HELIO_ADDR", "address to listen on (host:port)", func(c *Config, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return errors.New("want host:port")
			}
			c.Addr = v
			return nil
		}},
		{"data", "HELIO_DATA_DIR", "data folder (SQLite file, media, logs)", func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = v
			return nil
		}},
		{"database-url", "HELIO_DATABASE_URL", "postgres:// URL; empty uses SQLite in the data folder", func(c *Config, v string) error {
			if v == "" {
				c.DatabaseURL = ""
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
				return errors.New("want a postgres:// URL")
			}
			c.DatabaseURL = v
			return nil
		}},
		{"notify", "HELIO_NOTIFY", "outgoing messages: log, or file:PATH (one JSON line each)", func(c *Config, v string) error {
			if v != "log" && !(strings.HasPrefix(v, "file:") && len(v) > len("file:")) {
				return errors.New("want log or file:PATH")
			}
			c.Notify = v
			return nil
		}},
		{"demo", "HELIO_DEMO", "load the demo data set at start", boolSetter(func(c *Config, b bool) { c.Demo = b })},
		{"log-level", "HELIO_LOG_LEVEL", "debug, info, warn or error", func(c *Config, v string) error {
			return c.LogLevel.UnmarshalText([]byte(v))
		}},
		{"log-format", "HELIO_LOG_FORMAT", "text or json", func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return errors.New("want text or json")
			}
			c.LogFormat = v
			return nil
		}},
		{"public-url", "HELIO_PUBLIC_URL", "URL people use to reach this server", func(c *Config, v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return errors.New("want an http:// or https:// URL")
			}
			c.PublicURL = strings.TrimRight(v, "/")
			return nil
		}},
		{"session-ttl", "HELIO_SESSION_TTL", "how long a session lasts", durationSetter(func(c *Config, d time.Duration) { c.SessionTTL = d })},
		{"password-policy", "HELIO_PASSWORD_POLICY", "composition (8-16, letters+digits+symbols) or length (8-64)", func(c *Config, v string) error {
			if v != "composition" && v != "length" {
				return errors.New("want composition or length")
			}
			c.PasswordPolicy = v
			return nil
		}},
		{"password-denylist", "HELIO_PASSWORD_DENYLIST", "file of extra refused passwords, one a line", func(c *Config, v string) error {
			if v != "" {
				if _, err := os.Stat(v); err != nil {
					return errors.New("file not readable")
				}
			}
			c.PasswordDenylist = v
			return nil
		}},
		{"argon2-memory-kib", "HELIO_ARGON2_MEMORY_KIB", "argon2id memory per hash in KiB", uintSetter(1024, 1<<22, func(c *Config, n uint64) { c.Argon2MemoryKiB = uint32(n) })},
		{"argon2-time", "HELIO_ARGON2_TIME", "argon2id passes", uintSetter(1, 20, func(c *Config, n uint64) { c.Argon2Time = uint32(n) })},
		{"argon2-threads", "HELIO_ARGON2_THREADS", "argon2id lanes", uintSetter(1, 16, func(c *Config, n uint64) { c.Argon2Threads = uint8(n) })},
		{"job-workers", "HELIO_JOB_WORKERS", "job workers in this process (0 disables)", uintSetter(0, 256, func(c *Config, n uint64) { c.JobWorkers = int(n) })},
		{"job-poll", "HELIO_JOB_POLL", "how often idle workers look for due jobs", durationSetter(func(c *Config, d time.Duration) { c.JobPoll = d })},
		{"job-lease", "HELIO_JOB_LEASE", "how long a claimed job is reserved before another worker may take it", durationSetter(func(c *Config, d time.Duration) { c.JobLease = d })},
		{"shutdown-timeout", "HELIO_SHUTDOWN_TIMEOUT", "how long to wait for in-flight requests and jobs at stop", durationSetter(func(c *Config, d time.Duration) { c.ShutdownTimeout = d })},
	}
}

func boolSetter(f func(*Config, bool)) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("want true or false")
		}
		f(c, b)
		return nil
	}
}

func durationSetter(f func(*Config, time.Duration)) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return errors.New("want a positive duration such as 30s or 12h")
		}
		f(c, d)
		return nil
	}
}

func uintSetter(lo, hi uint64, f func(*Config, uint64)) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("want a whole number from %d to %d", lo, hi)
		}
		f(c, n)
		return nil
	}
}

// Load reads the settings for one command: fs receives the shared flags
// (the caller may have added its own), args are parsed, and getenv supplies
// the environment. The error names the setting that is wrong.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	cfg := Defaults()
	all := settings()
	values := map[string]*string{}
	for _, s := range all {
		values[s.flag] = fs.String(s.flag, "", s.usage+" (env "+s.env+")")
	}
	configFile := fs.String("config", "", "file of KEY=VALUE settings (env HELIO_CONFIG)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	file := map[string]string{}
	path := *configFile
	if path == "" {
		path = getenv("HELIO_CONFIG")
	}
	if path != "" {
		var err error
		if file, err = readFile(path); err != nil {
			return cfg, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	for _, s := range all {
		v, source := *values[s.flag], "--"+s.flag
		if v == "" {
			v, source = getenv(s.env), s.env
		}
		if v == "" {
			v, source = file[s.env], s.env+" in "+path
		}
		if v == "" {
			continue
		}
		if err := s.set(&cfg, v); err != nil {
			return cfg, fmt.Errorf("invalid %s %q: %v", source, v, err)
		}
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + cfg.Addr
	}
	return cfg, nil
}

func readFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || !strings.HasPrefix(k, "HELIO_") {
			return nil, fmt.Errorf("line %d: want HELIO_NAME=value", n)
		}
		out[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	return out, sc.Err()
}

// SQLitePath is the SQLite file inside the data folder.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "helio.db") }

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicURL, "https://") }
