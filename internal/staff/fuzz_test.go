package staff

import (
	"strings"
	"testing"
)

// FuzzSplitLogin: a log-in name that names a sub-account splits at its
// last separator into a non-empty main part and a valid sub-account name,
// and joining the parts gives the name back.
func FuzzSplitLogin(f *testing.F) {
	for _, s := range []string{"brand@editor01", "brand:ops-2", "a@b@c", "@sub", "main@", "小雅@小编", "x@y:z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, login string) {
		main, sub, ok := SplitLogin(login)
		if !ok {
			if main != "" || sub != "" {
				t.Fatalf("SplitLogin(%q) refused but returned %q, %q", login, main, sub)
			}
			return
		}
		sep := login[len(main) : len(main)+1]
		if main == "" || !strings.Contains(Separators, sep) || main+sep+sub != login ||
			strings.ContainsAny(sub, Separators) || validName(sub).Format != "" {
			t.Fatalf("SplitLogin(%q) = %q, %q", login, main, sub)
		}
	})
}
