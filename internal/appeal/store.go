package appeal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store is the SQL of restrictions and appeals.
type store struct {
	db    *db.DB
	clock clock.Clock
}

const restrictionColumns = `id, account_id, kind, source, reason, blocked_from, expires_at, created_by, created_at,
	lifted_at, lifted_by, lift_reason, lock_ref`

// scanRestriction reads a row of restrictionColumns; a restriction is in
// force until lifted, an automatic one also until it expires.
func (s store) scanRestriction(sc interface{ Scan(...any) error }) (Restriction, error) {
	var r Restriction
	var expires, lifted sql.NullTime
	if err := sc.Scan(&r.ID, &r.AccountID, &r.Kind, &r.Source, &r.Reason, &r.BlockedFrom, &expires, &r.CreatedBy,
		&r.CreatedAt, &lifted, &r.LiftedBy, &r.LiftReason, &r.lockRef); err != nil {
		return Restriction{}, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	r.Active = !lifted.Valid
	if lifted.Valid {
		t := lifted.Time.UTC()
		r.LiftedAt = &t
	}
	if expires.Valid {
		t := expires.Time.UTC()
		r.ExpiresAt = &t
		r.Active = r.Active && s.clock.Now().Before(t)
	}
	return r, nil
}

// createRestriction stores a new restriction.
func (s store) createRestriction(ctx context.Context, r Restriction) error {
	_, err := s.db.Exec(ctx, `INSERT INTO restrictions (id, account_id, kind, source, reason, blocked_from, expires_at,
		created_by, created_at, lock_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.AccountID, r.Kind, r.Source,
		r.Reason, r.BlockedFrom, r.ExpiresAt, r.CreatedBy, r.CreatedAt, r.lockRef)
	return apperr.WrapIf(err, "create restriction")
}

// findRestriction returns one restriction.
func (s store) findRestriction(ctx context.Context, id string) (Restriction, error) {
	r, err := s.scanRestriction(s.db.QueryRow(ctx, `SELECT `+restrictionColumns+` FROM restrictions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Restriction{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Restriction"))
	}
	return r, apperr.WrapIf(err, "find restriction")
}

// findRestrictions lists restrictions newest first, one page at a time.
func (s store) findRestrictions(ctx context.Context, w db.Where, limit int) ([]Restriction, error) {
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT `+restrictionColumns+` FROM restrictions WHERE `+w.SQL()+`
		ORDER BY created_at DESC, id DESC`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find restrictions")
	}
	defer rows.Close()
	var out []Restriction
	for rows.Next() {
		r, err := s.scanRestriction(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan restriction")
		}
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find restrictions")
}

// findActiveRestriction returns the account's operator restriction of
// kind in force, if any (ok false when none).
func (s store) findActiveRestriction(ctx context.Context, accountID, kind string) (Restriction, bool, error) {
	r, err := s.scanRestriction(s.db.QueryRow(ctx, `SELECT `+restrictionColumns+` FROM restrictions
		WHERE account_id = ? AND kind = ? AND source = ? AND lifted_at IS NULL`, accountID, kind, SourceOperator))
	if errors.Is(err, sql.ErrNoRows) {
		return Restriction{}, false, nil
	}
	return r, err == nil, apperr.WrapIf(err, "find active restriction")
}

// updateRestrictionLifted lifts a restriction still in force; false when
// it was lifted already.
func (s store) updateRestrictionLifted(ctx context.Context, id, by, reason string, at time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ?
		WHERE id = ? AND lifted_at IS NULL`, at, by, reason, id)
	if err != nil {
		return false, apperr.Wrap(err, "lift restriction")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "lift restriction")
}

const appealColumns = `id, account_id, restriction_id, contact, status, submitted_at, decided_at, decided_by`

func scanAppeal(sc interface{ Scan(...any) error }) (Appeal, string, error) {
	var a Appeal
	var restriction sql.NullString
	var decided sql.NullTime
	if err := sc.Scan(&a.ID, &a.AccountID, &restriction, &a.Contact, &a.Status, &a.SubmittedAt, &decided,
		&a.DecidedBy); err != nil {
		return Appeal{}, "", err
	}
	a.SubmittedAt = a.SubmittedAt.UTC()
	if decided.Valid {
		t := decided.Time.UTC()
		a.DecidedAt = &t
	}
	return a, restriction.String, nil
}

// createAppeal stores a new appeal.
func (s store) createAppeal(ctx context.Context, a Appeal, restrictionID string) error {
	var rid any
	if restrictionID != "" {
		rid = restrictionID
	}
	_, err := s.db.Exec(ctx, `INSERT INTO appeals (id, account_id, restriction_id, contact, status, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.ID, a.AccountID, rid, a.Contact, a.Status, a.SubmittedAt)
	return apperr.WrapIf(err, "create appeal")
}

// findAppeal returns one appeal (without its messages) and the id of the
// restriction it is against.
func (s store) findAppeal(ctx context.Context, id string) (Appeal, string, error) {
	a, rid, err := scanAppeal(s.db.QueryRow(ctx, `SELECT `+appealColumns+` FROM appeals WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Appeal{}, "", apperr.New(apperr.NotFound, "%s not found.", i18n.T("Appeal"))
	}
	return a, rid, apperr.WrapIf(err, "find appeal")
}

// appealRow is an appeal as listed, with its restriction's id.
type appealRow struct {
	Appeal
	restrictionID string
}

// findAppeals lists appeals in the order given, one page at a time.
func (s store) findAppeals(ctx context.Context, w db.Where, order string, limit int) ([]appealRow, error) {
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT `+appealColumns+` FROM appeals WHERE `+w.SQL()+` ORDER BY `+order+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find appeals")
	}
	defer rows.Close()
	var out []appealRow
	for rows.Next() {
		a, rid, err := scanAppeal(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan appeal")
		}
		out = append(out, appealRow{Appeal: a, restrictionID: rid})
	}
	return out, apperr.WrapIf(rows.Err(), "find appeals")
}

// findPendingAppealFor reports whether a restriction has an appeal waiting.
func (s store) findPendingAppealFor(ctx context.Context, restrictionID string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM appeals WHERE restriction_id = ? AND status = ?`,
		restrictionID, StatusSubmitted).Scan(&n)
	return n > 0, apperr.WrapIf(err, "find pending appeal")
}

