package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// count returns how many elements match a CSS selector.
func count(t *testing.T, ctx context.Context, css string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+css+"`"+`).length`))
	testkit.Must(t, err)
	return n
}

// TestFanFollowsAndReadsTheFeed: the demo fan's feed is full as soon as
// the server is up, and its author links lead to the creators' homepages.
// A new fan opens 小雅穿搭's homepage from there, follows with the
// keyboard, finds her pushed posts in the feed, sees the special tab
// empty, marks the follow special and finds her posts in the special tab.
func TestFanFollowsAndReadsTheFeed(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			url := startHelio(t, dialect)
			creator := demo.People[0]
			steps := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn("小鹿爱逛")...)
			steps = append(steps,
				chromedp.Click(chromedp.ID("nav-feed")),
				chromedp.WaitVisible(chromedp.CSS(`#feed .feed-item`)),
			)
			testkit.Must(t, chromedp.Do(ctx, steps...))
			if n := count(t, ctx, "#feed .feed-item"); n != 5 {
				t.Fatalf("the demo fan's feed has %d posts, want 5", n)
			}
			home, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#feed a.author-link")]
				.find(a => a.textContent === "`+creator.Nickname+`").getAttribute("href")`))
			testkit.Must(t, err)
			if !strings.HasPrefix(home, "/accounts/") {
				t.Fatalf("author link %q", home)
			}

			// A new fan: an empty feed that explains itself.
			testkit.Must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login"))))
			signUp(t, ctx, url, "newfan")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("nav-feed")),
				chromedp.WaitVisible(chromedp.ID("feed-empty")),
			))
			if empty := text(t, ctx, "feed-empty"); !strings.Contains(empty, "Follow accounts") {
				t.Fatalf("empty feed says %q", empty)
			}

			// Follow from the homepage with the keyboard.
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+home),
				chromedp.WaitVisible(chromedp.ID("follow-button")),
				chromedp.Focus(chromedp.ID("follow-button")),
				chromedp.KeyEvent("\r"),
				chromedp.WaitVisible(chromedp.ID("following-state")),
			))
			if flash := text(t, ctx, "flash"); !strings.Contains(flash, "You follow this account now") {
				t.Fatalf("flash after following: %q", flash)
			}
			// The demo fan and 20 of the demo crowd followed her before.
			if n := text(t, ctx, "followers-count"); n != "22" {
				t.Fatalf("followers after following: %q", n)
			}

			// The feed has her pushed posts; the special tab is empty until the follow is special.
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("nav-feed")),
				chromedp.WaitVisible(chromedp.CSS(`#feed .feed-item`)),
			))
			if feed := text(t, ctx, "feed"); !strings.Contains(feed, creator.Posts[0].Headline) || !strings.Contains(feed, creator.Nickname) {
				t.Fatalf("the feed shows %q", feed)
			}
			if n := count(t, ctx, "#feed .feed-item"); n != len(creator.Posts) {
				t.Fatalf("the feed has %d posts, want %d", n, len(creator.Posts))
			}
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("tab-special")),
				chromedp.WaitVisible(chromedp.CSS(`#tab-special[aria-current="page"]`)),
				chromedp.WaitVisible(chromedp.ID("feed-empty")),
				chromedp.Navigate(url+home),
				chromedp.WaitVisible(chromedp.ID("special-toggle")),
				chromedp.Click(chromedp.ID("special-toggle")),
				chromedp.WaitVisible(chromedp.ID("special-state")),
				chromedp.Click(chromedp.ID("nav-feed")),
				chromedp.WaitVisible(chromedp.ID("tab-special")),
				chromedp.Click(chromedp.ID("tab-special")),
				chromedp.WaitVisible(chromedp.CSS(`#tab-special[aria-current="page"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#feed .feed-item`)),
			))
			if n := count(t, ctx, "#feed .feed-item"); n != len(creator.Posts) {
				t.Fatalf("the special tab has %d posts, want %d", n, len(creator.Posts))
			}
		})
	}
}

// api calls the server's REST API as token and decodes the answer's body,
// failing on an error status.
func api(t *testing.T, url, method, path, token string, body any) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	testkit.Must(t, err)
	r, err := http.NewRequest(method, url+path, bytes.NewReader(b))
	testkit.Must(t, err)
	r.Header.Set("Content-Type", "application/json")
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(r)
	testkit.Must(t, err)
	defer resp.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s = %d %v", method, path, resp.StatusCode, out)
	}
	return out
}

// TestHomepageLoadsMoreInPlace: with more posts than a page holds (made
// through the API), "Load more" on a homepage appends the next page in
// place through htmx, moves the focus to its first post, and the page's
// address stays the same.
func TestHomepageLoadsMoreInPlace(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			url := startHelio(t, dialect)
			creator := demo.People[0]
			token := api(t, url, "POST", "/api/v1/sessions", "", map[string]any{"login": creator.Nickname, "password": demo.Password})["token"].(string)
			ops := api(t, url, "POST", "/api/v1/sessions", "", map[string]any{"login": "ops", "password": demo.Password})["token"].(string)
			extra := 17 // with the demo's 4 posts, one more than a page of 20
			for i := range extra {
				id := api(t, url, "POST", "/api/v1/contents", token, map[string]any{"type": "post", "title": fmt.Sprintf("加更第%d篇", i),
					"body": "今天的通勤搭配：针织衫和阔腿裤。"})["id"].(string)
				api(t, url, "POST", "/api/v1/contents/"+id+"/submit", token, map[string]any{})
				api(t, url, "POST", "/api/v1/review-queue/"+id+"/approve", ops, nil)
			}
			me := api(t, url, "GET", "/api/v1/me", token, nil)["id"].(string)
			home := url + "/accounts/" + me
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(home),
				chromedp.WaitVisible(chromedp.CSS("#homepage-more a")),
			))
			if n := count(t, ctx, "#published > li.card"); n != 20 {
				t.Fatalf("the first page has %d posts", n)
			}
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Focus(chromedp.CSS("#homepage-more a")),
				chromedp.KeyEvent("\r"),
				chromedp.WaitNotPresent(chromedp.ID("homepage-more")),
				chromedp.WaitReady(chromedp.CSS("#published > li.card h3 a:focus")),
			))
			if n := count(t, ctx, "#published > li.card"); n != len(creator.Posts)+extra {
				t.Fatalf("after loading more the homepage has %d posts, want %d", n, len(creator.Posts)+extra)
			}
			at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
			testkit.Must(t, err)
			if at != home {
				t.Fatalf("loading more moved the page to %s", at)
			}
		})
	}
}
