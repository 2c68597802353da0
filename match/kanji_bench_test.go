package match_test

import (
	"context"
	"testing"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
)

// BenchmarkJapaneseQuery measures one query at a time through Match on the
// benchmark lists' index: the queries of the Japanese set's positives in
// kanji and in kana, and the Latin names the kanji ones pair with, in one
// run, in CPU µs per query.
func BenchmarkJapaneseQuery(b *testing.B) {
	m := match.ListsMatcher(b)
	o := match.DefaultOptions()
	runs := map[string][]*entity.Entity{}
	for _, r := range readScriptSet(b, "japanese") {
		if !r.label {
			continue
		}
		kind := "kana"
		for _, c := range r.query {
			if unicode.Is(unicode.Han, c) {
				kind = "kanji"
				break
			}
		}
		runs[kind] = append(runs[kind], &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.query}}})
		if kind == "kanji" {
			runs["latin"] = append(runs["latin"], &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.name}}})
		}
	}
	for _, name := range []string{"kanji", "kana", "latin"} {
		qs := runs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := testutil.CPUTime()
			n := 0
			for b.Loop() {
				if _, err := m.Match(context.Background(), qs[n%len(qs)], o); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64((testutil.CPUTime()-cpu0).Microseconds())/float64(n), "cpu-µs/query")
		})
	}
}
