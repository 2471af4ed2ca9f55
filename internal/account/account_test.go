package account

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/helio-platform/helio/internal/apperr"
)

func TestPasswordPolicyComposition(t *testing.T) {
	p, err := NewPasswordPolicy("composition", "")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"Sh0rt!":              "must be 8 to 16 characters (got 6)",
		"Abcdefgh1!Abcdefgh1": "must be 8 to 16 characters (got 19)",
		"12345678!":           "must contain a letter",
		"abcdefgh!":           "must contain a digit",
		"abcdefg12":           "must contain a symbol such as ! @ # or %",
		"abc 1234!":           "may contain only letters, digits and symbols of the ASCII keyboard",
		"密码密码abc12!":          "may contain only letters, digits and symbols of the ASCII keyboard",
		"P@ssw0rd":            "is too common; choose one that is harder to guess",
		"Tea-Leaf-42":         "",
		"8chars!A":            "",
	}
	for pw, want := range cases {
		if got := p.Check(pw).String(); got != want {
			t.Errorf("Check(%q) = %q, want %q", pw, got, want)
		}
	}
}

func TestPasswordPolicyLength(t *testing.T) {
	p, err := NewPasswordPolicy("length", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Check("correct horse battery staple").String(); got != "" {
		t.Errorf("passphrase refused: %s", got)
	}
	if got := p.Check(strings.Repeat("a", 65)).String(); got == "" {
		t.Error("65 characters accepted")
	}
	if got := p.Check("password").String(); got == "" {
		t.Error("common password accepted")
	}
}

func TestHasherRoundTrip(t *testing.T) {
	h := NewHasher(1024, 1, 1)
	enc, err := h.Hash("Tea-Leaf-42")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash format: %s", enc)
	}
	if ok, err := h.Verify("Tea-Leaf-42", enc); !ok || err != nil {
		t.Fatalf("Verify right = %v, %v", ok, err)
	}
	if ok, _ := h.Verify("Tea-Leaf-43", enc); ok {
		t.Fatal("Verify wrong password = true")
	}
	// Parameters live in the hash: a hasher with other settings still verifies.
	if ok, _ := NewHasher(2048, 2, 1).Verify("Tea-Leaf-42", enc); !ok {
		t.Fatal("hash made with other parameters does not verify")
	}
	if _, err := h.Verify("x", "$bcrypt$whatever"); err == nil {
		t.Fatal("foreign hash accepted")
	}
}

func TestNormalization(t *testing.T) {
	for in, want := range map[string]string{"138 0013 8000": "13800138000", "+8613800138000": "13800138000",
		"１３８００１３８０００": "13800138000", "12800138000": "", "1380013800": ""} {
		if got := NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Lin@Example.COM": "lin@example.com", "no-at": "", "a@b": "",
		"Lin <lin@example.com>": ""} {
		if got := NormalizeEmail(in); got != want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", in, got, want)
		}
	}
	if NicknameKey("Ｘｉａｏ　Ya") != NicknameKey("xiao ya") {
		t.Error("full-width and case are not folded")
	}
}

func TestSignUpValidation(t *testing.T) {
	p, _ := NewPasswordPolicy("composition", "")
	cases := []struct {
		in     SignUp
		fields []string
	}{
		{SignUp{Nickname: "lin", Password: "Tea-Leaf-42"}, []string{"email", "phone"}},
		{SignUp{Phone: "123", Nickname: "lin", Password: "Tea-Leaf-42"}, []string{"phone"}},
		{SignUp{Email: "x@", Nickname: "l", Password: "Tea-Leaf-42"}, []string{"email", "nickname"}},
		{SignUp{Email: "x@y.cn", Nickname: "main@sub", Password: "Tea-Leaf-42"}, []string{"nickname"}},
		{SignUp{Email: "x@y.cn", Nickname: "１３８００", Password: "Tea-Leaf-42"}, []string{"nickname"}},
		{SignUp{Email: "x@y.cn", Nickname: "lin", Password: "tealeaf42"}, []string{"password"}},
		{SignUp{Email: "x@y.cn", Phone: "13800138000", Nickname: "小雅", Password: "Tea-Leaf-42"}, nil},
	}
	for _, c := range cases {
		_, _, err := c.in.validate(p)
		var got []string
		if err != nil {
			got = apperr.From(err).FieldNames()
		}
		if strings.Join(got, ",") != strings.Join(c.fields, ",") {
			t.Errorf("validate(%+v) fields = %v, want %v", c.in, got, c.fields)
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

// BenchmarkHashDefault measures one argon2id hash with the default
// parameters (19 MiB, 2 passes, 1 lane): the cost of every log-in.
func BenchmarkHashDefault(b *testing.B) {
	h := NewHasher(19*1024, 2, 1)
	for b.Loop() {
		_, _ = h.Hash("Tea-Leaf-42")
	}
}

// BenchmarkHashDefaultParallel hashes on every core at once: its ns/op
// is the inverse of the most log-ins per second the argon2 cost allows on
// this machine (issue 20, target 5).
func BenchmarkHashDefaultParallel(b *testing.B) {
	h := NewHasher(19*1024, 2, 1)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = h.Hash("Tea-Leaf-42")
		}
	})
}

// TestHasherSlotsBoundConcurrentHashing holds the only slot with a slow
// stand-in for argon2: the next caller waits the (short) wait and is
// refused with Unavailable and a Retry-After, and is served once the slot
// is free. Nothing here measures time.
func TestHasherSlotsBoundConcurrentHashing(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	slow := func(pw, salt []byte, time, mem uint32, threads uint8, keyLen uint32) []byte {
		if string(pw) == "slow" {
			entered <- struct{}{}
			<-release
		}
		return argon2.IDKey(pw, salt, time, mem, threads, keyLen)
	}
	h := NewHasher(1024, 1, 1, WithSlots(1, time.Millisecond), WithKeyFunc(slow))
	done := make(chan error)
	go func() {
		_, err := h.Hash("slow")
		done <- err
	}()
	<-entered
	_, err := h.Hash("Tea-Leaf-42")
	if e := apperr.From(err); e.Code != apperr.Unavailable || e.RetryAfter <= 0 {
		t.Fatalf("a hash while the slot is held = %v, want unavailable with a Retry-After", err)
	}
	if err := h.VerifyDummy("Tea-Leaf-42"); apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("a dummy check while the slot is held = %v, want unavailable", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := h.Hash("Tea-Leaf-42"); err != nil {
		t.Fatalf("a hash after the slot was freed = %v", err)
	}
}

func ExampleMaskID() {
	fmt.Println(MaskID("11010519491231002X"))
	// Output: 110***********002X
}
