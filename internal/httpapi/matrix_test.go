package httpapi_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpapi"
	"github.com/helio-platform/helio/internal/testkit"
)

// Outcomes of the permission matrix: what an actor meets at a route.
const (
	in     = "allowed" // the route let the actor through (whatever the input then made of it)
	login  = "login"   // 401: log in first
	denied = "denied"  // 403: a role, permission or capability is missing
)

// actors of the matrix, in column order.
var actors = []string{"anonymous", "user", "reviewer", "admin"}

// matrix declares, for every route, what each actor meets. A route missing
// here fails the test, so a new route must state who may use it.
var matrix = map[string][4]string{
	"POST /api/v1/users":                            {in, in, in, in},
	"POST /api/v1/sessions":                         {in, in, in, in},
	"DELETE /api/v1/sessions/current":               {login, in, in, in},
	"GET /api/v1/me":                                {login, in, in, in},
	"GET /api/v1/messages":                          {login, in, in, in},
	"POST /api/v1/messages/{id}/read":               {login, in, in, in},
	"GET /api/v1/backoffice/overview":               {login, denied, in, in},
	"GET /api/v1/audit-events":                      {login, in, in, in},
	"GET /api/v1/audit-events.csv":                  {login, in, in, in},
	"PUT /api/v1/me/payout-account":                 {login, in, in, in},
	"PUT /api/v1/me/real-name":                      {login, in, in, in},
	"POST /api/v1/shops":                            {login, denied, denied, in},
	"POST /api/v1/brand-entries":                    {login, in, in, in},
	"GET /api/v1/creator-accounts/checks":           {login, in, in, in},
	"POST /api/v1/creator-accounts":                 {login, in, in, in},
	"GET /api/v1/creator-accounts":                  {login, in, in, in},
	"GET /api/v1/creator-accounts/{id}":             {login, in, in, in},
	"PATCH /api/v1/creator-accounts/{id}":           {login, in, in, in},
	"GET /api/v1/certification-roles":               {login, in, in, in},
	"POST /api/v1/certifications":                   {login, in, in, in},
	"GET /api/v1/certifications":                    {login, in, in, in},
	"GET /api/v1/certifications/{id}":               {login, in, in, in},
	"POST /api/v1/certifications/{id}/submit":       {login, in, in, in},
	"POST /api/v1/capability-applications":          {login, in, in, in},
	"GET /api/v1/me/capabilities":                   {login, in, in, in},
	"GET /api/v1/review-queue":                      {login, denied, in, in},
	"GET /api/v1/review-queue/{id}":                 {login, denied, in, in},
	"POST /api/v1/review-queue/{id}/approve":        {login, denied, in, in},
	"POST /api/v1/review-queue/{id}/reject":         {login, denied, in, in},
	"GET /api/v1/profile-rules":                     {login, denied, in, in},
	"POST /api/v1/profile-rules":                    {login, denied, in, in},
	"PUT /api/v1/profile-rules/{id}":                {login, denied, in, in},
	"POST /api/v1/media":                            {login, in, in, in},
	"POST /api/v1/sessions/verify":                  {in, in, in, in},
	"POST /api/v1/sessions/challenges/{id}/resend":  {in, in, in, in},
	"GET /api/v1/sessions/challenges/{id}/webauthn": {in, in, in, in},
	"POST /api/v1/password-resets":                  {in, in, in, in},
	"POST /api/v1/password-resets/confirm":          {in, in, in, in},
	"POST /api/v1/account-recovery":                 {in, in, in, in},
	"GET /api/v1/sessions":                          {login, in, in, in},
	"DELETE /api/v1/sessions/others":                {login, in, in, in},
	"DELETE /api/v1/sessions/{id}":                  {login, in, in, in},
	"GET /api/v1/me/devices":                        {login, in, in, in},
	"DELETE /api/v1/me/devices/{id}":                {login, in, in, in},
	"GET /api/v1/me/security":                       {login, in, in, in},
	"PUT /api/v1/me/security":                       {login, in, in, in},
	"PUT /api/v1/me/password":                       {login, in, in, in},
	"POST /api/v1/me/totp":                          {login, in, in, in},
	"POST /api/v1/me/totp/confirm":                  {login, in, in, in},
	"DELETE /api/v1/me/totp":                        {login, in, in, in},
	"POST /api/v1/me/webauthn/registrations":        {login, in, in, in},
	"POST /api/v1/me/webauthn/registrations/finish": {login, in, in, in},
	"GET /api/v1/me/webauthn/credentials":           {login, in, in, in},
	"DELETE /api/v1/me/webauthn/credentials/{id}":   {login, in, in, in},
	"POST /api/v1/me/phone":                         {login, in, in, in},
	"POST /api/v1/me/phone/confirm":                 {login, in, in, in},
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// TestPermissionMatrix calls every route of the route table as every actor
// and compares the outcome with the declared matrix.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := testkit.Client{Handler: env.Handler}
		ctx := context.Background()
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"email": "u@example.com", "nickname": "matrixuser", "password": good}).Expect(t, 201, "")
		for _, role := range []string{"reviewer", "admin"} {
			_, err := env.Accounts.CreateOperator(ctx, role, good, []string{role})
			testkit.Must(t, err)
		}
		logins := map[string]string{"user": "matrixuser", "reviewer": "reviewer", "admin": "admin"}
		session := func(actor string) string {
			if actor == "anonymous" {
				return ""
			}
			return c.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": logins[actor], "password": good}).String("token")
		}
		seen := map[string]bool{}
		for _, r := range env.API.Routes() {
			key := r.Method + " " + httpapi.Prefix + r.Path
			seen[key] = true
			want, ok := matrix[key]
			if !ok {
				t.Errorf("route %s (permission %s) has no row in the permission matrix", key, r.Permission)
				continue
			}
			path := pathParam.ReplaceAllString(httpapi.Prefix+r.Path, "00000000-0000-0000-0000-000000000000")
			for i, actor := range actors {
				// A fresh session per call: some routes end sessions.
				a := c.Call(t, r.Method, path, session(actor), map[string]any{})
				// Only authorization's own refusals name what is missing;
				// a 401 or 403 from the use case itself counts as let through.
				got := in
				if _, missing := a.Error()["missing"]; missing {
					switch a.Status {
					case http.StatusUnauthorized:
						got = login
					case http.StatusForbidden:
						got = denied
					}
				}
				if got != want[i] {
					t.Errorf("%s as %s: %s (%d %s), want %s", key, actor, got, a.Status, a.Raw, want[i])
				}
			}
		}
		for key := range matrix {
			if !seen[key] {
				t.Errorf("matrix row %s matches no route", key)
			}
		}
	})
}
