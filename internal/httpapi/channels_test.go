package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// channelWorld is a wired process with an administrator and creators whose
// certifications, account types, levels and published contents are
// written as fixtures (how they come about is tested in their domains).
type channelWorld struct {
	*levelWorld
}

func newChannelWorld(t *testing.T, d *db.DB) *channelWorld {
	return &channelWorld{newLevelWorld(t, d)}
}

// member signs up nickname with a creator account of typ and contents
// published contents; it answers the identity's id and the content ids.
func (w *channelWorld) member(nickname, typ string, contents int) (string, []string) {
	ctx, now := context.Background(), w.env.Clock.Now()
	u, err := w.env.Accounts.SignUp(ctx, account.SignUp{Email: nickname + "@example.com", Nickname: nickname, Password: good})
	testkit.Must(w.t, err)
	_, err = w.env.DB.Exec(ctx, `INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key,
		name_changed_at, created_at, updated_at) VALUES (?, ?, ?, 'individual', ?, ?, ?, ?, ?)`,
		uuid.NewString(), u.ID, typ, nickname+" studio", nickname+" studio", now, now, now)
	testkit.Must(w.t, err)
	var ids []string
	for i := range contents {
		id := uuid.NewString()
		_, err := w.env.DB.Exec(ctx, `INSERT INTO contents (id, owner_id, type, title, body, fields, status, version,
			published_version, published_title, published_at, created_at, updated_at)
			VALUES (?, ?, 'post', ?, 'body', '{}', 'published', 1, 1, ?, ?, ?, ?)`,
			id, u.ID, fmt.Sprint(nickname, " look ", i), fmt.Sprint(nickname, " look ", i), now, now, now)
		testkit.Must(w.t, err)
		ids = append(ids, id)
	}
	return u.ID, ids
}

// certify gives user an approved certification with roles and a focus.
func (w *channelWorld) certify(user string, roles []string, focus string) {
	ctx, now := context.Background(), w.env.Clock.Now()
	var acct string
	testkit.Must(w.t, w.env.DB.QueryRow(ctx, `SELECT id FROM creator_accounts WHERE user_id = ?`, user).Scan(&acct))
	raw, _ := json.Marshal(roles)
	_, err := w.env.DB.Exec(ctx, `INSERT INTO certifications (id, user_id, creator_account_id, kind, name, id_number, document_ids,
		roles, domain_focus, status, submitted_at, decided_at, expires_at, created_at, updated_at)
		VALUES (?, ?, ?, 'personal', 'Name', '110101199001011234', '[]', ?, ?, 'approved', ?, ?, ?, ?, ?)`,
		uuid.NewString(), user, acct, string(raw), focus, now, now, now.Add(365*24*time.Hour), now, now)
	testkit.Must(w.t, err)
}

// setLevel writes user's stored level and the scores invitations follow.
func (w *channelWorld) setLevel(user, level string, fanValue, contentValue int) {
	_, err := w.env.DB.Exec(context.Background(), `INSERT INTO level_scores (account_id, level, creator_index, content_value,
		fan_value, domain_focus, commercial_value, account_health, inputs, input_hash, thresholds_version, weights_version,
		run_id, computed_at) VALUES (?, ?, 0, ?, ?, 0, 0, 1000, '{}', '', 1, 1, 'fixture', ?)
		ON CONFLICT (account_id) DO UPDATE SET level = excluded.level, content_value = excluded.content_value,
		fan_value = excluded.fan_value`, user, level, contentValue, fanValue, w.env.Clock.Now())
	testkit.Must(w.t, err)
}

// seededRule reads the eligibility rule of a seeded channel.
func (w *channelWorld) seededRule(slug string) channel.EligibilityRule {
	a := w.call("GET", "/api/v1/channels/"+slug, "", nil)
	a.Expect(w.t, http.StatusOK, "")
	var c channel.Channel
	testkit.Must(w.t, json.Unmarshal(a.Raw, &c))
	return c.Rule
}

