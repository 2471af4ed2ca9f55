package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// signUp signs a person up in a fresh browser and answers it with the
// account's id.
func signUp(t *testing.T, env *apptest.Env, nickname string) (*browser, string) {
	t.Helper()
	b := newBrowser(t, env.Handler)
	if w := b.do("POST", "/signup", url.Values{"email": {nickname + "@example.com"}, "nickname": {nickname},
		"password": {good}, "password_confirm": {good}}); w.Code != http.StatusSeeOther {
		t.Fatalf("sign-up of %s = %d", nickname, w.Code)
	}
	u, _, err := env.Accounts.FindCredentials(context.Background(), nickname)
	testkit.Must(t, err)
	return b, u.ID
}

// publishPost publishes a post of b's account with title and body (and,
// with products, placing a product) and pushes it to the follower feed
// through the console; a minute passes on the clock after each.
func publishPost(t *testing.T, env *apptest.Env, b *browser, title, body string, products bool) string {
	t.Helper()
	edit := b.do("POST", "/contents", url.Values{"type": {"post"}, "title": {title}}).Header().Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")
	fields := `{"title":"` + title + `","body":"` + body + `"}`
	if products {
		fields = `{"title":"` + title + `","body":"` + body + `","products":[{"id":"sku-` + id + `"}]}`
	}
	_, err := env.DB.Exec(context.Background(), `UPDATE contents SET body = ?, fields = ? WHERE id = ?`, body, fields, id)
	testkit.Must(t, err)
	publishForTest(t, env.DB, id)
	if w := b.do("POST", "/contents/"+id+"/manage", url.Values{"action": {"push"}, "targets": {"feed"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("push %s = %d\n%s", title, w.Code, w.Body)
	}
	env.Clock.Advance(time.Minute)
	return id
}

// htmx requests path as htmx does, with b's cookies.
func (b *browser) htmx(path string) *httptest.ResponseRecorder {
	b.t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	r.Header.Set("HX-Request", "true")
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, r)
	return w
}

// page answers the body of a GET that must succeed.
func (b *browser) page(path string) string {
	b.t.Helper()
	w := b.do("GET", path, nil)
	if w.Code != http.StatusOK {
		b.t.Fatalf("GET %s = %d\n%s", path, w.Code, w.Body)
	}
	return w.Body.String()
}

var (
	feedItem  = regexp.MustCompile(`<li class="card feed-item" data-id="([^"]+)"`)
	moreLink  = regexp.MustCompile(`href="(/feed\?tab=[a-z]+&amp;cursor=[^"]+)"`)
	countOf   = func(id string) *regexp.Regexp { return regexp.MustCompile(`id="` + id + `">(\d+)<`) }
	homeItems = regexp.MustCompile(`<li class="card" data-id="([^"]+)" id="content-`)
)

func mustCount(t *testing.T, body, id string, want int) {
	t.Helper()
	m := countOf(id).FindStringSubmatch(body)
	if m == nil || m[1] != fmt.Sprint(want) {
		t.Fatalf("%s = %v, want %d\n%s", id, m, want, body)
	}
}

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Fatalf("%s lacks %s:\n%s", what, w, body)
		}
	}
}

func lacks(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Fatalf("%s shows %s:\n%s", what, w, body)
		}
	}
}

