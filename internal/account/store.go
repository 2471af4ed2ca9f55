package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
)

// store holds the SQL of login identities.
type store struct {
	db *db.DB
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s store) insertUser(ctx context.Context, u User, hash string) error {
	var emailKey any
	if u.Email != "" {
		emailKey = NormalizeEmail(u.Email)
	}
	_, err := s.db.Exec(ctx, `INSERT INTO users
		(id, nickname, nickname_key, phone, email, email_key, password_hash, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Nickname, NicknameKey(u.Nickname), nullable(u.Phone), nullable(u.Email), emailKey, hash,
		u.Status, u.CreatedAt, u.CreatedAt)
	if which, ok := db.IsUniqueViolation(err); ok {
		switch {
		case strings.Contains(which, "nickname"):
			return apperr.Field("nickname", "is already taken")
		case strings.Contains(which, "phone"):
			return apperr.Field("phone", "is already registered; log in or reset the password")
		case strings.Contains(which, "email"):
			return apperr.Field("email", "is already registered; log in or reset the password")
		}
	}
	if err != nil {
		return apperr.Wrap(err, "insert user")
	}
	return nil
}

const userColumns = `id, nickname, COALESCE(phone, ''), COALESCE(email, ''), status, created_at`

func (s store) findUser(ctx context.Context, where string, arg any) (User, error) {
	u, _, err := s.scanUser(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE `+where, arg)
	return u, err
}

func (s store) findCredentials(ctx context.Context, where string, arg any) (User, string, error) {
	return s.scanUser(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE `+where, arg)
}

func (s store) scanUser(ctx context.Context, q string, arg any) (User, string, error) {
	var u User
	var hash string
	err := s.db.QueryRow(ctx, q, arg).Scan(&u.ID, &u.Nickname, &u.Phone, &u.Email, &u.Status, &u.CreatedAt, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, "", errNotFound
	}
	if err != nil {
		return User{}, "", apperr.Wrap(err, "find user")
	}
	u.CreatedAt = u.CreatedAt.UTC()
	if u.Roles, err = s.roles(ctx, u.ID); err != nil {
		return User{}, "", err
	}
	return u, hash, nil
}

func (s store) roles(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find roles")
	}
	defer rows.Close()
	roles := []string{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, apperr.Wrap(err, "scan role")
		}
		roles = append(roles, r)
	}
	return roles, rows.Err()
}

func (s store) setRoles(ctx context.Context, userID string, roles []string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, userID); err != nil {
		return apperr.Wrap(err, "clear roles")
	}
	for _, r := range roles {
		if _, err := s.db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, userID, r); err != nil {
			return apperr.Wrap(err, "add role")
		}
	}
	return nil
}

func (s store) setPassword(ctx context.Context, userID, hash string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, now, userID)
	if err != nil {
		return apperr.Wrap(err, "set password")
	}
	return nil
}

// replacePasswordHash swaps userID's hash old for hash, reporting false when
// the stored hash is no longer old (it changed meanwhile).
func (s store) replacePasswordHash(ctx context.Context, userID, old, hash string) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?`, hash, userID, old)
	if err != nil {
		return false, apperr.Wrap(err, "rehash password")
	}
	n, err := res.RowsAffected()
	return n > 0, apperr.WrapIf(err, "rehash password")
}

func (s store) setEmail(ctx context.Context, userID, email string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE users SET email = ?, email_key = ?, updated_at = ? WHERE id = ?`, email, email, now, userID)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("email", "is already registered; log in or reset the password")
	}
	if err != nil {
		return apperr.Wrap(err, "set e-mail")
	}
	return nil
}

// findIdentities reads the identities among ids, in one query.
func (s store) findIdentities(ctx context.Context, ids []string) (map[string]Identity, error) {
	out := make(map[string]Identity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.InList(ids)
	rows, err := s.db.Query(ctx, `SELECT id, nickname, status, created_at FROM users WHERE id IN `+in, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find users")
	}
	defer rows.Close()
	for rows.Next() {
		var u Identity
		if err := rows.Scan(&u.ID, &u.Nickname, &u.Status, &u.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan user")
		}
		u.CreatedAt = u.CreatedAt.UTC()
		out[u.ID] = u
	}
	return out, apperr.WrapIf(rows.Err(), "find users")
}

func (s store) findNicknameRules(ctx context.Context) ([]NicknameRule, error) {
	rows, err := s.db.Query(ctx, `SELECT suffix, replacement FROM nickname_rules ORDER BY position, suffix`)
	if err != nil {
		return nil, apperr.Wrap(err, "find nickname rules")
	}
	defer rows.Close()
	var out []NicknameRule
	for rows.Next() {
		var r NicknameRule
		if err := rows.Scan(&r.Suffix, &r.Replacement); err != nil {
			return nil, apperr.Wrap(err, "scan nickname rule")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
