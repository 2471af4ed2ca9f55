package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestConsoleSubAccountsAndTokens manages staff and API tokens through the
// console: create with the position's defaults, log in as main@sub in the
// same browser, be refused a page naming the permission, deactivate, see
// the departed list, restore; create a token shown once, and revoke it.
func TestConsoleSubAccountsAndTokens(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b := newBrowser(t, env.Handler)
		b.do("GET", "/signup", nil)
		if w := b.do("POST", "/signup", url.Values{"email": {"shop@example.com"}, "nickname": {"shopmain"}, "password": {good},
			"password_confirm": {good}}); w.Code != http.StatusSeeOther {
			t.Fatalf("sign-up = %d", w.Code)
		}
		w := b.do("GET", "/staff", nil)
		if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, `id="perm-content.read"`) ||
			!strings.Contains(body, `id="perm-message.read" data-positions="customer_service cs_supervisor " checked`) ||
			!strings.Contains(body, `data-positions="operations content_editor "`) {
			t.Fatalf("staff page = %d\n%s", w.Code, body)
		}
		if w := b.do("POST", "/staff", url.Values{"name": {"ed"}, "password": {"short"}, "position": {"content_editor"}}); w.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(w.Body.String(), `id="password-error"`) {
			t.Fatalf("weak password = %d", w.Code)
		}
		if w := b.do("POST", "/staff", url.Values{"name": {"editor01"}, "password": {good}, "position": {"content_editor"},
			"permissions": {"content.read", "content.save_draft"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("create = %d\n%s", w.Code, w.Body)
		}
		body := b.do("GET", "/staff", nil).Body.String()
		if !strings.Contains(body, `data-sub="editor01"`) || !strings.Contains(body, "status-muted") {
			t.Fatalf("staff list lacks editor01:\n%s", body)
		}
		id := regexp.MustCompile(`href="/staff/([0-9a-f-]{36})"`).FindStringSubmatch(body)[1]

		// The staff member logs in on the same browser and is refused the
		// staff page, with the permission named; the refusal is audited.
		b.do("POST", "/logout", url.Values{})
		if w := b.do("POST", "/login", url.Values{"login": {"shopmain@editor01"}, "password": {good}, "next": {"/"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("main@sub log-in = %d\n%s", w.Code, w.Body)
		}
		w = b.do("GET", "/staff", nil)
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "sub_account.manage") {
			t.Fatalf("staff page as editor = %d\n%s", w.Code, w.Body)
		}
		if w := b.do("GET", "/staff-verification", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `id="staff-verify-start"`) {
			t.Fatalf("verification page = %d\n%s", w.Code, w.Body)
		}
		b.do("POST", "/logout", url.Values{})
		b.do("POST", "/login", url.Values{"login": {"shopmain"}, "password": {good}, "next": {"/"}})
		body = b.do("GET", "/audit?action=authz.denied", nil).Body.String()
		if !strings.Contains(body, "outcome-denied") || !strings.Contains(body, "sub_account.manage") ||
			!strings.Contains(body, `class="sub-account">editor01<`) || !strings.Contains(body, `<option value="`+id+`">editor01</option>`) {
			t.Fatalf("audit view lacks the refusal or the person filter:\n%s", body)
		}
		if body := b.do("GET", "/audit?sub_account="+id, nil).Body.String(); !strings.Contains(body, `data-action="session.login"`) ||
			strings.Contains(body, `data-action="sub_account.create"`) {
			t.Fatalf("filtering by the sub-account:\n%s", body)
		}

		// Edit, deactivate, the departed list, restore.
		if w := b.do("POST", "/staff/"+id, url.Values{"position": {"content_editor"}, "permissions": {"content.read"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("edit = %d\n%s", w.Code, w.Body)
		}
		if w := b.do("POST", "/staff/"+id+"/deactivate", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("deactivate = %d", w.Code)
		}
		if body := b.do("GET", "/staff?status=departed", nil).Body.String(); !strings.Contains(body, `data-sub="editor01"`) {
			t.Fatalf("departed list:\n%s", body)
		}
		if w := b.do("POST", "/staff/"+id+"/restore", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("restore = %d", w.Code)
		}

		// A token is shown once, then revoked.
		w = b.do("POST", "/api-tokens", url.Values{"name": {"erp"}, "permissions": {"creator_account.read"}})
		secret := regexp.MustCompile(`id="token-secret">(hlo_[^<]+)<`).FindStringSubmatch(w.Body.String())
		if w.Code != http.StatusCreated || secret == nil {
			t.Fatalf("create token = %d\n%s", w.Code, w.Body)
		}
		body = b.do("GET", "/api-tokens", nil).Body.String()
		if strings.Contains(body, secret[1]) || !strings.Contains(body, `data-token="erp"`) {
			t.Fatalf("token list:\n%s", body)
		}
		var tokenID string
		testkit.Must(t, env.DB.QueryRow(context.Background(), `SELECT id FROM api_tokens WHERE name = 'erp'`).Scan(&tokenID))
		if w := b.do("POST", "/api-tokens/"+tokenID+"/revoke", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("revoke = %d", w.Code)
		}
		if body := b.do("GET", "/api-tokens", nil).Body.String(); !strings.Contains(body, "Revoked") {
			t.Fatalf("revoked token not shown:\n%s", body)
		}
	})
}
