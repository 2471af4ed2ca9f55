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
	"GET /accounts/{id}":                             "..................",
	"GET /accounts/{id}/followers":                   "..................",
	"GET /accounts/{id}/following":                   "..................",
	"GET /l/{id}":                                    "..................",
	"GET /contents/{id}/links":                       "LDDDDDDDDDDDLDDDDD",
	"POST /contents/{id}/links":                      "LDDDDDDDDDDDLDDDDD",
	"GET /earnings":                                  "L...DDD.DDDDL.D..D",
	"GET /products":                                  "L...DDDDDDDDL.D..D",
	"POST /products":                                 "L...DDDDDDDDL.D..D",
	"GET /sandbox":                                   "L...DDDDDDDDL.D..D",
	"POST /sandbox/mode":                             "L...DDDDDDDDL.D..D",
	"POST /sandbox/orders":                           "L...DDDDDDDDL.D..D",
	"GET /backoffice/commission":                     "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/ledger/verify":                 "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/settlements":                   "LDDDDDDDDDDDLDDD.D",
	"GET /backoffice/settlements/{id}":               "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/reward-pools":                  "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/commission-rules":              "LDDDDDDDDDDDLDDD.D",
	"GET /api-tokens":                                "L...DDDDDDDDL.D..D",
	"GET /audit":                                     "L...D.DDDDDDL.D..D",
	"POST /audit/export":                             "L...D.DDDDDDL.D..D",
	"GET /backoffice":                                "LDDDDDDDDDDDLDD..D",
	"GET /backoffice/moderation":                     "LDDDDDDDDDDDLDD..D",
	"GET /backoffice/reviews":                        "LDDDDDDDDDDDLDD..D",
	"GET /backoffice/levels":                         "LDDDDDDDDDDDLDDD.D",
	"GET /backoffice/levels/runs/{id}":               "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/levels":                        "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/levels/dry-run":                "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/levels/recompute":              "LDDDDDDDDDDDLDDD.D",
	"GET /level":                                     "L...DDDDDDDDL.D..D",
	"GET /backoffice/reviews/{id}":                   "LDDDDDDDDDDDLDD..D",
	"GET /c/{id}":                                    "..................",
	"GET /c/{id}/products/{product}":                 "..................",
	"GET /capabilities":                              "L...DDDDDDDDL.D..D",
	"GET /certification":                             "L...DDDDDDDDL.D..D",
	"GET /contents":                                  "L...DD.D.DD.L.D..D",
	"GET /contents/{id}/comments":                    "L...........L.....",
	"GET /contents/trash":                            "L...DDDDDDDDL.D..D",
	"GET /contents/{id}/edit":                        "L...DD.D.DD.L.D..D",
	"GET /contents/{id}/stats":                       "L...DDDDD.DDL.D..D",
	"GET /contents/{id}/versions":                    "L...DD.D.DD.L.D..D",
	"GET /creator":                                   "L...DD..DDDDL.D..D",
	"GET /creator/{id}/edit":                         "L...DD..DDDDL.D..D",
	"POST /creator/{id}":                             "L...DDDDDDDDL.D..D",
	"GET /feed":                                      "L...DDDDDDDDLDD..D",
	"GET /forgot-account":                            "..................",
	"GET /forgot-password":                           "..................",
	"GET /login":                                     "..................",
	"GET /login/verify":                              "..................",
	"GET /media/{id}":                                "..................",
	"GET /media/{id}/thumbnail":                      "..................",
	"GET /messages":                                  "L...........L.D...",
	"GET /s/{code}":                                  "..................",
	"GET /security":                                  "L...DDDDDDDDL.D..D",
	"GET /signup":                                    "..................",
	"GET /staff":                                     "L...DDDDDDDDL.D..D",
	"GET /staff-verification":                        "LDDD........LDDDDD",
	"GET /staff/{id}":                                "L...DDDDDDDDL.D..D",
	"GET /verification":                              "L...........L.....",
	"GET /{$}":                                       "L...........L.D..D",
	"POST /accounts/{id}/follow":                     "L...........L.....",
	"POST /api-tokens":                               "L...DDDDDDDDL.D..D",
	"POST /api-tokens/{id}/revoke":                   "L...DDDDDDDDL.D..D",
	"POST /backoffice/moderation":                    "LDDDDDDDDDDDLDD..D",
	"POST /backoffice/moderation/{id}":               "LDDDDDDDDDDDLDD..D",
	"POST /backoffice/reviews/{id}/approve":          "LDDDDDDDDDDDLDD..D",
	"POST /backoffice/reviews/{id}/reject":           "LDDDDDDDDDDDLDD..D",
	"POST /capabilities":                             "L...DDDDDDDDLDD..D",
	"POST /certification":                            "L...DDDDDDDDLDD..D",
	"POST /contents":                                 "L...DD.D.DD.L.D..D",
	"POST /contents/{id}/comments/{comment}":         "L...DDDDDDDDL.D..D",
	"POST /contents/{id}/fields":                     "L...DD.D.DD.L.D..D",
	"POST /contents/{id}/manage":                     "L...........L.....",
	"POST /contents/bulk":                            "L...........L.....",
	"POST /contents/{id}/restore":                    "L...DDDDDDDDL.D..D",
	"POST /contents/{id}/share":                      "L...DDDDDDDDLDD..D",
	"POST /contents/{id}/submit":                     "L...DD.D.DD.L.D..D",
	"POST /contents/{id}/versions/{version}/restore": "L...DD.D.DD.L.D..D",
	"POST /creator/open":                             "L...DDDDDDDDLDD..D",
	"POST /forgot-account":                           "..................",
	"POST /forgot-password":                          "..................",
	"POST /forgot-password/confirm":                  "..................",
	"POST /lang":                                     "..................",
	"POST /account":                                  "L...DD..DDDDLDD..D", // creator_account.read, a session only
	"POST /login":                                    "..................",
	"POST /login/verify":                             "..................",
	"POST /login/verify/resend":                      "..................",
	"POST /logout":                                   "..................",
	"POST /messages/{id}/read":                       "L...........L.D...",
	"POST /messages/read-all":                        "L...........L.D...",
	"POST /security/devices/{id}/delete":             "L...DDDDDDDDL.D..D",
	"POST /security/passkeys/{id}/delete":            "L...DDDDDDDDL.D..D",
	"POST /security/sessions/others":                 "L...DDDDDDDDL.D..D",
	"POST /security/sessions/{id}/delete":            "L...DDDDDDDDL.D..D",
	"POST /security/settings":                        "L...DDDDDDDDL.D..D",
	"POST /security/totp":                            "L...DDDDDDDDL.D..D",
	"POST /security/totp/confirm":                    "L...DDDDDDDDL.D..D",
	"POST /security/totp/delete":                     "L...DDDDDDDDL.D..D",
	"POST /signup":                                   "..................",
	"POST /staff":                                    "L...DDDDDDDDL.D..D",
	"POST /staff-verification":                       "LDDD........LDDDDD",
	"POST /staff-verification/confirm":               "LDDD........LDDDDD",
	"POST /staff/{id}":                               "L...DDDDDDDDL.D..D",
	"POST /staff/{id}/deactivate":                    "L...DDDDDDDDL.D..D",
	"POST /staff/{id}/renew":                         "L...DDDDDDDDL.D..D",
	"POST /staff/{id}/restore":                       "L...DDDDDDDDL.D..D",
	"POST /verification/brand-entry":                 "L...DDDDDDDDLDD..D",
	"POST /verification/payout":                      "L...DDDDDDDDLDD..D",
	"POST /verification/real-name":                   "L...DDDDDDDDLDD..D",
	"GET /restrictions":                              "L...DDDDDDDDLDD..D",
	"POST /appeals":                                  "L...DDDDDDDDLDD..D",
	"GET /appeals/{id}":                              "L...DDDDDDDDLDD..D",
	"GET /backoffice/restrictions":                   "LDDDDDDDDDDDLDD..D",
	"POST /backoffice/restrictions":                  "LDDDDDDDDDDDLDD..D",
	"POST /backoffice/restrictions/{id}/lift":        "LDDDDDDDDDDDLDD..D",
	"GET /exports":                                   "L...DDDDDDDDLDD..D",
	"POST /exports":                                  "L...DDDDDDDDLDD..D",
	"GET /exports/{id}/file":                         "L...DDDDDDDDLDD..D",
	"GET /webhooks":                                  "L...DDDDDDDDLDD..D",
	"POST /webhooks":                                 "L...DDDDDDDDLDD..D",
	"POST /webhooks/{id}/delete":                     "L...DDDDDDDDLDD..D",
	"POST /webhooks/deliveries/{id}/replay":          "L...DDDDDDDDLDD..D",
	"GET /messages/preferences":                      "L...........L.D...",
	"POST /messages/preferences":                     "L...........L.D...",
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
