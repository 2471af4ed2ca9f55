package blob

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestFolderPutGetDelete(t *testing.T) {
	ctx := context.Background()
	f, err := NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Put(ctx, "ab/cd-1", strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	r, err := f.Get(ctx, "ab/cd-1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	r.Close()
	if string(b) != "hello" {
		t.Fatalf("read %q", b)
	}
	if err := f.Delete(ctx, "ab/cd-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Get(ctx, "ab/cd-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := f.Delete(ctx, "ab/cd-1"); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	for _, bad := range []string{"../x", "/abs", "a//b", "A", ""} {
		if err := f.Put(ctx, bad, strings.NewReader("x")); err == nil {
			t.Fatalf("key %q accepted", bad)
		}
	}
}
