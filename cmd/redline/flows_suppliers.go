package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/flows/report"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/rules"
)

// txImporter imports transaction-level files into the flows store. The
// screening engine is built from the imported lists on the first shipment
// file (Beam aggregates need none). `flows import` hands it the files
// flows.DetectTransactions recognises.
type txImporter struct {
	a    *app
	db   *flows.DB
	read shipment.ReadOptions
	// rulesPath and threshold are as for `screen shipments`.
	rulesPath string
	threshold float64
	set       *rules.Set
	eng       *shipment.Engine
}

// engine builds the shipment screening engine once.
func (im *txImporter) engine(ctx context.Context) (*shipment.Engine, error) {
	if im.eng != nil {
		return im.eng, nil
	}
	set, err := rules.Load(im.rulesPath)
	if err != nil {
		return nil, err
	}
	st, err := openLists(im.a)
	if err != nil {
		return nil, err
	}
	setup, err := newShipmentEngine(ctx, im.a, st, set, im.threshold)
	if err != nil {
		return nil, err
	}
	im.set, im.eng = setup.Rules, setup.Engine
	return im.eng, nil
}

// importFile imports one file and prints what was read.
func (im *txImporter) importFile(ctx context.Context, path string) (*flows.ImportReport, error) {
	var eng *shipment.Engine
	if !flows.IsAggregates(path) && !flows.IsScreened(path) {
		var err error
		if eng, err = im.engine(ctx); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	rep, err := im.db.ImportTransactions(ctx, path, eng, flows.ImportOptions{Read: im.read, Rules: im.set})
	if rep != nil {
		printProblems(im.a.stderr, rep.Read, 10)
	}
	if err != nil {
		return rep, err
	}
	months := "no dated rows"
	if rep.FirstMonth != "" {
		months = rep.FirstMonth + " to " + rep.LastMonth
	}
	skipped := 0
	if rep.Read != nil {
		skipped = rep.Read.Skipped
	}
	fmt.Fprintf(im.a.stderr, "%s: %s, %d rows (%d to listed or 50%%-owned end users, %d of CHPL goods), %s; %d rows skipped; %s\n",
		path, rep.Kind, rep.Rows, rep.Listed, rep.CHPL, months, skipped, time.Since(start).Round(time.Millisecond))
	return rep, nil
}

// isTransactionFile reports whether `flows import` should hand the file to
// txImporter (see flows.DetectTransactions).
func isTransactionFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := io.ReadFull(f, head)
	return flows.DetectTransactions(path, head[:n])
}

// txFlags are the flags of a transaction import, as for `screen shipments`.
type txFlags struct {
	rules, input *string
	threshold    *float64
	maps         stringList
}

func newTxFlags(fs *flag.FlagSet) *txFlags {
	f := &txFlags{
		rules:     fs.String("rules", "", "a rules file merged over the default rules (see shipment/rules/README.md)"),
		threshold: fs.Float64("threshold", 0, "match score (0-1) from which a party counts as listed (default: the rules file's min_score)"),
		input:     fs.String("input", "", "input format of shipment files: csv, jsonl or parquet (default: from the file name)"),
	}
	fs.Var(&f.maps, "map", "map a field to a column header, e.g. --map 'consignee=Buyer Name' (repeatable)")
	return f
}

// open opens the flows store and sets up an importer.
func (f *txFlags) open(ctx context.Context, a *app) (*txImporter, error) {
	db, err := flows.Open(ctx, a.dataDir)
	if err != nil {
		return nil, err
	}
	im, err := f.importer(a, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return im, nil
}

// importer sets up an importer into an open store.
func (f *txFlags) importer(a *app, db *flows.DB) (*txImporter, error) {
	mapping, err := shipment.ParseMapping(f.maps)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return &txImporter{a: a, db: db, read: shipment.ReadOptions{Mapping: mapping, Format: *f.input}, rulesPath: *f.rules, threshold: *f.threshold}, nil
}

func runFlowsImportShipments(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows import-shipments")
	tf := newTxFlags(fs.FlagSet)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("flows import-shipments: give one or more shipment files (CSV, JSON lines, Parquet) or transaction aggregates (Parquet)")
	}
	im, err := tf.open(ctx, a)
	if err != nil {
		return err
	}
	defer im.db.Close()
	for _, path := range fs.Args() {
		if _, err := im.importFile(ctx, path); err != nil {
			return err
		}
	}
	return nil
}

