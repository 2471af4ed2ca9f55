// Package seed fills an empty Helio database with a large, deterministic
// data set for the load scenarios of bench/: users, creator accounts,
// follow edges with a skewed popularity, published content, pushes to the
// follower feed and the followers' inboxes.
//
// Everything is derived from one seed (math/rand/v2, PCG), so two runs with
// the same options write the same rows; only the password hash, which the
// caller computes once with the application's hasher, carries its own salt.
// Rows go in with multi-row INSERTs inside large transactions, and the
// inboxes are filled set-based (INSERT … SELECT joining feed_entries with
// follows), never row by row.
//
// Three accounts are designated, all with the one bench password:
//   - FanLogin follows exactly Options.FanFollows accounts (among them the
//     most followed creators and the big account): the feed-read scenario;
//   - StarLogin, a certified creator with the publishing capabilities, has
//     exactly Options.BigFollowers followers, Nickname(FirstStarFollower) the
//     first after the fan and LastStarFollower(o) the last (follow order):
//     the publish-and-push scenario;
//   - OperatorLogin holds the admin and reviewer roles and approves content.
package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/db"
)

// The designated accounts and the password every seeded account shares.
const (
	FanLogin      = "benchfan"
	StarLogin     = "benchstar"
	OperatorLogin = "benchop"
	Password      = "Helio#bench2026"
	// FirstStarFollower is the index of the first ordinary account that
	// follows the big account; its followers are the ordinary accounts
	// FirstStarFollower … LastStarFollower in follow order, after the fan.
	FirstStarFollower = 3
)

// Indexes of the designated accounts among the seeded users.
const (
	fanIndex      = 0
	starIndex     = 1
	operatorIndex = 2
)

// Options say how much to seed. The zero value is not usable: start from
// Defaults.
type Options struct {
	// Seed drives every random choice.
	Seed uint64
	// Accounts is the number of users, the three designated ones included.
	Accounts int
	// Follows is the number of follow edges in all (the big account's and
	// the fan's included).
	Follows int
	// Contents is the number of published contents.
	Contents int
	// FanFollows is how many accounts the fan follows.
	FanFollows int
	// BigFollowers is how many followers the big account has.
	BigFollowers int
	// StarContents is how many of the contents the big account published.
	StarContents int
	// CreatorShare is the fraction of ordinary accounts that open a creator
	// account; only they are followed (besides the big account) and publish.
	CreatorShare float64
	// PushShare is the fraction of contents pushed to the follower feed.
	PushShare float64
	// VideoShare and ProductShare are the fractions of contents that are
	// short videos and that place products.
	VideoShare, ProductShare float64
	// Skew is the Zipf exponent (> 1) of the creators' popularity.
	Skew float64
	// ReadThreshold is HELIO_FEED_READ_THRESHOLD: authors with at least this
	// many followers get fan-out-on-read feed entries, the others
	// fan-out-on-write ones copied into their followers' inboxes.
	ReadThreshold int
	// Versions also writes the content_versions row (version 1) of each
	// content.
	Versions bool
	// End is the moment the seeded history ends: follows happen in the
	// 180 to 90 days before it, publishing in the last 90 days.
	End time.Time
	// PasswordHash is the stored hash of Password, computed once by the
	// caller with the application's hasher.
	PasswordHash string
	// Progress, when not nil, receives a line per step with its duration.
	Progress io.Writer
}

