package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestSubscriptionPushLimitHoldsAcrossContents: two contents of one account
// pushed to the subscription channel at the same time make one push, not
// two. The first push holds its transaction open while the second runs; a
// lock per account makes the second wait for the first and then count it.
// (Before the lock, PostgreSQL let the second count zero and push.) The
// grace wait only bounds how long the first transaction stays open; the
// test asserts outcomes, never durations.
func TestSubscriptionPushLimitHoldsAcrossContents(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok := w.certify("pia", "19900101", "graphic_post")
		publish := func(title string) string {
			c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": title, "body": title + "：今天跑了十公里"})
			c.Expect(t, http.StatusCreated, "")
			w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", tok, map[string]any{}).Expect(t, 200, "")
			w.call("POST", "/api/v1/review-queue/"+c.String("id")+"/approve", w.ops, nil).Expect(t, 200, "")
			return c.String("id")
		}
		first, second := publish("春跑"), publish("夏跑")
		actor, err := w.env.Auth.Authenticate(context.Background(), tok)
		testkit.Must(t, err)
		ctx := authz.WithActor(context.Background(), actor)
		push := func(ctx context.Context, id string) error {
			_, err := w.env.Contents.Push(ctx, id, []string{content.TargetSubscription})
			return err
		}

		secondDone := make(chan error, 1)
		firstErr := d.WithTx(ctx, func(ctx context.Context) error {
			if err := push(ctx, first); err != nil {
				return err
			}
			go func() {
				secondDone <- push(context.WithoutCancel(authz.WithActor(context.Background(), actor)), second)
			}()
			select {
			case err := <-secondDone:
				secondDone <- err // it ran while the first was still open
			case <-time.After(2 * time.Second):
			}
			return nil
		})
		testkit.Must(t, firstErr)
		if err := <-secondDone; apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a second content pushed to the subscription channel on the same day: %v", err)
		}
		if n := w.count("content_pushes"); n != 1 {
			t.Fatalf("%d subscription pushes, want 1", n)
		}
	})
}
