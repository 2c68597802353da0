package names

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestHangulForms(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[string]string // Translit → tokens joined by spaces
	}{
		{"surname choe", "최룡해", map[string]string{
			"": "최룡해", "hangul-dprk": "choe ryong hae", "hangul-rr": "choi ryong hae"}},
		{"ri and the closed eo", "리병철", map[string]string{
			"": "리병철", "hangul-dprk": "ri pyong chol", "hangul-rr": "lee byeong cheol", "hangul-sk": "lee byung chul"}},
		{"southern spelling of ri", "이병철", map[string]string{
			"": "이병철", "hangul-dprk": "ri pyong chol", "hangul-rr": "lee byeong cheol", "hangul-sk": "lee byung chul"}},
		{"aspirate th as on the SDN", "장성택", map[string]string{
			"": "장성택", "hangul-dprk": "jang song thaek", "hangul-rr": "jang seong taek", "hangul-sk": "jang sung taek"}},
		{"pak and unvoiced initials", "박봉주", map[string]string{
			"": "박봉주", "hangul-dprk": "pak pong ju", "hangul-rr": "park bong ju"}},
		{"young", "김영철", map[string]string{
			"": "김영철", "hangul-dprk": "kim yong chol", "hangul-rr": "kim yeong cheol", "hangul-sk": "kim young chul"}},
		{"ryang", "양대철", map[string]string{
			"": "양대철", "hangul-dprk": "ryang tae chol", "hangul-rr": "yang dae cheol", "hangul-sk": "yang dae chul"}},
		{"western order", "영호 김", map[string]string{
			"": "영호 김", "hangul-dprk": "kim yong ho", "hangul-rr": "kim yeong ho", "hangul-sk": "kim young ho"}},
		{"compound surname", "남궁민수", map[string]string{
			"": "남궁민수", "hangul-dprk": "namgung min su"}},
		{"surname apart", "최 룡해", map[string]string{
			"": "최 룡해", "hangul-dprk": "choe ryong hae", "hangul-rr": "choi ryong hae"}},
		{"word voiced inside", "조선련봉총회사", map[string]string{
			"": "조선련봉총회사", "hangul-dprk": "josonryonbongchonghoesa", "hangul-rr": "joseonryeonbongchonghoesa",
			"hangul-sk": "josunryunbongchonghoesa"}},
		{"mixed with latin", "Kim 정은", map[string]string{
			"": "kim 정은", "hangul-dprk": "kim jongun", "hangul-rr": "kim jeongeun", "hangul-sk": "kim jungeun"}},
		{"lone jamo", "ㄱㄴ", map[string]string{"": "ᄀᄂ"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			for _, f := range Analyze(tc.in).Forms {
				got[f.Translit] = f.Text()
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Analyze(%q) forms (-want +got):\n%s", tc.in, d)
			}
		})
	}
}

func TestHangulScript(t *testing.T) {
	n := Analyze("리병철")
	if n.Forms[0].Script != Hangul || n.Forms[1].Script != Latin {
		t.Errorf("scripts %v, %v; want hangul, latin", n.Forms[0].Script, n.Forms[1].Script)
	}
	if !IsHangulForm(&n.Forms[1]) || IsHangulForm(&n.Forms[0]) || IsHangulForm(&Analyze("Ri Pyong Chol").Forms[0]) {
		t.Error("IsHangulForm: want true only for the forms read from Hangul")
	}
}

