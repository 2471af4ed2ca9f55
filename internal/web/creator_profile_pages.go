package web

import (
	"net/http"
	"net/url"

	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/media"
)

// profileData is the page editing one creator account's public profile.
type profileData struct {
	Account creator.CreatorAccount
}

// editCreatorPage shows the profile form of one creator account.
func (c *Console) editCreatorPage(w http.ResponseWriter, r *http.Request) {
	acct, err := c.deps.Creators.FindCreatorAccountByID(r.Context(), r.PathValue("id"))
	p := page{Title: "Edit profile", Data: profileData{Account: acct},
		Form: map[string]string{"name": acct.Name, "bio": acct.Bio}, Flash: r.URL.Query().Get("done")}
	c.show(w, r, "creator_edit.html", p, err)
}

// updateCreator saves the name, bio and avatar of one creator account
// through UpdateCreatorAccount: only what changed is sent, so an unchanged
// name does not count as a rename.
func (c *Console) updateCreator(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "name")
	form["bio"] = r.FormValue("bio")
	acct, err := c.deps.Creators.FindCreatorAccountByID(ctx, id)
	if err == nil {
		var in creator.UpdateInput
		if name := form["name"]; name != acct.Name {
			in.Name = &name
		}
		if form["bio"] != acct.Bio {
			bio := form["bio"]
			in.Bio = &bio
		}
		var avatars []string
		if avatars, err = c.uploads(r, "avatar", media.PurposeAvatar); err == nil {
			if len(avatars) > 0 {
				in.Avatar = &avatars[0]
			}
			_, err = c.deps.Creators.UpdateCreatorAccount(ctx, id, in)
		}
	}
	if err != nil {
		c.fail(w, r, "creator_edit.html", page{Title: "Edit profile", Form: form,
			Data: profileData{Account: acct}}, err)
		return
	}
	http.Redirect(w, r, "/creator/"+url.PathEscape(id)+"/edit?done=saved", http.StatusSeeOther)
}
