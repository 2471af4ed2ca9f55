package config

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// FuzzConfigFile: a settings file either parses — every key starts with
// HELIO_, no value has surrounding spaces left — or is refused; what
// parses, written back as KEY="VALUE" lines, parses to the same settings.
func FuzzConfigFile(f *testing.F) {
	for _, s := range []string{"HELIO_ADDR=127.0.0.1:9000\n# note\n\nHELIO_DEMO = \"true\"\n", "ADDR=x", "HELIO_X", "HELIO_A=\"\"\"\r\n",
		"HELIO_A=1\nHELIO_A=2", "\ufeffHELIO_A=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := parseFile(strings.NewReader(text))
		if err != nil {
			return
		}
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(got)) {
			if !strings.HasPrefix(k, "HELIO_") || k != strings.TrimSpace(k) {
				t.Fatalf("parseFile(%q): key %q", text, k)
			}
			b.WriteString(k + `="` + got[k] + "\"\n")
		}
		again, err := parseFile(strings.NewReader(b.String()))
		if err != nil || !maps.Equal(again, got) {
			t.Fatalf("parseFile(%q) = %q; written back %q and parsed: %q, %v", text, got, b.String(), again, err)
		}
	})
}
