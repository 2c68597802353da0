package evidence

import (
	"errors"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

func buildOne(t *testing.T, names ...string) *match.Matcher {
	t.Helper()
	seq := func(yield func(*entity.Entity, error) bool) {
		for i, n := range names {
			e := entity.New(entity.Company, "test_list", string(rune('a'+i)))
			e.Add(entity.Name, n)
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

// TestScreener screens with the real textscreen package: one
// textscreen.Screener per index, a new one when the index changes, and
// textscreen's reading errors passed on wrapped.
func TestScreener(t *testing.T) {
	m1 := buildOne(t, "Aeroscan")
	m2 := buildOne(t, "Aeroscan", "Kalashnikov Concern")
	sc := NewScreener(textscreen.Options{})
	text := []byte("Investigators say Aeroscan LLC supplied Lancet-3 loitering munitions to the Russian army.")
	res, err := sc.Screen(t.Context(), m1, text, "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	first := sc.s
	if len(res.Parties) != 1 || len(res.Parties[0].Matches) == 0 || res.Parties[0].Matches[0].Caption != "Aeroscan" {
		t.Fatalf("parties %+v", res.Parties)
	}
	if _, err := sc.Screen(t.Context(), m1, text, "a.txt"); err != nil || sc.s != first {
		t.Fatalf("the same index built a new textscreen.Screener (%v)", err)
	}
	if _, err := sc.Screen(t.Context(), m2, text, "a.txt"); err != nil || sc.s == first || sc.m != m2 {
		t.Fatalf("a new index kept the old textscreen.Screener (%v)", err)
	}
	for _, tc := range []struct {
		in   []byte
		want error
	}{{nil, textscreen.ErrEmpty}, {[]byte{0, 1, 2}, textscreen.ErrBinary}} {
		if _, err := sc.Screen(t.Context(), m1, tc.in, "b.bin"); !errors.Is(err, tc.want) {
			t.Errorf("Screen(%q) = %v, want %v", tc.in, err, tc.want)
		}
	}
}
