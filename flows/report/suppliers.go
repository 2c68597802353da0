package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/flows"
)

// SupplierTable is the supplier section (Data.Suppliers) of the rows of
// flows.Suppliers, each with its figures and the list entries behind it.
func SupplierTable(rows []flows.SupplierRow, note string) *Table {
	t := &Table{Title: "Suppliers of listed end users", Note: note,
		Columns: []string{"From", "Supplier", "Consignee", "To", "HS", "CHPL", "Months", "Shipments", "Value", "Listed entries"}}
	for _, r := range rows {
		months := r.FirstMonth
		if r.Month != "" {
			months = r.Month
		} else if r.LastMonth != r.FirstMonth {
			months += " – " + r.LastMonth
		}
		ents := make([]string, len(r.Entities))
		for i, e := range r.Entities {
			ents[i] = e.String()
		}
		t.Rows = append(t.Rows, []string{r.SupplierCountry, r.Supplier, r.Consignee, r.Destination, r.HS, r.CHPLTier, months,
			strconv.FormatInt(r.Shipments, 10), fmt.Sprintf("%.2f %s", r.Value, r.Currency), strings.Join(ents, "; ")})
	}
	return t
}
