package textscreen

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/internal/testutil"
)

// report builds a text of about n bytes from the evaluation texts (HTML
// left out), paragraph after paragraph, as a long report reads: 30 KB is
// about ten pages.
func report(tb testing.TB, n int) string {
	var b strings.Builder
	texts := readEvalFile(tb)
	for b.Len() < n {
		for _, t := range texts {
			if strings.HasPrefix(t.Text, "<") {
				continue
			}
			b.WriteString(t.Text)
			b.WriteString("\n\n")
			if b.Len() >= n {
				break
			}
		}
	}
	return b.String()
}

// BenchmarkScreen screens a ten-page report (30 KB) and a 300 KB one
// against the real lists of the evaluation (MB/s and ms per report by the
// wall clock; CPU ms per report and MB per CPU second, steadier on a
// shared machine), and the ten pages without lists (cues, goods and
// claims only).
//
// Measured on the shared 2-core machine (load average about 20), -count 3:
// 30 KB against the lists 46–55 CPU ms per report (182–212 ms wall), 300
// KB 474–560 CPU ms, 30 KB without lists 24–28 CPU ms; New over the lists
// 64–77 ms.
func BenchmarkScreen(b *testing.B) {
	s := realScreener(b)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		s    *Screener
		size int
	}{
		{"lists/30KB", s, 30 << 10},
		{"lists/300KB", s, 300 << 10},
		{"nolists/30KB", New(nil, Options{}), 30 << 10},
	} {
		b.Run(tc.name, func(b *testing.B) {
			text := report(b, tc.size)
			d, err := Parse([]byte(text))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var r *Result
			start, cpu := time.Now(), testutil.CPUTime()
			n := 0
			for b.Loop() {
				r = tc.s.Screen(ctx, d)
				n++
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1e3/float64(n), "ms/report")
			used := testutil.CPUTime() - cpu
			b.ReportMetric(float64(used.Microseconds())/1e3/float64(n), "cpu-ms/report")
			if used > 0 {
				b.ReportMetric(float64(len(text)*n)/used.Seconds()/1e6, "cpu-MB/s")
			}
			b.ReportMetric(float64(len(r.Parties)), "parties")
		})
	}
}

// BenchmarkNew measures building a Screener over a Matcher (the scan of
// the index's name forms), once per list version.
func BenchmarkNew(b *testing.B) {
	s := realScreener(b)
	b.ReportAllocs()
	for b.Loop() {
		New(s.m, Options{})
	}
}

func BenchmarkRead(b *testing.B) {
	text := []byte("<html><body><p>" + strings.ReplaceAll(report(b, 30<<10), "\n\n", "</p><p>") + "</p></body></html>")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}
