package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	cfg, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:8080" || cfg.DataDir != "./helio-data" || cfg.DatabaseURL != "" || cfg.Notify != "log" {
		t.Fatalf("defaults = %+v", cfg)
	}
	// A dead replica's jobs are taken over within 15 s (the lease is
	// renewed every 5 s while a job runs).
	if cfg.JobLease != 15*time.Second {
		t.Fatalf("job lease = %v", cfg.JobLease)
	}
	if cfg.PublicURL != "http://127.0.0.1:8080" || cfg.SecureCookies() {
		t.Fatalf("public url = %s", cfg.PublicURL)
	}
}

func TestPrecedenceFileEnvFlag(t *testing.T) {
	file := filepath.Join(t.TempDir(), "helio.env")
	if err := os.WriteFile(file, []byte("# comment\nHELIO_ADDR=127.0.0.1:7000\nHELIO_NOTIFY=file:/tmp/x\nHELIO_JOB_POLL=3s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), []string{"--addr", "127.0.0.1:9000"},
		env(map[string]string{"HELIO_CONFIG": file, "HELIO_NOTIFY": "log"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9000" || cfg.Notify != "log" || cfg.JobPoll != 3*time.Second {
		t.Fatalf("precedence wrong: %+v", cfg)
	}
}

func TestBadSettingIsNamed(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"HELIO_ADDR": "nonsense"}, "HELIO_ADDR"},
		{[]string{"--database-url", "mysql://x"}, nil, "--database-url"},
		{nil, map[string]string{"HELIO_NOTIFY": "smoke"}, "HELIO_NOTIFY"},
		{nil, map[string]string{"HELIO_SESSION_TTL": "-1h"}, "HELIO_SESSION_TTL"},
		{nil, map[string]string{"HELIO_ARGON2_MEMORY_KIB": "12"}, "HELIO_ARGON2_MEMORY_KIB"},
		{nil, map[string]string{"HELIO_ARGON2_MEMORY_KIB": "19455"}, "HELIO_ARGON2_MEMORY_KIB \"19455\": want a whole number from 19456"},
		{nil, map[string]string{"HELIO_ARGON2_TIME": "1"}, "OWASP's floor"},
		{nil, map[string]string{"HELIO_PASSWORD_POLICY": "weak"}, "HELIO_PASSWORD_POLICY"},
		{nil, map[string]string{"HELIO_DEMO": "maybe"}, "HELIO_DEMO"},
		{nil, map[string]string{"HELIO_IDEMPOTENCY_TTL": "23h"}, "HELIO_IDEMPOTENCY_TTL"},
		{nil, map[string]string{"HELIO_MEDIA_MAX_PIXELS": "12"}, "HELIO_MEDIA_MAX_PIXELS"},
		{nil, map[string]string{"HELIO_BLOB": "s3://media"}, "HELIO_BLOB: want an endpoint"},
	}
	for _, c := range cases {
		_, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), c.args, env(c.env))
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%v, %v) error = %v, want one line naming %s", c.args, c.env, err, c.want)
		}
	}
}

// TestBlobSettingHidesCredentials: an S3 URL with a key in it is refused
// without echoing the key, and the store's credentials come from their own
// settings.
func TestBlobSettingHidesCredentials(t *testing.T) {
	_, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(map[string]string{
		"HELIO_BLOB": "s3://AKIDEXAMPLE:topsecretvalue@media?endpoint=http://h"}))
	if err == nil || !strings.Contains(err.Error(), "HELIO_BLOB") || strings.Contains(err.Error(), "topsecretvalue") {
		t.Fatalf("error = %v", err)
	}
	cfg, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(map[string]string{
		"HELIO_BLOB": "s3://media?endpoint=http://127.0.0.1:7070", "HELIO_BLOB_ACCESS_KEY": "ak", "HELIO_BLOB_SECRET_KEY": "sk"}))
	if err != nil || cfg.Media.Blob != "s3://media?endpoint=http://127.0.0.1:7070" || cfg.Media.BlobAccessKey != "ak" || cfg.Media.BlobSecretKey != "sk" {
		t.Fatalf("cfg.Media = %+v, err = %v", cfg.Media, err)
	}
}

func TestBoolFlagTakesNoValue(t *testing.T) {
	cfg, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), []string{"--demo", "--addr", "127.0.0.1:0"}, env(nil))
	if err != nil || !cfg.Demo || cfg.Addr != "127.0.0.1:0" {
		t.Fatalf("cfg = %+v, err = %v", cfg, err)
	}
}

// TestDomainSettings checks that the settings kept in each domain's file
// keep their defaults and are still read.
func TestDomainSettings(t *testing.T) {
	cfg, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Account.PasswordPolicy != "composition" || cfg.Security.SessionTTL != 30*24*time.Hour ||
		cfg.Staff.SubAccountVerifyWithin != 7*24*time.Hour || cfg.Media.ImageMaxBytes != 5<<20 ||
		cfg.Media.MaxPixels != 40_000_000 || cfg.IdempotencyTTL != 24*time.Hour ||
		cfg.Content.SubscriptionPushesPerDay != 1 || cfg.Content.CountFlush != time.Second || cfg.Backoffice.ReviewSLA["brand_entry"] != 5 {
		t.Fatalf("defaults = %+v", cfg)
	}
	cfg, err = Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(map[string]string{
		"HELIO_ARGON2_TIME": "3", "HELIO_SESSION_TTL": "1h", "HELIO_SUB_ACCOUNT_VERIFY_WITHIN": "48h",
		"HELIO_VIDEO_MAX_BYTES": "2048", "HELIO_SUBSCRIPTION_PUSHES_PER_DAY": "3", "HELIO_HOLIDAYS": "2026-05-01",
		"HELIO_COUNT_FLUSH": "250ms"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Account.Argon2Time != 3 || cfg.Security.SessionTTL != time.Hour || cfg.Staff.SubAccountVerifyWithin != 48*time.Hour ||
		cfg.Media.VideoMaxBytes != 2048 || cfg.Content.SubscriptionPushesPerDay != 3 ||
		cfg.Content.CountFlush != 250*time.Millisecond || len(cfg.Backoffice.Holidays) != 1 {
		t.Fatalf("settings = %+v", cfg)
	}
}

// TestDevCodesOnlyForTheDemo: codes are shown to developers with --demo and
// the log sender only; never without --demo, with a real sender, or behind
// https.
func TestDevCodesOnlyForTheDemo(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"HELIO_DEMO": "true"}, true},
		{map[string]string{"HELIO_DEMO": "true", "HELIO_SMS": "log"}, true},
		{map[string]string{}, false},
		{map[string]string{"HELIO_DEMO": "true", "HELIO_NOTIFY": "smtp://mail.example.com:587?from=a@example.com"}, false},
		{map[string]string{"HELIO_DEMO": "true", "HELIO_SMS": "webhook:https://sms.example.com/send"}, false},
		{map[string]string{"HELIO_DEMO": "true", "HELIO_PUBLIC_URL": "https://helio.example.com"}, false},
	} {
		cfg, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(c.env))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.DevCodes() != c.want {
			t.Errorf("%v: DevCodes() = %v, want %v", c.env, cfg.DevCodes(), c.want)
		}
	}
}
