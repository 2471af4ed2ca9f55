package content

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/moderation"
)

// store holds the SQL of contents and their versions.
type store struct{ db *db.DB }

const contentColumns = `id, owner_id, creator_account_id, author_id, type, title, body, fields, category, status, version, findings, reject_reason,
	publish_at, submitted_at, published_version, published_at, featured, pinned,
	(SELECT COUNT(*) FROM content_pushes p WHERE p.content_id = contents.id AND p.withdrawn_at IS NULL),
	deleted_at, created_at, updated_at`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanContent(row scanner) (Content, error) {
	var c Content
	var fields, findings string
	var publishAt, submittedAt, publishedAt, deletedAt sql.NullTime
	err := row.Scan(&c.ID, &c.Owner, &c.CreatorAccount, &c.Author, &c.Type, &c.Title, &c.Body, &fields, &c.Category, &c.Status, &c.Version, &findings,
		&c.RejectReason, &publishAt, &submittedAt, &c.PublishedVersion, &publishedAt, &c.Featured, &c.Pinned,
		&c.ActivePushes, &deletedAt, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return Content{}, err
	}
	var x extra
	if err := json.Unmarshal([]byte(fields), &x); err != nil {
		return Content{}, err
	}
	c.Media, c.Cover, c.Products = x.Media, x.Cover, x.Products
	if err := json.Unmarshal([]byte(findings), &c.Findings); err != nil {
		return Content{}, err
	}
	c.PublishAt, c.SubmittedAt, c.PublishedAt = timePtr(publishAt), timePtr(submittedAt), timePtr(publishedAt)
	c.DeletedAt = timePtr(deletedAt)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.Fields = c.Fields.normalise()
	if c.Findings == nil {
		c.Findings = []moderation.Finding{}
	}
	return c, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func encodeExtra(f Fields) string {
	raw, _ := json.Marshal(extra{Media: f.Media, Cover: f.Cover, Products: f.Products})
	return string(raw)
}

// findContent returns the content with id unless it was deleted; lock
// holds its row until the transaction ends.
func (s store) findContent(ctx context.Context, id string, lock bool) (Content, error) {
	return s.find(ctx, `SELECT `+contentColumns+` FROM contents WHERE id = ? AND deleted_at IS NULL`, id, lock)
}

// findDeleted returns the deleted content with id, its row locked.
func (s store) findDeleted(ctx context.Context, id string) (Content, error) {
	return s.find(ctx, `SELECT `+contentColumns+` FROM contents WHERE id = ? AND deleted_at IS NOT NULL`, id, true)
}

func (s store) find(ctx context.Context, q, id string, lock bool) (Content, error) {
	query := s.db.QueryRow
	if lock {
		q, query = q+s.db.ForUpdate(), s.db.QueryRowWrite
	}
	c, err := scanContent(query(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Content{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
	}
	if err != nil {
		return Content{}, apperr.Wrap(err, "find content")
	}
	return c, nil
}

func (s store) insertContent(ctx context.Context, c Content) error {
	_, err := s.db.Exec(ctx, `INSERT INTO contents (id, owner_id, creator_account_id, author_id, type, title, body, fields,
		category, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Owner, c.CreatorAccount, c.Author, c.Type, c.Title, c.Body,
		encodeExtra(c.Fields), c.Category, c.Status, c.Version, c.CreatedAt, c.UpdatedAt)
	return apperr.WrapIf(err, "insert content")
}

// saveHead writes the content's current draft and status.
func (s store) saveHead(ctx context.Context, c Content) error {
	findings, _ := json.Marshal(c.Findings)
	_, err := s.db.Exec(ctx, `UPDATE contents SET title = ?, body = ?, fields = ?, category = ?, status = ?, version = ?,
		findings = ?, reject_reason = ?, publish_at = ?, submitted_at = ?, updated_at = ? WHERE id = ?`,
		c.Title, c.Body, encodeExtra(c.Fields), c.Category, c.Status, c.Version, string(findings), c.RejectReason,
		c.PublishAt, c.SubmittedAt, c.UpdatedAt, c.ID)
	return apperr.WrapIf(err, "save content")
}

// publish copies the current draft into the published snapshot.
func (s store) publish(ctx context.Context, c Content) error {
	_, err := s.db.Exec(ctx, `UPDATE contents SET status = ?, published_version = version, published_title = title,
		published_body = body, published_fields = fields, published_at = ?, updated_at = ? WHERE id = ?`,
		StatusPublished, c.PublishedAt, c.UpdatedAt, c.ID)
	return apperr.WrapIf(err, "publish content")
}

// nextVersion is the number the next saved version of id takes.
func (s store) nextVersion(ctx context.Context, id string) (int, error) {
	var n int
	err := s.db.QueryRowWrite(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM content_versions WHERE content_id = ?`, id).Scan(&n)
	return n, apperr.WrapIf(err, "number content version")
}

func (s store) insertVersion(ctx context.Context, id string, v Version) error {
	_, err := s.db.Exec(ctx, `INSERT INTO content_versions (content_id, version, title, body, fields, category, conflict,
		saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, v.Version, v.Title, v.Body, encodeExtra(v.Fields),
		v.Category, v.Conflict, v.SavedBy, v.SavedAt)
	return apperr.WrapIf(err, "insert content version")
}

const versionColumns = `version, title, body, fields, category, conflict, saved_by, saved_at`

func scanVersion(row scanner) (Version, error) {
	var v Version
	var fields string
	if err := row.Scan(&v.Version, &v.Title, &v.Body, &fields, &v.Category, &v.Conflict, &v.SavedBy, &v.SavedAt); err != nil {
		return Version{}, err
	}
	var x extra
	if err := json.Unmarshal([]byte(fields), &x); err != nil {
		return Version{}, err
	}
	v.Media, v.Cover, v.Products = x.Media, x.Cover, x.Products
	v.Fields, v.SavedAt = v.Fields.normalise(), v.SavedAt.UTC()
	return v, nil
}

func (s store) findVersions(ctx context.Context, id string) ([]Version, error) {
	rows, err := s.db.Query(ctx, `SELECT `+versionColumns+` FROM content_versions WHERE content_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "find content versions")
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan content version")
		}
		out = append(out, v)
	}
	return out, apperr.WrapIf(rows.Err(), "find content versions")
}

func (s store) findVersion(ctx context.Context, id string, version int) (Version, error) {
	v, err := scanVersion(s.db.QueryRow(ctx, `SELECT `+versionColumns+` FROM content_versions
		WHERE content_id = ? AND version = ?`, id, version))
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Version"))
	}
	return v, apperr.WrapIf(err, "find content version")
}

