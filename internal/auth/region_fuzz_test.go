package auth

import (
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/config"
)

// FuzzRegionHeader: the region header counts only when the HTTP layer
// passes it (it does so for trusted proxies alone); what it yields is the
// header's trimmed value cut to at most 64 bytes, never in the middle of a
// character, and without the header no region is made up.
func FuzzRegionHeader(f *testing.F) {
	for _, s := range [][2]string{{"10.1.2.3", "浙江省杭州市"}, {"192.0.2.7", "Shenzhen"}, {"::ffff:10.0.0.1", "  "},
		{"10.0.0.9", strings.Repeat("广东省深圳市南山区", 4)}, {"not an ip", "x"}} {
		f.Add(s[0], s[1])
	}
	r, err := NewRegions(config.Security{RegionHeader: "X-Region"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ip, value string) {
		if got := r.Of(ip, nil); got != "" {
			t.Fatalf("region %q from %q without a forwarded header", got, ip)
		}
		got := r.Of(ip, func(name string) string {
			if name != "X-Region" {
				t.Fatalf("asked for header %q", name)
			}
			return value
		})
		if _, err := netip.ParseAddr(ip); err != nil {
			if got != "" {
				t.Fatalf("region %q for the address %q", got, ip)
			}
			return
		}
		want := strings.TrimSpace(value)
		if len(got) > 64 || !strings.HasPrefix(want, got) || (want != "") != (got != "") ||
			(utf8.ValidString(value) && !utf8.ValidString(got)) {
			t.Fatalf("region header %q from %q gave %q", value, ip, got)
		}
	})
}
