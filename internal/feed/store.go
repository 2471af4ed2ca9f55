package feed

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store is the SQL of follows and feeds.
type store struct {
	db *db.DB
}

// findFollow reports whether follower follows followee, and specially.
func (s store) findFollow(ctx context.Context, follower, followee string) (special, found bool, err error) {
	err = s.db.QueryRow(ctx, `SELECT special FROM follows WHERE follower_id = ? AND followee_id = ?`,
		follower, followee).Scan(&special)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	return special, err == nil, apperr.WrapIf(err, "find follow")
}

func (s store) insertFollow(ctx context.Context, follower, followee string, special bool, now time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO follows (follower_id, followee_id, special, pull, created_at)
		VALUES (?, ?, ?, EXISTS (SELECT 1 FROM feed_entries WHERE author_id = ? AND fanout = ?), ?)`,
		follower, followee, special, followee, FanoutRead, now)
	return apperr.WrapIf(err, "follow")
}

// isReadSource reports whether author has pushes fanned out on read.
func (s store) isReadSource(ctx context.Context, author string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM feed_entries WHERE author_id = ? AND fanout = ?`+
		` LIMIT 1) AS one`, author, FanoutRead).Scan(&n)
	return n > 0, apperr.WrapIf(err, "find read-mode pushes")
}

// markPull marks every follow of author as one whose feed merges author's
// read-mode pushes in.
func (s store) markPull(ctx context.Context, author string) error {
	_, err := s.db.Exec(ctx, `UPDATE follows SET pull = ? WHERE followee_id = ?`, true, author)
	return apperr.WrapIf(err, "mark read-mode follows")
}

// setSpecial changes whether a follow is special, in the follow and in the
// follower's inbox rows of the followee, which carry the mark for the
// special tab's index.
func (s store) setSpecial(ctx context.Context, follower, followee string, special bool) error {
	_, err := s.db.Exec(ctx, `UPDATE follows SET special = ? WHERE follower_id = ? AND followee_id = ?`,
		special, follower, followee)
	if err != nil {
		return apperr.Wrap(err, "mark special follow")
	}
	_, err = s.db.Exec(ctx, `UPDATE feed_inbox SET special = ? WHERE follower_id = ? AND author_id = ?`,
		special, follower, followee)
	return apperr.WrapIf(err, "mark special follow")
}

// deleteFollow ends a follow and reports whether there was one.
func (s store) deleteFollow(ctx context.Context, follower, followee string) (bool, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM follows WHERE follower_id = ? AND followee_id = ?`, follower, followee)
	if err != nil {
		return false, apperr.Wrap(err, "unfollow")
	}
	n, err := res.RowsAffected()
	return n > 0, apperr.WrapIf(err, "unfollow")
}

// count adds delta to follower's following count and followee's followers.
func (s store) count(ctx context.Context, follower, followee string, delta int) error {
	const upsert = `INSERT INTO follow_counts (account_id, followers, following) VALUES (?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET followers = follow_counts.followers + excluded.followers,
		following = follow_counts.following + excluded.following`
	if _, err := s.db.Exec(ctx, upsert, follower, 0, delta); err != nil {
		return apperr.Wrap(err, "count following")
	}
	_, err := s.db.Exec(ctx, upsert, followee, delta, 0)
	return apperr.WrapIf(err, "count followers")
}

// counts returns an account's follower and following counts.
func (s store) counts(ctx context.Context, account string) (followers, following int, err error) {
	err = s.db.QueryRow(ctx, `SELECT followers, following FROM follow_counts WHERE account_id = ?`, account).
		Scan(&followers, &following)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return followers, following, apperr.WrapIf(err, "count follows")
}

// backfill copies an author's newest n write-mode entries into a new
// follower's inbox (read-mode entries reach the feed without copying), with
// the entries' tab marks and the follow's special mark.
func (s store) backfill(ctx context.Context, follower, author string, special bool, n int) error {
	if n == 0 {
		return nil
	}
	_, err := s.db.Exec(ctx, `INSERT INTO feed_inbox (`+inboxColumns+`)
		SELECT ?, pushed_at, push_id, author_id, ?, video, products, shop, subscription
		FROM feed_entries WHERE author_id = ? AND fanout = ?
		ORDER BY pushed_at DESC, push_id DESC LIMIT ?
		ON CONFLICT DO NOTHING`, follower, special, author, FanoutWrite, n)
	return apperr.WrapIf(err, "backfill feed")
}

// clearAuthor removes an author's entries from a follower's inbox.
func (s store) clearAuthor(ctx context.Context, follower, author string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM feed_inbox WHERE follower_id = ? AND author_id = ?`, follower, author)
	return apperr.WrapIf(err, "clear feed")
}

