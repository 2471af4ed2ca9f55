package httpapi_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// contentMatrix is the permission matrix of the content routes (columns as
// in matrix), merged into matrix.
var contentMatrix = map[string]string{
	"DELETE /api/v1/contents/{id}":                          "L...DDDDDDDDG.D..D", // content.delete
	"DELETE /api/v1/contents/{id}/favourite":                "L...DDDDDDDDGDD..D", // content.react
	"DELETE /api/v1/contents/{id}/like":                     "L...DDDDDDDDGDD..D", // content.react
	"GET /api/v1/contents/{id}/published":                   "............G.....", // content.read_published
	"POST /api/v1/contents/{id}/product-clicks":             "............G.....", // content.read_published
	"GET /api/v1/accounts/{id}/contents":                    "............G.....", // content.read_published
	"GET /api/v1/contents":                                  "L...DD.D.DD.G.D..D", // content.read
	"GET /api/v1/contents/trash":                            "L...DDDDDDDDG.D..D", // content.restore
	"GET /api/v1/contents/search":                           "LDDDDDDDDDDDGDD..D", // content.review
	"GET /api/v1/contents/{id}":                             "L...DD.D.DD.G.D..D", // content.read
	"GET /api/v1/contents/{id}/comments":                    "............G.....", // content.read_published
	"GET /api/v1/contents/{id}/stats":                       "L...DDDDD.DDG.D..D", // content.read_stats
	"GET /api/v1/contents/{id}/versions":                    "L...DD.D.DD.G.D..D", // content.read
	"GET /api/v1/moderation-rules":                          "LDDDDDDDDDDDGDD..D", // moderation.manage
	"GET /api/v1/moderation-rules/{id}/history":             "LDDDDDDDDDDDGDD..D", // moderation.manage
	"PATCH /api/v1/contents/{id}":                           "L...DD.D.DD.G.D..D", // content.save_draft
	"POST /api/v1/comments/{id}/hide":                       "L...DDDDDDDDG.D..D", // content.moderate_comments
	"POST /api/v1/comments/{id}/pin":                        "L...DDDDDDDDG.D..D", // content.moderate_comments
	"POST /api/v1/comments/{id}/reward":                     "L...DDDDDDDDG.D..D", // content.moderate_comments
	"POST /api/v1/comments/{id}/show":                       "L...DDDDDDDDG.D..D", // content.moderate_comments
	"POST /api/v1/comments/{id}/unpin":                      "L...DDDDDDDDG.D..D", // content.moderate_comments
	"POST /api/v1/contents":                                 "L...DD.D.DD.G.D..D", // content.save_draft
	"POST /api/v1/contents/{id}/comments":                   "L...DDDDDDDDGDD..D", // content.comment
	"POST /api/v1/contents/{id}/feature":                    "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/contents/{id}/pin":                        "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/contents/{id}/push":                       "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/contents/{id}/restore":                    "L...DDDDDDDDG.D..D", // content.restore
	"POST /api/v1/contents/{id}/shares":                     "L...DDDDDDDDGDD..D", // content.react
	"POST /api/v1/contents/{id}/submit":                     "L...DD.D.DD.G.D..D", // content.save_draft
	"POST /api/v1/contents/{id}/unfeature":                  "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/contents/{id}/unpin":                      "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/contents/{id}/versions/{version}/restore": "L...DD.D.DD.G.D..D", // content.save_draft
	"POST /api/v1/contents/{id}/withdraw":                   "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/contents/{id}/withdraw-push":              "L...DD.DDDDDG.D..D", // content.manage
	"POST /api/v1/moderation-rules":                         "LDDDDDDDDDDDGDD..D", // moderation.manage
	"PUT /api/v1/contents/{id}/favourite":                   "L...DDDDDDDDGDD..D", // content.react
	"PUT /api/v1/contents/{id}/like":                        "L...DDDDDDDDGDD..D", // content.react
	"PUT /api/v1/moderation-rules/{id}":                     "LDDDDDDDDDDDGDD..D", // moderation.manage
}

func init() { maps.Copy(matrix, contentMatrix) }

// certify opens a creator account for a new person, certifies it and
// grants caps, returning the session token.
func (w *creatorWorld) certify(nickname, birth string, caps ...string) string {
	tok, _ := w.signUp(nickname)
	w.verifyPerson(tok, "林"+nickname, birth)
	acct := w.call("POST", "/api/v1/creator-accounts", tok, map[string]any{"type": "creator", "name": nickname + " studio"})
	acct.Expect(w.t, http.StatusCreated, "")
	doc := w.upload(tok, "document", pngBytes).String("id")
	cert := w.call("POST", "/api/v1/certifications", tok, map[string]any{"creator_account_id": acct.String("id"), "kind": "personal",
		"documents": []string{doc}, "domain_focus": "sports_outdoor"})
	cert.Expect(w.t, http.StatusCreated, "")
	w.call("POST", "/api/v1/review-queue/"+cert.String("id")+"/approve", w.ops, nil).Expect(w.t, http.StatusOK, "")
	for _, c := range caps {
		app := w.call("POST", "/api/v1/capability-applications", tok, map[string]any{"capability": c, "material": "三年创作经验：https://example.com/" + nickname})
		app.Expect(w.t, http.StatusCreated, "")
		w.call("POST", "/api/v1/review-queue/"+app.String("id")+"/approve", w.ops, nil).Expect(w.t, http.StatusOK, "")
	}
	return w.login(nickname)
}

