package web

import (
	"net/http"
	"strings"

	"github.com/helio-platform/helio/internal/creator"
)

// rulesData is the operators' page of profile rules (the contact-detail and
// marketing patterns checked in names and bios).
type rulesData struct {
	Rules []creator.ProfileRule
}

// profileRulesPage lists the rule table with a form per rule and one to add.
func (c *Console) profileRulesPage(w http.ResponseWriter, r *http.Request) {
	if !requireLogin(w, r) {
		return
	}
	c.renderRules(w, r, http.StatusOK, page{Title: "Profile rules"})
}

func (c *Console) renderRules(w http.ResponseWriter, r *http.Request, status int, p page) {
	rules, err := c.deps.Creators.FindProfileRules(r.Context())
	if err != nil {
		c.fail(w, r, "rules.html", p, err)
		return
	}
	p.Data = rulesData{Rules: rules}
	c.render(w, r, status, "rules.html", p)
}

// saveProfileRule creates a rule (no id in the path) or changes one; a
// refused rule is shown again with its error next to its field.
func (c *Console) saveProfileRule(w http.ResponseWriter, r *http.Request) {
	if !requireLogin(w, r) {
		return
	}
	rule := creator.ProfileRule{ID: r.PathValue("id"), Kind: r.PostFormValue("kind"),
		Label: strings.TrimSpace(r.PostFormValue("label")), Pattern: r.PostFormValue("pattern"),
		Enabled: r.PostFormValue("enabled") == "on"}
	if _, err := c.deps.Creators.SaveProfileRule(r.Context(), rule); err != nil {
		form := map[string]string{"id": rule.ID, "kind": rule.Kind, "label": rule.Label, "pattern": rule.Pattern}
		p := page{Title: "Profile rules", Form: form}
		rules, ferr := c.deps.Creators.FindProfileRules(r.Context())
		if ferr == nil {
			p.Data = rulesData{Rules: rules}
		}
		c.fail(w, r, "rules.html", p, err)
		return
	}
	http.Redirect(w, r, "/backoffice/profile-rules?saved=1", http.StatusSeeOther)
}