// TestConsoleFeed: a fan's empty feed explains itself in each tab; after
// following a creator (through the homepage's form) and the fan-out, the
// feed shows the pushed posts newest first in pages, by plain link and by
// htmx; the tabs filter; a special follow fills the special tab; a bad
// tab is a field error; anonymous visitors are sent to log in.
func TestConsoleFeed(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		fan, _ := signUp(t, env, "fan")
		amy, amyID := signUp(t, env, "amy")

		if w := newBrowser(t, env.Handler).do("GET", "/feed", nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Ffeed" {
			t.Fatalf("anonymous feed = %d %s", w.Code, w.Header().Get("Location"))
		}
		body := fan.page("/feed")
		contains(t, "empty feed", body, `id="nav-feed" aria-current="page"`, `id="tab-all" aria-current="page"`,
			`href="/feed?tab=new"`, `href="/feed?tab=video"`, `href="/feed?tab=special"`, `href="/feed?tab=creators"`,
			`id="feed-empty"`, "Follow accounts to see their posts here")
		for tab, text := range map[string]string{"new": "place products", "video": "Short videos", "special": "Mark as special follow",
			"creators": "not shops or brands"} {
			body := fan.page("/feed?tab=" + tab)
			contains(t, tab+" tab", body, `id="tab-`+tab+`" aria-current="page"`, `id="feed-empty"`, text)
			lacks(t, tab+" tab", body, `id="tab-all" aria-current`)
		}
		if w := fan.do("GET", "/feed?tab=radio", nil); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="tab-error"`) {
			t.Fatalf("bad tab = %d\n%s", w.Code, w.Body)
		}
		if w := fan.do("GET", "/feed?cursor=nonsense", nil); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="cursor-error"`) {
			t.Fatalf("bad cursor = %d\n%s", w.Code, w.Body)
		}

		// Follow through the homepage's form, then amy publishes 21 posts.
		if w := fan.do("POST", "/accounts/"+amyID+"/follow", url.Values{"action": {"follow"}, "next": {"/accounts/" + amyID}}); w.Code != http.StatusSeeOther ||
			w.Header().Get("Location") != "/accounts/"+amyID+"?done=follow" {
			t.Fatalf("follow = %d %s", w.Code, w.Header().Get("Location"))
		}
		var ids []string
		for i := range 21 {
			ids = append(ids, publishPost(t, env, amy, fmt.Sprintf("穿搭第%d篇", i), fmt.Sprintf("第%d篇：%s", i, strings.Repeat("白衬衫配牛仔裤，", 30)), i == 3))
		}
		if body := fan.page("/feed"); !strings.Contains(body, `id="feed-empty"`) {
			t.Fatalf("the feed filled before the fan-out ran:\n%s", body)
		}
		env.DrainJobs(t)

		// The first page: 20 posts, newest first, with author, links, type, excerpt and the next link.
		body = fan.page("/feed")
		items := feedItem.FindAllStringSubmatch(body, -1)
		if len(items) != 20 || items[0][1] != ids[20] || items[19][1] != ids[1] {
			t.Fatalf("first page has %d items:\n%s", len(items), body)
		}
		contains(t, "feed card", body, `href="/accounts/`+amyID+`" class="author-link">amy<`, `href="/c/`+ids[20]+`" class="content-link">穿搭第20篇<`,
			"Post", "第20篇：白衬衫配牛仔裤", "…", `hx-get="/feed?tab=all&amp;cursor=`)
		lacks(t, "feed card", body, strings.Repeat("白衬衫配牛仔裤，", 30), "autofocus")
		next := strings.ReplaceAll(moreLink.FindStringSubmatch(body)[1], "&amp;", "&")
		// Without JavaScript the link opens the next page; htmx gets a fragment to append.
		body = fan.page(next)
		if items := feedItem.FindAllStringSubmatch(body, -1); len(items) != 1 || items[0][1] != ids[0] || strings.Contains(body, `id="feed-more"`) {
			t.Fatalf("second page:\n%s", body)
		}
		w := fan.htmx(next)
		if frag := w.Body.String(); w.Code != 200 || strings.Contains(frag, "<html") || len(feedItem.FindAllString(frag, -1)) != 1 ||
			!strings.Contains(frag, `class="content-link" autofocus>`) {
			t.Fatalf("htmx page = %d\n%s", w.Code, frag)
		}

		// Tabs: new arrivals are the posts placing products; special is empty until marked.
		body = fan.page("/feed?tab=new")
		if items := feedItem.FindAllStringSubmatch(body, -1); len(items) != 1 || items[0][1] != ids[3] || !strings.Contains(body, "Places products") {
			t.Fatalf("new arrivals:\n%s", body)
		}
		contains(t, "special tab", fan.page("/feed?tab=special"), `id="feed-empty"`)
		if w := fan.do("POST", "/accounts/"+amyID+"/follow", url.Values{"action": {"special"}}); w.Code != http.StatusSeeOther ||
			w.Header().Get("Location") != "/accounts/"+amyID+"?done=special" {
			t.Fatalf("special = %d %s", w.Code, w.Header().Get("Location"))
		}
		if items := feedItem.FindAllString(fan.page("/feed?tab=special"), -1); len(items) != 20 {
			t.Fatalf("special tab has %d items", len(items))
		}
		if items := feedItem.FindAllString(fan.page("/feed?tab=creators"), -1); len(items) != 20 {
			t.Fatalf("creators tab has %d items", len(items))
		}
		contains(t, "video tab", fan.page("/feed?tab=video"), `id="feed-empty"`)

		// In Chinese.
		fan.do("POST", "/lang", url.Values{"lang": {"zh"}, "next": {"/feed"}})
		contains(t, "Chinese feed", fan.page("/feed?tab=video"), "关注动态", "上新", "还没有视频")
	})
}

