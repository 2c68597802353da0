package evidence_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/evidence"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/textscreen"
)

// zalaList is the OpenSanctions ZALA network, read in place.
var zalaList = testutil.SharedData("lists", "opensanctions", "yente_fixtures", "zala_entities.ftm.json")

// The listed companies the test article names.
const (
	aeroscan    = "NK-iE6m5ryPeTAMZozfECVSL7"
	kalashnikov = "NK-nR5AXM9AVPq4pQaSPSaVam"
)

func readZala(t *testing.T) []*entity.Entity {
	t.Helper()
	f, err := os.Open(zalaList)
	if err != nil {
		testutil.Skipf(t, "real list data not found: %v", err)
	}
	defer f.Close()
	var out []*entity.Entity
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		e, err := entity.ParseJSON(sc.Bytes())
		if err != nil {
			t.Fatalf("%s:%d: %v", zalaList, line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// build makes a Matcher over ents, leaving out the ids in drop and
// changing each entity with change when given.
func build(t *testing.T, ents []*entity.Entity, drop string, change func(*entity.Entity) *entity.Entity) *match.Matcher {
	t.Helper()
	seq := func(yield func(*entity.Entity, error) bool) {
		for _, e := range ents {
			if e.ID == drop {
				continue
			}
			if change != nil {
				e = change(e)
			}
			if !yield(e, nil) {
				return
			}
		}
	}
	m, err := match.Build(t.Context(), seq)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const article = "Investigators say Aeroscan and Kalashnikov Concern JSC supplied Lancet-3 loitering munitions to the Russian army. Aeroscan denied it."

// screenArticle is what textscreen finds in the article (written here; the
// screening itself is textscreen's): two party mentions matched with m,
// one good, one claim.
func screenArticle(t *testing.T, m *match.Matcher) *textscreen.Result {
	t.Helper()
	sum := sha256.Sum256([]byte(article))
	res := &textscreen.Result{SHA256: hex.EncodeToString(sum[:]), Format: "text", Lang: "en"}
	for _, name := range []string{"Aeroscan", "Kalashnikov Concern JSC"} {
		i := strings.Index(article, name)
		p := textscreen.Party{Text: name, Span: textscreen.Span{Start: i, End: i + len(name)}, Kind: "Company", Matches: []screen.Match{}}
		hits, err := m.Match(t.Context(), evidence.Query(casestore.StoredMention{Text: name, Kind: "Company"}), match.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range hits {
			p.Matches = append(p.Matches, screen.Match{Dataset: r.Entity.Dataset, EntityID: r.Entity.ID, Caption: r.Entity.Caption(), Score: r.Score, Match: r.Match})
		}
		res.Parties = append(res.Parties, p)
	}
	g := strings.Index(article, "Lancet-3")
	res.Goods = []textscreen.Good{{Text: "Lancet-3", Span: textscreen.Span{Start: g, End: g + len("Lancet-3")}, Concern: "uav", Model: "Lancet-3"}}
	end := strings.Index(article, ".") + 1
	res.Claims = []textscreen.Claim{{Supplier: "Kalashnikov Concern JSC", Recipient: "the Russian army", Item: "Lancet-3 loitering munitions", Status: "reported", Sentence: textscreen.Span{Start: 0, End: end}}}
	return res
}

func versions(ents []*entity.Entity, v string) map[string]string {
	out := map[string]string{}
	for _, e := range ents {
		for _, ds := range e.AllDatasets() {
			out[ds] = v
		}
	}
	return out
}

// TestRescreen stores the article screened against a list version without
// Aeroscan, then re-screens its mentions after two list updates: the
// first lists Aeroscan, the second changes Kalashnikov's entry. Each
// update records exactly the new or changed match, with the list version;
// re-screening again on the same lists records nothing.
func TestRescreen(t *testing.T) {
	ents := readZala(t)
	store, err := casestore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cases.db"), casestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	v1 := build(t, ents, aeroscan, nil)
	res := screenArticle(t, v1)
	nd := evidence.Record(res, []byte(article), evidence.Meta{Title: "Lancets", SourceURL: "https://example.org/lancet", Published: "2026-02-01"}, v1, versions(ents, "v1"))
	doc, created, err := store.AddDocument(t.Context(), "alice", nd)
	if err != nil || !created {
		t.Fatalf("AddDocument: %v, %v", created, err)
	}
	if doc.Mentions != 2 || doc.Matched != 1 || doc.Goods != 1 || doc.Claims != 1 {
		t.Fatalf("stored %+v: want 2 mentions, Kalashnikov matched", doc)
	}

	v2 := build(t, ents, "", nil)
	v3 := build(t, ents, "", func(e *entity.Entity) *entity.Entity {
		if e.ID != kalashnikov {
			return e
		}
		c := e.Clone()
		c.Add(entity.Alias, "Kalashnikov Group")
		return c
	})
	steps := []struct {
		name     string
		m        *match.Matcher
		version  string
		created  int
		entities []string // the entities of the matches recorded
	}{
		{"same lists", v1, "v1", 0, []string{kalashnikov}},
		{"Aeroscan listed", v2, "v2", 1, []string{aeroscan, kalashnikov}},
		{"Kalashnikov changed", v3, "v3", 1, []string{aeroscan, kalashnikov, kalashnikov}},
		{"again", v3, "v3", 0, []string{aeroscan, kalashnikov, kalashnikov}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			run, err := store.CreateRun(t.Context(), casestore.Run{Actor: "system:list update", Kind: "rescreen", Source: "stored mentions"})
			if err != nil {
				t.Fatal(err)
			}
			s, err := evidence.Rematch(t.Context(), store, st.m, match.DefaultOptions(), run.ID, versions(ents, st.version))
			if err != nil {
				t.Fatal(err)
			}
			if s.Mentions != 2 || s.Created != st.created || s.Created+s.Repeated != s.Hits {
				t.Fatalf("stats %+v, want 2 mentions, %d created", s, st.created)
			}
			d, err := store.Document(t.Context(), doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range d.Parties {
				for _, x := range p.Matches {
					got = append(got, x.EntityID)
					if x.RunID == run.ID && x.ListVersion != st.version {
						t.Errorf("match recorded by this run has list version %q, want %q", x.ListVersion, st.version)
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(st.entities, " ") {
				t.Fatalf("matches on %v, want %v", got, st.entities)
			}
		})
	}
	ds, _ := store.Documents(t.Context(), casestore.DocumentFilter{EntityID: aeroscan})
	if len(ds) != 1 || ds[0].ID != doc.ID {
		t.Fatalf("the article is not found by Aeroscan after re-screening: %+v", ds)
	}
}

// TestRecord checks what Record keeps: matches at the threshold only, each
// with the entity version and the list version; a match on an entity the
// index does not know is left out with a warning.
func TestRecord(t *testing.T) {
	ents := readZala(t)
	m := build(t, ents, "", nil)
	res := screenArticle(t, m)
	res.Parties[0].Matches = append(res.Parties[0].Matches,
		screen.Match{EntityID: "NK-gone", Dataset: "us_ofac_sdn", Score: 0.99, Match: true},
		screen.Match{EntityID: kalashnikov, Dataset: "us_ofac_sdn", Score: 0.4, Match: false})
	d := evidence.Record(res, []byte(article), evidence.Meta{SourceURL: "https://example.org/x", Published: "2026-01-01"}, m, map[string]string{"ext_ru_egrul": "2026-01-01"})
	if len(d.Mentions) != 2 || len(d.Goods) != 1 || len(d.Claims) != 1 || d.SHA256 != res.SHA256 {
		t.Fatalf("record %+v", d)
	}
	for _, mn := range d.Mentions {
		for _, x := range mn.Matches {
			if x.EntityID == "NK-gone" || x.Score < 0.5 || x.EntityHash != casestore.EntityHash(m.Entity(x.EntityID)) {
				t.Errorf("kept match %+v", x)
			}
			if x.ListVersion != map[string]string{"ext_ru_egrul": "2026-01-01"}[x.Dataset] {
				t.Errorf("list version %q of %s", x.ListVersion, x.Dataset)
			}
		}
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "NK-gone") {
		t.Fatalf("warnings %q", d.Warnings)
	}
	if got := article[d.Claims[0].Sentence.Start:d.Claims[0].Sentence.End]; !strings.HasSuffix(got, "army.") {
		t.Fatalf("claim sentence %q", got)
	}
}

// TestAdd checks the order of Add: the source is checked and the ledger
// asked for the same bytes before anything is screened.
func TestAdd(t *testing.T) {
	ents := readZala(t)
	m := build(t, ents, "", nil)
	store, err := casestore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cases.db"), casestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	calls := 0
	screen := func(_ context.Context, m *match.Matcher, content []byte, name string) (*textscreen.Result, error) {
		calls++
		return screenArticle(t, m), nil
	}
	d := evidence.Document{Content: []byte(article), Name: "lancet.txt", Meta: evidence.Meta{SourceURL: "https://example.org/l", Published: "2026-02-01"}}
	steps := []struct {
		name    string
		mod     func(*evidence.Document)
		created bool
		err     error
		calls   int
	}{
		{"bad source", func(d *evidence.Document) { d.SourceURL = "example.org" }, false, casestore.ErrInvalid, 0},
		{"empty", func(d *evidence.Document) { d.Content = nil }, false, casestore.ErrInvalid, 0},
		{"new", nil, true, nil, 1},
		{"same bytes", func(d *evidence.Document) { d.Title = "other" }, false, nil, 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			x := d
			if st.mod != nil {
				st.mod(&x)
			}
			doc, created, _, err := evidence.Add(t.Context(), store, screen, m, nil, "alice", x)
			if !errors.Is(err, st.err) || created != st.created || calls != st.calls {
				t.Fatalf("Add = created %v, %v after %d screenings; want %v, %v after %d", created, err, calls, st.created, st.err, st.calls)
			}
			if err == nil && doc.Title != "lancet.txt" {
				t.Fatalf("title %q, want the name", doc.Title)
			}
		})
	}
}