func TestDraftsVersionsAndConflicts(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("mei")
		other, _ := w.signUp("tao")

		// Refusals name their fields and write nothing.
		w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "poem"}).Expect(t, 422, "invalid", "type")
		w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": strings.Repeat("标", 101)}).
			Expect(t, 422, "invalid", "title")
		theirs := w.upload(other, "content", pngBytes).String("id")
		w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "media": []string{theirs}}).Expect(t, 422, "invalid", "media")
		w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "outfit", "products": []map[string]any{{"id": "p1", "x": 1200, "y": 10}}}).
			Expect(t, 422, "invalid", "products")
		if n := w.count("contents"); n != 0 {
			t.Fatalf("refusals wrote %d contents", n)
		}

		// A draft (even an empty one) is version 1; every save is a version.
		c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": "春日穿搭"})
		c.Expect(t, http.StatusCreated, "")
		id := c.String("id")
		if c.String("status") != "draft" || c.Body["version"].(float64) != 1 {
			t.Fatalf("new draft: %s", c.Raw)
		}
		for i, body := range []string{"第一段", "第一段，第二段", "第一段，第二段，第三段"} {
			a := w.call("PATCH", "/api/v1/contents/"+id, tok, map[string]any{"version": i + 1, "body": body})
			a.Expect(t, http.StatusOK, "")
			if a.String("body") != body || a.String("title") != "春日穿搭" || a.Body["version"].(float64) != float64(i+2) {
				t.Fatalf("save %d: %s", i, a.Raw)
			}
		}
		// Someone else's draft is absent.
		w.call("PATCH", "/api/v1/contents/"+id, other, map[string]any{"version": 4, "body": "x"}).Expect(t, 404, "not_found")
		w.call("GET", "/api/v1/contents/"+id+"/versions", other, nil).Expect(t, 404, "not_found")

		// A second tab saves on version 4 after the first moved on: 409 with
		// the current text, and the losing text kept as a conflict version.
		w.call("PATCH", "/api/v1/contents/"+id, tok, map[string]any{"version": 4, "body": "标签页一"}).Expect(t, 200, "")
		a := w.call("PATCH", "/api/v1/contents/"+id, tok, map[string]any{"version": 4, "body": "标签页二"})
		a.Expect(t, http.StatusConflict, "conflict")
		cur := a.Error()["current"].(map[string]any)
		if cur["body"] != "标签页一" || cur["version"].(float64) != 5 || a.Error()["kept_version"].(float64) != 6 {
			t.Fatalf("conflict: %s", a.Raw)
		}
		vs := w.call("GET", "/api/v1/contents/"+id+"/versions", tok, nil)
		vs.Expect(t, 200, "")
		items := vs.Body["items"].([]any)
		if len(items) != 6 || items[0].(map[string]any)["body"] != "标签页二" || items[0].(map[string]any)["conflict"] != true {
			t.Fatalf("versions: %s", vs.Raw)
		}
		// The head is still tab one's; the next save numbers after the kept one.
		if g := w.call("GET", "/api/v1/contents/"+id, tok, nil); g.String("body") != "标签页一" || g.Body["version"].(float64) != 5 {
			t.Fatalf("head after conflict: %s", g.Raw)
		}

		// Restoring the conflict text makes it the head as a new version.
		r := w.call("POST", "/api/v1/contents/"+id+"/versions/6/restore", tok, nil)
		r.Expect(t, 200, "")
		if r.String("body") != "标签页二" || r.Body["version"].(float64) != 7 {
			t.Fatalf("restore: %s", r.Raw)
		}
		w.call("POST", "/api/v1/contents/"+id+"/versions/99/restore", tok, nil).Expect(t, 404, "not_found")
	})
}

