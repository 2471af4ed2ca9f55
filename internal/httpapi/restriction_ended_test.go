package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestEndedAutomaticRestrictionShowsAsExpired: leo's device is locked by
// two failed log-ins from one IP and one from another; a log-in from the
// first IP on another device forgets that IP's failures, which ends the
// device's lock. GET /api/v1/me/restrictions and the restrictions page then
// show the block as an expired one: not in force, not lifted, ended now,
// without an appeal form.
func TestEndedAutomaticRestrictionShowsAsExpired(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d, "HELIO_LOCK_FAILURES=3", "HELIO_LOCK_DURATION=15m")
		leo, _ := w.signUp("leo")
		w.call("PUT", "/api/v1/me/security", leo, map[string]any{"new_device_verification": false, "remote_login_alert": false,
			"double_verification": false, "verify_every_login": false}).Expect(t, http.StatusOK, "")
		from := func(ip string, device *testkit.DeviceJar) testkit.Client {
			return testkit.Client{Handler: w.env.Handler, RemoteAddr: ip + ":40000", Device: device}
		}
		wrong := map[string]any{"login": "leo", "password": "Wrong-pass-1"}
		for _, ip := range []string{"198.51.100.1", "198.51.100.1", "198.51.100.2"} {
			from(ip, w.c.Device).Call(t, "POST", "/api/v1/sessions", "", wrong).Expect(t, http.StatusUnauthorized, "")
		}
		block := func() map[string]any {
			t.Helper()
			mine := w.call("GET", "/api/v1/me/restrictions", leo, nil)
			mine.Expect(t, http.StatusOK, "")
			items := mine.Body["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["source"] != "automatic" {
				t.Fatalf("my restrictions: %s", mine.Raw)
			}
			return items[0].(map[string]any)
		}
		if b := block(); b["active"] != true {
			t.Fatalf("the device's block: %v", b)
		}
		if page := w.console("GET", "/restrictions", leo, "").Body.String(); !strings.Contains(page, "In force") {
			t.Fatalf("the restrictions page before the log-in:\n%s", page)
		}

		w.env.Clock.Advance(time.Minute)
		from("198.51.100.1", new(testkit.DeviceJar)).Call(t, "POST", "/api/v1/sessions", "",
			map[string]any{"login": "leo", "password": good}).Expect(t, http.StatusCreated, "")
		b := block()
		if b["active"] != false || b["lifted_at"] != nil || b["expires_at"] != w.env.Clock.Now().UTC().Format(time.RFC3339) {
			t.Fatalf("the block after the log-in that ended it (now %s): %v", w.env.Clock.Now().UTC(), b)
		}
		page := w.console("GET", "/restrictions", leo, "").Body.String()
		if !strings.Contains(page, "Ended") || strings.Contains(page, "In force") || strings.Contains(page, "appeal-form") {
			t.Fatalf("the restrictions page after the block ended:\n%s", page)
		}
	})
}
