package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/analytics"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

const good = "Tea-Leaf-42"

// world is a wired process whose engagement, follows and commission are
// written as dated fixtures: how they come about is the owning domains'
// business, tested there; here only their dates and amounts matter.
type world struct {
	t   *testing.T
	env *apptest.Env
	ctx context.Context
}

func newWorld(t *testing.T, d *db.DB) *world {
	return &world{t: t, env: apptest.New(t, d), ctx: context.Background()}
}

func (w *world) exec(query string, args ...any) {
	w.t.Helper()
	_, err := w.env.DB.Exec(w.ctx, query, args...)
	testkit.Must(w.t, err)
}

// person signs up a login and answers its id.
func (w *world) person(nickname string) string {
	u, err := w.env.Accounts.SignUp(w.ctx, account.SignUp{Email: nickname + "@example.com", Nickname: nickname, Password: good})
	testkit.Must(w.t, err)
	return u.ID
}

// post publishes a content of owner at the given time.
func (w *world) post(owner, title string, at time.Time) string {
	id := uuid.NewString()
	w.exec(`INSERT INTO contents (id, owner_id, author_id, type, title, body, fields, status, version,
		published_version, published_title, published_at, created_at, updated_at)
		VALUES (?, ?, ?, 'post', ?, 'body', '{}', 'published', 1, 1, ?, ?, ?, ?)`, id, owner, owner, title, title, at, at, at)
	return id
}

func (w *world) react(content, user, kind string, at time.Time) {
	w.exec(`INSERT INTO content_reactions (content_id, user_id, kind, created_at) VALUES (?, ?, ?, ?)`, content, user, kind, at)
}

func (w *world) comment(content, user string, at time.Time) {
	w.exec(`INSERT INTO content_comments (id, content_id, author_id, body, status, created_at) VALUES (?, ?, ?, 'nice', 'visible', ?)`,
		uuid.NewString(), content, user, at)
}

func (w *world) views(content string, n int) {
	w.exec(`INSERT INTO content_counters (content_id, kind, target, count) VALUES (?, 'view', '', ?)
		ON CONFLICT (content_id, kind, target) DO UPDATE SET count = excluded.count`, content, n)
}

// follow makes follower follow followee at the given time, counted.
func (w *world) follow(follower, followee string, at time.Time) {
	w.exec(`INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)`, follower, followee, at)
	w.exec(`INSERT INTO follow_counts (account_id, followers) VALUES (?, 1)
		ON CONFLICT (account_id) DO UPDATE SET followers = follow_counts.followers + 1`, followee)
}

func (w *world) unfollow(follower, followee string) {
	w.exec(`DELETE FROM follows WHERE follower_id = ? AND followee_id = ?`, follower, followee)
	w.exec(`UPDATE follow_counts SET followers = followers - 1 WHERE account_id = ?`, followee)
}

// line records a paid commission line whose creator part is creator fen.
func (w *world) line(creatorID, content, state string, creator int64, at time.Time) {
	w.exec(`INSERT INTO commission_lines (id, order_id, line_id, product_id, merchant_id, shopper_id, click_id, link_id,
		content_id, creator_id, scene, currency, paid, rate_bp, ratio, pool, rule_version, commission, network, platform,
		creator, state, paid_at) VALUES (?, ?, '1', 'p', 'm', 's', 'c', 'l', ?, ?, 'public', 'CNY', 10000, 1000, '1:4:5', '',
		1, 1000, 100, 400, ?, ?, ?)`, uuid.NewString(), uuid.NewString(), content, creatorID, creator, state, at)
}

// as is ctx carrying the login user as its actor.
func (w *world) as(user string) context.Context {
	return authz.WithActor(w.ctx, authz.Actor{UserID: user})
}

