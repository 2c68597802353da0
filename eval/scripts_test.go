package eval

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
)

func TestReadScriptSetErrors(t *testing.T) {
	const header = "query,schema,name,list_id,label,kind,source\n"
	for _, tc := range []struct{ name, in, want string }{
		{"header", "query,name\nx,y\n", "line 1: header"},
		{"fields", header + "a,Person,b,,1,positive\n", "wrong number of fields"},
		{"schema", header + "a,Vessel2,b,,1,positive,s\n", "line 2: schema"},
		{"label", header + "a,Person,b,,yes,positive,s\n", "line 2: label"},
		{"kind", header + "a,Person,b,,0,random,s\n", "line 2: kind"},
		{"kind label", header + "a,Person,b,,0,positive,s\n", "kind positive with label 0"},
		{"negative label", header + "a,Person,b,,1,common,s\n", "kind common with label 1"},
		{"source", header + "a,Person,b,,1,positive,\n", "line 2: no source"},
		{"empty", header + ",Person,b,,1,positive,s\n", "line 2: query and name"},
		{"repeat", header + "a,Person,b,,1,positive,s\nc,Person,d,,1,positive,s\na,Person,b,,1,positive,t\n", "line 4: pair repeats line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadScriptSet("x.csv", strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "scripts/x.csv") {
				t.Fatalf("error %v, want one with scripts/x.csv and %q", err, tc.want)
			}
		})
	}
}

// TestScriptSetsRead reads every committed set: each parses, and each has
// positives and negatives.
func TestScriptSetsRead(t *testing.T) {
	sets, err := ScriptSets()
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) == 0 {
		t.Fatal("no set in eval/scripts")
	}
	for _, s := range sets {
		pos, neg := 0, 0
		for _, r := range s.Rows {
			if r.Match {
				pos++
			} else {
				neg++
			}
		}
		t.Logf("%s: %d positives, %d negatives", s.Suite(), pos, neg)
		if pos == 0 || neg == 0 {
			t.Errorf("%s: %d positives and %d negatives, want both", s.Suite(), pos, neg)
		}
	}
}

// TestScriptSuite runs the suite on a small hand-made set with the real
// scorer and matcher: exact names are found and retrieved, the unrelated
// name is neither.
func TestScriptSuite(t *testing.T) {
	const in = `query,schema,name,list_id,label,kind,source
Vladimir Putin,Person,PUTIN Vladimir,p1,1,positive,test
Ivan Petrov,Person,PUTIN Vladimir,p1,0,common,test
Sergei Lavrov,Person,LAVROV Sergei,p2,1,positive,test
`
	set, err := ReadScriptSet("latin.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	opts := match.DefaultOptions()
	listed := []*entity.Entity{scriptEntity("p1", entity.Person, "PUTIN Vladimir"), scriptEntity("p2", entity.Person, "LAVROV Sergei")}
	m, err := match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
		for _, e := range listed {
			if !yield(e, nil) {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	score := func(l, r *entity.Entity) float64 { s, _ := match.Score(l, r, opts); return s }
	res, err := ScriptSuite(context.Background(), set, score, opts.Threshold, Engine{Matcher: m, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Pairs.Confusion
	if c.TP != 2 || c.TN != 1 || c.FP != 0 || c.FN != 0 {
		t.Errorf("pairs %+v, want 2 TP and 1 TN", c)
	}
	ret := Retrieval{Positives: res.HeldOut.Positives + res.Dev.Positives, Found: res.HeldOut.Found + res.Dev.Found,
		Negatives: res.HeldOut.Negatives + res.Dev.Negatives, Wrong: res.HeldOut.Wrong + res.Dev.Wrong}
	if ret.Positives != 2 || ret.Found != 2 || ret.Negatives != 1 || ret.Wrong != 0 {
		t.Errorf("retrieval %+v, want 2 of 2 found and 0 of 1 wrong", ret)
	}
	if res.Queries != 3 || res.PerQuery <= 0 {
		t.Errorf("%d queries in %v each, want 3 timed", res.Queries, res.PerQuery)
	}
	var rep Report
	rep.addScripts([]ScriptResult{res}, res.PerQuery)
	if len(rep.Rows) == 0 || !strings.Contains(rep.Rows[1].Metric, "scripts/latin held-out") {
		t.Errorf("rows %+v, want the Latin reference then held-out first", rep.Rows)
	}
}

// BenchmarkScriptQueries measures the CPU time per query of each
// per-script set's queries through the matcher of the four benchmark
// lists, beside Latin queries (the last 500 US negatives in Latin
// letters: LatinReference), one goroutine:
// the cost of each script in µs per query. CPU time, unlike wall-clock
// time, is not inflated by other work on a shared machine.
func BenchmarkScriptQueries(b *testing.B) {
	_, all := lists(b)
	m := build(b, all)
	o := match.DefaultOptions()
	sets, err := ScriptSets()
	if err != nil {
		b.Fatal(err)
	}
	negs, err := Queries(openData(b, NegativesFile))
	if err != nil {
		b.Fatal(err)
	}
	runs := map[string][]*entity.Entity{"latin": LatinReference(negs, 500)}
	for _, s := range sets {
		seen := map[string]bool{}
		for _, r := range s.Rows {
			if !seen[r.Schema+"|"+r.Query] {
				seen[r.Schema+"|"+r.Query] = true
				runs[s.Name] = append(runs[s.Name], scriptEntity("q", r.Schema, r.Query))
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(runs)) {
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
