package auth

import (
	"context"
	"database/sql"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// store holds the SQL of sessions, devices, login security, one-time and
// recovery codes, TOTP, passkeys and API tokens. Single-row methods return
// the driver's error as it is (sql.ErrNoRows, unique violations), so that
// the use cases decide what it means.
type store struct{ db *db.DB }

// execCount runs a statement and returns how many rows it changed.
func (st store) execCount(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := st.db.Exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// Log-in failures: the scopes the brute-force limits count them in.
const (
	failuresOfIP            = `ip = ?`
	failuresOfSubjectIP     = `subject = ? AND ip = ?`
	failuresOfSubjectDevice = `subject = ? AND device_key = ?`
	failuresOfSubject       = `subject = ?`
	// failuresOfSubjectIPOrDevice are the subject's failures from the IP
	// or from the device token.
	failuresOfSubjectIPOrDevice = `subject = ? AND (ip = ? OR (device_key = ? AND device_key <> ''))`
)

// findFailureTimes returns the times of the latest limit failures in scope
// (one of the failuresOf… conditions, with its arguments) since since,
// newest first.
func (st store) findFailureTimes(ctx context.Context, scope string, args []any, since time.Time, limit int) ([]time.Time, error) {
	rows, err := st.db.Query(ctx, `SELECT occurred_at FROM login_failures WHERE `+scope+
		` AND occurred_at > ? ORDER BY occurred_at DESC LIMIT ?`, append(args, since, limit)...)
	if err != nil {
		return nil, apperr.Wrap(err, "count log-in failures")
	}
	defer rows.Close()
	var times []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return nil, apperr.Wrap(err, "count log-in failures")
		}
		times = append(times, t)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "count log-in failures")
	}
	return times, nil
}

// countFailures counts the failures in scope (one of the failuresOf…
// conditions, with its arguments) since since.
func (st store) countFailures(ctx context.Context, scope string, args []any, since time.Time) (int, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE `+scope+` AND occurred_at > ?`,
		append(args, since)...).Scan(&n)
	return n, err
}

func (st store) createFailure(ctx context.Context, id string, a Attempt, at time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO login_failures (id, subject, ip, device_key, occurred_at) VALUES (?, ?, ?, ?, ?)`,
		id, a.Subject, a.IP, a.DeviceKey, at)
	return err
}

// deleteFailuresBefore forgets failures older than any limit looks at.
func (st store) deleteFailuresBefore(ctx context.Context, t time.Time) error {
	_, err := st.db.Exec(ctx, `DELETE FROM login_failures WHERE occurred_at < ?`, t)
	return err
}

// deleteFailuresIn forgets the failures in scope (one of the failuresOf…
// conditions, with its arguments).
func (st store) deleteFailuresIn(ctx context.Context, scope string, args []any) error {
	_, err := st.db.Exec(ctx, `DELETE FROM login_failures WHERE `+scope, args...)
	return err
}

