package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// enterpriseWorld is an enterprise login holding three creator accounts,
// certified and granted graphic posts, and a fan.
type enterpriseWorld struct {
	*creatorWorld
	ent, entID string
	accounts   []string // creator account ids, oldest first
	fan        string
}

func newEnterpriseWorld(t *testing.T, d *db.DB) *enterpriseWorld {
	w := &enterpriseWorld{creatorWorld: newCreatorWorld(t, d)}
	w.ent, w.entID = w.signUp("lumi")
	w.verifyEnterprise(w.ent, "Lumi 美妆有限公司")
	for _, name := range []string{"Lumi Daily", "Lumi Outdoor", "Lumi Kids"} {
		a := w.call("POST", "/api/v1/creator-accounts", w.ent, map[string]any{"type": "creator", "name": name})
		a.Expect(t, http.StatusCreated, "")
		w.accounts = append(w.accounts, a.String("id"))
	}
	doc := w.upload(w.ent, "document", pngBytes).String("id")
	cert := w.call("POST", "/api/v1/certifications", w.ent, map[string]any{"creator_account_id": w.accounts[0], "kind": "organization",
		"documents": []string{doc}, "domain_focus": "sports_outdoor"})
	cert.Expect(t, http.StatusCreated, "")
	w.call("POST", "/api/v1/review-queue/"+cert.String("id")+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
	app := w.call("POST", "/api/v1/capability-applications", w.ent, map[string]any{"capability": "graphic_post", "material": "三年创作经验：https://example.com/lumi"})
	app.Expect(t, http.StatusCreated, "")
	w.call("POST", "/api/v1/review-queue/"+app.String("id")+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
	w.ent = w.login("lumi")
	w.fan, _ = w.signUp("fan")
	return w
}

// as calls the API as the enterprise acting as creator account id ("" : the
// default).
func (w *enterpriseWorld) as(id, method, path string, body any) testkit.Answer {
	c := w.c
	c.Header = http.Header{"Helio-Account": {id}}
	if id == "" {
		c.Header = nil
	}
	return c.Call(w.t, method, path, w.ent, body)
}

// publishAs writes, gets approved and pushes to the feed a post as the
// creator account id, and answers the content.
func (w *enterpriseWorld) publishAs(id, title string) testkit.Answer {
	c := w.as(id, "POST", "/api/v1/contents", map[string]any{"type": "post", "title": title, "body": title + "：今天的分享"})
	c.Expect(w.t, http.StatusCreated, "")
	w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", w.ent, nil).Expect(w.t, http.StatusOK, "")
	w.call("POST", "/api/v1/review-queue/"+c.String("id")+"/approve", w.ops, nil).Expect(w.t, http.StatusOK, "")
	w.call("POST", "/api/v1/contents/"+c.String("id")+"/push", w.ent, map[string]any{"targets": []string{"feed"}}).
		Expect(w.t, http.StatusOK, "")
	return c
}

// titlesOf lists the titles of a homepage's or a feed's items.
func titlesOf(items []any, content func(map[string]any) map[string]any) []string {
	var out []string
	for _, it := range items {
		out = append(out, content(it.(map[string]any))["title"].(string))
	}
	return out
}

// TestCreatorAccountIsThePublicIdentity (issue 13 item 3): an enterprise
// with three creator accounts publishes as the 2nd and the 3rd (the API
// names the acting account in Helio-Account); each homepage shows only its
// own content, under its own name; a fan following the 3rd sees only its
// posts in the feed, with the 3rd as author; a login cannot act for
// someone else's account (403); a sub-account writes as its main account's
// 2nd account but may do only what its permissions grant; and the
// console's switcher, remembered in the session, changes the account new
// content is written as.
func TestCreatorAccountIsThePublicIdentity(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newEnterpriseWorld(t, d)
		first := w.publishAs("", "日常第一篇")
		if first.String("account_id") != w.entID || first.String("creator_account_id") != w.accounts[0] {
			t.Fatalf("the default acting account is the first: %s", first.Raw)
		}
		second := w.publishAs(w.accounts[1], "户外第一篇")
		if second.String("account_id") != w.accounts[1] || second.String("creator_account_id") != w.accounts[1] ||
			second.Header.Get("Helio-Account") != w.accounts[1] {
			t.Fatalf("content written as the 2nd account: %v %s", second.Header, second.Raw)
		}
		w.publishAs(w.accounts[2], "亲子第一篇")
		w.publishAs(w.accounts[2], "亲子第二篇")

		home := func(id string) (string, []string) {
			h := w.call("GET", "/api/v1/accounts/"+id, w.fan, nil)
			h.Expect(t, http.StatusOK, "")
			return h.String("name"), titlesOf(h.Body["contents"].([]any), func(m map[string]any) map[string]any { return m })
		}
		for _, tc := range []struct {
			id, name string
			want     []string
		}{
			{w.entID, "Lumi Daily", []string{"日常第一篇"}},
			{w.accounts[0], "Lumi Daily", []string{"日常第一篇"}},
			{w.accounts[1], "Lumi Outdoor", []string{"户外第一篇"}},
			{w.accounts[2], "Lumi Kids", []string{"亲子第二篇", "亲子第一篇"}},
		} {
			if name, got := home(tc.id); name != tc.name || !slices.Equal(got, tc.want) {
				t.Errorf("homepage %s: %s %q, want %s %q", tc.id, name, got, tc.name, tc.want)
			}
		}

		// The management list shows the acting account's content only.
		listed := func(account string) []string {
			l := w.as(account, "GET", "/api/v1/contents", nil)
			l.Expect(t, http.StatusOK, "")
			return titlesOf(l.Body["items"].([]any), func(m map[string]any) map[string]any { return m })
		}
		if got := listed(w.accounts[2]); !slices.Equal(got, []string{"亲子第二篇", "亲子第一篇"}) {
			t.Fatalf("the 3rd account's content list: %q", got)
		}
		if got := listed(""); !slices.Equal(got, []string{"日常第一篇"}) {
			t.Fatalf("the first account's content list: %q", got)
		}

		w.call("PUT", "/api/v1/follows/"+w.accounts[2], w.fan, nil).Expect(t, http.StatusOK, "")
		w.env.DrainJobs(t)
		f := w.call("GET", "/api/v1/feed", w.fan, nil)
		f.Expect(t, http.StatusOK, "")
		items := f.Body["items"].([]any)
		if got := titlesOf(items, func(m map[string]any) map[string]any { return m["content"].(map[string]any) }); !slices.Equal(got, []string{"亲子第二篇", "亲子第一篇"}) {
			t.Fatalf("the fan's feed: %q", got)
		}
		if a := items[0].(map[string]any)["author"].(map[string]any); a["id"] != w.accounts[2] || a["name"] != "Lumi Kids" {
			t.Fatalf("feed author: %v", a)
		}
		if c := w.call("GET", "/api/v1/accounts/"+w.accounts[2], w.fan, nil); c.Body["followers"] != float64(1) ||
			w.call("GET", "/api/v1/accounts/"+w.entID, w.fan, nil).Body["followers"] != float64(0) {
			t.Fatalf("follower counts belong to the account: %s", c.Raw)
		}
		w.as(w.accounts[1], "PUT", "/api/v1/follows/"+w.accounts[2], nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "account_id")

		// Nobody acts for someone else's account, by the API or the console.
		foreign := testkit.Client{Handler: w.env.Handler, Header: http.Header{"Helio-Account": {w.accounts[1]}}}
		foreign.Call(t, "POST", "/api/v1/contents", w.fan, map[string]any{"type": "post", "title": "冒充"}).Expect(t, http.StatusForbidden, "forbidden")
		if rec := w.console("POST", "/account", w.fan, url.Values{"account_id": {w.accounts[1]}, "next": {"/"}}.Encode()); rec.Code != http.StatusForbidden {
			t.Fatalf("switching to someone else's account: %d", rec.Code)
		}

		// A sub-account acts for its main account's accounts, as its permissions grant.
		w.call("POST", "/api/v1/sub-accounts", w.ent, map[string]any{"name": "editor01", "password": good, "position": "content_editor"}).
			Expect(t, http.StatusCreated, "")
		sub := w.call("POST", "/api/v1/sessions", "", map[string]any{"login": "lumi@editor01", "password": good})
		sub.Expect(t, http.StatusCreated, "")
		staff := testkit.Client{Handler: w.env.Handler, Header: http.Header{"Helio-Account": {w.accounts[1]}}}
		if d := staff.Call(t, "POST", "/api/v1/contents", sub.String("token"), map[string]any{"type": "post", "title": "编辑代写"}); d.Status != http.StatusCreated ||
			d.String("account_id") != w.accounts[1] || d.String("owner_id") != w.entID {
			t.Fatalf("a sub-account writing as the 2nd account: %s", d.Raw)
		}
		staff.Call(t, "POST", "/api/v1/contents/"+second.String("id")+"/feature", sub.String("token"), nil).Expect(t, http.StatusForbidden, "forbidden")

		// The console's switcher: names, the acting one selected, remembered.
		page := w.console("GET", "/contents", w.ent, "").Body.String()
		for _, want := range []string{`id="account-switch"`, ">Lumi Daily<", ">Lumi Outdoor<", ">Lumi Kids<",
			`value="` + w.accounts[0] + `" selected`} {
			if !strings.Contains(page, want) {
				t.Fatalf("the switcher lacks %s", want)
			}
		}
		if rec := w.console("POST", "/account", w.ent, url.Values{"account_id": {w.accounts[2]}, "next": {"/contents"}}.Encode()); rec.Code != http.StatusSeeOther {
			t.Fatalf("switch: %d %s", rec.Code, rec.Body)
		}
		if page := w.console("GET", "/contents", w.ent, "").Body.String(); !strings.Contains(page, `value="`+w.accounts[2]+`" selected`) ||
			!strings.Contains(page, "亲子第一篇") || strings.Contains(page, "户外第一篇") {
			t.Fatalf("the switch is not remembered, or the list is not the 3rd account's")
		}
		c := w.call("POST", "/api/v1/contents", w.ent, map[string]any{"type": "post", "title": "切换之后"})
		if c.String("account_id") != w.accounts[2] || c.Header.Get("Helio-Account") != w.accounts[2] {
			t.Fatalf("after the switch content is the 3rd account's: %s", c.Raw)
		}
		if only := w.console("GET", "/contents", w.fan, "").Body.String(); strings.Contains(only, `id="account-switch"`) {
			t.Fatalf("a login without several accounts gets a switcher")
		}
	})
}