func (w *world) backfill(days int) {
	w.t.Helper()
	b, err := w.env.Analytics.Backfill(w.ctx, days)
	testkit.Must(w.t, err)
	if b.FinishedAt == nil {
		w.t.Fatalf("backfill not finished: %+v", b)
	}
}

func (w *world) series(user string, days int) analytics.Series {
	w.t.Helper()
	s, err := w.env.Analytics.FindAccountSeries(w.as(user), days)
	testkit.Must(w.t, err)
	if len(s.Days) != days {
		w.t.Fatalf("%d days, want %d", len(s.Days), days)
	}
	return s
}

// dayOf finds one day of a series.
func dayOf(t *testing.T, s analytics.Series, d time.Time) analytics.Figures {
	t.Helper()
	for _, f := range s.Days {
		if f.Day == d.Format(time.DateOnly) {
			return f
		}
	}
	t.Fatalf("no day %s in %v", d.Format(time.DateOnly), s.Days)
	return analytics.Figures{}
}

// TestBackfillFigures: a backfill over existing data gives each day the
// follows, interactions and earnings dated on it, the followers at each
// day's end, and today's view counter; the content's series holds its own
// share and its title. Running it again changes nothing.
func TestBackfillFigures(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		now := w.env.Clock.Now()
		d3, d1 := now.AddDate(0, 0, -3), now.AddDate(0, 0, -1)
		maker, fan1, fan2, other := w.person("maker"), w.person("fan1"), w.person("fan2"), w.person("other")
		post := w.post(maker, "Spring outfits", now.AddDate(0, 0, -10))
		second := w.post(maker, "Summer hats", now.AddDate(0, 0, -10))
		foreign := w.post(other, "Not mine", now.AddDate(0, 0, -10))
		w.follow(fan1, maker, d3)
		w.follow(fan2, maker, d1)
		w.follow(fan1, other, d1)
		w.react(post, fan1, "like", d3)
		w.react(post, fan2, "like", d3)
		w.react(post, fan1, "favourite", d1)
		w.comment(post, fan2, d1)
		w.react(second, fan1, "like", d1)
		w.react(foreign, fan1, "like", d1)
		w.views(post, 40)
		w.views(second, 2)
		w.line(maker, post, "pending", 500, d3)
		w.line(maker, post, "settled", 250, d1)
		w.line(maker, second, "forfeited", 999, d1)

		w.backfill(30)
		first := w.series(maker, 7)
		check := func(s analytics.Series) {
			t.Helper()
			f3, f1, today := dayOf(t, s, d3), dayOf(t, s, d1), dayOf(t, s, now)
			if f3.FollowersGained != 1 || f3.FollowersTotal != 1 || f1.FollowersGained != 1 || f1.FollowersTotal != 2 ||
				today.FollowersTotal != 2 {
				t.Fatalf("followers: %+v / %+v / %+v", f3, f1, today)
			}
			if f3.Likes != 2 || f3.Interactions() != 2 || f1.Interactions() != 3 || f1.Likes != 1 || f1.Comments != 1 || f1.Favourites != 1 {
				t.Fatalf("interactions: %+v / %+v", f3, f1)
			}
			if f3.EarningsPending != 500 || f3.EarningsSettled != 0 || f1.EarningsSettled != 250 || f1.EarningsPending != 0 {
				t.Fatalf("earnings: %+v / %+v", f3, f1)
			}
			if today.Views != 42 || today.ViewsTotal != 42 || f1.Views != 0 {
				t.Fatalf("views: %+v / %+v", f1, today)
			}
			if s.Totals.FollowersGained != 2 || s.Totals.FollowersTotal != 2 || s.Totals.Interactions() != 5 ||
				s.Totals.Earnings() != 750 || s.Totals.Views != 42 || s.ComputedAt == nil || !s.Earnings {
				t.Fatalf("totals: %+v", s.Totals)
			}
		}
		check(first)
		w.backfill(30)
		check(w.series(maker, 7))

		cs, err := w.env.Analytics.FindContentSeries(w.as(maker), post, 30)
		testkit.Must(t, err)
		if cs.Title != "Spring outfits" || cs.Totals.Interactions() != 4 || cs.Totals.Views != 40 || cs.Totals.Earnings() != 750 ||
			cs.Totals.FollowersGained != 0 || len(cs.Days) != 30 {
			t.Fatalf("content series: %+v", cs)
		}
		if _, err := w.env.Analytics.FindContentSeries(w.as(other), post, 30); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another's content: %v", err)
		}
		if _, err := w.env.Analytics.FindAccountSeries(w.as(maker), 14); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("14 days: %v", err)
		}
		if s := w.series(other, 7); s.Totals.Interactions() != 1 || s.Totals.FollowersTotal != 1 {
			t.Fatalf("other: %+v", s.Totals)
		}
	})
}

