package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// staffWorld is a creator world with a main account "foodbrand".
type staffWorld struct {
	*creatorWorld
	main   string
	mainID string
}

func newStaffWorld(t *testing.T, d *db.DB, settings ...string) *staffWorld {
	w := &staffWorld{creatorWorld: newCreatorWorld(t, d, settings...)}
	w.main, w.mainID = w.signUp("foodbrand")
	return w
}

// createSub creates a sub-account of foodbrand and returns its id.
func (w *staffWorld) createSub(name, position string, perms ...string) string {
	body := map[string]any{"name": name, "password": good, "position": position}
	if perms != nil {
		body["permissions"] = perms
	}
	a := w.call("POST", "/api/v1/sub-accounts", w.main, body)
	a.Expect(w.t, http.StatusCreated, "")
	return a.String("id")
}

// subLogin logs in as foodbrand<sep>name and returns the answer.
func (w *staffWorld) subLogin(sep, name string) testkit.Answer {
	return w.call("POST", "/api/v1/sessions", "", map[string]any{"login": "foodbrand" + sep + name, "password": good})
}

func TestSubAccountsCreateLogInAndStaffIdentity(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d)
		a := w.call("POST", "/api/v1/sub-accounts", w.main, map[string]any{"name": "editor01", "password": good, "position": "content_editor"})
		a.Expect(t, http.StatusCreated, "")
		id := a.String("id")
		if a.String("state") != "muted" {
			t.Fatalf("a new sub-account is %s, want muted", a.String("state"))
		}
		perms, _ := a.Body["permissions"].([]any)
		if len(perms) != 3 || !slices.Contains(perms, any("content.read")) || !slices.Contains(perms, any("content.save_draft")) {
			t.Fatalf("content editor defaults = %v", perms)
		}

		// The name is unique within the main account, whatever its case.
		w.call("POST", "/api/v1/sub-accounts", w.main, map[string]any{"name": "Editor01", "password": good, "position": "other"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "name")
		w.call("POST", "/api/v1/sub-accounts", w.main, map[string]any{"name": "weak01", "password": "short", "position": "other"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "password")
		// Never more than the main account holds, never a main-account-only action.
		for _, p := range []string{"data.export", "payout.bind", "review.decide", "no.such"} {
			w.call("POST", "/api/v1/sub-accounts", w.main, map[string]any{"name": "x" + strings.ReplaceAll(p, ".", ""),
				"password": good, "position": "other", "permissions": []string{p}}).
				Expect(t, http.StatusUnprocessableEntity, "invalid", "permissions")
		}

		// Log in as main@sub and main:sub, through the ordinary log-in.
		a = w.subLogin("@", "editor01")
		a.Expect(t, http.StatusCreated, "")
		if a.String("session.sub_account_id") != id || a.String("user.id") != w.mainID {
			t.Fatalf("sub-account session = %s", a.Raw)
		}
		sub := a.String("token")
		w.subLogin(":", "EDITOR01").Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/sessions", "", map[string]any{"login": "foodbrand@editor01", "password": "Wrong-pass-1!"}).
			Expect(t, http.StatusUnauthorized, "unauthenticated")
		w.subLogin("@", "nobody").Expect(t, http.StatusUnauthorized, "unauthenticated")

		// Staff identity: no main-account-only actions, nothing ungranted.
		w.call("GET", "/api/v1/me", sub, nil).Expect(t, http.StatusOK, "")
		a = w.call("PUT", "/api/v1/me/payout-account", sub, map[string]any{})
		a.Expect(t, http.StatusForbidden, "forbidden")
		if a.Missing()["identity"] != "main_account" {
			t.Fatalf("payout as staff: %s", a.Raw)
		}
		for path, perm := range map[string]string{"/api/v1/me/security": "security.read", "/api/v1/sub-accounts": "sub_account.manage",
			"/api/v1/audit-events": "audit.read"} {
			a = w.call("GET", path, sub, nil)
			a.Expect(t, http.StatusForbidden, "forbidden")
			if a.Missing()["permission"] != perm || !strings.Contains(a.Error()["message"].(string), perm) {
				t.Fatalf("GET %s as editor: %s", path, a.Raw)
			}
		}
		a = w.call("PATCH", "/api/v1/creator-accounts/x", sub, map[string]any{"bio": "hi"})
		a.Expect(t, http.StatusForbidden, "forbidden")

		// The main account sees its staff's log-in and refused attempts.
		a = w.call("GET", "/api/v1/audit-events?sub_account="+id, w.main, nil)
		a.Expect(t, http.StatusOK, "")
		var denied, login bool
		for _, it := range a.Body["items"].([]any) {
			e := it.(map[string]any)
			denied = denied || (e["action"] == "authz.denied" && e["outcome"] == "denied" && e["object_id"] == "creator_account.update")
			login = login || e["action"] == "session.login"
			if e["owner_id"] != w.mainID {
				t.Fatalf("staff event owned by %v", e["owner_id"])
			}
		}
		if !denied || !login {
			t.Fatalf("main account's trail lacks the staff events: %s", a.Raw)
		}

		// Permissions can be ticked on and off; a granted one then works.
		w.call("PATCH", "/api/v1/sub-accounts/"+id, w.main, map[string]any{"permissions": []string{"audit.read"}}).Expect(t, http.StatusOK, "")
		w.call("GET", "/api/v1/audit-events", sub, nil).Expect(t, http.StatusOK, "")
		w.call("PATCH", "/api/v1/sub-accounts/"+id, w.main, map[string]any{"name": "renamed"}).Expect(t, http.StatusUnprocessableEntity, "invalid")
		// Someone else's sub-account does not exist for another main account.
		other, _ := w.signUp("otherbrand")
		w.call("POST", "/api/v1/sub-accounts/"+id+"/deactivate", other, nil).Expect(t, http.StatusNotFound, "not_found")
	})
}

