// Package blob stores media files behind one small interface: a folder on
// the local disk by default, S3-compatible object storage for clusters (an
// implementation of the same Store). Keys are opaque, slash-separated
// names chosen by the caller; the metadata of a file (owner, content type,
// size) lives in the database, not in the store.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// ErrNotFound reports that no file is stored under a key.
var ErrNotFound = errors.New("blob: not found")

// Store keeps files by key.
type Store interface {
	// Put stores everything r yields under key, replacing nothing: a key is
	// written once. The file is complete or absent, never partial.
	Put(ctx context.Context, key string, r io.Reader) error
	// Get opens the file stored under key; the caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the file stored under key; deleting a missing key is
	// not an error.
	Delete(ctx context.Context, key string) error
}

var validKey = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$`)

// Folder is a Store in a local folder (the data folder's media/).
type Folder struct {
	root string
}

// NewFolder returns a Store in root, creating the folder.
func NewFolder(root string) (*Folder, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", root, err)
	}
	return &Folder{root: root}, nil
}

// checkKey refuses a key that is not slash-separated lower-case names.
func checkKey(key string) error {
	if !validKey.MatchString(key) {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	return nil
}

func (f *Folder) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(f.root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file and renames it into place, so readers
// never see a partial file.
func (f *Folder) Put(ctx context.Context, key string, r io.Reader) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: write %s: %w", key, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: sync %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("blob: close %s: %w", key, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// Get opens the file under key.
func (f *Folder) Get(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := f.path(key)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return file, err
}

// Delete removes the file under key.
func (f *Folder) Delete(_ context.Context, key string) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blob: delete %s: %w", key, err)
	}
	return nil
}
