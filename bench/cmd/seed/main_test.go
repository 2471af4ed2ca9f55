package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestSeedFillsAFreshDatabaseOnce(t *testing.T) {
	env := map[string]string{"HELIO_DATA_DIR": t.TempDir(), "HELIO_LOG_LEVEL": "error",
		"HELIO_FEED_READ_THRESHOLD": "30"}
	getenv := func(k string) string { return env[k] }
	args := []string{"--accounts", "120", "--follows", "900", "--contents", "200", "--fan-follows", "10",
		"--big-followers", "50", "--star-contents", "4"}
	var out bytes.Buffer
	if err := run(context.Background(), args, &out, getenv); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	if s := out.String(); !strings.Contains(s, "120 users") || !strings.Contains(s, "read threshold 30") ||
		!strings.Contains(s, "benchstar has 50 followers, the last b0000051") {
		t.Fatalf("output:\n%s", s)
	}
	if err := run(context.Background(), args, &out, getenv); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("second seed: %v", err)
	}
	if err := run(context.Background(), []string{"--frobnicate"}, &out, getenv); err == nil {
		t.Fatal("unknown flag accepted")
	}
}
