package web

import (
	"net/http"
	"path"
	"slices"
	"time"

	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/staff"
)

// permissionBox is one checkbox of the grouped permission picker.
type permissionBox struct {
	Name authz.Permission
	// Describe says what the permission allows (a message id).
	Describe string
	Checked  bool
	// Positions lists the positions whose defaults include it.
	Positions []string
}

// permissionGroup is a titled group of checkboxes.
type permissionGroup struct {
	Name  string
	Boxes []permissionBox
}

// staffData is the sub-account page: the list (active or departed), the
// positions and the grouped permissions of the form.
type staffData struct {
	Status    string
	Subs      []staff.SubAccount
	Positions []staff.Position
	Groups    []permissionGroup
	Sub       *staff.SubAccount
}

// groups builds the permission picker with checked ticked.
func groups(positions []staff.Position, checked []authz.Permission) []permissionGroup {
	var out []permissionGroup
	for _, g := range authz.PermissionGroups {
		pg := permissionGroup{Name: g.Name}
		for _, p := range g.Permissions {
			rule, _ := authz.RuleOf(p)
			box := permissionBox{Name: p, Describe: rule.Describe, Checked: slices.Contains(checked, p)}
			for _, pos := range positions {
				if slices.Contains(pos.Permissions, p) {
					box.Positions = append(box.Positions, pos.Key)
				}
			}
			pg.Boxes = append(pg.Boxes, box)
		}
		out = append(out, pg)
	}
	return out
}

// formPermissions reads the ticked permissions of a form.
func formPermissions(r *http.Request) []string {
	_ = r.ParseForm()
	perms := r.PostForm["permissions"]
	if perms == nil {
		perms = []string{}
	}
	return perms
}

func (c *Console) staffData(r *http.Request, checked []authz.Permission) (staffData, error) {
	d := staffData{Status: r.URL.Query().Get("status")}
	var err error
	if d.Positions, err = c.deps.Staff.FindPositions(r.Context()); err != nil {
		return d, err
	}
	if d.Subs, err = c.deps.Staff.FindSubAccounts(r.Context(), staff.Filter{Status: d.Status}); err != nil {
		return d, err
	}
	d.Groups = groups(d.Positions, checked)
	return d, nil
}

// staffPage lists the sub-accounts (or the departed ones) with the form
// that creates one.
func (c *Console) staffPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "Sub-accounts", Flash: r.URL.Query().Get("done")}
	d, err := c.staffData(r, nil)
	if err != nil {
		c.fail(w, r, "staff.html", p, err)
		return
	}
	// The form starts with the first position's defaults ticked, matching
	// the position it shows.
	if len(d.Positions) > 0 {
		d.Groups = groups(d.Positions, d.Positions[0].Permissions)
	}
	p.Data = d
	c.render(w, r, http.StatusOK, "staff.html", p)
}

func (c *Console) createStaff(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "name", "position")
	perms := formPermissions(r)
	_, err := c.deps.Staff.CreateSubAccount(r.Context(), staff.Input{Name: form["name"], Password: r.PostFormValue("password"),
		Position: form["position"], Permissions: perms})
	if err != nil {
		var checked []authz.Permission
		for _, p := range perms {
			checked = append(checked, authz.Permission(p))
		}
		d, _ := c.staffData(r, checked)
		c.fail(w, r, "staff.html", page{Title: "Sub-accounts", Form: form, Data: d}, err)
		return
	}
	http.Redirect(w, r, "/staff?done=created", http.StatusSeeOther)
}

func (c *Console) editStaffPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "Edit sub-account"}
	sub, err := c.deps.Staff.FindSubAccountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "staff_edit.html", p, err)
		return
	}
	d, err := c.staffData(r, sub.Permissions)
	if err != nil {
		c.fail(w, r, "staff_edit.html", p, err)
		return
	}
	d.Sub = &sub
	p.Data, p.Form = d, map[string]string{"position": sub.Position}
	c.render(w, r, http.StatusOK, "staff_edit.html", p)
}

func (c *Console) updateStaff(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "position")
	perms := formPermissions(r)
	position := form["position"]
	u := staff.Update{Position: &position, Permissions: &perms}
	if pw := r.PostFormValue("password"); pw != "" {
		u.Password = &pw
	}
	_, err := c.deps.Staff.UpdateSubAccount(r.Context(), r.PathValue("id"), u)
	if err != nil {
		c.fail(w, r, "staff_edit.html", page{Title: "Edit sub-account", Form: form}, err)
		return
	}
	http.Redirect(w, r, "/staff?done=saved", http.StatusSeeOther)
}

