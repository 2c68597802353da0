package lists

import (
	"context"
	"iter"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/redline-sanctions/redline/entity"
)

func entities(es ...*entity.Entity) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// TestCompareDatasets checks that a party joining a list (an OpenSanctions
// entity gaining a dataset) is a change, and that a new order of the same
// datasets is not.
func TestCompareDatasets(t *testing.T) {
	party := func(ds ...string) *entity.Entity {
		e := &entity.Entity{ID: "NK-1", Schema: entity.Company, SourceID: "NK-1",
			Properties: map[string][]string{entity.Name: {"Aeroscan"}}}
		e.SetDatasets(ds...)
		return e
	}
	tests := []struct {
		name     string
		old, new *entity.Entity
		changes  []Change
	}{
		{"same", party("ext_ru_egrul", "eu_fsf"), party("ext_ru_egrul", "eu_fsf"), nil},
		{"reordered", party("ext_ru_egrul", "eu_fsf", "us_ofac_sdn"), party("ext_ru_egrul", "us_ofac_sdn", "eu_fsf"), nil},
		{
			"added to the SDN list", party("ext_ru_egrul", "eu_fsf"), party("ext_ru_egrul", "eu_fsf", "us_ofac_sdn"),
			[]Change{{ID: "NK-1", Schema: entity.Company, Caption: "Aeroscan", Props: []string{"datasets"},
				Old: map[string][]string{"datasets": {"ext_ru_egrul", "eu_fsf"}},
				New: map[string][]string{"datasets": {"ext_ru_egrul", "eu_fsf", "us_ofac_sdn"}}}},
		},
		{
			"one dataset left", party("ext_ru_egrul", "eu_fsf"), party("ext_ru_egrul"),
			[]Change{{ID: "NK-1", Schema: entity.Company, Caption: "Aeroscan", Props: []string{"datasets"},
				Old: map[string][]string{"datasets": {"ext_ru_egrul", "eu_fsf"}},
				New: map[string][]string{"datasets": {"ext_ru_egrul"}}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Compare(context.Background(), entities(tc.old), entities(tc.new))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.changes, d.Changed); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			want := DiffSummary{Changed: len(tc.changes), Unchanged: 1 - len(tc.changes)}
			if d.Summary != want {
				t.Errorf("summary %+v, want %+v", d.Summary, want)
			}
		})
	}
}