// TestDailyJobIsIdempotent: the first start requests the backfill once;
// the daily job computes the recent days again, so that a removed like and
// an unfollow leave the figures, a settlement moves earnings from pending
// to settled, and the views of the next day are the counter's growth since
// the last snapshot. Running it twice gives the same figures.
func TestDailyJobIsIdempotent(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		now := w.env.Clock.Now()
		maker, fan := w.person("maker"), w.person("fan")
		post := w.post(maker, "Spring outfits", now.AddDate(0, 0, -5))
		w.follow(fan, maker, now.AddDate(0, 0, -2))
		w.react(post, fan, "like", now.AddDate(0, 0, -2))
		w.views(post, 10)
		w.line(maker, post, "pending", 300, now.AddDate(0, 0, -2))

		testkit.Must(t, w.env.Analytics.ScheduleDaily(w.ctx))
		testkit.Must(t, w.env.Analytics.ScheduleDaily(w.ctx))
		w.env.DrainJobs(t)
		var backfills int
		testkit.Must(t, d.QueryRow(w.ctx, `SELECT COUNT(*) FROM analytics_backfills WHERE finished_at IS NOT NULL`).Scan(&backfills))
		if s := w.series(maker, 7); backfills != 1 || s.Totals.Interactions() != 1 || s.Totals.FollowersTotal != 1 ||
			s.Totals.Views != 10 || s.Totals.EarningsPending != 300 {
			t.Fatalf("%d backfills, after the first start: %+v", backfills, s.Totals)
		}

		w.exec(`DELETE FROM content_reactions WHERE content_id = ?`, post)
		w.unfollow(fan, maker)
		w.exec(`UPDATE commission_lines SET state = 'settled'`)
		w.views(post, 25)
		w.env.Clock.Advance(24 * time.Hour)
		for range 2 {
			w.env.DrainJobs(t)
		}
		s := w.series(maker, 7)
		yesterday, today := dayOf(t, s, now), dayOf(t, s, now.AddDate(0, 0, 1))
		if s.Totals.Interactions() != 0 || s.Totals.FollowersTotal != 0 || s.Totals.EarningsPending != 0 ||
			s.Totals.EarningsSettled != 300 || yesterday.Views != 10 || today.Views != 15 || today.ViewsTotal != 25 {
			t.Fatalf("after the daily job: %+v, yesterday %+v, today %+v", s.Totals, yesterday, today)
		}
		var rows, again int
		testkit.Must(t, d.QueryRow(w.ctx, `SELECT COUNT(*) FROM analytics_days`).Scan(&rows))
		_, err := w.env.Analytics.Backfill(w.ctx, 30)
		testkit.Must(t, err)
		testkit.Must(t, d.QueryRow(w.ctx, `SELECT COUNT(*) FROM analytics_days`).Scan(&again))
		if after := w.series(maker, 7); rows != again || after.Totals != s.Totals {
			t.Fatalf("a backfill after the daily job changed the figures: %d → %d rows, %+v → %+v", rows, again, s.Totals, after.Totals)
		}
	})
}
