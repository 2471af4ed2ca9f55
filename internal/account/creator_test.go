package account

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
)

// residentID builds a valid resident ID number for a date of birth (the
// check digit computed here independently of ParseResidentID's table).
func residentID(birth string) string {
	body := "110105" + birth + "123"
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

func TestResidentIDAndAge(t *testing.T) {
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 on 2 March in China
	if n, birth, reason := ParseResidentID("11010519491231002x", now); reason.Format != "" || n != "11010519491231002X" || birth.Format("2006-01-02") != "1949-12-31" {
		t.Fatalf("known valid number: %q %v %q", n, birth, reason.Format)
	}
	for _, bad := range []string{"11010519491231002", "110105194912310021", "1101051949123100AX", "110105199902300010", residentID("20300101")} {
		if _, _, reason := ParseResidentID(bad, now); reason.Format == "" {
			t.Errorf("%s accepted", bad)
		}
	}
	cases := []struct {
		birth string
		age   int
	}{
		{"20080302", 18}, // 18th birthday today
		{"20080303", 17}, // 18 tomorrow
		{"20080301", 18},
		{"19900101", 36},
	}
	for _, c := range cases {
		_, birth, reason := ParseResidentID(residentID(c.birth), now)
		if reason.Format != "" {
			t.Fatalf("%s: %s", c.birth, reason.Format)
		}
		if got := AgeOn(birth, now); got != c.age {
			t.Errorf("born %s: age %d, want %d", c.birth, got, c.age)
		}
	}
	// The birthday begins in China time: at 23:00 UTC on 1 March it is
	// already 2 March in Beijing.
	_, birth, _ := ParseResidentID(residentID("20080302"), now)
	if AgeOn(birth, time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)) != 18 || AgeOn(birth, time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC)) != 17 {
		t.Fatal("the birthday does not start at midnight China time")
	}
}

func TestCreditCode(t *testing.T) {
	for _, good := range []string{"91350100M000100Y43", "91110000802100433B", "9111000071093123xx"} {
		if _, reason := ParseCreditCode(good); reason.Format != "" {
			t.Errorf("%s refused: %s", good, reason.Format)
		}
	}
	for _, bad := range []string{"91350100M000100Y44", "91350100M000100Y4", "91350100M0001I0Y43", "11010519491231002X"} {
		if _, reason := ParseCreditCode(bad); reason.Format == "" {
			t.Errorf("%s accepted", bad)
		}
	}
}

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

func TestDeriveNickname(t *testing.T) {
	rules := []NicknameRule{{"官方旗舰店", "天猫官方"}, {"专卖店", "专卖"}, {"专营店", "专营"}}
	for store, want := range map[string]string{
		"LumiBeauty官方旗舰店": "LumiBeauty天猫官方",
		"山野茶铺官方旗舰店":       "山野茶铺天猫官方",
		"耐跑运动专卖店":         "耐跑运动专卖",
		"好物母婴专营店":         "好物母婴专营",
		"小雅的店":            "小雅的店",
		"官方旗舰店":           "官方旗舰店",
	} {
		if got := DeriveNickname(store, rules); got != want {
			t.Errorf("%s → %s, want %s", store, got, want)
		}
	}
}

func ExampleMaskID() {
	fmt.Println(MaskID("11010519491231002X"))
	// Output: 110***********002X
}
