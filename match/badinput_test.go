package match

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
)

// badInputSeeds returns the bad-input seeds of the names package
// (../names/testdata/bad_input.txt: invisible characters, bidi marks,
// combining marks, full-width Latin, mixed scripts) and 10,000-rune names.
func badInputSeeds(tb testing.TB) []string {
	tb.Helper()
	out := testutil.QuotedLines(tb, "../names/testdata/bad_input.txt")
	return append(out, longName("Pu\u200btin Путин ﾌﾟｰﾁﾝ ", 10000), longName("Vladimir Putin ", 10000))
}

// longName repeats word to n runes.
func longName(word string, n int) string {
	r := []rune(strings.Repeat(word, n/utf8.RuneCountInString(word)+1))
	return string(r[:n])
}

// badInputMatcher indexes the names of testdata/pairs.txt as persons.
func badInputMatcher(tb testing.TB) *Matcher {
	tb.Helper()
	b, err := os.ReadFile("testdata/pairs.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var es []*entity.Entity
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		for j, n := range strings.Split(line, "\t") {
			es = append(es, &entity.Entity{ID: strconv.Itoa(2*i + j), Schema: entity.Person,
				Properties: map[string][]string{entity.Name: {n}}})
		}
	}
	m, err := Build(context.Background(), seq(es))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// FuzzMatchBadInput searches a small index with any name: no panic,
// scores in [0, 1] best first, and an invisible character (zero-width
// space, right-to-left mark) inserted anywhere in the query changes no
// result.
func FuzzMatchBadInput(f *testing.F) {
	for i, s := range badInputSeeds(f) {
		f.Add(s, uint16(i))
	}
	m := badInputMatcher(f)
	o := DefaultOptions()
	query := func(s string) *entity.Entity {
		return &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {s}}}
	}
	f.Fuzz(func(t *testing.T, s string, at uint16) {
		rs, err := m.Match(context.Background(), query(s), o)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			if r.Score < 0 || r.Score > 1 || i > 0 && r.Score > rs[i-1].Score {
				t.Fatalf("Match(%q): result %d score %v out of [0, 1] or out of order", s, i, r.Score)
			}
		}
		if !utf8.ValidString(s) {
			return
		}
		i := int(at) % (len(s) + 1)
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		for _, inv := range []string{"\u200b", "\u200f"} {
			got, err := m.Match(context.Background(), query(s[:i]+inv+s[i:]), o)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(rs) {
				t.Fatalf("Match(%q) with %q at %d: %d results, without %d", s, inv, i, len(got), len(rs))
			}
			for k := range got {
				if resultID(got[k]) != resultID(rs[k]) || got[k].Score != rs[k].Score {
					t.Fatalf("Match(%q) with %q at %d: result %d %s %v, without %s %v", s, inv, i, k,
						resultID(got[k]), got[k].Score, resultID(rs[k]), rs[k].Score)
				}
			}
		}
	})
}

func resultID(r Result) string {
	if r.Entity == nil {
		return ""
	}
	return r.Entity.ID
}

// BenchmarkMatchLongName searches the benchmark lists with 10,000-rune
// names: the time of the worst query a client can send.
func BenchmarkMatchLongName(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	o := DefaultOptions()
	for _, tc := range []struct{ name, word string }{
		{"latin", "Vladimir Putin "}, {"mixed-invisible", "Pu\u200btin Путин ﾌﾟｰﾁﾝ "},
		{"han", "普京"}, {"thai", "ประยุทธ์ "}, {"nospace", "abcdefgh"},
	} {
		q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {longName(tc.word, 10000)}}}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Match(context.Background(), q, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/query")
		})
	}
}
