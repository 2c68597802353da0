package flows

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/flows/aggregate"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/source"
)

// AggregateColumns are the columns of the transaction aggregates
// (aggregate.Columns, the contract with the Beam pipeline).
var AggregateColumns = aggregate.Columns

// AggregateRow is one row of the transaction aggregates (aggregate.Row).
type AggregateRow = aggregate.Row

// IsAggregates reports whether the file at path is a Parquet file with
// every column of AggregateColumns.
func IsAggregates(path string) bool { return hasColumns(path, AggregateColumns) }

// hasColumns reports whether the file at path is a Parquet file with every
// one of the columns (at the top level).
func hasColumns(path string, want []string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := f.ReadAt(magic, 0); err != nil || string(magic) != "PAR1" {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return false
	}
	var names []string
	for _, p := range pf.Schema().Columns() {
		if len(p) == 1 {
			names = append(names, p[0])
		}
	}
	for _, c := range want {
		if !slices.Contains(names, c) {
			return false
		}
	}
	return true
}

// DetectTransactions reports whether the file at path holds
// transaction-level records that ImportTransactions reads: the Beam
// pipeline's aggregates, screened shipments (see ScreenedColumns), or
// shipments whose first record names a party
// (shipper, consignee, notify party or end user) under a recognised
// header. head is the start of the file (a few KB); a Parquet file is
// opened by path. Trade statistics (Comext, Comtrade) name no party and
// are not detected.
func DetectTransactions(path string, head []byte) bool {
	if IsAggregates(path) || IsScreened(path) {
		return true
	}
	party := false
	emit := func(s *shipment.Shipment) error {
		party = slices.ContainsFunc(s.Parties, func(p shipment.Party) bool { return p.Name != "" })
		return errStop
	}
	ctx := context.Background()
	var err error
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		f, ferr := os.Open(path)
		if ferr != nil {
			return false
		}
		defer f.Close()
		st, ferr := f.Stat()
		if ferr != nil {
			return false
		}
		_, err = shipment.ReadParquet(ctx, f, st.Size(), path, shipment.ReadOptions{}, emit)
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("{")):
		_, err = shipment.ReadJSONL(ctx, bytes.NewReader(head), path, shipment.ReadOptions{}, emit)
	default:
		_, err = shipment.ReadCSV(ctx, bytes.NewReader(head), path, shipment.ReadOptions{}, emit)
	}
	return party && errors.Is(err, errStop)
}

// aggSelect reads an aggregates file with every column cast to the
// contract's type (NULL where it cannot be) and the 1-based row number.
const aggSelect = `SELECT file_row_number + 1 AS row,
	trim(coalesce(TRY_CAST(month AS VARCHAR), '')) AS month,
	coalesce(TRY_CAST(supplier_country AS VARCHAR), '') AS supplier_country,
	coalesce(TRY_CAST(supplier AS VARCHAR), '') AS supplier,
	coalesce(TRY_CAST(consignee AS VARCHAR), '') AS consignee,
	coalesce(TRY_CAST(consignee_country AS VARCHAR), '') AS consignee_country,
	coalesce(TRY_CAST(destination AS VARCHAR), '') AS destination,
	trim(coalesce(TRY_CAST(hs AS VARCHAR), '')) AS hs,
	coalesce(TRY_CAST(chpl_tier AS VARCHAR), '') AS chpl_tier,
	TRY_CAST(listed AS BOOLEAN) AS listed,
	coalesce(TRY_CAST(entity_ids AS VARCHAR), '') AS entity_ids,
	TRY_CAST(shipments AS BIGINT) AS shipments,
	TRY_CAST(value AS DOUBLE) AS value,
	coalesce(TRY_CAST(currency AS VARCHAR), '') AS currency
FROM read_parquet(%s, file_row_number = true)`

