package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)

// idFor returns a valid resident ID number for a date of birth.
func idFor(birth string) string {
	body := "110105" + birth + "123"
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// creatorWorld is a wired process with helpers for the creator scenarios.
type creatorWorld struct {
	t   testing.TB
	env *apptest.Env
	c   testkit.Client
	ops string
}

func newCreatorWorld(t testing.TB, d *db.DB, settings ...string) *creatorWorld {
	env := apptest.New(t, d, append([]string{"HELIO_IMAGE_MAX_BYTES=2048"}, settings...)...)
	w := &creatorWorld{t: t, env: env, c: testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}}
	_, err := env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "ops", Password: good, Roles: []string{"admin"}})
	testkit.Must(t, err)
	w.ops = w.login("ops")
	return w
}

func (w *creatorWorld) login(nickname string) string {
	a := w.c.Call(w.t, "POST", "/api/v1/sessions", "", map[string]any{"login": nickname, "password": good})
	a.Expect(w.t, http.StatusCreated, "")
	return a.String("token")
}

func (w *creatorWorld) signUp(nickname string) (token, id string) {
	a := w.c.Call(w.t, "POST", "/api/v1/users", "", map[string]any{"email": nickname + "@example.com", "nickname": nickname, "password": good})
	a.Expect(w.t, http.StatusCreated, "")
	return w.login(nickname), a.String("id")
}

func (w *creatorWorld) call(method, path, token string, body any) testkit.Answer {
	return w.c.Call(w.t, method, path, token, body)
}

func (w *creatorWorld) upload(token, purpose string, data []byte) testkit.Answer {
	return w.send("POST", "/api/v1/media?purpose="+purpose, token, http.Header{"Content-Type": {"application/octet-stream"}}, data)
}