// findFailureKeys returns the lock keys (without their subject) of the
// IP addresses and devices of the failures in scope (one of the
// failuresOf… conditions, with its arguments) since since.
func (st store) findFailureKeys(ctx context.Context, scope string, args []any, since time.Time) ([]lockKey, error) {
	rows, err := st.db.Query(ctx, `SELECT DISTINCT ip, device_key FROM login_failures WHERE `+scope+` AND occurred_at > ?`,
		append(args, since)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[lockKey]bool{}
	var keys []lockKey
	for rows.Next() {
		var ip, device string
		if err := rows.Scan(&ip, &device); err != nil {
			return nil, err
		}
		for _, k := range []lockKey{{Scope: LockScopeIP, Key: ip}, {Scope: LockScopeDevice, Key: device}} {
			if k.Key != "" && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys, rows.Err()
}

// createChallenge stores a challenge of attempt a; pendingLogin is the
// login whose password is checked after the methods ("" when it was
// checked already).
func (st store) createChallenge(ctx context.Context, id string, a Attempt, pendingLogin, reasons, alts string, now, expires time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO login_challenges
		(id, user_id, sub_account_id, device_id, ip, region, reasons, alternatives, done, pending_login, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
		id, a.User.ID, a.SubAccountID, a.DeviceID, a.IP, a.Region, reasons, alts, pendingLogin, now, expires)
	return err
}

// findChallenge loads challenge id, its row locked, with its alternatives
// and done methods as stored (JSON) and when it was completed.
func (st store) findChallenge(ctx context.Context, id string) (c challenge, alts, done string, completed sql.NullTime, err error) {
	err = st.db.QueryRow(ctx, `SELECT id, user_id, sub_account_id, device_id, alternatives, done, code_id, webauthn_session,
		pending_login, expires_at, completed_at FROM login_challenges WHERE id = ?`+st.db.ForUpdate(), id).Scan(&c.ID, &c.UserID,
		&c.SubID, &c.DeviceID, &alts, &done, &c.CodeID, &c.WebAuthn, &c.PendingLogin, &c.ExpiresAt, &completed)
	return c, alts, done, completed, err
}

func (st store) updateChallengeCode(ctx context.Context, id, codeID string) error {
	_, err := st.db.Exec(ctx, `UPDATE login_challenges SET code_id = ? WHERE id = ?`, codeID, id)
	return err
}

// updateChallengeWebAuthn stores the passkey session of a challenge ("" to
// clear it once used).
func (st store) updateChallengeWebAuthn(ctx context.Context, id, session string) error {
	_, err := st.db.Exec(ctx, `UPDATE login_challenges SET webauthn_session = ? WHERE id = ?`, session, id)
	return err
}

func (st store) updateChallengeDone(ctx context.Context, id, done string) error {
	_, err := st.db.Exec(ctx, `UPDATE login_challenges SET done = ? WHERE id = ?`, done, id)
	return err
}

func (st store) updateChallengeCompleted(ctx context.Context, id string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE login_challenges SET completed_at = ? WHERE id = ?`, at, id)
	return err
}

// findSettings scans userID's security settings into set (left as it is
// when there are none) and returns the region of the last log-in.
func (st store) findSettings(ctx context.Context, userID string, set *Settings) (region string, err error) {
	err = st.db.QueryRow(ctx, `SELECT new_device_verification, remote_login_alert, double_verification,
		verify_every_login, last_region FROM security_settings WHERE user_id = ?`, userID).Scan(
		&set.NewDeviceVerification, &set.RemoteLoginAlert, &set.DoubleVerification, &set.VerifyEveryLogin, &region)
	return region, err
}

// updateSettings writes userID's settings and last region, creating the
// row the first time.
func (st store) updateSettings(ctx context.Context, userID string, set Settings, region string, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO security_settings
		(user_id, new_device_verification, remote_login_alert, double_verification, verify_every_login, last_region, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET new_device_verification = excluded.new_device_verification,
			remote_login_alert = excluded.remote_login_alert, double_verification = excluded.double_verification,
			verify_every_login = excluded.verify_every_login, last_region = excluded.last_region,
			updated_at = excluded.updated_at`,
		userID, set.NewDeviceVerification, set.RemoteLoginAlert, set.DoubleVerification, set.VerifyEveryLogin,
		region, now)
	return err
}

// findDeviceCounts counts userID's known devices, and those with the
// device token of hash deviceKey.
func (st store) findDeviceCounts(ctx context.Context, userID, deviceKey string) (n, same int, err error) {
	err = st.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN token_hash = ? THEN 1 ELSE 0 END), 0)
		FROM known_devices WHERE user_id = ?`, deviceKey, userID).Scan(&n, &same)
	return n, same, err
}

// findDeviceIssued reports whether the device token of hash deviceKey is
// known to any account (so the server issued it).
func (st store) findDeviceIssued(ctx context.Context, deviceKey string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT COUNT(*) FROM known_devices WHERE token_hash = ?`, deviceKey).Scan(&n)
	return n > 0, err
}

