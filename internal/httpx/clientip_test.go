package httpx

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIPBelievesOnlyTrustedProxies(t *testing.T) {
	proxies := Proxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}
	for _, tc := range []struct {
		name, peer string
		header     http.Header
		want       string
		viaProxy   bool
	}{
		{"untrusted peer's header is ignored", "198.51.100.4:5000", http.Header{"X-Forwarded-For": {"203.0.113.9"}}, "198.51.100.4", false},
		{"untrusted peer's Forwarded is ignored", "198.51.100.4:5000", http.Header{"Forwarded": {"for=203.0.113.9"}}, "198.51.100.4", false},
		{"trusted peer without a header", "10.1.2.3:5000", nil, "10.1.2.3", true},
		{"trusted peer, one hop", "10.1.2.3:5000", http.Header{"X-Forwarded-For": {"203.0.113.9"}}, "203.0.113.9", true},
		{"right-most untrusted wins over a forged left part", "10.1.2.3:5000",
			http.Header{"X-Forwarded-For": {"1.1.1.1, 203.0.113.9, 10.9.9.9"}}, "203.0.113.9", true},
		{"several header lines", "192.0.2.7:5000", http.Header{"X-Forwarded-For": {"1.1.1.1", "203.0.113.9"}}, "203.0.113.9", true},
		{"Forwarded with quotes, port and IPv6", "10.1.2.3:5000",
			http.Header{"Forwarded": {`for=1.1.1.1, for="[2001:db8::17]:4711";proto=https`}}, "2001:db8::17", true},
		{"Forwarded wins over X-Forwarded-For", "10.1.2.3:5000",
			http.Header{"Forwarded": {"for=203.0.113.9"}, "X-Forwarded-For": {"1.1.1.1"}}, "203.0.113.9", true},
		{"garbage stops at the last trusted hop", "10.1.2.3:5000", http.Header{"X-Forwarded-For": {"203.0.113.9, nonsense, 10.4.4.4"}}, "10.4.4.4", true},
		{"all hops trusted: the left-most", "10.1.2.3:5000", http.Header{"X-Forwarded-For": {"10.7.7.7, 10.4.4.4"}}, "10.7.7.7", true},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:5000", http.Header{"X-Forwarded-For": {"203.0.113.9"}}, "203.0.113.9", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for k, v := range tc.header {
				r.Header[k] = v
			}
			ip, via := proxies.ClientIP(r)
			if ip != tc.want || via != tc.viaProxy {
				t.Fatalf("ClientIP = %s, %v; want %s, %v", ip, via, tc.want, tc.viaProxy)
			}
		})
	}
}