var ifashionRoles = []string{"fashion_media", "fashion_site_app", "fashion_self_media", "fashion_editor", "fashion_blogger",
	"fashion_designer", "fashion_buyer", "stylist_outfits", "brand_founder", "artisan", "makeup_artist", "aromatherapist",
	"hair_stylist", "beautician", "beauty_editor", "beauty_blogger", "fitness_expert", "sneaker_expert", "running_expert",
	"sports_media", "sports_site_app", "sports_self_media"}

// TestIFashionRuleCellByCell: the seeded iFashion rule, read through the
// API, admits exactly a listed role (each of the 22), or L2–L6 with the
// focus outfits or beauty & personal care, or a merchant; every other cell
// is refused with the reason code of each clause. The short-video
// channel needs the short_video capability.
func TestIFashionRuleCellByCell(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newChannelWorld(t, d)
		r := w.seededRule("ifashion")
		roles := append([]string{"", "food_blogger"}, ifashionRoles...)
		for _, role := range roles {
			for lv, level := range []string{"L0", "L1", "L2", "L3", "L4", "L5", "L6"} {
				for _, focus := range []string{"", "outfits", "beauty_personal_care", "food"} {
					for _, typ := range []string{"creator", "merchant", "brand"} {
						f := channel.Facts{Level: level, DomainFocus: focus, AccountTypes: []string{typ}}
						if role != "" {
							f.Roles = []string{role}
						}
						byRole := slices.Contains(ifashionRoles, role)
						byLevel := lv >= 2 && (focus == "outfits" || focus == "beauty_personal_care")
						byType := typ == "merchant"
						ok, clauses := r.Evaluate(f)
						cell := fmt.Sprintf("role %q %s focus %q %s", role, level, focus, typ)
						if ok != (byRole || byLevel || byType) || len(clauses) != 3 ||
							clauses[0].Met != byRole || clauses[1].Met != byLevel || clauses[2].Met != byType {
							t.Fatalf("%s: eligible %v, clauses %+v", cell, ok, clauses)
						}
						want := []string{"role_not_certified", "level_not_in_set", "account_type_not_in_set"}
						if lv >= 2 {
							want[1] = "domain_focus_not_in_set"
						}
						for i, c := range clauses {
							if !c.Met && c.ReasonCode != want[i] || c.Met && c.ReasonCode != "" {
								t.Fatalf("%s: clause %d reason %q, want %q", cell, i+1, c.ReasonCode, want[i])
							}
						}
					}
				}
			}
		}
		video := w.seededRule("taobao-video")
		if ok, _ := video.Evaluate(channel.Facts{Level: "L6", AccountTypes: []string{"merchant"}, Roles: ifashionRoles}); ok {
			t.Fatal("the video channel admitted an account without the short_video capability")
		}
		if ok, c := video.Evaluate(channel.Facts{Level: "L0", Capabilities: []string{"short_video"}}); !ok || !c[0].Met {
			t.Fatalf("the video channel refused a video creator: %+v", c)
		}
	})
}

