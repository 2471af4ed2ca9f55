package content_test

import (
	"context"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/rule"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestRestoreWindowIsAVersionedRule: the restore window comes from the
// latest version of content_rules (version 1, seeded by the migration,
// is 30 days); a newer version decides from then on, and a restore after
// its window is refused naming the table and that version.
func TestRestoreWindowIsAVersionedRule(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		s, bg := env.Contents, context.Background()
		u, err := env.Accounts.SignUp(bg, account.SignUp{Email: "trash@example.com", Nickname: "trash", Password: "Tea-Leaf-42"})
		testkit.Must(t, err)
		ctx := authz.WithActor(bg, authz.Actor{UserID: u.ID, Permissions: map[authz.Permission]bool{
			authz.SaveDraft: true, authz.ReadContent: true, authz.DeleteContent: true, authz.RestoreContent: true}})
		var ids []string
		for _, title := range []string{"留下", "过期"} {
			c, err := s.CreateContent(ctx, content.TypePost, content.Fields{Title: title, Body: "正文"})
			testkit.Must(t, err)
			testkit.Must(t, s.DeleteContent(ctx, c.ID))
			ids = append(ids, c.ID)
		}
		env.Clock.Advance(8 * 24 * time.Hour)
		if _, err := s.RestoreContent(ctx, ids[0]); err != nil {
			t.Fatalf("restore within version 1's 30 days: %v", err)
		}

		_, err = d.Exec(bg, `INSERT INTO content_rules (version, restore_window_days, created_at, created_by, note)
			VALUES (2, 7, ?, 'ops', 'a week')`, env.Clock.Now())
		testkit.Must(t, err)
		trash, _, err := s.Trash(ctx, db.Page{})
		testkit.Must(t, err)
		if len(trash) != 0 {
			t.Fatalf("the trash under version 2's 7 days lists %d items deleted 8 days ago", len(trash))
		}
		_, err = s.RestoreContent(ctx, ids[1])
		if e := apperr.From(err); e.Code != apperr.Conflict || e.Details["rule"] != (rule.Ref{Table: content.RulesTable, Version: 2}) {
			t.Fatalf("restore after version 2's window: %v %v", err, e.Details)
		}
	})
}
