package seed

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestMain(m *testing.M) {
	// Small statements, so that batches flush in the middle of a chunk and
	// the order of the tables' flushes is tested.
	rowsPerStatement = 7
	os.Exit(m.Run())
}

// tiny is a data set small enough for a test, with a threshold low enough
// that both fan-out modes occur.
func tiny() Options {
	o := Defaults()
	o.Accounts, o.Follows, o.Contents = 400, 4000, 600
	o.FanFollows, o.BigFollowers, o.StarContents = 20, 150, 10
	o.ReadThreshold = 60
	o.PasswordHash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
	return o
}

func TestSeedInvariants(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := tiny()
		r, err := Run(ctx, d, o)
		testkit.Must(t, err)
		if r.Users != o.Accounts || r.Follows != o.Follows || r.Contents != o.Contents {
			t.Fatalf("report: %+v", r)
		}
		if r.WriteEntries == 0 || r.ReadEntries == 0 || r.InboxRows == 0 {
			t.Fatalf("want both fan-out modes and some inbox rows: %+v", r)
		}
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			testkit.Must(t, d.QueryRow(ctx, q, args...).Scan(&n))
			return n
		}
		// want -1 means "some".
		for _, c := range []struct {
			q    string
			args []any
			want int
		}{
			{`SELECT COUNT(*) FROM users`, nil, o.Accounts},
			{`SELECT COUNT(*) FROM follows`, nil, o.Follows},
			{`SELECT COUNT(*) FROM contents WHERE status = 'published' AND published_version = 1
				AND published_at IS NOT NULL AND deleted_at IS NULL`, nil, o.Contents},
			{`SELECT COUNT(*) FROM content_versions`, nil, o.Contents},
			{`SELECT COUNT(*) FROM content_pushes WHERE target = 'feed'`, nil, r.Pushes},
			{`SELECT COUNT(*) FROM feed_entries`, nil, r.Pushes},
			{`SELECT COUNT(*) FROM feed_entries WHERE fanout = 'read'`, nil, r.ReadEntries},
			{`SELECT COUNT(*) FROM feed_inbox`, nil, int(r.InboxRows)},
			{`SELECT COUNT(*) FROM creator_accounts`, nil, r.Creators},
			{`SELECT COUNT(*) FROM creator_accounts WHERE type <> 'creator'`, nil, -1},
			{`SELECT COUNT(*) FROM user_roles`, nil, 2},
			{`SELECT COUNT(*) FROM follows WHERE follower_id = ?`, []any{r.FanID}, o.FanFollows},
			{`SELECT COUNT(*) FROM follows WHERE follower_id = ? AND special = ?`, []any{r.FanID, true}, -1},
			{`SELECT COUNT(*) FROM follows WHERE followee_id = ?`, []any{r.StarID}, o.BigFollowers},
			{`SELECT COUNT(*) FROM capability_grants WHERE user_id = ?`, []any{r.StarID}, 3},
			{`SELECT COUNT(*) FROM certifications WHERE user_id = ? AND status = 'approved'`, []any{r.StarID}, 1},
			{`SELECT COUNT(*) FROM feed_entries WHERE shop = ?`, []any{true}, -1},
			{`SELECT COUNT(*) FROM feed_entries WHERE video = ?`, []any{true}, -1},
			{`SELECT COUNT(*) FROM feed_entries WHERE products = ?`, []any{true}, -1},
		} {
			n := count(c.q, c.args...)
			if c.want == -1 && n == 0 || c.want >= 0 && n != c.want {
				t.Errorf("%s: %d, want %d (-1: some)", strings.Join(strings.Fields(c.q), " "), n, c.want)
			}
		}

		// Counts equal the edges, for every account with an edge.
		if n := count(`SELECT COUNT(*) FROM follow_counts c WHERE c.followers <> (SELECT COUNT(*) FROM follows f WHERE f.followee_id = c.account_id)
			OR c.following <> (SELECT COUNT(*) FROM follows f WHERE f.follower_id = c.account_id)`); n != 0 {
			t.Errorf("%d follow counts differ from the edges", n)
		}
		if n := count(`SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM follow_counts c WHERE c.account_id = u.id)
			AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = u.id OR f.followee_id = u.id)`); n != 0 {
			t.Errorf("%d accounts with edges lack counts", n)
		}
		// The fan-out mode follows the threshold.
		if n := count(`SELECT COUNT(*) FROM feed_entries e JOIN follow_counts c ON c.account_id = e.author_id
			WHERE (e.fanout = 'read') <> (c.followers >= ?)`, o.ReadThreshold); n != 0 {
			t.Errorf("%d entries have the wrong fan-out mode", n)
		}
		// Exactly the follows of authors with read-mode entries are marked pull.
		if n := count(`SELECT COUNT(*) FROM follows f WHERE (f.pull = ?) <> EXISTS
			(SELECT 1 FROM feed_entries e WHERE e.author_id = f.followee_id AND e.fanout = 'read')`, true); n != 0 {
			t.Errorf("%d follows have the wrong pull mark", n)
		}
		if n := count(`SELECT COUNT(*) FROM follows WHERE pull = ?`, true); n == 0 {
			t.Error("no follow is marked pull")
		}
		// Every entry is an active feed push of its content by its owner.
		if n := count(`SELECT COUNT(*) FROM feed_entries e JOIN content_pushes p ON p.id = e.push_id
			JOIN contents c ON c.id = e.content_id WHERE p.target = 'feed' AND p.withdrawn_at IS NULL
			AND p.content_id = e.content_id AND c.owner_id = e.author_id AND p.pushed_at = e.pushed_at`); n != r.Pushes {
			t.Errorf("%d of %d entries match their push and content", n, r.Pushes)
		}
		// Inbox rows exist only for write-mode entries and only for the
		// author's followers; and every such pair has its row.
		if n := count(`SELECT COUNT(*) FROM feed_inbox i JOIN feed_entries e ON e.push_id = i.push_id
			JOIN follows f ON f.follower_id = i.follower_id AND f.followee_id = e.author_id
			WHERE e.fanout = 'write' AND i.author_id = e.author_id AND i.pushed_at = e.pushed_at`); n != int(r.InboxRows) {
			t.Errorf("%d of %d inbox rows belong to a write-mode entry and a follower", n, r.InboxRows)
		}
		if n := count(`SELECT COUNT(*) FROM feed_entries e JOIN follows f ON f.followee_id = e.author_id WHERE e.fanout = 'write'`); n != int(r.InboxRows) {
			t.Errorf("%d follower/entry pairs, %d inbox rows", n, r.InboxRows)
		}
		// The big account's last follower in follow order.
		var last string
		testkit.Must(t, d.QueryRow(ctx, `SELECT u.nickname FROM follows f JOIN users u ON u.id = f.follower_id
			WHERE f.followee_id = ? ORDER BY f.created_at DESC LIMIT 1`, r.StarID).Scan(&last))
		if last != r.LastStarFollower || last != Nickname(LastStarFollower(o)) {
			t.Errorf("last follower %s, report %s", last, r.LastStarFollower)
		}

		// A second run refuses the seeded database.
		if _, err := Run(ctx, d, o); err == nil || !strings.Contains(err.Error(), "already holds") {
			t.Errorf("second run: %v", err)
		}
	})
}

