package match_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/eval"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

// koreanSuite is the split's suite name of eval/scripts/korean.csv.
const koreanSuite = "scripts/korean"

// koreanRow is one labelled pair of eval/scripts/korean.csv.
type koreanRow struct {
	query, schema, name, listID, kind string
	same, heldOut                     bool
}

// readKoreanSet reads the Korean labelled set with the runner's checked
// reader (eval.ScriptSetNamed) and marks each row dev or held out by
// eval.HeldOut with the key query|name.
func readKoreanSet(tb testing.TB) []koreanRow {
	tb.Helper()
	set, err := eval.ScriptSetNamed("korean")
	if err != nil {
		tb.Fatal(err)
	}
	rows := make([]koreanRow, 0, len(set.Rows))
	for _, r := range set.Rows {
		rows = append(rows, koreanRow{query: r.Query, schema: r.Schema, name: r.Name, listID: r.ListID, kind: r.Kind,
			same: r.Match, heldOut: eval.HeldOut(koreanSuite, r.Key())})
	}
	return rows
}

// koreanCounts are recall and false matches of one split.
type koreanCounts struct{ pos, found, neg, falseMatches int }

func (c koreanCounts) recall() float64 { return float64(c.found) / float64(max(c.pos, 1)) }
func (c koreanCounts) falseRate() float64 {
	return float64(c.falseMatches) / float64(max(c.neg, 1))
}

// TestKoreanSet scores every pair of the Korean set with match.Score
// (default options) and holds the dev split to floors: recall of the
// positives, and false matches among the negatives (re-pairings, common
// names, same-surname lookalikes). Held-out figures are logged, never
// asserted: the rules were tuned on dev rows only.
func TestKoreanSet(t *testing.T) {
	o := match.DefaultOptions()
	var dev, held koreanCounts
	for _, r := range readKoreanSet(t) {
		q := &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.query}}}
		c := &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.name}}}
		s, ex := match.Score(q, c, o)
		if s < 0 || s > 1 {
			t.Errorf("%s ~ %s: score %v outside [0, 1]", r.query, r.name, s)
		}
		hit := s >= o.Threshold
		cnt := &dev
		if r.heldOut {
			cnt = &held
		}
		if r.same {
			cnt.pos++
			if hit {
				cnt.found++
			}
		} else {
			cnt.neg++
			if hit {
				cnt.falseMatches++
			}
		}
		if !r.heldOut && hit != r.same && testing.Verbose() {
			t.Logf("dev miss: want %v %.3f %s %q ~ %q (%s ~ %s)", r.same, s, r.kind, r.query, r.name, ex.QueryForm, ex.MatchedForm)
		}
	}
	t.Logf("korean dev: recall %.3f (%d/%d), false matches %d/%d", dev.recall(), dev.found, dev.pos, dev.falseMatches, dev.neg)
	t.Logf("korean held-out: recall %.3f (%d/%d), false matches %d/%d", held.recall(), held.found, held.pos, held.falseMatches, held.neg)
	if dev.recall() < 0.95 {
		t.Errorf("korean dev recall %.3f < 0.95", dev.recall())
	}
	if dev.falseRate() > 0.05 {
		t.Errorf("korean dev false matches %d/%d > 5%%", dev.falseMatches, dev.neg)
	}
}

// TestHangulScore checks Hangul queries against spellings of the same and
// of other Korean names, with the default threshold, and that turning the
// HangulSpelling heuristic off loses the voicing variants.
func TestHangulScore(t *testing.T) {
	o := match.DefaultOptions()
	for _, tc := range []struct {
		name, query, listed string
		want                bool
	}{
		{"dprk spelling", "리병철", "RI, Pyong Chol", true},
		{"mccune-reischauer apostrophes", "리병철", "RI, Pyo'ng-ch'o'l", true},
		{"southern spelling", "리병철", "LEE Byung-chul", true},
		{"voiced initial", "리병철", "Ri Byong Chol", true},
		{"systems mixed in one entry", "김영철", "KIM Yong Chul", true},
		{"u of 출 is not the o of 철", "김영출", "KIM Yong Chol", false},
		{"joined given name", "최룡해", "Choe Ryonghae", true},
		{"aspirate without h", "장성택", "JANG Song Taek", true},
		{"park", "박봉주", "PARK Bong-ju", true},
		{"hangul against hangul: the syllables differ", "김종은", "김정은", false},
		{"western order", "영호 김", "KIM, Yong Ho", true},
		{"surname and given apart", "김 정은", "KIM, Jong Un", true},
		{"surplus syllable", "김성", "KIM, Song Chol", false},
		{"other syllable", "리춘성", "RI, Chun Hwan", false},
		{"syllables do not take typos", "김경옥", "KIM, Kyong Hyok", false},
		{"other surname", "최룡해", "KIM, Ryong Hae", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.query}}}
			c := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.listed}}}
			s, ex := match.Score(q, c, o)
			if (s >= o.Threshold) != tc.want {
				t.Errorf("Score(%q, %q) = %.3f (%s ~ %s), want match %v", tc.query, tc.listed, s, ex.QueryForm, ex.MatchedForm, tc.want)
			}
		})
	}
	off := o
	off.Ablate = match.HangulSpelling
	q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {"리재일"}}}
	c := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {"RI, Chae-Il"}}}
	on, _ := match.Score(q, c, o)
	without, _ := match.Score(q, c, off)
	if on <= without {
		t.Errorf("리재일 ~ RI, Chae-Il: %.3f with HangulSpelling, %.3f without; want it to help", on, without)
	}
}