// TestConsoleHomepageAndFollows: the homepage shows the profile, counts
// and content (pinned and featured first, then pages); follow, special,
// plain and a confirmed unfollow change the counts and the lists; self,
// anonymous and sub-account readers see what fits them.
func TestConsoleHomepageAndFollows(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		fan, fanID := signUp(t, env, "fan")
		amy, amyID := signUp(t, env, "amy")
		home := "/accounts/" + amyID
		anon := newBrowser(t, env.Handler)

		// Before anything: empty states, counts of 0, the right follow controls.
		body := anon.page(home)
		contains(t, "anonymous homepage", body, `id="profile-name">amy`, `id="homepage-empty"`, `id="login-to-follow"`,
			`href="/login?next=/accounts/`+amyID+`"`, "Joined on ")
		mustCount(t, body, "followers-count", 0)
		mustCount(t, body, "following-count", 0)
		lacks(t, "anonymous homepage", body, `id="follow-button"`, `id="self-note"`)
		if w := anon.do("POST", home+"/follow", url.Values{"action": {"follow"}}); w.Code != http.StatusSeeOther ||
			w.Header().Get("Location") != "/login?next="+url.QueryEscape(home) {
			t.Fatalf("anonymous follow = %d %s", w.Code, w.Header().Get("Location"))
		}
		body = amy.page(home)
		contains(t, "own homepage", body, `id="self-note"`)
		lacks(t, "own homepage", body, `id="follow-button"`, `id="login-to-follow"`)
		contains(t, "no followers", anon.page(home+"/followers"), `id="follows-empty"`, "No followers yet.")
		contains(t, "own empty following", fan.page("/accounts/"+fanID+"/following"), `id="follows-empty"`, "You follow nobody yet.")
		contains(t, "another's empty following", anon.page("/accounts/"+fanID+"/following"), "Follows nobody yet.")
		if w := anon.do("GET", "/accounts/no-such-account", nil); w.Code != http.StatusNotFound {
			t.Fatalf("unknown homepage = %d", w.Code)
		}
		if w := anon.do("GET", "/accounts/no-such-account/followers", nil); w.Code != http.StatusNotFound {
			t.Fatalf("unknown followers = %d", w.Code)
		}

		// Follow: flash, state, counts on both sides, lists.
		body = fan.page(home)
		contains(t, "homepage before following", body, `id="follow-button"`, `name="action" value="follow"`)
		if w := fan.do("POST", home+"/follow", url.Values{"action": {"dance"}}); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="form-error"`) {
			t.Fatalf("bad action = %d", w.Code)
		}
		if w := fan.do("POST", "/accounts/"+fanID+"/follow", url.Values{"action": {"follow"}}); w.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(w.Body.String(), "you cannot follow yourself") {
			t.Fatalf("following oneself = %d\n%s", w.Code, w.Body)
		}
		loc := fan.do("POST", home+"/follow", url.Values{"action": {"follow"}}).Header().Get("Location")
		body = fan.page(loc)
		contains(t, "homepage after following", body, `id="flash"`, "You follow this account now.", `id="following-state"`,
			`id="special-toggle" aria-pressed="false"`, `id="unfollow"`)
		mustCount(t, body, "followers-count", 1)
		mustCount(t, fan.page("/accounts/"+fanID), "following-count", 1)
		contains(t, "followers", anon.page(home+"/followers"), `<tr data-id="`+fanID+`">`, `href="/accounts/`+fanID+`">fan<`)

		// Special and plain, marked on one's own following list only.
		fan.do("POST", home+"/follow", url.Values{"action": {"special"}, "next": {"/accounts/" + fanID + "/following"}})
		body = fan.page("/accounts/" + fanID + "/following?done=special")
		contains(t, "own following", body, `<tr data-id="`+amyID+`">`, `class="badge special-mark"`)
		lacks(t, "another's view of the following", amy.page("/accounts/"+fanID+"/following"), `class="badge special-mark"`)
		contains(t, "special homepage", fan.page(home), `id="special-state"`, `id="special-toggle" aria-pressed="true"`, `value="plain"`)
		fan.do("POST", home+"/follow", url.Values{"action": {"plain"}})
		lacks(t, "plain homepage", fan.page(home), `id="special-state"`)

		// Unfollow asks first; cancelling changes nothing; confirming ends the follow.
		w := fan.do("POST", home+"/follow", url.Values{"action": {"unfollow"}, "next": {home}})
		contains(t, "unfollow confirmation", w.Body.String(), `id="unfollow-confirm"`, `name="confirm" value="yes"`, `id="unfollow-cancel"`)
		mustCount(t, fan.page(home), "followers-count", 1)
		if w := fan.do("POST", home+"/follow", url.Values{"action": {"unfollow"}, "confirm": {"yes"}, "next": {home}}); w.Code != http.StatusSeeOther {
			t.Fatalf("confirmed unfollow = %d", w.Code)
		}
		body = fan.page(home + "?done=unfollow")
		contains(t, "homepage after unfollowing", body, "You no longer follow this account.", `id="follow-button"`)
		mustCount(t, body, "followers-count", 0)

		// Content: 21 posts, the oldest pinned and another featured come first; pages of 20.
		var ids []string
		for i := range 21 {
			ids = append(ids, publishPost(t, env, amy, fmt.Sprintf("日记%d", i), "今天的分享", false))
		}
		amy.do("POST", "/contents/"+ids[0]+"/manage", url.Values{"action": {"pin"}})
		amy.do("POST", "/contents/"+ids[5]+"/manage", url.Values{"action": {"feature"}})
		body = anon.page(home)
		got := homeItems.FindAllStringSubmatch(body, -1)
		if len(got) != 20 || got[0][1] != ids[0] || got[1][1] != ids[5] || got[2][1] != ids[20] {
			t.Fatalf("homepage order (%d items):\n%s", len(got), body)
		}
		contains(t, "homepage badges", body, `class="badge pinned"`, `class="badge featured"`, `id="homepage-more"`)
		more := regexp.MustCompile(`href="(/accounts/[^"?]+\?cursor=[^"]+)"`).FindStringSubmatch(body)[1]
		body = anon.page(more)
		if got := homeItems.FindAllStringSubmatch(body, -1); len(got) != 1 || got[0][1] != ids[1] || !strings.Contains(body, `id="profile"`) {
			t.Fatalf("second homepage page:\n%s", body)
		}
		if frag := anon.htmx(more).Body.String(); strings.Contains(frag, "<html") || len(homeItems.FindAllString(frag, -1)) != 1 ||
			!strings.Contains(frag, `"/c/`+ids[1]+`" autofocus>`) {
			t.Fatalf("htmx homepage page:\n%s", frag)
		}

		// A sub-account may neither follow nor read a feed: the refusal shows, no Feed in the nav.
		fan.do("POST", "/staff", url.Values{"name": {"helper01"}, "password": {good}, "position": {"content_editor"},
			"permissions": {"content.read"}})
		// The staff member logs in on the fan's browser (a known device).
		staff := fan
		staff.do("POST", "/logout", url.Values{})
		if w := staff.do("POST", "/login", url.Values{"login": {"fan@helper01"}, "password": {good}, "next": {"/"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("sub-account log-in = %d\n%s", w.Code, w.Body)
		}
		w = staff.do("GET", "/feed", nil)
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "A sub-account cannot do this") || strings.Contains(w.Body.String(), `id="nav-feed"`) {
			t.Fatalf("sub-account feed = %d\n%s", w.Code, w.Body)
		}
		contains(t, "sub-account's view of a homepage", staff.page(home), `id="follow-refusal"`, "A sub-account cannot do this")
		if w := staff.do("POST", home+"/follow", url.Values{"action": {"follow"}}); w.Code != http.StatusForbidden {
			t.Fatalf("sub-account follow = %d", w.Code)
		}
		mustCount(t, anon.page(home), "followers-count", 0)
	})
}
