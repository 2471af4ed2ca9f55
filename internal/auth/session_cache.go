package auth

import (
	"context"
	"sync"
	"time"

	"github.com/helio-platform/helio/internal/authz"
)

// sessionCacheSize bounds the cached sessions of one process; when full the
// cache starts over (each session then costs one full lookup again).
const sessionCacheSize = 50_000

// sessionCache keeps the actors of recently authenticated sessions, so a
// request costs one primary-key read of its account's auth version instead
// of the half-dozen queries that build an actor. Every write that changes
// an actor raises that version in the database (triggers of migration 026),
// whichever replica makes it, and an entry is reused only while its version
// is current: a log-out, a deactivation or a permission change takes effect
// on the next request on every replica. What changes with time alone (a
// certification or a verification deadline passing) is bounded by maxAge.
type sessionCache struct {
	maxAge  time.Duration
	mu      sync.Mutex
	entries map[string]cachedSession
}

// cachedSession is one session's actor and the auth version it was built at.
type cachedSession struct {
	sess    Session
	actor   authz.Actor
	version int64
	built   time.Time
}

// newSessionCache returns a cache whose entries live at most maxAge; a
// zero maxAge disables it.
func newSessionCache(maxAge time.Duration) *sessionCache {
	return &sessionCache{maxAge: maxAge, entries: map[string]cachedSession{}}
}

// get returns the entry of tokenHash if it is younger than maxAge at now.
func (c *sessionCache) get(tokenHash string, now time.Time) (cachedSession, bool) {
	if c.maxAge <= 0 {
		return cachedSession{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[tokenHash]
	if ok && now.Sub(e.built) >= c.maxAge {
		delete(c.entries, tokenHash)
		return cachedSession{}, false
	}
	return e, ok
}

// put stores an entry.
func (c *sessionCache) put(tokenHash string, e cachedSession) {
	if c.maxAge <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= sessionCacheSize {
		clear(c.entries)
	}
	c.entries[tokenHash] = e
}

// drop forgets the entry of tokenHash.
func (c *sessionCache) drop(tokenHash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, tokenHash)
}

// cachedActor returns the actor of tokenHash's session when the cache holds
// it at the account's current auth version; ok is false when the caller must
// build it again.
func (s *Service) cachedActor(ctx context.Context, tokenHash string, now time.Time) (authz.Actor, bool, error) {
	e, ok := s.sessions.get(tokenHash, now)
	if !ok {
		return authz.Actor{}, false, nil
	}
	version, err := s.store.findAuthVersion(ctx, e.sess.UserID)
	if err != nil {
		return authz.Actor{}, false, err
	}
	if version != e.version || !now.Before(e.sess.ExpiresAt) {
		s.sessions.drop(tokenHash)
		return authz.Actor{}, false, nil
	}
	if now.Sub(e.sess.LastSeenAt) > time.Minute {
		e.sess.LastSeenAt, e.sess.ExpiresAt = now, now.Add(s.ttl)
		s.touched(ctx, "session", s.store.updateSessionSeen(ctx, e.sess.ID, now, e.sess.ExpiresAt))
		s.sessions.put(tokenHash, e)
	}
	return e.actor, true, nil
}
