// Package aggregate defines the transaction aggregates: the Parquet
// contract between the Beam flows pipeline (beam/pipeline), which writes
// them, and `redline flows import` (package flows), which reads them
// (docs/flows.md, "Transaction aggregates (Parquet)"). It is a package of
// its own, with no dependency, so that the Beam workers do not link the
// flows store's DuckDB driver to share one definition.
package aggregate

// Columns are the columns of the transaction aggregates that the
// Beam pipeline writes and flows.ImportTransactions loads, the
// contract between the two (docs/flows.md, "Transaction aggregates
// (Parquet)"). One row is the shipments of one month from one supplier to
// one consignee of one HS code, in one currency:
//
//	month              string  "YYYY-MM"
//	supplier_country   string  ISO 3166 alpha-2 of the shipper ("" if unknown)
//	supplier           string  shipper name as the records give it
//	consignee          string  consignee name as the records give it
//	consignee_country  string  ISO 3166 alpha-2 of the consignee
//	destination        string  ISO 3166 alpha-2 of the destination country
//	hs                 string  6-digit HS code ("850440")
//	chpl_tier          string  CHPL tier ("1", "2", "3.A", ...), "" if none
//	listed             bool    the consignee (or end user) is listed or
//	                           50%-owned by listed parties
//	entity_ids         string  ";"-joined "dataset:entity_id" of the list
//	                           entries that make it a concern, sorted
//	shipments          int64   number of shipments
//	value              double  sum of their values, in currency
//	currency           string  ISO 4217 code ("USD")
//
// Example row: 2024-03, DE, "Alpha Elektronik GmbH", "AO Kronshtadt", RU,
// RU, 852691, 1, true, "us_ofac_sdn:ofac-36035", 4, 181250.5, USD.
//
// On import (flows.ImportTransactions) extra columns are ignored, and a row
// whose month is not YYYY-MM, whose hs is not 6 digits, or whose
// shipments, value or listed is missing or of the wrong type is skipped
// and reported with its row number.
var Columns = []string{"month", "supplier_country", "supplier", "consignee", "consignee_country", "destination",
	"hs", "chpl_tier", "listed", "entity_ids", "shipments", "value", "currency"}

// Row is one row of the transaction aggregates, with the contract's
// Parquet column names and types (see Columns); a
// parquet.GenericWriter[Row] writes such a file.
type Row struct {
	Month            string  `parquet:"month" json:"month"`
	SupplierCountry  string  `parquet:"supplier_country" json:"supplier_country"`
	Supplier         string  `parquet:"supplier" json:"supplier"`
	Consignee        string  `parquet:"consignee" json:"consignee"`
	ConsigneeCountry string  `parquet:"consignee_country" json:"consignee_country"`
	Destination      string  `parquet:"destination" json:"destination"`
	HS               string  `parquet:"hs" json:"hs"`
	CHPLTier         string  `parquet:"chpl_tier" json:"chpl_tier"`
	Listed           bool    `parquet:"listed" json:"listed"`
	EntityIDs        string  `parquet:"entity_ids" json:"entity_ids"`
	Shipments        int64   `parquet:"shipments" json:"shipments"`
	Value            float64 `parquet:"value" json:"value"`
	Currency         string  `parquet:"currency" json:"currency"`
}
