package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/org"
)

// organizationData is the organization console: the organization the
// actor runs (nil before it opened one), its creators in force with their
// figures, every binding with its contract history and hand-overs, and
// its invitations.
type organizationData struct {
	Org   *org.Organization
	Stats org.OrganizationStats
	View  org.View
}

func (c *Console) organizationData(r *http.Request) (organizationData, error) {
	var d organizationData
	o, err := c.deps.Orgs.FindMyOrganization(r.Context())
	if apperr.CodeOf(err) == apperr.NotFound {
		return d, nil
	} else if err != nil {
		return d, err
	}
	d.Org = &o
	if d.Stats, err = c.deps.Orgs.FindStats(r.Context(), o.ID); err != nil {
		return d, err
	}
	d.View, err = c.deps.Orgs.FindOrganizationByID(r.Context(), o.ID)
	return d, err
}

func (c *Console) organizationPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.organizationData(r)
	c.show(w, r, "organization.html", page{Title: "Organization", Data: d, Flash: r.URL.Query().Get("done")}, err)
}

// organizationFailed shows the organization page again with the error of
// a refused action.
func (c *Console) organizationFailed(w http.ResponseWriter, r *http.Request, form map[string]string, err error) {
	d, _ := c.organizationData(r)
	c.fail(w, r, "organization.html", page{Title: "Organization", Form: form, Data: d}, err)
}

func (c *Console) createOrganization(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "name")
	if _, err := c.deps.Orgs.CreateOrganization(r.Context(), org.OrganizationInput{Name: form["name"]}); err != nil {
		c.organizationFailed(w, r, form, err)
		return
	}
	http.Redirect(w, r, "/organization?done=created", http.StatusSeeOther)
}

func (c *Console) inviteCreator(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "creator_id", "share_percent")
	o, err := c.deps.Orgs.FindMyOrganization(r.Context())
	if err == nil {
		var bp int64
		bp, err = percentToBP(form["share_percent"])
		if err == nil {
			_, err = c.deps.Orgs.CreateInvitation(r.Context(), o.ID, org.InvitationInput{CreatorID: form["creator_id"], ShareBP: bp})
		}
	}
	if err != nil {
		c.organizationFailed(w, r, form, err)
		return
	}
	http.Redirect(w, r, "/organization?done=invited", http.StatusSeeOther)
}

// percentToBP reads a share typed as a percentage with up to two decimals
// ("30", "12.5") as basis points, without floating point.
func percentToBP(s string) (int64, error) {
	bad := apperr.Field("share_percent", "must be a percentage above 0 and below 100, with at most two decimals")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 {
		return 0, bad
	}
	f := int64(0)
	if frac != "" {
		if f, err = strconv.ParseInt(frac+strings.Repeat("0", 2-len(frac)), 10, 64); err != nil || f < 0 {
			return 0, bad
		}
	}
	bp := w*100 + f
	if bp <= 0 || bp >= 10000 {
		return 0, bad
	}
	return bp, nil
}

func (c *Console) unbindCreator(w http.ResponseWriter, r *http.Request) {
	o, err := c.deps.Orgs.FindMyOrganization(r.Context())
	if err == nil {
		_, err = c.deps.Orgs.Unbind(r.Context(), o.ID, r.PathValue("creator_id"))
	}
	if err != nil {
		c.organizationFailed(w, r, nil, err)
		return
	}
	http.Redirect(w, r, "/organization?done=notice", http.StatusSeeOther)
}

func (c *Console) myOrganizationPage(w http.ResponseWriter, r *http.Request) {
	m, err := c.deps.Orgs.FindMine(r.Context())
	c.show(w, r, "my_organization.html", page{Title: "My organization", Data: m,
		Flash: r.URL.Query().Get("done")}, err)
}

// myOrganizationAction runs one of the creator's actions and comes back
// to the page saying what was done.
func (c *Console) myOrganizationAction(w http.ResponseWriter, r *http.Request, done string, act func() error) {
	if err := act(); err != nil {
		m, _ := c.deps.Orgs.FindMine(r.Context())
		c.fail(w, r, "my_organization.html", page{Title: "My organization", Data: m}, err)
		return
	}
	http.Redirect(w, r, "/my-organization?done="+done, http.StatusSeeOther)
}

func (c *Console) acceptOrgInvitation(w http.ResponseWriter, r *http.Request) {
	c.myOrganizationAction(w, r, "accepted", func() error {
		_, err := c.deps.Orgs.AcceptInvitation(r.Context(), r.PathValue("id"))
		return err
	})
}

func (c *Console) declineOrgInvitation(w http.ResponseWriter, r *http.Request) {
	c.myOrganizationAction(w, r, "declined", func() error {
		_, err := c.deps.Orgs.DeclineInvitation(r.Context(), r.PathValue("id"))
		return err
	})
}

func (c *Console) leaveOrganization(w http.ResponseWriter, r *http.Request) {
	c.myOrganizationAction(w, r, "notice", func() error {
		_, err := c.deps.Orgs.Unbind(r.Context(), r.PathValue("id"), authz.ActorFrom(r.Context()).UserID)
		return err
	})
}
