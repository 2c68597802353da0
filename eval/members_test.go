package eval

import (
	"context"
	"slices"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// TestEngineMembers checks that a hit stands for the whole party: the
// SDN entry and its CSL copy (one ent_num) come back as one hit that is
// right for either record and carries both records' names.
func TestEngineMembers(t *testing.T) {
	sdn := entity.New(entity.Organisation, "us_ofac_sdn", "18782")
	sdn.Add(entity.Name, "ROSOBORONEXPORT")
	copyOf := &entity.Entity{ID: "us-csl-SDN-18782", Schema: entity.Organisation, Dataset: "us_trade_csl", SourceID: "18782",
		Sublist: "Specially Designated Nationals (SDN) - Treasury Department", Properties: map[string][]string{}}
	copyOf.Add(entity.Name, "ROSOBORONEKSPORT OAO")
	m, err := match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
		for _, e := range []*entity.Entity{copyOf, sdn} {
			if !yield(e, nil) {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := Engine{Matcher: m, Options: match.DefaultOptions()}.Search(context.Background(),
		&entity.Entity{Schema: entity.Organisation, Properties: map[string][]string{entity.Name: {"Rosoboroneksport"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 {
		t.Fatalf("%d hits, want one for the party: %+v", len(hits), hits)
	}
	h := hits[0]
	for _, id := range []string{"ofac-18782", "us-csl-SDN-18782"} {
		if !h.Is(id) {
			t.Errorf("hit %s (members %v) is not right for %s", h.ID, h.Members, id)
		}
	}
	if h.Is("ofac-1") {
		t.Errorf("hit is right for a record of another party")
	}
	if !slices.Contains(h.Names, "ROSOBORONEKSPORT OAO") || !slices.Contains(h.Names, "ROSOBORONEXPORT") {
		t.Errorf("names %v: want both records' names", h.Names)
	}
}
