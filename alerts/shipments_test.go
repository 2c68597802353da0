package alerts

import (
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/shipment"
)

// assessed is shipment S-17 at risk 87: a listed consignee and CHPL goods
// to Russia.
func assessed() *shipment.Assessment {
	s := &shipment.Shipment{Line: 18, ID: "S-17", HSCode: "8526.91", Description: "GNSS module", Destination: "RU",
		Parties: []shipment.Party{{Role: shipment.Shipper, Name: "Shenzhen Hua Tong", Country: "CN"}, {Role: shipment.Consignee, Name: "OOO Vector", Country: "RU"}}}
	return &shipment.Assessment{ShipmentID: "S-17", Line: 18, Risk: 87, Level: "high", Shipment: s,
		Goods: shipment.Goods{HSCode: "852691", CHPLTier: "2"},
		Flags: []shipment.Flag{
			{Rule: "listed_party", Source: "BIS red-flag indicators", Score: 80, Role: "consignee", Party: "OOO Vector", Country: "RU",
				EntityID: "ofac-1", EntityCaption: "VECTOR OOO", Dataset: "us_ofac_sdn", MatchScore: 0.93, Evidence: "consignee matches with score 0.93"},
			{Rule: "chpl_goods", Source: "BIS CHPL", Score: 27, HSCode: "852691", Tier: "2", Evidence: "HS 852691 is on the CHPL, Tier 2"},
		}}
}

func TestShipmentAlert(t *testing.T) {
	base, ok := ShipmentAlert(assessed())
	if !ok {
		t.Fatal("a high-risk shipment raised no alert")
	}
	if base.Kind != casestore.KindShipment || base.PartyName != "S-17" || base.Score != 0.87 ||
		base.EntityID != "rules:chpl_goods,listed_party" || base.EntityCaption != "Shenzhen Hua Tong → OOO Vector" || base.Dataset != "us_ofac_sdn" {
		t.Fatalf("alert %+v", base)
	}
	tests := []struct {
		name      string
		change    func(a *shipment.Assessment)
		flagged   bool
		sameKey   bool // the same shipment
		sameFlags bool // the same verdict
	}{
		{"unchanged", func(a *shipment.Assessment) {}, true, true, true},
		{"moved in its file", func(a *shipment.Assessment) { a.Line, a.Shipment.Line = 400, 400 }, true, true, true},
		{"evidence reworded, weights changed", func(a *shipment.Assessment) {
			a.Flags[0].Evidence, a.Flags[0].Score, a.Risk = "reworded", 70, 80
		}, true, true, true},
		{"flags in another order", func(a *shipment.Assessment) { a.Flags[0], a.Flags[1] = a.Flags[1], a.Flags[0] }, true, true, true},
		{"another listed entity", func(a *shipment.Assessment) { a.Flags[0].EntityID = "ofac-2" }, true, true, false},
		{"a flag less", func(a *shipment.Assessment) { a.Flags = a.Flags[1:]; a.Level = "medium" }, true, true, false},
		{"another consignee", func(a *shipment.Assessment) { a.Shipment.Parties[1].Name = "OOO Vektor" }, true, false, true},
		{"low risk", func(a *shipment.Assessment) { a.Level = "low" }, false, false, false},
		{"no risk", func(a *shipment.Assessment) { a.Level, a.Flags = "none", nil }, false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := assessed()
			tc.change(a)
			got, ok := ShipmentAlert(a)
			if ok != tc.flagged {
				t.Fatalf("alert raised %v, want %v", ok, tc.flagged)
			}
			if !ok {
				return
			}
			if (got.PartyKey == base.PartyKey) != tc.sameKey {
				t.Errorf("party key %s vs %s: same %v, want %v", got.PartyKey, base.PartyKey, !tc.sameKey, tc.sameKey)
			}
			if (got.EntityHash == base.EntityHash) != tc.sameFlags {
				t.Errorf("flags hash %s vs %s: same %v, want %v", got.EntityHash, base.EntityHash, !tc.sameFlags, tc.sameFlags)
			}
		})
	}
}