func TestPublishingNeedsCertificationAndCapabilities(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("anon")
		c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": "跑步日记", "body": "今天跑了十公里"})
		a := w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", tok, map[string]any{})
		a.Expect(t, 403, "forbidden")
		if a.Missing()["certification"] != "required" {
			t.Fatalf("uncertified submit: %s", a.Raw)
		}

		pro := w.certify("leo", "19900101", "graphic_post")
		post := w.call("POST", "/api/v1/contents", pro, map[string]any{"type": "post", "title": "跑鞋推荐", "body": "这双鞋很轻",
			"products": []map[string]any{{"id": "sku-1"}}})
		a = w.call("POST", "/api/v1/contents/"+post.String("id")+"/submit", pro, map[string]any{})
		a.Expect(t, 403, "forbidden")
		if a.Missing()["capability"] != "product_mounting" || !strings.Contains(a.Error()["message"].(string), "product mounting") {
			t.Fatalf("products without the capability: %s", a.Raw)
		}
		video := w.call("POST", "/api/v1/contents", pro, map[string]any{"type": "video", "title": "晨跑"})
		a = w.call("POST", "/api/v1/contents/"+video.String("id")+"/submit", pro, map[string]any{})
		if a.Status != 403 || a.Missing()["capability"] != "short_video" {
			t.Fatalf("video without the capability: %s", a.Raw)
		}

		// Each type checks its own completeness.
		outfit := w.call("POST", "/api/v1/contents", w.certify("yan", "19920101", "graphic_post", "product_mounting"), nil)
		outfit.Expect(t, 422, "invalid")
		yan := w.login("yan")
		o := w.call("POST", "/api/v1/contents", yan, map[string]any{"type": "outfit", "title": "通勤搭配", "products": []map[string]any{{"id": "a", "x": 100, "y": 200}}})
		w.call("POST", "/api/v1/contents/"+o.String("id")+"/submit", yan, map[string]any{}).Expect(t, 422, "invalid", "media", "products")
		l := w.call("POST", "/api/v1/contents", yan, map[string]any{"type": "list", "title": "五双跑鞋",
			"products": []map[string]any{{"id": "a", "commentary": "轻"}, {"id": "b"}}})
		w.call("POST", "/api/v1/contents/"+l.String("id")+"/submit", yan, map[string]any{}).Expect(t, 422, "invalid", "products")
		it := w.call("POST", "/api/v1/contents", yan, map[string]any{"type": "item", "title": "测评", "body": "好",
			"products": []map[string]any{{"id": "a"}}})
		w.call("POST", "/api/v1/contents/"+it.String("id")+"/submit", yan, map[string]any{}).Expect(t, 422, "invalid", "body")
		w.call("PATCH", "/api/v1/contents/"+it.String("id"), yan, map[string]any{"version": 1, "body": "鞋底回弹很好，适合长距离慢跑"}).Expect(t, 200, "")
		w.call("POST", "/api/v1/contents/"+it.String("id")+"/submit", yan, map[string]any{}).Expect(t, 200, "")
	})
}

func TestModerationAndReview(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok := w.certify("lin", "19900101", "graphic_post")
		draft := func(title, body string) string {
			c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": title, "body": body})
			c.Expect(t, http.StatusCreated, "")
			return c.String("id")
		}
		submit := func(id string, body map[string]any) testkit.Answer {
			return w.call("POST", "/api/v1/contents/"+id+"/submit", tok, body)
		}

		// A false claim is refused, its span named (full-width digits and
		// Chinese numerals fold to the same text), nothing changed.
		for _, body := range []string{"这款茶一周瘦10斤", "这款茶一周瘦１０斤", "这款茶一 周瘦10 斤"} {
			id := draft("减脂茶", body)
			a := submit(id, map[string]any{})
			a.Expect(t, 422, "invalid", "body")
			f := a.Error()["findings"].([]any)[0].(map[string]any)
			if f["rule"] != "Slimming claim" || f["start"].(float64) != 3 || !strings.HasSuffix(f["text"].(string), "斤") {
				t.Fatalf("%s: finding %s", body, a.Raw)
			}
			if g := w.call("GET", "/api/v1/contents/"+id, tok, nil); g.String("status") != "draft" {
				t.Fatalf("a refused submission changed the content: %s", g.Raw)
			}
		}
		contact := draft("合作", "加微信 xiaolin_88 详聊")
		submit(contact, map[string]any{}).Expect(t, 422, "invalid", "body")

		// A review-severity finding goes to review with the finding shown.
		best := draft("最好的跑鞋", "轻")
		a := submit(best, map[string]any{})
		a.Expect(t, 200, "")
		if a.String("status") != "in_review" || a.Body["findings"].([]any)[0].(map[string]any)["text"] != "最好" {
			t.Fatalf("review finding: %s", a.Raw)
		}
		submit(best, map[string]any{}).Expect(t, 422, "invalid", "status")

		// A clean post: in review, in the back-office queue; approved, published.
		clean := draft("春季跑步计划", "每周三次，每次五公里")
		submit(clean, map[string]any{}).Expect(t, 200, "")
		q := w.call("GET", "/api/v1/review-queue?kind=content", w.ops, nil)
		q.Expect(t, 200, "")
		if items := q.Body["items"].([]any); len(items) != 2 || items[1].(map[string]any)["id"] != clean ||
			items[1].(map[string]any)["content"].(map[string]any)["title"] != "春季跑步计划" {
			t.Fatalf("queue: %s", q.Raw)
		}
		w.call("POST", "/api/v1/review-queue/"+clean+"/approve", tok, nil).Expect(t, 403, "forbidden")
		p := w.call("POST", "/api/v1/review-queue/"+clean+"/approve", w.ops, nil)
		p.Expect(t, 200, "")
		if p.String("status") != "published" || p.Body["content"].(map[string]any)["published_version"].(float64) != 1 {
			t.Fatalf("approved: %s", p.Raw)
		}
		w.call("POST", "/api/v1/review-queue/"+clean+"/approve", w.ops, nil).Expect(t, 409, "conflict")

		// Editing published content re-enters review; the snapshot stays.
		e := w.call("PATCH", "/api/v1/contents/"+clean, tok, map[string]any{"version": 1, "body": "每周四次"})
		if e.String("status") != "draft" || e.Body["published_version"].(float64) != 1 {
			t.Fatalf("edited published: %s", e.Raw)
		}
		submit(clean, map[string]any{}).Expect(t, 200, "")
		w.call("POST", "/api/v1/review-queue/"+clean+"/reject", w.ops, map[string]any{"reason": ""}).Expect(t, 422, "invalid", "reason")
		rj := w.call("POST", "/api/v1/review-queue/"+clean+"/reject", w.ops, map[string]any{"reason": "请补充训练强度说明"})
		if rj.String("status") != "rejected" || rj.Body["content"].(map[string]any)["reject_reason"] != "请补充训练强度说明" {
			t.Fatalf("rejected: %s", rj.Raw)
		}

		// Scheduled publishing: approved before its time, published by the job.
		sched := draft("周末长跑", "二十公里")
		submit(sched, map[string]any{"publish_at": testkit.Epoch.Add(-time.Hour)}).Expect(t, 422, "invalid", "publish_at")
		at := w.env.Clock.Now().Add(48 * time.Hour)
		submit(sched, map[string]any{"publish_at": at}).Expect(t, 200, "")
		if s := w.call("POST", "/api/v1/review-queue/"+sched+"/approve", w.ops, nil); s.String("status") != "scheduled" {
			t.Fatalf("scheduled: %s", s.Raw)
		}
		w.env.DrainJobs(t)
		if g := w.call("GET", "/api/v1/contents/"+sched, tok, nil); g.String("status") != "scheduled" {
			t.Fatalf("published early: %s", g.Raw)
		}
		w.env.Clock.Advance(49 * time.Hour)
		w.env.DrainJobs(t)
		w.env.DrainJobs(t)
		if g := w.call("GET", "/api/v1/contents/"+sched, tok, nil); g.String("status") != "published" {
			t.Fatalf("not published at its time: %s", g.Raw)
		}

		// Rules are data operators edit, with history.
		w.call("GET", "/api/v1/moderation-rules", tok, nil).Expect(t, 403, "forbidden")
		w.call("POST", "/api/v1/moderation-rules", w.ops, map[string]any{"kind": "claim", "label": "", "pattern": "(", "severity": "review", "scopes": []string{"content"}, "enabled": true}).
			Expect(t, 422, "invalid", "label", "pattern")
		rule := w.call("POST", "/api/v1/moderation-rules", w.ops, map[string]any{"kind": "banned", "label": "Test word",
			"pattern": "禁词", "severity": "reject", "scopes": []string{"content", "comment"}, "enabled": true})
		rule.Expect(t, 201, "")
		submit(draft("标题", "这里有禁词"), map[string]any{}).Expect(t, 422, "invalid", "body")
		w.call("PUT", "/api/v1/moderation-rules/"+rule.String("id"), w.ops, map[string]any{"kind": "banned", "label": "Test word",
			"pattern": "禁词", "severity": "reject", "scopes": []string{"content", "comment"}, "enabled": false}).Expect(t, 200, "")
		submit(draft("标题", "这里有禁词"), map[string]any{}).Expect(t, 200, "")
		h := w.call("GET", "/api/v1/moderation-rules/"+rule.String("id")+"/history", w.ops, nil)
		if items := h.Body["items"].([]any); len(items) != 2 || items[0].(map[string]any)["enabled"] != false {
			t.Fatalf("history: %s", h.Raw)
		}
	})
}

