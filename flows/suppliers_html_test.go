package flows

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
)

var update = testutil.Update

func TestWriteSuppliersHTML(t *testing.T) {
	tests := []struct {
		name string
		rows []SupplierRow
	}{
		{"empty", nil},
		{"escaped", []SupplierRow{{
			SupplierCountry: "DE", Supplier: `Alpha <script>alert(1)</script> GmbH`, Consignee: "AO Kronshtadt", Destination: "RU", HS: "852691", CHPLTier: "1",
			FirstMonth: "2024-03", LastMonth: "2024-04", Shipments: 6, Value: 182250.5, Currency: "USD", Listed: true,
			Entities: []Entity{{Dataset: "us_ofac_sdn", EntityID: "ofac-36035", Caption: "KRONSHTADT", Score: 0.97, How: "listed"},
				{Dataset: "us_ofac_sdn", EntityID: "NK-x", Caption: "Front LLC", Score: 0.91, How: "blocked"}, {Dataset: "x", EntityID: "y"}},
		}, {
			SupplierCountry: "CN", Supplier: "深圳电子", Consignee: "Beta LLC", Destination: "KZ", HS: "854231",
			FirstMonth: "2024-01", LastMonth: "2024-01", Month: "2024-01", Shipments: 1, Value: 10, Currency: "EUR",
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteSuppliersHTML(&b, tt.rows); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "<script>") {
				t.Fatalf("unescaped: %s", b.String())
			}
			golden := filepath.Join("testdata", "suppliers-"+tt.name+".html")
			testutil.Golden(t, golden, []byte(b.String()))
		})
	}
}
