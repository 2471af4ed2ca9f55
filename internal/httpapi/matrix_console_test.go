package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/testkit"
)

// consoleMatrix declares, for every console page, what each actor of the
// permission matrix meets, in the columns of actors: L, sent to the log-in
// page; D, refused (403, by the page's gate or by the service); G, the
// session ended; '.', let through. A page missing here fails the test.
var consoleMatrix = map[string]string{
	"GET /accounts/{id}":                             ".................",
	"GET /accounts/{id}/followers":                   ".................",
	"GET /accounts/{id}/following":                   ".................",
	"GET /api-tokens":                                "L...DDDDDDDDL.D..",
	"GET /audit":                                     "L...D.DDDDDDL.D..",
	"GET /backoffice":                                "LDDDDDDDDDDDLDD..",
	"GET /backoffice/moderation":                     "LDDDDDDDDDDDLDD..",
	"GET /backoffice/profile-rules":                  "LDDDDDDDDDDDLDD..",
	"GET /backoffice/reviews":                        "LDDDDDDDDDDDLDD..",
	"GET /backoffice/reviews/{id}":                   "LDDDDDDDDDDDLDD..",
	"GET /c/{id}":                                    ".................",
	"GET /c/{id}/products/{product}":                 ".................",
	"GET /capabilities":                              "L...DDDDDDDDL.D..",
	"GET /certification":                             "L...DDDDDDDDL.D..",
	"GET /contents":                                  "L...DD.D.DD.L.D..",
	"GET /contents/{id}/comments":                    "L...........L....",
	"GET /contents/{id}/edit":                        "L...........L....",
	"GET /contents/{id}/stats":                       "L...DDDDD.DDL.D..",
	"GET /contents/{id}/versions":                    "L...DD.D.DD.L.D..",
	"GET /creator":                                   "L...DD..DDDDL.D..",
	"GET /feed":                                      "L...DDDDDDDDLDD..",
	"GET /forgot-account":                            ".................",
	"GET /forgot-password":                           ".................",
	"GET /login":                                     ".................",
	"GET /login/verify":                              ".................",
	"GET /media/{id}":                                ".................",
	"GET /media/{id}/thumbnail":                      ".................",
	"GET /messages":                                  "L...........L.D..",
	"GET /s/{code}":                                  ".................",
	"GET /security":                                  "L...DDDDDDDDL.D..",
	"GET /signup":                                    ".................",
	"GET /staff":                                     "L...DDDDDDDDL.D..",
	"GET /staff-verification":                        "LDDD........LDDDD",
	"GET /staff/{id}":                                "L...DDDDDDDDL.D..",
	"GET /verification":                              "L...........L....",
	"GET /{$}":                                       "L...........L.D..",
	"POST /accounts/{id}/follow":                     "L...........L....",
	"POST /api-tokens":                               "L...DDDDDDDDL.D..",
	"POST /api-tokens/{id}/revoke":                   "L...DDDDDDDDL.D..",
	"POST /backoffice/moderation":                    "LDDDDDDDDDDDLDD..",
	"POST /backoffice/moderation/{id}":               "LDDDDDDDDDDDLDD..",
	"POST /backoffice/profile-rules":                 "LDDDDDDDDDDDLDD..",
	"POST /backoffice/profile-rules/{id}":            "LDDDDDDDDDDDLDD..",
	"POST /backoffice/reviews/{id}/approve":          "LDDDDDDDDDDDLDD..",
	"POST /backoffice/reviews/{id}/reject":           "LDDDDDDDDDDDLDD..",
	"POST /capabilities":                             "L...DDDDDDDDLDD..",
	"POST /certification":                            "L...DDDDDDDDLDD..",
	"POST /contents":                                 "L...DD.D.DD.L.D..",
	"POST /contents/{id}/comments/{comment}":         "L...DDDDDDDDL.D..",
	"POST /contents/{id}/fields":                     "L...........L....",
	"POST /contents/{id}/manage":                     "L...........L....",
	"POST /contents/{id}/share":                      "L...DDDDDDDDLDD..",
	"POST /contents/{id}/submit":                     "L...........L....",
	"POST /contents/{id}/versions/{version}/restore": "L...DD.D.DD.L.D..",
	"POST /creator/open":                             "L...DDDDDDDDLDD..",
	"POST /forgot-account":                           ".................",
	"POST /forgot-password":                          ".................",
	"POST /forgot-password/confirm":                  ".................",
	"POST /lang":                                     ".................",
	"POST /login":                                    ".................",
	"POST /login/verify":                             ".................",
	"POST /login/verify/resend":                      ".................",
	"POST /logout":                                   ".................",
	"POST /messages/{id}/read":                       "L...........L.D..",
	"POST /security/devices/{id}/delete":             "L...DDDDDDDDL.D..",
	"POST /security/passkeys/{id}/delete":            "L...DDDDDDDDL.D..",
	"POST /security/sessions/others":                 "L...DDDDDDDDL.D..",
	"POST /security/sessions/{id}/delete":            "L...DDDDDDDDL.D..",
	"POST /security/settings":                        "L...DDDDDDDDL.D..",
	"POST /security/totp":                            "L...DDDDDDDDL.D..",
	"POST /security/totp/confirm":                    "L...DDDDDDDDL.D..",
	"POST /security/totp/delete":                     "L...DDDDDDDDL.D..",
	"POST /signup":                                   ".................",
	"POST /staff":                                    "L...DDDDDDDDL.D..",
	"POST /staff-verification":                       "LDDD........LDDDD",
	"POST /staff-verification/confirm":               "LDDD........LDDDD",
	"POST /staff/{id}":                               "L...DDDDDDDDL.D..",
	"POST /staff/{id}/deactivate":                    "L...DDDDDDDDL.D..",
	"POST /staff/{id}/renew":                         "L...DDDDDDDDL.D..",
	"POST /staff/{id}/restore":                       "L...DDDDDDDDL.D..",
	"POST /verification/brand-entry":                 "L...DDDDDDDDLDD..",
	"POST /verification/payout":                      "L...DDDDDDDDLDD..",
	"POST /verification/real-name":                   "L...DDDDDDDDLDD..",
}