func TestDepartedStaff(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d)
		id := w.createSub("cs01", "customer_service")
		sub := w.subLogin("@", "cs01").String("token")
		w.call("GET", "/api/v1/me", sub, nil).Expect(t, http.StatusOK, "")

		w.call("POST", "/api/v1/sub-accounts/"+id+"/deactivate", w.main, nil).Expect(t, http.StatusOK, "")
		w.call("GET", "/api/v1/me", sub, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")
		w.subLogin("@", "cs01").Expect(t, http.StatusForbidden, "forbidden")
		a := w.call("GET", "/api/v1/sub-accounts?status=departed", w.main, nil)
		a.Expect(t, http.StatusOK, "")
		if items := a.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "cs01" {
			t.Fatalf("departed list = %s", a.Raw)
		}
		if items := w.call("GET", "/api/v1/sub-accounts", w.main, nil).Body["items"].([]any); len(items) != 0 {
			t.Fatalf("active list still holds departed staff: %v", items)
		}
		// A departed name stays taken.
		w.call("POST", "/api/v1/sub-accounts", w.main, map[string]any{"name": "cs01", "password": good, "position": "other"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "name")
		w.call("POST", "/api/v1/sub-accounts/"+id+"/restore", w.main, nil).Expect(t, http.StatusOK, "")
		w.subLogin("@", "cs01").Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/sub-accounts/"+id+"/restore", w.main, nil).Expect(t, http.StatusConflict, "conflict")
	})
}

