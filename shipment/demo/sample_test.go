package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/source/ftm"
	"github.com/redline-sanctions/redline/source/ofac"
)

// TestSampleOwnership reads the embedded synthetic ownership data with the
// sample list through the real readers and checks that every record is
// marked synthetic, names real sample entries as owners, and that the rule
// finds what sample/README.md says: six companies blocked (directly, in
// the aggregate 30% + 25%, indirectly through a 60%-owned parent, at
// exactly 50%), one possibly blocked, one owned in part.
func TestSampleOwnership(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sdn, err := WriteSample(dir)
	if err != nil {
		t.Fatal(err)
	}
	own, err := WriteOwnership(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []*entity.Entity
	ids := map[string]bool{}
	if _, err := (ofac.CSVReader{}).Read(ctx, sdn, func(e *entity.Entity) error {
		all = append(all, e)
		ids[e.ID] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rep, err := ftm.Reader{}.Read(ctx, own, func(e *entity.Entity) error {
		all = append(all, e)
		if e.Dataset != OwnershipDataset {
			t.Errorf("%s: dataset %q, want %q", e.ID, e.Dataset, OwnershipDataset)
		}
		if !strings.HasPrefix(e.First(entity.Notes), "SYNTHETIC DEMO DATA") {
			t.Errorf("%s is not marked as synthetic: %v", e.ID, e.Get(entity.Notes))
		}
		if o := e.First(entity.Owner); strings.HasPrefix(o, "ofac-") && !ids[o] {
			t.Errorf("%s: owner %s is not an entry of the sample list", e.ID, o)
		}
		return nil
	})
	if err != nil || rep.Skipped > 0 {
		t.Fatalf("reading %s: %v, report %+v", own, err, rep)
	}
	g, err := ownership.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
		for _, e := range all {
			if !yield(e, nil) {
				return
			}
		}
	}, ownership.OFACOptions())
	if err != nil {
		t.Fatal(err)
	}
	if n := g.Stats().Problems; n > 0 {
		t.Errorf("%d problems: %v", n, g.Problems())
	}
	var blocked, possible []string
	for _, r := range g.AllBlocked() {
		blocked = append(blocked, r.ID)
	}
	for _, r := range g.AllPossible() {
		possible = append(possible, r.ID)
	}
	slices.Sort(blocked)
	want := []string{"demo-own-altyn-microwave", "demo-own-anatolia-radyo", "demo-own-ararat-signal", "demo-own-kowloon-taiyang", "demo-own-lion-city", "demo-own-steppe-radio"}
	if !slices.Equal(blocked, want) {
		t.Errorf("blocked %v, want %v", blocked, want)
	}
	if !slices.Equal(possible, []string{"demo-own-samarkand-radio"}) {
		t.Errorf("possible %v", possible)
	}
	if r := g.Blocked("demo-own-yerevan-optics"); r.Blocked || r.Possible || r.Share != 30 {
		t.Errorf("Yerevan Precision Optics: %+v", r)
	}
	if r := g.Blocked("demo-own-ararat-signal"); r.Share != 55 || len(r.Paths) != 2 {
		t.Errorf("Ararat Signal Systems: share %v, %d paths", r.Share, len(r.Paths))
	}
	owned, err := OwnedFrom(ctx, func(yield func(*entity.Entity, error) bool) {
		for _, e := range all {
			if !yield(e, nil) {
				return
			}
		}
	}, g, 100)
	if err != nil || len(owned) != 6 {
		t.Errorf("OwnedFrom: %d parties, %v", len(owned), err)
	}
}
