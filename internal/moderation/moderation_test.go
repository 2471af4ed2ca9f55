package moderation_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestSeededRulesFindSpans(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s := moderation.NewService(d, audit.New(d, clock.NewFake(testkit.Epoch)), clock.NewFake(testkit.Epoch))
		cases := []struct {
			text, rule, span string
			start            int
		}{
			{"这款茶一周瘦10斤", "Slimming claim", "一周瘦10斤", 3},
			{"这款茶１周瘦１０斤！", "Slimming claim", "１周瘦１０斤", 3},
			{"三天 减 5 KG", "Slimming claim", "三天 减 5 KG", 0},
			{"此药包治百病", "Cure claim", "包治", 2},
			{"100％有效", "Guaranteed effect", "100％有效", 0},
			{"全网最好", "Absolute claim", "最好", 2},
			{"电话 138 1234 5678", "Phone number", "138 1234 5678", 3},
		}
		for _, c := range cases {
			fs, err := s.Check(context.Background(), moderation.ScopeContent, moderation.Text{Field: "body", Value: c.text})
			testkit.Must(t, err)
			if len(fs) == 0 || fs[0].Rule != c.rule || fs[0].Text != c.span || fs[0].Start != c.start {
				t.Errorf("%s: %+v", c.text, fs)
			}
		}
		fs, err := s.Check(context.Background(), moderation.ScopeContent, moderation.Text{Field: "body", Value: "今天跑了五公里，很开心"})
		testkit.Must(t, err)
		if len(fs) != 0 {
			t.Errorf("clean text: %+v", fs)
		}
	})
}

// TestChineseNumeralsFoldBeforeMatching: the source's example, "lose 10
// jin in 1 week", is refused written with digits, full-width digits or
// Chinese numerals (十 and the other units included), its span named as
// written; a number spoken digit by digit still reads as digits.
func TestChineseNumeralsFoldBeforeMatching(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s := moderation.NewService(d, audit.New(d, clock.NewFake(testkit.Epoch)), clock.NewFake(testkit.Epoch))
		for _, c := range []struct{ text, rule, span string }{
			{"一周瘦10斤", "Slimming claim", "一周瘦10斤"},
			{"一周瘦十斤", "Slimming claim", "一周瘦十斤"},
			{"喝它一周瘦十斤！", "Slimming claim", "一周瘦十斤"},
			{"两个月减二十五斤", "Slimming claim", "两个月减二十五斤"},
			{"十天瘦拾伍公斤", "Slimming claim", "十天瘦拾伍公斤"},
			{"电话一三八一二三四五六七八", "Phone number", "一三八一二三四五六七八"},
		} {
			fs, err := s.Check(context.Background(), moderation.ScopeContent, moderation.Text{Field: "body", Value: c.text})
			testkit.Must(t, err)
			if len(fs) == 0 || fs[0].Rule != c.rule || fs[0].Text != c.span {
				t.Errorf("%s: %+v", c.text, fs)
			}
		}
		for text, want := range map[string]string{"十": "10", "二十五": "25", "三百零五": "305", "两千": "2000", "三万五千": "35000", "一三八": "138"} {
			if got, _ := moderation.Fold(text); got != want {
				t.Errorf("Fold(%s) = %s, want %s", text, got, want)
			}
		}
	})
}

var profileRules = []moderation.Rule{
	{Label: "Phone number", Pattern: `1[3-9](?:[ .\-]*[0-9]){9}`, Severity: moderation.SeverityReject, Enabled: true},
	{Label: "E-mail address", Pattern: `[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+`, Severity: moderation.SeverityReject, Enabled: true},
	{Label: "Web address", Pattern: `(?:https?://|www\.)[^ ]+|[a-z0-9\-]+\.(?:com|cn|net|org|top|xyz|cc|io|me)(?:/[^ ]*)?`, Severity: moderation.SeverityReject, Enabled: true},
	{Label: "QQ number", Pattern: `(?:qq|扣扣|企鹅)[ :：号码是为]*[0-9]{5,11}`, Severity: moderation.SeverityReject, Enabled: true},
	{Label: "WeChat id", Pattern: `(?:微信|威信|wechat|weixin|vx|v信|wx)[ :：号是为]*[a-z0-9_\-]{5,20}`, Severity: moderation.SeverityReject, Enabled: true},
	{Label: "Marketing text", Pattern: `加我|加微|私聊|代购|刷单|返现|免费领|优惠券领取|低价批发`, Severity: moderation.SeverityReject, Enabled: true},
	{Label: "Disabled", Pattern: `穿搭`, Severity: moderation.SeverityReject, Enabled: false},
}

