package names

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/internal/testutil"
)

// badInputs returns the seeds of testdata/bad_input.txt and one
// 10,000-character name per script.
func badInputs(tb testing.TB) []string {
	tb.Helper()
	out := testutil.QuotedLines(tb, "testdata/bad_input.txt")
	for _, n := range longNames(10000) {
		out = append(out, n)
	}
	return out
}

// longNames returns names of n runes in several scripts, mixed, with
// invisible and combining characters.
func longNames(n int) map[string]string {
	out := map[string]string{}
	for script, word := range map[string]string{
		"latin": "Vladimir ", "cyrillic": "Владимир ", "arabic": "محمد ", "han": "普京",
		"greek": "Κυριάκος ", "thai": "ประยุทธ์ ", "kana": "ウサマ・", "hebrew": "סרגיי ",
		"mixed": "Pu\u200btin Путин\u202e ﾌﾟｰﾁﾝ ", "marks": "e\u0301\u0302\u0303", "nospace": "abcdefgh",
	} {
		var b strings.Builder
		for utf8.RuneCountInString(b.String()) < n {
			b.WriteString(word)
		}
		r := []rune(b.String())
		out[script] = string(r[:n])
	}
	return out
}

// FuzzBadInput checks, for any text and any position: Normalize is
// idempotent and leaves no invisible character; an invisible character
// (zero-width space, right-to-left mark) inserted anywhere changes nothing;
// full-width Latin normalizes as ASCII; Analyze keeps its forms aligned
// and its work bounded (at most 16 forms, no more tokens per form than
// runes in the input).
func FuzzBadInput(f *testing.F) {
	for i, s := range badInputs(f) {
		f.Add(s, uint16(i))
	}
	f.Fuzz(func(t *testing.T, s string, at uint16) {
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, n2)
		}
		if strings.IndexFunc(n, isInvisible) >= 0 {
			t.Fatalf("Normalize(%q) = %q keeps an invisible character", s, n)
		}
		if utf8.ValidString(s) {
			i := 0
			if len(s) > 0 {
				i = int(at) % (len(s) + 1)
				for i < len(s) && !utf8.RuneStart(s[i]) {
					i++
				}
			}
			for _, inv := range []string{"\u200b", "\u200f"} {
				if got := Normalize(s[:i] + inv + s[i:]); got != n {
					t.Fatalf("Normalize with %q at %d of %q = %q, without %q", inv, i, s, got, n)
				}
			}
		}
		if ascii.Is(s) {
			if got := Normalize(fullWidth(s)); got != n {
				t.Fatalf("Normalize(full-width %q) = %q, want %q", s, got, n)
			}
		}
		a := Analyze(s)
		runes := utf8.RuneCountInString(s)
		if len(a.Forms) > 16 {
			t.Fatalf("Analyze(%q): %d forms", s, len(a.Forms))
		}
		for _, f := range a.Forms {
			if len(f.Tokens) == 0 || len(f.Skeletons) != len(f.Tokens) || len(f.Phonetics) != len(f.Tokens) || len(f.Tokens) > runes {
				t.Fatalf("form %+v of %q: misaligned or more tokens than runes", f, s)
			}
		}
	})
}

// fullWidth writes the printable ASCII of s in full-width forms (U+FF01 to
// U+FF5E; the space as the ideographic space).
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ':
			return 0x3000
		case r > ' ' && r < 0x7F:
			return r - '!' + 0xFF01
		}
		return r
	}, s)
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Pu\u200btin", "putin"},
		{"Vla\u200ddimir\u2060 Pu\ufefftin", "vladimir putin"},
		{"\u200fمحمد علي\u200e", "محمد علي"},
		{"\u2067Владимир Путин\u2069", "владимир путин"},
		{"Ser\u00adgei La\u00advrov", "sergei lavrov"},
		{"Pu\u0301\u0302\u0303\u0304tin", "putin"},
		{"ＶＬＡＤＩＭＩＲ　ＰＵＴＩＮ", "vladimir putin"},
		{"ｐｕｔｉｎ，ｖｌａｄｉｍｉｒ", "putin vladimir"},
		{"a\u200c\u200cb", "a b"}, // ZWNJ stays a word break (Persian)
		{"\u200b\u200b\u200b", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestLongNameWork bounds the work of Analyze on long names: allocations
// (deterministic, unlike time) for 10,000 runes are at most 15 times
// those for 1,000 runes, so the work grows linearly, not quadratically.
func TestLongNameWork(t *testing.T) {
	short, long := longNames(1000), longNames(10000)
	for script := range long {
		t.Run(script, func(t *testing.T) {
			a1 := testing.AllocsPerRun(3, func() { Analyze(short[script]) })
			a10 := testing.AllocsPerRun(3, func() { Analyze(long[script]) })
			if a10 > 15*max(a1, 1) {
				t.Errorf("Analyze: %v allocations for 10,000 runes, %v for 1,000: not linear", a10, a1)
			}
		})
	}
}

// BenchmarkAnalyzeLong measures Analyze on 10,000-rune names.
func BenchmarkAnalyzeLong(b *testing.B) {
	for script, s := range longNames(10000) {
		b.Run(script, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Analyze(s)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/name")
		})
	}
}
