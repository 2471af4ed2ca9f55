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
	// DBMaxConns bounds the database pool (0: 16 on PostgreSQL, twice the
	// CPUs for SQLite's readers).
	DBMaxConns int
	// Notify selects the outgoing-message sender: "log", "file:PATH" or an
	// smtp:// URL.
	Notify string
	// SMS, when set, sends text messages instead: "log" or "webhook:URL".
	SMS string
	// SMSToken is the bearer token of the SMS gateway webhook.
	SMSToken  string
	Demo      bool
	LogLevel  slog.Level
	LogFormat string
	// PublicURL is where people reach this server; https makes cookies Secure.
	PublicURL string
	// MetricsToken, when set, is the bearer token /metrics requires;
	// without it /metrics answers loopback peers only.
	MetricsToken string

	JobWorkers int
	JobPoll    time.Duration
	JobLease   time.Duration
	// JobRetention is how long done jobs are kept.
	JobRetention    time.Duration
	ShutdownTimeout time.Duration
	// IdempotencyTTL is how long an Idempotency-Key and its answer are kept.
	IdempotencyTTL time.Duration

	// Account holds the settings of login identities and their passwords.
	Account Account
	// Security holds the settings of sessions and login security.
	Security Security
	// Creator holds the settings of creator accounts and certification.
	Creator Creator
	// Staff holds the settings of sub-accounts.
	Staff Staff
	// Media holds the bounds of uploads.
	Media Media
	// Content holds the settings of content management.
	Content Content
	// Feed holds the settings of follower feeds and their fan-out.
	Feed Feed
	// Backoffice holds the review queue's targets and calendar.
	Backoffice Backoffice
	// Level holds the settings of the level recompute.
	Level Level
	// Commission holds the settings of affiliate commission.
	Commission Commission
	// Channel holds the settings of channels and activities.
	Channel Channel
	// Export holds the settings of export jobs.
	Export Export
	// Org holds the settings of organizations.
	Org Org
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./helio-data",
		Notify:          "log",
		LogLevel:        slog.LevelInfo,
		LogFormat:       "text",
		JobWorkers:      4,
		JobPoll:         time.Second,
		JobLease:        15 * time.Second,
		JobRetention:    7 * 24 * time.Hour,
		ShutdownTimeout: 20 * time.Second,
		IdempotencyTTL:  minIdempotencyTTL,
		Account:         accountDefaults(),
		Security:        defaultSecurity(),
		Creator:         creatorDefaults(),
		Staff:           staffDefaults(),
		Media:           mediaDefaults(),
		Content:         contentDefaults(),
		Feed:            feedDefaults(),
		Level:           levelDefaults(),
		Backoffice:      backofficeDefaults(),
		Commission:      commissionDefaults(),
		Channel:         channelDefaults(),
		Export:          exportDefaults(),
		Org:             orgDefaults(),
	}
}

// setting binds one configuration value to its flag and environment name.
type setting struct {
	flag, env, usage string
	set              func(c *Config, v string) error
	isBool           bool
	// secret settings never show their value in an error.
	secret bool
}

// flagValue holds a flag's raw text until every source has been read.
type flagValue struct {
	text   string
	isBool bool
}

func (f *flagValue) String() string     { return f.text }
func (f *flagValue) Set(v string) error { f.text = v; return nil }

// IsBoolFlag lets a boolean setting be given as a bare --flag.
func (f *flagValue) IsBoolFlag() bool { return f.isBool }

