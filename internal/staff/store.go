package staff

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// store holds the SQL of positions and sub-accounts.
type store struct {
	db *db.DB
}

const subColumns = `id, main_user_id, name, position, permissions, status, verify_deadline, verified_at,
	restricted_at, departed_at, holder_phone, created_at, updated_at`

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanSub reads the subColumns of one row, then any extra columns into extra.
func scanSub(r rowScanner, extra ...any) (SubAccount, error) {
	var s SubAccount
	var perms string
	var verified, restricted, departed sql.NullTime
	err := r.Scan(append([]any{&s.ID, &s.MainUserID, &s.Name, &s.Position, &perms, &s.Status, &s.VerifyDeadline,
		&verified, &restricted, &departed, &s.HolderPhone, &s.CreatedAt, &s.UpdatedAt}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return s, apperr.New(apperr.NotFound, "Sub-account not found.")
	}
	if err != nil {
		return s, apperr.Wrap(err, "find sub-account")
	}
	s.Permissions = authz.SplitPermissions(perms)
	s.VerifiedAt, s.RestrictedAt, s.DepartedAt = db.TimePtr(verified), db.TimePtr(restricted), db.TimePtr(departed)
	s.VerifyDeadline, s.CreatedAt, s.UpdatedAt = s.VerifyDeadline.UTC(), s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	s.State = s.state()
	return s, nil
}

func (s store) exec(ctx context.Context, what, q string, args ...any) error {
	if _, err := s.db.Exec(ctx, q, args...); err != nil {
		return apperr.Wrap(err, what)
	}
	return nil
}

func (s store) findPositions(ctx context.Context) ([]Position, error) {
	rows, err := s.db.Query(ctx, `SELECT key, name, permissions FROM staff_positions ORDER BY sort`)
	if err != nil {
		return nil, apperr.Wrap(err, "find positions")
	}
	defer rows.Close()
	var out []Position
	for rows.Next() {
		var p Position
		var perms string
		if err := rows.Scan(&p.Key, &p.Name, &perms); err != nil {
			return nil, apperr.Wrap(err, "find positions")
		}
		p.Permissions = authz.SplitPermissions(perms)
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s store) insertSub(ctx context.Context, sub SubAccount, hash string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO sub_accounts (id, main_user_id, name, name_key, password_hash, position,
		permissions, status, verify_deadline, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sub.ID, sub.MainUserID, sub.Name, NameKey(sub.Name), hash, sub.Position, authz.JoinPermissions(sub.Permissions),
		sub.Status, sub.VerifyDeadline, sub.CreatedAt, sub.UpdatedAt)
	if _, unique := db.IsUniqueViolation(err); unique {
		return apperr.Field("name", "is already used by a sub-account of this account, current or departed")
	}
	if err != nil {
		return apperr.Wrap(err, "insert sub-account")
	}
	return nil
}

func (s store) findSub(ctx context.Context, id string) (SubAccount, error) {
	return scanSub(s.db.QueryRow(ctx, `SELECT `+subColumns+` FROM sub_accounts WHERE id = ?`, id))
}

// findCredentials returns the sub-account of mainUserID named name, with
// its password hash.
func (s store) findCredentials(ctx context.Context, mainUserID, name string) (SubAccount, string, error) {
	var hash string
	sub, err := scanSub(s.db.QueryRow(ctx, `SELECT `+subColumns+`, password_hash FROM sub_accounts
		WHERE main_user_id = ? AND name_key = ?`, mainUserID, NameKey(name)), &hash)
	return sub, hash, err
}

func (s store) findSubs(ctx context.Context, mainUserID, status string) ([]SubAccount, error) {
	rows, err := s.db.Query(ctx, `SELECT `+subColumns+` FROM sub_accounts WHERE main_user_id = ? AND status = ?
		ORDER BY created_at, id`, mainUserID, status)
	if err != nil {
		return nil, apperr.Wrap(err, "find sub-accounts")
	}
	defer rows.Close()
	out := []SubAccount{}
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

func (s store) updateSub(ctx context.Context, sub SubAccount) error {
	return s.exec(ctx, "update sub-account", `UPDATE sub_accounts SET position = ?, permissions = ?, status = ?,
		verify_deadline = ?, restricted_at = ?, departed_at = ?, updated_at = ? WHERE id = ?`,
		sub.Position, authz.JoinPermissions(sub.Permissions), sub.Status, sub.VerifyDeadline, sub.RestrictedAt,
		sub.DepartedAt, sub.UpdatedAt, sub.ID)
}

func (s store) setPassword(ctx context.Context, id, hash string, now time.Time) error {
	return s.exec(ctx, "set sub-account password", `UPDATE sub_accounts SET password_hash = ?, updated_at = ? WHERE id = ?`,
		hash, now, id)
}

// replacePasswordHash swaps sub-account id's hash old for hash, reporting
// false when the stored hash is no longer old (it changed meanwhile).
func (s store) replacePasswordHash(ctx context.Context, id, old, hash string) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE sub_accounts SET password_hash = ? WHERE id = ? AND password_hash = ?`, hash, id, old)
	if err != nil {
		return false, apperr.Wrap(err, "rehash sub-account password")
	}
	n, err := res.RowsAffected()
	return n > 0, apperr.WrapIf(err, "rehash sub-account password")
}

// markVerified records the holder; the unique (main account, ID key) pair
// refuses a second sub-account verified with the same ID document.
func (s store) markVerified(ctx context.Context, id, name, idKey, phone string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE sub_accounts SET verified_at = ?, restricted_at = NULL, holder_name = ?,
		holder_id_key = ?, holder_phone = ?, updated_at = ? WHERE id = ?`, now, name, idKey, phone, now, id)
	if _, unique := db.IsUniqueViolation(err); unique {
		return apperr.Field("id_number", "already verifies another sub-account of this main account")
	}
	if err != nil {
		return apperr.Wrap(err, "verify sub-account")
	}
	return nil
}

// holderTaken reports whether another sub-account of mainUserID is verified
// with idKey.
func (s store) holderTaken(ctx context.Context, mainUserID, idKey, exceptID string) (bool, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM sub_accounts WHERE main_user_id = ? AND holder_id_key = ? AND id <> ?`,
		mainUserID, idKey, exceptID).Scan(&n); err != nil {
		return false, apperr.Wrap(err, "find verified holders")
	}
	return n > 0, nil
}

// restrict marks id restricted when it is still unverified and its deadline
// is at or before now; it reports whether it did.
func (s store) restrict(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE sub_accounts SET restricted_at = ?, updated_at = ? WHERE id = ?
		AND verified_at IS NULL AND restricted_at IS NULL AND verify_deadline <= ?`, now, now, id, now)
	if err != nil {
		return false, apperr.Wrap(err, "restrict sub-account")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