// findContents lists a page of the management list: the live contents f
// selects (owner's own unless f.All), newest change first, after the keyset.
func (s store) findContents(ctx context.Context, f Filter, owner listOwner, after db.Keyset, limit int) ([]Content, error) {
	var w db.Where
	w.Add("deleted_at IS NULL")
	if !f.All {
		owner.where(&w)
	}
	for _, c := range []struct{ column, value string }{{"type", f.Type}, {"status", f.Status}, {"category", f.Category}} {
		if c.value != "" {
			w.Add(c.column+" = ?", c.value)
		}
	}
	if f.From != nil {
		w.Add("created_at >= ?", *f.From)
	}
	if f.To != nil {
		w.Add("created_at < ?", *f.To)
	}
	if f.Q != "" {
		cond, args := s.db.ContainsText("contents", f.Q)
		w.Add(cond, args...)
	}
	if !after.IsZero() {
		w.Keyset("updated_at, id", "<", after.Time, after.ID)
	}
	return s.queryContents(ctx, `SELECT `+contentColumns+` FROM contents WHERE `+w.SQL()+`
		ORDER BY updated_at DESC, id DESC LIMIT ?`, append(w.Args(), limit)...)
}

// findTrash lists a page of the owner's contents deleted at or after since,
// most recently deleted first, after the keyset.
func (s store) findTrash(ctx context.Context, owner listOwner, since time.Time, after db.Keyset, limit int) ([]Content, error) {
	var w db.Where
	w.Add("deleted_at >= ?", since)
	owner.where(&w)
	if !after.IsZero() {
		w.Keyset("deleted_at, id", "<", after.Time, after.ID)
	}
	return s.queryContents(ctx, `SELECT `+contentColumns+` FROM contents WHERE `+w.SQL()+`
		ORDER BY deleted_at DESC, id DESC LIMIT ?`, append(w.Args(), limit)...)
}

// findReviewItems lists a page of the contents of the review queue by
// status (pending, decided or all), oldest submission first, after the keyset.
func (s store) findReviewItems(ctx context.Context, status string, after db.Keyset, limit int) ([]Content, error) {
	var w db.Where
	switch status {
	case "decided":
		w.Add("submitted_at IS NOT NULL AND status IN (?, ?, ?, ?)", StatusPublished, StatusScheduled, StatusRejected, StatusWithdrawn)
	case "all":
		w.Add("submitted_at IS NOT NULL AND status IN (?, ?, ?, ?, ?)", StatusInReview, StatusPublished, StatusScheduled,
			StatusRejected, StatusWithdrawn)
	default:
		w.Add("status = ?", StatusInReview)
	}
	w.Add("deleted_at IS NULL")
	if !after.IsZero() {
		w.Keyset("submitted_at, id", ">", after.Time, after.ID)
	}
	return s.queryContents(ctx, `SELECT `+contentColumns+` FROM contents WHERE `+w.SQL()+`
		ORDER BY submitted_at, id LIMIT ?`, append(w.Args(), limit)...)
}

// queryContents runs a query selecting contentColumns.
func (s store) queryContents(ctx context.Context, q string, args ...any) ([]Content, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find contents")
	}
	defer rows.Close()
	var out []Content
	for rows.Next() {
		c, err := scanContent(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan content")
		}
		out = append(out, c)
	}
	return out, apperr.WrapIf(rows.Err(), "find contents")
}

