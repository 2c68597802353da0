package match_test

import (
	"context"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// BenchmarkChineseQuery measures one query at a time through Match on the
// benchmark lists' index (OFAC SDN 2021 + consolidated + UN + US CSL
// 2022): the positives of the Chinese sets in Chinese characters beside the
// Latin names they pair with, in one run, in µs per query.
func BenchmarkChineseQuery(b *testing.B) {
	m := match.ListsMatcher(b)
	o := match.DefaultOptions()
	for _, tc := range []struct {
		name, set string
		latin     bool
	}{
		{"latin-persons", "chinese_transcriptions", true},
		{"han-transcriptions", "chinese_transcriptions", false},
		{"latin-companies", "chinese_companies", true},
		{"han-companies", "chinese_companies", false},
	} {
		var qs []*entity.Entity
		for _, r := range readScriptSet(b, tc.set) {
			if !r.label {
				continue
			}
			name := r.query
			if tc.latin {
				name = r.name
			}
			qs = append(qs, &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {name}}})
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				m.Match(context.Background(), qs[n%len(qs)], o)
				n++
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/query")
		})
	}
}
