package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/flows/report"
	"github.com/redline-sanctions/redline/internal/atomicfile"
	"github.com/redline-sanctions/redline/trade"
)

// openTradeStats opens the analytics store of the data folder; in a
// CGO_ENABLED=0 build it fails with flows.ErrNeedsCgo.
func openTradeStats(ctx context.Context, a *app) (*flows.DB, error) {
	return flows.Open(ctx, a.dataDir)
}

// runFlowsImport reads trade statistics files (Comext, Comtrade) into the
// analytics store and says what was read, what was skipped and which
// periods each reporter covers. It fails when a file could not be read.
func runFlowsImport(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows import")
	format := fs.String("format", "table", "output format: table or json")
	maxProblems := fs.Int("problems", 10, "problems to print per file (--format json shows all)")
	tf := newTxFlags(fs.FlagSet)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline flows import [--format table|json] FILE|DIR...\n"+
			"Reads Eurostat Comext exports and UN Comtrade CSV/TXT (detected by their header), and transaction-level\n"+
			"records: shipment files (CSV, JSON lines, Parquet; screened on import against the imported lists, as by\n"+
			"`screen shipments`) and the transaction aggregates redline-beam writes. Folders are read recursively.")
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return usagef("flows import: give files or folders")
	}
	db, err := openTradeStats(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	// Transaction-level files go to the transaction import, the rest to
	// the statistics import.
	stats, tx, ignored, err := splitTransactionFiles(paths)
	if err != nil {
		return err
	}
	if len(ignored) > 0 {
		fmt.Fprintf(a.stdout, "ignored %d files that are neither statistics (.csv, .tsv, .txt) nor shipment records: %s\n", len(ignored), strings.Join(ignored, ", "))
	}
	txFailed := 0
	if len(tx) > 0 {
		im, err := tf.importer(a, db)
		if err != nil {
			return err
		}
		for _, path := range tx {
			if _, err := im.importFile(ctx, path); err != nil {
				fmt.Fprintf(a.stdout, "FAILED %s: %v\n", path, err)
				txFailed++
			}
		}
		if len(stats) == 0 {
			if txFailed > 0 {
				return fmt.Errorf("flows import: %d of %d files could not be read", txFailed, len(tx))
			}
			return nil
		}
	}
	res, err := db.ImportStats(ctx, stats)
	if err != nil {
		return err
	}
	if *format == "json" {
		if err := writeJSON(a.stdout, rawHTML, res); err != nil {
			return err
		}
	} else {
		writeImport(a.stdout, res, *maxProblems)
	}
	if failed := len(res.Failed) + txFailed; failed > 0 {
		return fmt.Errorf("flows import: %d of %d files could not be read", failed, len(res.Failed)+len(res.Files)+len(tx))
	}
	return nil
}

// splitTransactionFiles walks paths (files, and folders recursively) and
// returns the transaction-level files (flows.DetectTransactions) apart from
// the rest. A folder holding no transaction file is returned as it is (the
// statistics import walks it and lists what it ignores); from one that
// does, its statistics files (flows.IsStatsFile), and the other files as
// ignored.
func splitTransactionFiles(paths []string) (stats, tx, ignored []string, err error) {
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, nil, err
		}
		if !fi.IsDir() {
			if isTransactionFile(p) {
				tx = append(tx, p)
			} else {
				stats = append(stats, p)
			}
			continue
		}
		var files, found, other []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if isTransactionFile(path) {
				found = append(found, path)
			} else if flows.IsStatsFile(path) {
				files = append(files, path)
			} else {
				other = append(other, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, nil, err
		}
		if len(found) == 0 {
			stats = append(stats, p) // the statistics import walks it itself
			continue
		}
		stats, tx, ignored = append(stats, files...), append(tx, found...), append(ignored, other...)
	}
	return stats, tx, ignored, nil
}

