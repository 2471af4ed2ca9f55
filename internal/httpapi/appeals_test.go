package httpapi_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// appealMatrix is the permission matrix of the restriction and appeal
// routes: operators (reviewers and administrators) restrict, lift and see
// every restriction; a main account sees its own and appeals.
var appealMatrix = map[string]string{
	"POST /api/v1/restrictions":           "LDDDDDDDDDDDGDD..D",
	"GET /api/v1/restrictions":            "LDDDDDDDDDDDGDD..D",
	"POST /api/v1/restrictions/{id}/lift": "LDDDDDDDDDDDGDD..D",
	"GET /api/v1/me/restrictions":         "L...DDDDDDDDGDD..D",
	"POST /api/v1/appeals":                "L...DDDDDDDDGDD..D",
	"GET /api/v1/appeals":                 "L...DDDDDDDDGDD..D",
	"GET /api/v1/appeals/{id}":            "L...DDDDDDDDGDD..D",
}

func init() { maps.Copy(matrix, appealMatrix) }

// friday is a Friday 17:00 in China time: an appeal filed then is due at
// the end of the second working day after it, Tuesday.
var friday = time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)

// TestRestrictionAppealUpheldLiftsIt: an operator restricts a creator's
// publishing with a reason; the creator is told, submitting content is
// refused naming the reason and linking to the appeal; the appeal waits in
// the review queue (kind=appeal) with its due time two working days later;
// upheld, the restriction lifts at once and the creator may submit again;
// the exchange and the audit trail keep both sides.
func TestRestrictionAppealUpheldLiftsIt(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		leo := w.certify("leo", "19900101", "graphic_post")
		draft := w.call("POST", "/api/v1/contents", leo, map[string]any{"type": "post", "title": "跑步日记", "body": "今天跑了十公里"})
		draft.Expect(t, http.StatusCreated, "")

		// Bad input changes nothing.
		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "", "kind": "publish", "reason": " "}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "account_id", "reason")
		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "leo", "kind": "mute", "reason": "spam"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "kind")
		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "nobody", "kind": "publish", "reason": "spam"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "account_id")
		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "ops", "kind": "publish", "reason": "spam"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "account_id")

		r := w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "leo", "kind": "publish",
			"reason": "疑似刷量"})
		r.Expect(t, http.StatusCreated, "")
		if r.String("account") != "leo" || r.Body["active"] != true {
			t.Fatalf("restriction: %s", r.Raw)
		}
		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": r.String("account_id"), "kind": "publish",
			"reason": "again"}).Expect(t, http.StatusConflict, "conflict")

		sub := w.call("POST", "/api/v1/contents/"+draft.String("id")+"/submit", leo, map[string]any{})
		sub.Expect(t, http.StatusForbidden, "forbidden")
		msg, _ := sub.Error()["message"].(string)
		if !strings.Contains(msg, "account abnormal") || !strings.Contains(msg, "疑似刷量") ||
			sub.Missing()["restriction"] != "publish" || sub.Error()["restriction_id"] != r.String("id") {
			t.Fatalf("publishing while restricted: %s", sub.Raw)
		}
		mine := w.call("GET", "/api/v1/me/restrictions", leo, nil)
		mine.Expect(t, http.StatusOK, "")
		if items := mine.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["reason"] != "疑似刷量" {
			t.Fatalf("my restrictions: %s", mine.Raw)
		}
		inbox := w.call("GET", "/api/v1/messages", leo, nil)
		if !strings.Contains(string(inbox.Raw), "restriction.created") {
			t.Fatalf("no message about the restriction: %s", inbox.Raw)
		}

		w.env.Clock.Set(friday)
		w.call("POST", "/api/v1/appeals", leo, map[string]any{"restriction_id": r.String("id"), "explanation": "短"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "explanation")
		shot := w.upload(leo, "document", pngBytes).String("id")
		ap := w.call("POST", "/api/v1/appeals", leo, map[string]any{"restriction_id": r.String("id"),
			"explanation": "这些播放量来自一次线下活动的真实观众。", "contact": "leo@example.com", "screenshots": []string{shot}})
		ap.Expect(t, http.StatusCreated, "")
		due := time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC)
		if ap.String("status") != "submitted" || ap.String("due_at") != due.Format(time.RFC3339) {
			t.Fatalf("appeal (due %s): %s", due, ap.Raw)
		}
		w.call("POST", "/api/v1/appeals", leo, map[string]any{"restriction_id": r.String("id"),
			"explanation": "再申诉一次，请尽快处理。"}).Expect(t, http.StatusConflict, "conflict")

		q := w.call("GET", "/api/v1/review-queue?kind=appeal", w.ops, nil)
		q.Expect(t, http.StatusOK, "")
		items := q.Body["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("queue: %s", q.Raw)
		}
		it := items[0].(map[string]any)
		if it["id"] != ap.String("id") || it["applicant"] != "leo" || it["sla_working_days"] != float64(2) ||
			it["due_at"] != due.Format(time.RFC3339) || it["overdue"] != false {
			t.Fatalf("queue item: %v", it)
		}
		w.env.Clock.Set(due)
		if it := w.call("GET", "/api/v1/review-queue/"+ap.String("id"), w.ops, nil); it.Body["overdue"] != true {
			t.Fatalf("not overdue at its due time: %s", it.Raw)
		}

		w.call("POST", "/api/v1/review-queue/"+ap.String("id")+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/review-queue/"+ap.String("id")+"/approve", w.ops, nil).Expect(t, http.StatusConflict, "conflict")
		got := w.call("GET", "/api/v1/appeals/"+ap.String("id"), leo, nil)
		got.Expect(t, http.StatusOK, "")
		msgs := got.Body["messages"].([]any)
		if got.String("status") != "upheld" || got.Body["restriction"].(map[string]any)["active"] != false || len(msgs) != 2 ||
			msgs[0].(map[string]any)["side"] != "account" || msgs[1].(map[string]any)["side"] != "operator" ||
			msgs[0].(map[string]any)["screenshots"].([]any)[0] != shot {
			t.Fatalf("upheld appeal: %s", got.Raw)
		}
		w.call("POST", "/api/v1/contents/"+draft.String("id")+"/submit", leo, map[string]any{}).Expect(t, http.StatusOK, "")

		trail := w.call("GET", "/api/v1/audit-events", leo, nil)
		for _, action := range []string{"restriction.create", "appeal.create", "restriction.lift", "appeal.upheld"} {
			if !strings.Contains(string(trail.Raw), `"`+action+`"`) {
				t.Fatalf("audit trail lacks %s: %s", action, trail.Raw)
			}
		}
	})
}

