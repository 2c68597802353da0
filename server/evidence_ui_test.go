package server

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/casestore"
)

func TestHighlight(t *testing.T) {
	const text = "ООО «Спецтехника» поставило БПЛА. Other."
	sp := func(sub string) casestore.Span {
		i := strings.Index(text, sub)
		return casestore.Span{Start: i, End: i + len(sub)}
	}
	parties := []casestore.Mention{{Span: sp("ООО «Спецтехника»"), Matches: []casestore.MentionMatch{{EntityID: "x"}}}}
	goods := []casestore.GoodMention{{Span: sp("БПЛА")}, {Span: casestore.Span{Start: 1, End: 3}}} // the second cuts a character
	claims := []casestore.Claim{{Sentence: sp("ООО «Спецтехника» поставило БПЛА.")}}
	var got []string
	for _, s := range highlight(text, parties, goods, claims) {
		got = append(got, s.Class+"|"+s.Text+"|"+s.Anchor)
	}
	want := []string{
		"party listed claim|О|s-0", "party listed good claim|О|", "party listed claim|О «Спецтехника»|",
		"claim| поставило |", "good claim|БПЛА|", "claim|.|", "| Other.|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("segments\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzHighlight checks that the segments put the text back together, are
// never empty and never cut a character, whatever the spans.
func FuzzHighlight(f *testing.F) {
	f.Add("Rosoboronexport ordered 20 engines.", 0, 15, 24, 34, 0, 35)
	f.Add("ООО «Спецтехника» поставило БПЛА.", 1, 3, -5, 400, 7, 2)
	f.Add("中国航空工业集团 供应 无人机。", 0, 24, 31, 40, 0, 41)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d, e, g int) {
		if !utf8.ValidString(text) {
			return
		}
		segs := highlight(text,
			[]casestore.Mention{{Span: casestore.Span{Start: a, End: b}}},
			[]casestore.GoodMention{{Span: casestore.Span{Start: c, End: d}}},
			[]casestore.Claim{{Sentence: casestore.Span{Start: e, End: g}}})
		var all strings.Builder
		for _, s := range segs {
			if s.Text == "" || !utf8.ValidString(s.Text) {
				t.Fatalf("segment %q", s.Text)
			}
			all.WriteString(s.Text)
		}
		if all.String() != text {
			t.Fatalf("segments make %q, want %q", all.String(), text)
		}
	})
}

// BenchmarkHighlight cuts a ten-page text (30 KB) with 300 spans.
func BenchmarkHighlight(b *testing.B) {
	var text strings.Builder
	var parties []casestore.Mention
	var claims []casestore.Claim
	for i := range 300 {
		start := text.Len()
		text.WriteString("ООО «Спецтехника» shipped 300 flight controllers to the army, customs records show. ")
		parties = append(parties, casestore.Mention{Span: casestore.Span{Start: start, End: start + len("ООО «Спецтехника»")}})
		if i%5 == 0 {
			claims = append(claims, casestore.Claim{Sentence: casestore.Span{Start: start, End: text.Len()}})
		}
	}
	s := text.String()
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		highlight(s, parties, nil, claims)
	}
}