// counts groups the owner's live contents by column (type or category).
func (s store) counts(ctx context.Context, column string, owner listOwner) ([]Count, error) {
	var w db.Where
	owner.where(&w)
	w.Add("deleted_at IS NULL")
	w.Add(column + " <> ''")
	rows, err := s.db.Query(ctx, `SELECT `+column+`, COUNT(*) FROM contents WHERE `+w.SQL()+`
		GROUP BY `+column+` ORDER BY `+column, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "count contents")
	}
	defer rows.Close()
	out := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Name, &c.Count); err != nil {
			return nil, apperr.Wrap(err, "scan count")
		}
		out = append(out, c)
	}
	return out, apperr.WrapIf(rows.Err(), "count contents")
}

func (s store) setFlag(ctx context.Context, id, flag string, on bool, now time.Time) error {
	column := map[string]string{"featured": "featured", "pinned": "pinned"}[flag]
	_, err := s.db.Exec(ctx, `UPDATE contents SET `+column+` = ?, updated_at = ? WHERE id = ?`, on, now, id)
	return apperr.WrapIf(err, "mark content")
}

func (s store) setDeleted(ctx context.Context, id string, at time.Time) error {
	var v any
	if !at.IsZero() {
		v = at
	}
	_, err := s.db.Exec(ctx, `UPDATE contents SET deleted_at = ? WHERE id = ?`, v, id)
	return apperr.WrapIf(err, "delete content")
}

// lockPushes locks the account's row of content_push_locks until the
// transaction ends (creating it on the first push), so that pushes of one
// account's contents are counted one transaction after another: the upsert
// takes PostgreSQL's row lock, and SQLite has a single writer.
func (s store) lockPushes(ctx context.Context, owner string, now time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO content_push_locks (owner_id, locked_at) VALUES (?, ?)
		ON CONFLICT (owner_id) DO UPDATE SET locked_at = excluded.locked_at`, owner, now)
	return apperr.WrapIf(err, "lock pushes")
}

func (s store) countPushes(ctx context.Context, owner, target string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM content_pushes WHERE owner_id = ? AND target = ? AND pushed_at > ?`,
		owner, target, since).Scan(&n)
	return n, apperr.WrapIf(err, "count pushes")
}

// findFirstPush answers the content's earliest push (zero when none).
func (s store) findFirstPush(ctx context.Context, content string) (time.Time, error) {
	var t time.Time
	err := s.db.QueryRow(ctx, `SELECT pushed_at FROM content_pushes WHERE content_id = ? ORDER BY pushed_at LIMIT 1`, content).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return t.UTC(), apperr.WrapIf(err, "find first push")
}

func (s store) insertPush(ctx context.Context, id, content, owner, target string, now time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO content_pushes (id, content_id, owner_id, target, pushed_at) VALUES (?, ?, ?, ?, ?)`,
		id, content, owner, target, now)
	return apperr.WrapIf(err, "push content")
}

// withdrawPushes withdraws the content's standing pushes to targets (all
// when empty) and returns the ids of those to the follower feed and the
// subscription channel.
func (s store) withdrawPushes(ctx context.Context, content string, targets []string, now time.Time) ([]string, error) {
	var w db.Where
	w.Add("content_id = ?", content)
	w.Add("withdrawn_at IS NULL")
	if len(targets) > 0 {
		in, args := db.InList(targets)
		w.Add("target IN "+in, args...)
	}
	rows, err := s.db.Query(ctx, `UPDATE content_pushes SET withdrawn_at = ? WHERE `+w.SQL()+`
		RETURNING id, target`, append([]any{now}, w.Args()...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "withdraw pushes")
	}
	defer rows.Close()
	var feed []string
	for rows.Next() {
		var id, target string
		if err := rows.Scan(&id, &target); err != nil {
			return nil, apperr.Wrap(err, "withdraw pushes")
		}
		if target == TargetFeed || target == TargetSubscription {
			feed = append(feed, id)
		}
	}
	return feed, apperr.WrapIf(rows.Err(), "withdraw pushes")
}

// findStandingTargets lists the targets the content has a standing push to.
func (s store) findStandingTargets(ctx context.Context, content string) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT target FROM content_pushes WHERE content_id = ? AND withdrawn_at IS NULL
		ORDER BY target`, content)
	if err != nil {
		return nil, apperr.Wrap(err, "find pushes")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, apperr.Wrap(err, "scan push")
		}
		out = append(out, t)
	}
	return out, apperr.WrapIf(rows.Err(), "find pushes")
}

// homeOnPush is the part of contents.home_rank that a standing push to the
// homepage adds (migration 036 keeps the column: 4 pushed there, plus 2
// pinned, plus 1 featured).
const homeOnPush = 4

