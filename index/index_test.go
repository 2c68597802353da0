package index

import (
	"fmt"
	"testing"

	"github.com/redline-sanctions/redline/names"
)

func build(ns ...string) *Index {
	b := NewBuilder()
	for i, n := range ns {
		for _, f := range names.Analyze(n).Forms {
			b.Add(uint32(i), 0, f)
		}
	}
	return b.Build()
}

// TestWorkedExample is the example of the package documentation.
func TestWorkedExample(t *testing.T) {
	ix := build("Viktor Medvedchuk", "Viktor Bout")
	post := func(key string) []uint32 {
		k, ok := ix.keys[key]
		if !ok {
			return nil
		}
		return ix.postings[ix.keyStart[k]:ix.keyStart[k+1]]
	}
	tests := []struct {
		key  string
		want string
	}{
		{"tviktor", "[0 1]"}, {"tbout", "[1]"}, {"tmedvedchuk", "[0]"}, {"pvctr", "[0 1]"}, {"gmed", "[0]"}, {"g$me", "[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if got := fmt.Sprint(post(tc.key)); got != tc.want {
				t.Errorf("postings(%q) = %s, want %s", tc.key, got, tc.want)
			}
		})
	}
	s := ix.NewScratch()
	c := ix.Search(names.Analyze("Victor Medvedtchuk").Forms, 100, 10, s)
	if len(c) == 0 || c[0].Entity != 0 {
		t.Fatalf("Victor Medvedtchuk: got %+v, want form 0 first", c)
	}
}

// TestCommonTokenDoesNotPrune: with a budget far below the postings of a
// common token, the rare keys of the true candidate are read first.
func TestCommonTokenDoesNotPrune(t *testing.T) {
	var ns []string
	for i := range 500 {
		ns = append(ns, fmt.Sprintf("Victor Person%c%c", 'a'+i%26, 'a'+i/26))
	}
	ns = append(ns, "Viktor Volodymyrovych MEDVEDCHUK")
	ix := build(ns...)
	s := ix.NewScratch()
	c := ix.Search(names.Analyze("Victor Medvedtchuk").Forms, 50, 5, s)
	if len(c) == 0 || c[0].Entity != uint32(len(ns)-1) {
		t.Fatalf("got %+v, want entity %d first", c, len(ns)-1)
	}
	if s.Read > 50+500 {
		t.Errorf("read %d postings with a budget of 50", s.Read)
	}
}

func TestEmpty(t *testing.T) {
	ix := NewBuilder().Build()
	if c := ix.Search(names.Analyze("anything").Forms, 100, 10, ix.NewScratch()); len(c) != 0 {
		t.Fatalf("empty index returned %v", c)
	}
}

func BenchmarkSearch(b *testing.B) {
	var ns []string
	for i := range 20000 {
		ns = append(ns, fmt.Sprintf("Name%d Surname%d Other%d", i%500, i%3000, i))
	}
	ix := build(ns...)
	q := names.Analyze("Name42 Surnam17 Other99").Forms
	s := ix.NewScratch()
	b.ReportAllocs()
	for b.Loop() {
		ix.Search(q, 5000, 24, s)
	}
}

// TestScratchReuse checks that a Scratch reused across queries and across
// indexes (its memo of query tokens) returns what a fresh one returns.
func TestScratchReuse(t *testing.T) {
	a := build("Viktor Medvedchuk", "Viktor Bout", "Bank Rossiya", "Rosneft Oil Company", "Ivan Petrov", "Petr Ivanov")
	b := build("Ivan Ivanov", "Viktor Petrov", "Rossiya Bank Holding", "Bout Viktor Anatolyevich")
	queries := []string{"Victor Medvedtchuk", "Viktor Bout", "Ivan Petrov", "Bank Rossiya", "Viktor Ivanov", "Виктор Бут", "Rosneft", "Victor Medvedtchuk"}
	shared := a.NewScratch()
	for round := range 3 {
		for _, q := range queries {
			for _, ix := range []*Index{a, b} {
				t.Run(fmt.Sprintf("%d/%s", round, q), func(t *testing.T) {
					forms := names.Analyze(q).Forms
					want := fmt.Sprint(ix.Search(forms, 100, 10, ix.NewScratch()))
					if got := fmt.Sprint(ix.Search(forms, 100, 10, shared)); got != want {
						t.Errorf("reused scratch: %s, fresh: %s", got, want)
					}
				})
			}
		}
	}
}

// TestDeletionIndex: a query token with one letter wrong anywhere, the
// first included, finds the form holding the right token among forms that
// share the query's other tokens.
func TestDeletionIndex(t *testing.T) {
	// Decoys share the start of each typo'd token (its first trigrams)
	// but are two edits or more from it.
	var ns []string
	for i := range 300 {
		p := []string{"vho", "sie", "ape", "gan", "sie"}[i%5]
		ns = append(ns, fmt.Sprintf("%s%c%cxq Pu Il Se-Bong Service Express", p, 'a'+i%26, 'a'+i/26%26))
	}
	ns = append(ns, "CHOE, Pu Il", "SIERRA", "PAEK, Se-Bong", "GRAND SERVICE EXPRESS")
	ix := build(ns...)
	tests := []struct {
		query string
		want  uint32
	}{
		{"VHOE, Pu Il", 300},          // substitution of the first letter
		{"SIERSA", 301},               // substitution
		{"APEK, Se-Bong", 302},        // transposition of the first two
		{"GAND SERVICE EXPRESS", 303}, // deletion
		{"SIERRRA", 301},              // insertion
	}
	s := ix.NewScratch()
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			c := ix.Search(names.Analyze(tc.query).Forms, 2500, 3, s)
			if len(c) == 0 || c[0].Entity != tc.want {
				t.Errorf("got %+v, want entity %d first", c, tc.want)
			}
		})
	}
	if k, p := ix.DeletionKeys(); k == 0 || p < k {
		t.Errorf("deletion index: %d keys, %d postings", k, p)
	}
}
