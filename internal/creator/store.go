package creator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store holds the SQL of creator accounts, real-name data,
// certification, capabilities and the rule tables.
type store struct {
	db *db.DB
}

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

func jsonList(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func parseList(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// notFound turns sql.ErrNoRows into a NotFound error about what.
func notFound(err error, what i18n.Text) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "%s not found.", what)
	}
	return apperr.Wrap(err, "find "+what.String())
}

func (s store) exec(ctx context.Context, what, q string, args ...any) error {
	if _, err := s.db.Exec(ctx, q, args...); err != nil {
		return apperr.Wrap(err, what)
	}
	return nil
}

func (s store) upsertPayout(ctx context.Context, userID string, p PayoutAccount) error {
	return s.exec(ctx, "save payout account", `INSERT INTO payout_accounts
		(user_id, provider, account_id, holder_name, holder_type, verified_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET provider = excluded.provider, account_id = excluded.account_id,
		holder_name = excluded.holder_name, holder_type = excluded.holder_type, verified_at = excluded.verified_at,
		updated_at = excluded.updated_at`,
		userID, p.Provider, p.AccountID, p.HolderName, p.HolderType, p.VerifiedAt, p.VerifiedAt)
}

func (s store) findPayout(ctx context.Context, userID string) (PayoutAccount, error) {
	var p PayoutAccount
	err := s.db.QueryRow(ctx, `SELECT provider, account_id, holder_name, holder_type, verified_at
		FROM payout_accounts WHERE user_id = ?`, userID).Scan(&p.Provider, &p.AccountID, &p.HolderName, &p.HolderType, &p.VerifiedAt)
	if err != nil {
		return PayoutAccount{}, notFound(err, i18n.T("Payout account"))
	}
	p.VerifiedAt = p.VerifiedAt.UTC()
	return p, nil
}

// upsertRealName records the user's real-name data; a number that already
// verified another login is refused (SPEC §2.1), pointing to account recovery.
func (s store) upsertRealName(ctx context.Context, userID string, r RealName) error {
	var other string
	err := s.db.QueryRow(ctx, `SELECT user_id FROM real_names WHERE kind = ? AND id_number = ? AND user_id <> ?`,
		r.Kind, r.number, userID).Scan(&other)
	if err == nil {
		return errNumberTaken(r.Kind)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return apperr.Wrap(err, "find real name")
	}
	err = s.exec(ctx, "save real name", `INSERT INTO real_names
		(user_id, kind, name, id_number, birth_date, verified_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, id_number = excluded.id_number,
		birth_date = excluded.birth_date, verified_at = excluded.verified_at, updated_at = excluded.updated_at`,
		userID, r.Kind, r.Name, r.number, r.BirthDate, r.VerifiedAt, r.VerifiedAt)
	if _, dup := db.IsUniqueViolation(errors.Unwrap(err)); dup {
		return errNumberTaken(r.Kind)
	}
	return err
}

// errNumberTaken refuses a real-name number of kind (person or enterprise)
// that verifies another login, naming account recovery as the way back.
func errNumberTaken(kind string) error {
	field := "id_number"
	if kind == RealNameEnterprise {
		field = "licence_number"
	}
	e := apperr.New(apperr.Conflict, "This number already verifies another login: recover that account instead of verifying a second one.").
		With("link", RecoveryLink)
	e.Fields = map[string]i18n.Text{field: i18n.T("already verifies another login; use account recovery")}
	return e
}

func (s store) findRealName(ctx context.Context, userID string, now time.Time) (RealName, error) {
	r := RealName{Verified: true}
	err := s.db.QueryRow(ctx, `SELECT kind, name, id_number, birth_date, verified_at FROM real_names WHERE user_id = ?`,
		userID).Scan(&r.Kind, &r.Name, &r.number, &r.BirthDate, &r.VerifiedAt)
	if err != nil {
		return RealName{}, notFound(err, i18n.T("Real-name record"))
	}
	r.VerifiedAt, r.Number = r.VerifiedAt.UTC(), account.MaskID(r.number)
	if birth, err := time.Parse(time.DateOnly, r.BirthDate); err == nil {
		r.Age = account.AgeOn(birth, now)
	}
	return r, nil
}

