package authz

import (
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
)

// TestStaffAndTokens checks the muting of unverified sub-accounts, the
// scopes of API tokens and which permissions may be granted at all.
func TestStaffAndTokens(t *testing.T) {
	caps := map[string]bool{CapGraphicPost: true}
	muted := Actor{UserID: "u", SubAccountID: "s", Muted: true, Certified: true, Capabilities: caps, Privileges: map[string]bool{PrivPublish: true},
		Permissions: map[Permission]bool{PublishGraphicPost: true, SaveDraft: true}}
	err := apperr.From(Check(muted, PublishGraphicPost, nil))
	if m, _ := err.Details["missing"].(map[string]string); err.Code != apperr.Forbidden || m["verification"] != "sub_account" {
		t.Fatalf("muted staff publishing: %v %v", err, err.Details)
	}
	if err := Check(muted, SaveDraft, nil); err != nil {
		t.Fatalf("muted staff editing: %v", err)
	}
	muted.Muted = false
	if err := Check(muted, PublishGraphicPost, nil); err != nil {
		t.Fatalf("verified staff publishing: %v", err)
	}

	// Seeing the creator account does not show the payout account.
	operations := Actor{UserID: "u", SubAccountID: "s", Permissions: map[Permission]bool{ReadCreatorAccount: true}}
	if Check(operations, ReadPayout, nil) == nil || Check(Actor{UserID: "u"}, ReadPayout, nil) != nil {
		t.Fatal("payout.read must be granted to staff explicitly, and is the main account's own")
	}

	token := Actor{UserID: "u", TokenID: "t", Permissions: map[Permission]bool{ReadCreatorAccount: true}}
	if err := Check(token, ReadCreatorAccount, nil); err != nil {
		t.Fatalf("token with the scope: %v", err)
	}
	err = apperr.From(Check(token, ReadOwnAudit, nil))
	if err.MessageIn("en") != "This API token lacks the scope audit.read." {
		t.Fatalf("token without the scope: %v", err)
	}

	for p, want := range map[Permission]bool{SaveDraft: true, ExportData: true, BindPayout: false, SignUp: false,
		ReviewApplications: false, "no.such": false} {
		if Grantable(p) != want {
			t.Errorf("Grantable(%s) = %v, want %v", p, !want, want)
		}
	}
	for _, g := range PermissionGroups {
		for _, p := range g.Permissions {
			if !Grantable(p) {
				t.Errorf("group %s offers %s, which cannot be granted", g.Name, p)
			}
		}
	}
}