func TestKoreanKey(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"pyong", "byeong", true}, {"pyong", "byong", true}, {"chol", "cheol", true},
		{"young", "yong", true}, {"choi", "choe", true}, {"jae", "chae", true},
		{"thaek", "taek", true}, {"oh", "o", true}, {"shin", "sin", true}, {"kyu", "gyu", true},
		{"soo", "su", true}, {"hee", "hi", true}, {"ryonghae", "ryonghae", true}, {"kil", "gil", true},
		{"chol", "chun", false}, {"ok", "hyok", false}, {"song", "sung", false}, {"kim", "kin", false},
		{"hui", "hee", false}, {"jae", "je", false}, {"ho", "hyo", false},
	} {
		t.Run(tc.a+"-"+tc.b, func(t *testing.T) {
			ka, kb := KoreanKey(tc.a), KoreanKey(tc.b)
			if (ka == kb) != tc.same {
				t.Errorf("KoreanKey(%q) = %q, KoreanKey(%q) = %q; same = %v, want %v", tc.a, ka, tc.b, kb, ka == kb, tc.same)
			}
			if ka == kb && KoreanKeyClass(tc.a) != KoreanKeyClass(tc.b) {
				t.Errorf("KoreanKeyClass(%q) != KoreanKeyClass(%q) for one key", tc.a, tc.b)
			}
		})
	}
}

// FuzzHangul checks, for any text (Hangul, jamo, mixed scripts, marks):
// Analyze does not panic, the forms read from Hangul are ASCII tokens
// without spaces, Normalize stays idempotent, and KoreanKey is idempotent
// and keeps ASCII tokens ASCII.
func FuzzHangul(f *testing.F) {
	for _, s := range []string{"최룡해", "리병철", "이 병철", "Kim 정은", "조선련봉총회사", "ㄱㄴㄷ", "ᄀ\u1161\u11a8",
		"김\u200b정은", "\u202e최룡해", "ＫＩＭ 정은", "Пак 봉주", "金正恩 김정은", strings.Repeat("김", 300),
		"pyong", "oee", "tchoung", "jhh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Analyze(s)
		for _, fm := range n.Forms {
			if !IsHangulForm(&fm) {
				continue
			}
			for _, tok := range fm.Tokens {
				if tok == "" || strings.ContainsRune(tok, ' ') || !ascii.Is(tok) {
					t.Fatalf("Analyze(%q): %s token %q is not one ASCII word", s, fm.Translit, tok)
				}
			}
		}
		if ns := Normalize(s); Normalize(ns) != ns {
			t.Fatalf("Normalize not idempotent on %q: %q then %q", s, ns, Normalize(ns))
		}
		for _, tok := range strings.Fields(Normalize(s)) {
			k := KoreanKey(tok)
			if KoreanKey(k) != k {
				t.Fatalf("KoreanKey not idempotent on %q: %q then %q", tok, k, KoreanKey(k))
			}
			if KoreanKeyClass(k) != KoreanKeyClass(tok) && k != "" {
				t.Fatalf("KoreanKeyClass(%q) = %q, of its key %q: %q", tok, KoreanKeyClass(tok), k, KoreanKeyClass(k))
			}
			if ascii.Is(tok) && !ascii.Is(k) || !utf8.ValidString(k) {
				t.Fatalf("KoreanKey(%q) = %q", tok, k)
			}
		}
	})
}

// BenchmarkAnalyzeHangul measures Analyze on a Hangul personal name (four
// forms) beside the same name as the SDN spells it.
func BenchmarkAnalyzeHangul(b *testing.B) {
	for _, tc := range []struct{ name, in string }{{"hangul", "최룡해"}, {"latin", "CHOE, Ryong Hae"}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Analyze(tc.in)
			}
		})
	}
}

func TestHanjaForms(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string // want: the "hangul-dprk" form, "" for none
	}{
		{"traditional", "崔龍海", "choe ryong hae"},
		{"simplified", "崔龙海", "choe ryong hae"},
		{"surname reading of 金", "金正恩", "kim jong un"},
		{"ri", "李炳哲", "ri pyong chol"},
		{"no korean surname", "习近平", ""},
		{"too long to be a name", "北京理工大学", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			for _, f := range Analyze(tc.in).Forms {
				if f.Translit == "hangul-dprk" {
					got = f.Text()
				}
			}
			if got != tc.want {
				t.Errorf("Analyze(%q) hangul-dprk form %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