func writeImport(w io.Writer, res *flows.StatsImport, maxProblems int) {
	formats := map[string]int{}
	for _, f := range res.Files {
		formats[f.Format]++
	}
	var fm []string
	for k, n := range formats {
		fm = append(fm, fmt.Sprintf("%d %s", n, k))
	}
	fmt.Fprintf(w, "read %d files (%s): %d figures, %d rows skipped\n", len(res.Files), strings.Join(fm, ", "), res.Records, res.Skipped)
	for _, f := range res.Files {
		if len(f.Problems) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%s): %d rows, %d figures, %d skipped\n", f.File, f.Format, f.Rows, f.Records, f.Skipped)
		for i, p := range f.Problems {
			if i == maxProblems {
				fmt.Fprintf(w, "  ... %d more (--problems N, or --format json)\n", len(f.Problems)-maxProblems)
				break
			}
			what := "skipped"
			if !p.Skipped {
				what = "note"
			}
			fmt.Fprintf(w, "  %s: %s\n", what, p)
		}
	}
	for _, f := range res.Failed {
		fmt.Fprintf(w, "FAILED %s: %s\n", f.File, f.Error)
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(w, "ignored %d files that are not .csv, .tsv or .txt: %s\n", len(res.Ignored), strings.Join(res.Ignored, ", "))
	}
	fmt.Fprintf(w, "stored %d figures (%d replaced figures already stored, %d read twice)\n", res.Stored, res.Replaced, res.Repeated)
	fmt.Fprintln(w, "periods covered:")
	for _, c := range res.Coverage {
		fmt.Fprintf(w, "  %s\n", c)
	}
}

// parsePeriodFlag reads --period.
func parsePeriodFlag(s string) (trade.Period, error) {
	if s == "" {
		return trade.Period{}, usagef("--period is required (a year, 2023, or a month, 2023-08)")
	}
	p, err := trade.ParsePeriod(s)
	if err != nil {
		return trade.Period{}, usagef("--period: %v", err)
	}
	return p, nil
}

func parseYearsFlag(s string) (flows.Years, error) {
	y, err := flows.ParseYears(s)
	if err != nil {
		return flows.Years{}, usagef("--baseline: %v", err)
	}
	return y, nil
}

func parseFlowFlag(s string) (trade.Flow, error) {
	switch trade.Flow(s) {
	case trade.Export, trade.Import:
		return trade.Flow(s), nil
	}
	return "", usagef("--flow %q: want export or import", s)
}

// runFlowsSpikes ranks a reporter's partners (and HS codes) by how much its
// trade with them grew from a baseline to a period.
func runFlowsSpikes(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows spikes")
	reporter := fs.String("reporter", "EU27", "reporter: a country (DE) or an aggregate (EU27, EA20)")
	flow := fs.String("flow", "export", "export or import")
	baseline := fs.String("baseline", "2019-2021", "baseline years, FROM-TO")
	period := fs.String("period", "", "the year (2023) or month (2023-08) to compare")
	minBase := fs.Float64("min-base", 0, "leave out rows whose baseline is below this value (in the figures' currency)")
	hs := fs.String("hs", "", "keep HS codes starting with this prefix")
	chpl := fs.Bool("chpl", false, "keep Common High Priority List codes only")
	partner := fs.String("partner", "", "keep this partner only")
	currency := fs.String("currency", "", "the figures' currency when the reporter has several (EUR, USD)")
	members := fs.Bool("members", false, "add the rows of each member country of an aggregate reporter (EU27)")
	limit := fs.Int("limit", 0, "print at most this many rows (0: all)")
	format := fs.String("format", "table", "output format: table, json (JSON lines) or csv")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline flows spikes --reporter EU27 --flow export --baseline 2019-2021 --period 2023 [--min-base EUR] [--hs PREFIX|--chpl] [--format table|json|csv]")
		fs.PrintDefaults()
	}
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return err
	}
	q := flows.SpikeQuery{Reporter: strings.ToUpper(*reporter), MinBase: *minBase, HS: *hs, CHPL: *chpl, Partner: strings.ToUpper(*partner), Currency: strings.ToUpper(*currency), Members: *members}
	var err error
	if q.Flow, err = parseFlowFlag(*flow); err != nil {
		return err
	}
	if q.Baseline, err = parseYearsFlag(*baseline); err != nil {
		return err
	}
	if q.Period, err = parsePeriodFlag(*period); err != nil {
		return err
	}
	if *hs != "" && *chpl {
		return usagef("flows spikes: --hs and --chpl exclude each other")
	}
	db, err := openTradeStats(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Spikes(ctx, q)
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(a.stderr, "note:", n)
	}
	rows := res.Rows
	if *limit > 0 && len(rows) > *limit {
		rows = rows[:*limit]
	}
	header := []string{"reporter", "partner", "partner_name", "flow", "hs", "period", "months", "baseline", "base", "current", "ratio", "excess", "currency", "partial"}
	return writeTradeRows(a.stdout, *format, header, len(rows), func(i int) any { return rows[i] }, func(i int) []string {
		s := rows[i]
		return []string{s.Reporter, s.Partner, s.PartnerName, s.Flow, s.HS, s.Period, s.Months, s.Baseline,
			tradeNum(s.Base), tradeNum(s.Current), tradeRatio(s.Ratio), tradeNum(s.Excess), s.Currency, strconv.FormatBool(s.Partial)}
	})
}

