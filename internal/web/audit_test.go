package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// uuidPattern matches an id as the trail stores it.
var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// auditRows is the list of events on an activity log page.
func auditRows(t *testing.T, body string) string {
	t.Helper()
	from := strings.Index(body, `<ol id="audit-table"`)
	if from < 0 {
		t.Fatalf("the activity log has no list of events:\n%s", body)
	}
	return body[from : from+strings.Index(body[from:], "</ol>")]
}

// TestActivityLogReadsAsSentences: the activity log tells each event as a
// sentence with the person's name and the content's title, in English and
// Chinese, never an id; the kind-of-action filter keeps only that kind.
func TestActivityLogReadsAsSentences(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		b, _, _ := startDraft(t, env, "yu@example.com", "小雨", "post", "春季穿搭")
		edit := b.do("POST", "/contents", url.Values{"type": {"post"}, "title": {"旧稿"}}).Header().Get("Location")
		old := strings.TrimSuffix(strings.TrimPrefix(edit, "/contents/"), "/edit")
		b.do("POST", "/contents/bulk", url.Values{"bulk_action": {"delete"}, "ids": {old}})

		rows := auditRows(t, b.page("/audit"))
		contains(t, "activity log", rows, "小雨 created draft “春季穿搭”", "小雨 deleted “旧稿”", `class="avatar avatar-initial"`,
			`data-action="session.login"`)
		if id := uuidPattern.FindString(rows); id != "" {
			t.Fatalf("the activity log shows the id %s:\n%s", id, rows)
		}

		filtered := auditRows(t, b.page("/audit?action=content.delete"))
		contains(t, "filtered activity log", filtered, "小雨 deleted “旧稿”")
		lacks(t, "filtered activity log", filtered, "created draft", `data-action="session.login"`)

		b.do("POST", "/lang", url.Values{"lang": {"zh"}})
		zh := b.page("/audit")
		contains(t, "Chinese activity log", auditRows(t, zh), "小雨 创建了草稿《春季穿搭》", "小雨 删除了《旧稿》")
		contains(t, "Chinese activity log", zh, `<option value="content.delete">删除了内容</option>`)
		if id := uuidPattern.FindString(auditRows(t, zh)); id != "" {
			t.Fatalf("the Chinese activity log shows the id %s", id)
		}
	})
}
