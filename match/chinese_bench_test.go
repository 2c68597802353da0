package match

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// chineseBenchQueries returns the positive rows of a Chinese labelled set
// as queries: in Chinese characters, or as the Latin names they pair with.
func chineseBenchQueries(b *testing.B, set string, latin bool) []*entity.Entity {
	b.Helper()
	f, err := os.Open(filepath.Join("..", "eval", "scripts", set+".csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var qs []*entity.Entity
	for _, r := range rows[1:] {
		if r[4] != "1" {
			continue
		}
		name := r[0]
		if latin {
			name = r[2]
		}
		qs = append(qs, &entity.Entity{Schema: r[1], Properties: map[string][]string{entity.Name: {name}}})
	}
	return qs
}

// BenchmarkChineseQuery measures one query at a time through Match on the
// benchmark lists' index (OFAC SDN 2021 + consolidated + UN + US CSL
// 2022): Chinese transcriptions and Chinese company names beside the Latin
// names they pair with, in one run, in µs per query.
func BenchmarkChineseQuery(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	o := DefaultOptions()
	for _, tc := range []struct {
		name, set string
		latin     bool
	}{
		{"latin-persons", "chinese_transcriptions", true},
		{"han-transcriptions", "chinese_transcriptions", false},
		{"latin-companies", "chinese_companies", true},
		{"han-companies", "chinese_companies", false},
	} {
		qs := chineseBenchQueries(b, tc.set, tc.latin)
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
