package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the trusted proxies (HELIO_TRUSTED_PROXIES): the load
// balancers whose X-Forwarded-For, Forwarded and region headers are
// believed. A request from any other peer is taken at its TCP address.
type Proxies []netip.Prefix

// Trusts reports whether addr is one of the trusted proxies.
func (p Proxies) Trusts(addr netip.Addr) bool {
	for _, pr := range p {
		if pr.Contains(addr) {
			return true
		}
	}
	return false
}

// ClientIP returns the address of the client behind r and whether r came
// through a trusted proxy. When the TCP peer is trusted, the forwarding
// chain (Forwarded when sent, else X-Forwarded-For) is read from the right
// and the right-most address that is not itself a trusted proxy is the
// client; a proxy appends the address it saw, so everything to the left of
// that address was written by the client and may be forged. A malformed
// entry ends the walk at the last trusted address. Any other peer is the
// client itself, whatever headers it sends.
func (p Proxies) ClientIP(r *http.Request) (ip string, viaProxy bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !p.Trusts(peer.Unmap()) {
		return host, false
	}
	client := peer.Unmap()
	chain := forwardedFor(r.Header)
	for i := len(chain) - 1; i >= 0; i-- {
		addr, ok := parseHop(chain[i])
		if !ok {
			break
		}
		client = addr
		if !p.Trusts(addr) {
			break
		}
	}
	return client.String(), true
}

// forwardedFor lists the hops of the request's forwarding chain, left to
// right: the for= parameters of Forwarded (RFC 7239) when the header is
// present, otherwise the entries of X-Forwarded-For.
func forwardedFor(h http.Header) []string {
	var out []string
	if values := h.Values("Forwarded"); len(values) > 0 {
		for _, element := range strings.Split(strings.Join(values, ","), ",") {
			hop := ""
			for _, pair := range strings.Split(element, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(pair), "=")
				if strings.EqualFold(k, "for") {
					hop = strings.Trim(v, `"`)
				}
			}
			out = append(out, hop)
		}
		return out
	}
	for _, v := range h.Values("X-Forwarded-For") {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

// parseHop reads one hop of a forwarding chain: an IPv4 or IPv6 address,
// possibly bracketed and with a port.
func parseHop(hop string) (netip.Addr, bool) {
	hop = strings.TrimSpace(hop)
	if ap, err := netip.ParseAddrPort(hop); err == nil {
		return ap.Addr().Unmap(), true
	}
	addr, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(hop, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return addr.Unmap(), true
}
