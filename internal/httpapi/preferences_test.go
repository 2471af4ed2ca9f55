package httpapi_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// preferenceMatrix is the permission matrix of the notification
// preferences, those of the message centre.
var preferenceMatrix = map[string]string{
	"GET /api/v1/me/notification-preferences": "L...........G.D...",
	"PUT /api/v1/me/notification-preferences": "L...........G.D...",
}

func init() { maps.Copy(matrix, preferenceMatrix) }

// TestNotificationPreferencesPerChannel: by default a notification goes to
// the message centre only (log-in alerts also by e-mail); a person who
// turns the message centre off and e-mail on for restrictions gets the
// e-mail once (however often the jobs run) and no inbox message, while
// other kinds keep their defaults; an unknown kind is refused.
func TestNotificationPreferencesPerChannel(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		leo, _ := w.signUp("leo")
		prefs := w.call("GET", "/api/v1/me/notification-preferences", leo, nil)
		prefs.Expect(t, http.StatusOK, "")
		for _, it := range prefs.Body["items"].([]any) {
			p := it.(map[string]any)
			if p["in_app"] != true || p["sms"] != false || p["email"] != (p["kind"] == "login_alert") {
				t.Fatalf("default preference: %v", p)
			}
		}
		w.call("PUT", "/api/v1/me/notification-preferences", leo, map[string]any{"items": []map[string]any{{"kind": "nope", "in_app": true, "sms": false, "email": false}}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "items")
		w.call("PUT", "/api/v1/me/notification-preferences", leo, map[string]any{"items": []map[string]any{
			{"kind": "restriction.created", "in_app": false, "sms": false, "email": true}}}).Expect(t, http.StatusOK, "")

		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "leo", "kind": "publish", "reason": "刷量"}).
			Expect(t, http.StatusCreated, "")
		w.env.DrainJobs(t)
		w.env.DrainJobs(t)
		sent := 0
		for _, m := range w.env.Sent(t) {
			if m.Kind == "restriction.created" && m.Channel == "email" && m.To == "leo@example.com" &&
				strings.Contains(m.Text, "Your account is restricted") {
				sent++
			}
		}
		if sent != 1 {
			t.Fatalf("restriction e-mails sent: %d", sent)
		}
		inbox := w.call("GET", "/api/v1/messages", leo, nil)
		if strings.Contains(string(inbox.Raw), "restriction.created") || !strings.Contains(string(inbox.Raw), "welcome") {
			t.Fatalf("inbox: %s", inbox.Raw)
		}
	})
}
