package match

import (
	"context"
	"math"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestWeakAlias: a name score won through a weak alias counts
// Weights.WeakAlias of itself, and the explanation says so.
func TestWeakAlias(t *testing.T) {
	listed := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{
		entity.Name: {"AL-QAHTANI, Ahmad Yahya"}, entity.WeakAlias: {"Abu Yahya"}}}
	tests := []struct {
		name, query string
		weak        bool
	}{
		{"the weak alias as written", "Abu Yahya", true},
		{"an unrelated full name sharing the weak alias", "AL-HJA, Abu Yahya", true},
		{"the name", "Ahmad Yahya AL-QAHTANI", false},
	}
	o := DefaultOptions()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.query}}}
			s, ex := Score(q, listed, o)
			var fired *Feature
			for i, f := range ex.Features {
				if f.Name == "weak_alias" {
					fired = &ex.Features[i]
				}
			}
			if (fired != nil) != tc.weak {
				t.Fatalf("score %.3f, features %+v: weak_alias fired %v, want %v", s, ex.Features, fired != nil, tc.weak)
			}
			if tc.weak {
				if s >= o.Threshold {
					t.Errorf("score %.3f through a weak alias, want below the threshold %.2f", s, o.Threshold)
				}
				if raw := ex.Features[0].Contribution; math.Abs(s-raw*o.Weights.WeakAlias) > 1e-9 {
					t.Errorf("score %.3f, want %.2f × the name score %.3f", s, o.Weights.WeakAlias, raw)
				}
			} else if s < o.Threshold {
				t.Errorf("score %.3f on the name, want a match", s)
			}
		})
	}
	// Weights.WeakAlias 0 counts weak aliases in full.
	o.Weights.WeakAlias = 0
	q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {"Abu Yahya"}}}
	if s, _ := Score(q, listed, o); s != 1 {
		t.Errorf("WeakAlias 0: score %.3f, want 1", s)
	}
}

// TestInheritWeak: the CSL's copy of an SDN entry lists the entry's weak
// a.k.a. as an ordinary alias; the Matcher reads it as weak.
func TestInheritWeak(t *testing.T) {
	sdn := &entity.Entity{ID: "ofac-15952", Schema: entity.Organisation, Dataset: sdnDataset, SourceID: "15952",
		Properties: map[string][]string{entity.Name: {"MOBIN PETROCHEMICAL COMPANY"}, entity.WeakAlias: {"MPC"}}}
	csl := &entity.Entity{ID: "csl-SDN-15952", Schema: entity.Organisation, Dataset: cslDataset, SourceID: "15952",
		Sublist:    "Specially Designated Nationals (SDN) - Treasury Department",
		Properties: map[string][]string{entity.Name: {"MOBIN PETROCHEMICAL COMPANY"}, entity.Alias: {"MOBIN PETROCHEMICAL", "MPC"}}}
	other := &entity.Entity{ID: "csl-EL-1", Schema: entity.Organisation, Dataset: cslDataset, SourceID: "1",
		Sublist:    "Entity List (EL) - Bureau of Industry and Security",
		Properties: map[string][]string{entity.Name: {"MPC"}}}
	m, err := Build(context.Background(), seq([]*entity.Entity{csl, sdn, other}))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := m.Search(context.Background(), "MPC", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// The SDN entry and its CSL copy are one party (ent_num 15952): one
	// result, both records, no match through the weak alias.
	got := map[string]bool{}
	for _, r := range rs {
		got[r.Entity.ID] = r.Match
		for _, rec := range r.Records {
			got[rec.ID] = r.Match
		}
	}
	want := map[string]bool{"ofac-15952": false, "csl-SDN-15952": false, "csl-EL-1": true}
	for id, match := range want {
		if m, ok := got[id]; !ok || m != match {
			t.Errorf("%s: match %v (found %v), want %v", id, m, ok, match)
		}
	}
}
