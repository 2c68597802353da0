package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// shipmentHit is a shipment alert as the alerts package makes one.
func shipmentHit(id, flagsHash string, risk int) casestore.Alert {
	return casestore.Alert{
		Kind: casestore.KindShipment, PartyKey: "shipment:" + id + "|c0ffee", PartyName: id,
		Party:    json.RawMessage(`{"shipment_id":"` + id + `","parties":[{"role":"consignee","name":"OOO Vector","country":"RU"}]}`),
		EntityID: "rules:chpl_goods,listed_party", EntityCaption: "Shenzhen Hua Tong → OOO Vector", EntityHash: flagsHash,
		Dataset: "us_ofac_sdn", Score: float64(risk) / 100,
		Explanation: json.RawMessage(fmt.Sprintf(`{"risk":%d,"level":"high","flags":[{"rule":"chpl_goods","source":"CHPL Tier 1","evidence":"HS 854231 is on the CHPL, Tier 1"}]}`, risk)),
	}
}

// testShipmentAlerts checks alerts of kind shipment: they are stored and
// read back with their kind, filtered by kind and run, default to party
// when no kind is given, refuse an unknown kind, and follow the same
// re-screening rules as party alerts (same shipment and flags repeated,
// suppressed after a false positive, new when the flags change).
func testShipmentAlerts(t *testing.T, s casestore.Store) {
	r, err := s.CreateRun(ctx(t), casestore.Run{Actor: "alice", Kind: "shipments", Source: "shipments.csv"})
	if err != nil {
		t.Fatal(err)
	}
	hits := []casestore.Alert{shipmentHit("S-1", "f1", 87), hit("p1", "ofac-1", "h1", 0.9), shipmentHit("S-2", "f2", 55)}
	out, err := s.AddAlerts(ctx(t), r.ID, hits)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != "[created created created]" {
		t.Fatalf("outcomes %v", out)
	}
	a, err := s.Alert(ctx(t), hits[0].ID)
	if err != nil || a.Kind != casestore.KindShipment || a.PartyName != "S-1" || a.Score != 0.87 || a.EntityCaption != "Shenzhen Hua Tong → OOO Vector" {
		t.Fatalf("shipment alert = %+v, %v", a, err)
	}
	var expl struct {
		Risk  int `json:"risk"`
		Flags []struct {
			Rule, Source string
		} `json:"flags"`
	}
	if err := json.Unmarshal(a.Explanation, &expl); err != nil || expl.Risk != 87 || len(expl.Flags) != 1 || expl.Flags[0].Source != "CHPL Tier 1" {
		t.Fatalf("shipment explanation %s: %+v, %v", a.Explanation, expl, err)
	}
	if a, err := s.Alert(ctx(t), hits[1].ID); err != nil || a.Kind != casestore.KindParty {
		t.Fatalf("alert without a kind = %+v, %v; want kind party", a, err)
	}
	other := newRun(t, s)
	if _, err := s.AddAlerts(ctx(t), other.ID, []casestore.Alert{hit("p9", "ofac-9", "h9", 0.95)}); err != nil {
		t.Fatal(err)
	}
	filters := []struct {
		name string
		f    casestore.AlertFilter
		want []string // party names, newest first
	}{
		{"shipments", casestore.AlertFilter{Kind: casestore.KindShipment}, []string{"S-2", "S-1"}},
		{"parties", casestore.AlertFilter{Kind: casestore.KindParty}, []string{"Party p9", "Party p1"}},
		{"run", casestore.AlertFilter{RunID: r.ID}, []string{"S-2", "Party p1", "S-1"}},
		{"run and kind", casestore.AlertFilter{RunID: r.ID, Kind: casestore.KindParty}, []string{"Party p1"}},
		{"shipments by score", casestore.AlertFilter{Kind: casestore.KindShipment, MinScore: 0.8}, []string{"S-1"}},
		{"text in parties", casestore.AlertFilter{Text: "ooo vector"}, []string{"S-2", "S-1"}},
	}
	for _, tc := range filters {
		t.Run(tc.name, func(t *testing.T) {
			as, err := s.Alerts(ctx(t), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range as {
				names = append(names, a.PartyName)
			}
			if fmt.Sprint(names) != fmt.Sprint(tc.want) {
				t.Fatalf("Alerts(%+v) = %v, want %v", tc.f, names, tc.want)
			}
		})
	}
	bad := shipmentHit("S-3", "f3", 60)
	bad.Kind = "container"
	if _, err := s.AddAlerts(ctx(t), r.ID, []casestore.Alert{bad}); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("alert of kind %q: %v, want ErrInvalid", bad.Kind, err)
	}

	// Screened again: the same shipment with the same flags is repeated; a
	// false positive suppresses it; changed flags make a new alert.
	r2, err := s.CreateRun(ctx(t), casestore.Run{Actor: "alice", Kind: "shipments", Source: "shipments.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(ctx(t), hits[2].ID, casestore.FalsePositive, "licensed export, licence DE-2026-114", "alice"); err != nil {
		t.Fatal(err)
	}
	again := []casestore.Alert{shipmentHit("S-1", "f1", 87), shipmentHit("S-2", "f2", 55), shipmentHit("S-1", "f1b", 92)}
	out, err = s.AddAlerts(ctx(t), r2.ID, again)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != "[repeated suppressed created]" {
		t.Fatalf("outcomes screened again = %v, want [repeated suppressed created]", out)
	}
	if a, err := s.Alert(ctx(t), again[2].ID); err != nil || a.Kind != casestore.KindShipment || a.RunID != r2.ID {
		t.Fatalf("changed shipment alert = %+v, %v", a, err)
	}
	if a, err := s.Alert(ctx(t), hits[2].ID); err != nil || a.Status != string(casestore.FalsePositive) {
		t.Fatalf("decided shipment alert = %+v, %v", a, err)
	}
}
