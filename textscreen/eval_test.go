package textscreen

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/ftm"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

// dataDir is the shared reference data, read in place.
const dataDir = "../../shared/data"

// evalLists are the real lists the evaluation screens against: the US
// Consolidated Screening List of May 2022 (SDN, Entity List, MEU, SSI,
// ...), the OFAC consolidated non-SDN list of December 2025, the UN
// consolidated list, and the OpenSanctions ZALA network (FtM).
var evalLists = []struct {
	path   string
	reader source.Reader
}{
	{"lists/us-csl/consolidated-2022-05.csv.gz", csl.Reader{}},
	{"lists/ofac/cons-2025-12/cons_prim.csv", ofac.CSVReader{}},
	{"lists/un/consolidated-2026-02-27.xml", un.Reader{}},
	{"lists/opensanctions/yente_fixtures/zala_entities.ftm.json", ftm.Reader{}},
}

var (
	screenerOnce sync.Once
	screenerVal  *Screener
	screenerErr  error
)

// realScreener builds (once per test binary) a Screener over evalLists.
func realScreener(tb testing.TB) *Screener {
	tb.Helper()
	if _, err := os.Stat(dataDir); err != nil {
		tb.Skipf("reference data not found at %s (%v): skipping", dataDir, err)
	}
	screenerOnce.Do(func() {
		var es []*entity.Entity
		for _, l := range evalLists {
			_, err := l.reader.Read(context.Background(), filepath.Join(dataDir, l.path), func(e *entity.Entity) error {
				es = append(es, e)
				return nil
			})
			if err != nil {
				screenerErr = fmt.Errorf("%s: %w", l.path, err)
				return
			}
		}
		m, err := match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
			for _, e := range es {
				if !yield(e, nil) {
					return
				}
			}
		})
		if err != nil {
			screenerErr = err
			return
		}
		screenerVal = New(m, Options{})
	})
	if screenerErr != nil {
		tb.Fatal(screenerErr)
	}
	return screenerVal
}

// evalText is one labelled text of testdata/eval/texts.jsonl.
type evalText struct {
	ID      string `json:"id"`
	Lang    string `json:"lang"`
	Source  string `json:"source"`
	Text    string `json:"text"`
	Parties []struct {
		Text   string `json:"text"`
		Entity string `json:"entity"` // entity ids (one entity on several lists) joined by "|", or "unlisted"
	} `json:"parties"`
	Goods  []string `json:"goods"`
	Claims []struct {
		Supplier  string `json:"supplier"`
		Recipient string `json:"recipient"`
		Item      string `json:"item"`
	} `json:"claims"`
	Clean bool `json:"clean"`
	// Batches 2 and 3 were written after the rules were tuned and
	// measured once (batch 3 after person and vessel cues were added).
	Batch int `json:"batch"`
}

// heldOut is the split rule: a text is held out when the FNV-1a hash of
// its id is divisible by 3 (about a third); the rest is dev. Rules were
// tuned on dev texts only.
func heldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%3 == 0
}

func readEval(tb testing.TB) []evalText {
	tb.Helper()
	return readEvalFile(tb)
}

func readEvalFile(tb testing.TB) []evalText {
	f, err := os.Open("testdata/eval/texts.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []evalText
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var t evalText
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			tb.Fatalf("texts.jsonl:%d: %v", line, err)
		}
		out = append(out, t)
	}
	return out
}

// counts are true positives, false positives and false negatives.
type counts struct{ tp, fp, fn int }

func (c *counts) add(o counts) { c.tp += o.tp; c.fp += o.fp; c.fn += o.fn }

func (c counts) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c counts) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// same reports whether two mention texts name the same thing: one holds
// the other, ignoring case and quotes.
func same(a, b string) bool {
	na, nb := fold(a), fold(b)
	if na == "" || nb == "" {
		return na == nb
	}
	return strings.Contains(na, nb) || strings.Contains(nb, na)
}

func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return strings.ContainsRune(" «»“”\"„「」()（）,.", r)
	}), " ")
}