// aggProblem is the reason a row of an aggregates file is skipped, or
// NULL when it is good.
const aggProblem = `CASE
	WHEN NOT regexp_full_match(month, '[0-9]{4}-(0[1-9]|1[0-2])') THEN 'month ' || '"' || month || '" is not YYYY-MM'
	WHEN NOT regexp_full_match(hs, '[0-9]{6}') THEN 'hs "' || hs || '" is not a 6-digit code'
	WHEN listed IS NULL THEN 'listed is missing or not a boolean'
	WHEN shipments IS NULL OR shipments < 0 THEN 'shipments is missing, negative or not an integer'
	WHEN value IS NULL OR isnan(value) OR isinf(value) THEN 'value is missing or not a number'
END`

// parquetLayout is a Parquet layout that loads straight into a table:
// sel reads the file (%s: the path literal) with a 1-based "row" column and
// the table's columns cast, problem is the reason a row is skipped (NULL
// for a good row), cols the columns inserted besides file.
type parquetLayout struct {
	kind, table, sel, problem string
	cols                      []string
}

var aggLayout = parquetLayout{kind: "aggregates", table: "flows_tx_agg", sel: aggSelect, problem: aggProblem, cols: AggregateColumns}

// importAggregates loads a Beam aggregates file.
func (db *DB) importAggregates(ctx context.Context, path string) (*ImportReport, error) {
	return db.importParquet(ctx, path, aggLayout)
}

// importParquet loads a file of the layout, replacing the rows of an
// earlier import of the same file, in one transaction.
func (db *DB) importParquet(ctx context.Context, path string, l parquetLayout) (*ImportReport, error) {
	rep := &ImportReport{File: path, Kind: l.kind, Read: &source.Report{Format: "flows-tx-" + l.kind, Files: []string{path}}}
	src := fmt.Sprintf("(SELECT *, %s AS problem FROM (%s))", l.problem, fmt.Sprintf(l.sel, sqlString(path)))
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("flows: %w", err)
	}
	defer tx.Rollback()
	key := fileKey(path)
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+l.table+" WHERE file = ?", key); err != nil {
		return rep, fmt.Errorf("flows: %s: %w", path, err)
	}
	// Load the good rows; only when some were left out, read the file a
	// second time for the reasons (the row count is in the footer).
	cols := strings.Join(l.cols, ", ")
	res, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (file, %s) SELECT %s, %s FROM %s WHERE problem IS NULL", l.table, cols, sqlString(key), cols, src))
	if err != nil {
		return rep, fmt.Errorf("flows: loading %s: %w", path, err)
	}
	n, _ := res.RowsAffected()
	rep.Rows = int(n)
	var total int
	if err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM read_parquet(%s)", sqlString(path))).Scan(&total); err != nil {
		return rep, fmt.Errorf("flows: reading %s: %w", path, err)
	}
	rep.Read.Records = total
	if total > rep.Rows {
		if err := problems(ctx, tx, src, rep.Read); err != nil {
			return rep, fmt.Errorf("flows: reading %s: %w", path, err)
		}
	}
	if rep.Rows+rep.Read.Skipped != total {
		return rep, fmt.Errorf("flows: loading %s: %d rows, %d loaded, %d skipped", path, total, rep.Rows, rep.Read.Skipped)
	}
	var first, last *string
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE listed), count(*) FILTER (WHERE chpl_tier <> ''), min(nullif(month, '')), max(nullif(month, ''))
		FROM `+l.table+` WHERE file = ?`, key).Scan(&rep.Listed, &rep.CHPL, &first, &last); err != nil {
		return rep, fmt.Errorf("flows: %s: %w", path, err)
	}
	if first != nil {
		rep.FirstMonth, rep.LastMonth = *first, *last
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("flows: loading %s: %w", path, err)
	}
	return rep, nil
}

// problems lists the rows of src with a problem in the report.
func problems(ctx context.Context, tx *sql.Tx, src string, rep *source.Report) error {
	rows, err := tx.QueryContext(ctx, "SELECT row, problem FROM "+src+" WHERE problem IS NOT NULL ORDER BY row")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p := source.Problem{File: rep.Files[0], Skipped: true}
		if err := rows.Scan(&p.Line, &p.Reason); err != nil {
			return err
		}
		rep.Skipped++
		rep.Problems = append(rep.Problems, p)
	}
	return rows.Err()
}