func (s store) insertShop(ctx context.Context, sh Shop) error {
	return s.exec(ctx, "insert shop", `INSERT INTO shops (id, user_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)`,
		sh.ID, sh.UserID, sh.Name, sh.Kind, sh.CreatedAt)
}

func (s store) findShops(ctx context.Context, userID string) ([]Shop, error) {
	rows, err := s.db.Query(ctx, `SELECT id, user_id, name, kind, created_at FROM shops WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find shops")
	}
	defer rows.Close()
	var out []Shop
	for rows.Next() {
		var sh Shop
		if err := rows.Scan(&sh.ID, &sh.UserID, &sh.Name, &sh.Kind, &sh.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan shop")
		}
		sh.CreatedAt = sh.CreatedAt.UTC()
		out = append(out, sh)
	}
	return out, rows.Err()
}

const brandColumns = `id, user_id, brand_name, document_ids, status, reason, submitted_at, decided_at`

func scanBrand(r rowScanner) (BrandEntry, error) {
	var b BrandEntry
	var docs string
	var decided sql.NullTime
	if err := r.Scan(&b.ID, &b.UserID, &b.BrandName, &docs, &b.Status, &b.Reason, &b.SubmittedAt, &decided); err != nil {
		return BrandEntry{}, err
	}
	b.Documents, b.DecidedAt, b.SubmittedAt = parseList(docs), timePtr(decided), b.SubmittedAt.UTC()
	return b, nil
}

func (s store) insertBrandEntry(ctx context.Context, b BrandEntry) error {
	return s.exec(ctx, "insert brand entry", `INSERT INTO brand_entries (id, user_id, brand_name, document_ids, status, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?)`, b.ID, b.UserID, b.BrandName, jsonList(b.Documents), b.Status, b.SubmittedAt)
}

func (s store) findBrandEntry(ctx context.Context, id string) (BrandEntry, error) {
	b, err := scanBrand(s.db.QueryRow(ctx, `SELECT `+brandColumns+` FROM brand_entries WHERE id = ?`, id))
	if err != nil {
		return BrandEntry{}, notFound(err, i18n.T("Brand entry"))
	}
	return b, nil
}

func (s store) hasApprovedBrand(ctx context.Context, userID string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM brand_entries WHERE user_id = ? AND status = ?`, userID, StatusApproved).Scan(&n)
	if err != nil {
		return false, apperr.Wrap(err, "count brand entries")
	}
	return n > 0, nil
}

const accountColumns = `id, user_id, type, subject_type, name, name_locked, avatar_media_id, bio, shop_id, name_changed_at, created_at`

func scanAccount(r rowScanner) (CreatorAccount, error) {
	var c CreatorAccount
	err := r.Scan(&c.ID, &c.UserID, &c.Type, &c.SubjectType, &c.Name, &c.NameLocked, &c.Avatar, &c.Bio, &c.ShopID,
		&c.NameChangedAt, &c.CreatedAt)
	if err != nil {
		return CreatorAccount{}, err
	}
	c.NameChangedAt, c.CreatedAt, c.Pending = c.NameChangedAt.UTC(), c.CreatedAt.UTC(), []ProfileChange{}
	if c.Avatar != "" {
		c.AvatarURL = "/media/" + c.Avatar
	}
	return c, nil
}

// nameTaken answers the refusal for a name another account holds.
func nameTaken(err error) error {
	if which, ok := db.IsUniqueViolation(err); ok {
		if strings.Contains(which, "name_key") {
			return apperr.Field("name", "is already taken by another account")
		}
		return apperr.Field("type", "an individual subject may open one creator account")
	}
	return apperr.Wrap(err, "save creator account")
}