func TestManagementListPushFlagsAndDelete(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok := w.certify("zoe", "19900101", "graphic_post", "product_mounting")
		publish := func(typ, title, category string, products []map[string]any) string {
			c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": typ, "title": title, "body": title + "：鞋底回弹很好，适合慢跑",
				"category": category, "products": products})
			c.Expect(t, http.StatusCreated, "")
			w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", tok, map[string]any{}).Expect(t, 200, "")
			w.call("POST", "/api/v1/review-queue/"+c.String("id")+"/approve", w.ops, nil).Expect(t, 200, "")
			return c.String("id")
		}
		first := publish("post", "春跑", "跑步", nil)
		second := publish("post", "夏跑", "跑步", nil)
		item := publish("item", "跑鞋测评", "装备", []map[string]any{{"id": "sku-9"}})
		draft := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": "秋跑草稿"}).String("id")

		// Tabs and categories with counts; filters by type, title and date.
		l := w.call("GET", "/api/v1/contents", tok, nil)
		l.Expect(t, 200, "")
		if n := len(l.Body["items"].([]any)); n != 4 {
			t.Fatalf("list: %s", l.Raw)
		}
		types := l.Body["types"].([]any)
		if len(types) != 2 || types[0].(map[string]any)["name"] != "item" || types[1].(map[string]any)["count"].(float64) != 3 {
			t.Fatalf("type counts: %s", l.Raw)
		}
		if cats := l.Body["categories"].([]any); len(cats) != 2 || cats[1].(map[string]any)["name"] != "跑步" || cats[1].(map[string]any)["count"].(float64) != 2 {
			t.Fatalf("categories: %s", l.Raw)
		}
		if items := w.call("GET", "/api/v1/contents?type=item", tok, nil).Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != item {
			t.Fatalf("type filter: %v", items)
		}
		if items := w.call("GET", "/api/v1/contents?q=夏", tok, nil).Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != second {
			t.Fatalf("title filter: %v", items)
		}
		if items := w.call("GET", "/api/v1/contents?status=draft&category=", tok, nil).Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != draft {
			t.Fatalf("status filter: %v", items)
		}
		if items := w.call("GET", "/api/v1/contents?from=2026-03-03T00:00:00Z", tok, nil).Body["items"].([]any); len(items) != 0 {
			t.Fatalf("date filter: %v", items)
		}
		w.call("GET", "/api/v1/contents?type=poem", tok, nil).Expect(t, 422, "invalid", "type")
		page := w.call("GET", "/api/v1/contents?limit=3", tok, nil)
		next := w.call("GET", "/api/v1/contents?limit=3&cursor="+page.String("next_cursor"), tok, nil)
		if len(page.Body["items"].([]any)) != 3 || len(next.Body["items"].([]any)) != 1 {
			t.Fatalf("pages: %s / %s", page.Raw, next.Raw)
		}

		// Push: published only; the subscription channel once a day.
		w.call("POST", "/api/v1/contents/"+draft+"/push", tok, map[string]any{"targets": []string{"feed"}}).Expect(t, 422, "invalid", "status")
		w.call("POST", "/api/v1/contents/"+first+"/push", tok, map[string]any{"targets": []string{"radio"}}).Expect(t, 422, "invalid", "targets")
		p := w.call("POST", "/api/v1/contents/"+first+"/push", tok, map[string]any{"targets": []string{"feed", "subscription"}})
		if p.Status != 200 || p.Body["active_pushes"].(float64) != 2 {
			t.Fatalf("push: %s", p.Raw)
		}
		w.call("POST", "/api/v1/contents/"+second+"/push", tok, map[string]any{"targets": []string{"subscription"}}).Expect(t, 422, "invalid", "targets")
		w.env.Clock.Advance(25 * time.Hour)
		w.call("POST", "/api/v1/contents/"+second+"/push", tok, map[string]any{"targets": []string{"subscription"}}).Expect(t, 200, "")
		if wp := w.call("POST", "/api/v1/contents/"+first+"/withdraw-push", tok, nil); wp.Body["active_pushes"].(float64) != 0 {
			t.Fatalf("withdraw: %s", wp.Raw)
		}
		w.call("POST", "/api/v1/contents/"+first+"/withdraw-push", tok, nil).Expect(t, 422, "invalid", "status")

		// The homepage: pinned first, then featured, then newest; drafts never.
		w.call("POST", "/api/v1/contents/"+first+"/pin", tok, nil).Expect(t, 200, "")
		w.call("POST", "/api/v1/contents/"+item+"/feature", tok, nil).Expect(t, 200, "")
		owner := w.call("GET", "/api/v1/contents/"+first, tok, nil).String("owner_id")
		home := w.call("GET", "/api/v1/accounts/"+owner+"/contents", "", nil)
		home.Expect(t, 200, "")
		var order []string
		for _, it := range home.Body["items"].([]any) {
			order = append(order, it.(map[string]any)["id"].(string))
		}
		if strings.Join(order, ",") != strings.Join([]string{first, item, second}, ",") {
			t.Fatalf("homepage order: %s", home.Raw)
		}
		w.call("POST", "/api/v1/contents/"+first+"/unpin", tok, nil).Expect(t, 200, "")

		// Withdrawn content leaves the homepage and its pushes; it can be submitted again.
		wd := w.call("POST", "/api/v1/contents/"+second+"/withdraw", tok, nil)
		if wd.String("status") != "withdrawn" || wd.Body["active_pushes"].(float64) != 0 || wd.Body["published_version"].(float64) != 0 {
			t.Fatalf("withdrawn: %s", wd.Raw)
		}
		w.call("POST", "/api/v1/contents/"+second+"/withdraw", tok, nil).Expect(t, 422, "invalid", "status")
		if n := len(w.call("GET", "/api/v1/accounts/"+owner+"/contents", "", nil).Body["items"].([]any)); n != 2 {
			t.Fatalf("withdrawn content still public: %d", n)
		}
		w.call("POST", "/api/v1/contents/"+second+"/submit", tok, map[string]any{}).Expect(t, 200, "")
		w.call("POST", "/api/v1/review-queue/"+second+"/approve", w.ops, nil).Expect(t, 200, "")
		w.call("POST", "/api/v1/contents/"+draft+"/feature", tok, nil).Expect(t, 422, "invalid", "status")

		// Delete is soft: gone for the creator and the public; operators restore within 30 days.
		other, _ := w.signUp("ivy")
		w.call("DELETE", "/api/v1/contents/"+item, other, nil).Expect(t, 404, "not_found")
		w.call("DELETE", "/api/v1/contents/"+item, tok, nil).Expect(t, 204, "")
		w.call("GET", "/api/v1/contents/"+item, tok, nil).Expect(t, 404, "not_found")
		if n := len(w.call("GET", "/api/v1/accounts/"+owner+"/contents", "", nil).Body["items"].([]any)); n != 2 {
			t.Fatalf("deleted content still public: %d", n)
		}
		w.call("POST", "/api/v1/contents/"+item+"/restore", other, nil).Expect(t, 404, "not_found")
		w.call("POST", "/api/v1/contents/"+item+"/restore", w.ops, nil).Expect(t, 200, "")
		w.call("DELETE", "/api/v1/contents/"+second, tok, nil).Expect(t, 204, "")
		w.env.Clock.Advance(31 * 24 * time.Hour)
		w.call("POST", "/api/v1/contents/"+second+"/restore", w.login("ops"), nil).Expect(t, 409, "conflict")
	})
}

