package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creative"
)

// creativeData is the creative centre: hot topics, a ranking and the
// personas with their coverage of the visitor's fans.
type creativeData struct {
	Topics   []creative.Topic
	Ranking  creative.Ranking
	Personas []personaView
	Creator  bool
}

// personaView is a persona with its coverage as a percentage.
type personaView struct {
	creative.Persona
	Percent string
}

func (c *Console) creativePage(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	d := creativeData{Creator: !authz.ActorFrom(ctx).IsOperator() && authz.CheckCtx(ctx, authz.CreateForAudience, nil) == nil}
	var err error
	d.Topics, err = c.deps.Creative.FindTopics(ctx)
	if err == nil {
		d.Ranking, err = c.deps.Creative.FindRanking(ctx, q.Get("kind"), q.Get("period"), 10)
	}
	var ps []creative.Persona
	if err == nil {
		ps, err = c.deps.Creative.FindPersonas(ctx)
	}
	for _, p := range ps {
		v := personaView{Persona: p}
		if p.Coverage != nil {
			v.Percent = fmt.Sprintf("%d.%02d%%", p.Coverage.ShareBP/100, p.Coverage.ShareBP%100)
		}
		d.Personas = append(d.Personas, v)
	}
	c.show(w, r, "creative.html", page{Title: "Creative centre", Data: d}, err)
}

// createFor starts a draft for a topic or persona and opens the editor.
func (c *Console) createFor(w http.ResponseWriter, r *http.Request) {
	d, err := c.deps.Creative.CreateDraftFor(r.Context(), r.PathValue("kind"), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "creative.html", page{Title: "Creative centre", Data: creativeData{}}, err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(d.ID)+"/edit", http.StatusSeeOther)
}

// creativeAdminData is the operators' page of topics and personas, with
// the one being edited and its versions.
type creativeAdminData struct {
	Topics     []creative.Topic
	Personas   []creative.Persona
	Topic      *creative.Topic
	Persona    *creative.Persona
	Versions   []creative.InsightVersion
	Dimensions []string
}

func (c *Console) creativeAdminPage(w http.ResponseWriter, r *http.Request) {
	c.creativeAdminRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

func (c *Console) creativeAdminRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx := r.Context()
	p.Title = "Hot topics and personas"
	d := creativeAdminData{Dimensions: creative.Dimensions}
	var err error
	d.Topics, err = c.deps.Creative.FindTopics(ctx)
	if err == nil {
		d.Personas, err = c.deps.Creative.FindPersonas(ctx)
	}
	id := r.PathValue("id")
	switch kind := r.PathValue("kind"); {
	case err != nil || id == "":
	case kind == "topics":
		for i := range d.Topics {
			if d.Topics[i].ID == id {
				d.Topic = &d.Topics[i]
			}
		}
		if d.Topic != nil && p.Form == nil {
			p.Form = map[string]string{"title": d.Topic.Title, "keywords": strings.Join(d.Topic.Keywords, ", "),
				"description": d.Topic.Description, "status": d.Topic.Status}
		}
		d.Versions, err = c.deps.Creative.FindVersions(ctx, "topic", id)
	case kind == "personas":
		for i := range d.Personas {
			if d.Personas[i].ID == id {
				d.Persona = &d.Personas[i]
			}
		}
		if d.Persona != nil && p.Form == nil {
			p.Form = map[string]string{"name": d.Persona.Name, "dimension": d.Persona.Dimension, "description": d.Persona.Description,
				"categories": strings.Join(d.Persona.Categories, ", "), "status": d.Persona.Status}
		}
		d.Versions, err = c.deps.Creative.FindVersions(ctx, "persona", id)
	}
	if err == nil && id != "" && d.Topic == nil && d.Persona == nil {
		err = apperr.New(apperr.NotFound, "Not found.")
	}
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	p.Data = d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "creative_admin.html", p, fail)
}

// saveInsight creates or updates a topic or persona from its form.
func (c *Console) saveInsight(w http.ResponseWriter, r *http.Request) {
	ctx, kind, id := r.Context(), r.PathValue("kind"), r.PathValue("id")
	form := formOf(r, "title", "keywords", "name", "dimension", "description", "categories", "status")
	var err error
	var saved string
	switch kind {
	case "topics":
		in := creative.TopicInput{Title: form["title"], Keywords: lines(form["keywords"]), Description: form["description"], Status: form["status"]}
		var t creative.Topic
		if id == "" {
			t, err = c.deps.Creative.CreateTopic(ctx, in)
		} else {
			t, err = c.deps.Creative.UpdateTopic(ctx, id, in)
		}
		saved = t.ID
	case "personas":
		in := creative.PersonaInput{Name: form["name"], Dimension: form["dimension"], Description: form["description"],
			Categories: lines(form["categories"]), Status: form["status"]}
		var p creative.Persona
		if id == "" {
			p, err = c.deps.Creative.CreatePersona(ctx, in)
		} else {
			p, err = c.deps.Creative.UpdatePersona(ctx, id, in)
		}
		saved = p.ID
	default:
		err = apperr.New(apperr.NotFound, "Not found.")
	}
	if err != nil {
		c.creativeAdminRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/creative/"+kind+"/"+url.PathEscape(saved)+"?saved=1", http.StatusSeeOther)
}