func (s store) insertCreatorAccount(ctx context.Context, c CreatorAccount) error {
	_, err := s.db.Exec(ctx, `INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key, name_locked,
		avatar_media_id, bio, shop_id, name_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.UserID, c.Type, c.SubjectType, c.Name, account.NicknameKey(c.Name), c.NameLocked, c.Avatar, c.Bio, c.ShopID,
		c.NameChangedAt, c.CreatedAt, c.CreatedAt)
	if err != nil {
		return nameTaken(err)
	}
	return nil
}

func (s store) updateCreatorAccount(ctx context.Context, c CreatorAccount, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE creator_accounts SET name = ?, name_key = ?, avatar_media_id = ?, bio = ?,
		name_changed_at = ?, updated_at = ? WHERE id = ?`,
		c.Name, account.NicknameKey(c.Name), c.Avatar, c.Bio, c.NameChangedAt, now, c.ID)
	if err != nil {
		return nameTaken(err)
	}
	return nil
}

func (s store) findCreatorAccount(ctx context.Context, id string) (CreatorAccount, error) {
	c, err := scanAccount(s.db.QueryRow(ctx, `SELECT `+accountColumns+` FROM creator_accounts WHERE id = ?`, id))
	if err != nil {
		return CreatorAccount{}, notFound(err, i18n.T("Creator account"))
	}
	c.Pending, err = s.findPendingChanges(ctx, c.ID)
	return c, err
}

func (s store) findCreatorAccounts(ctx context.Context, userID string) ([]CreatorAccount, error) {
	return s.queryAccounts(ctx, `WHERE user_id = ?`, userID)
}

// queryAccounts reads the creator accounts where says, oldest first
// (without pending changes).
func (s store) queryAccounts(ctx context.Context, where string, args ...any) ([]CreatorAccount, error) {
	return s.queryAccountsOrdered(ctx, where+` ORDER BY created_at, id`, args...)
}

// queryAccountsOrdered reads the creator accounts tail (conditions, order
// and limit) selects.
func (s store) queryAccountsOrdered(ctx context.Context, tail string, args ...any) ([]CreatorAccount, error) {
	rows, err := s.db.Query(ctx, `SELECT `+accountColumns+` FROM creator_accounts `+tail, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find creator accounts")
	}
	defer rows.Close()
	var out []CreatorAccount
	for rows.Next() {
		c, err := scanAccount(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan creator account")
		}
		out = append(out, c)
	}
	return out, apperr.WrapIf(rows.Err(), "find creator accounts")
}

