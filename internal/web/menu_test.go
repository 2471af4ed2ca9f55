package web

import (
	"slices"
	"testing"

	"github.com/helio-platform/helio/internal/authz"
)

// TestMenuAgreesWithRouteTable checks every menu row against the route
// table: it leads to a console page, asks the permission that page's gate
// asks, and its group's rows stand together under unique ids.
func TestMenuAgreesWithRouteTable(t *testing.T) {
	routes := map[string]Route{}
	for _, rt := range (&Console{}).routeTable() {
		if rt.Method == "GET" {
			routes[rt.Path] = rt
		}
	}
	ids := map[string]bool{}
	closed := map[string]bool{}
	for i, it := range menuItems {
		key := it.Path
		if key == "/" {
			key = "/{$}"
		}
		rt, ok := routes[key]
		if !ok {
			t.Errorf("menu entry %s leads to %s, which is no console page", it.ID, it.Path)
		}
		if rt.Permission != "" && rt.Permission != it.Permission {
			t.Errorf("menu entry %s asks %q, its page's gate %q", it.ID, it.Permission, rt.Permission)
		}
		if ids[it.ID] {
			t.Errorf("menu id %s twice", it.ID)
		}
		ids[it.ID] = true
		if i > 0 && menuItems[i-1].Group != it.Group {
			closed[menuItems[i-1].Group] = true
		}
		if closed[it.Group] {
			t.Errorf("menu group %q is split (at %s)", it.Group, it.ID)
		}
		if it.For == 0 {
			t.Errorf("menu entry %s is for nobody", it.ID)
		}
	}
}

// TestMenuByRole checks that each kind of visitor is offered what authz
// lets them open and nothing meant for another kind, with their place
// marked.
func TestMenuByRole(t *testing.T) {
	perms := func(ps ...authz.Permission) map[authz.Permission]bool {
		m := map[authz.Permission]bool{}
		for _, p := range ps {
			m[p] = true
		}
		return m
	}
	cases := []struct {
		name     string
		actor    authz.Actor
		creator  bool
		path     string
		want     []string
		unwanted []string
		current  string
	}{
		{"guest", authz.Actor{}, false, "/channels",
			[]string{"nav-channels", "nav-activities", "nav-creative"},
			[]string{"nav-home", "nav-feed", "nav-contents", "nav-messages"}, "nav-channels"},
		{"fan", authz.Actor{UserID: "u"}, false, "/feed",
			[]string{"nav-home", "nav-feed", "nav-channels", "nav-become-creator", "nav-messages", "nav-security"},
			[]string{"nav-contents", "nav-staff", "nav-tokens", "nav-certification", "nav-creator", "nav-reviews"}, "nav-feed"},
		{"creator", authz.Actor{UserID: "u"}, true, "/contents/c1/edit",
			[]string{"nav-contents", "nav-feed", "nav-staff", "nav-tokens", "nav-certification", "nav-creator", "nav-level"},
			[]string{"nav-become-creator", "nav-reviews", "nav-staff-verification", "nav-backoffice"}, "nav-contents"},
		{"content editor", authz.Actor{UserID: "u", SubAccountID: "s", Permissions: perms(authz.ReadContent, authz.SaveDraft, authz.VerifySubAccount)}, false, "/staff-verification",
			[]string{"nav-home", "nav-contents", "nav-staff-verification"},
			[]string{"nav-feed", "nav-staff", "nav-tokens", "nav-messages", "nav-earnings", "nav-security", "nav-exports"}, "nav-staff-verification"},
		{"reviewer", authz.Actor{UserID: "u", Roles: []string{authz.RoleReviewer}}, false, "/backoffice/reviews/r1",
			[]string{"nav-reviews", "nav-moderation", "nav-backoffice", "nav-restrictions-admin"},
			[]string{"nav-home", "nav-feed", "nav-contents", "nav-commission", "nav-channel-admin"}, "nav-reviews"},
		{"finance", authz.Actor{UserID: "u", Roles: []string{authz.RoleFinance}}, false, "/backoffice",
			[]string{"nav-commission", "nav-backoffice"},
			[]string{"nav-reviews", "nav-moderation", "nav-contents"}, "nav-backoffice"},
		{"operation account", authz.Actor{UserID: "u", OperationFor: "store"}, false, "/tasks/market",
			[]string{"nav-market", "nav-tasks"},
			[]string{"nav-contents", "nav-home", "nav-feed", "nav-channels", "nav-security"}, "nav-market"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var shown, current []string
			for _, g := range menuFor(tc.actor, visitorOf(tc.actor, tc.creator), tc.path) {
				for _, e := range g.Items {
					shown = append(shown, e.ID)
					if e.Current {
						current = append(current, e.ID)
					}
				}
			}
			for _, id := range tc.want {
				if !slices.Contains(shown, id) {
					t.Errorf("menu lacks %s: %v", id, shown)
				}
			}
			for _, id := range tc.unwanted {
				if slices.Contains(shown, id) {
					t.Errorf("menu offers %s: %v", id, shown)
				}
			}
			if len(current) != 1 || current[0] != tc.current {
				t.Errorf("current place %v, want %s", current, tc.current)
			}
		})
	}
}

// BenchmarkMenuFor measures building a creator's menu, which every page
// render does.
func BenchmarkMenuFor(b *testing.B) {
	a := authz.Actor{UserID: "u"}
	for b.Loop() {
		menuFor(a, creators, "/contents/c1/edit")
	}
}