// runFlowsMirror compares an exporter's declared exports with its partners'
// declared imports from it.
func runFlowsMirror(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows mirror")
	reporter := fs.String("reporter", "EU27", "the exporter: a country (DE) or an aggregate (EU27)")
	baseline := fs.String("baseline", "2019-2021", "baseline years, FROM-TO")
	period := fs.String("period", "", "the year to compare (2022)")
	importer := fs.String("importer", "", "keep this partner only")
	hs := fs.String("hs", "", "keep HS codes starting with this prefix")
	members := fs.Bool("members", false, "add a row per member country of an aggregate exporter (EU27)")
	format := fs.String("format", "table", "output format: table, json (JSON lines) or csv")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline flows mirror --reporter EU27 --baseline 2019-2021 --period 2022 [--members] [--format table|json|csv]")
		fs.PrintDefaults()
	}
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return err
	}
	q := flows.MirrorQuery{Exporter: strings.ToUpper(*reporter), Importer: strings.ToUpper(*importer), HS: *hs, Members: *members}
	var err error
	if q.Baseline, err = parseYearsFlag(*baseline); err != nil {
		return err
	}
	p, err := parsePeriodFlag(*period)
	if err != nil {
		return err
	}
	if !p.Annual() {
		return usagef("flows mirror: --period %s: want a year", *period)
	}
	q.Period = p.Year
	db, err := openTradeStats(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Mirror(ctx, q)
	if err != nil {
		return err
	}
	header := []string{"exporter", "importer", "importer_name", "hs", "period", "baseline", "exporter_reported", "importer_reported", "ratio", "baseline_ratio", "change", "currency", "incomplete"}
	return writeTradeRows(a.stdout, *format, header, len(rows), func(i int) any { return rows[i] }, func(i int) []string {
		m := rows[i]
		return []string{m.Exporter, m.Importer, m.ImporterName, m.HS, m.Period, m.Baseline, tradeNum(m.ExporterReported), tradeNum(m.ImporterReported),
			tradeRatio(m.Ratio), tradeRatio(m.BaselineRatio), tradeRatio(m.Change), m.Currency, strings.Join(append(m.Incomplete, m.Notes...), "; ")}
	})
}