func TestContactDetailsAreFoundWithTheirSpan(t *testing.T) {
	cases := []struct {
		text, rule, span string
	}{
		{"合作请打13812345678谢谢", "Phone number", "13812345678"},
		{"电话 138 1234 5678", "Phone number", "138 1234 5678"},
		{"电话138-1234-5678", "Phone number", "138-1234-5678"},
		{"找我１３８１２３４５６７８", "Phone number", "１３８１２３４５６７８"},
		{"打一三八一二三四五六七八", "Phone number", "一三八一二三四五六七八"},
		{"幺三八 幺二三四 五六七八", "Phone number", "幺三八 幺二三四 五六七八"},
		{"邮箱 Xiaoya@Example.com", "E-mail address", "Xiaoya@Example.com"},
		{"see https://shop.example/x", "Web address", "https://shop.example/x"},
		{"我的店 xiaoya.top", "Web address", "xiaoya.top"},
		{"QQ:123456789", "QQ number", "QQ:123456789"},
		{"扣扣 12345678", "QQ number", "扣扣 12345678"},
		{"微信号：xiaoya_2026", "WeChat id", "微信号：xiaoya_2026"},
		{"ｖｘ ｘｉａｏｙａ８８", "WeChat id", "ｖｘ ｘｉａｏｙａ８８"},
		{"代购日韩好物", "Marketing text", "代购"},
	}
	for _, c := range cases {
		fs := moderation.Match(profileRules, []moderation.Text{{Field: "bio", Value: c.text}})
		if len(fs) == 0 || fs[0].Rule != c.rule || fs[0].Text != c.span {
			t.Errorf("%q: %+v, want %s %q", c.text, fs, c.rule, c.span)
		}
	}
	for _, ok := range []string{"小雅穿搭，每天分享通勤穿搭", "2026 春夏 10 套搭配", "身高 165 体重 50", "LeoRuns 跑步 42.195 公里"} {
		if fs := moderation.Match(profileRules, []moderation.Text{{Field: "bio", Value: ok}}); len(fs) > 0 {
			t.Errorf("%q refused: %+v", ok, fs)
		}
	}
	fs := moderation.Match(profileRules, []moderation.Text{{Field: "bio", Value: "每天分享 微信：abcdef"}})
	if len(fs) != 1 || fs[0].Start != 5 || fs[0].End != 14 {
		t.Fatalf("span offsets count characters: %+v", fs)
	}
}

// rulesFound returns the labels of the rules that s finds in text of scope.
func rulesFound(t *testing.T, s *moderation.Service, scope, field, text string) string {
	t.Helper()
	fs, err := s.Check(context.Background(), scope, moderation.Text{Field: field, Value: text})
	testkit.Must(t, err)
	var labels []string
	for _, f := range fs {
		labels = append(labels, f.Rule)
	}
	return strings.Join(labels, ",")
}