// koreanLists are the benchmark lists: OFAC SDN 2021-07, OFAC
// consolidated 2025-12, UN 2026-02-27, US CSL 2022-05.
var koreanLists = []struct {
	path   string
	reader source.Reader
}{
	{"lists/ofac/sdn-2021-07/sdn.csv", ofac.CSVReader{}},
	{"lists/ofac/cons-2025-12/cons_prim.csv", ofac.CSVReader{}},
	{"lists/un/consolidated-2026-02-27.xml", un.Reader{}},
	{"lists/us-csl/consolidated-2022-05.csv.gz", csl.Reader{}},
}

var (
	koreanOnce    sync.Once
	koreanMatcher *match.Matcher
	koreanErr     error
)

// listMatcher builds (once per test binary) a Matcher over koreanLists
// read in place from the shared data; it skips when they are missing.
func listMatcher(tb testing.TB) *match.Matcher {
	tb.Helper()
	dir := testutil.SharedData()
	if _, err := os.Stat(filepath.Join(dir, koreanLists[0].path)); err != nil {
		testutil.Skipf(tb, "reference lists not found under %s (%v): skipping", dir, err)
	}
	koreanOnce.Do(func() {
		var es []*entity.Entity
		for _, l := range koreanLists {
			if _, err := l.reader.Read(context.Background(), filepath.Join(dir, l.path), func(e *entity.Entity) error {
				es = append(es, e)
				return nil
			}); err != nil {
				koreanErr = err
				return
			}
		}
		koreanMatcher, koreanErr = match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
			for _, e := range es {
				if !yield(e, nil) {
					return
				}
			}
		})
	})
	if koreanErr != nil {
		tb.Fatal(koreanErr)
	}
	return koreanMatcher
}

// TestKoreanRetrieval screens each Hangul query of a positive row whose
// listed record is on the benchmark lists through the Matcher (retrieval
// from the index, then scoring) and counts the rows whose record comes
// back as a match. Dev rows are held to a floor; held-out rows are logged.
func TestKoreanRetrieval(t *testing.T) {
	m := listMatcher(t)
	o := match.DefaultOptions()
	var dev, held koreanCounts
	for _, r := range readKoreanSet(t) {
		if !r.same || r.listID == "" || m.Entity(r.listID) == nil {
			continue
		}
		q := &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.query}}}
		results, err := m.Match(context.Background(), q, o)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, res := range results {
			if res.Match && res.Has(r.listID) {
				found = true
				break
			}
		}
		cnt := &dev
		if r.heldOut {
			cnt = &held
		}
		cnt.pos++
		if found {
			cnt.found++
		} else if !r.heldOut && testing.Verbose() {
			t.Logf("dev not retrieved: %s → %s %q", r.query, r.listID, r.name)
		}
	}
	t.Logf("korean retrieval dev: %d/%d (%.3f); held-out: %d/%d (%.3f)", dev.found, dev.pos, dev.recall(), held.found, held.pos, held.recall())
	if dev.recall() < 0.95 {
		t.Errorf("korean retrieval dev recall %.3f < 0.95", dev.recall())
	}
}

// BenchmarkKoreanQuery measures one query through Match on the benchmark
// lists, written in Hangul and, for the same persons, as the SDN spells
// them (Latin), in one run: µs per query (wall and process CPU), for the
// ratio.
func BenchmarkKoreanQuery(b *testing.B) {
	m := listMatcher(b)
	var hangul, latin []*entity.Entity
	seen := map[string]bool{}
	for _, r := range readKoreanSet(b) {
		if !r.same || seen[r.query] || !strings.HasPrefix(r.listID, "ofac-") || !unicode.Is(unicode.Hangul, []rune(r.query)[0]) {
			continue
		}
		seen[r.query] = true
		hangul = append(hangul, &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {r.query}}})
		latin = append(latin, &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {r.name}}})
	}
	o := match.DefaultOptions()
	for _, bc := range []struct {
		name string
		qs   []*entity.Entity
	}{{"hangul", hangul}, {"latin", latin}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			start, cpu0 := time.Now(), testutil.CPUTime()
			for b.Loop() {
				if _, err := m.Match(context.Background(), bc.qs[i%len(bc.qs)], o); err != nil {
					b.Fatal(err)
				}
				i++
			}
			// Wall time is what a caller waits on a shared machine; the
			// process CPU time is the work, less noisy when cores are busy.
			b.ReportMetric(float64(time.Since(start).Microseconds())/float64(i), "µs/query")
			b.ReportMetric(float64((testutil.CPUTime()-cpu0).Microseconds())/float64(i), "cpu-µs/query")
		})
	}
}