// TestTrashRestoresOwnContentWithinTheWindow: the owner sees their deleted
// content with the days left and restores it (audited); nobody else sees or
// restores it; after 30 days it leaves the trash and a restore is refused
// naming the rule, changing nothing.
func TestTrashRestoresOwnContentWithinTheWindow(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("tia")
		other, _ := w.signUp("uma")
		mk := func(title string) string {
			c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": title})
			c.Expect(t, http.StatusCreated, "")
			return c.String("id")
		}
		early, late, kept := mk("早春"), mk("晚春"), mk("留下")
		trash := func(token string) []any {
			r := w.call("GET", "/api/v1/contents/trash", token, nil)
			r.Expect(t, 200, "")
			return r.Body["items"].([]any)
		}
		if n := len(trash(tok)); n != 0 {
			t.Fatalf("trash before any delete: %d", n)
		}
		w.call("DELETE", "/api/v1/contents/"+early, tok, nil).Expect(t, 204, "")
		w.env.Clock.Advance(10 * 24 * time.Hour)
		tok, other = w.login("tia"), w.login("uma")
		w.call("DELETE", "/api/v1/contents/"+late, tok, nil).Expect(t, 204, "")

		items := trash(tok)
		if len(items) != 2 {
			t.Fatalf("trash: %v", items)
		}
		first, second := items[0].(map[string]any), items[1].(map[string]any)
		if first["id"] != late || first["days_left"].(float64) != 30 || first["title"] != "晚春" || first["deleted_at"] == nil {
			t.Fatalf("latest deleted first with 30 days left: %v", first)
		}
		if second["id"] != early || second["days_left"].(float64) != 20 || second["restore_until"] == nil {
			t.Fatalf("earlier deleted with 20 days left: %v", second)
		}
		if n := len(trash(other)); n != 0 {
			t.Fatalf("another account sees the trash: %d", n)
		}
		page := w.call("GET", "/api/v1/contents/trash?limit=1", tok, nil)
		rest := w.call("GET", "/api/v1/contents/trash?limit=1&cursor="+page.String("next_cursor"), tok, nil)
		if len(page.Body["items"].([]any)) != 1 || len(rest.Body["items"].([]any)) != 1 || rest.Body["items"].([]any)[0].(map[string]any)["id"] != early {
			t.Fatalf("trash pages: %s / %s", page.Raw, rest.Raw)
		}
		w.call("GET", "/api/v1/contents/trash?limit=101", tok, nil).Expect(t, 422, "invalid", "limit")

		// Someone else's deleted content is absent to them; the owner restores theirs.
		w.call("POST", "/api/v1/contents/"+early+"/restore", other, nil).Expect(t, 404, "not_found")
		w.call("POST", "/api/v1/contents/"+kept+"/restore", tok, nil).Expect(t, 404, "not_found")
		r := w.call("POST", "/api/v1/contents/"+early+"/restore", tok, nil)
		if r.Status != 200 || r.String("id") != early || r.Body["deleted_at"] != nil {
			t.Fatalf("restore: %s", r.Raw)
		}
		w.call("GET", "/api/v1/contents/"+early, tok, nil).Expect(t, 200, "")
		if items := trash(tok); len(items) != 1 || items[0].(map[string]any)["id"] != late {
			t.Fatalf("trash after restore: %v", items)
		}
		if trail := w.call("GET", "/api/v1/audit-events", tok, nil); !strings.Contains(string(trail.Raw), `"content.restore"`) {
			t.Fatalf("restore not audited: %s", trail.Raw)
		}

		// After the window: out of the trash, and a restore names the rule.
		w.env.Clock.Advance(30*24*time.Hour + time.Minute)
		tok = w.login("tia")
		if n := len(trash(tok)); n != 0 {
			t.Fatalf("trash after the window: %d", n)
		}
		late409 := w.call("POST", "/api/v1/contents/"+late+"/restore", tok, nil)
		late409.Expect(t, 409, "conflict")
		if raw := string(late409.Raw); !strings.Contains(raw, `"rule":{"table":"content_rules","version":1}`) || !strings.Contains(raw, "30 days only") {
			t.Fatalf("refusal does not name the rule: %s", late409.Raw)
		}
		w.call("GET", "/api/v1/contents/"+late, tok, nil).Expect(t, 404, "not_found")
	})
}

