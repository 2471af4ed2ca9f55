package blob

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func TestFolderPutGetDelete(t *testing.T) {
	f, err := NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	storeContract(t, f)
}

// TestS3PutGetDelete runs the Store contract against a real S3-compatible
// server: HELIO_TEST_S3 is s3://bucket?endpoint=http://host:port, and
// HELIO_BLOB_ACCESS_KEY / HELIO_BLOB_SECRET_KEY its credentials (.ci/run
// starts versitygw and sets them).
func TestS3PutGetDelete(t *testing.T) {
	raw := os.Getenv("HELIO_TEST_S3")
	if raw == "" {
		t.Skip("HELIO_TEST_S3 names no S3-compatible server")
	}
	opts, err := ParseS3URL(raw)
	if err != nil {
		t.Fatal(err)
	}
	opts.AccessKey, opts.SecretKey = os.Getenv("HELIO_BLOB_ACCESS_KEY"), os.Getenv("HELIO_BLOB_SECRET_KEY")
	ctx := context.Background()
	s, err := OpenS3(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	storeContract(t, s)

	// A wrong secret is refused by the server, and the error names neither key.
	bad := opts
	bad.SecretKey = "wrong-secret-value"
	_, err = OpenS3(ctx, bad)
	if err == nil {
		t.Fatal("a wrong secret key was accepted")
	}
	if strings.Contains(err.Error(), bad.SecretKey) || strings.Contains(err.Error(), opts.SecretKey) {
		t.Fatalf("error shows the secret: %v", err)
	}
}

func TestParseS3URL(t *testing.T) {
	o, err := ParseS3URL("s3://media-1?endpoint=http://127.0.0.1:7070/&region=eu-west-1")
	if err != nil || o.Bucket != "media-1" || o.Endpoint != "http://127.0.0.1:7070" || o.Region != "eu-west-1" {
		t.Fatalf("parsed %+v, %v", o, err)
	}
	for _, bad := range []string{"file:///x", "s3://Bu?endpoint=http://h", "s3://media", "s3://media?endpoint=ftp://h",
		"s3://key:secret@media?endpoint=http://h", "s3://media/path?endpoint=http://h"} {
		if _, err := ParseS3URL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		} else if strings.Contains(err.Error(), "secret") && !strings.Contains(err.Error(), "SECRET_KEY") {
			t.Errorf("error for %q shows the URL's secret: %v", bad, err)
		}
	}
}

// storeContract is what every Store promises: a put file reads back whole,
// a deleted one is gone, deleting twice is fine, and bad keys are refused.
func storeContract(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	big := strings.Repeat("0123456789", 100_000)
	for key, body := range map[string]string{"ab/cd-1": "hello", "ab/big": big, "empty": ""} {
		if err := s.Put(ctx, key, strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
		r, err := s.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		if string(b) != body {
			t.Fatalf("%s: read %d bytes, want %d", key, len(b), len(body))
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, key); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s after delete: %v", key, err)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("%s deleting twice: %v", key, err)
		}
	}
	for _, bad := range []string{"../x", "/abs", "a//b", "A", ""} {
		if err := s.Put(ctx, bad, strings.NewReader("x")); err == nil {
			t.Fatalf("key %q accepted", bad)
		}
	}
}