// findLatestAppeals returns the latest appeal of each restriction given.
func (s store) findLatestAppeals(ctx context.Context, restrictionIDs []string) (map[string]AppealRef, error) {
	out := map[string]AppealRef{}
	if len(restrictionIDs) == 0 {
		return out, nil
	}
	in, args := db.InList(restrictionIDs)
	rows, err := s.db.Query(ctx, `SELECT restriction_id, id, status FROM appeals WHERE restriction_id IN `+in+`
		ORDER BY submitted_at, id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find latest appeals")
	}
	defer rows.Close()
	for rows.Next() {
		var rid string
		var ref AppealRef
		if err := rows.Scan(&rid, &ref.ID, &ref.Status); err != nil {
			return nil, apperr.Wrap(err, "scan appeal")
		}
		out[rid] = ref
	}
	return out, apperr.WrapIf(rows.Err(), "find latest appeals")
}

// updateAppealDecided records a decision on a submitted appeal; false when
// it was decided already.
func (s store) updateAppealDecided(ctx context.Context, id, status, by string, at time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE appeals SET status = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = ?`,
		status, at, by, id, StatusSubmitted)
	if err != nil {
		return false, apperr.Wrap(err, "decide appeal")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "decide appeal")
}

// createMessage adds a message to an appeal's exchange.
func (s store) createMessage(ctx context.Context, appealID string, m Message) error {
	shots, err := json.Marshal(append([]string{}, m.Screenshots...))
	if err != nil {
		return apperr.Wrap(err, "encode screenshots")
	}
	_, err = s.db.Exec(ctx, `INSERT INTO appeal_messages (id, appeal_id, author_id, side, body, screenshots, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, m.ID, appealID, m.authorID, m.Side, m.Body, string(shots), m.CreatedAt)
	return apperr.WrapIf(err, "add appeal message")
}

// findMessages returns an appeal's exchange, oldest first.
func (s store) findMessages(ctx context.Context, appealID string) ([]Message, error) {
	rows, err := s.db.Query(ctx, `SELECT id, author_id, side, body, screenshots, created_at FROM appeal_messages
		WHERE appeal_id = ? ORDER BY created_at, id`, appealID)
	if err != nil {
		return nil, apperr.Wrap(err, "find appeal messages")
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var shots string
		if err := rows.Scan(&m.ID, &m.authorID, &m.Side, &m.Body, &shots, &m.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan appeal message")
		}
		if err := json.Unmarshal([]byte(shots), &m.Screenshots); err != nil {
			return nil, apperr.Wrap(err, "decode screenshots")
		}
		m.CreatedAt = m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, apperr.WrapIf(rows.Err(), "find appeal messages")
}

// findActiveRestrictions returns the operator restrictions in force on an
// account (automatic blocks hold at log-in only, from where they name).
func (s store) findActiveRestrictions(ctx context.Context, accountID string) ([]Restriction, error) {
	var w db.Where
	w.Add("account_id = ?", accountID)
	w.Add("source = ?", SourceOperator)
	w.Add("lifted_at IS NULL")
	rs, err := s.findRestrictions(ctx, w, len(authz.RestrictionKinds))
	if len(rs) > len(authz.RestrictionKinds) {
		rs = rs[:len(authz.RestrictionKinds)]
	}
	return rs, err
}

// findActiveLock returns the id of the account's automatic restriction in
// force for the lock lockRef names ("" when there is none).
func (s store) findActiveLock(ctx context.Context, accountID, lockRef string) (string, error) {
	var id string
	err := s.db.QueryRow(ctx, `SELECT id FROM restrictions WHERE account_id = ? AND lock_ref = ? AND source = ?
		AND lifted_at IS NULL AND expires_at > ?`, accountID, lockRef, SourceAutomatic, s.clock.Now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, apperr.WrapIf(err, "find automatic restriction")
}

// updateRestrictionExpired makes an automatic restriction still in force
// expire at at; false when it was no longer in force.
func (s store) updateRestrictionExpired(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE restrictions SET expires_at = ?
		WHERE id = ? AND lifted_at IS NULL AND expires_at > ?`, at, id, at)
	if err != nil {
		return false, apperr.Wrap(err, "end automatic restriction")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "end automatic restriction")
}