// followRow is one row of a followers or following list.
type followRow struct {
	Other   string
	Special bool
	At      time.Time
}

// findFollows lists followers (or followed accounts) of account, newest
// first, after the keyset.
func (s store) findFollows(ctx context.Context, account string, followers bool, after db.Keyset, limit int) ([]followRow, error) {
	other, self := "followee_id", "follower_id"
	if followers {
		other, self = self, other
	}
	var w db.Where
	w.Add(self+" = ?", account)
	if !after.IsZero() {
		w.Keyset("created_at, "+other, "<", after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT `+other+`, special, created_at FROM follows WHERE `+w.SQL()+`
		ORDER BY created_at DESC, `+other+` DESC`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find follows")
	}
	defer rows.Close()
	var out []followRow
	for rows.Next() {
		var r followRow
		if err := rows.Scan(&r.Other, &r.Special, &r.At); err != nil {
			return nil, apperr.Wrap(err, "scan follow")
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find follows")
}

// inboxColumns are the columns of an inbox row: the entry's key and author,
// the follow's special mark and the entry's tab marks.
const inboxColumns = `follower_id, pushed_at, push_id, author_id, special, video, products, shop, subscription`

func (s store) insertEntry(ctx context.Context, e entry, mode string, video, products, shop, subscription bool) error {
	_, err := s.db.Exec(ctx, `INSERT INTO feed_entries (push_id, content_id, author_id, pushed_at, fanout, video, products, shop,
		subscription) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.PushID, e.ContentID, e.AuthorID, e.PushedAt, mode, video, products,
		shop, subscription)
	return apperr.WrapIf(err, "record feed push")
}

// storedEntry is an entry with its fan-out mode, whether its push has been
// withdrawn and the tab marks its inbox rows carry.
type storedEntry struct {
	entry
	Mode      string
	Withdrawn bool
	marks
}

// marks are an entry's tab marks.
type marks struct {
	Video, Products, Shop, Subscription bool
}

func (s store) findEntry(ctx context.Context, pushID string) (storedEntry, error) {
	var e storedEntry
	err := s.db.QueryRow(ctx, `SELECT push_id, content_id, author_id, pushed_at, fanout, withdrawn,
		video, products, shop, subscription FROM feed_entries WHERE push_id = ?`, pushID).
		Scan(&e.PushID, &e.ContentID, &e.AuthorID, &e.PushedAt, &e.Mode, &e.Withdrawn,
			&e.Video, &e.Products, &e.Shop, &e.Subscription)
	if errors.Is(err, sql.ErrNoRows) {
		return storedEntry{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Push"))
	}
	return e, apperr.WrapIf(err, "find feed push")
}

// markWithdrawn hides withdrawn pushes from every feed.
func (s store) markWithdrawn(ctx context.Context, pushIDs []string) error {
	args := make([]any, 0, len(pushIDs)+1)
	args = append(args, true)
	for _, id := range pushIDs {
		args = append(args, id)
	}
	_, err := s.db.Exec(ctx, `UPDATE feed_entries SET withdrawn = ? WHERE push_id IN (`+db.Placeholders(len(pushIDs))+`)`, args...)
	return apperr.WrapIf(err, "withdraw feed pushes")
}

// markDeleted hides (or shows again) the pushes of deleted (or restored)
// content.
func (s store) markDeleted(ctx context.Context, contentID string, deleted bool) error {
	_, err := s.db.Exec(ctx, `UPDATE feed_entries SET deleted = ? WHERE content_id = ?`, deleted, contentID)
	return apperr.WrapIf(err, "hide feed pushes")
}

// followRange is a run of an author's followers in follow order
// (created_at, follower_id): after After (the start when zero) and up to
// Through (the end when nil).
type followRange struct {
	Author  string
	After   db.Keyset
	Through *db.Keyset
}

// where returns the condition on follows selecting the range.
func (r followRange) where() db.Where {
	var w db.Where
	w.Add("followee_id = ?", r.Author)
	if !r.After.IsZero() {
		w.Keyset("created_at, follower_id", ">", r.After.Time, r.After.ID)
	}
	if r.Through != nil {
		w.Keyset("created_at, follower_id", "<=", r.Through.Time, r.Through.ID)
	}
	return w
}

// batchBounds returns where every n-th follower of author stands in follow
// order: the ends of the fan-out runs but the last.
func (s store) batchBounds(ctx context.Context, author string, n int) ([]db.Keyset, error) {
	rows, err := s.db.Query(ctx, `SELECT created_at, follower_id FROM (
			SELECT created_at, follower_id, ROW_NUMBER() OVER (ORDER BY created_at, follower_id) AS n
			FROM follows WHERE followee_id = ?) AS ranked
		WHERE n % ? = 0 ORDER BY n`, author, n)
	if err != nil {
		return nil, apperr.Wrap(err, "plan fan-out")
	}
	defer rows.Close()
	var out []db.Keyset
	for rows.Next() {
		var k db.Keyset
		if err := rows.Scan(&k.Time, &k.ID); err != nil {
			return nil, apperr.Wrap(err, "plan fan-out")
		}
		out = append(out, k)
	}
	return out, apperr.WrapIf(rows.Err(), "plan fan-out")
}

// fill copies e into the inboxes of the followers in r, with its tab marks
// and each follow's special mark.
func (s store) fill(ctx context.Context, e storedEntry, r followRange) error {
	w := r.where()
	_, err := s.db.Exec(ctx, `INSERT INTO feed_inbox (`+inboxColumns+`)
		SELECT follower_id, ?, ?, ?, special, ?, ?, ?, ? FROM follows WHERE `+w.SQL()+` ON CONFLICT DO NOTHING`,
		append([]any{e.PushedAt, e.PushID, e.AuthorID, e.Video, e.Products, e.Shop, e.Subscription}, w.Args()...)...)
	return apperr.WrapIf(err, "fan out")
}

// unfill removes e from the inboxes of the followers in r.
func (s store) unfill(ctx context.Context, e storedEntry, r followRange) error {
	w := r.where()
	_, err := s.db.Exec(ctx, `DELETE FROM feed_inbox WHERE pushed_at = ? AND push_id = ? AND follower_id IN
		(SELECT follower_id FROM follows WHERE `+w.SQL()+`)`, append([]any{e.PushedAt, e.PushID}, w.Args()...)...)
	return apperr.WrapIf(err, "retract fan-out")
}

// shown narrows w to the entries (alias e) a feed may show in tab: the
// push stands, the content is not deleted, the push went to the tab's
// channel (subscription or follower feed) and the tab's mark is set, read
// from the rows of alias marks: the entry, or the inbox row (alias i) that
// carries a copy of the entry's marks. The special tab is a mark of the
// follow (alias f); an inbox row carries a copy of it too, so that the
// inbox branch walks the tab's partial index, and the follow's own mark
// still decides (inboxFollow reads it for the inbox branch).
func shown(w *db.Where, tab, marks string) {
	w.Add("NOT e.withdrawn")
	w.Add("NOT e.deleted")
	if tab == TabSubscriptions {
		w.Add(marks + ".subscription")
	} else {
		w.Add("NOT " + marks + ".subscription")
	}
	switch tab {
	case TabNew:
		w.Add(marks + ".products")
	case TabVideo:
		w.Add(marks + ".video")
	case TabCreators:
		w.Add("NOT " + marks + ".shop")
	case TabSpecial:
		if marks == "i" {
			w.Add("i.special") // the follow's own mark: inboxFollow
		} else {
			w.Add("f.special")
		}
	}
}

// inboxFollow is the inbox branch's condition on the follow of the row's
// author: that it exists, and in the special tab that it is special (the
// follow's own mark decides, see shown). It is a scalar subquery rather
// than a join, so that PostgreSQL walks the reader's inbox index newest
// first, looks up each row's follow and stops after a page; with a join it
// hash-joined the reader's whole inbox with the follows and sorted it
// (7–12 ms and 3,600 buffers for the bench fan's first page, against
// 0.5–1 ms and 340 buffers).
func inboxFollow(tab string) string {
	mark := "TRUE"
	if tab == TabSpecial {
		mark = "f.special"
	}
	return `(SELECT ` + mark + ` FROM follows f WHERE f.follower_id = i.follower_id AND f.followee_id = i.author_id)`
}

// feed reads a page of reader's feed: the inbox branch and the read-mode
// branch, each cut to the page, merged newest first (see the package doc).
// Both branches read only the inbox, the follows and the entries; keyset
// conditions are row values, which both engines use as index bounds. The
// read-mode branch visits only the follows marked pull, so its cost does
// not grow with how many ordinary accounts the reader follows.
func (s store) feed(ctx context.Context, readerID, tab string, after db.Keyset, limit int) ([]entry, error) {
	lim, largs := s.db.Limit(limit)
	var iw, ew db.Where
	iw.Add("i.follower_id = ?", readerID)
	iw.Add(inboxFollow(tab))
	shown(&iw, tab, "i")
	ew.Add("f.follower_id = ?", readerID)
	ew.Add("f.pull")
	shown(&ew, tab, "e")
	if !after.IsZero() {
		iw.Keyset("i.pushed_at, i.push_id", "<", after.Time, after.ID)
		ew.Keyset("e.pushed_at, e.push_id", "<", after.Time, after.ID)
	}
	inbox := `SELECT e.push_id, e.content_id, e.author_id, e.pushed_at FROM feed_inbox i
			JOIN feed_entries e ON e.push_id = i.push_id
		WHERE ` + iw.SQL() + `
		ORDER BY i.pushed_at DESC, i.push_id DESC` + lim
	inboxArgs := append(iw.Args(), largs...)
	pulled := `SELECT e.push_id, e.content_id, e.author_id, e.pushed_at FROM follows f
			JOIN feed_entries e ON e.author_id = f.followee_id AND e.fanout = '` + FanoutRead + `'
		WHERE ` + ew.SQL() + `
		ORDER BY e.pushed_at DESC, e.push_id DESC` + lim
	pulledArgs := append(ew.Args(), largs...)
	rows, err := s.db.QueryPlanned(ctx, `SELECT push_id, content_id, author_id, pushed_at FROM (`+inbox+`) AS inbox
		UNION ALL SELECT push_id, content_id, author_id, pushed_at FROM (`+pulled+`) AS pulled
		ORDER BY pushed_at DESC, push_id DESC`+lim, append(append(inboxArgs, pulledArgs...), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "read feed")
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.PushID, &e.ContentID, &e.AuthorID, &e.PushedAt); err != nil {
			return nil, apperr.Wrap(err, "scan feed")
		}
		e.PushedAt = e.PushedAt.UTC()
		out = append(out, e)
	}
	return out, apperr.WrapIf(rows.Err(), "read feed")
}

// findFollowerCounts fills the follower counts of accounts into out.
func (s store) findFollowerCounts(ctx context.Context, accounts []string, out map[string]*FollowerStats) error {
	in, args := db.InList(accounts)
	rows, err := s.db.Query(ctx, `SELECT account_id, followers FROM follow_counts WHERE account_id IN `+in, args...)
	if err != nil {
		return apperr.Wrap(err, "find follower counts")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return apperr.Wrap(err, "scan follower count")
		}
		out[id].Followers = n
	}
	return apperr.WrapIf(rows.Err(), "find follower counts")
}