// TestAppealRejectedKeepsRestriction: a rejection needs a reason, keeps
// the restriction, shows the reason to the account and lets it appeal
// again; another account cannot see the appeal; an operator's lift ends
// the restriction.
func TestAppealRejectedKeepsRestriction(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		mia, _ := w.signUp("mia")
		other, _ := w.signUp("noah")
		r := w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "mia", "kind": "settlement",
			"reason": "订单异常"})
		r.Expect(t, http.StatusCreated, "")
		ap := w.call("POST", "/api/v1/appeals", mia, map[string]any{"restriction_id": r.String("id"),
			"explanation": "这些订单都是真实顾客下的单。"})
		ap.Expect(t, http.StatusCreated, "")
		w.call("GET", "/api/v1/appeals/"+ap.String("id"), other, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("POST", "/api/v1/appeals", other, map[string]any{"restriction_id": r.String("id"),
			"explanation": "替别人申诉试试看可以吗"}).Expect(t, http.StatusUnprocessableEntity, "invalid", "restriction_id")

		w.call("POST", "/api/v1/review-queue/"+ap.String("id")+"/reject", w.ops, map[string]any{"reason": ""}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "reason")
		w.call("POST", "/api/v1/review-queue/"+ap.String("id")+"/reject", w.ops, map[string]any{"reason": "订单来自同一设备"}).
			Expect(t, http.StatusOK, "")
		got := w.call("GET", "/api/v1/appeals/"+ap.String("id"), mia, nil)
		if got.String("status") != "rejected" || got.Body["restriction"].(map[string]any)["active"] != true ||
			!strings.Contains(string(got.Raw), "订单来自同一设备") {
			t.Fatalf("rejected appeal: %s", got.Raw)
		}
		mine := w.call("GET", "/api/v1/me/restrictions", mia, nil)
		first := mine.Body["items"].([]any)[0].(map[string]any)
		if first["active"] != true || first["appeal"].(map[string]any)["status"] != "rejected" {
			t.Fatalf("restriction after rejection: %s", mine.Raw)
		}
		w.call("POST", "/api/v1/appeals", mia, map[string]any{"restriction_id": r.String("id"),
			"explanation": "补充材料：附上了顾客的聊天记录。"}).Expect(t, http.StatusCreated, "")

		w.call("POST", "/api/v1/restrictions/"+r.String("id")+"/lift", w.ops, map[string]any{"reason": ""}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "reason")
		w.call("POST", "/api/v1/restrictions/"+r.String("id")+"/lift", w.ops, map[string]any{"reason": "复核通过"}).
			Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/restrictions/"+r.String("id")+"/lift", w.ops, map[string]any{"reason": "复核通过"}).
			Expect(t, http.StatusConflict, "conflict")
		active := w.call("GET", "/api/v1/restrictions?active=true", w.ops, nil)
		if items := active.Body["items"].([]any); len(items) != 0 {
			t.Fatalf("restrictions in force after the lift: %s", active.Raw)
		}
	})
}

// TestLoginRestrictionLeavesOnlyTheAppeal: an account restricted from
// logging in may still sign in, but only to see its restriction, appeal
// and sign out; everything else is refused naming the reason.
func TestLoginRestrictionLeavesOnlyTheAppeal(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		_, id := w.signUp("ava")
		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": id, "kind": "login",
			"reason": "异地频繁登录"}).Expect(t, http.StatusCreated, "")
		ava := w.login("ava")
		a := w.call("GET", "/api/v1/me/level", ava, nil)
		a.Expect(t, http.StatusForbidden, "forbidden")
		if a.Missing()["restriction"] != "login" || !strings.Contains(string(a.Raw), "异地频繁登录") {
			t.Fatalf("a login-restricted account's request: %s", a.Raw)
		}
		w.call("GET", "/api/v1/me/restrictions", ava, nil).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/appeals", ava, map[string]any{"explanation": "我在出差，登录地点变化是正常的。"}).
			Expect(t, http.StatusCreated, "")
		w.call("DELETE", "/api/v1/sessions/current", ava, nil).Expect(t, http.StatusNoContent, "")
	})
}

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
