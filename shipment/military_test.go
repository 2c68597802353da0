package shipment_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/shipment"
)

// TestMilitaryItemFlag: a military item gets the military_item flag,
// citing the munitions lists, on any route (issue 13 item 6); civilian
// CHPL goods do not.
func TestMilitaryItemFlag(t *testing.T) {
	e, err := shipment.New(shipment.Options{Goods: goodsClassifier()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		desc, to string
		want     bool
	}{
		{"fighter jet landing gear parts", "GB", true},
		{"jamming transmitter", "DE", true},
		{"Microcontrollers STM32F407VGT6", "DE", false},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			s := &shipment.Shipment{ID: "m", Origin: "US", Destination: tc.to, Description: tc.desc,
				Parties: []shipment.Party{{Role: shipment.Consignee, Name: "Whitfield Engineering Ltd", Country: tc.to}}}
			a := mustAssess(t, e, context.Background(), s)
			i := slices.IndexFunc(a.Flags, func(f shipment.Flag) bool { return f.Rule == "military_item" })
			if (i >= 0) != tc.want {
				t.Fatalf("military_item fired %v, want %v\n%s", i >= 0, tc.want, describe(a))
			}
			if !tc.want {
				return
			}
			f := a.Flags[i]
			if !strings.Contains(f.Evidence, "licence required everywhere") || !strings.Contains(f.Source, "Munitions List") {
				t.Errorf("flag %+v", f)
			}
			if a.Level != "medium" && a.Level != "high" {
				t.Errorf("level %s (risk %d), want medium or above", a.Level, a.Risk)
			}
		})
	}
}