func (s store) insertProfileChange(ctx context.Context, accountID string, ch ProfileChange, now time.Time) error {
	return s.exec(ctx, "insert profile change", `INSERT INTO profile_changes (id, creator_account_id, field, value, effective_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ch.ID, accountID, ch.Field, ch.Value, ch.EffectiveAt, now)
}

func (s store) findPendingChanges(ctx context.Context, accountID string) ([]ProfileChange, error) {
	rows, err := s.db.Query(ctx, `SELECT id, field, value, effective_at FROM profile_changes
		WHERE creator_account_id = ? AND applied_at IS NULL ORDER BY effective_at, id`, accountID)
	if err != nil {
		return nil, apperr.Wrap(err, "find profile changes")
	}
	defer rows.Close()
	out := []ProfileChange{}
	for rows.Next() {
		var ch ProfileChange
		if err := rows.Scan(&ch.ID, &ch.Field, &ch.Value, &ch.EffectiveAt); err != nil {
			return nil, apperr.Wrap(err, "scan profile change")
		}
		ch.EffectiveAt = ch.EffectiveAt.UTC()
		out = append(out, ch)
	}
	return out, rows.Err()
}

// findProfileChange returns a pending change and its account id; done
// reports that it was already applied or refused.
func (s store) findProfileChange(ctx context.Context, id string) (ch ProfileChange, accountID string, done bool, err error) {
	var applied sql.NullTime
	err = s.db.QueryRow(ctx, `SELECT id, creator_account_id, field, value, effective_at, applied_at FROM profile_changes WHERE id = ?`+s.db.ForUpdate(),
		id).Scan(&ch.ID, &accountID, &ch.Field, &ch.Value, &ch.EffectiveAt, &applied)
	if err != nil {
		return ProfileChange{}, "", false, notFound(err, i18n.T("Profile change"))
	}
	return ch, accountID, applied.Valid, nil
}

func (s store) finishProfileChange(ctx context.Context, id, outcome string, now time.Time) error {
	return s.exec(ctx, "finish profile change", `UPDATE profile_changes SET applied_at = ?, outcome = ? WHERE id = ?`, now, outcome, id)
}

// findRoles lists a code table: certification_roles or domain_focuses.
func (s store) findRoles(ctx context.Context, table string) ([]Role, error) {
	rows, err := s.db.Query(ctx, `SELECT code, name, name_zh FROM `+table+` ORDER BY position`)
	if err != nil {
		return nil, apperr.Wrap(err, "find "+table)
	}
	defer rows.Close()
	var out []Role
	for rows.Next() {
		var r Role
		if err := rows.Scan(&r.Code, &r.Name, &r.NameZh); err != nil {
			return nil, apperr.Wrap(err, "scan "+table)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const certColumns = `id, user_id, creator_account_id, kind, name, id_number, document_ids, roles, domain_focus, status,
	reason, submitted_at, decided_at, expires_at, created_at`

func scanCert(r rowScanner) (Certification, error) {
	var c Certification
	var docs, roles string
	var submitted, decided, expires sql.NullTime
	err := r.Scan(&c.ID, &c.UserID, &c.CreatorAccountID, &c.Kind, &c.Name, &c.Number, &docs, &roles, &c.DomainFocus,
		&c.Status, &c.Reason, &submitted, &decided, &expires, &c.CreatedAt)
	if err != nil {
		return Certification{}, err
	}
	c.Documents, c.Roles, c.Number = parseList(docs), parseList(roles), account.MaskID(c.Number)
	c.SubmittedAt, c.DecidedAt, c.ExpiresAt, c.CreatedAt = timePtr(submitted), timePtr(decided), timePtr(expires), c.CreatedAt.UTC()
	return c, nil
}

func (s store) insertCertification(ctx context.Context, c Certification, number string) error {
	return s.exec(ctx, "insert certification", `INSERT INTO certifications (id, user_id, creator_account_id, kind, name,
		id_number, document_ids, roles, domain_focus, status, submitted_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.UserID, c.CreatorAccountID, c.Kind, c.Name, number, jsonList(c.Documents), jsonList(c.Roles),
		c.DomainFocus, c.Status, c.SubmittedAt, c.CreatedAt, c.CreatedAt)
}

func (s store) findCertification(ctx context.Context, id string) (Certification, error) {
	c, err := scanCert(s.db.QueryRow(ctx, `SELECT `+certColumns+` FROM certifications WHERE id = ?`, id))
	if err != nil {
		return Certification{}, notFound(err, i18n.T("Certification"))
	}
	return c, nil
}

func (s store) findCertifications(ctx context.Context, userID string) ([]Certification, error) {
	rows, err := s.db.Query(ctx, `SELECT `+certColumns+` FROM certifications WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find certifications")
	}
	defer rows.Close()
	var out []Certification
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan certification")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// countOpenCertifications counts the account's certifications that are
// submitted or approved (a new application must wait for those).
func (s store) countOpenCertifications(ctx context.Context, accountID string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM certifications WHERE creator_account_id = ? AND status IN (?, ?)`,
		accountID, StatusSubmitted, StatusApproved).Scan(&n)
	if err != nil {
		return 0, apperr.Wrap(err, "count certifications")
	}
	return n, nil
}

// decide moves a submitted application of table to status; it answers
// Conflict when the application is no longer submitted.
func (s store) decide(ctx context.Context, table, id, status, reason, by string, now time.Time) error {
	res, err := s.db.Exec(ctx, `UPDATE `+table+` SET status = ?, reason = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = ?`,
		status, reason, now, by, id, StatusSubmitted)
	if err != nil {
		return apperr.Wrap(err, "decide "+table)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "This application has already been decided.")
	}
	return nil
}

