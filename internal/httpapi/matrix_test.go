package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpapi"
	"github.com/helio-platform/helio/internal/testkit"
)

// Outcomes of the permission matrix: what an actor meets at a route, one
// character each.
const (
	in     = '.' // allowed: the route let the actor through (whatever the input then made of it)
	login  = 'L' // 401: log in first
	denied = 'D' // 403: a role, permission, scope, capability or staff identity is missing
	gone   = 'G' // 401: the session ended (a departed sub-account's)
)

// actors of the matrix, in column order: anonymous; a fan (an identity
// with no creator capability); a creator without capability; a creator
// holding capabilities; one verified sub-account of that creator per
// position (customer service, customer-service supervisor, operations,
// finance, content editor, data analyst, other); a muted (unverified)
// content editor; a departed sub-account; an API token holding every scope
// the creator may grant and one holding only data.view; a reviewer; an
// administrator; an operation account bound to a Tmall-style store (the
// last column: it reaches only the task marketplace).
var actors = []string{"anonymous", "fan", "nocap", "creator", "cs", "cs_supervisor", "operations", "finance",
	"content_editor", "data_analyst", "other", "muted", "departed", "token", "token_noscope", "reviewer", "admin", "opacct"}

// positions are the sub-account columns and their positions.
var positions = map[string]string{"cs": "customer_service", "cs_supervisor": "cs_supervisor", "operations": "operations",
	"finance": "finance", "content_editor": "content_editor", "data_analyst": "data_analyst", "other": "other",
	"muted": "content_editor", "departed": "other"}

