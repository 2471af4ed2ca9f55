package web

import (
	"net/http"

	"github.com/helio-platform/helio/internal/notify"
)

func (c *Console) preferencesPage(w http.ResponseWriter, r *http.Request) {
	prefs, err := c.deps.Notify.FindPreferences(r.Context())
	c.show(w, r, "preferences.html", page{Title: "Notification settings", Data: prefs, Flash: r.URL.Query().Get("saved")}, err)
}

// savePreferences stores the three boxes of every kind.
func (c *Console) savePreferences(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	prefs := make([]notify.Preference, len(notify.Kinds))
	for i, k := range notify.Kinds {
		prefs[i] = notify.Preference{Kind: k, InApp: r.Form.Has("in_app." + k), SMS: r.Form.Has("sms." + k),
			Email: r.Form.Has("email." + k)}
	}
	if _, err := c.deps.Notify.UpdatePreferences(r.Context(), prefs); err != nil {
		c.fail(w, r, "preferences.html", page{Title: "Notification settings", Data: prefs}, err)
		return
	}
	http.Redirect(w, r, "/messages/preferences?saved=1", http.StatusSeeOther)
}