// consoleOutcome classifies a console answer.
func consoleOutcome(w *httptest.ResponseRecorder) byte {
	switch {
	case w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/login?next="):
		return login
	case w.Code == http.StatusForbidden:
		return denied
	case w.Code == http.StatusUnauthorized && strings.Contains(w.Body.String(), "Your session has ended."):
		return gone
	}
	return in
}

// TestConsolePermissionMatrix calls every page of the console's route
// table as every actor of the permission matrix (with the session in the
// console's cookie, API tokens as bearer tokens) and compares the outcome
// with consoleMatrix.
func TestConsolePermissionMatrix(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		m := newMatrixWorld(t, env)
		seen := map[string]bool{}
		for _, r := range env.Console.Routes() {
			key := r.Method + " " + r.Path
			seen[key] = true
			want, ok := consoleMatrix[key]
			if !ok {
				t.Errorf("console page %s has no row in the console matrix", key)
				continue
			}
			if len(want) != len(actors) {
				t.Errorf("row %s has %d columns, want %d", key, len(want), len(actors))
				continue
			}
			path := strings.ReplaceAll(pathParam.ReplaceAllString(r.Path, "00000000-0000-0000-0000-000000000000"), "{$}", "")
			for i, actor := range actors {
				req := httptest.NewRequest(r.Method, path, nil)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.RemoteAddr = "192.0.2.10:40000"
				// A fresh session per call: some pages end sessions.
				if cred := m.credential(t, actor); strings.HasPrefix(actor, "token") {
					req.Header.Set("Authorization", "Bearer "+cred)
				} else if cred != "" {
					req.AddCookie(&http.Cookie{Name: httpx.CookieName, Value: cred})
				}
				w := httptest.NewRecorder()
				env.Handler.ServeHTTP(w, req)
				if got := consoleOutcome(w); got != want[i] {
					t.Errorf("%s as %s: %c (%d), want %c", key, actor, got, w.Code, want[i])
				}
			}
		}
		for key := range consoleMatrix {
			if !seen[key] {
				t.Errorf("console matrix row %s matches no page", key)
			}
		}
	})
}