func TestRulesApplyToTheirScopes(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(testkit.Epoch)
		s := moderation.NewService(d, audit.New(d, c), c)
		ops := authz.WithActor(context.Background(), authz.Actor{UserID: "ops", Roles: []string{authz.RoleReviewer}})

		// The migrated table: a contact pattern the profile and content
		// tables both held is one rule of every scope; one only the profile
		// table held is of the profile scope; content rules are not.
		rules, err := s.FindRules(ops)
		testkit.Must(t, err)
		scopes := map[string]string{}
		phones := 0
		for _, r := range rules {
			scopes[r.ID] = strings.Join(r.Scopes, ",")
			if r.Label == "Phone number" {
				phones++
			}
		}
		if phones != 1 || scopes["seed-phone"] != "profile,content,comment" || scopes["seed-email"] != "profile" ||
			scopes["seed-marketing"] != "profile" || scopes["seed-banned"] != "content,comment" {
			t.Fatalf("migrated scopes: %d phone rules, %v", phones, scopes)
		}
		if h, err := s.FindRuleHistory(ops, "seed-phone"); err != nil || len(h) != 1 || len(h[0].Scopes) != 3 {
			t.Fatalf("migration history: %+v %v", h, err)
		}

		// A profile-scoped rule applies to a creator name, not to content.
		_, err = s.SaveRule(ops, moderation.Rule{Kind: moderation.KindMarketing, Label: "Giveaway", Pattern: "抽奖",
			Severity: moderation.SeverityReject, Scopes: []string{moderation.ScopeProfile}, Enabled: true})
		testkit.Must(t, err)
		if got := rulesFound(t, s, moderation.ScopeProfile, "name", "小雅抽奖"); got != "Giveaway" {
			t.Errorf("profile scope: %q", got)
		}
		if got := rulesFound(t, s, moderation.ScopeContent, "body", "小雅抽奖"); got != "" {
			t.Errorf("a profile rule applied to content: %q", got)
		}
		// A contact rule of every scope applies to both, and to comments.
		_, err = s.SaveRule(ops, moderation.Rule{Kind: moderation.KindContact, Label: "LINE id", Pattern: `line[ :：]*[a-z0-9_]{4,20}`,
			Severity: moderation.SeverityReject, Scopes: []string{moderation.ScopeComment, moderation.ScopeProfile, moderation.ScopeContent}, Enabled: true})
		testkit.Must(t, err)
		for _, scope := range moderation.Scopes {
			if got := rulesFound(t, s, scope, "body", "LINE: xiaoya_88"); got != "LINE id" {
				t.Errorf("%s scope: %q", scope, got)
			}
		}
		// A rule needs known, distinct scopes, and one for names and bios
		// must reject (nobody reviews them).
		for _, sc := range [][]string{nil, {"everywhere"}, {moderation.ScopeContent, moderation.ScopeContent}} {
			_, err := s.SaveRule(ops, moderation.Rule{Kind: moderation.KindBanned, Label: "x", Pattern: "x",
				Severity: moderation.SeverityReject, Scopes: sc, Enabled: true})
			if _, ok := apperr.From(err).Fields["scopes"]; !ok {
				t.Errorf("scopes %v accepted: %v", sc, err)
			}
		}
		_, err = s.SaveRule(ops, moderation.Rule{Kind: moderation.KindClaim, Label: "x", Pattern: "x",
			Severity: moderation.SeverityReview, Scopes: []string{moderation.ScopeProfile}, Enabled: true})
		if _, ok := apperr.From(err).Fields["scopes"]; !ok {
			t.Errorf("a reviewing profile rule accepted: %v", err)
		}
	})
}

// TestSeededLabelsAreMessageIDs: every seeded rule's label is a message id
// (SeededLabels) with its Chinese, so findings read in the viewer's language.
func TestSeededLabelsAreMessageIDs(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s := moderation.NewService(d, audit.New(d, clock.NewFake(testkit.Epoch)), clock.NewFake(testkit.Epoch))
		rules, err := s.FindRules(authz.WithActor(context.Background(), authz.Actor{UserID: "ops", Roles: []string{authz.RoleAdmin}}))
		testkit.Must(t, err)
		for _, r := range rules {
			if !slices.ContainsFunc(moderation.SeededLabels, func(l i18n.Text) bool { return l.Format == r.Label }) {
				t.Errorf("seeded rule %q is not a message id", r.Label)
			}
			if i18n.T(r.Label).In(i18n.Chinese) == r.Label {
				t.Errorf("seeded rule %q has no Chinese", r.Label)
			}
		}
	})
}
