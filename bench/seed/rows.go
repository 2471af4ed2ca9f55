package seed

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/db"
)

const day = 24 * time.Hour

// seedUsers writes the users, the designated ones first, and the
// operator's roles.
func (s *seeder) seedUsers(ctx context.Context) error {
	n := s.o.Accounts
	s.users = make([]string, n)
	s.shop = make([]bool, n)
	s.followers = make([]int, n)
	base := s.o.End.Add(-200 * day)
	b := s.newBatch(`INSERT INTO users (id, nickname, nickname_key, phone, email, email_key, password_hash, status,
		created_at, updated_at) VALUES `, 10)
	err := s.chunks(ctx, n, 50000, func(ctx context.Context, lo, hi int) error {
		for i := lo; i < hi; i++ {
			t := base.Add(time.Duration(i) * time.Second)
			s.users[i] = s.id(t)
			nick := Nickname(i)
			// The designated accounts have an e-mail address, where
			// step-up codes would go; the others only a nickname.
			var email any
			if i < FirstStarFollower {
				email = nick + "@bench.invalid"
			}
			if err := b.add(ctx, s.users[i], nick, strings.ToLower(nick), nil, email, email, s.o.PasswordHash, "active", t, t); err != nil {
				return err
			}
		}
		return nil
	}, b)
	if err != nil {
		return err
	}
	s.r.Users, s.r.FanID, s.r.StarID = n, s.users[fanIndex], s.users[starIndex]
	s.r.LastStarFollower = Nickname(LastStarFollower(s.o))
	_, err = s.d.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, 'admin'), (?, 'reviewer')`,
		s.users[operatorIndex], s.users[operatorIndex])
	return err
}

// seedCreators picks the creators (a random share of the ordinary
// accounts, in popularity order), opens their creator accounts — some of
// them shops — and makes the big account a certified creator allowed to
// publish posts, videos and products.
func (s *seeder) seedCreators(ctx context.Context) error {
	ordinary := s.o.Accounts - FirstStarFollower
	k := int(float64(ordinary) * s.o.CreatorShare)
	perm := s.rng.Perm(ordinary)
	s.creators = make([]int, k)
	for i := range k {
		s.creators[i] = FirstStarFollower + perm[i]
	}
	base := s.o.End.Add(-190 * day)
	b := s.newBatch(`INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key, name_locked,
		avatar_media_id, bio, shop_id, name_changed_at, created_at, updated_at) VALUES `, 13)
	add := func(ctx context.Context, user int, typ string, t time.Time) error {
		subject, name := "individual", Nickname(user)+" studio"
		if typ != "creator" {
			subject, name = "enterprise", Nickname(user)+" shop"
			s.shop[user] = true
		}
		return b.add(ctx, s.id(t), s.users[user], typ, subject, name, strings.ToLower(name), false, "",
			"Seeded for the load scenarios.", "", t, t, t)
	}
	err := s.chunks(ctx, k, 50000, func(ctx context.Context, lo, hi int) error {
		for i := lo; i < hi; i++ {
			typ := "creator"
			switch x := s.rng.Float64(); {
			case x >= 0.9:
				typ = "brand"
			case x >= 0.75:
				typ = "merchant"
			}
			if err := add(ctx, s.creators[i], typ, base.Add(time.Duration(i)*time.Second)); err != nil {
				return err
			}
		}
		return nil
	}, b)
	if err != nil {
		return err
	}
	s.r.Creators = k + 1
	return s.inTx(ctx, func(ctx context.Context) error {
		t := base.Add(-day)
		if err := add(ctx, starIndex, "creator", t); err != nil {
			return err
		}
		if err := b.flush(ctx); err != nil {
			return err
		}
		var account string
		if err := s.d.QueryRow(ctx, `SELECT id FROM creator_accounts WHERE user_id = ?`, s.users[starIndex]).Scan(&account); err != nil {
			return err
		}
		if _, err := s.d.Exec(ctx, `INSERT INTO certifications (id, user_id, creator_account_id, kind, name, id_number,
			document_ids, roles, domain_focus, status, reason, submitted_at, decided_at, decided_by, expires_at, created_at,
			updated_at) VALUES (?, ?, ?, 'personal', 'Bench Star', '110101199001011237', '[]', '["fashion_blogger"]',
			'outfits', 'approved', '', ?, ?, ?, ?, ?, ?)`, s.id(t), s.users[starIndex], account, t, t,
			s.users[operatorIndex], t.Add(10*365*day), t, t); err != nil {
			return err
		}
		for _, c := range []string{"graphic_post", "short_video", "product_mounting"} {
			if _, err := s.d.Exec(ctx, `INSERT INTO capability_grants (user_id, capability, application_id, granted_at)
				VALUES (?, ?, ?, ?)`, s.users[starIndex], c, "bench-seed", t); err != nil {
				return err
			}
		}
		return nil
	})
}

// edge is one follow: follower and followee by user index.
type edge struct {
	follower, followee int32
	special            bool
	at                 time.Time
}

// seedFollows writes the follow edges and the counts: the fan's, the big
// account's followers in index order, then skewed random edges (a uniform
// follower, a creator drawn by a Zipf law over the popularity ranks) until
// Options.Follows edges exist.
func (s *seeder) seedFollows(ctx context.Context) error {
	o := s.o
	start := o.End.Add(-180 * day)
	window := 90 * day
	seen := make(map[uint64]struct{}, o.Follows)
	edges := make([]edge, 0, o.Follows)
	follow := func(a, b int, special bool, at time.Time) bool {
		key := uint64(a)<<32 | uint64(b)
		if a == b {
			return false
		}
		if _, ok := seen[key]; ok {
			return false
		}
		seen[key] = struct{}{}
		edges = append(edges, edge{follower: int32(a), followee: int32(b), special: special, at: at})
		s.followers[b]++
		return true
	}
	// The fan follows the big account, the most followed creators and then
	// random creators; a few of them specially.
	follow(fanIndex, starIndex, true, start)
	for i := 0; len(edges) < o.FanFollows; i++ {
		c := s.creators[s.rng.IntN(len(s.creators))]
		if i < 20 {
			c = s.creators[i]
		}
		follow(fanIndex, c, len(edges)%20 == 0, start.Add(time.Duration(len(edges))*time.Second))
	}
	// The big account's followers, in follow order.
	step := window / time.Duration(o.BigFollowers)
	for i := range o.BigFollowers - 1 {
		follow(FirstStarFollower+i, starIndex, false, start.Add(time.Duration(i+1)*step))
	}
	// Skewed random edges.
	zipf := rand.NewZipf(s.rng, o.Skew, 1, uint64(len(s.creators)-1))
	ordinary := o.Accounts - FirstStarFollower
	for len(edges) < o.Follows {
		a := FirstStarFollower + s.rng.IntN(ordinary)
		b := s.creators[zipf.Uint64()]
		follow(a, b, s.rng.IntN(50) == 0, start.Add(time.Duration(s.rng.Int64N(int64(window)))))
	}
	seen = nil
	// Written in primary-key order (ids are time-ordered by user index).
	slices.SortFunc(edges, func(x, y edge) int {
		return cmp.Or(cmp.Compare(x.follower, y.follower), cmp.Compare(x.followee, y.followee))
	})
	s.progress("follows generated (%d)", len(edges))

	b := s.newBatch(`INSERT INTO follows (follower_id, followee_id, special, created_at) VALUES `, 4)
	err := s.chunks(ctx, len(edges), 100000, func(ctx context.Context, lo, hi int) error {
		for _, e := range edges[lo:hi] {
			if err := b.add(ctx, s.users[e.follower], s.users[e.followee], e.special, e.at); err != nil {
				return err
			}
		}
		return nil
	}, b)
	if err != nil {
		return err
	}
	s.r.Follows = len(edges)
	s.progress("follows written")
	following := make([]int, o.Accounts)
	for _, e := range edges {
		following[e.follower]++
	}
	c := s.newBatch(`INSERT INTO follow_counts (account_id, followers, following) VALUES `, 3)
	return s.chunks(ctx, o.Accounts, 100000, func(ctx context.Context, lo, hi int) error {
		for i := lo; i < hi; i++ {
			if s.followers[i] == 0 && following[i] == 0 {
				continue
			}
			if err := c.add(ctx, s.users[i], s.followers[i], following[i]); err != nil {
				return err
			}
		}
		return nil
	}, c)
}

// fields is the JSON of contents.fields and published_fields, in the shape
// package content writes.
type fields struct {
	Media    []string  `json:"media"`
	Products []product `json:"products"`
}

type product struct {
	ID string `json:"id"`
}

// seedContents writes the published contents, their version rows, and for
// a share of them a push to the follower feed with its feed entry, whose
// fan-out mode follows the author's follower count. The big account's
// contents come first.
func (s *seeder) seedContents(ctx context.Context) error {
	o := s.o
	start := o.End.Add(-90 * day)
	// Contents are published in index order, a random moment within each
	// one's slot, so that their ids (time-ordered) are written in order.
	slot := (int64(90*day) - int64(time.Hour)) / int64(o.Contents)
	contents := s.newBatch(`INSERT INTO contents (id, owner_id, author_id, type, title, body, fields, category, status,
		version, findings, reject_reason, submitted_at, published_version, published_title, published_body, published_fields,
		published_at, featured, pinned, created_at, updated_at) VALUES `, 22)
	versions := s.newBatch(`INSERT INTO content_versions (content_id, version, title, body, fields, category, conflict,
		saved_by, saved_at) VALUES `, 9, contents)
	pushes := s.newBatch(`INSERT INTO content_pushes (id, content_id, owner_id, target, pushed_at) VALUES `, 5, contents)
	entries := s.newBatch(`INSERT INTO feed_entries (push_id, content_id, author_id, pushed_at, fanout, video, products,
		shop) VALUES `, 8, pushes)
	categories := []string{"outfits", "beauty", "sports", "food", "home", "travel"}
	readAuthors := map[int]bool{}
	err := s.chunks(ctx, o.Contents, 50000, func(ctx context.Context, lo, hi int) error {
		for i := lo; i < hi; i++ {
			author := starIndex
			if i >= o.StarContents {
				author = s.creators[s.rng.IntN(len(s.creators))]
			}
			published := start.Add(time.Duration(int64(i)*slot + s.rng.Int64N(slot)))
			created := published.Add(-time.Hour)
			typ := "post"
			if s.rng.Float64() < o.VideoShare {
				typ = "video"
			}
			f := fields{Media: []string{}, Products: []product{}}
			if s.rng.Float64() < o.ProductShare {
				for j := range 1 + s.rng.IntN(3) {
					f.Products = append(f.Products, product{ID: fmt.Sprintf("p%d-%d", i, j)})
				}
			}
			raw, _ := json.Marshal(f)
			title := fmt.Sprintf("%s 的日常 #%d", Nickname(author), i)
			body := fmt.Sprintf("今天分享第 %d 条：通勤穿搭、跑步装备和周末的好去处。Seeded content number %d.", i, i)
			category := categories[s.rng.IntN(len(categories))]
			id := s.id(created)
			// A seeded creator's one creator account is its first, whose
			// public id is the login's (docs/accounts.md).
			if err := contents.add(ctx, id, s.users[author], s.users[author], typ, title, body, string(raw), category, "published", 1,
				"[]", "", created, 1, title, body, string(raw), published, false, false, created, published); err != nil {
				return err
			}
			if o.Versions {
				if err := versions.add(ctx, id, 1, title, body, string(raw), category, false, s.users[author], created); err != nil {
					return err
				}
			}
			if s.rng.Float64() >= o.PushShare && i >= o.StarContents/2 {
				continue
			}
			pushed := published.Add(time.Minute)
			push := s.id(pushed)
			fanout := "write"
			if s.followers[author] >= o.ReadThreshold {
				fanout = "read"
				readAuthors[author] = true
				s.r.ReadEntries++
			} else {
				s.r.WriteEntries++
			}
			if err := pushes.add(ctx, push, id, s.users[author], "feed", pushed); err != nil {
				return err
			}
			if err := entries.add(ctx, push, id, s.users[author], pushed, fanout, typ == "video", len(f.Products) > 0,
				s.shop[author]); err != nil {
				return err
			}
		}
		if hi%200000 == 0 || hi == o.Contents {
			s.progress("contents %d/%d", hi, o.Contents)
		}
		return nil
	}, contents, versions, pushes, entries)
	s.r.Contents, s.r.Pushes, s.r.ReadAuthors = o.Contents, s.r.ReadEntries+s.r.WriteEntries, len(readAuthors)
	return err
}

// fillInboxes copies every fan-out-on-write entry into the inbox of each
// of its author's followers (with the entry's tab marks and the follow's
// special mark), in one set-based statement, and marks the
// follows of authors with fan-out-on-read entries (follows.pull), as the
// feed service does at such an author's first push.
func (s *seeder) fillInboxes(ctx context.Context) error {
	return s.d.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.d.Exec(ctx, `UPDATE follows SET pull = ? WHERE followee_id IN
			(SELECT author_id FROM feed_entries WHERE fanout = 'read')`, true); err != nil {
			return err
		}
		res, err := s.d.Exec(ctx, `INSERT INTO feed_inbox (follower_id, pushed_at, push_id, author_id,
				special, video, products, shop, subscription)
			SELECT f.follower_id, e.pushed_at, e.push_id, e.author_id, f.special, e.video, e.products, e.shop, e.subscription
			FROM feed_entries e JOIN follows f ON f.followee_id = e.author_id
			WHERE e.fanout = 'write'
			ORDER BY f.follower_id, e.pushed_at, e.push_id`)
		if err != nil {
			return err
		}
		s.r.InboxRows, err = res.RowsAffected()
		return err
	})
}

// analyze refreshes the planner's statistics, as autovacuum (PostgreSQL)
// or PRAGMA optimize (SQLite) would in a running deployment. On PostgreSQL
// it also vacuums, which sets the visibility map of the freshly loaded
// tables: without it, index-only scans fetch every row from the heap until
// autovacuum comes round.
func (s *seeder) analyze(ctx context.Context) error {
	q := `ANALYZE`
	if s.d.Dialect() == db.Postgres {
		q = `VACUUM (ANALYZE)`
	}
	_, err := s.d.Exec(ctx, q)
	return err
}