// findHomepage lists a page of the published contents of the account with
// public id author in homepage order, after the content at (rank, after)
// when after is set.
func (s store) findHomepage(ctx context.Context, author string, rank int, after db.Keyset, limit int) ([]Published, error) {
	var w db.Where
	w.Add("author_id = ?", author)
	if !after.IsZero() {
		w.Keyset("home_rank, published_at, id", "<", rank, after.Time, after.ID)
	}
	return s.findPublished(ctx, w, homeOrder, limit)
}

// findPublishedByIDs lists the published snapshots of those of the given
// contents that are published and not deleted.
func (s store) findPublishedByIDs(ctx context.Context, ids ...string) ([]Published, error) {
	in, args := db.InList(ids)
	var w db.Where
	w.Add("id IN "+in, args...)
	return s.findPublished(ctx, w, homeOrder, len(ids))
}

// Orders of published contents: a homepage's, and the newest first.
const (
	homeOrder   = `home_rank DESC, published_at DESC, id DESC`
	newestOrder = `published_at DESC, id DESC`
)

// publishedText is the trigram index of the published snapshots' text.
var publishedText = db.TextIndex{FTS: "contents_published_fts", TitleCol: "published_title", BodyCol: "published_body"}

// findNewestPublished lists a page of every account's published contents,
// newest first, matching q when it is not empty, after after when set.
func (s store) findNewestPublished(ctx context.Context, q string, after db.Keyset, limit int) ([]Published, error) {
	var w db.Where
	if q != "" {
		cond, args := s.db.MatchesText(publishedText, q)
		w.Add(cond, args...)
	}
	if !after.IsZero() {
		w.Keyset("published_at, id", "<", after.Time, after.ID)
	}
	return s.findPublished(ctx, w, newestOrder, limit)
}

// findPublished lists the published snapshots of the contents w selects in
// the given order.
func (s store) findPublished(ctx context.Context, w db.Where, order string, limit int) ([]Published, error) {
	w.Add("published_version > 0")
	w.Add("deleted_at IS NULL")
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT id, owner_id, author_id, type, published_title, published_body, published_fields, featured, pinned,
		home_rank, published_at FROM contents WHERE `+w.SQL()+`
		ORDER BY `+order+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find published contents")
	}
	defer rows.Close()
	out := []Published{}
	for rows.Next() {
		var p Published
		var fields string
		var rank int
		if err := rows.Scan(&p.ID, &p.Owner, &p.Author, &p.Type, &p.Title, &p.Body, &fields, &p.Featured, &p.Pinned, &rank, &p.PublishedAt); err != nil {
			return nil, apperr.Wrap(err, "scan published content")
		}
		var x extra
		if err := json.Unmarshal([]byte(fields), &x); err != nil {
			return nil, apperr.Wrap(err, "decode published content")
		}
		p.Media, p.Cover, p.Products, p.PublishedAt = x.Media, x.Cover, x.Products, p.PublishedAt.UTC()
		p.OnHomepage = rank&homeOnPush != 0
		out = append(out, p)
	}
	return out, apperr.WrapIf(rows.Err(), "find published contents")
}

// unpublish removes the published snapshot from public view.
func (s store) unpublish(ctx context.Context, id string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE contents SET status = ?, published_version = 0, published_at = NULL, featured = ?,
		pinned = ?, updated_at = ? WHERE id = ?`, StatusWithdrawn, false, false, now, id)
	return apperr.WrapIf(err, "withdraw content")
}

// addCounts adds pending to the counters of contents (views, product
// clicks), skipping a content that no longer exists. It writes the rows in
// key order, so that two replicas flushing at once on PostgreSQL take
// their row locks in the same order and never deadlock.
func (s store) addCounts(ctx context.Context, pending map[counterKey]int) error {
	keys := slices.SortedFunc(maps.Keys(pending), func(a, b counterKey) int {
		return cmp.Or(strings.Compare(a.content, b.content), strings.Compare(a.kind, b.kind), strings.Compare(a.target, b.target))
	})
	for _, k := range keys {
		_, err := s.db.Exec(ctx, `INSERT INTO content_counters (content_id, kind, target, count)
			SELECT ?, ?, ?, CAST(? AS INTEGER) WHERE EXISTS (SELECT 1 FROM contents WHERE id = ?)
			ON CONFLICT (content_id, kind, target) DO UPDATE SET count = content_counters.count + excluded.count`,
			k.content, k.kind, k.target, pending[k], k.content)
		if err != nil {
			return apperr.Wrap(err, "count "+k.kind)
		}
	}
	return nil
}

const commentColumns = `id, content_id, author_id, parent_id, body, status, findings, pinned, rewarded, created_at`