const capColumns = `id, user_id, capability, material, document_ids, status, reason, submitted_at, decided_at`

func scanCapApp(r rowScanner) (CapabilityApplication, error) {
	var c CapabilityApplication
	var docs string
	var decided sql.NullTime
	if err := r.Scan(&c.ID, &c.UserID, &c.Capability, &c.Material, &docs, &c.Status, &c.Reason, &c.SubmittedAt, &decided); err != nil {
		return CapabilityApplication{}, err
	}
	c.Documents, c.DecidedAt, c.SubmittedAt = parseList(docs), timePtr(decided), c.SubmittedAt.UTC()
	return c, nil
}

func (s store) insertCapabilityApplication(ctx context.Context, c CapabilityApplication) error {
	return s.exec(ctx, "insert capability application", `INSERT INTO capability_applications
		(id, user_id, capability, material, document_ids, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.UserID, c.Capability, c.Material, jsonList(c.Documents), c.Status, c.SubmittedAt)
}

func (s store) findCapabilityApplication(ctx context.Context, id string) (CapabilityApplication, error) {
	c, err := scanCapApp(s.db.QueryRow(ctx, `SELECT `+capColumns+` FROM capability_applications WHERE id = ?`, id))
	if err != nil {
		return CapabilityApplication{}, notFound(err, i18n.T("Capability application"))
	}
	return c, nil
}

// latestCapabilityApplications returns the newest application per capability.
func (s store) latestCapabilityApplications(ctx context.Context, userID string) (map[string]CapabilityApplication, error) {
	rows, err := s.db.Query(ctx, `SELECT `+capColumns+` FROM capability_applications WHERE user_id = ? ORDER BY submitted_at, id`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find capability applications")
	}
	defer rows.Close()
	out := map[string]CapabilityApplication{}
	for rows.Next() {
		c, err := scanCapApp(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan capability application")
		}
		out[c.Capability] = c
	}
	return out, rows.Err()
}

func (s store) grantCapability(ctx context.Context, c CapabilityApplication, now time.Time) error {
	return s.exec(ctx, "grant capability", `INSERT INTO capability_grants (user_id, capability, application_id, granted_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (user_id, capability) DO NOTHING`, c.UserID, c.Capability, c.ID, now)
}

// entitlements returns the granted capabilities of userID and whether it
// holds an approved, unexpired certification, in one query.
func (s store) entitlements(ctx context.Context, userID string, now time.Time) (map[string]bool, bool, error) {
	rows, err := s.db.Query(ctx, `SELECT 'capability', capability FROM capability_grants WHERE user_id = ?
		UNION ALL SELECT 'certification', id FROM certifications WHERE user_id = ? AND status = ? AND expires_at > ?`,
		userID, userID, StatusApproved, now)
	if err != nil {
		return nil, false, apperr.Wrap(err, "find entitlements")
	}
	defer rows.Close()
	caps := map[string]bool{}
	certified := false
	for rows.Next() {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return nil, false, apperr.Wrap(err, "scan entitlement")
		}
		if kind == "capability" {
			caps[value] = true
		} else {
			certified = true
		}
	}
	return caps, certified, rows.Err()
}

// submissions is every application operators review, as one list.
const submissions = `SELECT kind, id, user_id, status, submitted_at FROM (
	SELECT 'certification' AS kind, id, user_id, status, submitted_at FROM certifications WHERE status <> 'draft'
	UNION ALL SELECT 'capability', id, user_id, status, submitted_at FROM capability_applications
	UNION ALL SELECT 'brand_entry', id, user_id, status, submitted_at FROM brand_entries
) q`

func (s store) findSubmissions(ctx context.Context, f SubmissionFilter) ([]Submission, string, error) {
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	if f.Kind != "" {
		w.Add("q.kind = ?", f.Kind)
	}
	switch f.Status {
	case "decided":
		w.Add("q.status <> ?", StatusSubmitted)
	case "all":
	default:
		w.Add("q.status = ?", StatusSubmitted)
	}
	if !after.IsZero() {
		w.Keyset("q.submitted_at, q.id", ">", after.Time, after.ID)
	}
	q := submissions + ` WHERE ` + w.SQL() + ` ORDER BY q.submitted_at, q.id LIMIT ?`
	args := append(w.Args(), limit+1)
	items, err := s.scanSubmissions(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		next = db.Cursor(last.SubmittedAt, last.ID)
	}
	return items, next, nil
}

func (s store) findSubmission(ctx context.Context, id string) (Submission, error) {
	items, err := s.scanSubmissions(ctx, submissions+` WHERE q.id = ?`, id)
	if err != nil {
		return Submission{}, err
	}
	if len(items) == 0 {
		return Submission{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Review item"))
	}
	return items[0], nil
}

func (s store) scanSubmissions(ctx context.Context, q string, args ...any) ([]Submission, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find review items")
	}
	var items []Submission
	for rows.Next() {
		var it Submission
		if err := rows.Scan(&it.Kind, &it.ID, &it.UserID, &it.Status, &it.SubmittedAt); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan review item")
		}
		it.SubmittedAt = it.SubmittedAt.UTC()
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "find review items")
	}
	for i := range items {
		if err := s.loadMaterial(ctx, &items[i]); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// loadMaterial attaches the application behind a submission.
func (s store) loadMaterial(ctx context.Context, it *Submission) error {
	switch it.Kind {
	case ReviewCertification:
		c, err := s.findCertification(ctx, it.ID)
		it.Certification = &c
		return err
	case ReviewCapability:
		c, err := s.findCapabilityApplication(ctx, it.ID)
		it.Capability = &c
		return err
	default:
		b, err := s.findBrandEntry(ctx, it.ID)
		it.BrandEntry = &b
		return err
	}
}

// nameInUse reports whether another creator account than exceptID holds a
// name that folds to the same key.
func (s store) nameInUse(ctx context.Context, name, exceptID string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM creator_accounts WHERE name_key = ? AND id <> ?`, account.NicknameKey(name), exceptID).Scan(&n)
	if err != nil {
		return false, apperr.Wrap(err, "check name")
	}
	return n > 0, nil
}

func (s store) submitDraft(ctx context.Context, id string, now time.Time) error {
	res, err := s.db.Exec(ctx, `UPDATE certifications SET status = ?, submitted_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
		StatusSubmitted, now, now, id, StatusDraft)
	if err != nil {
		return apperr.Wrap(err, "submit certification")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "Only a draft can be submitted.")
	}
	return nil
}

func (s store) setCertificationExpiry(ctx context.Context, id string, expires, now time.Time) error {
	return s.exec(ctx, "set certification expiry", `UPDATE certifications SET expires_at = ?, updated_at = ? WHERE id = ?`, expires, now, id)
}

// expireCertification marks an approved certification expired once its
// time has come and reports whether it did.
func (s store) expireCertification(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE certifications SET status = ?, updated_at = ? WHERE id = ? AND status = ? AND expires_at <= ?`,
		StatusExpired, now, id, StatusApproved, now)
	if err != nil {
		return false, apperr.Wrap(err, "expire certification")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// certificationSubject returns who a certification is for and the full
// number it was made with (findCertification masks it).
func (s store) certificationSubject(ctx context.Context, id string) (userID, number string, err error) {
	err = s.db.QueryRow(ctx, `SELECT user_id, id_number FROM certifications WHERE id = ?`, id).Scan(&userID, &number)
	if err != nil {
		return "", "", apperr.Wrap(err, "find certification subject")
	}
	return userID, number, nil
}

// findAccountsByIDs returns the creator accounts among ids, by id.
func (s store) findAccountsByIDs(ctx context.Context, ids []string) (map[string]CreatorAccount, error) {
	out := make(map[string]CreatorAccount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.InList(ids)
	accts, err := s.queryAccounts(ctx, `WHERE id IN `+in, args...)
	for _, c := range accts {
		out[c.ID] = c
	}
	return out, err
}

// findAccountIDs lists the ids of userID's creator accounts, oldest first.
func (s store) findAccountIDs(ctx context.Context, userID string) ([]string, error) {
	return s.queryIDs(ctx, "find creator account ids",
		`SELECT id FROM creator_accounts WHERE user_id = ? ORDER BY created_at, id`, userID)
}

// queryIDs runs a query of one text column and returns its values in
// order; what names the query in errors.
func (s store) queryIDs(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, what)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, what)
		}
		out = append(out, id)
	}
	return out, apperr.WrapIf(rows.Err(), what)
}