// TestChannelApplicationQuotaAndPage: a merchant asks "why not me" (the
// merchant clause is met, the others say why not), applies (bad input is
// refused field by field, changing nothing), is admitted through the review
// queue, submits within the daily quota of a sub-channel (the second
// submission of the day is refused with reason_code daily_quota until the
// platform's midnight, UTC+8), and the accepted submission shows on the
// channel's public page by name.
func TestChannelApplicationQuotaAndPage(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newChannelWorld(t, d)
		shop, contents := w.member("shopkeeper", "merchant", 3)
		_, stallContents := w.member("stall", "merchant", 1)
		w.member("outsider", "creator", 1)
		tok, outsider := w.login("shopkeeper"), w.login("outsider")

		e := w.call("GET", "/api/v1/channels/ifashion/eligibility", tok, nil)
		e.Expect(t, http.StatusOK, "")
		var el channel.Eligibility
		testkit.Must(t, json.Unmarshal(e.Raw, &el))
		if !el.Eligible || el.Admitted || el.Clauses[0].ReasonCode != "role_not_certified" ||
			el.Clauses[1].ReasonCode != "level_not_in_set" || !el.Clauses[2].Met || el.Rule.Table != "channels" || el.Rule.Version != 1 {
			t.Fatalf("eligibility: %s", e.Raw)
		}
		if e := w.call("GET", "/api/v1/channels/ifashion/eligibility", outsider, nil); e.Body["eligible"] != false {
			t.Fatalf("outsider: %s", e.Raw)
		}
		apply := map[string]any{"channel_id": "ifashion", "reason": "I sell outfits", "sample_links": []string{"https://example.com/look"},
			"external_homepages": []string{"https://weibo.example/shop"}}
		w.call("POST", "/api/v1/channel-applications", outsider, apply).Expect(t, http.StatusForbidden, "forbidden")
		w.call("POST", "/api/v1/channel-applications", tok, map[string]any{"channel_id": "ifashion", "sample_links": []string{"ftp://x"}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "reason", "sample_links[0]")
		if mine := w.call("GET", "/api/v1/me/channel-applications", tok, nil); len(mine.Body["items"].([]any)) != 0 {
			t.Fatalf("a refused application was stored: %s", mine.Raw)
		}
		w.call("POST", "/api/v1/channels/ifashion/submissions", tok, map[string]any{"sub_channel_id": "01900000-0000-7000-8000-000000000011",
			"content_id": contents[0]}).Expect(t, http.StatusForbidden, "forbidden")
		app := w.call("POST", "/api/v1/channel-applications", tok, apply)
		app.Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/channel-applications", tok, apply).Expect(t, http.StatusConflict, "conflict")

		queue := w.call("GET", "/api/v1/review-queue?kind=channel_application", w.admin, nil)
		queue.Expect(t, http.StatusOK, "")
		items := queue.Body["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["applicant"] != "shopkeeper" || items[0].(map[string]any)["sla_working_days"] == nil {
			t.Fatalf("queue: %s", queue.Raw)
		}
		w.call("POST", "/api/v1/review-queue/"+app.String("id")+"/approve", w.admin, nil).Expect(t, http.StatusOK, "")
		if e := w.call("GET", "/api/v1/channels/ifashion/eligibility", tok, nil); e.Body["admitted"] != true {
			t.Fatalf("not admitted: %s", e.Raw)
		}

		// 09:00 UTC is 17:00 in the platform's zone (UTC+8): the day ends at 16:00 UTC.
		// At L4 the channel-display privilege is "priority": display weight 2.
		w.setLevel(shop, "L4", 0, 0)
		w.env.Clock.Set(time.Date(2026, 3, 2, 15, 59, 0, 0, time.UTC))
		sub := "01900000-0000-7000-8000-000000000011"
		q := w.call("GET", "/api/v1/channels/ifashion/quota", tok, nil)
		first := q.Body["items"].([]any)[0].(map[string]any)
		if first["limit"] != 1.0 || first["left"] != 1.0 || first["day"] != "2026-03-02" {
			t.Fatalf("quota: %s", q.Raw)
		}
		s1 := w.call("POST", "/api/v1/channels/ifashion/submissions", tok, map[string]any{"sub_channel_id": sub, "content_id": contents[0]})
		s1.Expect(t, http.StatusCreated, "")
		spent := w.call("POST", "/api/v1/channels/ifashion/submissions", tok, map[string]any{"sub_channel_id": sub, "content_id": contents[1]})
		spent.Expect(t, http.StatusUnprocessableEntity, "invalid")
		if spent.Error()["reason_code"] != "daily_quota" {
			t.Fatalf("quota refusal: %s", spent.Raw)
		}
		if q := w.call("GET", "/api/v1/channels/ifashion/quota", tok, nil); q.Body["items"].([]any)[0].(map[string]any)["left"] != 0.0 {
			t.Fatalf("quota after: %s", q.Raw)
		}
		// The other sub-channel has its own quota.
		w.call("POST", "/api/v1/channels/ifashion/submissions", tok, map[string]any{"sub_channel_id": "01900000-0000-7000-8000-000000000012",
			"content_id": contents[1]}).Expect(t, http.StatusCreated, "")
		w.env.Clock.Set(time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC))
		w.call("POST", "/api/v1/channels/ifashion/submissions", tok, map[string]any{"sub_channel_id": sub, "content_id": contents[2]}).
			Expect(t, http.StatusCreated, "")

		if page := w.call("GET", "/api/v1/channels/ifashion/contents", "", nil); len(page.Body["items"].([]any)) != 0 {
			t.Fatalf("unreviewed content on the page: %s", page.Raw)
		}
		w.call("POST", "/api/v1/channel-submissions/"+s1.String("id")+"/reject", w.admin, map[string]any{"reason": ""}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "reason")
		w.call("POST", "/api/v1/channel-submissions/"+s1.String("id")+"/accept", w.admin, nil).Expect(t, http.StatusOK, "")
		// An L0 merchant's later submission (display weight 0) is shown after it.
		stall := w.login("stall")
		sapp := w.call("POST", "/api/v1/channel-applications", stall, apply)
		w.call("POST", "/api/v1/review-queue/"+sapp.String("id")+"/approve", w.admin, nil).Expect(t, http.StatusOK, "")
		s2 := w.call("POST", "/api/v1/channels/ifashion/submissions", stall, map[string]any{"sub_channel_id": sub, "content_id": stallContents[0]})
		s2.Expect(t, http.StatusCreated, "")
		w.env.Clock.Advance(time.Hour)
		w.call("POST", "/api/v1/channel-submissions/"+s2.String("id")+"/accept", w.admin, nil).Expect(t, http.StatusOK, "")
		page := w.call("GET", "/api/v1/channels/ifashion/contents", "", nil)
		shown := page.Body["items"].([]any)
		if len(shown) != 2 || shown[0].(map[string]any)["account_name"] != "shopkeeper" || shown[0].(map[string]any)["content_title"] != "shopkeeper look 0" ||
			shown[0].(map[string]any)["display_weight"] != 2.0 || shown[1].(map[string]any)["account_name"] != "stall" ||
			shown[1].(map[string]any)["display_weight"] != 0.0 {
			t.Fatalf("page: %s", page.Raw)
		}
		next := w.call("GET", "/api/v1/channels/ifashion/contents?limit=1", "", nil)
		rest := w.call("GET", "/api/v1/channels/ifashion/contents?limit=1&cursor="+next.String("next_cursor"), "", nil)
		if titles := rest.Body["items"].([]any); len(titles) != 1 || titles[0].(map[string]any)["account_name"] != "stall" {
			t.Fatalf("second page: %s", rest.Raw)
		}
		review := w.call("GET", "/api/v1/channels/ifashion/submissions", w.admin, nil)
		if len(review.Body["items"].([]any)) != 2 {
			t.Fatalf("review list: %s", review.Raw)
		}
	})
}

