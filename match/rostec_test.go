package match

import (
	"context"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestRussianTech: Russian writes the English "tech" of company names as
// -тех (Ростех, Rostec), and a state corporation (госкорпорация) is a
// legal form; neither must keep the Cyrillic name from its Latin one.
func TestRussianTech(t *testing.T) {
	o := DefaultOptions()
	tests := []struct {
		name  string
		q, c  *entity.Entity
		match bool
	}{
		{"-тех is -tec", company("Ростех"), company("ROSTEC"), true},
		{"-тех is -tech", company("ООО Спецтех"), company("Spetstech LLC"), true},
		{"-тех is -tek", company("Инфотех"), company("Infotek"), true},
		{"state corporation in Russian", company("Госкорпорация Ростех"), company("STATE CORPORATION ROSTEC"), true},
		{"state corporation spelled out", company("Государственная корпорация «Роскосмос»"), company("Roscosmos State Corporation"), true},
		{"state corporation word order", company("State Corporation Rostec"), company("ROSTEC STATE CORPORATION"), true},
		{"state corporation on one side", company("Госкорпорация Ростех"), company("ROSTEC"), true},
		{"another name", company("Госкорпорация Ростех"), company("Rostov Corporation"), false},
		{"tech is not the whole name", company("Ростех"), company("Rosneft"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, ex := Score(tc.q, tc.c, o)
			if tc.match != (s >= o.Threshold) {
				t.Errorf("score %.3f, want match=%v; explanation %+v", s, tc.match, ex)
			}
		})
	}
}

// TestSkeletonVariantRetrieved: a listed spelling that equals the query
// by skeletons only (Rostec for Rostekh) is scored even when another
// listed name holds the query token as written and outranks it in
// retrieval.
func TestSkeletonVariantRetrieved(t *testing.T) {
	var es []*entity.Entity
	for i, n := range []string{"Infotekh Service", "Infotekh Trade", "Infotekh Systems", "Alpha Trading", "Beta Holding"} {
		e := entity.New(entity.Company, "test", string(rune('a'+i)))
		e.Add(entity.Name, n)
		es = append(es, e)
	}
	target := entity.New(entity.Company, "test", "target")
	target.Add(entity.Name, "INFOTEC")
	es = append(es, target)
	m, err := Build(context.Background(), seq(es))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Инфотех", "Infotekh", "Infotech"} {
		res := mustSearch(t, m, q, DefaultOptions())
		if len(res) == 0 || res[0].Entity != target || !res[0].Match {
			t.Errorf("%q: got %v, want INFOTEC first and matching", q, captions(res))
		}
	}
}

// TestRostecRealLists: Rostec, as the OFAC consolidated list and the CSL
// name it, is found by its Russian names.
func TestRostecRealLists(t *testing.T) {
	m := buildMatcher(t, "all", allLists)
	o := DefaultOptions()
	for _, q := range []string{"Ростех", "Госкорпорация Ростех", "Государственная корпорация «Ростех»", "Rostekh", "State Corporation Rostec"} {
		t.Run(q, func(t *testing.T) {
			res := mustMatch(t, m, &entity.Entity{Schema: entity.Company, Properties: map[string][]string{entity.Name: {q}}}, o)
			if len(res) == 0 || !res[0].Match || !strings.Contains(strings.ToUpper(strings.Join(res[0].Entity.Names(), "|")), "ROSTEC") {
				t.Fatalf("%q: got %v, want ROSTEC first and matching", q, captions(res))
			}
			t.Logf("%q → %q %.3f", q, res[0].Entity.Caption(), res[0].Score)
		})
	}
}