// send sends body as it is with the given headers and token (when not
// empty) and decodes the answer.
func (w *creatorWorld) send(method, path, token string, header http.Header, body []byte) testkit.Answer {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	r.RemoteAddr = "192.0.2.10:40000"
	maps.Copy(r.Header, header)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	rec := w.env.Do(r)
	a := testkit.Answer{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
	_ = jsonInto(rec.Body.Bytes(), &a.Body)
	return a
}

// verifyPerson binds a payout account and verifies a person born on birth.
func (w *creatorWorld) verifyPerson(token, name, birth string) {
	w.call("PUT", "/api/v1/me/real-name", token, map[string]any{"kind": "person", "name": name, "id_number": idFor(birth)}).
		Expect(w.t, http.StatusOK, "")
	w.call("PUT", "/api/v1/me/payout-account", token, map[string]any{"provider": "dev", "account_id": "13800138000",
		"holder_name": name, "holder_type": "individual"}).Expect(w.t, http.StatusOK, "")
}

func (w *creatorWorld) verifyEnterprise(token, name string) {
	w.call("PUT", "/api/v1/me/real-name", token, map[string]any{"kind": "enterprise", "name": name, "licence_number": "91350100M000100Y43"}).
		Expect(w.t, http.StatusOK, "")
	w.call("PUT", "/api/v1/me/payout-account", token, map[string]any{"provider": "dev", "account_id": "6222020200112233445",
		"holder_name": name, "holder_type": "enterprise"}).Expect(w.t, http.StatusOK, "")
}

func (w *creatorWorld) count(table string) int {
	var n int
	testkit.Must(w.t, w.env.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func TestOpeningCreatorAccounts(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("xiaoya")

		// Nothing done yet: every check fails, with its fix link, and nothing is written.
		a := w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Style"})
		a.Expect(t, 422, "invalid", "identity", "payout_account", "real_name")
		if checks, _ := a.Error()["checks"].([]any); len(checks) != 3 || checks[0].(map[string]any)["link"] != "/verification#payout" {
			t.Fatalf("checks: %s", a.Raw)
		}

		// Identity numbers are validated with their check characters.
		w.call("PUT", "/api/v1/me/real-name", tok, map[string]any{"kind": "person", "name": "林小雅", "id_number": "110105200803031231"}).
			Expect(t, 422, "invalid", "id_number")
		w.call("PUT", "/api/v1/me/real-name", tok, map[string]any{"kind": "enterprise", "name": "某公司", "licence_number": "91350100M000100Y44"}).
			Expect(t, 422, "invalid", "licence_number")
		w.call("PUT", "/api/v1/me/payout-account", tok, map[string]any{"provider": "bank", "account_id": "x", "holder_name": "林", "holder_type": "individual"}).
			Expect(t, 422, "invalid", "holder_name", "provider")

		// 17 today (the clock is 2 March 2026); the payout holder differs.
		w.verifyPerson(tok, "林小雅", "20080303")
		w.call("PUT", "/api/v1/me/payout-account", tok, map[string]any{"provider": "dev", "account_id": "13800138000",
			"holder_name": "别人", "holder_type": "individual"}).Expect(t, http.StatusOK, "")
		a = w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Style"})
		a.Expect(t, 422, "invalid", "age", "identity")
		w.verifyPerson(tok, "林小雅", "20080303")
		w.call("GET", "/api/v1/creator-accounts/checks?type=creator", tok, nil).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Style"}).Expect(t, 422, "invalid", "age")
		// 18 on the birthday.
		w.env.Clock.Advance(24 * time.Hour)

		// Profile rules: bio length in characters, contact details with their span.
		long := strings.Repeat("穿", 73)
		w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Style", "bio": long}).
			Expect(t, 422, "invalid", "bio")
		for _, bio := range []string{"合作 138 1234 5678", "合作１３８１２３４５６７８", "合作一三八一二三四五六七八", "微信：xiaoya88", "QQ 12345678", "xiaoya@example.com", "www.xiaoya.cn"} {
			a := w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Style", "bio": bio})
			a.Expect(t, 422, "invalid", "bio")
			if msg := a.Error()["fields"].(map[string]any)["bio"].(string); !strings.Contains(msg, "“") {
				t.Fatalf("%q: the refusal does not quote the span: %s", bio, msg)
			}
		}
		w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "加我vx88888"}).Expect(t, 422, "invalid", "name")
		if n := w.count("creator_accounts"); n != 0 {
			t.Fatalf("refusals wrote %d accounts", n)
		}

		// Avatars: images only, within the size limit.
		w.upload(tok, "avatar", []byte("plain text, not an image")).Expect(t, 422, "invalid", "file")
		w.upload(tok, "avatar", append(pngBytes, make([]byte, 4096)...)).Expect(t, 422, "invalid", "file")
		av := w.upload(tok, "avatar", pngBytes)
		av.Expect(t, http.StatusCreated, "")
		if av.String("content_type") != "image/png" || av.String("url") != "/media/"+av.String("id") {
			t.Fatalf("upload: %s", av.Raw)
		}
		img := w.env.Do(httptest.NewRequest("GET", av.String("url"), nil))
		if img.Code != 200 || img.Header().Get("Content-Type") != "image/png" || !strings.Contains(img.Header().Get("Cache-Control"), "immutable") {
			t.Fatalf("serving the avatar: %d %v", img.Code, img.Header())
		}

		bio72 := strings.Repeat("穿", 72)
		a = w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Style",
			"bio": bio72, "avatar": av.String("id")})
		a.Expect(t, http.StatusCreated, "")
		acct := a.String("id")
		if a.String("subject_type") != "individual" || a.String("avatar_url") == "" {
			t.Fatalf("opened: %s", a.Raw)
		}
		// An individual is refused a second account.
		w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "Xiaoya Two"}).
			Expect(t, 422, "invalid", "one_account")

		// An enterprise opens several; names are unique regardless of case and width.
		ent, entID := w.signUp("lumi")
		w.verifyEnterprise(ent, "Lumi 美妆有限公司")
		w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "creator", "name": "ｘｉａｏｙａ ｓｔｙｌｅ"}).
			Expect(t, 422, "invalid", "name")
		w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "creator", "name": "Lumi Daily"}).Expect(t, 201, "")
		w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "creator", "name": "Lumi Outdoor"}).Expect(t, 201, "")

		// A brand account needs an approved brand entry.
		w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "brand", "name": "LumiBeauty"}).
			Expect(t, 422, "invalid", "brand_entry")
		doc := w.upload(ent, "document", pngBytes).String("id")
		entry := w.call("POST", "/api/v1/brand-entries", ent, map[string]any{"brand_name": "LumiBeauty", "documents": []string{doc}})
		entry.Expect(t, 201, "")
		w.call("POST", "/api/v1/review-queue/"+entry.String("id")+"/approve", w.ops, nil).Expect(t, 200, "")
		w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "brand", "name": "LumiBeauty"}).Expect(t, 201, "")

		// A merchant needs a shop; a Tmall-style store's name is derived and locked.
		w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "merchant", "name": "Lumi Shop"}).
			Expect(t, 422, "invalid", "shop")
		w.call("POST", "/api/v1/shops", tok, map[string]any{"user_id": entID, "name": "x", "kind": "tmall"}).Expect(t, 403, "forbidden")
		w.call("POST", "/api/v1/shops", w.ops, map[string]any{"user_id": entID, "name": "Lumi官方旗舰店", "kind": "tmall"}).Expect(t, 201, "")
		m := w.call("POST", "/api/v1/creator-accounts", ent, map[string]any{"type": "merchant", "name": "ignored"})
		m.Expect(t, 201, "")
		if m.String("name") != "Lumi天猫官方" || m.Body["name_locked"] != true {
			t.Fatalf("derived nickname: %s", m.Raw)
		}
		w.call("PATCH", "/api/v1/creator-accounts/"+m.String("id"), ent, map[string]any{"name": "Lumi New"}).Expect(t, 422, "invalid", "name")
		w.call("GET", "/api/v1/creator-accounts/"+m.String("id"), tok, nil).Expect(t, 404, "not_found")

		// Name changes: once per 30 days; a scheduled change is applied by a job.
		w.call("PATCH", "/api/v1/creator-accounts/"+acct, tok, map[string]any{"name": "Xiaoya Daily"}).Expect(t, 422, "invalid", "name")
		w.call("PATCH", "/api/v1/creator-accounts/"+acct, tok, map[string]any{"bio": "每天分享通勤穿搭"}).Expect(t, 200, "")
		w.env.Clock.Advance(30 * 24 * time.Hour)
		tok = w.login("xiaoya")
		at := w.env.Clock.Now().Add(48 * time.Hour).Format(time.RFC3339)
		p := w.call("PATCH", "/api/v1/creator-accounts/"+acct, tok, map[string]any{"name": "Xiaoya Daily", "effective_at": at})
		p.Expect(t, 200, "")
		if p.String("name") != "Xiaoya Style" || len(p.Body["pending"].([]any)) != 1 {
			t.Fatalf("scheduled change: %s", p.Raw)
		}
		w.env.DrainJobs(t)
		if w.call("GET", "/api/v1/creator-accounts/"+acct, tok, nil).String("name") != "Xiaoya Style" {
			t.Fatal("the change took effect early")
		}
		w.env.Clock.Advance(49 * time.Hour)
		w.env.DrainJobs(t)
		got := w.call("GET", "/api/v1/creator-accounts/"+acct, tok, nil)
		if got.String("name") != "Xiaoya Daily" || len(got.Body["pending"].([]any)) != 0 {
			t.Fatalf("after the effective time: %s", got.Raw)
		}
		w.call("PATCH", "/api/v1/creator-accounts/"+acct, tok, map[string]any{"name": "Xiaoya Again"}).Expect(t, 422, "invalid", "name")
	})
}

