package shipment_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/rules"
)

type party = shipment.Party

// TestAssess checks, shipment by shipment, which rules fire and the level,
// with the real matcher (over the sample list) and the real classifier.
func TestAssess(t *testing.T) {
	f := sampleFixture(t)
	e := f.engine(t, shipment.Options{})
	de := party{Role: "shipper", Name: "Bergmann Components GmbH", Country: "DE"}
	tests := []struct {
		name      string
		s         shipment.Shipment
		wantRules []string
		wantLevel string
	}{
		{
			name:      "civilian goods between coalition countries",
			s:         shipment.Shipment{HSCode: "6109.10", Description: "cotton T-shirts", Parties: []party{de, {Role: "consignee", Name: "Atlas Apparel Ltd", Country: "GB"}}, Destination: "GB"},
			wantRules: nil, wantLevel: "none",
		},
		{
			name:      "CHPL Tier 1 between coalition countries stays low",
			s:         shipment.Shipment{Description: "Microcontrollers STM32F407VGT6", Parties: []party{de, {Role: "consignee", Name: "Lyon Systems SARL", Country: "FR"}}, Destination: "FR"},
			wantRules: []string{"chpl_goods"}, wantLevel: "low",
		},
		{
			name:      "listed consignee, name written differently",
			s:         shipment.Shipment{HSCode: "0901.21", Description: "coffee", Parties: []party{de, {Role: "consignee", Name: "Baikal Electronics JSC", Country: "RU"}}, Destination: "RU"},
			wantRules: []string{"listed_party", "destination_russia"}, wantLevel: "high",
		},
		{
			name:      "Russian end user behind a German forwarder",
			s:         shipment.Shipment{HSCode: "8526.91", Description: "GNSS receiver module u-blox NEO-M8N", Parties: []party{{Role: "shipper", Name: "Shenzhen Jinhai Co., Ltd.", Country: "CN"}, {Role: "consignee", Name: "Global Freight Forwarding GmbH", Country: "DE"}, {Role: "end_user", Name: "OOO Ural Tekhno", Country: "RU"}}, Destination: "DE"},
			wantRules: []string{"destination_russia", "chpl_goods"}, wantLevel: "high",
		},
		{
			name:      "CHPL goods to a Kyrgyz company founded in 2022, routed via Türkiye",
			s:         shipment.Shipment{HSCode: "854231", Description: "микросхемы", Parties: []party{de, {Role: "consignee", Name: "Pamir Components LLC", Country: "KG", Incorporated: "2022-06-15"}}, Destination: "KG", Route: []string{"TR"}},
			wantRules: []string{"transshipment_hub", "new_company_chpl", "chpl_goods"}, wantLevel: "high",
		},
		{
			name:      "civilian goods to a hub stay low",
			s:         shipment.Shipment{HSCode: "9403.60", Description: "wooden tables", Parties: []party{de, {Role: "consignee", Name: "Almaty Furniture LLP", Country: "KZ"}}, Destination: "KZ"},
			wantRules: []string{"transshipment_hub"}, wantLevel: "none",
		},
		{
			name:      "trading house as final consignee of bearings",
			s:         shipment.Shipment{HSCode: "8482.10", Description: "ball bearings", Parties: []party{de, {Role: "consignee", Name: "深圳华信贸易有限公司", Country: "VN"}}, Destination: "VN"},
			wantRules: []string{"forwarder_consignee", "chpl_goods"}, wantLevel: "medium",
		},
		{
			name:      "unlisted company at a listed party's address",
			s:         shipment.Shipment{HSCode: "8471.30", Description: "laptops", Parties: []party{de, {Role: "consignee", Name: "Bright Star Supply Limited", Country: "HK", Address: "Rm. B22, 1/F, Block B, East Sun Industrial Centre, 16 Shing Yip Street, Kwun Tong, Kowloon, Hong Kong"}}, Destination: "HK"},
			wantRules: []string{"shared_address", "transshipment_hub"}, wantLevel: "medium",
		},
		{
			name:      "drones to Armenia",
			s:         shipment.Shipment{Description: "Quadcopter drones DJI Mavic 3 Pro", Parties: []party{{Role: "shipper", Name: "Shenzhen Sky Co., Ltd.", Country: "CN"}, {Role: "consignee", Name: "Ararat Aero LLC", Country: "AM"}}, Destination: "AM"},
			wantRules: []string{"concern_goods", "transshipment_hub"}, wantLevel: "medium",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustAssess(t, e, context.Background(), &tt.s)
			var got []string
			for _, fl := range a.Flags {
				if !slices.Contains(got, fl.Rule) {
					got = append(got, fl.Rule)
				}
				if fl.Source == "" || fl.Evidence == "" {
					t.Errorf("flag without source or evidence: %+v", fl)
				}
			}
			slices.Sort(got)
			want := slices.Clone(tt.wantRules)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rules (-want +got):\n%s\nflags: %+v", diff, a.Flags)
			}
			if a.Level != tt.wantLevel {
				t.Errorf("level %s (risk %d), want %s; flags %+v", a.Level, a.Risk, tt.wantLevel, a.Flags)
			}
			if a.Risk < 0 || a.Risk > 100 {
				t.Errorf("risk %d outside 0-100", a.Risk)
			}
		})
	}
}