// findFactorCounts counts userID's confirmed TOTP secrets and passkeys.
func (st store) findFactorCounts(ctx context.Context, userID string) (totp, passkeys int, err error) {
	err = st.db.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM totp_secrets WHERE user_id = ? AND confirmed_at IS NOT NULL),
		(SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?)`, userID, userID).Scan(&totp, &passkeys)
	return totp, passkeys, err
}

// createKnownDevice records the session's device token as known to
// userID, or refreshes it when it already is.
func (st store) createKnownDevice(ctx context.Context, id, userID string, sess Session, name string) error {
	_, err := st.db.Exec(ctx, `INSERT INTO known_devices (id, user_id, device_id, token_hash, name, region, ip, first_seen_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (token_hash, user_id) DO UPDATE SET device_id = excluded.device_id, name = excluded.name,
			region = excluded.region, ip = excluded.ip, last_seen_at = excluded.last_seen_at`,
		id, userID, sess.DeviceID, sess.deviceKey, name, sess.Region, sess.IP, sess.CreatedAt, sess.CreatedAt)
	return err
}

// updateLegacyDeviceToken gives userID's device known from before tokens
// (the session's label, no token) the session's device token and returns
// how many rows changed.
func (st store) updateLegacyDeviceToken(ctx context.Context, userID string, sess Session, name string) (int64, error) {
	return st.execCount(ctx, `UPDATE known_devices SET token_hash = ?, name = ?, region = ?, ip = ?, last_seen_at = ?
		WHERE id = (SELECT id FROM known_devices WHERE user_id = ? AND device_id = ? AND token_hash IS NULL LIMIT 1)`,
		sess.deviceKey, name, sess.Region, sess.IP, sess.CreatedAt, userID, sess.DeviceID)
}

// findSessionDeviceKey returns the device token hash of session id.
func (st store) findSessionDeviceKey(ctx context.Context, id string) (string, error) {
	var key string
	err := st.db.QueryRow(ctx, `SELECT device_key FROM sessions WHERE id = ?`, id).Scan(&key)
	return key, err
}

// findDevices lists userID's known devices, most recently seen first;
// current is the device token hash of the request's session.
func (st store) findDevices(ctx context.Context, userID, current string, limit int) ([]Device, error) {
	rows, err := st.db.Query(ctx, `SELECT id, COALESCE(token_hash, ''), name, region, ip, first_seen_at, last_seen_at FROM known_devices
		WHERE user_id = ? ORDER BY last_seen_at DESC, id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "find devices")
	}
	defer rows.Close()
	out := []Device{}
	for rows.Next() {
		var d Device
		var key string
		if err := rows.Scan(&d.ID, &key, &d.Name, &d.Region, &d.IP, &d.FirstSeenAt, &d.LastSeenAt); err != nil {
			return nil, apperr.Wrap(err, "find devices")
		}
		d.Current = current != "" && key == current
		d.FirstSeenAt, d.LastSeenAt = d.FirstSeenAt.UTC(), d.LastSeenAt.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// deleteDevice forgets userID's known device id and returns its label and
// device token hash ("" for a device known from before tokens).
func (st store) deleteDevice(ctx context.Context, id, userID string) (label, key string, err error) {
	err = st.db.QueryRow(ctx, `DELETE FROM known_devices WHERE id = ? AND user_id = ? RETURNING device_id, COALESCE(token_hash, '')`,
		id, userID).Scan(&label, &key)
	return label, key, err
}

func (st store) createSession(ctx context.Context, sess Session, tokenHash string) error {
	_, err := st.db.Exec(ctx, `INSERT INTO sessions
		(id, token_hash, user_id, sub_account_id, device_id, device_key, ip, region, user_agent, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sess.ID, tokenHash, sess.UserID, sess.SubAccountID, sess.DeviceID, sess.deviceKey, sess.IP, sess.Region, sess.UserAgent,
		sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt)
	return err
}

// findSessionByTokenHash loads the session of a token and when it was
// revoked.
func (st store) findSessionByTokenHash(ctx context.Context, tokenHash string) (sess Session, revoked sql.NullTime, err error) {
	err = st.db.QueryRow(ctx, `SELECT id, user_id, sub_account_id, acting_account_id, last_seen_at, expires_at, revoked_at
		FROM sessions WHERE token_hash = ?`, tokenHash).Scan(&sess.ID, &sess.UserID, &sess.SubAccountID, &sess.ActingAccountID,
		&sess.LastSeenAt, &sess.ExpiresAt, &revoked)
	return sess, revoked, err
}

// findAuthVersion is userID's auth version plus the global one (raised by
// the triggers of migration 026): it grows whenever the actor of any of
// userID's sessions would be built differently.
func (st store) findAuthVersion(ctx context.Context, userID string) (int64, error) {
	var v int64
	err := st.db.QueryRow(ctx, `SELECT COALESCE(SUM(version), 0) FROM auth_versions WHERE user_id IN (?, '*')`,
		userID).Scan(&v)
	return v, err
}

// updateSessionActing records the creator account a session acts as.
func (st store) updateSessionActing(ctx context.Context, sessionID, accountID string) error {
	_, err := st.db.Exec(ctx, `UPDATE sessions SET acting_account_id = ? WHERE id = ?`, accountID, sessionID)
	return err
}

// findSessions lists userID's sessions open at now, most recently used
// first; current is the request's session.
func (st store) findSessions(ctx context.Context, userID, current string, now time.Time, limit int) ([]SessionInfo, error) {
	rows, err := st.db.Query(ctx, `SELECT id, user_agent, region, ip, created_at, last_seen_at FROM sessions
		WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY last_seen_at DESC, id DESC LIMIT ?`,
		userID, now, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "find sessions")
	}
	defer rows.Close()
	out := []SessionInfo{}
	for rows.Next() {
		var si SessionInfo
		var ua string
		if err := rows.Scan(&si.ID, &ua, &si.Region, &si.IP, &si.CreatedAt, &si.LastSeenAt); err != nil {
			return nil, apperr.Wrap(err, "find sessions")
		}
		si.Device, si.Current = deviceName(ua), si.ID == current
		si.CreatedAt, si.LastSeenAt = si.CreatedAt.UTC(), si.LastSeenAt.UTC()
		out = append(out, si)
	}
	return out, rows.Err()
}

// updateSessionSeen slides a session's expiry.
func (st store) updateSessionSeen(ctx context.Context, id string, now, expires time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`, now, expires, id)
	return err
}

// updateSessionRevoked ends userID's open session id and returns how many
// rows changed (0 when it had already ended).
func (st store) updateSessionRevoked(ctx context.Context, id, userID string, at time.Time) (int64, error) {
	return st.execCount(ctx, `UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
		at, id, userID)
}

// updateSessionsRevoked ends every open session of userID but keep and
// returns how many ended.
func (st store) updateSessionsRevoked(ctx context.Context, userID, keep string, at time.Time) (int64, error) {
	return st.execCount(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL`,
		at, userID, keep)
}

// Sessions of a device: by its token hash, or by its label for a device
// known from before tokens.
const (
	sessionsOnDeviceKey = `device_key = ?`
	sessionsOnLabel     = `device_id = ?`
)

// updateDeviceSessionsRevoked ends userID's open sessions on a device
// (scope is one of the sessionsOn… conditions, with its argument).
func (st store) updateDeviceSessionsRevoked(ctx context.Context, userID, scope, arg string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND `+scope+` AND revoked_at IS NULL`,
		at, userID, arg)
	return err
}

// updateSubAccountSessionsRevoked ends every open session of a sub-account.
func (st store) updateSubAccountSessionsRevoked(ctx context.Context, subAccountID string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE sub_account_id = ? AND revoked_at IS NULL`,
		at, subAccountID)
	return err
}

