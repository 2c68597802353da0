package eval

import (
	"context"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

func TestLoadEngines(t *testing.T) {
	var ents []*entity.Entity
	for _, p := range []struct{ dataset, id, name string }{
		{UNDataset, "un-1", "Viktor Bout"}, {UNDataset, "un-2", "Ivan Petrov"},
		{"us_ofac_sdn", "sdn-1", "Bank Rossiya"}, {"us_ofac_sdn", "sdn-2", "Viktor Medvedchuk"},
	} {
		e := entity.New(entity.Person, p.dataset, p.id)
		e.Add(entity.Name, p.name)
		ents = append(ents, e)
	}
	entities := func(_ context.Context, datasets ...string) iter.Seq2[*entity.Entity, error] {
		return func(yield func(*entity.Entity, error) bool) {
			for _, e := range ents {
				if (len(datasets) == 0 || slices.Contains(datasets, e.Dataset)) && !yield(e, nil) {
					return
				}
			}
		}
	}
	tests := []struct {
		name     string
		datasets []string
		wantUN   int
		wantNote string
	}{
		{name: "with the UN list", datasets: []string{UNDataset, "us_ofac_sdn"}, wantUN: 2, wantNote: "4 entities read"},
		{name: "without", datasets: []string{"us_ofac_sdn"}, wantUN: 0, wantNote: "UN list not imported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cfg Config
			notes, err := LoadEngines(context.Background(), &cfg, entities, tc.datasets, match.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(notes, "\n"), tc.wantNote) {
				t.Errorf("notes %q, want %q", notes, tc.wantNote)
			}
			if cfg.All == nil || cfg.Build <= 0 || cfg.ScreenQPS == nil {
				t.Fatalf("engine not set or build not measured: %+v", cfg)
			}
			if len(cfg.UNEntities) != tc.wantUN || (tc.wantUN > 0) != (cfg.UN != nil) {
				t.Errorf("%d UN entities (engine %v), want %d", len(cfg.UNEntities), cfg.UN != nil, tc.wantUN)
			}
			hits, err := cfg.All.Search(context.Background(), ents[2])
			if err != nil || len(hits) == 0 || hits[0].Score < 0.99 {
				t.Errorf("searching a listed name: %+v, %v", hits, err)
			}
			qps, err := cfg.ScreenQPS(context.Background(), ents)
			if err != nil || qps <= 0 {
				t.Errorf("ScreenQPS = %v, %v", qps, err)
			}
		})
	}
}
