package web

import (
	"net/http"
	"net/url"

	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/i18n"
)

// thread is a comment with its replies.
type thread struct {
	content.Comment
	Replies []content.Comment
}

// commentsData is the creator's view of the comments on one content.
type commentsData struct {
	ID      string
	Threads []thread
}

// threads groups comments under the comment they reply to, keeping the
// order they came in (pinned first, then oldest first).
func threads(cs []content.Comment) []thread {
	var out []thread
	at := map[string]int{}
	for _, c := range cs {
		if c.ParentID == "" {
			at[c.ID] = len(out)
			out = append(out, thread{Comment: c})
		}
	}
	for _, c := range cs {
		if i, ok := at[c.ParentID]; ok {
			out[i].Replies = append(out[i].Replies, c)
		}
	}
	return out
}

// commentsPage lists the comments and replies on one of the actor's
// contents, held and hidden ones included, with their actions.
func (c *Console) commentsPage(w http.ResponseWriter, r *http.Request) {
	cs, err := c.deps.Contents.FindComments(r.Context(), r.PathValue("id"))
	d := commentsData{ID: r.PathValue("id"), Threads: threads(cs)}
	c.show(w, r, "comments.html", page{Title: "Comments", Data: d, Flash: r.URL.Query().Get("done")}, err)
}

// moderateComment pins, unpins, rewards, hides or shows a comment.
func (c *Console) moderateComment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := c.deps.Contents.ModerateComment(r.Context(), r.PathValue("comment"), r.PostFormValue("action")); err != nil {
		cs, _ := c.deps.Contents.FindComments(r.Context(), id)
		c.fail(w, r, "comments.html", page{Title: "Comments", Data: commentsData{ID: id, Threads: threads(cs)}}, err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(id)+"/comments?done="+url.QueryEscape(r.PostFormValue("action")), http.StatusSeeOther)
}

// statsData is the "analyse" view of one content: its counters, its
// figures over the chosen days, and the share code just made by "promote".
type statsData struct {
	ID        string
	Title     string
	Stats     content.Stats
	Dashboard dashboardData
	Share     *content.Share
}

// statsPage shows what the content's audience did with it.
func (c *Console) statsPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.statsOf(r, daysOf(r))
	c.show(w, r, "stats.html", page{Title: "Analyse", Data: d}, err)
}

// statsOf reads a content's counters and its figures over days.
func (c *Console) statsOf(r *http.Request, days int) (statsData, error) {
	ctx, id := r.Context(), r.PathValue("id")
	d := statsData{ID: id}
	var err error
	if d.Stats, err = c.deps.Contents.FindStats(ctx, id); err != nil {
		return d, err
	}
	series, err := c.deps.Analytics.FindContentSeries(ctx, id, days)
	if err != nil {
		return d, err
	}
	d.Title = series.Title
	d.Dashboard = newDashboard(i18n.FromContext(ctx), series.Series, days, "/contents/"+url.PathEscape(id)+"/stats?days=", false)
	return d, nil
}

// promote makes a share code for published content and shows it with its
// link, ready to copy.
func (c *Console) promote(w http.ResponseWriter, r *http.Request) {
	sh, err := c.deps.Contents.CreateShare(r.Context(), r.PathValue("id"))
	d, _ := c.statsOf(r, 30)
	if err == nil {
		sh.Link = c.deps.PublicURL + sh.Link
		d.Share = &sh
	}
	c.show(w, r, "stats.html", page{Title: "Analyse", Data: d}, err)
}
