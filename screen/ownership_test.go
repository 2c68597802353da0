package screen

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
)

// ownershipEntities is a small hand-written network: two SDN companies,
// a company they own 30% + 25% (blocked in the aggregate), one owned 20%
// (in part), one owned at an unstated share (possibly blocked) and one
// with no owner.
func ownershipEntities() []*entity.Entity {
	co := func(id, ds, name string) *entity.Entity {
		e := entity.New(entity.Company, ds, id)
		e.ID = id
		e.Add(entity.Name, name)
		return e
	}
	own := func(id, owner, asset, pct string) *entity.Entity {
		e := entity.New(entity.Ownership, "registry", id)
		e.ID = id
		e.Add(entity.Owner, owner)
		e.Add(entity.Asset, asset)
		if pct != "" {
			e.Add(entity.Percentage, pct)
		}
		return e
	}
	return []*entity.Entity{
		co("ofac-1", "us_ofac_sdn", "Volga Radio Plant JSC"),
		co("ofac-2", "us_ofac_sdn", "Kama Measuring Instruments JSC"),
		co("x-a", "registry", "Alpha Microwave Limited"),
		co("x-b", "registry", "Beta Precision Optics LLC"),
		co("x-c", "registry", "Gamma Confectionery GmbH"),
		co("x-d", "registry", "Delta Spare Parts LLC"),
		own("o-1", "ofac-1", "x-a", "30"),
		own("o-2", "ofac-2", "x-a", "25%"),
		own("o-3", "ofac-1", "x-b", "20"),
		own("o-4", "ofac-2", "x-d", ""),
	}
}

func seqOf(es []*entity.Entity) func(func(*entity.Entity, error) bool) {
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// TestWithOwnership screens parties through the real matcher and the real
// ownership graph and checks the ownership object of each top match.
func TestWithOwnership(t *testing.T) {
	ctx := context.Background()
	es := ownershipEntities()
	m, err := match.Build(ctx, seqOf(es))
	if err != nil {
		t.Fatal(err)
	}
	g, err := ownership.Build(ctx, seqOf(es), ownership.OFACOptions())
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Join([]string{
		`{"id":"a","name":"Alpha Microwave Limited"}`,
		`{"id":"b","name":"Beta Precision Optics LLC"}`,
		`{"id":"c","name":"Gamma Confectionery GmbH"}`,
		`{"id":"d","name":"Delta Spare Parts LLC"}`,
		`{"id":"sdn","name":"Volga Radio Plant JSC"}`,
	}, "\n")
	var out bytes.Buffer
	w := WithOwnership(NewJSONLWriter(&out), g)
	if _, err := Parties(ctx, strings.NewReader(in), Options{Workers: 2}, m, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := map[string]Match{}
	for line := range strings.SplitSeq(strings.TrimSpace(out.String()), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Matches) == 0 {
			t.Fatalf("record %s: no match", r.ID)
		}
		got[r.ID] = r.Matches[0]
	}
	tests := []struct {
		id          string
		entity      string
		nilOwn      bool
		blocked     bool
		possible    bool
		share       float64
		pathsHave   []string
		pathsLength int
	}{
		{id: "a", entity: "x-a", blocked: true, possible: true, share: 55, pathsLength: 2,
			pathsHave: []string{"Volga Radio Plant JSC (ofac-1, us_ofac_sdn) --30%--> Alpha Microwave Limited", "Kama Measuring Instruments JSC (ofac-2, us_ofac_sdn) --25%--> Alpha Microwave Limited"}},
		{id: "b", entity: "x-b", share: 20, pathsLength: 1, pathsHave: []string{"--20%--> Beta Precision Optics LLC"}},
		{id: "c", entity: "x-c", nilOwn: true},
		{id: "d", entity: "x-d", possible: true, pathsLength: 1, pathsHave: []string{"Kama Measuring Instruments JSC (ofac-2) --unknown"}},
		{id: "sdn", entity: "ofac-1", nilOwn: true},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			mt := got[tc.id]
			if mt.EntityID != tc.entity {
				t.Fatalf("top match %s, want %s", mt.EntityID, tc.entity)
			}
			o := mt.Ownership
			if tc.nilOwn {
				if o != nil {
					t.Errorf("ownership %+v, want none", o)
				}
				return
			}
			if o == nil {
				t.Fatal("no ownership object")
			}
			if o.Blocked != tc.blocked || o.Possible != tc.possible || o.Share != tc.share || len(o.Paths) != tc.pathsLength {
				t.Errorf("ownership %+v", o)
			}
			for _, p := range tc.pathsHave {
				if !slices.ContainsFunc(o.Paths, func(s string) bool { return strings.Contains(s, p) }) {
					t.Errorf("paths %q lack %q", o.Paths, p)
				}
			}
		})
	}
	// The CSV output carries the object inside its matches column.
	var csvOut bytes.Buffer
	cw := WithOwnership(NewCSVWriter(&csvOut), g)
	if _, err := Parties(ctx, strings.NewReader(in), Options{Workers: 1}, m, cw); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	if !strings.Contains(csvOut.String(), `""ownership"":{""blocked"":true,""possible"":true,""share"":55`) {
		t.Errorf("CSV output lacks the ownership object:\n%s", csvOut.String())
	}
}