// runFlowsSeries writes a reporter's yearly or monthly values per partner.
func runFlowsSeries(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows series")
	reporter := fs.String("reporter", "EU27", "reporter: a country (DE) or an aggregate (EU27)")
	flow := fs.String("flow", "export", "export or import")
	hs := fs.String("hs", "TOTAL", "the HS code")
	monthly := fs.Bool("monthly", false, "one value per month (default: per year)")
	currency := fs.String("currency", "", "the figures' currency when the reporter has several (EUR, USD)")
	format := fs.String("format", "table", "output format: table, json (JSON lines, one per partner) or csv")
	var partners stringList
	fs.Var(&partners, "partner", "a partner (repeatable; default: all)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline flows series --reporter EU27 [--partner AM]... [--monthly] [--format table|json|csv]")
		fs.PrintDefaults()
	}
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return err
	}
	q := flows.SeriesQuery{Reporter: strings.ToUpper(*reporter), HS: *hs, Monthly: *monthly, Currency: strings.ToUpper(*currency)}
	for _, p := range partners {
		q.Partners = append(q.Partners, strings.ToUpper(p))
	}
	var err error
	if q.Flow, err = parseFlowFlag(*flow); err != nil {
		return err
	}
	db, err := openTradeStats(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	series, err := db.Series(ctx, q)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeTradeRows(a.stdout, "json", nil, len(series), func(i int) any { return series[i] }, nil)
	}
	type point struct {
		s *flows.Series
		p flows.Point
	}
	var pts []point
	for i := range series {
		for _, p := range series[i].Points {
			pts = append(pts, point{&series[i], p})
		}
	}
	header := []string{"reporter", "partner", "partner_name", "hs", "period", "value", "months", "partial", "currency"}
	return writeTradeRows(a.stdout, *format, header, len(pts), nil, func(i int) []string {
		s, p := pts[i].s, pts[i].p
		return []string{s.Reporter, s.Partner, s.PartnerName, s.HS, p.Period, tradeNum(p.Value), strconv.Itoa(p.Months), strconv.FormatBool(p.Partial), s.Currency}
	})
}

// runFlowsReport writes the self-contained HTML trade-flow report.
func runFlowsReport(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "flows report")
	out := fs.String("out", "", "the HTML file to write")
	reporter := fs.String("reporter", "EU27", "reporter: a country (DE) or an aggregate (EU27)")
	flow := fs.String("flow", "export", "export or import")
	baseline := fs.String("baseline", "2019-2021", "baseline years, FROM-TO")
	period := fs.String("period", "", "the year (2023) or month (2023-08) to compare")
	mirrorPeriod := fs.Int("mirror-period", 0, "the year of the mirror comparison (default: the period's year)")
	minBase := fs.Float64("min-base", 0, "leave out partners whose baseline is below this value")
	hs := fs.String("hs", "", "keep HS codes starting with this prefix")
	chpl := fs.Bool("chpl", false, "keep Common High Priority List codes only")
	top := fs.Int("top", 6, "partners drawn as line charts")
	members := fs.Bool("members", false, "add the member countries of an aggregate reporter (EU27)")
	title := fs.String("title", "", "the page title")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline flows report --out FILE.html --reporter EU27 --baseline 2019-2021 --period 2023 [--mirror-period 2022]")
		fs.PrintDefaults()
	}
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("flows report: --out FILE.html is required")
	}
	opts := report.Options{Title: *title, Reporter: strings.ToUpper(*reporter), MinBase: *minBase, HS: *hs, CHPL: *chpl, MirrorPeriod: *mirrorPeriod, Top: *top, Members: *members}
	var err error
	if opts.Flow, err = parseFlowFlag(*flow); err != nil {
		return err
	}
	if opts.Baseline, err = parseYearsFlag(*baseline); err != nil {
		return err
	}
	if opts.Period, err = parsePeriodFlag(*period); err != nil {
		return err
	}
	db, err := openTradeStats(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := report.Collect(ctx, db, opts)
	if err != nil {
		return err
	}
	if d.Suppliers, err = reportSuppliers(ctx, db); err != nil {
		return err
	}
	if err := atomicfile.Write(*out, 0o644, func(w io.Writer) error { return report.Write(w, d) }); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "wrote %s: %d spikes, %d partner charts, %d mirror rows\n", *out, len(d.Spikes.Rows), len(d.Series), len(d.Mirror))
	return nil
}

// writeTradeRows writes n rows as an aligned table, JSON lines (value(i)) or
// CSV (text(i) under header).
func writeTradeRows(w io.Writer, format string, header []string, n int, value func(int) any, text func(int) []string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		for i := range n {
			if err := enc.Encode(value(i)); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(header)
		for i := range n {
			cw.Write(text(i))
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for i := range n {
		fmt.Fprintln(tw, strings.Join(text(i), "\t")+"\t")
	}
	return tw.Flush()
}

func tradeNum(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func tradeRatio(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 4, 64)
}