// TestRulesOverride shows a user's rules file changing verdicts without a
// rebuild: the override disables forwarder_consignee and adds Mongolia.
func TestRulesOverride(t *testing.T) {
	data, err := os.ReadFile("testdata/override.json")
	if err != nil {
		t.Fatal(err)
	}
	set := rules.Default()
	if err := set.Merge(data); err != nil {
		t.Fatal(err)
	}
	f := sampleFixture(t)
	def := f.engine(t, shipment.Options{})
	over := f.engine(t, shipment.Options{Rules: set})
	// outside the coalition: inside it the route model keeps a trader low
	trader := shipment.Shipment{HSCode: "8482.10", Parties: []party{{Role: "consignee", Name: "Global Trading Co., Ltd.", Country: "VN"}}, Destination: "VN"}
	if a, b := mustAssess(t, def, context.Background(), &trader), mustAssess(t, over, context.Background(), &trader); a.Level != "medium" || b.Level != "low" {
		t.Errorf("forwarder consignee: default %s (%d), override %s (%d)", a.Level, a.Risk, b.Level, b.Risk)
	}
	mn := shipment.Shipment{HSCode: "8542.31", Parties: []party{{Role: "consignee", Name: "Khan Tech LLC", Country: "MN"}}, Destination: "MN"}
	if a, b := mustAssess(t, def, context.Background(), &mn), mustAssess(t, over, context.Background(), &mn); a.Level != "low" || (b.Level != "medium" && b.Level != "high") {
		t.Errorf("Mongolia as a hub: default %s (%d), override %s (%d)", a.Level, a.Risk, b.Level, b.Risk)
	}
}

// mustAssess assesses s and fails the test on an error.
func mustAssess(tb testing.TB, e *shipment.Engine, ctx context.Context, s *shipment.Shipment) *shipment.Assessment {
	tb.Helper()
	a, err := e.Assess(ctx, s)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// TestAssessCancelled: a cancelled context is an error of Assess, not an
// assessment without its listed-party flags (issue 11).
func TestAssessCancelled(t *testing.T) {
	f := sampleFixture(t)
	e := f.engine(t, shipment.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := shipment.Shipment{HSCode: "0901.21", Description: "coffee", Parties: []party{{Role: "consignee", Name: "Baikal Electronics JSC", Country: "RU"}}, Destination: "RU"}
	if a, err := e.Assess(ctx, &s); !errors.Is(err, context.Canceled) || a != nil {
		t.Fatalf("Assess = %v, %v; want nil and context.Canceled", a, err)
	}
	if a := mustAssess(t, e, context.Background(), &s); !slices.ContainsFunc(a.Flags, func(f shipment.Flag) bool { return f.Rule == "listed_party" }) {
		t.Fatalf("live context: no listed_party flag: %+v (the cancelled one must not have been cached)", a.Flags)
	}
}
