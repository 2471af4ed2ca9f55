package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestLogInAlertsAndFindingsInTheReadersLanguage (issue 13 item 13): a
// log-in alert is stored as its message id and parameters and read in each
// reader's language, on /messages and in the console, while a message
// stored formatted before keeps reading as stored; the editor's findings
// name the rule, the field and "sent to human review" each in the reader's
// language, with no English left in the Chinese line.
func TestLogInAlertsAndFindingsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok := w.certify("lin", "19900101", "graphic_post")
		w.call("PUT", "/api/v1/me/security", tok, map[string]any{"new_device_verification": false, "remote_login_alert": true,
			"double_verification": false, "verify_every_login": false}).Expect(t, http.StatusOK, "")
		other := testkit.Client{Handler: w.env.Handler}
		other.Call(t, "POST", "/api/v1/sessions", "", map[string]any{"login": "lin", "password": good}).Expect(t, http.StatusCreated, "")
		var me string
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT id FROM users WHERE nickname = ?`, "lin").Scan(&me))
		_, err := d.Exec(context.Background(), `INSERT INTO messages (id, user_id, kind, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			"old-alert", me, "login_alert", "New log-in to your account", "New log-in: Chrome on Linux, region unknown, at 2026-01-01 00:00 UTC.",
			time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		testkit.Must(t, err)

		alert := func(lang string) (fresh, old map[string]any) {
			c := testkit.Client{Handler: w.env.Handler, Header: http.Header{"Accept-Language": {lang}}}
			a := c.Call(t, "GET", "/api/v1/messages", tok, nil)
			a.Expect(t, http.StatusOK, "")
			for _, it := range a.Body["items"].([]any) {
				m := it.(map[string]any)
				switch {
				case m["id"] == "old-alert":
					old = m
				case m["kind"] == "login_alert":
					fresh = m
				}
			}
			if fresh == nil || old == nil {
				t.Fatalf("%s: the alerts are missing: %s", lang, a.Raw)
			}
			return fresh, old
		}
		en, enOld := alert("en")
		if b := en["body"].(string); !strings.HasPrefix(b, "New log-in: ") || !strings.Contains(b, "region unknown") ||
			en["title"] != "New log-in to your account" {
			t.Errorf("English alert: %v", en)
		}
		zh, zhOld := alert("zh-CN")
		if b := zh["body"].(string); !strings.HasPrefix(b, "新的登录：") || !strings.Contains(b, "地区 未知") ||
			strings.Contains(b, "log-in") || zh["title"] != "你的账号有新的登录" {
			t.Errorf("Chinese alert: %v", zh)
		}
		if enOld["body"] != zhOld["body"] || !strings.HasPrefix(zhOld["body"].(string), "New log-in: Chrome") {
			t.Errorf("a message stored formatted reads as stored: %v / %v", enOld, zhOld)
		}
		page := w.console("GET", "/messages", tok, "")
		if body := page.Body.String(); !strings.Contains(body, "New log-in: ") {
			t.Errorf("the English console lacks the alert")
		}

		c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": "春茶", "body": "今年最好的春茶"})
		c.Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", tok, nil).Expect(t, http.StatusOK, "")
		editor := func(lang string) string {
			rec := w.consoleIn(lang, "GET", "/contents/"+c.String("id")+"/edit", tok, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("%s editor: %d", lang, rec.Code)
			}
			return rec.Body.String()
		}
		if page := editor("en"); !strings.Contains(page, "Absolute claim: “最好” (Body, characters 2–4) · sent to human review") {
			t.Errorf("English findings:\n%s", findingsOf(page))
		}
		page = w.consoleIn("zh-CN", "GET", "/messages", tok, "")
		if body := page.Body.String(); !strings.Contains(body, "新的登录：") {
			t.Errorf("the Chinese console lacks the alert in Chinese")
		}
		if page := editor("zh-CN"); !strings.Contains(page, "绝对化用语：“最好”（正文，第 2–4 个字符） · 已转人工审核") {
			t.Errorf("Chinese findings:\n%s", findingsOf(page))
		}
	})
}

// findingsOf cuts the findings section out of an editor page.
func findingsOf(page string) string {
	_, after, _ := strings.Cut(page, `id="findings"`)
	before, _, _ := strings.Cut(after, "</section>")
	return before
}
