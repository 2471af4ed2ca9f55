package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/backoffice"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/moderation"
)

// followShare counts a click through a share link and opens the shared
// content on its account's homepage.
func (c *Console) followShare(w http.ResponseWriter, r *http.Request) {
	sh, err := c.deps.Contents.FollowShare(r.Context(), r.PathValue("code"))
	if err != nil {
		c.fail(w, r, "homepage.html", page{Title: "Homepage", Data: homepageData{}}, err)
		return
	}
	http.Redirect(w, r, "/accounts/"+url.PathEscape(sh.OwnerID)+"#content-"+url.PathEscape(sh.ContentID), http.StatusSeeOther)
}

// readerPage is a reader's view of one published content; opening it counts
// a view.
func (c *Console) readerPage(w http.ResponseWriter, r *http.Request) {
	p, err := c.deps.Contents.ReadPublished(r.Context(), r.PathValue("id"))
	flash := ""
	if r.URL.Query().Get("product") == "none" {
		flash = i18n.T("This product has no shop page yet.").In(i18n.FromContext(r.Context()))
	}
	d := readerData{Published: p, ProductTitles: map[string]string{}}
	if err == nil && len(p.Products) > 0 {
		ids := make([]string, len(p.Products))
		for i, m := range p.Products {
			ids[i] = m.ID
		}
		if found, ferr := c.deps.Commission.FindMountedProducts(r.Context(), ids); ferr == nil {
			for id, mp := range found {
				d.ProductTitles[id] = mp.Title
			}
		}
	}
	c.show(w, r, "reader.html", page{Title: "Content", Data: d, Flash: flash}, err)
}

// readerData is a published content with the catalogue's titles of its
// products, by mounted id.
type readerData struct {
	content.Published
	ProductTitles map[string]string
}

// followProduct counts a click on a mounted product and follows it: to the
// product's link when it is one, else to the shop page of the catalogue's
// product of that id; a product with neither goes back to the content,
// which then says the product has no shop page.
func (c *Console) followProduct(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := c.deps.Contents.ClickProduct(r.Context(), id, r.PathValue("product"))
	if err != nil {
		c.fail(w, r, "reader.html", page{Title: "Content"}, err)
		return
	}
	// Through the content's tracked link for the product, when it has
	// one, so that the click can earn its creator commission.
	target := p.ID
	if shop, _, ferr := c.deps.Commission.FollowProduct(r.Context(), id, p.ID, c.shopperOf(w, r)); ferr == nil && shop != "" {
		target = shop
	}
	if u, perr := url.Parse(target); perr == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	http.Redirect(w, r, "/c/"+url.PathEscape(id)+"?product=none#products", http.StatusSeeOther)
}

// contentsData is the management list with its filters, and the types to
// start a draft of.
type contentsData struct {
	// Types are offered for a new draft; Gated are hidden behind "apply"
	// (content.OfferedTypes).
	Types, Gated []string
	Listing      content.Listing
	Filter       map[string]string
	All          int
	// Stats are the audience's numbers of the published items the actor
	// may see them for, by id.
	Stats map[string]*content.Stats
}

func (c *Console) contentsData(r *http.Request) (contentsData, error) {
	q := r.URL.Query()
	d := contentsData{Filter: map[string]string{}}
	d.Types, d.Gated = content.OfferedTypes(authz.ActorFrom(r.Context()))
	for _, k := range []string{"type", "status", "category", "q", "from", "to"} {
		d.Filter[k] = q.Get(k)
	}
	f := content.Filter{Type: q.Get("type"), Status: q.Get("status"), Category: q.Get("category"), Q: q.Get("q"),
		Page: db.Page{Cursor: q.Get("cursor")}}
	for k, dst := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(k); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return d, apperr.Field(k, "must be a date and time")
			}
			*dst = &t
		}
	}
	var err error
	d.Listing, err = c.deps.Contents.FindContents(r.Context(), f)
	for _, n := range d.Listing.Types {
		d.All += n.Count
	}
	d.Stats = map[string]*content.Stats{}
	for _, it := range d.Listing.Items {
		if it.PublishedVersion == 0 {
			continue
		}
		if s, err := c.deps.Contents.FindStats(r.Context(), it.ID); err == nil {
			d.Stats[it.ID] = &s
		}
	}
	return d, err
}