// findFirstCreatorAccounts returns the oldest creator account of each of
// userIDs that has one, by user id (without pending changes).
func (s store) findFirstCreatorAccounts(ctx context.Context, userIDs []string) (map[string]CreatorAccount, error) {
	out := make(map[string]CreatorAccount, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	in, args := db.InList(userIDs)
	accts, err := s.queryAccounts(ctx, `WHERE user_id IN `+in, args...)
	for _, c := range accts {
		if _, seen := out[c.UserID]; !seen {
			out[c.UserID] = c
		}
	}
	return out, err
}

// findCreatorIdentities pages through the identities holding a creator
// account, in id order.
func (s store) findCreatorIdentities(ctx context.Context, after, upTo string, limit int) ([]string, error) {
	var w db.Where
	w.Add("user_id > ?", after)
	if upTo != "" {
		w.Add("user_id <= ?", upTo)
	}
	lim, largs := s.db.Limit(limit)
	return s.queryIDs(ctx, "find creator identities",
		`SELECT DISTINCT user_id FROM creator_accounts WHERE `+w.SQL()+` ORDER BY user_id`+lim, append(w.Args(), largs...)...)
}

// findDomainFocusesOf returns the domain focus of users' approved
// certifications (the latest decided one when there are several).
func (s store) findDomainFocusesOf(ctx context.Context, users []string) (map[string]Role, error) {
	in, args := db.InList(users)
	rows, err := s.db.Query(ctx, `SELECT c.user_id, f.code, f.name, f.name_zh FROM certifications c
		JOIN domain_focuses f ON f.code = c.domain_focus
		WHERE c.status = ? AND c.user_id IN `+in+` ORDER BY c.user_id, c.decided_at`, append([]any{StatusApproved}, args...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find domain focuses")
	}
	defer rows.Close()
	out := map[string]Role{}
	for rows.Next() {
		var user string
		var r Role
		if err := rows.Scan(&user, &r.Code, &r.Name, &r.NameZh); err != nil {
			return nil, apperr.Wrap(err, "scan domain focus")
		}
		out[user] = r
	}
	return out, apperr.WrapIf(rows.Err(), "find domain focuses")
}

// findAccountsByName lists the creator accounts whose name key holds key,
// the newest first, after after when set.
func (s store) findAccountsByName(ctx context.Context, key string, after db.Keyset, limit int) ([]CreatorAccount, error) {
	var w db.Where
	w.Add(`name_key LIKE ? ESCAPE '\'`, db.LikeContaining(key))
	if !after.IsZero() {
		w.Keyset("created_at, id", "<", after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit)
	return s.queryAccountsOrdered(ctx, `WHERE `+w.SQL()+` ORDER BY created_at DESC, id DESC`+lim, append(w.Args(), largs...)...)
}