// Defaults are the options of the benchmark data set, apart from the
// password hash: 101,000 accounts (so that the big account can have
// 100,000 followers), 1,000,000 follows, 1,000,000 contents.
func Defaults() Options {
	return Options{Seed: 1, Accounts: 101000, Follows: 1000000, Contents: 1000000, FanFollows: 200,
		BigFollowers: 100000, StarContents: 50, CreatorShare: 0.2, PushShare: 0.2, VideoShare: 0.2, ProductShare: 0.3,
		Skew: 1.1, ReadThreshold: 10000, Versions: true, End: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

// Report says what a run wrote and how long it took.
type Report struct {
	Users, Creators, Follows, Contents, Pushes int
	// WriteEntries and ReadEntries count the feed entries by fan-out mode.
	WriteEntries, ReadEntries int
	// InboxRows counts the rows copied into followers' inboxes.
	InboxRows int64
	// ReadAuthors counts the authors at or above the read threshold.
	ReadAuthors int
	// StarID and FanID are the user ids of the big account and the fan.
	StarID, FanID string
	// LastStarFollower is the nickname of the big account's last follower.
	LastStarFollower string
	Elapsed          time.Duration
}

// Nickname is the nickname (and login) of the seeded user with index i.
func Nickname(i int) string {
	switch i {
	case fanIndex:
		return FanLogin
	case starIndex:
		return StarLogin
	case operatorIndex:
		return OperatorLogin
	}
	return fmt.Sprintf("b%07d", i)
}

// LastStarFollower is the index of the big account's last follower.
func LastStarFollower(o Options) int { return FirstStarFollower + o.BigFollowers - 2 }

func (o Options) validate() error {
	switch {
	case o.Accounts < 10:
		return errors.New("accounts: at least 10")
	case o.BigFollowers < 1 || o.BigFollowers > o.Accounts-2:
		return fmt.Errorf("big-followers: between 1 and accounts-2 (%d)", o.Accounts-2)
	case o.FanFollows < 1:
		return errors.New("fan-follows: at least 1")
	case o.CreatorShare <= 0 || o.CreatorShare > 1:
		return errors.New("creator-share: in (0, 1]")
	case o.PushShare < 0 || o.PushShare > 1 || o.VideoShare < 0 || o.VideoShare > 1 || o.ProductShare < 0 || o.ProductShare > 1:
		return errors.New("shares: in [0, 1]")
	case o.Skew <= 1:
		return errors.New("skew: above 1")
	case o.ReadThreshold < 1:
		return errors.New("read-threshold: at least 1")
	case o.Contents < o.StarContents:
		return errors.New("contents: at least star-contents")
	case o.PasswordHash == "":
		return errors.New("password hash: empty")
	case o.End.IsZero():
		return errors.New("end: zero")
	}
	creators := int(float64(o.Accounts-3) * o.CreatorShare)
	if creators < o.FanFollows-1 {
		return fmt.Errorf("fan-follows: %d creators cannot give the fan %d accounts to follow", creators, o.FanFollows)
	}
	if o.Follows < o.BigFollowers+o.FanFollows-1 {
		return fmt.Errorf("follows: at least big-followers + fan-follows - 1 (%d)", o.BigFollowers+o.FanFollows-1)
	}
	if max := int64(o.Accounts-3) * int64(creators) / 2; int64(o.Follows) > max {
		return fmt.Errorf("follows: at most %d for this many accounts and creators", max)
	}
	return nil
}

// seeder holds one run's state.
type seeder struct {
	d   *db.DB
	o   Options
	rng *rand.Rand
	r   Report

	users []string // user ids by index
	// creators are the indexes of the ordinary creator accounts' users by
	// popularity rank (rank 0 is the most followed).
	creators []int
	// shop marks users whose first creator account is a merchant or brand.
	shop []bool
	// followers counts each user's followers.
	followers []int
	start     time.Time
	lap       time.Time
}

// Run seeds the empty database d. It refuses a database that already holds
// users: it expects a fresh data folder or database.
func Run(ctx context.Context, d *db.DB, o Options) (Report, error) {
	if err := o.validate(); err != nil {
		return Report{}, err
	}
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return Report{}, fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return Report{}, fmt.Errorf("the database already holds %d users: seed a fresh data folder or database", n)
	}
	if d.Dialect() == db.SQLite {
		// 256 MiB of page cache on the one writer connection instead of
		// the default 2 MiB: the secondary indexes take rows in random
		// order, and with a small cache every insert reads pages back.
		if _, err := d.Exec(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return Report{}, err
		}
	}
	now := time.Now()
	s := &seeder{d: d, o: o, rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), start: now, lap: now}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"users", s.seedUsers},
		{"creator accounts", s.seedCreators},
		{"follows", s.seedFollows},
		{"contents and pushes", s.seedContents},
		{"inboxes", s.fillInboxes},
		{"analyze", s.analyze},
	}
	for _, st := range steps {
		if err := st.fn(ctx); err != nil {
			return s.r, fmt.Errorf("seed %s: %w", st.name, err)
		}
		s.progress("%s done", st.name)
	}
	s.r.Elapsed = time.Since(s.start)
	return s.r, nil
}

