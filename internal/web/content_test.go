package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestConsoleEditorAndVersions(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/signup", url.Values{"email": {"mei@example.com"}, "nickname": {"mei"}, "password": {good}, "password_confirm": {good}})

		if w := b.do("POST", "/contents", url.Values{"type": {"poem"}}); w.Code != 422 || !strings.Contains(w.Body.String(), "field-error") {
			t.Fatalf("bad type: %d", w.Code)
		}
		w := b.do("POST", "/contents", url.Values{"type": {"post"}, "title": {"春日穿搭"}})
		if w.Code != http.StatusSeeOther || !strings.HasSuffix(w.Header().Get("Location"), "/edit") {
			t.Fatalf("create: %d %s", w.Code, w.Body.String())
		}
		edit := w.Header().Get("Location")
		page := b.do("GET", edit, nil).Body.String()
		if !strings.Contains(page, `data-version="1"`) || !strings.Contains(page, `value="春日穿搭"`) || !strings.Contains(page, "/static/autosave.js") {
			t.Fatalf("editor: %s", page)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")

		// Submitting uncertified names the certification; the draft stays.
		if w := b.do("POST", "/contents/"+id+"/submit", url.Values{}); w.Code != 403 || !strings.Contains(w.Body.String(), "certification") {
			t.Fatalf("uncertified submit: %d", w.Code)
		}
		if w := b.do("GET", "/contents/"+id+"/versions", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `/versions/1/restore`) {
			t.Fatalf("versions: %d", w.Code)
		}
		if w := b.do("POST", "/contents/"+id+"/versions/1/restore", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("restore: %d", w.Code)
		}
		if page := b.do("GET", edit+"?done=restored", nil).Body.String(); !strings.Contains(page, `data-version="2"`) || !strings.Contains(page, `id="flash"`) {
			t.Fatalf("after restore: %s", page)
		}
		list := b.do("GET", "/contents?type=post", nil).Body.String()
		if !strings.Contains(list, `id="type-tabs"`) || !strings.Contains(list, `data-id="`+id+`"`) {
			t.Fatalf("list: %s", list)
		}
		if w := b.do("GET", "/contents?from=yesterday", nil); w.Code != 422 {
			t.Fatalf("bad date: %d", w.Code)
		}
		if w := b.do("POST", "/contents/"+id+"/manage", url.Values{"action": {"pin"}}); w.Code != 422 {
			t.Fatalf("pin a draft: %d", w.Code)
		}
		if w := b.do("POST", "/contents/"+id+"/manage", url.Values{"action": {"delete"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("delete: %d", w.Code)
		}
		if list := b.do("GET", "/contents", nil).Body.String(); strings.Contains(list, `data-id="`+id+`"`) {
			t.Fatal("deleted content listed")
		}
		// The owner's homepage shows the empty state; an unknown account is not found.
		mei, _, err := env.Accounts.FindCredentials(context.Background(), "mei")
		testkit.Must(t, err)
		if w := newBrowser(t, env.Handler).do("GET", "/accounts/"+mei.ID, nil); w.Code != 200 || !strings.Contains(w.Body.String(), `id="homepage-empty"`) {
			t.Fatalf("public page: %d", w.Code)
		}
		if w := newBrowser(t, env.Handler).do("GET", "/accounts/"+id, nil); w.Code != http.StatusNotFound {
			t.Fatalf("public page of a content id: %d", w.Code)
		}
		if w := b.do("GET", "/static/autosave.js", nil); w.Code != 200 || !strings.Contains(w.Body.String(), "localStorage") {
			t.Fatalf("autosave.js: %d", w.Code)
		}
	})
}

func TestBackOfficeModerationRules(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env, b := reviewerBrowser(t, d)
		page := b.do("GET", "/backoffice/moderation", nil).Body.String()
		if !strings.Contains(page, `data-id="seed-slimming"`) {
			t.Fatalf("rules page: %s", page)
		}
		if w := b.do("POST", "/backoffice/moderation", url.Values{"kind": {"banned"}, "label": {""}, "pattern": {"("}, "severity": {"reject"}}); w.Code != 422 ||
			!strings.Contains(w.Body.String(), `id="pattern-error"`) {
			t.Fatalf("bad rule: %d", w.Code)
		}
		if w := b.do("POST", "/backoffice/moderation", url.Values{"kind": {"banned"}, "label": {"Test"}, "pattern": {"禁词"}, "severity": {"reject"}, "scopes": {"content", "comment"}, "enabled": {"1"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("add rule: %d %s", w.Code, w.Body.String())
		}
		if w := b.do("POST", "/backoffice/moderation/seed-superlative", url.Values{"kind": {"claim"}, "label": {"Absolute claim"}, "pattern": {"最好"}, "severity": {"reject"}, "scopes": {"content", "comment"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("change rule: %d", w.Code)
		}
		rules, err := env.Moderation.FindRuleHistory(authz.WithActor(context.Background(), authz.Actor{UserID: "ops", Roles: []string{authz.RoleReviewer}}), "seed-superlative")
		testkit.Must(t, err)
		if len(rules) != 1 || rules[0].Enabled || rules[0].Severity != "reject" {
			t.Fatalf("history: %+v", rules)
		}
		creator := newBrowser(t, env.Handler)
		creator.do("POST", "/signup", url.Values{"email": {"c@example.com"}, "nickname": {"c1"}, "password": {good}, "password_confirm": {good}})
		if w := creator.do("GET", "/backoffice/moderation", nil); w.Code != 403 {
			t.Fatalf("a creator opened the rules: %d", w.Code)
		}
	})
}
