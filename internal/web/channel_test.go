package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestOperatorsEditChannelsAndActivities: the operator's channel form
// refuses a broken rule and a sub-channel without a quota next to their
// fields, changing nothing; a valid save makes version 2 with its history;
// the activity form shows each missing field and then creates the
// activity, which the public list shows.
func TestOperatorsEditChannelsAndActivities(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		_, err := env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "ops", Password: good, Roles: []string{"activity_manager"}})
		testkit.Must(t, err)
		b := newBrowser(t, env.Handler)
		b.do("POST", "/login", url.Values{"login": {"ops"}, "password": {good}})

		w := b.do("GET", "/backoffice/channels/ifashion", nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "fashion_media") || !strings.Contains(w.Body.String(), "ifashion搭配|1|") {
			t.Fatalf("channel editor = %d\n%s", w.Code, w.Body)
		}
		form := url.Values{"slug": {"ifashion"}, "name": {"iFashion"}, "description": {"d"}, "sub_channels": {"ifashion搭配"},
			"rule": {`{"clauses": [`}, "status": {"active"}}
		w = b.do("POST", "/backoffice/channels/01900000-0000-7000-8000-000000000001", form)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="rule"`) || !strings.Contains(w.Body.String(), "is not valid JSON") {
			t.Fatalf("broken rule = %d\n%s", w.Code, w.Body)
		}
		form.Set("rule", `{"clauses": [{"conditions": [{"kind": "age", "values": ["18"]}]}]}`)
		w = b.do("POST", "/backoffice/channels/01900000-0000-7000-8000-000000000001", form)
		if body := w.Body.String(); w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "must be one of role, level") ||
			!strings.Contains(body, "must be 1 to 100") {
			t.Fatalf("bad rule and quota = %d\n%s", w.Code, body)
		}
		form.Set("rule", `{"clauses": [{"conditions": [{"kind": "level", "values": ["L3", "L4"]}]}]}`)
		form.Set("sub_channels", "ifashion搭配|2|01900000-0000-7000-8000-000000000011")
		if w = b.do("POST", "/backoffice/channels/01900000-0000-7000-8000-000000000001", form); w.Code != http.StatusSeeOther {
			t.Fatalf("save = %d\n%s", w.Code, w.Body)
		}
		w = b.do("GET", "/backoffice/channels/ifashion?saved=1", nil)
		if body := w.Body.String(); !strings.Contains(body, "Version 2") || !strings.Contains(body, "Version 1") || !strings.Contains(body, "ifashion搭配|2|") {
			t.Fatalf("after save:\n%s", body)
		}

		w = b.do("POST", "/backoffice/activities", url.Values{"deadline": {"yesterday"}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "is not a date and time") {
			t.Fatalf("unreadable deadline = %d\n%s", w.Code, w.Body)
		}
		w = b.do("POST", "/backoffice/activities", url.Values{"submit_from": {"2026-07-01T00:00"}, "deadline": {"2026-07-01T00:00"}})
		if body := w.Body.String(); w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="title-error"`) ||
			!strings.Contains(body, `id="deadline-error"`) || !strings.Contains(body, `id="themes-error"`) {
			t.Fatalf("empty activity = %d\n%s", w.Code, body)
		}
		w = b.do("POST", "/backoffice/activities", url.Values{"title": {"越夏越嗨皮"}, "themes": {"夏日, 穿搭"}, "rules_text": {"原创"},
			"placement": {"手淘-首焦-营销活动会场"}, "submit_from": {"2026-03-01T00:00"}, "deadline": {"2026-03-20T00:00"},
			"placement_from": {"2026-07-23T00:00"}, "placement_to": {"2026-07-25T23:00"}, "min_level": {"L1"}, "capacities": {"女装|100"},
			"invite_level": {"L1"}, "invite_fan_value": {"0"}, "invite_content_value": {"0"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("create activity = %d\n%s", w.Code, w.Body)
		}
		anon := newBrowser(t, env.Handler)
		if w = anon.do("GET", "/activities", nil); !strings.Contains(w.Body.String(), "越夏越嗨皮") || !strings.Contains(w.Body.String(), "女装 0 of 100") {
			t.Fatalf("public list:\n%s", w.Body)
		}
	})
}
