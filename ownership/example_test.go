package ownership_test

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/ownership"
)

func ent(id, schema, dataset string, props ...string) *entity.Entity {
	e := &entity.Entity{ID: id, Schema: schema, Dataset: dataset, Properties: map[string][]string{}}
	for i := 0; i+1 < len(props); i += 2 {
		e.Add(props[i], props[i+1])
	}
	return e
}

// Two SDNs hold 30% and 20% of Alpha: 50% in the aggregate, so Alpha is
// blocked, and its 60% of Beta blocks Beta (shares are not multiplied down
// the chain). Gamma is only directed by an SDN: control, not ownership.
func Example() {
	es := []*entity.Entity{
		ent("sdn-1", entity.Person, "us_ofac_sdn", entity.Name, "Ivan Petrov", entity.Program, "RUSSIA-EO14024"),
		ent("sdn-2", entity.Company, "us_ofac_sdn", entity.Name, "Volga Holding", entity.Program, "RUSSIA-EO14024"),
		ent("alpha", entity.Company, "ext_ru_egrul", entity.Name, "Alpha LLC"),
		ent("beta", entity.Company, "ext_ru_egrul", entity.Name, "Beta LLC"),
		ent("gamma", entity.Company, "ext_ru_egrul", entity.Name, "Gamma LLC"),
		ent("o1", entity.Ownership, "ext_ru_egrul", entity.Owner, "sdn-1", entity.Asset, "alpha", entity.Percentage, "30"),
		ent("o2", entity.Ownership, "ext_ru_egrul", entity.Owner, "sdn-2", entity.Asset, "alpha", entity.Percentage, "20%"),
		ent("o3", entity.Ownership, "ext_ru_egrul", entity.Owner, "alpha", entity.Asset, "beta", entity.Percentage, "60.00"),
		ent("d1", entity.Directorship, "ext_ru_egrul", entity.Director, "sdn-1", entity.Organization, "gamma"),
	}
	var seq iter.Seq2[*entity.Entity, error] = func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
	g, err := ownership.Build(context.Background(), seq, ownership.Options{AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	for _, id := range []string{"alpha", "beta", "gamma"} {
		r := g.Blocked(id)
		fmt.Printf("%s: blocked=%v share=%v%% control=%d\n", r.Name, r.Blocked, r.Share, len(r.Control))
		for _, p := range r.Paths {
			for _, st := range p.Steps {
				fmt.Print("  ", st.Name)
				if st.Share != nil {
					fmt.Print(" -", st.Share, "->")
				}
			}
			fmt.Println()
		}
	}
	// Output:
	// Alpha LLC: blocked=true share=50% control=0
	//   Ivan Petrov -30%->  Alpha LLC
	//   Volga Holding -20%->  Alpha LLC
	// Beta LLC: blocked=true share=60% control=0
	//   Ivan Petrov -30%->  Alpha LLC -60%->  Beta LLC
	//   Volga Holding -20%->  Alpha LLC -60%->  Beta LLC
	// Gamma LLC: blocked=false share=0% control=1
}