func settings() []setting {
	all := []setting{
		{flag: "addr", env: "HELIO_ADDR", usage: "address to listen on (host:port)", set: func(c *Config, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return errors.New("want host:port")
			}
			c.Addr = v
			return nil
		}},
		{flag: "data", env: "HELIO_DATA_DIR", usage: "data folder (SQLite file, media, logs)", set: func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = v
			return nil
		}},
		{flag: "database-url", env: "HELIO_DATABASE_URL", usage: "postgres:// URL; empty uses SQLite in the data folder", set: func(c *Config, v string) error {
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
		{flag: "db-max-conns", env: "HELIO_DB_MAX_CONNS", usage: "database connections of this process (0: 16 on PostgreSQL, twice the CPUs for SQLite readers)",
			set: uintSetter(0, 1000, func(c *Config, n uint64) { c.DBMaxConns = int(n) })},
		{flag: "notify", env: "HELIO_NOTIFY", usage: "outgoing messages: log, file:PATH (one JSON line each) or smtp://[user:pass@]host:port?from=ADDRESS", set: func(c *Config, v string) error {
			if v != "log" && !(strings.HasPrefix(v, "file:") && len(v) > len("file:")) && !strings.HasPrefix(v, "smtp://") {
				return errors.New("want log, file:PATH or smtp://host:port?from=ADDRESS")
			}
			c.Notify = v
			return nil
		}},
		{flag: "sms", env: "HELIO_SMS", usage: "text messages: log, or webhook:URL of an SMS gateway (default: as HELIO_NOTIFY)", set: func(c *Config, v string) error {
			if v != "log" && !strings.HasPrefix(v, "webhook:http") {
				return errors.New("want log or webhook:https://gateway/path")
			}
			c.SMS = v
			return nil
		}},
		{flag: "sms-token", env: "HELIO_SMS_TOKEN", usage: "bearer token for the SMS gateway webhook", set: func(c *Config, v string) error {
			c.SMSToken = v
			return nil
		}},
		boolSetting("demo", "HELIO_DEMO", "load the demo data set at start", func(c *Config, b bool) { c.Demo = b }),
		{flag: "log-level", env: "HELIO_LOG_LEVEL", usage: "debug, info, warn or error", set: func(c *Config, v string) error {
			return c.LogLevel.UnmarshalText([]byte(v))
		}},
		{flag: "log-format", env: "HELIO_LOG_FORMAT", usage: "text or json", set: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return errors.New("want text or json")
			}
			c.LogFormat = v
			return nil
		}},
		{flag: "public-url", env: "HELIO_PUBLIC_URL", usage: "URL people use to reach this server", set: func(c *Config, v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return errors.New("want an http:// or https:// URL")
			}
			c.PublicURL = strings.TrimRight(v, "/")
			return nil
		}},
		{flag: "metrics-token", env: "HELIO_METRICS_TOKEN", usage: "bearer token that /metrics requires (default: /metrics answers loopback peers only)", set: func(c *Config, v string) error {
			if len(v) < 16 {
				return errors.New("want at least 16 characters")
			}
			c.MetricsToken = v
			return nil
		}},
		{flag: "job-workers", env: "HELIO_JOB_WORKERS", usage: "job workers in this process (0 disables)", set: uintSetter(0, 256, func(c *Config, n uint64) { c.JobWorkers = int(n) })},
		{flag: "job-poll", env: "HELIO_JOB_POLL", usage: "how often idle workers look for due jobs", set: durationSetter(func(c *Config, d time.Duration) { c.JobPoll = d })},
		{flag: "job-lease", env: "HELIO_JOB_LEASE", usage: "how long a claimed job is reserved before another worker may take it; renewed every third of it while the job runs", set: durationSetter(func(c *Config, d time.Duration) { c.JobLease = d })},
		{flag: "job-retention", env: "HELIO_JOB_RETENTION", usage: "how long done jobs are kept before they are deleted", set: durationSetter(func(c *Config, d time.Duration) { c.JobRetention = d })},
		{flag: "shutdown-timeout", env: "HELIO_SHUTDOWN_TIMEOUT", usage: "how long a stop waits for in-flight requests and jobs before it closes the requests and cuts off the jobs", set: durationSetter(func(c *Config, d time.Duration) { c.ShutdownTimeout = d })},
	}
	for _, domain := range [][]setting{accountSettings(), securitySettings(), creatorSettings(), staffSettings(),
		mediaSettings(), contentSettings(), feedSettings(), backofficeSettings(), levelSettings(),
		idempotencySettings(), commissionSettings(), channelSettings(), exportSettings(), orgSettings()} {
		all = append(all, domain...)
	}
	return all
}

// boolSetting is a true/false setting; its flag may be given bare (--demo).
func boolSetting(flag, env, usage string, f func(*Config, bool)) setting {
	return setting{flag: flag, env: env, usage: usage, isBool: true, set: func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("want true or false")
		}
		f(c, b)
		return nil
	}}
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
	values := map[string]*flagValue{}
	for _, s := range all {
		values[s.flag] = &flagValue{isBool: s.isBool}
		fs.Var(values[s.flag], s.flag, s.usage+" (env "+s.env+")")
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
		v, source := values[s.flag].text, "--"+s.flag
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
			if s.secret {
				return cfg, fmt.Errorf("invalid %s: %v", source, err)
			}
			return cfg, fmt.Errorf("invalid %s %q: %v", source, v, err)
		}
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + cfg.Addr
	}
	cfg.resolveSecurity()
	return cfg, nil
}

func readFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseFile(f)
}

// parseFile reads KEY=VALUE lines: blank lines and # comments are skipped,
// every key starts with HELIO_, and a value loses its surrounding spaces
// and double quotes.
func parseFile(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
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

// DevCodes reports whether one-time codes are shown to developers (in the
// log and named on the verification page): only for the demo (--demo) with
// the development log sender, never when messages really go out or the
// server is reached over https.
func (c Config) DevCodes() bool {
	return c.Demo && c.Notify == "log" && (c.SMS == "" || c.SMS == "log") && !c.SecureCookies()
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicURL, "https://") }