func runFlowsSuppliers(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows suppliers")
	var q flows.SupplierQuery
	fs.StringVar(&q.To, "to", "", "destination country (ISO code), e.g. RU")
	fs.BoolVar(&q.CHPL, "chpl", false, "only goods on the Common High Priority List")
	fs.BoolVar(&q.Listed, "listed", false, "only consignees or end users that are listed or 50%-owned by listed parties")
	fs.StringVar(&q.From, "from", "", "first month (YYYY-MM)")
	fs.StringVar(&q.Until, "until", "", "last month (YYYY-MM)")
	fs.BoolVar(&q.Monthly, "monthly", false, "one row per month")
	fs.IntVar(&q.Limit, "limit", 0, "at most this many rows (0: all)")
	format := fs.String("format", "table", "output format: table, json or csv")
	var imports stringList
	fs.Var(&imports, "import", "import this shipment or aggregates file first (repeatable)")
	tf := newTxFlags(fs.FlagSet)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("flows suppliers: unexpected argument %q (files go after --import)", fs.Arg(0))
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return err
	}
	im, err := tf.open(ctx, a)
	if err != nil {
		return err
	}
	defer im.db.Close()
	for _, path := range imports {
		if _, err := im.importFile(ctx, path); err != nil {
			return err
		}
	}
	rows, err := im.db.Suppliers(ctx, q)
	if err != nil {
		return err
	}
	return writeSuppliers(a.stdout, *format, rows)
}

// entityWords writes a row's list entries, "; "-separated.
func entityWords(es []flows.Entity) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

// reportSuppliers is the supplier section of `flows report`: the
// shipments to listed or 50%-owned end users, largest first; nil when no
// transaction-level records were imported.
func reportSuppliers(ctx context.Context, db *flows.DB) (*report.Table, error) {
	n, err := db.TransactionRows(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	const top = 100
	rows, err := db.Suppliers(ctx, flows.SupplierQuery{Listed: true, Limit: top})
	if err != nil {
		return nil, err
	}
	return report.SupplierTable(rows, fmt.Sprintf("Shipments to consignees or end users that are listed or owned 50%% or more by listed parties, all months, the %d largest by value, from %d transaction-level rows (redline flows suppliers --listed).", top, n)), nil
}

// writeSuppliers writes the rows as a table, JSON or CSV.
func writeSuppliers(w io.Writer, format string, rows []flows.SupplierRow) error {
	if rows == nil {
		rows = []flows.SupplierRow{}
	}
	switch format {
	case "json":
		return writeJSON(w, rawHTML, rows)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"supplier_country", "supplier", "consignee", "consignee_country", "destination", "hs", "chpl_tier", "month",
			"first_month", "last_month", "months", "shipments", "value", "currency", "listed", "entities"})
		for _, r := range rows {
			cw.Write([]string{r.SupplierCountry, r.Supplier, r.Consignee, r.ConsigneeCountry, r.Destination, r.HS, r.CHPLTier, r.Month,
				r.FirstMonth, r.LastMonth, strconv.Itoa(r.Months), strconv.FormatInt(r.Shipments, 10), strconv.FormatFloat(r.Value, 'f', 2, 64),
				r.Currency, strconv.FormatBool(r.Listed), entityWords(r.Entities)})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FROM\tSUPPLIER\tCONSIGNEE\tTO\tHS\tCHPL\tMONTHS\tSHIPMENTS\tVALUE\tLISTED ENTRIES")
	for _, r := range rows {
		months := r.FirstMonth
		if r.LastMonth != r.FirstMonth {
			months += ".." + r.LastMonth
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.2f %s\t%s\n", r.SupplierCountry, r.Supplier, r.Consignee, r.Destination, r.HS, r.CHPLTier,
			months, r.Shipments, r.Value, r.Currency, entityWords(r.Entities))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d rows\n", len(rows))
	return err
}

// flowsOnDemand is the web UI's flows store: it opens the store in the
// data folder for each request, so that the server does not hold DuckDB's
// lock on the file between requests and `redline flows import-shipments`
// can write to it while the server runs.
type flowsOnDemand struct{ dataDir string }

// Report collects the trade-flow report of the store (server.FlowsReporter).
func (f flowsOnDemand) Report(ctx context.Context, opts report.Options) (*report.Data, error) {
	db, err := flows.Open(ctx, f.dataDir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	d, err := report.Collect(ctx, db, opts)
	if err != nil {
		return nil, err
	}
	if d.Suppliers, err = reportSuppliers(ctx, db); err != nil {
		return nil, err
	}
	return d, nil
}

func (f flowsOnDemand) Suppliers(ctx context.Context, q flows.SupplierQuery) ([]flows.SupplierRow, error) {
	db, err := flows.Open(ctx, f.dataDir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Suppliers(ctx, q)
}
