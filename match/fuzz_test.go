package match

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/names"
)

// FuzzScore checks that scores stay in [0, 1], that every name matches
// itself with 1, and that scoring never panics, for any pair of names and
// schemas. Seeds: testdata/pairs.txt (tab-separated pairs).
func FuzzScore(f *testing.F) {
	fh, err := os.Open("testdata/pairs.txt")
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		a, b, _ := strings.Cut(sc.Text(), "\t")
		f.Add(a, b, true)
	}
	fh.Close()
	o := DefaultOptions()
	f.Fuzz(func(t *testing.T, a, b string, person bool) {
		schema := entity.Company
		if person {
			schema = entity.Person
		}
		q := &entity.Entity{Schema: schema, Properties: map[string][]string{entity.Name: {a}}}
		c := &entity.Entity{Schema: schema, Properties: map[string][]string{entity.Name: {b}}}
		s, _ := Score(q, c, o)
		if s < 0 || s > 1 {
			t.Fatalf("Score(%q, %q) = %v, out of [0, 1]", a, b, s)
		}
		if len(names.Analyze(a).Forms) > 0 {
			if self, ex := Score(q, q, o); self != 1 {
				t.Fatalf("Score(%q, itself) = %v, want 1 (%+v)", a, self, ex)
			}
		}
	})
}