// countCodesSince counts the codes userID received since since.
func (st store) countCodesSince(ctx context.Context, userID string, since time.Time) (int, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT COUNT(*) FROM one_time_codes WHERE user_id = ? AND created_at > ?`,
		userID, since).Scan(&n)
	return n, err
}

// findLastCodeTime returns when userID's latest code was made.
func (st store) findLastCodeTime(ctx context.Context, userID string) (time.Time, error) {
	var last time.Time
	err := st.db.QueryRow(ctx, `SELECT created_at FROM one_time_codes WHERE user_id = ? ORDER BY created_at DESC LIMIT 1`,
		userID).Scan(&last)
	return last, err
}

// oneTimeCode is a stored one-time code as checkCode reads it.
type oneTimeCode struct {
	Hash      string
	Tries     int
	ExpiresAt time.Time
	UsedAt    sql.NullTime
}

func (st store) createCode(ctx context.Context, id, userID, purpose, channel, to, hash string, now, expires time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO one_time_codes
		(id, user_id, purpose, channel, destination, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, userID, purpose, channel, to, hash, now, expires)
	return err
}

// findCode loads code id of userID and purpose, its row locked.
func (st store) findCode(ctx context.Context, id, userID, purpose string) (oneTimeCode, error) {
	var c oneTimeCode
	err := st.db.QueryRow(ctx, `SELECT code_hash, tries, expires_at, used_at FROM one_time_codes
		WHERE id = ? AND user_id = ? AND purpose = ?`+st.db.ForUpdate(), id, userID, purpose).Scan(&c.Hash, &c.Tries, &c.ExpiresAt, &c.UsedAt)
	return c, err
}

// findCodeUser returns the user of code id of purpose.
func (st store) findCodeUser(ctx context.Context, id, purpose string) (string, error) {
	var userID string
	err := st.db.QueryRow(ctx, `SELECT user_id FROM one_time_codes WHERE id = ? AND purpose = ?`, id, purpose).Scan(&userID)
	return userID, err
}

// findLatestCode returns the id and destination of userID's latest code of
// purpose.
func (st store) findLatestCode(ctx context.Context, userID, purpose string) (id, to string, err error) {
	err = st.db.QueryRow(ctx, `SELECT id, destination FROM one_time_codes WHERE user_id = ? AND purpose = ?
		ORDER BY created_at DESC, id DESC LIMIT 1`, userID, purpose).Scan(&id, &to)
	return id, to, err
}

// updateCodeTries counts a wrong entry of code id.
func (st store) updateCodeTries(ctx context.Context, id string) error {
	_, err := st.db.Exec(ctx, `UPDATE one_time_codes SET tries = tries + 1 WHERE id = ?`, id)
	return err
}

func (st store) updateCodeUsed(ctx context.Context, id string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE one_time_codes SET used_at = ? WHERE id = ?`, at, id)
	return err
}

