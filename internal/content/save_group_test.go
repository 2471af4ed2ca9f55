package content_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestConcurrentSavesKeepEachItsOwn: editors saving at the same time (on
// SQLite their saves are committed together, in groups) each get their
// own version, head and audit row; a refused save in the same moment
// (another account's draft, an over-long title) writes nothing and takes
// no other save with it; a save on an outdated version is kept as a
// conflict version and leaves the head alone.
func TestConcurrentSavesKeepEachItsOwn(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		s, ctx := env.Contents, context.Background()
		signUp := func(name string) context.Context {
			u, err := env.Accounts.SignUp(ctx, account.SignUp{Email: name + "@example.com", Nickname: name, Password: "Tea-Leaf-42"})
			testkit.Must(t, err)
			return authz.WithActor(ctx, authz.Actor{UserID: u.ID})
		}
		owner, other := signUp("editor"), signUp("stranger")
		const editors, saves = 8, 12
		drafts := make([]content.Content, editors)
		for i := range drafts {
			c, err := s.CreateContent(owner, content.TypePost, content.Fields{Title: fmt.Sprintf("draft %d", i)})
			testkit.Must(t, err)
			drafts[i] = c
		}
		tooLong := strings.Repeat("长", content.TitleMax+1)
		var wg sync.WaitGroup
		errs := make(chan error, editors*saves*3)
		for i := range drafts {
			wg.Go(func() {
				version := drafts[i].Version
				for n := range saves {
					body := fmt.Sprintf("draft %d, save %d", i, n)
					saved, err := s.UpdateContent(owner, drafts[i].ID, version, content.Patch{Body: &body})
					if err != nil {
						errs <- fmt.Errorf("draft %d save %d: %w", i, n, err)
						return
					}
					version = saved.Version
				}
			})
			wg.Go(func() {
				for range saves {
					body := "not mine"
					if _, err := s.UpdateContent(other, drafts[i].ID, drafts[i].Version, content.Patch{Body: &body}); apperr.CodeOf(err) == "" {
						errs <- fmt.Errorf("a stranger saved draft %d", i)
					}
					if _, err := s.UpdateContent(owner, drafts[i].ID, drafts[i].Version, content.Patch{Title: &tooLong}); !slices.Contains(apperr.From(err).FieldNames(), "title") {
						errs <- fmt.Errorf("an over-long title on draft %d: %v", i, err)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for i, c := range drafts {
			head, err := s.FindContentByID(owner, c.ID)
			testkit.Must(t, err)
			versions, err := s.FindVersions(owner, c.ID)
			testkit.Must(t, err)
			if want := fmt.Sprintf("draft %d, save %d", i, saves-1); head.Body != want || head.Version != 1+saves || len(versions) != 1+saves {
				t.Errorf("draft %d: head %d %q, %d versions; want %d %q", i, head.Version, head.Body, len(versions), 1+saves, want)
			}
			var audited int
			testkit.Must(t, d.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE action = 'content.save' AND object_id = ?`, c.ID).Scan(&audited))
			if audited != saves {
				t.Errorf("draft %d: %d saves audited, want %d", i, audited, saves)
			}
		}

		// A save on an outdated version is kept beside the head.
		body := "an old tab"
		_, err := s.UpdateContent(owner, drafts[0].ID, 1, content.Patch{Body: &body})
		if apperr.CodeOf(err) != apperr.Conflict || apperr.From(err).Details["kept_version"] != 2+saves {
			t.Fatalf("stale save: %v", err)
		}
		head, err := s.FindContentByID(owner, drafts[0].ID)
		testkit.Must(t, err)
		if head.Version != 1+saves {
			t.Fatalf("the stale save moved the head to %d", head.Version)
		}
	})
}