// activity creates an activity as the administrator and answers its id.
func (w *channelWorld) activity(title string, body map[string]any) string {
	now := w.env.Clock.Now()
	in := map[string]any{"title": title, "themes": []string{"summer"}, "rules_text": "Original outfits only.",
		"placement": "手淘-首焦-营销活动会场", "submit_from": now.Add(-time.Hour), "deadline": now.Add(10 * 24 * time.Hour),
		"placement_from": now.Add(11 * 24 * time.Hour), "placement_to": now.Add(13 * 24 * time.Hour)}
	for k, v := range body {
		in[k] = v
	}
	a := w.call("POST", "/api/v1/activities", w.admin, in)
	a.Expect(w.t, http.StatusCreated, "")
	return a.String("id")
}

func titles(a testkit.Answer) []string {
	var out []string
	for _, it := range a.Body["items"].([]any) {
		out = append(out, it.(map[string]any)["title"].(string))
	}
	return out
}

// TestActivitiesSortsCapacityAndInvitations: every sort order and filter
// of the activity list, pages through a cursor, capacity per product
// category (full → reason_code category_full), the creator count, the
// closing-soon badge, and invitations that follow the stored level and
// scores: raising the level raises the count.
func TestActivitiesSortsCapacityAndInvitations(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newChannelWorld(t, d)
		now := w.env.Clock.Now()
		day := 24 * time.Hour
		w.call("POST", "/api/v1/activities", w.admin, map[string]any{"title": "", "themes": []string{}, "deadline": now, "submit_from": now}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "deadline", "placement", "placement_from", "placement_to", "rules_text", "themes", "title")
		summer := w.activity("越夏越嗨皮", map[string]any{"deadline": now.Add(2 * day), "placement_from": now.Add(5 * day),
			"placement_to": now.Add(7 * day), "capacities": []map[string]any{{"category": "女装", "capacity": 1}},
			"invitation": map[string]any{"min_level": "L1", "min_fan_value": 0, "min_content_value": 0}})
		w.env.Clock.Advance(time.Minute)
		w.activity("Autumn knits", map[string]any{"deadline": now.Add(day), "placement_from": now.Add(9 * day), "placement_to": now.Add(10 * day),
			"themes": []string{"autumn"}, "channel_id": "01900000-0000-7000-8000-000000000001",
			"invitation": map[string]any{"min_level": "L3", "min_fan_value": 300, "min_content_value": 0}})
		w.env.Clock.Advance(time.Minute)
		w.activity("Beauty week", map[string]any{"deadline": now.Add(3 * day), "placement_from": now.Add(4 * day), "placement_to": now.Add(6 * day),
			"capacities": []map[string]any{{"category": "美妆", "capacity": 4}}, "min_level": "L1"})
		w.env.Clock.Advance(time.Minute)
		w.activity("Last spring", map[string]any{"submit_from": now.Add(-10 * day), "deadline": now.Add(-day),
			"placement_from": now.Add(-day), "placement_to": now.Add(day)})

		fan, contents := w.member("fan1", "creator", 3)
		w.member("fan2", "creator", 0)
		tok := w.login("fan1")
		if got := titles(w.call("GET", "/api/v1/activities?sort=hottest&view=invited", tok, nil)); len(got) != 0 {
			t.Fatalf("an L0 creator is invited to %v", got)
		}
		w.setLevel(fan, "L1", 100, 100)
		inv := w.call("GET", "/api/v1/me/activity-invitations", tok, nil)
		if inv.Body["level"] != "L1" || inv.Body["count"] != 1.0 {
			t.Fatalf("invitations at L1: %s", inv.Raw)
		}
		w.setLevel(fan, "L3", 400, 100)
		if inv := w.call("GET", "/api/v1/me/activity-invitations", tok, nil); inv.Body["count"] != 2.0 {
			t.Fatalf("invitations at L3: %s", inv.Raw)
		}
		if got := titles(w.call("GET", "/api/v1/activities?view=invited", tok, nil)); !slices.Equal(got, []string{"Autumn knits", "越夏越嗨皮"}) {
			t.Fatalf("invited: %v", got)
		}

		sub := w.call("POST", "/api/v1/activities/"+summer+"/submissions", tok, map[string]any{"content_id": contents[0], "category": "女装"})
		sub.Expect(t, http.StatusCreated, "")
		full := w.call("POST", "/api/v1/activities/"+summer+"/submissions", tok, map[string]any{"content_id": contents[1], "category": "女装"})
		full.Expect(t, http.StatusUnprocessableEntity, "invalid")
		if full.Error()["reason_code"] != "category_full" {
			t.Fatalf("full: %s", full.Raw)
		}
		w.call("POST", "/api/v1/activities/"+summer+"/submissions", tok, map[string]any{"content_id": contents[1], "category": "女鞋"}).
			Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/activities/"+summer+"/submissions", tok, map[string]any{"content_id": contents[1], "category": "女鞋"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "content_id")
		got := w.call("GET", "/api/v1/activities/"+summer, "", nil)
		caps := got.Body["capacities"].([]any)[0].(map[string]any)
		if got.Body["creators"] != 1.0 || got.Body["submissions"] != 2.0 || got.Body["saturation_ppm"] != 1e6 || caps["full"] != true {
			t.Fatalf("summer: %s", got.Raw)
		}
		var beauty string
		for _, it := range w.call("GET", "/api/v1/activities?q=beauty", "", nil).Body["items"].([]any) {
			beauty = it.(map[string]any)["id"].(string)
		}
		w.call("POST", "/api/v1/activities/"+beauty+"/submissions", tok, map[string]any{"content_id": contents[2], "category": "美妆"}).
			Expect(t, http.StatusCreated, "")

		for sort, want := range map[string][]string{
			"newest":          {"Last spring", "Beauty week", "Autumn knits", "越夏越嗨皮"},
			"hottest":         {"Beauty week", "越夏越嗨皮", "Last spring", "Autumn knits"},
			"saturation":      {"越夏越嗨皮", "Beauty week", "Last spring", "Autumn knits"},
			"deadline":        {"Autumn knits", "越夏越嗨皮", "Beauty week"},
			"placement_start": {"Beauty week", "越夏越嗨皮", "Autumn knits"},
		} {
			if got := titles(w.call("GET", "/api/v1/activities?sort="+sort, "", nil)); !slices.Equal(got, want) {
				t.Errorf("sort %s: %v, want %v", sort, got, want)
			}
			first := w.call("GET", "/api/v1/activities?limit=2&sort="+sort, "", nil)
			rest := w.call("GET", "/api/v1/activities?limit=2&sort="+sort+"&cursor="+first.String("next_cursor"), "", nil)
			if got := append(titles(first), titles(rest)...); !slices.Equal(got, want) {
				t.Errorf("sort %s by pages: %v, want %v", sort, got, want)
			}
		}
		if got := titles(w.call("GET", "/api/v1/activities?theme=autumn", "", nil)); !slices.Equal(got, []string{"Autumn knits"}) {
			t.Errorf("theme: %v", got)
		}
		if got := titles(w.call("GET", "/api/v1/activities?channel=01900000-0000-7000-8000-000000000001", "", nil)); !slices.Equal(got, []string{"Autumn knits"}) {
			t.Errorf("channel: %v", got)
		}
		if got := titles(w.call("GET", "/api/v1/activities?view=mine", tok, nil)); !slices.Equal(got, []string{"Beauty week", "越夏越嗨皮"}) {
			t.Errorf("mine: %v", got)
		}
		w.call("GET", "/api/v1/activities?sort=coolest", "", nil).Expect(t, http.StatusUnprocessableEntity, "invalid", "sort")
		w.call("GET", "/api/v1/activities?sort=newest&cursor="+w.call("GET", "/api/v1/activities?limit=1&sort=hottest", "", nil).String("next_cursor"), "", nil).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "cursor")
		states := map[string]string{}
		for _, it := range w.call("GET", "/api/v1/activities", "", nil).Body["items"].([]any) {
			states[it.(map[string]any)["title"].(string)] = it.(map[string]any)["state"].(string)
		}
		if states["Autumn knits"] != "closing_soon" || states["越夏越嗨皮"] != "closing_soon" || states["Beauty week"] != "open" || states["Last spring"] != "closed" {
			t.Errorf("states: %v", states)
		}
		mine := w.call("GET", "/api/v1/me/activity-submissions", tok, nil)
		if len(mine.Body["items"].([]any)) != 3 {
			t.Fatalf("my submissions: %s", mine.Raw)
		}
		// Capacity cannot go below what a category holds; a new version keeps the counts.
		w.call("PATCH", "/api/v1/activities/"+beauty, w.admin, map[string]any{"title": "Beauty week", "themes": []string{"beauty"},
			"rules_text": "r", "placement": "p", "submit_from": now, "deadline": now.Add(3 * day), "placement_from": now.Add(4 * day),
			"placement_to": now.Add(6 * day), "capacities": []map[string]any{{"category": "美妆", "capacity": 0}}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "capacities[0].capacity")
		v := w.call("GET", "/api/v1/activities/"+summer+"/versions", w.admin, nil)
		if len(v.Body["items"].([]any)) != 1 {
			t.Fatalf("versions: %s", v.Raw)
		}
	})
}
