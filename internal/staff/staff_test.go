package staff

import (
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/authz"
)

func TestSplitLogin(t *testing.T) {
	for login, want := range map[string][2]string{
		"foodbrand@editor01":         {"foodbrand", "editor01"},
		"foodbrand:editor01":         {"foodbrand", "editor01"},
		"boss@example.com@editor_01": {"boss@example.com", "editor_01"},
		"美食店:小编":                     {"美食店", "小编"},
		"someone@example.com":        {},
		"foodbrand@":                 {},
		"@editor01":                  {},
		"foodbrand":                  {},
	} {
		main, sub, ok := SplitLogin(login)
		if ok != (want[0] != "") || main != want[0] || sub != want[1] {
			t.Errorf("SplitLogin(%q) = %q, %q, %v; want %q", login, main, sub, ok, want)
		}
	}
}

// TestStateAndActor checks the shown state, who may log in, and the actor
// a session of a sub-account carries.
func TestStateAndActor(t *testing.T) {
	now := time.Now()
	sub := SubAccount{ID: "s", Status: StatusActive, Permissions: []authz.Permission{authz.SaveDraft}}
	if sub.state() != StateMuted || sub.CanLogIn() != nil {
		t.Fatalf("new sub-account: %s", sub.state())
	}
	a := sub.Actor(authz.Actor{UserID: "u"})
	if !a.Muted || a.SubAccountID != "s" || !a.Permissions[authz.SaveDraft] || !a.Permissions[authz.LogOut] || a.Permissions[authz.ViewData] {
		t.Fatalf("actor = %+v", a)
	}
	sub.RestrictedAt = &now
	if sub.state() != StateRestricted || sub.CanLogIn() == nil {
		t.Fatal("a restricted sub-account may log in")
	}
	sub.VerifiedAt = &now
	if sub.state() != StateVerified || sub.Actor(authz.Actor{}).Muted {
		t.Fatal("a verified sub-account is still muted")
	}
	sub.Status = StatusDeparted
	if sub.state() != StateDeparted || sub.CanLogIn() == nil {
		t.Fatal("a departed sub-account may log in")
	}
}
