package flows

import "context"

// ScreenedColumns are the columns of a Parquet file of shipments already
// screened elsewhere (a pipeline that ran the same engine, or a generator
// of test data), which ImportTransactions loads into flows_tx as they are,
// without screening them again. They are flows_tx's columns less file,
// line (the row number), month (from date) and the risk score:
//
//	id                 string  the shipment id
//	date               string  "YYYY-MM-DD", or "" when unknown
//	supplier           string  shipper name
//	supplier_country   string  ISO alpha-2
//	consignee          string  consignee name
//	consignee_country  string  ISO alpha-2
//	destination        string  ISO alpha-2 (the consignee's country if "")
//	hs                 string  6-digit HS code, or ""
//	chpl_tier          string  CHPL tier, "" if none
//	concern            string  concern category ("uav", "ew", ...), or ""
//	value              double  value in currency
//	currency           string  ISO 4217
//	listed             bool    the consignee or end user is listed or 50%-owned
//	party_listed       bool    any party is
//	entity_ids         string  ";"-joined "dataset:entity_id", as in the aggregates
//
// A row whose date is neither "" nor YYYY-MM-DD, whose hs is neither "" nor
// 6 digits, or whose value or listed is missing is skipped and reported
// with its row number.
var ScreenedColumns = []string{"id", "date", "supplier", "supplier_country", "consignee", "consignee_country", "destination",
	"hs", "chpl_tier", "concern", "value", "currency", "listed", "party_listed", "entity_ids"}

// ScreenedRow is one row of a screened-shipments file (ScreenedColumns);
// a parquet.GenericWriter[ScreenedRow] writes such a file.
type ScreenedRow struct {
	ID               string  `parquet:"id"`
	Date             string  `parquet:"date,dict"`
	Supplier         string  `parquet:"supplier,dict"`
	SupplierCountry  string  `parquet:"supplier_country,dict"`
	Consignee        string  `parquet:"consignee,dict"`
	ConsigneeCountry string  `parquet:"consignee_country,dict"`
	Destination      string  `parquet:"destination,dict"`
	HS               string  `parquet:"hs,dict"`
	CHPLTier         string  `parquet:"chpl_tier,dict"`
	Concern          string  `parquet:"concern,dict"`
	Value            float64 `parquet:"value"`
	Currency         string  `parquet:"currency,dict"`
	Listed           bool    `parquet:"listed"`
	PartyListed      bool    `parquet:"party_listed"`
	EntityIDs        string  `parquet:"entity_ids,dict"`
}

// IsScreened reports whether the file at path is a Parquet file with every
// column of ScreenedColumns.
func IsScreened(path string) bool { return hasColumns(path, ScreenedColumns) }

const screenedSelect = `SELECT row, row AS line,
	coalesce(TRY_CAST(id AS VARCHAR), '') AS id,
	trim(coalesce(TRY_CAST(date AS VARCHAR), '')) AS date,
	left(trim(coalesce(TRY_CAST(date AS VARCHAR), '')), 7) AS month,
	coalesce(TRY_CAST(supplier AS VARCHAR), '') AS supplier,
	coalesce(TRY_CAST(supplier_country AS VARCHAR), '') AS supplier_country,
	coalesce(TRY_CAST(consignee AS VARCHAR), '') AS consignee,
	coalesce(TRY_CAST(consignee_country AS VARCHAR), '') AS consignee_country,
	coalesce(nullif(TRY_CAST(destination AS VARCHAR), ''), TRY_CAST(consignee_country AS VARCHAR), '') AS destination,
	trim(coalesce(TRY_CAST(hs AS VARCHAR), '')) AS hs,
	coalesce(TRY_CAST(chpl_tier AS VARCHAR), '') AS chpl_tier,
	coalesce(TRY_CAST(concern AS VARCHAR), '') AS concern,
	TRY_CAST(value AS DOUBLE) AS value,
	coalesce(TRY_CAST(currency AS VARCHAR), '') AS currency,
	TRY_CAST(listed AS BOOLEAN) AS listed,
	coalesce(TRY_CAST(party_listed AS BOOLEAN), false) AS party_listed,
	coalesce(TRY_CAST(entity_ids AS VARCHAR), '') AS entity_ids,
	0 AS risk, '' AS level
FROM (SELECT *, file_row_number + 1 AS row FROM read_parquet(%s, file_row_number = true))`

const screenedProblem = `CASE
	WHEN date <> '' AND NOT regexp_full_match(date, '[0-9]{4}-(0[1-9]|1[0-2])-[0-3][0-9]') THEN 'date "' || date || '" is not YYYY-MM-DD'
	WHEN hs <> '' AND NOT regexp_full_match(hs, '[0-9]{6}') THEN 'hs "' || hs || '" is not a 6-digit code'
	WHEN listed IS NULL THEN 'listed is missing or not a boolean'
	WHEN value IS NULL OR isnan(value) OR isinf(value) THEN 'value is missing or not a number'
END`

var screenedLayout = parquetLayout{kind: "screened", table: "flows_tx", sel: screenedSelect, problem: screenedProblem,
	cols: []string{"line", "id", "date", "month", "supplier", "supplier_country", "consignee", "consignee_country", "destination",
		"hs", "chpl_tier", "concern", "value", "currency", "listed", "party_listed", "entity_ids", "risk", "level"}}

// importScreened loads a screened-shipments file.
func (db *DB) importScreened(ctx context.Context, path string) (*ImportReport, error) {
	return db.importParquet(ctx, path, screenedLayout)
}
