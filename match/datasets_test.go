package match

import (
	"context"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestDatasetFilterAllDatasets: a dataset filter keeps an entity that is on
// the list through any of its datasets, not only its primary one.
func TestDatasetFilterAllDatasets(t *testing.T) {
	e := entity.New(entity.Person, "gb_coh_disqualified", "NK-1")
	e.SetDatasets("gb_coh_disqualified", "us_ofac_sdn")
	e.Add(entity.Name, "Mariya Aleksandrovna Osetrova")
	m, err := Build(context.Background(), seq([]*entity.Entity{e}))
	if err != nil {
		t.Fatal(err)
	}
	q := entity.New(entity.Person, "", "q")
	q.Add(entity.Name, "Mariya Osetrova")
	for _, tc := range []struct {
		name     string
		datasets []string
		want     int
	}{
		{"primary", []string{"gb_coh_disqualified"}, 1},
		{"secondary", []string{"us_ofac_sdn"}, 1},
		{"other", []string{"un_sc_sanctions"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOptions()
			o.Datasets = tc.datasets
			if got := len(mustMatch(t, m, q, o)); got != tc.want {
				t.Errorf("%d results with datasets %v, want %d", got, tc.datasets, tc.want)
			}
		})
	}
}