// score compares a result with the labels: a party counts when its text
// agrees and, for a listed party, the labelled entity is among its
// matches; an unlisted party must have no match.
func score(t evalText, r *Result) (parties, goods, claims counts, notes []string) {
	text := r.Text
	if text == "" {
		text = t.Text
	}
	used := make([]bool, len(r.Parties))
	for _, want := range t.Parties {
		found := false
		for i, p := range r.Parties {
			if used[i] || !same(p.Text, want.Text) {
				continue
			}
			ok := want.Entity == "unlisted" && len(p.Matches) == 0
			for _, m := range p.Matches {
				for _, id := range strings.Split(want.Entity, "|") {
					ok = ok || m.EntityID == id
				}
			}
			if ok {
				used[i], found = true, true
				break
			}
		}
		if found {
			parties.tp++
		} else {
			parties.fn++
			notes = append(notes, fmt.Sprintf("missed party %q (%s)", want.Text, want.Entity))
		}
	}
	for i, p := range r.Parties {
		if !used[i] {
			parties.fp++
			ids := []string{}
			for _, m := range p.Matches {
				ids = append(ids, m.EntityID+" "+m.Caption)
			}
			notes = append(notes, fmt.Sprintf("extra party %q %v", p.Text, ids))
		}
	}
	gused := make([]bool, len(r.Goods))
	for _, want := range t.Goods {
		found := false
		for i, g := range r.Goods {
			if !gused[i] && same(g.Text, want) {
				gused[i], found = true, true
				break
			}
		}
		if found {
			goods.tp++
		} else {
			goods.fn++
			notes = append(notes, fmt.Sprintf("missed good %q", want))
		}
	}
	for i, g := range r.Goods {
		if !gused[i] {
			goods.fp++
			notes = append(notes, fmt.Sprintf("extra good %q", g.Text))
		}
	}
	cused := make([]bool, len(r.Claims))
	for _, want := range t.Claims {
		found := false
		for i, c := range r.Claims {
			if !cused[i] && same(c.Supplier, want.Supplier) && same(c.Recipient, want.Recipient) && same(c.Item, want.Item) {
				cused[i], found = true, true
				break
			}
		}
		if found {
			claims.tp++
		} else {
			claims.fn++
			notes = append(notes, fmt.Sprintf("missed claim %s → %s: %s", want.Supplier, want.Recipient, want.Item))
		}
	}
	for i, c := range r.Claims {
		if !cused[i] {
			claims.fp++
			notes = append(notes, fmt.Sprintf("extra claim %q → %q: %q (%s)", c.Supplier, c.Recipient, c.Item, c.Status))
		}
	}
	return parties, goods, claims, notes
}

// evalFloors are the held-out bars TestEval enforces (set below the
// figures measured when the set was written, see the README, so that a
// regression fails).
var evalFloors = struct{ partyP, partyR, goodsP, goodsR, claimP, claimR float64 }{0.7, 0.7, 0.8, 0.8, 0.6, 0.6}

func TestEval(t *testing.T) {
	s := realScreener(t)
	texts := readEval(t)
	if len(texts) < 30 {
		t.Fatalf("%d texts, want at least 30", len(texts))
	}
	type split struct{ parties, goods, claims counts }
	res := map[string]*split{}
	for _, name := range []string{"held-out", "dev", "held-out en", "held-out ru", "held-out zh", "dev en", "dev ru", "dev zh", "held-out batch 2", "dev batch 2", "held-out batch 3", "dev batch 3", "held-out batch 4", "dev batch 4"} {
		res[name] = &split{}
	}
	for _, tx := range texts {
		doc, err := Parse([]byte(tx.Text))
		if err != nil {
			t.Fatalf("%s: %v", tx.ID, err)
		}
		r := s.Screen(context.Background(), doc)
		p, g, c, notes := score(tx, r)
		sp := "dev"
		if heldOut(tx.ID) {
			sp = "held-out"
		}
		keys := []string{sp, sp + " " + tx.Lang}
		if tx.Batch > 1 {
			keys = append(keys, fmt.Sprintf("%s batch %d", sp, tx.Batch))
		}
		for _, k := range keys {
			res[k].parties.add(p)
			res[k].goods.add(g)
			res[k].claims.add(c)
		}
		if tx.Clean {
			for _, pt := range r.Parties {
				if len(pt.Matches) > 0 {
					t.Errorf("%s (clean): listed party %q raised", tx.ID, pt.Text)
				}
			}
			if len(r.Goods) > 0 || len(r.Claims) > 0 {
				t.Errorf("%s (clean): %d goods, %d claims raised", tx.ID, len(r.Goods), len(r.Claims))
			}
		}
		if testing.Verbose() {
			for _, n := range notes {
				t.Logf("%s [%s]: %s", tx.ID, sp, n)
			}
		}
	}
	for _, name := range []string{"held-out", "held-out en", "held-out ru", "held-out zh", "held-out batch 2", "held-out batch 3", "held-out batch 4", "dev", "dev en", "dev ru", "dev zh", "dev batch 2", "dev batch 3", "dev batch 4"} {
		r := res[name]
		t.Logf("%-12s parties P %.2f R %.2f (%d/%d/%d)  goods P %.2f R %.2f (%d/%d/%d)  claims P %.2f R %.2f (%d/%d/%d)", name,
			r.parties.precision(), r.parties.recall(), r.parties.tp, r.parties.fp, r.parties.fn,
			r.goods.precision(), r.goods.recall(), r.goods.tp, r.goods.fp, r.goods.fn,
			r.claims.precision(), r.claims.recall(), r.claims.tp, r.claims.fp, r.claims.fn)
	}
	h := res["held-out"]
	f := evalFloors
	if h.parties.precision() < f.partyP || h.parties.recall() < f.partyR || h.goods.precision() < f.goodsP || h.goods.recall() < f.goodsR ||
		h.claims.precision() < f.claimP || h.claims.recall() < f.claimR {
		t.Errorf("held-out below the floors %+v", f)
	}
}
