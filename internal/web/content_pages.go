package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/moderation"
)

func (c *Console) contentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /contents", c.contentsPage)
	mux.HandleFunc("POST /contents", c.createContent)
	mux.HandleFunc("GET /contents/{id}/edit", c.editorPage)
	mux.HandleFunc("POST /contents/{id}/submit", c.submitContent)
	mux.HandleFunc("GET /contents/{id}/versions", c.versionsPage)
	mux.HandleFunc("POST /contents/{id}/versions/{version}/restore", c.restoreVersion)
}

// contentsData is the content page: the types to start a draft of.
type contentsData struct {
	Types []string
}

func (c *Console) contentsPage(w http.ResponseWriter, r *http.Request) {
	if !requireLogin(w, r) {
		return
	}
	c.render(w, r, http.StatusOK, "contents.html", page{Title: "Content", Data: contentsData{Types: content.Types}})
}

func (c *Console) createContent(w http.ResponseWriter, r *http.Request) {
	if !requireLogin(w, r) {
		return
	}
	form := formOf(r, "type", "title")
	ct, err := c.deps.Contents.CreateContent(r.Context(), form["type"], content.Fields{Title: form["title"]})
	if err != nil {
		c.fail(w, r, "contents.html", page{Title: "Content", Form: form, Data: contentsData{Types: content.Types}}, err)
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
}

func (c *Console) editor(w http.ResponseWriter, r *http.Request, status int, flash string, fail error) {
	ct, err := c.deps.Contents.FindContentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "editor.html", page{Title: "Editor"}, err)
		return
	}
	d := editorData{Content: ct, Findings: ct.Findings}
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
	if !requireLogin(w, r) {
		return
	}
	c.editor(w, r, http.StatusOK, r.URL.Query().Get("done"), nil)
}

func (c *Console) submitContent(w http.ResponseWriter, r *http.Request) {
	if !requireLogin(w, r) {
		return
	}
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
	if !requireLogin(w, r) {
		return
	}
	vs, err := c.deps.Contents.FindVersions(r.Context(), r.PathValue("id"))
	d := versionsData{ID: r.PathValue("id"), Versions: vs}
	if err != nil {
		c.fail(w, r, "versions.html", page{Title: "Versions", Data: d}, err)
		return
	}
	c.render(w, r, http.StatusOK, "versions.html", page{Title: "Versions", Data: d})
}

func (c *Console) restoreVersion(w http.ResponseWriter, r *http.Request) {
	if !requireLogin(w, r) {
		return
	}
	n, _ := strconv.Atoi(r.PathValue("version"))
	if _, err := c.deps.Contents.RestoreVersion(r.Context(), r.PathValue("id"), n); err != nil {
		c.fail(w, r, "versions.html", page{Title: "Versions", Data: versionsData{ID: r.PathValue("id")}}, err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(r.PathValue("id"))+"/edit?done=restored", http.StatusSeeOther)
}