// matrix declares, for every route, what each actor meets: one character
// per column of actors, in its order (anonymous, fan, nocap, creator, the
// seven positions, muted, departed, token, token_noscope, reviewer, admin,
// opacct).
// A route missing here fails the test, so a new route must state who may
// use it.
var matrix = map[string]string{
	"POST /api/v1/users":                                "............G.....",
	"POST /api/v1/sessions":                             "............G.....",
	"DELETE /api/v1/sessions/current":                   "L...........GDD...",
	"GET /api/v1/me":                                    "L...........G.D...",
	"GET /api/v1/messages":                              "L...........G.D...",
	"POST /api/v1/messages/{id}/read":                   "L...........G.D...",
	"POST /api/v1/messages/read-all":                    "L...........G.D...",
	"GET /api/v1/backoffice/overview":                   "LDDDDDDDDDDDGDD..D",
	"GET /api/v1/audit-events":                          "L...D.DDDDDDG.D..D",
	"GET /api/v1/audit-events.csv":                      "L...D.DDDDDDG.D..D",
	"PUT /api/v1/me/payout-account":                     "L...DDDDDDDDGDD..D",
	"PUT /api/v1/me/real-name":                          "L...DDDDDDDDGDD..D",
	"POST /api/v1/shops":                                "LDDDDDDDDDDDGDDD.D",
	"POST /api/v1/brand-entries":                        "L...DDDDDDDDGDD..D",
	"GET /api/v1/creator-accounts/checks":               "L...DDDDDDDDGDD..D",
	"POST /api/v1/creator-accounts":                     "L...DDDDDDDDGDD..D",
	"GET /api/v1/creator-accounts":                      "L...DD..DDDDG.D..D",
	"GET /api/v1/creator-accounts/{id}":                 "L...DD..DDDDG.D..D",
	"PATCH /api/v1/creator-accounts/{id}":               "L...DDDDDDDDG.D..D",
	"GET /api/v1/certification-roles":                   "L...DDDDDDDDG.D..D",
	"POST /api/v1/certifications":                       "L...DDDDDDDDGDD..D",
	"GET /api/v1/certifications":                        "L...DDDDDDDDG.D..D",
	"GET /api/v1/certifications/{id}":                   "L...DDDDDDDDG.D..D",
	"POST /api/v1/certifications/{id}/submit":           "L...DDDDDDDDGDD..D",
	"POST /api/v1/capability-applications":              "L...DDDDDDDDGDD..D",
	"GET /api/v1/me/capabilities":                       "L...DDDDDDDDG.D..D",
	"GET /api/v1/review-queue":                          "LDDDDDDDDDDDGDD..D",
	"GET /api/v1/review-queue/{id}":                     "LDDDDDDDDDDDGDD..D",
	"POST /api/v1/review-queue/{id}/approve":            "LDDDDDDDDDDDGDD..D",
	"POST /api/v1/review-queue/{id}/reject":             "LDDDDDDDDDDDGDD..D",
	"POST /api/v1/media":                                "L...DD.D.DD.G.D..D",
	"POST /api/v1/sessions/verify":                      "............G.....",
	"POST /api/v1/sessions/challenges/{id}/resend":      "............G.....",
	"GET /api/v1/sessions/challenges/{id}/webauthn":     "............G.....",
	"GET /api/v1/sessions":                              "L...DDDDDDDDG.D..D",
	"DELETE /api/v1/sessions/others":                    "L...DDDDDDDDG.D..D",
	"DELETE /api/v1/sessions/{id}":                      "L...DDDDDDDDG.D..D",
	"GET /api/v1/me/devices":                            "L...DDDDDDDDG.D..D",
	"DELETE /api/v1/me/devices/{id}":                    "L...DDDDDDDDG.D..D",
	"GET /api/v1/me/security":                           "L...DDDDDDDDG.D..D",
	"PUT /api/v1/me/security":                           "L...DDDDDDDDG.D..D",
	"PUT /api/v1/me/password":                           "L...DDDDDDDDG.D..D",
	"POST /api/v1/me/totp":                              "L...DDDDDDDDG.D..D",
	"POST /api/v1/me/totp/confirm":                      "L...DDDDDDDDG.D..D",
	"DELETE /api/v1/me/totp":                            "L...DDDDDDDDG.D..D",
	"POST /api/v1/me/webauthn/registrations":            "L...DDDDDDDDG.D..D",
	"POST /api/v1/me/webauthn/registrations/finish":     "L...DDDDDDDDG.D..D",
	"GET /api/v1/me/webauthn/credentials":               "L...DDDDDDDDG.D..D",
	"DELETE /api/v1/me/webauthn/credentials/{id}":       "L...DDDDDDDDG.D..D",
	"POST /api/v1/me/phone":                             "L...DDDDDDDDG.D..D",
	"POST /api/v1/me/phone/confirm":                     "L...DDDDDDDDG.D..D",
	"POST /api/v1/password-resets":                      "............G.....",
	"POST /api/v1/password-resets/confirm":              "............G.....",
	"POST /api/v1/account-recovery":                     "............G.....",
	"GET /api/v1/sub-account-positions":                 "L...DDDDDDDDG.D..D",
	"POST /api/v1/sub-accounts":                         "L...DDDDDDDDG.D..D",
	"GET /api/v1/sub-accounts":                          "L...DDDDDDDDG.D..D",
	"PATCH /api/v1/sub-accounts/{id}":                   "L...DDDDDDDDG.D..D",
	"POST /api/v1/sub-accounts/{id}/deactivate":         "L...DDDDDDDDG.D..D",
	"POST /api/v1/sub-accounts/{id}/restore":            "L...DDDDDDDDG.D..D",
	"POST /api/v1/sub-accounts/{id}/renew":              "L...DDDDDDDDG.D..D",
	"POST /api/v1/sub-accounts/me/verification":         "L...........GDD..D",
	"POST /api/v1/sub-accounts/me/verification/confirm": "L...........GDD..D",
	"POST /api/v1/api-tokens":                           "L...DDDDDDDDG.D..D",
	"GET /api/v1/api-tokens":                            "L...DDDDDDDDG.D..D",
	"DELETE /api/v1/api-tokens/{id}":                    "L...DDDDDDDDG.D..D",
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// matrixWorld holds the actors' credentials.
type matrixWorld struct {
	c      testkit.Client
	logins map[string]string // actor → login name (a fresh session per call)
	tokens map[string]string // actor → a fixed bearer token
}

func (m matrixWorld) credential(t *testing.T, actor string) string {
	if tok, ok := m.tokens[actor]; ok {
		return tok
	}
	if actor == "anonymous" {
		return ""
	}
	return m.c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": m.logins[actor], "password": good}).String("token")
}

// newMatrixWorld creates every actor of the matrix.
func newMatrixWorld(t *testing.T, env *apptest.Env) matrixWorld {
	ctx := context.Background()
	m := matrixWorld{c: testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}, logins: map[string]string{"fan": "matrixfan",
		"nocap": "matrixnocap", "creator": "matrixcreator", "reviewer": "reviewer", "admin": "admin", "opacct": "matrixop"},
		tokens: map[string]string{}}
	for _, nick := range []string{"matrixfan", "matrixnocap", "matrixcreator", "matrixstore", "matrixop"} {
		m.c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": nick + "@example.com", "nickname": nick, "password": good}).Expect(t, 201, "")
	}
	for _, role := range []string{"reviewer", "admin"} {
		_, err := env.Accounts.CreateOperator(ctx, account.Operator{Login: role, Password: good, Roles: []string{role}})
		testkit.Must(t, err)
	}
	creator := m.credential(t, "creator")
	var creatorID string
	testkit.Must(t, env.DB.QueryRow(ctx, `SELECT id FROM users WHERE nickname = 'matrixcreator'`).Scan(&creatorID))
	for _, capability := range authz.Capabilities {
		_, err := env.DB.Exec(ctx, `INSERT INTO capability_grants (user_id, capability, application_id, granted_at) VALUES (?, ?, 'fixture', ?)`,
			creatorID, capability, env.Clock.Now())
		testkit.Must(t, err)
	}
	for actor, position := range positions {
		name := strings.ReplaceAll(actor, "_", "")
		m.c.Call(t, "POST", "/api/v1/sub-accounts", creator, map[string]any{"name": name, "password": good, "position": position}).Expect(t, 201, "")
		m.logins[actor] = "matrixcreator@" + name
		if actor != "muted" {
			_, err := env.DB.Exec(ctx, `UPDATE sub_accounts SET verified_at = ? WHERE name = ?`, env.Clock.Now(), name)
			testkit.Must(t, err)
		}
	}
	var storeID, opID string
	testkit.Must(t, env.DB.QueryRow(ctx, `SELECT id FROM users WHERE nickname = 'matrixstore'`).Scan(&storeID))
	testkit.Must(t, env.DB.QueryRow(ctx, `SELECT id FROM users WHERE nickname = 'matrixop'`).Scan(&opID))
	_, err := env.DB.Exec(ctx, `INSERT INTO operation_accounts (id, store_id, account_id, status, invited_at, accepted_at)
		VALUES ('matrix-binding', ?, ?, 'bound', ?, ?)`, storeID, opID, env.Clock.Now(), env.Clock.Now())
	testkit.Must(t, err)
	m.tokens["departed"] = m.credential(t, "departed")
	var departedID string
	testkit.Must(t, env.DB.QueryRow(ctx, `SELECT id FROM sub_accounts WHERE name = 'departed'`).Scan(&departedID))
	m.c.Call(t, "POST", "/api/v1/sub-accounts/"+departedID+"/deactivate", creator, nil).Expect(t, 200, "")
	var scopes []string
	for _, g := range authz.PermissionGroups {
		for _, p := range g.Permissions {
			if r, _ := authz.RuleOf(p); !r.Certified {
				scopes = append(scopes, string(p))
			}
		}
	}
	m.tokens["token"] = m.c.Call(t, "POST", "/api/v1/api-tokens", creator, map[string]any{"name": "all", "scopes": scopes}).String("token")
	m.tokens["token_noscope"] = m.c.Call(t, "POST", "/api/v1/api-tokens", creator, map[string]any{"name": "narrow",
		"scopes": []string{string(authz.ViewData)}}).String("token")
	return m
}

