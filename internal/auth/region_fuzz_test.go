package auth

import (
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/config"
)

// FuzzRegionHeader: the region header is honoured only from a trusted
// proxy; what it yields is the header's trimmed value cut to at most 64
// bytes, never in the middle of a character.
func FuzzRegionHeader(f *testing.F) {
	for _, s := range [][2]string{{"10.1.2.3", "浙江省杭州市"}, {"192.0.2.7", "Shenzhen"}, {"::ffff:10.0.0.1", "  "},
		{"10.0.0.9", strings.Repeat("广东省深圳市南山区", 4)}, {"not an ip", "x"}} {
		f.Add(s[0], s[1])
	}
	r, err := NewRegions(config.Security{RegionHeader: "X-Region", TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ip, value string) {
		got := r.Of(ip, func(name string) string {
			if name != "X-Region" {
				t.Fatalf("asked for header %q", name)
			}
			return value
		})
		addr, err := netip.ParseAddr(ip)
		trusted := err == nil && netip.MustParsePrefix("10.0.0.0/8").Contains(addr.Unmap())
		want := strings.TrimSpace(value)
		switch {
		case !trusted && got != "":
			t.Fatalf("region %q from the untrusted %q", got, ip)
		case trusted && (len(got) > 64 || !strings.HasPrefix(want, got) || (want != "") != (got != "") ||
			(utf8.ValidString(value) && !utf8.ValidString(got))):
			t.Fatalf("region header %q from %q gave %q", value, ip, got)
		}
	})
}