// staffAction deactivates, restores or renews a sub-account, by the last
// segment of the path.
func (c *Console) staffAction(w http.ResponseWriter, r *http.Request) {
	actions := map[string]func(*http.Request) (staff.SubAccount, error){
		"deactivate": func(r *http.Request) (staff.SubAccount, error) {
			return c.deps.Staff.DeactivateSubAccount(r.Context(), r.PathValue("id"))
		},
		"restore": func(r *http.Request) (staff.SubAccount, error) {
			return c.deps.Staff.RestoreSubAccount(r.Context(), r.PathValue("id"))
		},
		"renew": func(r *http.Request) (staff.SubAccount, error) {
			return c.deps.Staff.RenewSubAccount(r.Context(), r.PathValue("id"))
		},
	}
	verb := path.Base(r.URL.Path)
	if _, err := actions[verb](r); err != nil {
		d, _ := c.staffData(r, nil)
		c.fail(w, r, "staff.html", page{Title: "Sub-accounts", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/staff?done="+verb, http.StatusSeeOther)
}

// staffVerificationData is the staff member's verification page.
type staffVerificationData struct {
	Sub  staff.SubAccount
	Code *auth.StaffVerification
}

func (c *Console) staffVerificationPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "Real-person verification"}
	sub, err := c.deps.Staff.Me(r.Context())
	if err != nil {
		c.fail(w, r, "staff_verification.html", p, err)
		return
	}
	p.Data = staffVerificationData{Sub: sub}
	c.render(w, r, http.StatusOK, "staff_verification.html", p)
}

func (c *Console) startStaffVerification(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "name", "id_number", "phone")
	p := page{Title: "Real-person verification", Form: form}
	sub, _ := c.deps.Staff.Me(r.Context())
	v, err := c.deps.Auth.StartStaffVerification(r.Context(), staff.VerificationInput{Name: form["name"],
		IDNumber: form["id_number"], Phone: form["phone"]})
	p.Data = staffVerificationData{Sub: sub}
	if err != nil {
		c.fail(w, r, "staff_verification.html", p, err)
		return
	}
	p.Data = staffVerificationData{Sub: sub, Code: &v}
	c.render(w, r, http.StatusOK, "staff_verification.html", p)
}

func (c *Console) confirmStaffVerification(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "name", "id_number", "phone", "code_id", "code")
	p := page{Title: "Real-person verification", Form: form}
	_, err := c.deps.Auth.ConfirmStaffVerification(r.Context(), auth.StaffConfirmation{CodeID: form["code_id"], Code: form["code"],
		VerificationInput: staff.VerificationInput{Name: form["name"], IDNumber: form["id_number"], Phone: form["phone"]}})
	if err != nil {
		sub, _ := c.deps.Staff.Me(r.Context())
		p.Data = staffVerificationData{Sub: sub, Code: &auth.StaffVerification{CodeID: form["code_id"]}}
		c.fail(w, r, "staff_verification.html", p, err)
		return
	}
	http.Redirect(w, r, "/staff-verification", http.StatusSeeOther)
}

// tokensData is the API-token page; Created is the token just made, shown
// this once.
type tokensData struct {
	Tokens  []auth.APIToken
	Groups  []permissionGroup
	Created *auth.NewToken
}

func (c *Console) tokensData(r *http.Request) (tokensData, error) {
	ts, err := c.deps.Auth.FindAPITokens(r.Context())
	return tokensData{Tokens: ts, Groups: groups(nil, nil)}, err
}

func (c *Console) tokensPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "API tokens", Flash: r.URL.Query().Get("done")}
	d, err := c.tokensData(r)
	if err != nil {
		c.fail(w, r, "tokens.html", p, err)
		return
	}
	p.Data = d
	c.render(w, r, http.StatusOK, "tokens.html", p)
}

func (c *Console) createToken(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "name", "expires_at")
	in := auth.TokenInput{Name: form["name"], Scopes: formPermissions(r)}
	p := page{Title: "API tokens", Form: form}
	if form["expires_at"] != "" {
		t, err := time.Parse(time.DateOnly, form["expires_at"])
		if err == nil {
			in.ExpiresAt = &t
		}
	}
	t, err := c.deps.Auth.CreateAPIToken(r.Context(), in)
	d, derr := c.tokensData(r)
	p.Data = d
	if err == nil {
		err = derr
	}
	if err != nil {
		c.fail(w, r, "tokens.html", p, err)
		return
	}
	d.Created = &t
	p.Data = d
	c.render(w, r, http.StatusCreated, "tokens.html", p)
}

func (c *Console) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := c.deps.Auth.RevokeAPIToken(r.Context(), r.PathValue("id")); err != nil {
		d, _ := c.tokensData(r)
		c.fail(w, r, "tokens.html", page{Title: "API tokens", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/api-tokens?done=revoked", http.StatusSeeOther)
}
