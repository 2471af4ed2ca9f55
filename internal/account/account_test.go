package account

import (
	"strings"
	"testing"

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
	enc := h.Hash("Tea-Leaf-42")
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

// BenchmarkHashDefault measures one argon2id hash with the default
// parameters (19 MiB, 2 passes, 1 lane): the cost of every log-in.
func BenchmarkHashDefault(b *testing.B) {
	h := NewHasher(19*1024, 2, 1)
	for b.Loop() {
		h.Hash("Tea-Leaf-42")
	}
}
