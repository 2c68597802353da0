package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/server"
	"github.com/redline-sanctions/redline/shipment"
)

// TestShipmentsCLIAndServerAgree screens one file through `screen
// shipments` and through the server's shipment screener over the same
// store, and wants the same records. Before both used shipment.NewSetup,
// the server built its engine without the ownership graph, so
// owned_by_listed never fired through the API (a consignee held 100% by
// SDN parties, TsST of the ZALA network, came back without that flag).
func TestShipmentsCLIAndServerAgree(t *testing.T) {
	a, stdout, stderr := importZala(t)
	ctx := context.Background()
	sdn := filepath.Join(sharedData, "lists", "ofac", "sdn-2023-01-resaved-nonofficial", "sdn.csv")
	// A company on no list, held 60% by KALASHNIKOV CONCERN (SDN
	// ofac-16911): blocked by the 50% rule only.
	reg := filepath.Join(t.TempDir(), "registry.ftm.json")
	ftm := `{"id":"test-volga","schema":"Company","datasets":["test_registry"],"properties":{"name":["Volga Precision Components LLC"],"country":["ru"]}}
{"id":"test-own-1","schema":"Ownership","datasets":["test_registry"],"properties":{"owner":["ofac-16911"],"asset":["test-volga"],"percentage":["60"]}}
`
	if err := os.WriteFile(reg, []byte(ftm), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runListsImport(ctx, a, []string{sdn, reg}); err != nil {
		t.Fatal(err)
	}
	ships := filepath.Join(t.TempDir(), "ships.csv")
	csv := "Shipment ID,Shipper Name,Shipper Country,Consignee,Consignee Country,HS Code,Product Description,Destination Country\n" +
		"S-1,Nordic Components AB,Sweden,JSC NPO Izhmash,Russia,8708.29,car body parts,RU\n" +
		"S-2,Nordic Components AB,Sweden,Atlas Apparel Ltd,United Kingdom,6109.10,cotton T-shirts,GB\n" +
		"S-3,Shenzhen Bright Trading Co Ltd,China,Zala Aero Group,Russia,8526.91,GNSS receiver module,RU\n" +
		"S-4,Shenzhen Bright Trading Co Ltd,China,Volga Precision Components LLC,Russia,8542.31,microcontrollers,RU\n"
	if err := os.WriteFile(ships, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if err := runScreenShipments(ctx, a, []string{ships}); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	cli := strings.TrimSpace(stdout.String())

	st, err := openLists(a)
	if err != nil {
		t.Fatal(err)
	}
	m, err := match.Build(ctx, st.Entities(ctx))
	if err != nil {
		t.Fatal(err)
	}
	var h match.Holder
	h.Swap(m)
	f, err := os.Open(ships)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var api bytes.Buffer
	enc := json.NewEncoder(&api)
	enc.SetEscapeHTML(false)
	if _, err := server.NewShipmentScreener(st, &h, 0)(ctx, f, ships, "", func(a *shipment.Assessment) error { return enc.Encode(shipment.RecordOf(a)) }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cli, strings.TrimSpace(api.String())); diff != "" {
		t.Errorf("server records differ from the CLI's (-cli +server):\n%s", diff)
	}
	if !strings.Contains(api.String(), `"rule":"owned_by_listed"`) {
		t.Errorf("owned_by_listed did not fire through the server:\n%s", api.String())
	}
}
