package i18n

import "testing"

func TestParseAndNegotiate(t *testing.T) {
	for tag, want := range map[string]Lang{"zh-CN": Chinese, "zh_Hans": Chinese, "EN-gb": English} {
		if got, ok := Parse(tag); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v", tag, got, ok)
		}
	}
	if _, ok := Parse("fr"); ok {
		t.Error("fr parsed as supported")
	}
	if got := FromAcceptLanguage("fr-FR,zh-CN;q=0.8,en;q=0.5"); got != Chinese {
		t.Errorf("negotiated %q", got)
	}
	if got := FromAcceptLanguage(""); got != English {
		t.Errorf("default %q", got)
	}
}

func TestTextTranslatesArguments(t *testing.T) {
	catalogs[Chinese]["test %s"] = "测试 %s"
	catalogs[Chinese]["inner"] = "内部"
	defer delete(catalogs[Chinese], "test %s")
	defer delete(catalogs[Chinese], "inner")
	txt := T("test %s", T("inner"))
	if got := txt.In(Chinese); got != "测试 内部" {
		t.Fatalf("In(zh) = %q", got)
	}
	if got := txt.String(); got != "test inner" {
		t.Fatalf("String = %q", got)
	}
}
