package content_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// publishedPost writes a published post mounting product sku-1 as a
// fixture (how content gets published is tested elsewhere) and answers
// its id.
func publishedPost(t *testing.T, env *apptest.Env) string {
	t.Helper()
	ctx := context.Background()
	u, err := env.Accounts.SignUp(ctx, account.SignUp{Email: "amy@example.com", Nickname: "amy", Password: "Tea-Leaf-42"})
	testkit.Must(t, err)
	id, at := uuid.NewString(), time.Now().UTC()
	_, err = env.DB.Exec(ctx, `INSERT INTO contents (id, owner_id, author_id, type, title, body, fields, status, version,
		published_version, published_title, published_fields, published_at, created_at, updated_at)
		VALUES (?, ?, ?, 'post', 'Spring', 'body', '{}', 'published', 1, 1, 'Spring', ?, ?, ?, ?)`,
		id, u.ID, u.ID, `{"products":[{"id":"sku-1"}]}`, at, at, at)
	testkit.Must(t, err)
	return id
}

// counter answers a content's counter as written in the database.
func counter(t *testing.T, d *db.DB, id, kind string) int {
	t.Helper()
	var n int
	err := d.QueryRow(context.Background(), `SELECT COALESCE(SUM(count), 0) FROM content_counters WHERE content_id = ? AND kind = ?`, id, kind).Scan(&n)
	testkit.Must(t, err)
	return n
}

// readConcurrently has readers open id and click its product, each n
// times, and answers the first error.
func readConcurrently(s *content.Service, id string, readers, n int) error {
	var wg sync.WaitGroup
	errs := make(chan error, readers)
	for range readers {
		wg.Go(func() {
			for range n {
				if _, err := s.ReadPublished(context.Background(), id); err != nil {
					errs <- err
					return
				}
				if _, err := s.ClickProduct(context.Background(), id, "sku-1"); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// TestViewsAreCountedInBatches: concurrent views and product clicks are
// kept in memory, not written per read; a flush writes them exactly, a
// rolled back flush leaves them for the next one, and Analyse (which
// flushes first) shows them at once on the replica that counted them.
func TestViewsAreCountedInBatches(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		id := publishedPost(t, env)
		testkit.Must(t, readConcurrently(env.Contents, id, 20, 10))
		if n := counter(t, d, id, content.CounterView); n != 0 {
			t.Fatalf("%d views written before a flush", n)
		}
		failed := errors.New("rolled back")
		err := d.WithTx(context.Background(), func(ctx context.Context) error {
			testkit.Must(t, env.Contents.FlushCounts(ctx))
			return failed
		})
		if !errors.Is(err, failed) || counter(t, d, id, content.CounterView) != 0 {
			t.Fatalf("a rolled back flush: %v, %d views", err, counter(t, d, id, content.CounterView))
		}
		testkit.Must(t, env.Contents.FlushCounts(context.Background()))
		if v, c := counter(t, d, id, content.CounterView), counter(t, d, id, content.CounterProductClick); v != 200 || c != 200 {
			t.Fatalf("after a flush: %d views, %d clicks; want 200 each", v, c)
		}
		testkit.Must(t, readConcurrently(env.Contents, id, 5, 2))
		totals, err := env.Contents.ViewTotals(context.Background())
		testkit.Must(t, err)
		if len(totals) != 1 || totals[0].Views != 210 {
			t.Fatalf("view totals: %+v", totals)
		}
	})
}

// TestTwoReplicasCountViews: two processes on one database each count
// their readers' views, and their flushes add up.
func TestTwoReplicasCountViews(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			d, other := testkit.OpenTwice(t, dialect)
			a, b := apptest.New(t, d), apptest.New(t, other)
			id := publishedPost(t, a)
			both := func(f func(env *apptest.Env) error) {
				t.Helper()
				errs := make(chan error, 2)
				for _, env := range []*apptest.Env{a, b} {
					go func() { errs <- f(env) }()
				}
				testkit.Must(t, errors.Join(<-errs, <-errs))
			}
			both(func(env *apptest.Env) error {
				n := map[*apptest.Env]int{a: 10, b: 5}[env]
				return readConcurrently(env.Contents, id, 10, n)
			})
			both(func(env *apptest.Env) error { return env.Contents.FlushCounts(context.Background()) })
			if v, c := counter(t, d, id, content.CounterView), counter(t, d, id, content.CounterProductClick); v != 150 || c != 150 {
				t.Fatalf("two replicas: %d views, %d clicks; want 150 each", v, c)
			}
		})
	}
}