// dumpQueries list every seeded table's rows in a fixed order.
var dumpQueries = []string{
	`SELECT id, nickname, nickname_key, email, password_hash, status, created_at FROM users ORDER BY id`,
	`SELECT user_id, role FROM user_roles ORDER BY user_id, role`,
	`SELECT id, user_id, type, subject_type, name, created_at FROM creator_accounts ORDER BY id`,
	`SELECT id, user_id, status, expires_at FROM certifications ORDER BY id`,
	`SELECT user_id, capability FROM capability_grants ORDER BY user_id, capability`,
	`SELECT follower_id, followee_id, special, created_at FROM follows ORDER BY follower_id, followee_id`,
	`SELECT account_id, followers, following FROM follow_counts ORDER BY account_id`,
	`SELECT id, owner_id, type, title, body, fields, category, published_fields, published_at FROM contents ORDER BY id`,
	`SELECT content_id, version, title, fields, saved_by FROM content_versions ORDER BY content_id`,
	`SELECT id, content_id, owner_id, target, pushed_at FROM content_pushes ORDER BY id`,
	`SELECT push_id, content_id, author_id, pushed_at, fanout, video, products, shop FROM feed_entries ORDER BY push_id`,
	`SELECT follower_id, pushed_at, push_id, author_id FROM feed_inbox ORDER BY follower_id, pushed_at, push_id`,
}

func dump(t *testing.T, d *db.DB) []string {
	t.Helper()
	var out []string
	for _, q := range dumpQueries {
		rows, err := d.Query(context.Background(), q)
		testkit.Must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			testkit.Must(t, rows.Scan(ptrs...))
			out = append(out, fmt.Sprint(vals...))
		}
		testkit.Must(t, rows.Err())
		rows.Close()
	}
	return out
}

func TestSeedIsDeterministic(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		other := testkit.Open(t, d.Dialect())
		o := tiny()
		_, err := Run(ctx, d, o)
		testkit.Must(t, err)
		_, err = Run(ctx, other, o)
		testkit.Must(t, err)
		a, b := dump(t, d), dump(t, other)
		if len(a) != len(b) {
			t.Fatalf("%d rows, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("row %d differs:\n%s\n%s", i, a[i], b[i])
			}
		}

		// Another seed gives other rows.
		third := testkit.Open(t, d.Dialect())
		o.Seed = 2
		_, err = Run(ctx, third, o)
		testkit.Must(t, err)
		c := dump(t, third)
		same := len(c) == len(a)
		for i := 0; same && i < len(a); i++ {
			same = a[i] == c[i]
		}
		if same {
			t.Fatal("seeds 1 and 2 wrote the same rows")
		}
	})
}
