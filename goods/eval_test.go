package goods

import (
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"os"
	"sort"
	"testing"
)

// labelledRow is one row of testdata/labelled.csv.
type labelledRow struct {
	file                                  string
	line                                  int
	desc, lang, hs6, tier, concern, split string
}

func readLabelled(t testing.TB) []labelledRow { return readLabelledFile(t, "testdata/labelled.csv") }

// readLabelledFile reads a labelled set in the format of labelled.csv.
func readLabelledFile(t testing.TB, name string) []labelledRow {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"description", "lang", "hs6", "chpl_tier", "concern", "split"}
	if fmt.Sprint(recs[0]) != fmt.Sprint(want) {
		t.Fatalf("%s header %q, want %q", name, recs[0], want)
	}
	var rows []labelledRow
	for i, r := range recs[1:] {
		rows = append(rows, labelledRow{name, i + 2, r[0], r[1], r[2], r[3], r[4], r[5]})
	}
	return rows
}

// TestLabelledGold checks the labels themselves: every gold code is an HS
// 2022 subheading and every gold tier is the CHPL's tier for it.
func TestLabelledGold(t *testing.T) {
	rows := append(readLabelled(t), readLabelledFile(t, "testdata/blind2.csv")...)
	rows = append(rows, readLabelledFile(t, "testdata/complete.csv")...)
	rows = append(rows, readLabelledFile(t, "testdata/complete2.csv")...)
	for _, r := range rows {
		if Description(r.hs6) == "" || len(r.hs6) != 6 {
			t.Errorf("%s:%d: gold %q is not an HS subheading", r.file, r.line, r.hs6)
		}
		if got := Tier(r.hs6); got != r.tier {
			t.Errorf("%s:%d: gold tier %q for %s, the CHPL says %q", r.file, r.line, r.tier, r.hs6, got)
		}
		switch r.lang {
		case "en", "ru", "zh":
		default:
			t.Errorf("%s:%d: language %q", r.file, r.line, r.lang)
		}
		switch r.split {
		case "dev", "test", "blind", "blind2", "complete", "complete2":
		default:
			t.Errorf("%s:%d: split %q", r.file, r.line, r.split)
		}
	}
}

type score struct{ n, tier, heading, sub, concern, civil, civilTier int }

// add counts one classification of row r.
func (s *score) add(r labelledRow, got Classification) {
	s.n++
	if got.CHPLTier == r.tier {
		s.tier++
	}
	if len(got.HSCode) == 6 && got.HSCode[:4] == r.hs6[:4] {
		s.heading++
	}
	if got.HSCode == r.hs6 {
		s.sub++
	}
	if got.Concern == r.concern {
		s.concern++
	}
	if r.concern == "" {
		s.civil++
		if got.CHPLTier != "" {
			s.civilTier++
		}
	}
}

func (s score) String() string {
	pct := func(a, n int) float64 { return 100 * float64(a) / float64(max(n, 1)) }
	return fmt.Sprintf("n=%3d  tier %5.1f%%  heading %5.1f%%  subheading %5.1f%%  concern %5.1f%%  civilian with a tier %d/%d",
		s.n, pct(s.tier, s.n), pct(s.heading, s.n), pct(s.sub, s.n), pct(s.concern, s.n), s.civilTier, s.civil)
}

// TestLabelledAccuracy measures the classifier on the labelled set and
// asserts the targets: CHPL tier accuracy at least 95%, HS heading
// accuracy at least 85%, and no CHPL tier on any civilian row (a row whose
// gold concern is empty), on the whole set and on its one held-out split,
// test. The blind split's misses were fixed after it was measured, so it
// is reported as a development split ("blind (dev)") and asserted as one
// (testdata/README.md). Run with -v to see every miss.
func TestLabelledAccuracy(t *testing.T) {
	c := Default()
	scores := map[string]*score{}
	add := func(key string, r labelledRow, got Classification) {
		s := scores[key]
		if s == nil {
			s = &score{}
			scores[key] = s
		}
		s.add(r, got)
	}
	for _, r := range readLabelled(t) {
		got := c.Classify(r.desc, "")
		split := r.split
		if split == "blind" {
			split = "blind (dev)"
		}
		for _, k := range []string{"all", split, split + "/" + r.lang} {
			add(k, r, got)
		}
		if got.CHPLTier != r.tier || len(got.HSCode) != 6 || got.HSCode[:4] != r.hs6[:4] {
			t.Logf("miss %s:%d %q: got %s tier %q, want %s tier %q; %q", r.split, r.line, r.desc, got.HSCode, got.CHPLTier, r.hs6, r.tier, got.Evidence)
		}
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-14s %v", k, scores[k])
		fmt.Printf("goods labelled %-14s %v\n", k, scores[k])
	}
	for _, k := range []string{"test", "all", "dev", "blind (dev)"} {
		s := scores[k]
		if s == nil {
			t.Fatalf("no %s rows", k)
		}
		if float64(s.tier) < 0.95*float64(s.n) {
			t.Errorf("%s: CHPL tier accuracy %d/%d, below 95%%", k, s.tier, s.n)
		}
		if float64(s.heading) < 0.85*float64(s.n) {
			t.Errorf("%s: HS heading accuracy %d/%d, below 85%%", k, s.heading, s.n)
		}
		if s.civilTier != 0 {
			t.Errorf("%s: %d civilian rows got a CHPL tier", k, s.civilTier)
		}
	}
}

