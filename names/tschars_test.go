package names

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTraditionalFold checks that a name in traditional characters and the
// same name in simplified characters normalise and analyse alike, in both
// directions, with and without a legal form.
func TestTraditionalFold(t *testing.T) {
	tests := []struct{ name, traditional, simplified string }{
		{"company ltd", "華為技術有限公司", "华为技术有限公司"},
		{"company jsc", "中興通訊股份有限公司", "中兴通讯股份有限公司"},
		{"company long", "杭州海康威視數字技術股份有限公司", "杭州海康威视数字技术股份有限公司"},
		{"company no legal form", "中國電子科技集團", "中国电子科技集团"},
		{"university", "北京理工大學", "北京理工大学"},
		{"person", "習近平", "习近平"},
		{"person two", "鄧小平", "邓小平"},
		{"person spaced", "陳 水扁", "陈 水扁"},
		{"mixed with latin", "華為 Huawei Technologies", "华为 Huawei Technologies"},
		{"multi-choice entry, first kept", "乾隆", "干隆"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := Normalize(tc.simplified)
			if got := Normalize(tc.traditional); got != want {
				t.Errorf("Normalize(%q) = %q, want %q (as %q)", tc.traditional, got, want, tc.simplified)
			}
			if got := Normalize(want); got != want {
				t.Errorf("not idempotent: %q → %q", want, got)
			}
			trad, simp := Analyze(tc.traditional), Analyze(tc.simplified)
			if diff := cmp.Diff(forms(simp), forms(trad)); diff != "" {
				t.Errorf("forms differ (-simplified +traditional):\n%s", diff)
			}
			if trad.LegalForm != simp.LegalForm {
				t.Errorf("legal form %q ≠ %q", trad.LegalForm, simp.LegalForm)
			}
		})
	}
}

// TestTraditionalFoldKeeps checks what the fold must leave alone:
// simplified text, characters common to both forms, other scripts.
func TestTraditionalFoldKeeps(t *testing.T) {
	for _, s := range []string{"华为技术有限公司", "有限公司", "北京", "ひらがな", "한국", "москва", "hangzhou"} {
		if got := Normalize(s); got != s {
			t.Errorf("Normalize(%q) = %q", s, got)
		}
	}
	// A Han name of two to six characters also has Japanese readings
	// (kanji.go), which the fold does not concern.
	got := slices.DeleteFunc(forms(Analyze("習近平")), func(f string) bool { return strings.HasPrefix(f, "latin/kanji:") })
	if !cmp.Equal(got, []string{"han/: 习 近 平", "latin/pinyin: xi jin ping", "latin/pinyin-joined: xijinping"}) {
		t.Errorf("Analyze(習近平) forms %q", got)
	}
}

// TestTraditionalTable checks that the generated table is a fold: every
// value is simplified already (folding twice = folding once) and at or
// above minTraditional.
func TestTraditionalTable(t *testing.T) {
	if len(tsChars) < 4000 {
		t.Fatalf("table holds %d characters, want OpenCC's ~4,100", len(tsChars))
	}
	for k, v := range tsChars {
		if k < minTraditional {
			t.Errorf("%U below minTraditional", k)
		}
		if _, ok := tsChars[v]; ok {
			t.Errorf("%c → %c is folded again", k, v)
		}
	}
}