func TestVerificationDeadlineAndVerification(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d)
		late := w.createSub("late01", "other")
		onTime := w.createSub("ontime01", "data_analyst")
		w.createSub("second01", "other")

		// The holder verifies with name, ID and a code sent to the phone.
		sub := w.subLogin("@", "ontime01").String("token")
		id := idFor("19900101")
		w.call("POST", "/api/v1/sub-accounts/me/verification", sub, map[string]any{"name": "王小明", "id_number": "123", "phone": "13800000001"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "id_number")
		a := w.call("POST", "/api/v1/sub-accounts/me/verification", sub, map[string]any{"name": "王小明", "id_number": id, "phone": "13800000001"})
		a.Expect(t, http.StatusCreated, "")
		confirm := map[string]any{"name": "王小明", "id_number": id, "phone": "13800000001", "code_id": a.String("code_id"), "code": "000000"}
		if lastCode(t, w.env, "13800000001") == "000000" {
			confirm["code"] = "111111"
		}
		w.call("POST", "/api/v1/sub-accounts/me/verification/confirm", sub, confirm).Expect(t, http.StatusUnprocessableEntity, "invalid", "code")
		confirm["code"] = lastCode(t, w.env, "13800000001")
		a = w.call("POST", "/api/v1/sub-accounts/me/verification/confirm", sub, confirm)
		a.Expect(t, http.StatusOK, "")
		if a.String("state") != "verified" || a.String("id") != onTime {
			t.Fatalf("after verification: %s", a.Raw)
		}
		// One ID document verifies one sub-account per main account.
		other := w.subLogin("@", "second01").String("token")
		w.call("POST", "/api/v1/sub-accounts/me/verification", other, map[string]any{"name": "王小明", "id_number": id, "phone": "13800000002"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "id_number")
		// The main account has nothing to verify here.
		w.call("POST", "/api/v1/sub-accounts/me/verification", w.main, map[string]any{"name": "王小明", "id_number": id, "phone": "13800000003"}).
			Expect(t, http.StatusForbidden, "forbidden")

		// Seven days later the job restricts the unverified ones only.
		lateSession := w.subLogin("@", "late01").String("token")
		w.env.Clock.Advance(7*24*time.Hour + time.Minute)
		w.env.DrainJobs(t)
		a = w.subLogin("@", "late01")
		a.Expect(t, http.StatusForbidden, "forbidden")
		if !strings.Contains(a.Error()["message"].(string), "restricted") {
			t.Fatalf("restricted log-in: %s", a.Raw)
		}
		w.call("GET", "/api/v1/me", lateSession, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")
		w.subLogin("@", "ontime01").Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/sub-accounts/"+onTime+"/renew", w.main, nil).Expect(t, http.StatusConflict, "conflict")
		w.env.DrainJobs(t) // running the job again changes nothing
		a = w.call("POST", "/api/v1/sub-accounts/"+late+"/renew", w.main, nil)
		a.Expect(t, http.StatusOK, "")
		if a.String("state") != "muted" {
			t.Fatalf("renewed: %s", a.Raw)
		}
		w.subLogin("@", "late01").Expect(t, http.StatusCreated, "")
		var restricted int
		testkit.Must(t, w.env.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE action = 'sub_account.restrict'`).Scan(&restricted))
		if restricted != 2 {
			t.Fatalf("%d restrictions audited, want 2 (late01, second01)", restricted)
		}
	})
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d)
		w.call("POST", "/api/v1/api-tokens", w.main, map[string]any{"name": "erp", "scopes": []string{"data.export"}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "scopes")
		w.call("POST", "/api/v1/api-tokens", w.main, map[string]any{"name": "erp", "scopes": []string{"payout.bind"}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "scopes")
		a := w.call("POST", "/api/v1/api-tokens", w.main, map[string]any{"name": "erp", "scopes": []string{"creator_account.read"}})
		a.Expect(t, http.StatusCreated, "")
		tok, id := a.String("token"), a.String("id")
		if !strings.HasPrefix(tok, "hlo_") {
			t.Fatalf("token = %q", tok)
		}
		w.call("GET", "/api/v1/creator-accounts", tok, nil).Expect(t, http.StatusOK, "")
		a = w.call("GET", "/api/v1/audit-events", tok, nil)
		a.Expect(t, http.StatusForbidden, "forbidden")
		if a.Missing()["permission"] != "audit.read" {
			t.Fatalf("token without the scope: %s", a.Raw)
		}
		w.call("PUT", "/api/v1/me/payout-account", tok, map[string]any{}).Expect(t, http.StatusForbidden, "forbidden")
		// Shown once: the list carries no secret.
		a = w.call("GET", "/api/v1/api-tokens", w.main, nil)
		if strings.Contains(string(a.Raw), tok) || len(a.Body["items"].([]any)) != 1 {
			t.Fatalf("token list = %s", a.Raw)
		}
		w.call("DELETE", "/api/v1/api-tokens/"+id, w.main, nil).Expect(t, http.StatusNoContent, "")
		w.call("GET", "/api/v1/creator-accounts", tok, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")

		// Expiry.
		exp := w.env.Clock.Now().Add(time.Hour).Format(time.RFC3339)
		tok = w.call("POST", "/api/v1/api-tokens", w.main, map[string]any{"name": "short", "scopes": []string{"creator_account.read"},
			"expires_at": exp}).String("token")
		w.call("GET", "/api/v1/creator-accounts", tok, nil).Expect(t, http.StatusOK, "")
		w.env.Clock.Advance(2 * time.Hour)
		w.call("GET", "/api/v1/creator-accounts", tok, nil).Expect(t, http.StatusUnauthorized, "unauthenticated")

		// A sub-account with the permission hands out only what it holds.
		w.createSub("integrator", "other", "api_token.manage", "creator_account.read")
		sub := w.subLogin("@", "integrator").String("token")
		w.call("POST", "/api/v1/api-tokens", sub, map[string]any{"name": "x", "scopes": []string{"audit.read"}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "scopes")
		w.call("POST", "/api/v1/api-tokens", sub, map[string]any{"name": "x", "scopes": []string{"creator_account.read"}}).
			Expect(t, http.StatusCreated, "")
	})
}

// TestSubAccountLogInGoesThroughTheGate: a sub-account's log-in meets the
// main account's step-up rules, and passing them opens a session of the
// sub-account, never of the main account; its failures lock it like any
// log-in.
func TestSubAccountLogInGoesThroughTheGate(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d)
		id := w.createSub("editor01", "content_editor")
		w.call("PUT", "/api/v1/me/security", w.main, map[string]any{"new_device_verification": true, "remote_login_alert": true,
			"double_verification": false, "verify_every_login": true}).Expect(t, http.StatusOK, "")
		a := w.subLogin("@", "editor01")
		a.Expect(t, http.StatusUnauthorized, "step_up_required")
		v := w.call("POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": a.Error()["challenge_id"],
			"method": "sms_code", "code": lastCode(t, w.env, "foodbrand@example.com")})
		v.Expect(t, http.StatusCreated, "")
		if v.String("session.sub_account_id") != id {
			t.Fatalf("step-up opened %s", v.Raw)
		}
		w.call("GET", "/api/v1/sub-accounts", v.String("token"), nil).Expect(t, http.StatusForbidden, "forbidden")

		for range 5 {
			w.call("POST", "/api/v1/sessions", "", map[string]any{"login": "foodbrand@editor01", "password": "Wrong-pass-1!"}).
				Expect(t, http.StatusUnauthorized, "unauthenticated")
		}
		w.subLogin("@", "editor01").Expect(t, http.StatusTooManyRequests, "rate_limited")
	})
}