// findTOTPConfirmed returns when userID's TOTP secret was confirmed.
func (st store) findTOTPConfirmed(ctx context.Context, userID string) (sql.NullTime, error) {
	var confirmed sql.NullTime
	err := st.db.QueryRow(ctx, `SELECT confirmed_at FROM totp_secrets WHERE user_id = ?`, userID).Scan(&confirmed)
	return confirmed, err
}

// findTOTPSecret loads userID's TOTP secret, its row locked.
func (st store) findTOTPSecret(ctx context.Context, userID string) (secret string, step int64, confirmed sql.NullTime, err error) {
	err = st.db.QueryRow(ctx, `SELECT secret, last_step, confirmed_at FROM totp_secrets WHERE user_id = ?`+st.db.ForUpdate(),
		userID).Scan(&secret, &step, &confirmed)
	return secret, step, confirmed, err
}

// createTOTPSecret stores a new unconfirmed secret for userID, replacing
// an earlier unconfirmed one.
func (st store) createTOTPSecret(ctx context.Context, userID, secret string, at time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO totp_secrets (user_id, secret, last_step, created_at) VALUES (?, ?, 0, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at`,
		userID, secret, at)
	return err
}

func (st store) updateTOTPConfirmed(ctx context.Context, userID string, at time.Time, step int64) error {
	_, err := st.db.Exec(ctx, `UPDATE totp_secrets SET confirmed_at = ?, last_step = ? WHERE user_id = ?`, at, step, userID)
	return err
}

// updateTOTPStep burns step, so its code is not accepted again.
func (st store) updateTOTPStep(ctx context.Context, userID string, step int64) error {
	_, err := st.db.Exec(ctx, `UPDATE totp_secrets SET last_step = ? WHERE user_id = ?`, step, userID)
	return err
}

func (st store) deleteTOTPSecret(ctx context.Context, userID string) error {
	_, err := st.db.Exec(ctx, `DELETE FROM totp_secrets WHERE user_id = ?`, userID)
	return err
}

func (st store) createRecoveryCode(ctx context.Context, id, userID, hash string, at time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO recovery_codes (id, user_id, code_hash, created_at) VALUES (?, ?, ?, ?)`,
		id, userID, hash, at)
	return err
}

// updateRecoveryCodeUsed spends userID's unused recovery code with hash
// and returns how many rows changed (1 when it was there to spend).
func (st store) updateRecoveryCodeUsed(ctx context.Context, userID, hash string, at time.Time) (int64, error) {
	return st.execCount(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
		at, userID, hash)
}

func (st store) deleteRecoveryCodes(ctx context.Context, userID string) error {
	_, err := st.db.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID)
	return err
}

