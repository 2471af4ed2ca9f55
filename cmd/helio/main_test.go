package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRunRejectsBadConfigurationWithOneLine(t *testing.T) {
	env := map[string]string{"HELIO_DATABASE_URL": "mysql://nope"}
	err := run(context.Background(), []string{"serve"}, &bytes.Buffer{}, func(k string) string { return env[k] })
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "HELIO_DATABASE_URL") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error = %v", err)
	}
}

func TestRunUnknownCommandAndVersion(t *testing.T) {
	getenv := func(string) string { return "" }
	if err := run(context.Background(), []string{"frobnicate"}, &bytes.Buffer{}, getenv); err == nil {
		t.Fatal("unknown command accepted")
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, getenv); err != nil || !strings.HasPrefix(out.String(), "helio ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
}

func TestMigrateAndCreateOperator(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"HELIO_DATA_DIR": dir, "HELIO_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, &out, getenv); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(context.Background(), []string{"admin", "create-operator", "--login", "root", "--password", "Tea-Leaf-42", "--roles", "admin,reviewer", "--email", "root@example.com"}, &out, getenv)
	if err != nil || !strings.Contains(out.String(), "admin, reviewer") {
		t.Fatalf("create-operator: %v %q", err, out.String())
	}
	err = run(context.Background(), []string{"admin", "create-operator", "--login", "root2", "--password", "weak", "--roles", "wizard"}, &out, getenv)
	if err == nil || !strings.Contains(err.Error(), "password") || !strings.Contains(err.Error(), "roles") {
		t.Fatalf("bad operator accepted or not explained: %v", err)
	}
}

func TestAnalyticsBackfill(t *testing.T) {
	env := map[string]string{"HELIO_DATA_DIR": t.TempDir(), "HELIO_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"analytics", "backfill", "--days", "30"}, &out, getenv); err != nil ||
		!strings.Contains(out.String(), "daily figures computed for the days from") {
		t.Fatalf("backfill: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"analytics", "backfill", "--days", "0"}, &out, getenv); err == nil ||
		!strings.Contains(err.Error(), "days") {
		t.Fatalf("0 days accepted or not explained: %v", err)
	}
	if err := run(context.Background(), []string{"analytics"}, &out, getenv); err == nil {
		t.Fatal("analytics without backfill accepted")
	}
}
