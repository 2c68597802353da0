package shipment_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/source"
)

func readAll(t *testing.T, path string, opts shipment.ReadOptions) ([]*shipment.Shipment, *source.Report, error) {
	t.Helper()
	var out []*shipment.Shipment
	rep, err := shipment.Read(context.Background(), path, opts, func(s *shipment.Shipment) error {
		out = append(out, s)
		return nil
	})
	return out, rep, err
}

func TestReadHeaders(t *testing.T) {
	tests := []struct {
		name string
		path string
		opts shipment.ReadOptions
		want []*shipment.Shipment
	}{
		{
			name: "russian customs declaration, semicolons, decimal comma",
			path: "testdata/customs_ru.csv",
			want: []*shipment.Shipment{
				{Line: 2, ID: "10702070/010323/0012345", Date: "2023-03-01", HSCode: "8542310000", Description: "Микросхемы интегральные микроконтроллеры STM32F103C8T6",
					Quantity: "5000", Value: 12500, Currency: "USD", Origin: "CN", Destination: "RU", Route: []string{"KZ"},
					Parties: []shipment.Party{{Role: "shipper", Name: "Shenzhen Huaxin Electronics Co., Ltd.", Country: "CN"}, {Role: "consignee", Name: "ООО «Радиокомпонент»", Country: "RU", Address: "г. Москва, ул. Гагарина, д. 5"}}},
				{Line: 3, ID: "10702070/020323/0012346", Date: "2023-03-02", HSCode: "6109100000", Description: "Футболки мужские трикотажные хлопковые",
					Quantity: "1200", Value: 8400, Currency: "EUR", Origin: "DE", Destination: "GB",
					Parties: []shipment.Party{{Role: "shipper", Name: "Bergmann Textiles GmbH", Country: "DE"}, {Role: "consignee", Name: "Atlas Home Goods Ltd", Country: "GB", Address: "1 Main Street, Leeds"}}},
			},
		},
		{
			name: "english trade data with end user, notify party, incorporation date, transit list",
			path: "testdata/trade_en.csv",
			want: []*shipment.Shipment{
				{Line: 2, ID: "S-1", HSCode: "8542.31", Description: "Microcontrollers", Quantity: "100", Value: 1200.5, Currency: "USD", Origin: "SE", Destination: "KG", Route: []string{"TR", "KZ"},
					Parties: []shipment.Party{{Role: "shipper", Name: "Nordic Components AB", Country: "SE"}, {Role: "consignee", Name: "Pamir Trade LLC", Country: "KG", Address: "12 Chui Avenue Bishkek", Incorporated: "2022-06-15"}}},
				{Line: 3, ID: "S-2", HSCode: "0901.21", Description: "Roasted coffee", Quantity: "30", Value: 900, Currency: "USD", Origin: "US", Destination: "CA",
					Parties: []shipment.Party{{Role: "shipper", Name: "Atlas Foods Inc.", Country: "US"}, {Role: "consignee", Name: "Lakeside Retail Ltd", Country: "CA", Address: "4 Park Lane Toronto", Incorporated: "1998-04-01"}}},
				{Line: 4, ID: "S-3", HSCode: "8526.91.0000", Description: "GNSS module u-blox NEO-M8N", Quantity: "20", Value: 3000, Currency: "USD", Origin: "CN", Destination: "DE",
					Parties: []shipment.Party{{Role: "shipper", Name: "Shenzhen Jinhai Co., Ltd.", Country: "CN"}, {Role: "consignee", Name: "Global Freight Forwarding GmbH", Country: "DE"}, {Role: "notify", Name: "Evergreen Logistics"}, {Role: "end_user", Name: "Ural Tekhno", Country: "RU"}}},
			},
		},
		{
			name: "mapping overrides recognition",
			path: "testdata/trade_en.csv",
			opts: shipment.ReadOptions{Mapping: map[string]string{"consignee": "End User", "end_user": "Consignee", "end_user_country": "Consignee Country", "consignee_country": "End User Country"}},
			want: nil, // checked below
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rep, err := readAll(t, tt.path, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if got[2].Party("consignee").Name != "Ural Tekhno" || got[2].Party("consignee").Country != "RU" || got[2].Party("end_user").Name != "Global Freight Forwarding GmbH" {
					t.Errorf("mapping not applied: %+v", got[2].Parties)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if rep.Skipped != 0 {
				t.Errorf("skipped %d: %+v", rep.Skipped, rep.Problems)
			}
		})
	}
}

func TestReadMalformed(t *testing.T) {
	tests := []struct {
		name        string
		path        string
		wantIDs     []string
		wantSkipped []int // lines
		wantWarn    []int // lines of field problems
	}{
		{"csv", "testdata/malformed.csv", []string{"M-1", "M-4", "M-5"}, []int{3, 4, 7}, []int{5}},
		{"jsonl", "testdata/trade.jsonl", []string{"J-1", "J-2", "J-4"}, []int{3}, []int{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rep, err := readAll(t, tt.path, shipment.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			var skipped, warn []int
			for _, p := range rep.Problems {
				if p.File != tt.path || p.Reason == "" {
					t.Errorf("problem not positioned: %+v", p)
				}
				if p.Skipped {
					skipped = append(skipped, p.Line)
				} else {
					warn = append(warn, p.Line)
				}
			}
			if diff := cmp.Diff(tt.wantSkipped, skipped); diff != "" {
				t.Errorf("skipped lines (-want +got):\n%s\n%+v", diff, rep.Problems)
			}
			if diff := cmp.Diff(tt.wantWarn, warn); diff != "" {
				t.Errorf("field problems (-want +got):\n%s\n%+v", diff, rep.Problems)
			}
			if rep.Skipped != len(tt.wantSkipped) {
				t.Errorf("Skipped = %d, want %d", rep.Skipped, len(tt.wantSkipped))
			}
		})
	}
}

func TestReadBadInput(t *testing.T) {
	ctx := context.Background()
	long := "Exporter,Importer,HS Code\n" + "a," + strings.Repeat("x", 2<<20) + ",854231\n"
	longJSON := `{"exporter":"` + strings.Repeat("x", 2<<20) + `"}` + "\n" + `{"exporter":"A","hs":"854231"}` + "\n"
	tests := []struct {
		name    string
		read    func() (*source.Report, error)
		wantErr string
		records int
	}{
		{"empty csv", func() (*source.Report, error) {
			return shipment.ReadCSV(ctx, strings.NewReader(""), "empty.csv", shipment.ReadOptions{}, nop)
		}, "empty file", 0},
		{"no known column", func() (*source.Report, error) {
			return shipment.ReadCSV(ctx, strings.NewReader("a,b,c\n1,2,3\n"), "x.csv", shipment.ReadOptions{}, nop)
		}, "no party or goods column", 0},
		{"csv line over 1 MiB", func() (*source.Report, error) {
			return shipment.ReadCSV(ctx, strings.NewReader(long), "long.csv", shipment.ReadOptions{}, nop)
		}, "line too long", 0},
		{"json line over 1 MiB skipped, next read", func() (*source.Report, error) {
			return shipment.ReadJSONL(ctx, strings.NewReader(longJSON), "long.jsonl", shipment.ReadOptions{}, nop)
		}, "", 1},
		{"binary garbage as parquet", func() (*source.Report, error) {
			b := []byte("PAR1 this is not parquet PAR1")
			return shipment.ReadParquet(ctx, bytes.NewReader(b), int64(len(b)), "bad.parquet", shipment.ReadOptions{}, nop)
		}, "bad.parquet", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := tt.read()
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			if rep.Records != tt.records {
				t.Errorf("records %d, want %d", rep.Records, tt.records)
			}
		})
	}
}

func nop(*shipment.Shipment) error { return nil }

// TestFormatsRoundTrip writes one generated sample as CSV, JSON lines and
// Parquet and checks that all three read back as the records generated.
func TestFormatsRoundTrip(t *testing.T) {
	ctx := context.Background()
	listed := []demo.Listed{{ID: "x-1", Name: "JOINT STOCK COMPANY RADIOZAVOD", Country: "RU", Address: "Baidukova st., 1, Penza 440039"}}
	opts := demo.Options{Rows: 500, Seed: 7, Listed: listed, PlantedRate: 0.3}
	var want []*shipment.Shipment
	if err := demo.Generate(ctx, opts, func(s *shipment.Shipment) error { want = append(want, s); return nil }); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, format := range []string{"csv", "jsonl", "parquet"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(dir, "sample."+format)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := demo.Write(ctx, f, format, opts); err != nil {
				t.Fatal(err)
			}
			f.Close()
			got, rep, err := readAll(t, path, shipment.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Skipped != 0 || len(got) != len(want) {
				t.Fatalf("read %d of %d, skipped %d: %+v", len(got), len(want), rep.Skipped, rep.Problems[:min(3, len(rep.Problems))])
			}
			for i := range got {
				w := *want[i]
				w.Line = got[i].Line
				if diff := cmp.Diff(&w, got[i]); diff != "" {
					t.Fatalf("record %d (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

// TestReadProblemCallback checks that ReadOptions.Problem sees every
// problem, also past the 1000 the report keeps.
func TestReadProblemCallback(t *testing.T) {
	var b strings.Builder
	b.WriteString("Shipment ID,Exporter,Importer,HS Code\n")
	const bad = 1500
	for i := range bad {
		fmt.Fprintf(&b, "S-%d,Alpha GmbH\n", i) // too few fields: skipped
		b.WriteString("ok,Alpha GmbH,Beta LLC,850440\n")
	}
	var seen []source.Problem
	rep, err := shipment.ReadCSV(context.Background(), strings.NewReader(b.String()), "many.csv",
		shipment.ReadOptions{Problem: func(p source.Problem) { seen = append(seen, p) }}, func(*shipment.Shipment) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, p := range seen {
		if p.Skipped {
			skipped++
		}
		if p.File != "many.csv" || p.Line == 0 {
			t.Fatalf("problem not positioned: %+v", p)
		}
	}
	if skipped != rep.Skipped || rep.Skipped == 0 || len(rep.Problems) > 1000 || len(seen) <= 1000 {
		t.Fatalf("callback saw %d problems (%d skipped), report counts %d skipped and keeps %d", len(seen), skipped, rep.Skipped, len(rep.Problems))
	}
}
