package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/db"
)

// Recovery support (SPEC §2.5): setting a new password or phone for an
// identity whose owner the auth domain has verified, and finding an
// identity by its certification details. The details are kept only as a
// hash (recovery_identities), written when a certification is approved.

// SetPassword replaces userID's password after checking it against the
// policy (field "password"), in ctx's transaction. The caller has verified
// the owner (old password or a code) and audits why.
func (s *Service) SetPassword(ctx context.Context, userID, password string) error {
	if msg := s.policy.Check(password); msg.Format != "" {
		return apperr.Field("password", msg.Format, msg.Args...)
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.setPassword(ctx, userID, hash, s.clock.Now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: userID, Action: "account.password_set", ObjectType: "user", ObjectID: userID})
	})
}

// RehashPassword stores password, which a log-in has just verified against
// the stored hash old, again at the hasher's current cost, unless the hash
// changed meanwhile. It is a state change of its own, audited.
func (s *Service) RehashPassword(ctx context.Context, userID, password, old string) error {
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		replaced, err := s.store.replacePasswordHash(ctx, userID, old, hash)
		if err != nil || !replaced {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: userID, OwnerID: userID, Action: "account.password_rehash",
			ObjectType: "user", ObjectID: userID, Summary: "password hash raised to the configured argon2id cost"})
	})
}

// SetPhone binds a new phone to userID (field "phone" when it is not a
// mainland mobile number or is taken), in ctx's transaction. The caller has
// verified the old factor and the new number.
func (s *Service) SetPhone(ctx context.Context, userID, phone string) error {
	p := NormalizePhone(phone)
	if p == "" {
		return apperr.Field("phone", "must be a mainland mobile number of 11 digits starting with 1")
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.Exec(ctx, `UPDATE users SET phone = ?, updated_at = ? WHERE id = ?`, p, s.clock.Now(), userID)
		if _, dup := db.IsUniqueViolation(err); dup {
			return apperr.Field("phone", "is already registered; log in or reset the password")
		}
		if err != nil {
			return apperr.Wrap(err, "set phone")
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: userID, Action: "account.phone_set", ObjectType: "user",
			ObjectID: userID, Summary: "phone bound"})
	})
}

// CertificationKey folds an ID or licence number (width, case, spaces) and
// hashes it, so that the number itself is never stored for recovery.
func CertificationKey(number string) string {
	n := strings.ToUpper(strings.Join(strings.Fields(norm.NFKC.String(number)), ""))
	sum := sha256.Sum256([]byte("helio-certification:" + n))
	return hex.EncodeToString(sum[:])
}

// SaveRecoveryKey records that userID is certified with number (ID or
// licence), hashed, so that account recovery can find the identity. The
// certification review calls it in the transaction that approves, and
// audits the approval.
func (s *Service) SaveRecoveryKey(ctx context.Context, userID, number string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO recovery_identities (user_id, id_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET id_hash = excluded.id_hash, created_at = excluded.created_at`,
		userID, CertificationKey(number), s.clock.Now())
	if err != nil {
		return apperr.Wrap(err, "save recovery key")
	}
	return nil
}

// FindUsersByCertification returns the identities certified with number
// (usually one; none is not an error). The query is the same for a hit and
// a miss.
func (s *Service) FindUsersByCertification(ctx context.Context, number string) ([]User, error) {
	rows, err := s.db.Query(ctx, `SELECT user_id FROM recovery_identities WHERE id_hash = ? ORDER BY created_at`, CertificationKey(number))
	if err != nil {
		return nil, apperr.Wrap(err, "find certified identities")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan certified identity")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "find certified identities")
	}
	users := make([]User, 0, len(ids))
	for _, id := range ids {
		u, err := s.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}