func TestCertificationCapabilitiesAndReviewQueue(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, userID := w.signUp("leo")
		w.verifyPerson(tok, "李跑跑", "19900101")
		acct := w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "LeoRuns"})
		acct.Expect(t, 201, "")

		// Uncertified: browsing works, every publishing action names the certification and links to it.
		caps := w.call("GET", "/api/v1/me/capabilities", tok, nil)
		caps.Expect(t, 200, "")
		for _, g := range caps.Body["publishing"].([]any) {
			g := g.(map[string]any)
			if g["allowed"] != false || g["link"] != "/certification" || !strings.Contains(g["message"].(string), "certification required") {
				t.Fatalf("gate while uncertified: %v", g)
			}
		}

		doc := w.upload(tok, "document", pngBytes).String("id")
		other, _ := w.signUp("other")
		w.call("GET", "/media/"+doc, other, nil).Expect(t, 404, "")
		bad := w.call("POST", "/api/v1/certifications", tok, map[string]any{"creator_account_id": acct.String("id"), "kind": "organization",
			"documents": []string{}, "roles": []string{"astronaut"}, "domain_focus": "space"})
		bad.Expect(t, 422, "invalid", "documents", "domain_focus", "kind", "roles")
		// Role certifications need level L1 (SPEC §7.3); a new account is L0.
		roles := w.call("POST", "/api/v1/certifications", tok, map[string]any{"creator_account_id": acct.String("id"), "kind": "personal",
			"documents": []string{doc}, "roles": []string{"running_expert"}, "domain_focus": "sports_outdoor"})
		roles.Expect(t, 403, "forbidden")
		if roles.Missing()["level"] != "L1" {
			t.Fatalf("role certification at L0: %s", roles.Raw)
		}
		cert := w.call("POST", "/api/v1/certifications", tok, map[string]any{"creator_account_id": acct.String("id"), "kind": "personal",
			"documents": []string{doc}, "domain_focus": "sports_outdoor"})
		cert.Expect(t, 201, "")
		if cert.String("status") != "submitted" || cert.String("number") != "110***********1234"[:3]+cert.String("number")[3:] {
			t.Fatalf("certification: %s", cert.Raw)
		}
		w.call("POST", "/api/v1/certifications", tok, map[string]any{"creator_account_id": acct.String("id"), "kind": "personal",
			"documents": []string{doc}}).Expect(t, 409, "conflict")

		// Before approval, account recovery by the ID number finds nothing.
		rec := w.call("POST", "/api/v1/account-recovery", "", map[string]any{"id_number": idFor("19900101")})
		rec.Expect(t, 200, "")
		if n := len(rec.Body["contacts"].([]any)); n != 0 {
			t.Fatalf("recovery before certification: %s", rec.Raw)
		}

		// The queue: only reviewers; filtered by kind; overdue after 3 working days.
		w.call("GET", "/api/v1/review-queue", tok, nil).Expect(t, 403, "forbidden")
		q := w.call("GET", "/api/v1/review-queue?kind=certification", w.ops, nil)
		q.Expect(t, 200, "")
		items := q.Body["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["overdue"] != false || items[0].(map[string]any)["sla_working_days"].(float64) != 3 {
			t.Fatalf("queue: %s", q.Raw)
		}
		if n := len(w.call("GET", "/api/v1/review-queue?kind=capability", w.ops, nil).Body["items"].([]any)); n != 0 {
			t.Fatalf("capability filter shows %d items", n)
		}
		w.env.Clock.Advance(7 * 24 * time.Hour)
		item := w.call("GET", "/api/v1/review-queue/"+cert.String("id"), w.ops, nil)
		if item.Body["overdue"] != true || item.Body["certification"].(map[string]any)["documents"].([]any)[0] != doc {
			t.Fatalf("overdue item with material: %s", item.Raw)
		}
		if r := w.env.Do(httptest.NewRequest("GET", "/media/"+doc, nil)); r.Code != 401 {
			t.Fatalf("an anonymous visitor fetched a certification document: %d", r.Code)
		}
		w.call("POST", "/api/v1/review-queue/"+cert.String("id")+"/reject", w.ops, map[string]any{"reason": ""}).
			Expect(t, 422, "invalid", "reason")
		w.call("POST", "/api/v1/review-queue/"+cert.String("id")+"/approve", w.ops, nil).Expect(t, 200, "")
		w.call("POST", "/api/v1/review-queue/"+cert.String("id")+"/approve", w.ops, nil).Expect(t, 409, "conflict")

		// The approved certification is what account recovery finds the identity by.
		rec = w.call("POST", "/api/v1/account-recovery", "", map[string]any{"id_number": idFor("19900101")})
		if c := rec.Body["contacts"].([]any); len(c) != 1 || c[0] != "l***@example.com" {
			t.Fatalf("recovery after certification: %s", rec.Raw)
		}

		// Certified: the gate now names the missing capability.
		caps = w.call("GET", "/api/v1/me/capabilities", tok, nil)
		if caps.Body["certified"] != true {
			t.Fatalf("after approval: %s", caps.Raw)
		}
		first := caps.Body["publishing"].([]any)[0].(map[string]any)
		if first["allowed"] != false || !strings.Contains(first["message"].(string), "graphic posts") {
			t.Fatalf("gate after certification: %v", first)
		}

		// Capabilities: rejected with a reason, applied again, approved.
		app := w.call("POST", "/api/v1/capability-applications", tok, map[string]any{"capability": "graphic_post", "material": "三年跑步图文经验，附作品链接"})
		app.Expect(t, 201, "")
		w.call("POST", "/api/v1/capability-applications", tok, map[string]any{"capability": "graphic_post", "material": "三年跑步图文经验，附作品链接"}).
			Expect(t, 422, "invalid", "capability")
		w.call("POST", "/api/v1/review-queue/"+app.String("id")+"/reject", w.ops, map[string]any{"reason": "请补充作品链接"}).Expect(t, 200, "")
		caps = w.call("GET", "/api/v1/me/capabilities", tok, nil)
		if st := caps.Body["capabilities"].([]any)[0].(map[string]any); st["status"] != "rejected" || st["reason"] != "请补充作品链接" {
			t.Fatalf("rejected capability: %v", st)
		}
		app = w.call("POST", "/api/v1/capability-applications", tok, map[string]any{"capability": "graphic_post", "material": "三年跑步图文经验：https://example.com/leo"})
		w.call("POST", "/api/v1/review-queue/"+app.String("id")+"/approve", w.ops, nil).Expect(t, 200, "")
		caps = w.call("GET", "/api/v1/me/capabilities", tok, nil)
		if g := caps.Body["publishing"].([]any)[0].(map[string]any); g["allowed"] != true {
			t.Fatalf("graphic posts after the grant: %v", g)
		}
		// The session's actor carries both, so authz decides without asking again.
		actor, err := w.env.Auth.Authenticate(context.Background(), tok)
		testkit.Must(t, err)
		if !actor.Certified || !actor.Capabilities["graphic_post"] || actor.Capabilities["short_video"] {
			t.Fatalf("authenticated actor: %+v", actor)
		}
		if err := authz.Check(actor, authz.PublishGraphicPost, nil); err != nil {
			t.Fatalf("publishing graphic posts: %v", err)
		}
		if err := authz.Check(actor, authz.PublishShortVideo, nil); err == nil {
			t.Fatal("short video allowed without the capability")
		}

		// Every decision reached the applicant, and each was audited.
		msgs := w.call("GET", "/api/v1/messages?limit=100", tok, nil)
		titles := ""
		for _, m := range msgs.Body["items"].([]any) {
			titles += m.(map[string]any)["title"].(string) + "|"
		}
		for _, want := range []string{"Your certification was approved", "Your capability application was not approved", "Your capability application was approved"} {
			if !strings.Contains(titles, want) {
				t.Fatalf("messages %q lack %q", titles, want)
			}
		}
		audit := w.call("GET", "/api/v1/audit-events?owner="+userID+"&action=review.approved", w.ops, nil)
		if n := len(audit.Body["items"].([]any)); n != 2 {
			t.Fatalf("%d review.approved events: %s", n, audit.Raw)
		}

		// The certification expires after its validity; the gate closes again.
		w.env.Clock.Advance(366 * 24 * time.Hour)
		w.env.DrainJobs(t)
		tok = w.login("leo")
		if got := w.call("GET", "/api/v1/certifications/"+cert.String("id"), tok, nil).String("status"); got != "expired" {
			t.Fatalf("after a year the certification is %s", got)
		}
		if w.call("GET", "/api/v1/me/capabilities", tok, nil).Body["certified"] != false {
			t.Fatal("an expired certification still certifies")
		}
	})
}

func TestProfileRulesAreData(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("chef")
		w.verifyPerson(tok, "王厨师", "19850505")
		rule := func(pattern string, enabled bool) map[string]any {
			return map[string]any{"kind": "marketing", "label": "Superlatives", "pattern": pattern, "severity": "reject",
				"scopes": []string{"profile"}, "enabled": enabled}
		}
		w.call("POST", "/api/v1/moderation-rules", tok, rule("x", true)).Expect(t, 403, "forbidden")
		w.call("POST", "/api/v1/moderation-rules", w.ops, rule("(", true)).Expect(t, 422, "invalid", "pattern")
		r := w.call("POST", "/api/v1/moderation-rules", w.ops, rule("全网最低", true))
		r.Expect(t, 201, "")
		w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "厨房日记", "bio": "全网最低价"}).
			Expect(t, 422, "invalid", "bio")
		w.call("PUT", "/api/v1/moderation-rules/"+r.String("id"), w.ops, rule("全网最低", false)).Expect(t, 200, "")
		w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": "厨房日记", "bio": "全网最低价"}).
			Expect(t, 201, "")
	})
}

func jsonInto(raw []byte, v any) error { return json.Unmarshal(raw, v) }