// outcome classifies an answer. Only authorization's own refusals name
// what is missing; a 401 or 403 from the use case itself counts as let
// through.
func outcome(a testkit.Answer) byte {
	if _, missing := a.Error()["missing"]; missing {
		switch a.Status {
		case http.StatusUnauthorized:
			return login
		case http.StatusForbidden:
			return denied
		}
	}
	if a.Status == http.StatusUnauthorized && a.Error()["message"] == "Your session has ended. Please log in again." {
		return gone
	}
	return in
}

// TestPermissionMatrix calls every route of the API's route table and every
// page of the console's as every actor, and compares the outcomes with the
// declared matrices.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		m := newMatrixWorld(t, env)
		var api, console []string
		for _, r := range env.API.Routes() {
			api = append(api, r.Method+" "+httpapi.Prefix+r.Path)
		}
		for _, r := range env.Console.Routes() {
			console = append(console, r.Method+" "+r.Path)
		}
		t.Run("api", func(t *testing.T) {
			checkMatrix(t, matrix, api, func(method, path, actor string) (byte, string) {
				a := m.c.Call(t, method, path, m.credential(t, actor), map[string]any{})
				return outcome(a), fmt.Sprintf("%d %s", a.Status, a.Raw)
			})
		})
		t.Run("console", func(t *testing.T) { checkMatrix(t, consoleMatrix, console, m.consoleCall(t, env)) })
	})
}

// checkMatrix calls each route (keyed "METHOD /path") as every actor
// through call, which answers the outcome and a description of the answer,
// and compares the outcomes with table. A route without a row, a row of
// the wrong width and a row that matches no route fail the test.
func checkMatrix(t *testing.T, table map[string]string, routes []string, call func(method, path, actor string) (byte, string)) {
	seen := map[string]bool{}
	for _, key := range routes {
		seen[key] = true
		want, ok := table[key]
		if !ok {
			t.Errorf("route %s has no row in the permission matrix", key)
			continue
		}
		if len(want) != len(actors) {
			t.Errorf("row %s has %d columns, want %d", key, len(want), len(actors))
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		path = strings.ReplaceAll(pathParam.ReplaceAllString(path, "00000000-0000-0000-0000-000000000000"), "{$}", "")
		for i, actor := range actors {
			// A fresh session per call: some routes end sessions.
			if got, answer := call(method, path, actor); got != want[i] {
				t.Errorf("%s as %s: %c (%s), want %c", key, actor, got, answer, want[i])
			}
		}
	}
	for key := range table {
		if !seen[key] {
			t.Errorf("matrix row %s matches no route", key)
		}
	}
}
