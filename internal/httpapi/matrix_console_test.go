package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/httpx"
)

// consoleMatrix declares, for every console page, what each actor of the
// permission matrix meets, in the columns of actors: L, sent to the log-in
// page; D, refused (403, by the page's gate or by the service); G, the
// session ended; '.', let through. A page missing here fails the test.
var consoleMatrix = map[string]string{
	"GET /accounts/{id}":                             ".................",
	"GET /accounts/{id}/followers":                   ".................",
	"GET /accounts/{id}/following":                   ".................",
	"GET /l/{id}":                                    ".................",
	"GET /earnings":                                  "L...DDD.DDDDL.D..",
	"GET /products":                                  "L...DDDDDDDDL.D..",
	"POST /products":                                 "L...DDDDDDDDL.D..",
	"GET /backoffice/commission":                     "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/settlements":                   "LDDDDDDDDDDDLDDD.",
	"GET /backoffice/settlements/{id}":               "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/reward-pools":                  "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/commission-rules":              "LDDDDDDDDDDDLDDD.",
	"GET /api-tokens":                                "L...DDDDDDDDL.D..",
	"GET /audit":                                     "L...D.DDDDDDL.D..",
	"GET /backoffice":                                "LDDDDDDDDDDDLDD..",
	"GET /backoffice/moderation":                     "LDDDDDDDDDDDLDD..",
	"GET /backoffice/reviews":                        "LDDDDDDDDDDDLDD..",
	"GET /backoffice/levels":                         "LDDDDDDDDDDDLDDD.",
	"GET /backoffice/levels/runs/{id}":               "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/levels":                        "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/levels/dry-run":                "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/levels/recompute":              "LDDDDDDDDDDDLDDD.",
	"GET /level":                                     "L...DDDDDDDDL.D..",
	"GET /restrictions":                              "L...DDDDDDDDLDD..",
	"POST /appeals":                                  "L...DDDDDDDDLDD..",
	"GET /appeals/{id}":                              "L...DDDDDDDDLDD..",
	"GET /backoffice/restrictions":                   "LDDDDDDDDDDDLDD..",
	"POST /backoffice/restrictions":                  "LDDDDDDDDDDDLDD..",
	"POST /backoffice/restrictions/{id}/lift":        "LDDDDDDDDDDDLDD..",
	"GET /exports":                                   "L...DDDDDDDDLDD..",
	"POST /exports":                                  "L...DDDDDDDDLDD..",
	"GET /exports/{id}/file":                         "L...DDDDDDDDLDD..",
	"GET /webhooks":                                  "L...DDDDDDDDLDD..",
	"POST /webhooks":                                 "L...DDDDDDDDLDD..",
	"POST /webhooks/{id}/delete":                     "L...DDDDDDDDLDD..",
	"POST /webhooks/deliveries/{id}/replay":          "L...DDDDDDDDLDD..",
	"GET /messages/preferences":                      "L...........L.D..",
	"POST /messages/preferences":                     "L...........L.D..",
	"GET /backoffice/reviews/{id}":                   "LDDDDDDDDDDDLDD..",
	"GET /c/{id}":                                    ".................",
	"GET /c/{id}/products/{product}":                 ".................",
	"GET /capabilities":                              "L...DDDDDDDDL.D..",
	"GET /certification":                             "L...DDDDDDDDL.D..",
	"GET /contents":                                  "L...DD.D.DD.L.D..",
	"GET /contents/{id}/comments":                    "L...........L....",
	"GET /contents/{id}/edit":                        "L...DD.D.DD.L.D..",
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
	"POST /backoffice/reviews/{id}/approve":          "LDDDDDDDDDDDLDD..",
	"POST /backoffice/reviews/{id}/reject":           "LDDDDDDDDDDDLDD..",
	"POST /capabilities":                             "L...DDDDDDDDLDD..",
	"POST /certification":                            "L...DDDDDDDDLDD..",
	"POST /contents":                                 "L...DD.D.DD.L.D..",
	"POST /contents/{id}/comments/{comment}":         "L...DDDDDDDDL.D..",
	"POST /contents/{id}/fields":                     "L...DD.D.DD.L.D..",
	"POST /contents/{id}/manage":                     "L...........L....",
	"POST /contents/{id}/share":                      "L...DDDDDDDDLDD..",
	"POST /contents/{id}/submit":                     "L...DD.D.DD.L.D..",
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

// consoleCall calls a console page as an actor, with the session in the
// console's cookie and API tokens as bearer tokens (TestPermissionMatrix).
func (m matrixWorld) consoleCall(t *testing.T, env *apptest.Env) func(method, path, actor string) (byte, string) {
	return func(method, path, actor string) (byte, string) {
		req := httptest.NewRequest(method, path, nil)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = "192.0.2.10:40000"
		if cred := m.credential(t, actor); strings.HasPrefix(actor, "token") {
			req.Header.Set("Authorization", "Bearer "+cred)
		} else if cred != "" {
			req.AddCookie(&http.Cookie{Name: httpx.CookieName, Value: cred})
		}
		w := httptest.NewRecorder()
		env.Handler.ServeHTTP(w, req)
		return consoleOutcome(w), strconv.Itoa(w.Code)
	}
}