func TestSearchUsesTrigramsAndHandlesChinese(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("sun")
		other, _ := w.signUp("moon")
		mk := func(token, title, body string) string {
			c := w.call("POST", "/api/v1/contents", token, map[string]any{"type": "post", "title": title, "body": body})
			c.Expect(t, http.StatusCreated, "")
			return c.String("id")
		}
		linen := mk(tok, "亚麻衬衫的三种穿法", "Linen shirts breathe in summer")
		denim := mk(tok, "牛仔外套", "春天的叠穿技巧")
		theirs := mk(other, "亚麻长裙", "夏天")
		ids := func(path, token string) string {
			a := w.call("GET", path, token, nil)
			a.Expect(t, 200, "")
			var out []string
			for _, it := range a.Body["items"].([]any) {
				out = append(out, it.(map[string]any)["id"].(string))
			}
			return strings.Join(out, ",")
		}
		for q, want := range map[string]string{
			"三种穿法":   linen, // Chinese, in the title
			"叠穿技巧":   denim, // Chinese, in the body
			"亚麻":     linen, // two characters: below a trigram, still found
			"LINEN":  linen, // case does not matter
			"summer": linen,
			"毛衣":     "",
		} {
			if got := ids("/api/v1/contents?q="+q, tok); got != want {
				t.Errorf("q=%s: %s, want %s", q, got, want)
			}
		}
		// Saves keep the index current.
		w.call("PATCH", "/api/v1/contents/"+denim, tok, map[string]any{"version": 1, "body": "秋天的叠穿"}).Expect(t, 200, "")
		if got := ids("/api/v1/contents?q=春天的叠", tok); got != "" {
			t.Errorf("old text still found: %s", got)
		}
		if got := ids("/api/v1/contents?q=秋天的叠", tok); got != denim {
			t.Errorf("new text not found: %s", got)
		}
		// A save leaves the index to the background refresh; searches answer
		// the same before and after it, and then the index agrees with the
		// text again (SQLite's FTS5 checks its entries against contents).
		ctx := context.Background()
		w.call("PATCH", "/api/v1/contents/"+linen, tok, map[string]any{"version": 1, "body": "Linen shirts breathe in autumn"}).Expect(t, 200, "")
		gone := mk(tok, "待删除的草稿", "草稿的正文")
		w.call("PATCH", "/api/v1/contents/"+gone, tok, map[string]any{"version": 1, "body": "改过的正文"}).Expect(t, 200, "")
		_, err := d.Exec(ctx, `DELETE FROM contents WHERE id = ?`, gone)
		testkit.Must(t, err)
		for round := range 2 {
			for q, want := range map[string]string{"三种穿法": linen, "summer": "", "AUTUMN": linen, "秋天的叠": denim, "改过的": ""} {
				if got := ids("/api/v1/contents?q="+q, tok); got != want {
					t.Errorf("round %d, q=%s: %s, want %s", round, q, got, want)
				}
			}
			_, err := d.RefreshTextIndexes(ctx)
			testkit.Must(t, err)
			if d.Dialect() == db.SQLite {
				_, err := d.Exec(ctx, `INSERT INTO contents_fts (contents_fts) VALUES ('integrity-check')`)
				testkit.Must(t, err)
			}
		}
		// Operators search every account; creators may not.
		w.call("GET", "/api/v1/contents/search?q=亚麻", tok, nil).Expect(t, 403, "forbidden")
		if got := ids("/api/v1/contents/search?q=亚麻", w.ops); got != theirs+","+linen && got != linen+","+theirs {
			t.Errorf("operator search: %s", got)
		}
	})
}

