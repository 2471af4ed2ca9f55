package feed

import "sync"

// pageCacheSize bounds the cached feed pages of one process; when full the
// cache starts over (each page then costs one feed query again).
const pageCacheSize = 20_000

// pageCache keeps recently read feed pages (which entries, in order, and
// the next cursor), so that reading a page again costs one primary-key read
// of the reader's feed version instead of the feed query. Every write that
// changes what a feed lists raises that version in the database (triggers
// of migration 032), whichever replica makes it, and a page is reused only
// while its version is current. The cards and authors of a page are read
// afresh on every request, so their counts and names are never stale.
type pageCache struct {
	mu    sync.RWMutex
	pages map[pageKey]cachedPage
}

// pageKey names one page of one reader's feed.
type pageKey struct {
	reader, tab, cursor string
	limit               int
}

// cachedPage is a page of entries and the feed version it was read at.
type cachedPage struct {
	version int64
	entries []entry
	next    string
}

func newPageCache() *pageCache { return &pageCache{pages: map[pageKey]cachedPage{}} }

// get returns the page of k when it was read at version.
func (c *pageCache) get(k pageKey, version int64) ([]entry, string, bool) {
	c.mu.RLock()
	p, ok := c.pages[k]
	c.mu.RUnlock()
	if !ok || p.version != version {
		return nil, "", false
	}
	return p.entries, p.next, true
}

// put stores a page read at version.
func (c *pageCache) put(k pageKey, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= pageCacheSize {
		clear(c.pages)
	}
	c.pages[k] = p
}
