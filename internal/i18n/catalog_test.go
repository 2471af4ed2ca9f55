package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// msgidArgs says, for each function or method name that takes a message id,
// which argument positions hold one. A string literal there is a message id.
var msgidArgs = map[string][]int{
	"T":           {0},    // i18n.T(format, …)
	"New":         {1},    // apperr.New(code, format, …)
	"Field":       {1},    // apperr.Field(field, format, …)
	"Reject":      {1},    // (*apperr.Validation).Reject(field, format, …)
	"Notify":      {3, 4}, // (*notify.Service).Notify(ctx, user, kind, title, body, …): shown through the catalog
	"NotifyStaff": {4, 5}, // (*notify.Service).NotifyStaff(ctx, user, sub, kind, title, body, …)
}

// templateMsgid finds {{t "…"}} and (t "…") in templates.
var templateMsgid = regexp.MustCompile(`[{(]\s*t\s+"((?:[^"\\]|\\.)*)"`)

// collect walks the source tree and returns every message id in use.
func collect(t *testing.T) map[string]string {
	t.Helper()
	ids := map[string]string{}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return nil
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			collectGo(t, path, ids)
		case strings.HasSuffix(path, ".html"):
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range templateMsgid.FindAllStringSubmatch(string(raw), -1) {
				s, err := strconv.Unquote(`"` + m[1] + `"`)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				ids[s] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func collectGo(t *testing.T, path string, ids map[string]string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			var name string
			switch fn := n.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			for _, i := range msgidArgs[name] {
				if i < len(n.Args) {
					addLiteral(n.Args[i], fset, ids)
				}
			}
		case *ast.KeyValueExpr:
			// Page titles, page{Title: "…"}, what permissions allow,
			// authz.Rule{Describe: "…"}, and the console menu's headings
			// and entries, menuItem{Group: "…", Label: "…"}, are shown
			// through the catalog.
			if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Title" || k.Name == "Describe" || k.Name == "Group" || k.Name == "Label") {
				addLiteral(n.Value, fset, ids)
			}
		}
		return true
	})
}

func addLiteral(e ast.Expr, fset *token.FileSet, ids map[string]string) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return
	}
	s, err := strconv.Unquote(lit.Value)
	if err == nil && s != "" {
		ids[s] = fset.Position(lit.Pos()).String()
	}
}

// TestChineseCatalogIsComplete fails when a message id in the source or the
// templates has no Chinese translation, or the catalog holds ids no longer
// used. Run with HELIO_I18N_DUMP=1 to print the missing ids as JSON.
func TestChineseCatalogIsComplete(t *testing.T) {
	ids := collect(t)
	zh := Catalog(Chinese)
	var missing, stale []string
	for id := range ids {
		if zh[id] == "" {
			missing = append(missing, id)
		}
	}
	for id := range zh {
		if _, ok := ids[id]; !ok {
			stale = append(stale, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if os.Getenv("HELIO_I18N_DUMP") != "" {
		m := map[string]string{}
		for _, id := range missing {
			m[id] = ""
		}
		out, _ := json.MarshalIndent(m, "", "  ")
		t.Logf("missing:\n%s", out)
	}
	for _, id := range missing {
		t.Errorf("no Chinese translation for %q (%s)", id, ids[id])
	}
	for _, id := range stale {
		t.Errorf("catalog entry %q is used nowhere", id)
	}
}

// TestTranslationsKeepVerbs fails when a translation drops or adds a
// formatting verb, which would garble the message.
func TestTranslationsKeepVerbs(t *testing.T) {
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for id, tr := range Catalog(Chinese) {
		a, b := verb.FindAllString(id, -1), verb.FindAllString(tr, -1)
		if strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%q → %q: verbs %v became %v", id, tr, a, b)
		}
	}
}
