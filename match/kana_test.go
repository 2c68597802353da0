package match

import (
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestKanaLiquids: katakana writes l with the r column, so a name in kana
// matches the Latin spelling with l only by the kana_liquids rule, and a
// name that differs in more than the liquid does not.
func TestKanaLiquids(t *testing.T) {
	opts := DefaultOptions()
	off := opts
	off.Ablate |= KanaLiquids
	person := func(id, name string) *entity.Entity {
		e := entity.New(entity.Person, "test", id)
		e.Add("name", name)
		return e
	}
	for _, tc := range []struct {
		kana, latin   string
		match, before bool
	}{
		{"サルマーン・ビン・ファイサル", "Salman bin Faisal", true, true},
		{"トゥルキー・アル＝ファイサル", "Turki al-Faisal", true, true},
		{"サーレム・ビン・ラーディン", "Salem bin Laden", true, false},
		{"アフマド・ビン・サルマーン", "Faisal bin Salman", false, false},
		{"ムハンマド・ビン・サルマーン", "Abdullah bin Salman", false, false},
	} {
		s, _ := Score(person("q", tc.kana), person("c", tc.latin), opts)
		s0, _ := Score(person("q", tc.kana), person("c", tc.latin), off)
		if got := s >= opts.Threshold; got != tc.match {
			t.Errorf("%s ~ %s: %.3f, match %v, want %v", tc.kana, tc.latin, s, got, tc.match)
		}
		if got := s0 >= opts.Threshold; got != tc.before {
			t.Errorf("%s ~ %s without kana_liquids: %.3f, match %v, want %v", tc.kana, tc.latin, s0, got, tc.before)
		}
		// the rule is symmetric: a listed name in kana, a Latin query
		if r, _ := Score(person("q", tc.latin), person("c", tc.kana), opts); (r >= opts.Threshold) != tc.match {
			t.Errorf("%s ~ %s reversed: %.3f", tc.latin, tc.kana, r)
		}
	}
}
