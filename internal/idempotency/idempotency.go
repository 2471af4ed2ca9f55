// Package idempotency makes retried writes safe (API.md: Idempotency-Key).
// A caller's key, the hash of the request it came with and the answer it
// got are stored for at least a day; the same key with the same request
// gets the stored answer again, with another request a conflict.
//
// The request runs in the transaction that claims its key, so the effect
// and the stored answer commit together: there is never an effect without
// its answer, nor a second effect. A second request with a key in use waits
// for the first to finish (PostgreSQL blocks its insert on the first's
// uncommitted row; SQLite has one writer) and then gets its answer. Only
// successful answers are kept: a refused or failed request rolls back and
// leaves the key free, so a retry runs again.
package idempotency

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
)

// MinTTL is the shortest time a key is kept (API.md: at least 24 h).
const MinTTL = 24 * time.Hour

// Answer is a response as the HTTP layer wrote it.
type Answer struct {
	Status int
	Header map[string][]string
	Body   []byte
}

// Store keeps keys and their answers in the database.
type Store struct {
	db    *db.DB
	clock clock.Clock
	ttl   time.Duration
}

// New returns a store keeping keys for ttl (at least MinTTL).
func New(d *db.DB, c clock.Clock, ttl time.Duration) *Store {
	return &Store{db: d, clock: c, ttl: max(ttl, MinTTL)}
}

// errNotKept rolls back a request whose answer is not kept.
var errNotKept = errors.New("answer not kept")

// Do runs run once for the caller's scope and key: the first request runs
// it in a transaction and, when it answers with a 2xx status, keeps the
// answer; a later request with the same key and the same request bytes
// gets the kept answer and replayed true; with other request bytes, a
// conflict. Expired keys of the scope are deleted as a key is used.
func (s *Store) Do(ctx context.Context, scope, key string, request []byte, run func(ctx context.Context) Answer) (a Answer, replayed bool, err error) {
	sum := sha256.Sum256(request)
	hash := hex.EncodeToString(sum[:])
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		now := s.clock.Now()
		if _, err := s.db.Exec(ctx, `DELETE FROM idempotency_keys WHERE scope = ? AND expires_at <= ?`, scope, now); err != nil {
			return apperr.Wrap(err, "expire idempotency keys")
		}
		res, err := s.db.Exec(ctx, `INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, header, body, created_at,
			expires_at) VALUES (?, ?, ?, 0, '{}', ?, ?, ?) ON CONFLICT (scope, idem_key) DO NOTHING`,
			scope, key, hash, []byte{}, now, now.Add(s.ttl))
		if err != nil {
			return apperr.Wrap(err, "claim idempotency key")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			replayed = true
			a, err = s.find(ctx, scope, key, hash)
			return err
		}
		if a = run(ctx); a.Status < 200 || a.Status > 299 {
			return errNotKept
		}
		header, err := json.Marshal(a.Header)
		if err != nil {
			return apperr.Wrap(err, "encode answer")
		}
		_, err = s.db.Exec(ctx, `UPDATE idempotency_keys SET status = ?, header = ?, body = ? WHERE scope = ? AND idem_key = ?`,
			a.Status, string(header), a.Body, scope, key)
		return apperr.WrapIf(err, "keep answer")
	})
	if errors.Is(err, errNotKept) {
		err = nil
	}
	return a, replayed, err
}

// find returns the answer kept for a key, or a conflict when it was used
// with another request.
func (s *Store) find(ctx context.Context, scope, key, hash string) (Answer, error) {
	var a Answer
	var stored, header string
	err := s.db.QueryRow(ctx, `SELECT request_hash, status, header, body FROM idempotency_keys WHERE scope = ? AND idem_key = ?`,
		scope, key).Scan(&stored, &a.Status, &header, &a.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return Answer{}, apperr.New(apperr.Conflict, "A request with this Idempotency-Key is still running; retry it in a moment.")
	}
	if err != nil {
		return Answer{}, apperr.Wrap(err, "find idempotency key")
	}
	if stored != hash {
		return Answer{}, apperr.New(apperr.Conflict, "This Idempotency-Key was used with another request; use a new key for a new request.")
	}
	if err := json.Unmarshal([]byte(header), &a.Header); err != nil {
		return Answer{}, apperr.Wrap(err, "decode answer")
	}
	return a, nil
}
