package creator

import (
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
)

var seedRules = []ProfileRule{
	{Label: "Phone number", Pattern: `1[3-9](?:[ .\-]*[0-9]){9}`, Enabled: true},
	{Label: "E-mail address", Pattern: `[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+`, Enabled: true},
	{Label: "Web address", Pattern: `(?:https?://|www\.)[^ ]+|[a-z0-9\-]+\.(?:com|cn|net|org|top|xyz|cc|io|me)(?:/[^ ]*)?`, Enabled: true},
	{Label: "QQ number", Pattern: `(?:qq|扣扣|企鹅)[ :：号码是为]*[0-9]{5,11}`, Enabled: true},
	{Label: "WeChat id", Pattern: `(?:微信|威信|wechat|weixin|vx|v信|wx)[ :：号是为]*[a-z0-9_\-]{5,20}`, Enabled: true},
	{Label: "Marketing text", Pattern: `加我|加微|私聊|代购|刷单|返现|免费领|优惠券领取|低价批发`, Enabled: true},
	{Label: "Disabled", Pattern: `穿搭`, Enabled: false},
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
		s, found := FindForbidden(c.text, seedRules)
		if !found || s.Rule != c.rule || s.Text != c.span {
			t.Errorf("%q: found=%v %+v, want %s %q", c.text, found, s, c.rule, c.span)
		}
	}
	for _, ok := range []string{"小雅穿搭，每天分享通勤穿搭", "2026 春夏 10 套搭配", "身高 165 体重 50", "LeoRuns 跑步 42.195 公里"} {
		if s, found := FindForbidden(ok, seedRules); found {
			t.Errorf("%q refused: %+v", ok, s)
		}
	}
	s, _ := FindForbidden("每天分享 微信：abcdef", seedRules)
	if s.Start != 5 || s.End != 14 {
		t.Fatalf("span offsets count characters: %+v", s)
	}
}

func TestBioCountsCharacters(t *testing.T) {
	for n, wantErr := range map[int]bool{0: false, 72: false, 73: true} {
		v := &apperr.Validation{}
		validateBio(v, strings.Repeat("穿", n))
		if got := v.Err() != nil; got != wantErr {
			t.Errorf("bio of %d Chinese characters (%d bytes): error %v, want %v", n, 3*n, got, wantErr)
		}
	}
}