func scanComment(row scanner) (Comment, error) {
	var c Comment
	var findings string
	if err := row.Scan(&c.ID, &c.ContentID, &c.AuthorID, &c.ParentID, &c.Body, &c.Status, &findings, &c.Pinned, &c.Rewarded, &c.CreatedAt); err != nil {
		return Comment{}, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return c, json.Unmarshal([]byte(findings), &c.Findings)
}

func (s store) insertComment(ctx context.Context, c Comment) error {
	findings, _ := json.Marshal(c.Findings)
	_, err := s.db.Exec(ctx, `INSERT INTO content_comments (`+commentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.ContentID, c.AuthorID, c.ParentID, c.Body, c.Status, string(findings), c.Pinned, c.Rewarded, c.CreatedAt)
	return apperr.WrapIf(err, "insert comment")
}

func (s store) updateComment(ctx context.Context, c Comment) error {
	_, err := s.db.Exec(ctx, `UPDATE content_comments SET status = ?, pinned = ?, rewarded = ? WHERE id = ?`,
		c.Status, c.Pinned, c.Rewarded, c.ID)
	return apperr.WrapIf(err, "update comment")
}

func (s store) findComment(ctx context.Context, id string) (Comment, error) {
	c, err := scanComment(s.db.QueryRow(ctx, `SELECT `+commentColumns+` FROM content_comments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Comment{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Comment"))
	}
	return c, apperr.WrapIf(err, "find comment")
}

func (s store) findComments(ctx context.Context, contentID string, all bool) ([]Comment, error) {
	var w db.Where
	w.Add("content_id = ?", contentID)
	if !all {
		w.Add("status = ?", CommentVisible)
	}
	rows, err := s.db.Query(ctx, `SELECT `+commentColumns+` FROM content_comments WHERE `+w.SQL()+`
		ORDER BY pinned DESC, created_at, id`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "find comments")
	}
	defer rows.Close()
	out := []Comment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan comment")
		}
		out = append(out, c)
	}
	return out, apperr.WrapIf(rows.Err(), "find comments")
}

func (s store) setReaction(ctx context.Context, contentID, user, kind string, on bool, now time.Time) error {
	if !on {
		_, err := s.db.Exec(ctx, `DELETE FROM content_reactions WHERE content_id = ? AND user_id = ? AND kind = ?`, contentID, user, kind)
		return apperr.WrapIf(err, "remove reaction")
	}
	_, err := s.db.Exec(ctx, `INSERT INTO content_reactions (content_id, user_id, kind, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (content_id, user_id, kind) DO NOTHING`, contentID, user, kind, now)
	return apperr.WrapIf(err, "add reaction")
}

func (s store) insertShare(ctx context.Context, code, contentID, user string, now time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO content_shares (code, content_id, user_id, created_at) VALUES (?, ?, ?, ?)`,
		code, contentID, user, now)
	return apperr.WrapIf(err, "insert share")
}

func (s store) clickShare(ctx context.Context, code string) (string, error) {
	var id string
	err := s.db.QueryRowWrite(ctx, `UPDATE content_shares SET clicks = clicks + 1 WHERE code = ? RETURNING content_id`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "%s not found.", i18n.T("Share link"))
	}
	return id, apperr.WrapIf(err, "follow share")
}

func (s store) stats(ctx context.Context, contentID string) (Stats, error) {
	var st Stats
	err := s.db.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM content_reactions WHERE content_id = ? AND kind = ?),
		(SELECT COUNT(*) FROM content_reactions WHERE content_id = ? AND kind = ?),
		(SELECT COUNT(*) FROM content_comments WHERE content_id = ? AND status = ?),
		(SELECT COUNT(*) FROM content_shares WHERE content_id = ?),
		(SELECT CAST(COALESCE(SUM(clicks), 0) AS INTEGER) FROM content_shares WHERE content_id = ?),
		(SELECT CAST(COALESCE(SUM(count), 0) AS INTEGER) FROM content_counters WHERE content_id = ? AND kind = ?),
		(SELECT CAST(COALESCE(SUM(count), 0) AS INTEGER) FROM content_counters WHERE content_id = ? AND kind = ?)`,
		contentID, ReactionLike, contentID, ReactionFavourite, contentID, CommentVisible, contentID, contentID,
		contentID, CounterView, contentID, CounterProductClick).
		Scan(&st.Likes, &st.Favourites, &st.Comments, &st.Shares, &st.ShareClicks, &st.Views, &st.ProductClicks)
	return st, apperr.WrapIf(err, "count engagement")
}

// mountsProducts matches the published_fields of a content that mounts at
// least one product (encodeExtra writes "products":[{…}] then, and
// "products":null or [] otherwise).
const mountsProducts = `%"products":[{%`

// engagementSince is the FROM and WHERE of the engagement an owner's
// content received from others since a moment: likes, favourites, visible
// comments and shares as rows (content_id, user_id, kind), joined with
// their content; its arguments are the visible comment status and the
// moment, and it ends with the owner IN list's opening.
const engagementSince = `FROM (SELECT content_id, user_id, kind, created_at FROM content_reactions
		UNION ALL SELECT content_id, author_id, 'comment', created_at FROM content_comments WHERE status = ?
		UNION ALL SELECT content_id, user_id, 'share', created_at FROM content_shares) e
	JOIN contents c ON c.id = e.content_id
	WHERE e.created_at >= ? AND e.user_id <> c.owner_id AND e.user_id <> '' AND c.deleted_at IS NULL
		AND c.owner_id IN `

// findOwnerStats fills out (one entry per owner) with the owners' content
// figures; see OwnerStats.
func (s store) findOwnerStats(ctx context.Context, owners []string, since time.Time, out map[string]*OwnerStats) error {
	in, ids := db.InList(owners)
	args := func(extra ...any) []any { return append(append([]any{}, extra...), ids...) }
	rows, err := s.db.Query(ctx, `SELECT owner_id, category, COUNT(*),
		COALESCE(SUM(CASE WHEN published_at >= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN published_fields LIKE ? THEN 1 ELSE 0 END), 0)
		FROM contents WHERE published_version > 0 AND deleted_at IS NULL AND owner_id IN `+in+`
		GROUP BY owner_id, category`, args(since, mountsProducts)...)
	if err := scanEach(rows, err, "count published content", func(scan func(...any) error) error {
		var owner, category string
		var n, recent, mounted int
		if err := scan(&owner, &category, &n, &recent, &mounted); err != nil {
			return err
		}
		st := out[owner]
		st.Published, st.PublishedSince, st.MountedProducts = st.Published+n, st.PublishedSince+recent, st.MountedProducts+mounted
		st.Categories[category] += n
		return nil
	}); err != nil {
		return err
	}
	rows, err = s.db.Query(ctx, `SELECT c.owner_id, k.kind, CAST(COALESCE(SUM(k.count), 0) AS INTEGER)
		FROM content_counters k JOIN contents c ON c.id = k.content_id
		WHERE c.deleted_at IS NULL AND c.owner_id IN `+in+` GROUP BY c.owner_id, k.kind`, ids...)
	if err := scanEach(rows, err, "sum content counters", func(scan func(...any) error) error {
		var owner, kind string
		var n int
		if err := scan(&owner, &kind, &n); err != nil {
			return err
		}
		switch kind {
		case CounterView:
			out[owner].Views += n
		case CounterProductClick:
			out[owner].ProductClicks += n
		}
		return nil
	}); err != nil {
		return err
	}
	rows, err = s.db.Query(ctx, `SELECT c.owner_id, e.kind, COUNT(*) `+engagementSince+in+` GROUP BY c.owner_id, e.kind`,
		args(CommentVisible, since)...)
	if err := scanEach(rows, err, "count engagement", func(scan func(...any) error) error {
		var owner, kind string
		var n int
		if err := scan(&owner, &kind, &n); err != nil {
			return err
		}
		st := out[owner]
		if total := map[string]*int{ReactionLike: &st.Likes, ReactionFavourite: &st.Favourites, "comment": &st.Comments,
			"share": &st.Shares}[kind]; total != nil {
			*total += n
		}
		return nil
	}); err != nil {
		return err
	}
	rows, err = s.db.Query(ctx, `SELECT c.owner_id, e.user_id, COUNT(*), COUNT(DISTINCT e.content_id) `+engagementSince+in+`
		GROUP BY c.owner_id, e.user_id`, args(CommentVisible, since)...)
	if err := scanEach(rows, err, "count fans", func(scan func(...any) error) error {
		var owner, user string
		var f FanActivity
		if err := scan(&owner, &user, &f.Interactions, &f.Contents); err != nil {
			return err
		}
		out[owner].Fans[user] = f
		return nil
	}); err != nil {
		return err
	}
	rows, err = s.db.Query(ctx, `SELECT owner_id, 'rejected', COUNT(*) FROM contents
		WHERE status = ? AND updated_at >= ? AND deleted_at IS NULL AND owner_id IN `+in+` GROUP BY owner_id
		UNION ALL SELECT author_id, 'hidden', COUNT(*) FROM content_comments
		WHERE status = ? AND created_at >= ? AND author_id IN `+in+` GROUP BY author_id`,
		append(args(StatusRejected, since), args(CommentHidden, since)...)...)
	return scanEach(rows, err, "count refusals", func(scan func(...any) error) error {
		var owner, kind string
		var n int
		if err := scan(&owner, &kind, &n); err != nil {
			return err
		}
		if kind == "rejected" {
			out[owner].Rejections = n
		} else {
			out[owner].HiddenComments = n
		}
		return nil
	})
}

// scanEach calls row for each row of rows (the result of a Query that
// failed with err when err is set), wrapping failures with what.
func scanEach(rows *sql.Rows, err error, what string, row func(scan func(...any) error) error) error {
	if err != nil {
		return apperr.Wrap(err, what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return apperr.Wrap(err, what)
		}
	}
	return apperr.WrapIf(rows.Err(), what)
}

// engagedSince is the engagement of others since a moment as rows
// (content_id, user_id, kind) joined with published contents; its
// arguments are the visible comment status and the moment.
const engagedSince = `FROM (SELECT content_id, user_id, kind, created_at FROM content_reactions
		UNION ALL SELECT content_id, author_id, 'comment', created_at FROM content_comments WHERE status = ?
		UNION ALL SELECT content_id, user_id, 'share', created_at FROM content_shares) e
	JOIN contents c ON c.id = e.content_id
	WHERE e.created_at >= ? AND e.user_id <> c.owner_id AND e.user_id <> '' AND c.deleted_at IS NULL AND c.published_version > 0`

func (s store) findEngaged(ctx context.Context, since time.Time, limit int) ([]Engaged, error) {
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT c.id, c.owner_id, c.published_title, c.published_body, c.category,
		COALESCE(SUM(CASE WHEN e.kind = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN e.kind = ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN e.kind = 'comment' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN e.kind = 'share' THEN 1 ELSE 0 END), 0)
		`+engagedSince+` GROUP BY c.id, c.owner_id, c.published_title, c.published_body, c.category
		ORDER BY COUNT(*) DESC, c.id`+lim, append([]any{ReactionLike, ReactionFavourite, CommentVisible, since}, largs...)...)
	var out []Engaged
	err = scanEach(rows, err, "find engaged contents", func(scan func(...any) error) error {
		var e Engaged
		if err := scan(&e.ID, &e.Owner, &e.Title, &e.Body, &e.Category, &e.Likes, &e.Favourites, &e.Comments, &e.Shares); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func (s store) findInteractedCategories(ctx context.Context, people []string, since time.Time) (map[string]map[string]int, error) {
	in, ids := db.InList(people)
	rows, err := s.db.Query(ctx, `SELECT e.user_id, c.category, COUNT(*) `+engagedSince+` AND e.user_id IN `+in+`
		GROUP BY e.user_id, c.category`, append([]any{CommentVisible, since}, ids...)...)
	out := map[string]map[string]int{}
	err = scanEach(rows, err, "find interacted categories", func(scan func(...any) error) error {
		var user, category string
		var n int
		if err := scan(&user, &category, &n); err != nil {
			return err
		}
		if out[user] == nil {
			out[user] = map[string]int{}
		}
		out[user][category] = n
		return nil
	})
	return out, err
}

// findInbox lists the comments others left on owner's live contents, the
// newest first, after after when set.
func (s store) findInbox(ctx context.Context, owner, status string, after db.Keyset, limit int) ([]InboxComment, error) {
	var w db.Where
	w.Add("c.owner_id = ?", owner)
	w.Add("c.deleted_at IS NULL")
	w.Add("cm.author_id <> c.owner_id")
	if status != "" {
		w.Add("cm.status = ?", status)
	}
	if !after.IsZero() {
		w.Keyset("cm.created_at, cm.id", "<", after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT cm.id, cm.content_id, cm.author_id, cm.parent_id, cm.body, cm.status, cm.findings,
		cm.pinned, cm.rewarded, cm.created_at, c.published_title,
		EXISTS (SELECT 1 FROM content_comments r WHERE r.parent_id = cm.id AND r.author_id = c.owner_id)
		FROM content_comments cm JOIN contents c ON c.id = cm.content_id WHERE `+w.SQL()+`
		ORDER BY cm.created_at DESC, cm.id DESC`+lim, append(w.Args(), largs...)...)
	out := []InboxComment{}
	err = scanEach(rows, err, "find comments inbox", func(scan func(...any) error) error {
		var c InboxComment
		var findings string
		if err := scan(&c.ID, &c.ContentID, &c.AuthorID, &c.ParentID, &c.Body, &c.Status, &findings, &c.Pinned, &c.Rewarded,
			&c.CreatedAt, &c.ContentTitle, &c.Replied); err != nil {
			return err
		}
		c.CreatedAt = c.CreatedAt.UTC()
		if err := json.Unmarshal([]byte(findings), &c.Findings); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// findCalendar lists owner's live contents scheduled (publish_at) or
// published (published_at) in [from, to), in time order. Two queries keep
// each time column's type, which SQLite loses through a UNION.
func (s store) findCalendar(ctx context.Context, owner string, from, to time.Time) ([]CalendarEntry, error) {
	out := []CalendarEntry{}
	for _, q := range []struct {
		title, at, cond, status string
		arg                     any
	}{
		{"title", "publish_at", "status = ?", StatusScheduled, StatusScheduled},
		{"published_title", "published_at", "published_version > ?", StatusPublished, 0},
	} {
		rows, err := s.db.Query(ctx, `SELECT id, type, `+q.title+`, `+q.at+` FROM contents
			WHERE owner_id = ? AND deleted_at IS NULL AND `+q.cond+` AND `+q.at+` >= ? AND `+q.at+` < ?`, owner, q.arg, from, to)
		err = scanEach(rows, err, "find calendar", func(scan func(...any) error) error {
			e := CalendarEntry{Status: q.status}
			if err := scan(&e.ID, &e.Type, &e.Title, &e.At); err != nil {
				return err
			}
			e.At = e.At.UTC()
			out = append(out, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b CalendarEntry) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}

// findCards reads the cards of those of the given contents that are
// published and not deleted: the start of the body (not all of it) and the
// likes and visible comments counted in the same statement.
func (s store) findCards(ctx context.Context, ids []string) ([]Card, error) {
	in, args := db.InList(ids)
	rows, err := s.db.Query(ctx, `SELECT id, owner_id, author_id, type, published_title,
		SUBSTR(published_body, 1, ?), published_fields, published_at,
		(SELECT COUNT(*) FROM content_reactions r WHERE r.content_id = contents.id AND r.kind = ?),
		(SELECT COUNT(*) FROM content_comments c WHERE c.content_id = contents.id AND c.status = ?)
		FROM contents WHERE id IN `+in+` AND published_version > 0 AND deleted_at IS NULL`,
		append([]any{ExcerptMax + 1, ReactionLike, CommentVisible}, args...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find content cards")
	}
	defer rows.Close()
	out := make([]Card, 0, len(ids))
	for rows.Next() {
		var c Card
		var fields string
		if err := rows.Scan(&c.ID, &c.Owner, &c.Author, &c.Type, &c.Title, &c.Excerpt, &fields, &c.PublishedAt,
			&c.Likes, &c.Comments); err != nil {
			return nil, apperr.Wrap(err, "scan content card")
		}
		var x extra
		if err := json.Unmarshal([]byte(fields), &x); err != nil {
			return nil, apperr.Wrap(err, "decode content card")
		}
		c.Excerpt = excerptOf(c.Excerpt, ExcerptMax)
		c.Picture, c.Products, c.PublishedAt = PictureOf(c.Type, x.Cover, x.Media), len(x.Products), c.PublishedAt.UTC()
		out = append(out, c)
	}
	return out, apperr.WrapIf(rows.Err(), "find content cards")
}

// findEngagementDays counts the engagement of not deleted contents made in
// [from, to) per content and UTC day; see DayEngagement.
func (s store) findEngagementDays(ctx context.Context, from, to time.Time) ([]DayEngagement, error) {
	rows, err := s.db.Query(ctx, `SELECT e.content_id, c.author_id, e.kind, e.created_at
		FROM (SELECT content_id, kind, created_at FROM content_reactions
			UNION ALL SELECT content_id, 'comment', created_at FROM content_comments WHERE status = ?
			UNION ALL SELECT content_id, 'share', created_at FROM content_shares) e
		JOIN contents c ON c.id = e.content_id
		WHERE e.created_at >= ? AND e.created_at < ? AND c.deleted_at IS NULL`, CommentVisible, from, to)
	type engagement struct{ id, author, kind string }
	return db.CountDays(rows, err, "find engagement days",
		func(r db.Scanner) (string, time.Time, engagement, error) {
			var e engagement
			var at time.Time
			err := r.Scan(&e.id, &e.author, &e.kind, &at)
			return e.id, at, e, err
		},
		func(d *DayEngagement, day string, e engagement) {
			d.ContentID, d.AuthorID, d.Day = e.id, e.author, day
			switch e.kind {
			case ReactionLike:
				d.Likes++
			case ReactionFavourite:
				d.Favourites++
			case "comment":
				d.Comments++
			case "share":
				d.Shares++
			}
		})
}

// findViewTotals reads the view counters of not deleted contents.
func (s store) findViewTotals(ctx context.Context) ([]ViewTotal, error) {
	rows, err := s.db.Query(ctx, `SELECT k.content_id, c.author_id, CAST(SUM(k.count) AS INTEGER)
		FROM content_counters k JOIN contents c ON c.id = k.content_id
		WHERE k.kind = ? AND c.deleted_at IS NULL GROUP BY k.content_id, c.author_id`, CounterView)
	return db.ScanAll(rows, err, "find view totals", func(r db.Scanner) (ViewTotal, error) {
		var v ViewTotal
		return v, r.Scan(&v.ContentID, &v.AuthorID, &v.Views)
	})
}

// findTitles puts into out the titles of those of ids whose owner is owner
// (any owner when owner is empty), deleted or not.
func (s store) findTitles(ctx context.Context, ids []string, owner string, out map[string]string) error {
	in, args := db.InList(ids)
	var w db.Where
	w.Add("id IN "+in, args...)
	if owner != "" {
		w.Add("owner_id = ?", owner)
	}
	rows, err := s.db.Query(ctx, `SELECT id, title FROM contents WHERE `+w.SQL(), w.Args()...)
	if err != nil {
		return apperr.WrapIf(err, "find content titles")
	}
	defer rows.Close()
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return err
		}
		out[id] = title
	}
	return rows.Err()
}

// findRules returns the latest version of the content rule table.
func (s store) findRules(ctx context.Context) (Rules, error) {
	var r Rules
	err := s.db.QueryRow(ctx, `SELECT version, restore_window_days, created_at, created_by, note FROM content_rules
		ORDER BY version DESC LIMIT 1`).Scan(&r.Version, &r.RestoreWindowDays, &r.CreatedAt, &r.CreatedBy, &r.Note)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, apperr.WrapIf(err, "find content rules")
}
