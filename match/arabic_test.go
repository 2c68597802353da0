package match

import (
	"context"
	"encoding/csv"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/entity"
)

// TestArabicIssueExamples: the examples of issue 14, names in Arabic
// script against the Latin names of the lists, scored as a pair and found
// on the benchmark lists (OFAC SDN 2021, consolidated, UN, CSL 2022).
// Before names/arabic.go: 0.47, 0.68, and bin Ladin not found.
func TestArabicIssueExamples(t *testing.T) {
	tests := []struct {
		query, name, listID string
	}{
		{"محمد علي", "Mohamed Ali", ""},
		{"صدام حسين التكريتي", "HUSSEIN, Saddam", ""},
		{"صدام حسين التكريتي", "AL-TIKRITI, Saddam Hussein", "ofac-7843"},
		{"أسامة بن لادن", "BIN LADIN, Usama", ""},
		{"أسامة بن لادن", "BIN LADIN, Usama bin Muhammad bin Awad", "ofac-6365"},
		{"عبد الرحمن", "Abdurrahman", ""},
		{"عبد الرحمن", "Abdel Rahman", ""},
		{"عبد الرحمن", "ABD AL-RAHMAN", ""},
		{"نصیر الدین حقانی", "HAQQANI, Nasiruddin", "ofac-12129"},
	}
	o := DefaultOptions()
	var m *Matcher
	for _, tc := range tests {
		t.Run(tc.query+"~"+tc.name, func(t *testing.T) {
			q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.query}}}
			c := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.name}}}
			s, _ := Score(q, c, o)
			t.Logf("%s ~ %s: %.3f", tc.query, tc.name, s)
			if s < o.Threshold {
				t.Errorf("%s ~ %s: %.3f, want ≥ %.2f", tc.query, tc.name, s, o.Threshold)
			}
			if tc.listID == "" {
				return
			}
			if m == nil {
				m = buildMatcher(t, "all", allLists)
			}
			res, err := m.Match(context.Background(), q, o)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(res, func(r Result) bool { return r.Has(tc.listID) })
			if i < 0 || !res[i].Match {
				for _, r := range res {
					t.Logf("  %s %s %.3f", r.Entity.ID, r.Entity.Caption(), r.Score)
				}
				t.Errorf("%s: %s not found as a match in %v", tc.query, tc.listID, captions(res))
			}
		})
	}
}

// arabicBenchQueries returns the queries of eval/scripts/arabic.csv in
// Arabic script and, for the same rows, the Latin names they pair with.
func arabicBenchQueries(b *testing.B) (arabic, latin []*entity.Entity) {
	b.Helper()
	f, err := os.Open("../eval/scripts/arabic.csv")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[4] != "1" {
			continue
		}
		arabic = append(arabic, &entity.Entity{Schema: r[1], Properties: map[string][]string{entity.Name: {r[0]}}})
		latin = append(latin, &entity.Entity{Schema: r[1], Properties: map[string][]string{entity.Name: {r[2]}}})
	}
	return arabic, latin
}

// BenchmarkArabicQuery measures the CPU time of one query via Match on the
// benchmark lists, for names in Arabic script and, in the same run, for
// the Latin names of the same parties (µs per query; compare the two
// within one run, the machine is shared).
func BenchmarkArabicQuery(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	arabic, latin := arabicBenchQueries(b)
	o := DefaultOptions()
	for _, set := range []struct {
		name string
		qs   []*entity.Entity
	}{{"arabic", arabic}, {"latin", latin}} {
		b.Run(set.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var cpu time.Duration
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				t0 := threadTime()
				if _, err := m.Match(context.Background(), set.qs[i%len(set.qs)], o); err != nil {
					b.Fatal(err)
				}
				cpu += threadTime() - t0
				i++
			}
			b.ReportMetric(float64(cpu.Microseconds())/float64(i), "cpu-µs/query")
		})
	}
}