func (c *Console) contentsPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.contentsData(r)
	p := page{Title: "Content", Data: d, Flash: r.URL.Query().Get("done")}
	if err != nil {
		c.fail(w, r, "contents.html", p, err)
		return
	}
	c.render(w, r, http.StatusOK, "contents.html", p)
}

// manageContent runs one action of the management list: feature,
// unfeature, pin, unpin, push (to the ticked targets), withdraw-push,
// withdraw or delete.
func (c *Console) manageContent(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	if err := c.manageOne(r, r.PathValue("id"), r.PostFormValue("action")); err != nil {
		d, _ := c.contentsData(r)
		c.fail(w, r, "contents.html", page{Title: "Content", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/contents?done="+url.QueryEscape(r.PostFormValue("action")), http.StatusSeeOther)
}

// manageOne runs action on content id through the content service (each
// call its own use case, audited there).
func (c *Console) manageOne(r *http.Request, id, action string) error {
	ctx := r.Context()
	var err error
	switch action {
	case "feature", "unfeature":
		_, err = c.deps.Contents.SetFlag(ctx, id, "featured", action == "feature")
	case "pin", "unpin":
		_, err = c.deps.Contents.SetFlag(ctx, id, "pinned", action == "pin")
	case "push":
		_, err = c.deps.Contents.Push(ctx, id, r.PostForm["targets"])
	case "withdraw-push":
		_, err = c.deps.Contents.WithdrawPush(ctx, id, r.PostForm["targets"])
	case "withdraw":
		_, err = c.deps.Contents.Withdraw(ctx, id)
	case "delete":
		err = c.deps.Contents.DeleteContent(ctx, id)
	default:
		err = apperr.Field("action", "must be one of %s", "feature, unfeature, pin, unpin, push, withdraw-push, withdraw, delete")
	}
	return err
}

// bulkActions are what the content list applies to every selected item.
var bulkActions = []string{"feature", "withdraw", "delete"}

// bulkManage applies one action of bulkActions to every selected content
// item, confirmed once on the page, each item through manageOne. A bad
// action or an empty selection changes nothing; a refusal stops at the
// item refused, the ones before it done (and audited).
func (c *Console) bulkManage(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	action, ids := r.PostFormValue("bulk_action"), r.PostForm["ids"]
	var v apperr.Validation
	if !slices.Contains(bulkActions, action) {
		v.Reject("bulk_action", "must be one of %s", strings.Join(bulkActions, ", "))
	}
	if len(ids) == 0 {
		v.Reject("ids", "choose at least one item")
	}
	err := v.Err()
	for i := 0; err == nil && i < len(ids); i++ {
		err = c.manageOne(r, ids[i], action)
	}
	if err != nil {
		d, _ := c.contentsData(r)
		c.fail(w, r, "contents.html", page{Title: "Content", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/contents?done="+url.QueryEscape(action), http.StatusSeeOther)
}

func (c *Console) createContent(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "type", "title")
	ct, err := c.deps.Contents.CreateContent(r.Context(), form["type"], content.Fields{Title: form["title"]})
	if err != nil {
		d, _ := c.contentsData(r)
		c.fail(w, r, "contents.html", page{Title: "Content", Form: form, Data: d}, err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(ct.ID)+"/edit", http.StatusSeeOther)
}

// segment is a run of text, marked when a machine check found it.
type segment struct {
	Text string
	Rule string
	Mark bool
}

// highlight cuts text into runs, marking the spans (in characters) that
// findings of field name.
func highlight(text, field string, findings []moderation.Finding) []segment {
	runes := []rune(text)
	rule := make([]string, len(runes))
	for _, f := range findings {
		for i := f.Start; f.Field == field && i < f.End && i < len(runes); i++ {
			rule[i] = f.Rule
		}
	}
	var out []segment
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && rule[j] == rule[i] {
			j++
		}
		out = append(out, segment{Text: string(runes[i:j]), Rule: rule[i], Mark: rule[i] != ""})
		i = j
	}
	return out
}

// editorData is the editor: the draft, and the findings of the last
// submission with the body cut into highlighted runs.
type editorData struct {
	Content  content.Content
	Findings []moderation.Finding
	Body     []segment
	// Products are the products one a line as the details form shows them.
	Products string
	// MountRefusal says why products cannot be mounted ("" when they can).
	MountRefusal string
	// SubmitRefusal says why the draft cannot be submitted for review ("" when
	// it can): the type's publishing permission is refused; SubmitLink is
	// where to apply for what is missing.
	SubmitRefusal, SubmitLink string
	// ReviewDays is the review's target in working days, told on submission.
	ReviewDays int
}

func (c *Console) editor(w http.ResponseWriter, r *http.Request, status int, flash string, fail error) {
	ct, err := c.deps.Contents.FindContentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		// Without its content the editor cannot be drawn: a missing or
		// foreign id is told on the error page, with the API's message.
		c.fail(w, r, "error.html", page{Title: "Editor"}, err)
		return
	}
	d := editorData{Content: ct, Findings: ct.Findings, Products: productLines(ct.Type, ct.Products), MountRefusal: mountRefusal(r, ct),
		ReviewDays: c.deps.Reviews.SLADays(backoffice.KindContent)}
	if err := authz.CheckCtx(r.Context(), content.PublishPermission(ct.Type), ct); err != nil {
		e := apperr.From(err)
		d.SubmitRefusal, d.SubmitLink = e.MessageIn(i18n.FromContext(r.Context())), "/capabilities"
		if link, ok := e.Details["link"].(string); ok {
			d.SubmitLink = link
		}
	}
	if e := apperr.From(fail); fail != nil {
		if fs, ok := e.Details["findings"].([]moderation.Finding); ok {
			d.Findings = fs
		}
	}
	d.Body = highlight(ct.Body, "body", d.Findings)
	p := page{Title: "Editor", Data: d, Flash: flash}
	if fail != nil {
		c.fail(w, r, "editor.html", p, fail)
		return
	}
	c.render(w, r, status, "editor.html", p)
}

func (c *Console) editorPage(w http.ResponseWriter, r *http.Request) {
	c.editor(w, r, http.StatusOK, r.URL.Query().Get("done"), nil)
}

func (c *Console) submitContent(w http.ResponseWriter, r *http.Request) {
	var at *time.Time
	if v := r.FormValue("publish_at"); v != "" {
		t, err := time.Parse("2006-01-02T15:04", v)
		if err != nil {
			c.editor(w, r, 0, "", apperr.Field("publish_at", "must be a date and time"))
			return
		}
		at = &t
	}
	if _, err := c.deps.Contents.Submit(r.Context(), r.PathValue("id"), at); err != nil {
		c.editor(w, r, 0, "", err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(r.PathValue("id"))+"/edit?done=submitted", http.StatusSeeOther)
}

// versionsData is the version history of one content.
type versionsData struct {
	ID       string
	Versions []content.Version
}

func (c *Console) versionsPage(w http.ResponseWriter, r *http.Request) {
	vs, err := c.deps.Contents.FindVersions(r.Context(), r.PathValue("id"))
	d := versionsData{ID: r.PathValue("id"), Versions: vs}
	c.show(w, r, "versions.html", page{Title: "Versions", Data: d}, err)
}

func (c *Console) restoreVersion(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("version"))
	if _, err := c.deps.Contents.RestoreVersion(r.Context(), r.PathValue("id"), n); err != nil {
		c.fail(w, r, "versions.html", page{Title: "Versions", Data: versionsData{ID: r.PathValue("id")}}, err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(r.PathValue("id"))+"/edit?done=restored", http.StatusSeeOther)
}
