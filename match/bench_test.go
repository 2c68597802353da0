package match

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/names"
)

// benchQueries returns person queries from yente's US negatives (most
// screening traffic matches nothing) mixed with the UN positives, 10:1.
func benchQueries(b *testing.B) []*entity.Entity {
	b.Helper()
	var qs []*entity.Entity
	for _, f := range []string{"eval/yente_negatives_us.csv", "eval/yente_positives_un_untreated.csv"} {
		fh, err := os.Open(filepath.Join(dataDir, f))
		if err != nil {
			b.Fatal(err)
		}
		rows, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rows[1:] {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			qs = append(qs, personQuery(m))
		}
	}
	return qs
}

// BenchmarkMatch measures queries per second across all cores against
// OFAC SDN 2021 + OFAC consolidated + UN + US CSL 2022, and the p99
// latency of one query. Bars: >= 20,000 q/s on 2 cores, p99 <= 2 ms.
func BenchmarkMatch(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	qs := benchQueries(b)
	o := DefaultOptions()
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := testutil.CPUTime()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			q := qs[int(next.Add(1))%len(qs)]
			t0 := time.Now()
			m.Match(context.Background(), q, o)
			local = append(local, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	el := time.Since(start)
	cpu := testutil.CPUTime() - cpu0
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/el.Seconds(), "queries/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
		// CPU time per query, which a machine shared with other work does
		// not inflate the way it inflates wall-clock time; 2 cores give at
		// most 2s/cpu-per-query queries per second.
		perQuery := cpu.Seconds() / float64(len(lat))
		b.ReportMetric(perQuery*1e6, "cpu-µs/query")
		b.ReportMetric(2/perQuery, "2-core-q/s-by-cpu")
	}
}

// BenchmarkMatchLatency measures the CPU time of each query on one locked
// OS thread (the thread's own clock, which other processes on a shared
// machine do not advance) and reports its p50 and p99. Bar: p99 <= 2 ms.
func BenchmarkMatchLatency(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	qs := benchQueries(b)
	o := DefaultOptions()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lat := make([]time.Duration, 0, 1<<16)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		t0 := threadTime()
		m.Match(context.Background(), qs[i%len(qs)], o)
		lat = append(lat, threadTime()-t0)
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-cpu-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-cpu-µs")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-cpu-µs")
}

// threadTime returns the CPU time of the calling OS thread.
func threadTime() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// BenchmarkBuild measures building the Matcher over the four lists (read
// beforehand) and reports the heap it holds. Bars: <= 2 s, <= 500 MB.
func BenchmarkBuild(b *testing.B) {
	needData(b)
	es := readLists(b, allLists)
	b.ReportAllocs()
	var m *Matcher
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		var err error
		m, err = Build(context.Background(), seq(es))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((testutil.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/build")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(m.Len()), "entities")
	b.ReportMetric(float64(m.Forms()), "forms")
	dk, dp := m.ix.DeletionKeys()
	b.ReportMetric(float64(dk), "deletion-keys")
	b.ReportMetric(float64(dp), "deletion-postings")
	runtime.KeepAlive(m)
}

// BenchmarkAnalyze measures name normalization and analysis.
func BenchmarkAnalyze(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"latin", "Viktor Fedorovych MEDVEDCHUK"},
		{"cyrillic", "Общество с ограниченной ответственностью \"Ромашка\""},
		{"han", "杭州海康威视数字技术股份有限公司"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				names.Analyze(tc.in)
			}
		})
	}
}

// BenchmarkScore measures scoring one prepared pair.
func BenchmarkScore(b *testing.B) {
	o := DefaultOptions()
	q := prepare(&entity.Entity{Schema: entity.Person, Properties: map[string][]string{
		entity.Name: {"Victor Medvedtchuk"}, entity.BirthDate: {"1954-08-07"}}}, nil)
	c := prepare(&entity.Entity{Schema: entity.Person, Properties: map[string][]string{
		entity.Name: {"Viktor Vladimirovich MEDVEDCHUK", "Віктор Володимирович Медведчук"}, entity.BirthDate: {"1954-08-07"}}}, nil)
	b.ReportAllocs()
	for b.Loop() {
		scoreParties(q, c, nil, &o, false)
	}
}

// BenchmarkRetrieve measures candidate retrieval alone.
func BenchmarkRetrieve(b *testing.B) {
	needData(b)
	m := buildMatcher(b, "all", allLists)
	qs := benchQueries(b)
	var forms [][]names.Form
	for _, q := range qs {
		var fs []names.Form
		for _, n := range q.Names() {
			fs = append(fs, names.Analyze(n).Forms...)
		}
		forms = append(forms, fs)
	}
	s := m.ix.NewScratch()
	o := DefaultOptions()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.ix.Search(forms[i%len(forms)], o.Budget, o.Candidates, s)
		i++
	}
}