// findFollowsAmong marks in out which of followers follow which of
// followees.
func (s store) findFollowsAmong(ctx context.Context, followees, followers []string, out map[string]*FollowerStats) error {
	inFollowees, args := db.InList(followees)
	inFollowers, more := db.InList(followers)
	rows, err := s.db.Query(ctx, `SELECT followee_id, follower_id FROM follows
		WHERE followee_id IN `+inFollowees+` AND follower_id IN `+inFollowers, append(args, more...)...)
	if err != nil {
		return apperr.Wrap(err, "find follows among")
	}
	defer rows.Close()
	for rows.Next() {
		var followee, follower string
		if err := rows.Scan(&followee, &follower); err != nil {
			return apperr.Wrap(err, "scan follow")
		}
		out[followee].Following[follower] = true
	}
	return apperr.WrapIf(rows.Err(), "find follows among")
}

// findVersion returns the version of reader's feed: the sum of the reader's
// counter and the global one, raised by every change of what it lists.
func (s store) findVersion(ctx context.Context, reader string) (int64, error) {
	var v int64
	err := s.db.QueryRow(ctx, `SELECT COALESCE(SUM(version), 0) FROM feed_versions WHERE reader_id IN (?, '*')`, reader).Scan(&v)
	return v, apperr.WrapIf(err, "find feed version")
}

// findFollowDays counts the follows made from since on per followee and
// UTC day.
func (s store) findFollowDays(ctx context.Context, since time.Time) ([]FollowDay, error) {
	rows, err := s.db.Query(ctx, `SELECT followee_id, created_at FROM follows WHERE created_at >= ?`, since)
	return db.CountDays(rows, err, "find follow days",
		func(r db.Scanner) (id string, at time.Time, _ string, err error) {
			err = r.Scan(&id, &at)
			return id, at, id, err
		},
		func(f *FollowDay, day, id string) {
			f.AccountID, f.Day = id, day
			f.Gained++
		})
}
