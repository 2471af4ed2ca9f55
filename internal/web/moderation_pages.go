package web

import (
	"net/http"

	"github.com/helio-platform/helio/internal/moderation"
)

// moderationData is the back office's rule table page.
type moderationData struct {
	Rules      []moderation.Rule
	Kinds      []string
	Severities []string
	Scopes     []string
	// New holds the scopes ticked in the form that adds a rule.
	New moderation.Rule
}

func (c *Console) moderationPage(w http.ResponseWriter, r *http.Request) {
	c.moderationRender(w, r, http.StatusOK, page{Flash: r.URL.Query().Get("saved")},
		[]string{moderation.ScopeContent, moderation.ScopeComment}, nil)
}

// moderationRender shows the rule table, with newScopes ticked in the form
// that adds a rule.
func (c *Console) moderationRender(w http.ResponseWriter, r *http.Request, status int, p page, newScopes []string, fail error) {
	rules, err := c.deps.Moderation.FindRules(r.Context())
	p.Title = "Moderation rules"
	p.Data = moderationData{Rules: rules, Kinds: moderation.Kinds,
		Severities: []string{moderation.SeverityReject, moderation.SeverityReview}, Scopes: moderation.Scopes,
		New: moderation.Rule{Scopes: newScopes}}
	if fail == nil {
		fail = err
	}
	if fail != nil {
		c.fail(w, r, "moderation.html", p, fail)
		return
	}
	c.render(w, r, status, "moderation.html", p)
}

// saveModerationRule adds a rule, or changes the one named by the path.
func (c *Console) saveModerationRule(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "kind", "label", "pattern", "severity")
	scopes := r.Form["scopes"]
	_, err := c.deps.Moderation.SaveRule(r.Context(), moderation.Rule{ID: r.PathValue("id"), Kind: form["kind"],
		Label: form["label"], Pattern: form["pattern"], Severity: form["severity"], Scopes: scopes,
		Enabled: r.FormValue("enabled") != ""})
	if err != nil {
		c.moderationRender(w, r, 0, page{Form: form}, scopes, err)
		return
	}
	http.Redirect(w, r, "/backoffice/moderation?saved=1", http.StatusSeeOther)
}
