// Package feed is who follows whom and what followers read (SPEC §6.1):
// follows and special follows, follower feeds with their tabs, and the
// account homepage with its counts.
//
// # Design: fan-out on write, fan-out on read, and one merged read
//
// A push of published content to the follower feed becomes one row of
// feed_entries, written in the push's transaction (content tells this
// package through content.FeedListener). At that moment the entry's
// distribution is fixed for good by the author's follower count:
//
//   - Below Options.ReadThreshold (ordinary accounts) the entry is fanned out
//     on write: durable jobs copy it into the inbox (feed_inbox) of every
//     follower. A planning job, enqueued with the push, cuts the followers in
//     follow order (created_at, follower_id) into runs of
//     Options.FanoutBatch and enqueues a job per run in one transaction; the
//     workers of every replica then fill the runs in parallel, each with one
//     INSERT … SELECT. Inserts ignore rows already there, so a retried job
//     is harmless, and the last run is open-ended for followers who arrive
//     meanwhile.
//   - At or above the threshold (accounts with very many followers) the
//     entry is fanned out on read: nothing is copied, and each reader's feed
//     query merges in the entries of the followed accounts of this kind.
//     Copying one push into millions of inboxes would take minutes and
//     write gigabytes; reading it costs one short index range per such
//     account followed, and a reader follows few of them. The follows of
//     such an account are marked (follows.pull, set for all of them at its
//     first read-mode push and for each new follow), so a feed read visits
//     only those follows.
//
// Fixing the mode per entry (not per author) means an account crossing the
// threshold changes only its later pushes: every entry is in exactly one of
// the two places, so the merged feed has neither gaps nor duplicates.
//
// Reading a feed is one SQL statement: the newest inbox rows of the reader
// and the newest read-mode entries of the accounts the reader follows, each
// branch keyset-paginated by (pushed_at, push_id) and filtered by the tab,
// united and cut to the page. The statement reads only the inbox, the
// follows and the entries, so it touches about a page of rows whatever the
// reader's history. An entry carries its visibility: withdrawing a push
// marks it withdrawn, deleting its content marks it deleted (restoring
// clears that), both in the transaction of the change, so it vanishes from
// every feed at once; a job then removes a withdrawn entry's inbox rows,
// which is tidying, not correctness. The inbox branch also looks up the
// follow itself, row by row, so an unfollowed account disappears at once.
//
// Each tab is an index walk: an inbox row carries a copy of its entry's tab
// marks (video, products, shop, subscription; fixed at push time) and of
// the follow's special mark (changed with the follow, in its transaction),
// and every tab has a partial index of the inbox in feed order, so the
// inbox branch reads the reader's rows of the tab newest first and stops
// after a page. The follow's own special mark still decides: a fan-out job
// that copied an entry while the mark was being set may leave its row
// without the copy, and the row then shows in the other tabs only. The
// statement is planned for its arguments at every execution
// (db.DB.QueryPlanned): PostgreSQL's generic plan of a keyset page joins
// the reader's whole inbox.
//
// Following an account copies its most recent Options.Backfill write-mode
// entries into the new follower's inbox in the follow's transaction
// (read-mode entries need nothing), so a new follower sees recent posts.
// Unfollowing removes the account's rows from the inbox.
//
// Content tells this package of pushes, withdrawals, deletions and
// restorations through content.FeedListener; this package reads content's
// published snapshots through content.Service and never its tables.
package feed

import (
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
)

// Feed tabs (SPEC §6.1).
const (
	// TabAll is everything pushed by the accounts one follows.
	TabAll = "all"
	// TabNew is new arrivals: content that places products.
	TabNew = "new"
	// TabVideo is video content.
	TabVideo = "video"
	// TabSpecial is content of the accounts one follows specially.
	TabSpecial = "special"
	// TabCreators is content of creators, leaving shops and brands out.
	TabCreators = "creators"
	// TabSubscriptions is the subscription channel: what the accounts one
	// follows pushed there (SPEC §5.2), kept apart from the follower feed.
	TabSubscriptions = "subscriptions"
)

// Tabs lists the feed tabs in the console's order.
var Tabs = []string{TabAll, TabNew, TabVideo, TabSpecial, TabCreators, TabSubscriptions}

// Fan-out modes of a feed entry.
const (
	FanoutWrite = "write"
	FanoutRead  = "read"
)

// checkTab validates a feed tab ("" means all).
func checkTab(tab string) (string, error) {
	if tab == "" {
		return TabAll, nil
	}
	if !slices.Contains(Tabs, tab) {
		return "", apperr.Field("tab", "must be one of %s", strings.Join(Tabs, ", "))
	}
	return tab, nil
}

// Follow is one follow as a followers or following list shows it: the
// other account and when the follow began.
type Follow struct {
	Account    creator.Profile `json:"account"`
	Special    bool            `json:"special"`
	FollowedAt time.Time       `json:"followed_at"`
}

// Relation is how the reader stands to an account.
type Relation struct {
	// Self is true on one's own homepage.
	Self      bool `json:"self"`
	Following bool `json:"following"`
	Special   bool `json:"special"`
}

// Push is one entry of a follower feed: a push and the card of the
// published content it carries (the reader page has the full body).
type Push struct {
	PushID   string          `json:"push_id"`
	PushedAt time.Time       `json:"pushed_at"`
	Author   creator.Profile `json:"author"`
	Content  content.Card    `json:"content"`
}

// Homepage is an account's public page (SPEC §6.1): its profile, counts,
// the reader's relation to it and the first page of its published content,
// pinned and featured first.
type Homepage struct {
	creator.Profile
	Followers int `json:"followers"`
	Following int `json:"following"`
	// Viewer is the reader's relation (nil for an anonymous reader).
	Viewer   *Relation           `json:"viewer"`
	Contents []content.Published `json:"contents"`
	// NextCursor continues Contents through /accounts/{id}/contents.
	NextCursor string `json:"next_cursor,omitempty"`
}

// entry is a feed entry as the store reads it.
type entry struct {
	PushID    string
	ContentID string
	AuthorID  string
	PushedAt  time.Time
}