// TestBlind2Accuracy measures the classifier on testdata/blind2.csv (90
// rows, 30 per language, written before the ru/zh glossary fallback
// existed; see testdata/README.md). Its first measure (tier 97.8%, heading
// 94.4%) is the held-out figure; rules were added after its misses were
// seen, so it is partly spent and now guards against regressions: tier and
// heading must stay at or above blind2Floor, and no civilian row may get a
// CHPL tier.
func TestBlind2Accuracy(t *testing.T) {
	s := measureFrozen(t, "testdata/blind2.csv", blind2SHA256, "blind2")
	if s.civilTier != 0 {
		t.Errorf("blind2: %d civilian rows got a CHPL tier", s.civilTier)
	}
	if s.tier < blind2Floor.tier || s.heading < blind2Floor.heading {
		t.Errorf("blind2: tier %d/%d, heading %d/%d, below the floor %+v", s.tier, s.n, s.heading, s.n, blind2Floor)
	}
}

// blind2Floor is the accuracy on blind2.csv recorded in testdata/README.md
// (tier 98.9%, heading 97.8% of 90 rows), as row counts.
var blind2Floor = struct{ tier, heading int }{89, 88}

// The held-out splits of complete items (see testdata/README.md): frozen
// files, checked by their sha256.
const (
	completeSHA256  = "dd2cddb4dd630f15f74d358c3c3a23e575a9a8b77ef8018663aaaa4516f584ff"
	complete2SHA256 = "3406474795fc6d360811cb20076c74191ad0034549ecea90121a2a76abe21241"
	blind2SHA256    = "af561c03c8c4cc2d5524f39dd94c9e2c2a25e9c79548c79d3945e159f61db4e0"
)

// measureFrozen classifies a labelled file (failing if its sha256 is not
// sha, unless sha is ""), logs the scores per language and every miss, and
// returns the whole file's score.
func measureFrozen(t *testing.T, file, sha, split string) score {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(data)); sha != "" && got != sha {
		t.Fatalf("%s changed (sha256 %s): a held-out split is frozen", file, got)
	}
	c := Default()
	scores := map[string]*score{}
	for _, r := range readLabelledFile(t, file) {
		got := c.Classify(r.desc, "")
		for _, k := range []string{split, split + "/" + r.lang} {
			s := scores[k]
			if s == nil {
				s = &score{}
				scores[k] = s
			}
			s.add(r, got)
		}
		if got.CHPLTier != r.tier || len(got.HSCode) != 6 || got.HSCode[:4] != r.hs6[:4] {
			t.Logf("miss %s:%d %q: got %s tier %q, want %s tier %q; %q", r.file, r.line, r.desc, got.HSCode, got.CHPLTier, r.hs6, r.tier, got.Evidence)
		}
	}
	for _, k := range []string{split, split + "/en", split + "/ru", split + "/zh"} {
		t.Logf("%-12s %v", k, scores[k])
		fmt.Printf("goods labelled %-12s %v\n", k, scores[k])
	}
	return *scores[split]
}

// TestCompleteItemsHeldOut measures the classifier on the complete-item
// splits: complete items whose description names a component (drones
// carrying cameras, engines and cameras for drones), semiconductor-
// manufacturing equipment (8486) and laboratory analysers (9027), in
// English, Russian and Chinese. testdata/complete.csv was written and
// measured before the fix it checks (the honest held-out figure is that
// first one, in testdata/README.md); testdata/complete2.csv was written
// after the fix and measured once. A regression below the recorded floor
// fails, and so does a CHPL tier on a civilian row.
func TestCompleteItemsHeldOut(t *testing.T) {
	s := measureFrozen(t, "testdata/complete.csv", completeSHA256, "complete")
	if float64(s.tier) < completeFloor.tier*float64(s.n) || float64(s.heading) < completeFloor.heading*float64(s.n) {
		t.Errorf("complete: tier %d/%d, heading %d/%d, below the recorded floor %+v", s.tier, s.n, s.heading, s.n, completeFloor)
	}
	s2 := measureFrozen(t, "testdata/complete2.csv", complete2SHA256, "complete2")
	if s2.tier < complete2Floor.tier || s2.heading < complete2Floor.heading {
		t.Errorf("complete2: tier %d/%d, heading %d/%d, below its held-out figure %+v", s2.tier, s2.n, s2.heading, s2.n, complete2Floor)
	}
	for _, x := range []score{s, s2} {
		if x.civilTier != 0 {
			t.Errorf("%d civilian rows got a CHPL tier", x.civilTier)
		}
	}
}

// completeFloor is the accuracy on complete.csv after the fix
// (testdata/README.md): a regression below it fails.
var completeFloor = struct{ tier, heading float64 }{0.95, 0.95}

// complete2Floor is complete2.csv's held-out figure, measured once and
// never tuned on (tier 16/18, heading 12/18; testdata/README.md): a
// regression below it fails.
var complete2Floor = struct{ tier, heading int }{16, 12}
