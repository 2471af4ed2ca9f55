package app_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// httpLayer are the packages under internal/ that may import net/http: the
// composition root, the HTTP surfaces and their shared layer, the test
// kit, and the platform adapters that speak HTTP to the outside (the SMS
// webhook) or borrow its content sniffing (blob).
var httpLayer = map[string]bool{"app": true, "httpapi": true, "web": true, "httpx": true, "testkit": true,
	"notify": true, "blob": true}

// TestDomainPackagesImportNoHTTP fails when a package under internal/ that
// is not part of the HTTP layer imports net/http in its non-test files:
// domains return *apperr.Error and the HTTP layer maps it (ARCHITECTURE.md).
func TestDomainPackagesImportNoHTTP(t *testing.T) {
	t.Parallel()
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if !dir.IsDir() || httpLayer[dir.Name()] {
			continue
		}
		files, _ := filepath.Glob(filepath.Join("..", dir.Name(), "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "net/http" || strings.HasPrefix(p, "net/http/") {
					t.Errorf("%s imports %s; HTTP belongs in internal/httpx, httpapi or web", f, p)
				}
			}
		}
	}
}