// findCredentialData returns userID's stored passkey credentials (JSON),
// oldest first.
func (st store) findCredentialData(ctx context.Context, userID string) ([]string, error) {
	rows, err := st.db.Query(ctx, `SELECT data FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find passkeys")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, apperr.Wrap(err, "find passkeys")
		}
		out = append(out, raw)
	}
	return out, rows.Err()
}

// findPasskeys lists userID's passkeys, oldest first.
func (st store) findPasskeys(ctx context.Context, userID string) ([]Passkey, error) {
	rows, err := st.db.Query(ctx, `SELECT id, name, created_at, last_used_at FROM webauthn_credentials
		WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find passkeys")
	}
	defer rows.Close()
	out := []Passkey{}
	for rows.Next() {
		var p Passkey
		var used sql.NullTime
		if err := rows.Scan(&p.ID, &p.Name, &p.CreatedAt, &used); err != nil {
			return nil, apperr.Wrap(err, "find passkeys")
		}
		p.CreatedAt = p.CreatedAt.UTC()
		if used.Valid {
			t := used.Time.UTC()
			p.LastUsedAt = &t
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (st store) createCredential(ctx context.Context, pk Passkey, userID, credentialID, data string) error {
	_, err := st.db.Exec(ctx, `INSERT INTO webauthn_credentials (id, user_id, credential_id, name, data, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, pk.ID, userID, credentialID, pk.Name, data, pk.CreatedAt)
	return err
}

// updateCredential stores a credential's state after a use.
func (st store) updateCredential(ctx context.Context, userID, credentialID, data string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE webauthn_credentials SET data = ?, last_used_at = ? WHERE user_id = ? AND credential_id = ?`,
		data, at, userID, credentialID)
	return err
}

// deleteCredential removes userID's passkey id and returns how many rows
// went.
func (st store) deleteCredential(ctx context.Context, id, userID string) (int64, error) {
	return st.execCount(ctx, `DELETE FROM webauthn_credentials WHERE id = ? AND user_id = ?`, id, userID)
}

// createRegistration stores userID's passkey registration in progress,
// replacing an earlier one.
func (st store) createRegistration(ctx context.Context, userID, data string, expires time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO webauthn_registrations (user_id, data, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
		userID, data, expires)
	return err
}

func (st store) findRegistration(ctx context.Context, userID string) (data string, expires time.Time, err error) {
	err = st.db.QueryRow(ctx, `SELECT data, expires_at FROM webauthn_registrations WHERE user_id = ?`, userID).Scan(&data, &expires)
	return data, expires, err
}

func (st store) deleteRegistration(ctx context.Context, userID string) error {
	_, err := st.db.Exec(ctx, `DELETE FROM webauthn_registrations WHERE user_id = ?`, userID)
	return err
}

const tokenColumns = `id, user_id, sub_account_id, name, scopes, created_at, expires_at, revoked_at, last_used_at`

func scanToken(r interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var scopes string
	var exp, rev, used sql.NullTime
	if err := r.Scan(&t.ID, &t.UserID, &t.SubAccountID, &t.Name, &scopes, &t.CreatedAt, &exp, &rev, &used); err != nil {
		return t, err
	}
	t.Scopes = authz.SplitPermissions(scopes)
	t.CreatedAt = t.CreatedAt.UTC()
	t.ExpiresAt, t.RevokedAt, t.LastUsedAt = db.TimePtr(exp), db.TimePtr(rev), db.TimePtr(used)
	return t, nil
}

// createAPIToken stores t with the hash of its secret and its scopes as
// written.
func (st store) createAPIToken(ctx context.Context, t APIToken, hash, scopes string) error {
	_, err := st.db.Exec(ctx, `INSERT INTO api_tokens (id, user_id, sub_account_id, name, token_hash, scopes,
		created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.UserID, t.SubAccountID, t.Name, hash,
		scopes, t.CreatedAt, t.ExpiresAt)
	return err
}

// findAPITokens lists userID's tokens, newest first.
func (st store) findAPITokens(ctx context.Context, userID string) ([]APIToken, error) {
	rows, err := st.db.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
		userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find API tokens")
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "find API tokens")
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (st store) findAPITokenByID(ctx context.Context, id string) (APIToken, error) {
	return scanToken(st.db.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
}

func (st store) findAPITokenByHash(ctx context.Context, hash string) (APIToken, error) {
	return scanToken(st.db.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, hash))
}

func (st store) updateAPITokenRevoked(ctx context.Context, id string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, at, id)
	return err
}

func (st store) updateAPITokenUsed(ctx context.Context, id string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, at, id)
	return err
}