func TestCommentsLikesFavouritesAndShares(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok := w.certify("ann", "19900101", "graphic_post", "product_mounting")
		fan, _ := w.signUp("fan")
		other, _ := w.signUp("bystander")
		c := w.call("POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": "夏日穿搭", "body": "白T恤和短裤",
			"products": []map[string]any{{"id": "sku-1"}}})
		id := c.String("id")
		w.call("POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": "好看"}).Expect(t, 404, "not_found")
		w.call("POST", "/api/v1/contents/"+id+"/submit", tok, map[string]any{}).Expect(t, 200, "")
		w.call("POST", "/api/v1/review-queue/"+id+"/approve", w.ops, nil).Expect(t, 200, "")

		// Comments pass the machine checks: refused with the span, or held.
		w.call("POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": ""}).Expect(t, 422, "invalid", "body")
		bad := w.call("POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": "加微信 fan_12345 领券"})
		bad.Expect(t, 422, "invalid", "body")
		if f := bad.Error()["findings"].([]any)[0].(map[string]any); f["kind"] != "contact" {
			t.Fatalf("contact in a comment: %s", bad.Raw)
		}
		first := w.call("POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": "好看！"})
		first.Expect(t, 201, "")
		held := w.call("POST", "/api/v1/contents/"+id+"/comments", other, map[string]any{"body": "全网最好的搭配"})
		if held.String("status") != "held" {
			t.Fatalf("review finding: %s", held.Raw)
		}
		reply := w.call("POST", "/api/v1/contents/"+id+"/comments", tok, map[string]any{"body": "谢谢", "parent_id": first.String("id")})
		reply.Expect(t, 201, "")
		w.call("POST", "/api/v1/contents/"+id+"/comments", fan, map[string]any{"body": "嗯", "parent_id": "nope"}).Expect(t, 422, "invalid", "parent_id")
		count := func(token string) int {
			return len(w.call("GET", "/api/v1/contents/"+id+"/comments", token, nil).Body["items"].([]any))
		}
		if count("") != 2 || count(tok) != 3 {
			t.Fatalf("comments seen: public %d, creator %d", count(""), count(tok))
		}

		// The creator pins and rewards the best reply and hides a comment; others cannot.
		w.call("POST", "/api/v1/comments/"+reply.String("id")+"/pin", fan, nil).Expect(t, 404, "not_found")
		w.call("POST", "/api/v1/comments/"+reply.String("id")+"/pin", tok, nil).Expect(t, 200, "")
		w.call("POST", "/api/v1/comments/"+reply.String("id")+"/reward", tok, nil).Expect(t, 200, "")
		list := w.call("GET", "/api/v1/contents/"+id+"/comments", "", nil)
		if top := list.Body["items"].([]any)[0].(map[string]any); top["id"] != reply.String("id") || top["rewarded"] != true {
			t.Fatalf("pinned first: %s", list.Raw)
		}
		w.call("POST", "/api/v1/comments/"+first.String("id")+"/hide", tok, nil).Expect(t, 200, "")
		w.call("POST", "/api/v1/comments/"+reply.String("id")+"/hide", w.ops, nil).Expect(t, 200, "")
		if count("") != 0 {
			t.Fatalf("hidden comments public")
		}
		w.call("POST", "/api/v1/comments/"+first.String("id")+"/show", w.ops, nil).Expect(t, 200, "")

		// Likes and favourites once per person; shares count clicks.
		w.call("PUT", "/api/v1/contents/"+id+"/like", fan, nil).Expect(t, 200, "")
		w.call("PUT", "/api/v1/contents/"+id+"/like", fan, nil).Expect(t, 200, "")
		w.call("PUT", "/api/v1/contents/"+id+"/like", other, nil).Expect(t, 200, "")
		w.call("PUT", "/api/v1/contents/"+id+"/favourite", fan, nil).Expect(t, 200, "")
		if st := w.call("DELETE", "/api/v1/contents/"+id+"/like", other, nil); st.Body["likes"].(float64) != 1 || st.Body["favourites"].(float64) != 1 {
			t.Fatalf("reactions: %s", st.Raw)
		}
		sh := w.call("POST", "/api/v1/contents/"+id+"/shares", fan, nil)
		sh.Expect(t, 201, "")
		if sh.String("link") != "/s/"+sh.String("code") || len(sh.String("code")) != 10 {
			t.Fatalf("share: %s", sh.Raw)
		}
		for range 3 {
			r := w.env.Do(httptest.NewRequest("GET", sh.String("link"), nil))
			if r.Code != http.StatusSeeOther || !strings.Contains(r.Header().Get("Location"), "#content-"+id) {
				t.Fatalf("following the share link: %d %s", r.Code, r.Header().Get("Location"))
			}
		}
		if r := w.env.Do(httptest.NewRequest("GET", "/s/unknown", nil)); r.Code != 404 {
			t.Fatalf("unknown share code: %d", r.Code)
		}
		// Readers' views and product clicks are counted; an unmounted product is refused.
		for range 2 {
			read := w.call("GET", "/api/v1/contents/"+id+"/published", "", nil)
			read.Expect(t, 200, "")
			if read.String("title") != "夏日穿搭" {
				t.Fatalf("reader: %s", read.Raw)
			}
		}
		w.call("POST", "/api/v1/contents/"+id+"/product-clicks", "", map[string]any{"product_id": "sku-1"}).Expect(t, 204, "")
		w.call("POST", "/api/v1/contents/"+id+"/product-clicks", "", map[string]any{"product_id": "sku-9"}).Expect(t, 422, "invalid", "product_id")
		w.call("GET", "/api/v1/contents/00000000-0000-0000-0000-000000000000/published", "", nil).Expect(t, 404, "not_found")
		w.call("GET", "/api/v1/contents/"+id+"/stats", fan, nil).Expect(t, 404, "not_found")
		st := w.call("GET", "/api/v1/contents/"+id+"/stats", tok, nil)
		if st.Body["likes"].(float64) != 1 || st.Body["favourites"].(float64) != 1 || st.Body["comments"].(float64) != 1 ||
			st.Body["shares"].(float64) != 1 || st.Body["share_clicks"].(float64) != 3 ||
			st.Body["views"].(float64) != 2 || st.Body["product_clicks"].(float64) != 1 {
			t.Fatalf("stats: %s", st.Raw)
		}
	})
}

