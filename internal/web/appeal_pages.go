package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/media"
)

// restrictionsData is an account's restrictions page: its restrictions,
// in force or lifted, and its appeals.
type restrictionsData struct {
	Restrictions []appeal.Restriction
	Appeals      []appeal.Appeal
	// Appealing is the restriction whose appeal form failed, kept open.
	Appealing string
}

func (c *Console) restrictionsData(ctx context.Context) (restrictionsData, error) {
	var d restrictionsData
	var err error
	if d.Restrictions, _, err = c.deps.Appeals.FindMyRestrictions(ctx, db.Page{Limit: db.MaxLimit}); err != nil {
		return d, err
	}
	d.Appeals, _, err = c.deps.Appeals.FindMyAppeals(ctx, db.Page{Limit: db.MaxLimit})
	return d, err
}

func (c *Console) restrictionsPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.restrictionsData(r.Context())
	c.show(w, r, "restrictions.html", page{Title: "Restrictions", Data: d}, err)
}

// fileAppeal files an appeal with its uploaded screenshots and shows it.
func (c *Console) fileAppeal(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "restriction_id", "explanation", "contact")
	shots, err := c.uploads(r, "screenshots", media.PurposeDocument)
	var a appeal.Appeal
	if err == nil {
		a, err = c.deps.Appeals.CreateAppeal(r.Context(), appeal.AppealInput{RestrictionID: form["restriction_id"],
			Explanation: form["explanation"], Contact: form["contact"], Screenshots: shots})
	}
	if err != nil {
		d, _ := c.restrictionsData(r.Context())
		d.Appealing = form["restriction_id"]
		c.fail(w, r, "restrictions.html", page{Title: "Restrictions", Form: form, Data: d}, err)
		return
	}
	http.Redirect(w, r, "/appeals/"+url.PathEscape(a.ID)+"?filed=1", http.StatusSeeOther)
}

func (c *Console) appealPage(w http.ResponseWriter, r *http.Request) {
	a, err := c.deps.Appeals.FindAppealByID(r.Context(), r.PathValue("id"))
	c.show(w, r, "appeal.html", page{Title: "Appeal", Data: a, Flash: r.URL.Query().Get("filed")}, err)
}

// restrictionsAdminData is the operators' restrictions page.
type restrictionsAdminData struct {
	Active []appeal.Restriction
	Kinds  []string
	Next   string
}

func (c *Console) restrictionsAdminData(r *http.Request) (restrictionsAdminData, error) {
	d := restrictionsAdminData{Kinds: authz.RestrictionKinds}
	var err error
	d.Active, d.Next, err = c.deps.Appeals.FindRestrictions(r.Context(), appeal.RestrictionFilter{Active: true,
		Page: db.Page{Cursor: r.URL.Query().Get("cursor")}})
	return d, err
}

func (c *Console) restrictionsAdminPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.restrictionsAdminData(r)
	c.show(w, r, "restrictions_admin.html", page{Title: "Account restrictions", Data: d,
		Flash: r.URL.Query().Get("done")}, err)
}

// restrictAccount restricts the account the operator named by log-in name.
func (c *Console) restrictAccount(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "account", "kind", "reason")
	_, err := c.deps.Appeals.CreateRestriction(r.Context(), appeal.RestrictionInput{AccountID: form["account"],
		Kind: form["kind"], Reason: form["reason"]})
	c.afterRestrictionChange(w, r, form, "restricted", err)
}

func (c *Console) liftRestriction(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "reason")
	_, err := c.deps.Appeals.LiftRestriction(r.Context(), r.PathValue("id"), appeal.LiftInput{Reason: form["reason"]})
	form["lifting"] = r.PathValue("id")
	c.afterRestrictionChange(w, r, form, "lifted", err)
}

// afterRestrictionChange shows the operators' page again with the error,
// or redirects to it with the flash done.
func (c *Console) afterRestrictionChange(w http.ResponseWriter, r *http.Request, form map[string]string, done string, err error) {
	if err != nil {
		d, _ := c.restrictionsAdminData(r)
		c.fail(w, r, "restrictions_admin.html", page{Title: "Account restrictions", Form: form, Data: d}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/restrictions?done="+done, http.StatusSeeOther)
}
