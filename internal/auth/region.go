package auth

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/helio-platform/helio/internal/config"
)

// Regions tells where a request comes from: from a header set by a trusted
// proxy when one is configured and the request came through it, otherwise
// from the operator's IP-range table (CSV lines "cidr,region", the longest
// matching range wins). The table is re-read when its file changes, so an
// operator can update it without a restart.
type Regions struct {
	path   string
	header string

	mu       sync.Mutex
	modTime  time.Time
	size     int64
	prefixes []regionPrefix
}

type regionPrefix struct {
	prefix netip.Prefix
	region string
}

// NewRegions loads the table named by cfg (when any) and returns the
// resolver; a malformed table stops the start.
func NewRegions(cfg config.Security) (*Regions, error) {
	r := &Regions{path: cfg.RegionTable, header: cfg.RegionHeader}
	if r.path != "" {
		if err := r.reload(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Of returns the region of a request from the client at ip ("" when
// unknown); proxied looks up one of the headers a trusted proxy set (the
// HTTP layer passes the request header's Get when the request came through
// a trusted proxy, else nil, so a client's own region header is ignored).
func (r *Regions) Of(ip string, proxied func(name string) string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	addr = addr.Unmap()
	if r.header != "" && proxied != nil {
		if v := strings.TrimSpace(proxied(r.header)); v != "" {
			return truncate(v, 64)
		}
	}
	if r.path == "" {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, err := os.Stat(r.path); err == nil && (!st.ModTime().Equal(r.modTime) || st.Size() != r.size) {
		// A table that fails to parse keeps the previous one in force.
		_ = r.reloadLocked()
	}
	best := -1
	region := ""
	for _, p := range r.prefixes {
		if p.prefix.Bits() > best && p.prefix.Contains(addr) {
			best, region = p.prefix.Bits(), p.region
		}
	}
	return region
}

func (r *Regions) reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reloadLocked()
}

func (r *Regions) reloadLocked() error {
	f, err := os.Open(r.path)
	if err != nil {
		return fmt.Errorf("region table: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("region table: %w", err)
	}
	var out []regionPrefix
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cidr, region, ok := strings.Cut(line, ",")
		p, err := netip.ParsePrefix(strings.TrimSpace(cidr))
		region = strings.TrimSpace(region)
		if !ok || err != nil || region == "" {
			if n == 1 && strings.EqualFold(strings.TrimSpace(cidr), "cidr") {
				continue // a header line
			}
			return fmt.Errorf("region table %s line %d: want cidr,region", r.path, n)
		}
		out = append(out, regionPrefix{prefix: p.Masked(), region: region})
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("region table: %w", err)
	}
	r.prefixes, r.modTime, r.size = out, st.ModTime(), st.Size()
	return nil
}
