package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/i18n"
)

// isHTMX reports whether htmx sent the request (it then wants a fragment).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// fragment writes one named template of page name, without the layout,
// for htmx to swap in.
func (c *Console) fragment(w http.ResponseWriter, r *http.Request, name, fragment string, p page) {
	lang := i18n.FromContext(r.Context())
	p.Lang, p.Path, p.Actor = string(lang), r.URL.Path, authz.ActorFrom(r.Context())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := c.pages[lang][name]().ExecuteTemplate(w, fragment, p); err != nil {
		c.deps.Logger.Error("render fragment", "page", name, "fragment", fragment, "err", err)
	}
}

// feedData is one page of the reader's follower feed in one tab.
type feedData struct {
	Tab   string
	Tabs  []string
	Items []feed.Push
	Next  string
	// Fragment is set when htmx appends the page: its first card takes the
	// focus the "Load more" link had (htmx focuses autofocus elements).
	Fragment bool
}

// feedPage shows the follower feed by tab, newest push first, with "Load
// more" (htmx appends the next page; without JavaScript the link opens it).
func (c *Console) feedPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := feedData{Tab: q.Get("tab"), Tabs: feed.Tabs}
	if d.Tab == "" {
		d.Tab = feed.TabAll
	}
	p := page{Title: "Feed", Data: &d}
	items, next, err := c.deps.Feed.FindFeed(r.Context(), d.Tab, db.Page{Cursor: q.Get("cursor")})
	if err != nil {
		if !slices.Contains(feed.Tabs, d.Tab) {
			d.Tab = ""
		}
		c.fail(w, r, "feed.html", p, err)
		return
	}
	d.Items, d.Next = items, next
	if isHTMX(r) && q.Get("cursor") != "" {
		d.Fragment = true
		c.fragment(w, r, "feed.html", "feed-items", p)
		return
	}
	c.render(w, r, http.StatusOK, "feed.html", p)
}

// homepageData is an account's homepage as the console shows it.
type homepageData struct {
	feed.Homepage
	// Cursor is set on a later page of the content (Contents then holds it).
	Cursor string
	// FollowRefusal says why the reader cannot follow ("" when they can).
	FollowRefusal string
	// Confirm asks the reader to confirm an unfollow.
	Confirm bool
	// Back is where the follow forms return to.
	Back string
	// Fragment is set when htmx appends a page of content (see feedData).
	Fragment bool
}

// homepageOf loads the homepage of the request's account, with the page of
// content the cursor asks for.
func (c *Console) homepageOf(r *http.Request) (homepageData, error) {
	ctx, id := r.Context(), r.PathValue("id")
	h, err := c.deps.Feed.FindHomepage(ctx, id)
	if err != nil {
		return homepageData{}, err
	}
	d := homepageData{Homepage: h, Back: "/accounts/" + url.PathEscape(id)}
	if a := authz.ActorFrom(ctx); !a.Anonymous() && !h.Viewer.Self {
		if err := authz.Check(a, authz.Follow, nil); err != nil {
			d.FollowRefusal = apperr.From(err).MessageIn(i18n.FromContext(ctx))
		}
	}
	if cursor := r.URL.Query().Get("cursor"); cursor != "" {
		d.Cursor = cursor
		d.Contents, d.NextCursor, err = c.deps.Contents.FindPublished(ctx, h.ID, db.Page{Cursor: cursor})
	}
	return d, err
}

// homepage is an account's public page: profile, counts, the follow
// buttons and its published content, pinned and featured first.
func (c *Console) homepage(w http.ResponseWriter, r *http.Request) {
	d, err := c.homepageOf(r)
	p := page{Title: "Homepage", Data: d, Flash: r.URL.Query().Get("done")}
	if err != nil {
		c.fail(w, r, "homepage.html", p, err)
		return
	}
	if isHTMX(r) && d.Cursor != "" {
		d.Fragment = true
		p.Data = d
		c.fragment(w, r, "homepage.html", "homepage-items", p)
		return
	}
	c.render(w, r, http.StatusOK, "homepage.html", p)
}

// follow runs one follow action from a homepage or a list: follow,
// special (follow specially), plain (keep following, not specially) or
// unfollow, which asks for confirmation first. It returns to the page it
// came from with a flash.
func (c *Console) follow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	home := "/accounts/" + url.PathEscape(id)
	if authz.ActorFrom(r.Context()).Anonymous() {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(home), http.StatusSeeOther)
		return
	}
	ctx, action := r.Context(), r.PostFormValue("action")
	var err error
	switch action {
	case "follow", "plain":
		_, err = c.deps.Feed.Follow(ctx, id, false)
	case "special":
		_, err = c.deps.Feed.Follow(ctx, id, true)
	case "unfollow":
		if r.PostFormValue("confirm") != "yes" {
			d, err := c.homepageOf(r)
			d.Confirm, d.Back = true, safeNext(r.PostFormValue("next"))
			c.show(w, r, "homepage.html", page{Title: "Homepage", Data: d}, err)
			return
		}
		err = c.deps.Feed.Unfollow(ctx, id)
	default:
		err = apperr.Field("action", "must be one of %s", "follow, unfollow, special, plain")
	}
	if err != nil {
		d, herr := c.homepageOf(r)
		if herr != nil {
			err = herr
		}
		c.fail(w, r, "homepage.html", page{Title: "Homepage", Data: d}, err)
		return
	}
	back := safeNext(r.PostFormValue("next"))
	if back == "/" {
		back = home
	}
	u, _ := url.Parse(back)
	q := u.Query()
	q.Set("done", action)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// followsData is a page of an account's followers or of the accounts it
// follows.
type followsData struct {
	Account creator.Profile
	// Followers is set for the followers list, unset for the following list.
	Followers bool
	// Own is set when readers look at their own following list (special
	// marks show there).
	Own   bool
	Items []feed.Follow
	Next  string
}

// followsPage lists an account's followers or followings, newest first.
func (c *Console) followsPage(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	d := followsData{Followers: r.Pattern == "GET /accounts/{id}/followers"}
	title := "Following"
	if d.Followers {
		title = "Followers"
	}
	p := page{Title: title, Data: &d}
	pg := db.Page{Cursor: r.URL.Query().Get("cursor")}
	var err error
	if d.Followers {
		d.Items, d.Next, err = c.deps.Feed.FindFollowers(ctx, id, pg)
	} else {
		d.Items, d.Next, err = c.deps.Feed.FindFollowing(ctx, id, pg)
	}
	if err == nil {
		d.Account, err = c.deps.Creators.FindProfile(ctx, id)
	}
	d.Own = !d.Followers && authz.ActorFrom(ctx).UserID == id
	if err != nil {
		c.fail(w, r, "follows.html", p, err)
		return
	}
	c.render(w, r, http.StatusOK, "follows.html", p)
}

// excerpt shortens text to at most n characters for a feed card.
func excerpt(text string, n int) string {
	runes := []rune(text)
	if len(runes) <= n {
		return text
	}
	return string(runes[:n]) + "…"
}

// picture is the image a feed card shows for content: its cover, else its
// first image ("" when it has none).
func picture(p content.Published) string { return content.PictureOf(p.Type, p.Cover, p.Media) }
