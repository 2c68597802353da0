package shipment_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
)

// TestOwnedByListed checks the owned_by_listed rule on the demo's synthetic
// ownership data (invented companies owned by entries of the sample SDN
// list), with the real matcher and the real ownership graph.
func TestOwnedByListed(t *testing.T) {
	f := sampleFixture(t)
	e := f.engine(t, shipment.Options{})
	if in := e.Inactive(); len(in) != 0 {
		t.Errorf("inactive rules with ownership data: %v", in)
	}
	de := party{Role: "shipper", Name: "Bergmann Components GmbH", Country: "DE"}
	tests := []struct {
		name      string
		p         party
		standing  string // Flag.Ownership of owned_by_listed; "" when it must not fire
		share     float64
		paths     []string // substrings, each of some path
		wantLevel []string
		listed    bool // listed_party fires
	}{
		{name: "directly 51%", p: party{Role: "consignee", Name: "Kowloon Taiyang Microwave Ltd", Country: "HK"}, standing: "blocked", share: 51,
			paths: []string{"EMC SUD LIMITED (ofac-37839, us_ofac_sdn [RUSSIA-EO14024]) --51%--> Kowloon Taiyang Microwave Limited"}, wantLevel: []string{"high"}},
		{name: "in the aggregate 30% + 25%", p: party{Role: "consignee", Name: "ARARAT SIGNAL SYSTEMS LLC", Country: "AM"}, standing: "blocked", share: 55,
			paths: []string{"TACO LLC (ofac-38660, us_ofac_sdn [RUSSIA-EO14024]) --30%--> Ararat Signal Systems LLC", "MILUR ELECTRONICS LLC (ofac-38796, us_ofac_sdn [RUSSIA-EO14024]) --25%--> Ararat Signal Systems LLC"}, wantLevel: []string{"high"}},
		{name: "indirectly through a 60%-owned parent, as end user", p: party{Role: "end_user", Name: "Altyn Microwave Components LLP", Country: "KZ"}, standing: "blocked", share: 70,
			paths: []string{"JOINT STOCK COMPANY CONCERN GRANIT-ELECTRON (ofac-35864, us_ofac_sdn [RUSSIA-EO14024]) --60%--> Steppe Radio Holding LLP --70%--> Altyn Microwave Components LLP"}, wantLevel: []string{"high"}},
		{name: "exactly 50% blocks", p: party{Role: "consignee", Name: "Lion City Radiometrics Pte Ltd", Country: "SG"}, standing: "blocked", share: 50,
			paths: []string{"--50%--> Lion City Radiometrics"}, wantLevel: []string{"high"}},
		{name: "share not stated: possibly blocked", p: party{Role: "consignee", Name: "Samarkand Radio Parts LLC", Country: "UZ"}, standing: "possible", share: 0,
			paths: []string{"PRIVATE COMPANY PROMCOMPLEKTLOGISTIC (ofac-37847) --unknown--> Samarkand Radio Parts LLC"}, wantLevel: []string{"medium"}},
		{name: "owned 30%: in part, low", p: party{Role: "consignee", Name: "Yerevan Precision Optics LLC", Country: "AM"}, standing: "partial", share: 30,
			paths: []string{"TACO LLC (ofac-38660, us_ofac_sdn [RUSSIA-EO14024]) --30%--> Yerevan Precision Optics LLC"}, wantLevel: []string{"low"}},
		{name: "listed itself: listed_party, not owned_by_listed", p: party{Role: "consignee", Name: "TACO LLC", Country: "AM"}, listed: true, wantLevel: []string{"high"}},
		{name: "an ordinary company", p: party{Role: "consignee", Name: "Almaty Furniture LLP", Country: "KZ"}, wantLevel: []string{"none", "low"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := shipment.Shipment{HSCode: "6109.10", Description: "cotton T-shirts", Parties: []party{de, tt.p}, Destination: tt.p.Country}
			a := mustAssess(t, e, context.Background(), &s)
			var own *shipment.Flag
			listed := false
			for i, fl := range a.Flags {
				switch fl.Rule {
				case "owned_by_listed":
					own = &a.Flags[i]
				case "listed_party":
					listed = true
				}
			}
			if listed != tt.listed {
				t.Errorf("listed_party fired: %v, want %v; flags %+v", listed, tt.listed, a.Flags)
			}
			if !slices.Contains(tt.wantLevel, a.Level) {
				t.Errorf("level %s (risk %d), want %v; flags %+v", a.Level, a.Risk, tt.wantLevel, a.Flags)
			}
			if tt.standing == "" {
				if own != nil {
					t.Errorf("owned_by_listed fired: %+v", own)
				}
				return
			}
			if own == nil {
				t.Fatalf("owned_by_listed did not fire; flags %+v", a.Flags)
			}
			if own.Ownership != tt.standing || own.OwnershipShare != tt.share || own.Source != "OFAC 50 Percent Rule" || own.Role != string(tt.p.Role) {
				t.Errorf("flag %+v", own)
			}
			for _, p := range tt.paths {
				if !slices.ContainsFunc(own.OwnershipPaths, func(s string) bool { return strings.Contains(s, p) }) || !strings.Contains(own.Evidence, p) {
					t.Errorf("paths %q / evidence %q lack %q", own.OwnershipPaths, own.Evidence, p)
				}
			}
		})
	}
}

// TestOwnedByListedNoData: without ownership links the rule does not fire
// and the engine says why.
func TestOwnedByListedNoData(t *testing.T) {
	f := sampleFixture(t)
	ctx := context.Background()
	sdnOnly, err := ownership.Build(ctx, f.store.Entities(ctx, "us_ofac_sdn"), ownership.OFACOptions())
	if err != nil {
		t.Fatal(err)
	}
	s := shipment.Shipment{Parties: []party{{Role: "consignee", Name: "Ararat Signal Systems LLC", Country: "AM"}}, Destination: "AM"}
	for name, o := range map[string]shipment.Ownership{"graph without links": sdnOnly, "no graph": nil} {
		t.Run(name, func(t *testing.T) {
			e := f.engine(t, shipment.Options{Ownership: o})
			if o == nil {
				// f.engine fills a nil Ownership with the fixture's graph.
				mo := shipment.Options{Parties: shipment.Matcher{M: f.matcher}}
				var err error
				if e, err = shipment.New(mo); err != nil {
					t.Fatal(err)
				}
			}
			if why := e.Inactive()["owned_by_listed"]; !strings.Contains(why, "no ownership data") {
				t.Errorf("Inactive()[owned_by_listed] = %q", why)
			}
			for _, fl := range mustAssess(t, e, ctx, &s).Flags {
				if fl.Rule == "owned_by_listed" {
					t.Errorf("fired without ownership data: %+v", fl)
				}
			}
		})
	}
}