func TestContentImagesHaveDimensionsAndThumbnails(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("pic")
		var buf bytes.Buffer
		testkit.Must(t, png.Encode(&buf, image.NewGray(image.Rect(0, 0, 640, 320))))
		a := w.upload(tok, "content", buf.Bytes())
		a.Expect(t, http.StatusCreated, "")
		if a.Body["width"].(float64) != 640 || a.Body["height"].(float64) != 320 || a.String("thumbnail_url") != a.String("url")+"/thumbnail" {
			t.Fatalf("upload: %s", a.Raw)
		}
		r := w.env.Do(httptest.NewRequest("GET", a.String("thumbnail_url"), nil))
		if r.Code != 200 || r.Header().Get("Content-Type") != "image/png" || !strings.Contains(r.Header().Get("Cache-Control"), "immutable") {
			t.Fatalf("thumbnail: %d %v", r.Code, r.Header())
		}
		cfg, err := png.DecodeConfig(r.Body)
		testkit.Must(t, err)
		if cfg.Width != 320 || cfg.Height != 160 {
			t.Fatalf("thumbnail is %dx%d", cfg.Width, cfg.Height)
		}
		// An avatar gets dimensions but no thumbnail; a file the decoders cannot read gets neither.
		if av := w.upload(tok, "avatar", buf.Bytes()); av.String("thumbnail_url") != "" || av.Body["width"].(float64) != 640 {
			t.Fatalf("avatar: %s", av.Raw)
		}
		raw := w.upload(tok, "content", pngBytes)
		if raw.Body["width"] != nil || raw.String("thumbnail_url") != "" {
			t.Fatalf("undecodable image: %s", raw.Raw)
		}
		if r := w.env.Do(httptest.NewRequest("GET", "/media/"+raw.String("id")+"/thumbnail", nil)); r.Code != 404 {
			t.Fatalf("missing thumbnail: %d", r.Code)
		}
	})
}
