package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/redline-sanctions/redline/alerts"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/atomicfile"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/report"
	"github.com/redline-sanctions/redline/shipment/rules"
	"github.com/redline-sanctions/redline/source"
)

// buildOwnership solves the OFAC 50 Percent Rule over every imported
// entity (the same entities the matcher reads).
func buildOwnership(ctx context.Context, st *lists.Store) (*ownership.Graph, error) {
	g, err := ownership.Build(ctx, st.Entities(ctx), shipment.OwnershipOptions())
	if err != nil {
		return nil, fmt.Errorf("building the ownership graph: %w", err)
	}
	return g, nil
}

// newShipmentEngine builds the shipment engine over the imported lists
// (shipment.NewSetup, shared with the server) and says which rules cannot
// fire.
func newShipmentEngine(ctx context.Context, a *app, st *lists.Store, set *rules.Set, threshold float64) (*shipment.Setup, error) {
	ds, err := st.Datasets()
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("no lists imported in %s: run `redline lists import FILE...` (the demo's sample list is in DATA/demo: redline --data DATA/demo ...)", st.Dir())
	}
	s, err := shipment.NewSetup(ctx, func(ctx context.Context) iter.Seq2[*entity.Entity, error] { return st.Entities(ctx) },
		shipment.SetupConfig{Rules: set, Threshold: threshold})
	if err != nil {
		return nil, err
	}
	inactive := s.Engine.Inactive()
	for _, id := range slices.Sorted(maps.Keys(inactive)) {
		fmt.Fprintf(a.stderr, "rule %s: %s; it does not fire\n", id, inactive[id])
	}
	return s, nil
}

// screenShipments streams one file through the engine to the writer, the
// report collector and the case store's alerts (each when not nil).
func screenShipments(ctx context.Context, a *app, s *shipment.Setup, path string, ropts shipment.ReadOptions, w *shipment.Writer, col *report.Collector, sh *alerts.Shipments) (*source.Report, error) {
	var bar *progressbar.ProgressBar
	if a.isTerminal {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("screening shipments"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("shipments"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	var rep *source.Report
	last := 0
	err := s.Engine.Run(ctx, func(emit func(*shipment.Shipment) error) error {
		var err error
		rep, err = shipment.Read(ctx, path, ropts, emit)
		return err
	}, func(as *shipment.Assessment) error {
		if col != nil {
			col.Add(as)
		}
		if sh != nil {
			if err := sh.Add(ctx, as); err != nil {
				return err
			}
		}
		if w != nil {
			return w.Write(as)
		}
		return nil
	}, func(done int) {
		if bar != nil {
			bar.Add(done - last)
			last = done
		}
	})
	if bar != nil {
		bar.Finish()
	}
	return rep, err
}

func runScreenShipments(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "screen shipments")
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	out := fs.String("out", "", "write the records to this file instead of standard output")
	reportPath := fs.String("report", "", "write a self-contained HTML report to this file")
	rulesPath := fs.String("rules", "", "a rules file merged over the default rules (see shipment/rules/README.md)")
	threshold := fs.Float64("threshold", 0, "match score (0-1) from which a party counts as listed (default: the rules file's min_score)")
	inFormat := fs.String("input", "", "input format: csv, jsonl or parquet (default: from the file name)")
	top := fs.Int("top", 100, "shipments listed with their flags in the report")
	printRules := fs.Bool("print-rules", false, "print the default rules file and exit")
	store := fs.Bool("store", false, "record the run and its alerts (flagged shipments, listed parties) in the case store, for analysts to decide in `redline serve`'s web UI")
	db := fs.String("db", "", "with --store: the case store, a postgres:// URL or a SQLite file (default DATA/cases.db, as serve)")
	var maps stringList
	fs.Var(&maps, "map", "map a field to a column header, e.g. --map 'consignee=Buyer Name' (repeatable)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, "usage: redline screen shipments [flags] FILE   (CSV, JSON lines or Parquet)")
		fmt.Fprintln(w, "Columns are recognised by their headers in English, Russian and Chinese customs exports;")
		fmt.Fprintln(w, "--map FIELD='Header' names the column of a field. The fields:")
		fmt.Fprintln(w, "  "+strings.Join(shipment.Fields(), ", "))
		fmt.Fprintln(w, "Flags (anywhere among the arguments):")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *printRules {
		_, err := a.stdout.Write(rules.DefaultJSON())
		return err
	}
	if fs.NArg() != 1 {
		return usagef("screen shipments: give one shipments file (CSV, JSON lines or Parquet)")
	}
	if err := checkFormat(*format, "jsonl", "csv"); err != nil {
		return err
	}
	mapping, err := shipment.ParseMapping(maps)
	if err != nil {
		return usagef("%v", err)
	}
	set, err := rules.Load(*rulesPath)
	if err != nil {
		return err
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	setup, err := newShipmentEngine(ctx, a, st, set, *threshold)
	if err != nil {
		return err
	}
	var dst io.Writer = a.stdout
	var outFile *atomicfile.File
	if *out != "" {
		if outFile, err = atomicfile.Create(*out, 0o644); err != nil {
			return err
		}
		defer outFile.Abort() // nothing to remove after Commit
		dst = outFile
	}
	w, err := shipment.NewWriter(dst, *format)
	if err != nil {
		return err
	}
	path := fs.Arg(0)
	col := report.New(report.Options{Input: path, Top: *top, Rules: setup.Rules})
	var stored *storedRun
	var sh *alerts.Shipments
	if *store {
		settings := map[string]any{"rules": *rulesPath, "threshold": *threshold, "input": *inFormat, "map": maps}
		if stored, err = startStoredRun(ctx, a, *db, st, "shipments", path, settings); err != nil {
			return fmt.Errorf("screen shipments: --store: %w", err)
		}
		sh = &alerts.Shipments{Rec: stored.rec, M: setup.Matcher}
	}
	start := time.Now()
	rep, err := screenShipments(ctx, a, setup, path, shipment.ReadOptions{Mapping: mapping, Format: *inFormat}, w, col, sh)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if stored != nil {
		err = stored.end(ctx, a.stderr, err, serveCommand(a, *db), usersCommand(a, *db))
	}
	printProblems(a.stderr, rep, 10)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "%d shipments in %s: %d high, %d medium, %d low, %d none; %d rows skipped\n",
		col.Total(), time.Since(start).Round(time.Millisecond), col.Level("high"), col.Level("medium"), col.Level("low"), col.Level("none"), rep.Skipped)
	if *reportPath != "" {
		if err := atomicfile.Write(*reportPath, 0o644, col.Write); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "report: %s\n", *reportPath)
	}
	if outFile != nil {
		return outFile.Commit()
	}
	return nil
}

// printProblems prints the first problems of a read.
func printProblems(w io.Writer, rep *source.Report, n int) {
	if rep == nil {
		return
	}
	for i, p := range rep.Problems {
		if i == n {
			fmt.Fprintf(w, "... and %d more problems\n", len(rep.Problems)-n)
			break
		}
		what := "warning"
		if p.Skipped {
			what = "skipped"
		}
		field := ""
		if p.Field != "" {
			field = " " + p.Field + ":"
		}
		fmt.Fprintf(w, "%s:%d: %s:%s %s\n", p.File, p.Line, what, field, p.Reason)
	}
}