func (s *seeder) progress(format string, args ...any) {
	if s.o.Progress == nil {
		return
	}
	now := time.Now()
	fmt.Fprintf(s.o.Progress, "%-44s %8s  (total %s)\n", fmt.Sprintf(format, args...),
		now.Sub(s.lap).Round(time.Millisecond), now.Sub(s.start).Round(time.Millisecond))
	s.lap = now
}

// id returns a deterministic UUIDv7-shaped id for an object created at t:
// the millisecond timestamp, then random bits from the run's generator.
func (s *seeder) id(t time.Time) string {
	ms := uint64(t.UnixMilli())
	a, b := s.rng.Uint64(), s.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-7%03x-%04x-%012x", ms>>16, ms&0xffff, a&0xfff, 0x8000|(a>>12)&0x3fff, b&0xffffffffffff)
}

// rowsPerStatement bounds the rows of one INSERT (tests lower it so that
// batches flush in the middle of a chunk).
var rowsPerStatement = 1000

// batch collects the rows of one multi-row INSERT and sends them when full.
type batch struct {
	s       *seeder
	head    string
	cols    int
	perStmt int
	rows    int
	args    []any
	// parents are flushed before this batch: the rows they hold are the
	// ones this batch's foreign keys point at.
	parents []*batch
}

// newBatch prepares INSERTs of head ("INSERT INTO t (a, b) VALUES") with
// cols values a row, as many rows a statement as the parameter limits of
// both engines allow; parents are the batches of the referenced tables.
func (s *seeder) newBatch(head string, cols int, parents ...*batch) *batch {
	return &batch{s: s, head: head, cols: cols, perStmt: max(1, min(rowsPerStatement, 30000/cols)), parents: parents}
}

func (b *batch) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows == b.perStmt {
		return b.flush(ctx)
	}
	return nil
}

func (b *batch) flush(ctx context.Context) error {
	for _, p := range b.parents {
		if err := p.flush(ctx); err != nil {
			return err
		}
	}
	if b.rows == 0 {
		return nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.cols), ", ") + ")"
	var q strings.Builder
	q.Grow(len(b.head) + b.rows*(len(row)+2))
	q.WriteString(b.head)
	for i := range b.rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
	}
	if _, err := b.s.d.Exec(ctx, q.String(), b.args...); err != nil {
		return err
	}
	b.rows, b.args = 0, b.args[:0]
	return nil
}

// inTx runs fn in one transaction and flushes the batches it filled.
func (s *seeder) inTx(ctx context.Context, fn func(ctx context.Context) error, batches ...*batch) error {
	return s.d.WithTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		for _, b := range batches {
			if err := b.flush(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// chunks calls fn with [lo, hi) ranges of at most size items of n, each in
// a transaction of its own.
func (s *seeder) chunks(ctx context.Context, n, size int, fn func(ctx context.Context, lo, hi int) error, batches ...*batch) error {
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)
		if err := s.inTx(ctx, func(ctx context.Context) error { return fn(ctx, lo, hi) }, batches...); err != nil {
			return err
		}
	}
	return nil
}
