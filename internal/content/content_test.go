package content_test

import (
	"context"
	"testing"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// missing is what an authorization refusal names as missing.
func missing(err error) map[string]string {
	m, _ := apperr.From(err).Details["missing"].(map[string]string)
	return m
}

// TestSubAccountPermissions: a content editor's sub-account saves drafts of
// its main account but cannot submit them, and the refusal names the
// permission; with the publishing permission it can, within what the main
// account holds (certification and capability).
func TestSubAccountPermissions(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		s, ctx := env.Contents, context.Background()
		main, err := env.Accounts.SignUp(ctx, account.SignUp{Email: "brand@example.com", Nickname: "brand", Password: "Tea-Leaf-42"})
		testkit.Must(t, err)
		staff := func(certified bool, ps ...authz.Permission) context.Context {
			a := authz.Actor{UserID: main.ID, SubAccountID: "editor01", Certified: certified,
				Capabilities: map[string]bool{authz.CapGraphicPost: true}, Permissions: map[authz.Permission]bool{},
				Privileges: map[string]bool{authz.PrivPublish: true}}
			for _, p := range ps {
				a.Permissions[p] = true
			}
			return authz.WithActor(ctx, a)
		}

		editor := staff(true, authz.SaveDraft, authz.ReadContent)
		ct, err := s.CreateContent(editor, content.TypePost, content.Fields{Title: "新品上市", Body: "春季新款连衣裙"})
		testkit.Must(t, err)
		if _, err := s.Submit(editor, ct.ID, nil); apperr.CodeOf(err) != apperr.Forbidden || missing(err)["permission"] != string(authz.PublishGraphicPost) {
			t.Fatalf("a content editor submitted: %v", err)
		}
		versions, err := s.FindVersions(editor, ct.ID)
		testkit.Must(t, err)
		if len(versions) != 1 || versions[0].SavedBy != "editor01" {
			t.Fatalf("versions: %+v", versions)
		}
		if _, err := s.CreateContent(staff(true, authz.ReadContent), content.TypePost, content.Fields{}); missing(err)["permission"] != string(authz.SaveDraft) {
			t.Fatalf("a sub-account without save_draft saved: %v", err)
		}
		if err := s.DeleteContent(editor, ct.ID); missing(err)["permission"] != string(authz.DeleteContent) {
			t.Fatalf("a content editor deleted: %v", err)
		}

		// Granted the permission, it submits within the main account's
		// certification and capabilities.
		if _, err := s.Submit(staff(false, authz.SaveDraft, authz.PublishGraphicPost), ct.ID, nil); missing(err)["certification"] != "required" {
			t.Fatalf("a sub-account of an uncertified account submitted: %v", err)
		}
		out, err := s.Submit(staff(true, authz.SaveDraft, authz.PublishGraphicPost), ct.ID, nil)
		testkit.Must(t, err)
		if out.Status != content.StatusInReview {
			t.Fatalf("submitted: %+v", out)
		}
	})
}
