package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/redline-sanctions/redline/alerts"
	"github.com/redline-sanctions/redline/internal/atomicfile"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/shipment/report"
	"github.com/redline-sanctions/redline/shipment/rules"
	"github.com/redline-sanctions/redline/source/ofac"
)

// sampleFormat reads the embedded sample list (OFAC CSV).
var sampleFormat = lists.Format{Name: "ofac-csv", Detect: ofac.DetectCSV, Reader: ofac.CSVReader{}}

// demoLists opens the list store the demo screens against. By default it
// is the demo's own, in DATA/demo/lists, holding the embedded sample list
// and the embedded synthetic ownership data that names its entries
// (imported there on first use, so that the demo runs on a fresh machine
// with no network); the store of real lists in DATA/lists is never written
// to, so the invented companies can never reach real screening. With
// real set, it is the store of imported lists, read only. It reports
// whether it imported the sample.
func demoLists(ctx context.Context, a *app, real bool) (*lists.Store, bool, error) {
	if real {
		st, err := openLists(a)
		if err != nil {
			return nil, false, err
		}
		ds, err := st.Datasets()
		if err != nil {
			return nil, false, err
		}
		if len(ds) == 0 {
			return nil, false, fmt.Errorf("--lists: no lists imported in %s: run `redline lists import FILE...` first, or leave out --lists to use the demo's sample", st.Dir())
		}
		return st, false, nil
	}
	dir := filepath.Join(a.dataDir, "demo")
	st, err := lists.Open(filepath.Join(dir, "lists"))
	if err != nil {
		return nil, false, err
	}
	ds, err := st.Datasets()
	if err != nil {
		return nil, false, err
	}
	if len(ds) > 0 {
		return st, false, nil
	}
	sdn, err := demo.WriteSample(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, false, err
	}
	own, err := demo.WriteOwnership(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, false, err
	}
	res, err := st.Import(ctx, []string{sdn, own}, lists.ImportOptions{Formats: append([]lists.Format{sampleFormat}, lists.Formats()...)})
	if err != nil {
		return nil, false, fmt.Errorf("importing the sample list: %w", err)
	}
	for _, r := range res {
		if r.Status == lists.StatusFailed || r.Err != nil {
			return nil, false, fmt.Errorf("importing the sample list %s: %w", r.Path, r.Err)
		}
	}
	return st, true, nil
}

// plantable returns the listed parties, and the unlisted parties blocked by
// the 50% rule, that the generator plants.
func plantable(ctx context.Context, st *lists.Store) (listed, owned []demo.Listed, err error) {
	if listed, err = demo.ListedFrom(ctx, st.Entities(ctx), 500); err != nil {
		return nil, nil, err
	}
	g, err := buildOwnership(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	if owned, err = demo.OwnedFrom(ctx, st.Entities(ctx), g, 200); err != nil {
		return nil, nil, err
	}
	return listed, owned, nil
}

func runDemoData(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "demo data")
	rows := fs.Int("rows", 10000, "number of shipments")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same sample")
	out := fs.String("out", "", "output file (default standard output); .csv, .jsonl or .parquet")
	format := fs.String("format", "", "csv, jsonl or parquet (default: from --out, else csv)")
	rate := fs.Float64("planted", 0.04, "share of shipments with a planted evasion pattern")
	real := fs.Bool("lists", false, "plant parties from the lists imported in the data folder instead of the demo's own sample list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("demo data: unexpected arguments %q", fs.Args())
	}
	f := *format
	if f == "" {
		f = strings.TrimPrefix(filepath.Ext(*out), ".")
		if f == "" {
			f = "csv"
		}
	}
	if err := checkFormat(f, "csv", "jsonl", "parquet"); err != nil {
		return err
	}
	st, imported, err := demoLists(ctx, a, *real)
	if err != nil {
		return err
	}
	if imported {
		fmt.Fprintf(a.stderr, "imported the embedded sample list into the demo's own store %s\n", st.Dir())
	}
	listed, owned, err := plantable(ctx, st)
	if err != nil {
		return err
	}
	w := a.stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	if err := demo.Write(ctx, w, f, demo.Options{Rows: *rows, Seed: *seed, Listed: listed, Owned: owned, PlantedRate: *rate}); err != nil {
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "%d shipments written to %s\n", *rows, *out)
	}
	return nil
}

func runDemo(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "demo")
	rows := fs.Int("rows", 20000, "number of shipments to generate")
	seed := fs.Uint64("seed", 1, "random seed")
	dir := fs.String("out", "", "folder for the sample and the report (default: DATA/demo)")
	top := fs.Int("top", 10, "top risks to print")
	real := fs.Bool("lists", false, "screen against the lists imported in the data folder (read only) instead of the demo's own sample list")
	store := fs.Bool("store", false, "record the screening as a run in the demo's own case store DATA/demo/cases.db (never DATA/cases.db): flagged shipments and listed parties become alerts, to open with redline --data DATA/demo serve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		*dir = filepath.Join(a.dataDir, "demo")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	start := time.Now()
	st, imported, err := demoLists(ctx, a, *real)
	if err != nil {
		return err
	}
	if imported {
		fmt.Fprintf(a.stdout, "The demo keeps its own lists in %s (your imported lists are never touched):\n", st.Dir())
		fmt.Fprintf(a.stdout, "imported the embedded sample of 30 SDN entries (OFAC CSV), with synthetic ownership data\n")
		fmt.Fprintf(a.stdout, "(invented front companies owned by those entries) to show the OFAC 50 Percent Rule.\n")
		fmt.Fprintf(a.stdout, "Import the real lists with `redline lists import FILE...` or `redline lists update`; `redline demo --lists` screens against them.\n\n")
	} else if !*real {
		fmt.Fprintf(a.stdout, "Screening against the demo's own sample list in %s (`--lists` uses your imported lists).\n", st.Dir())
	}
	listed, owned, err := plantable(ctx, st)
	if err != nil {
		return err
	}
	sample := filepath.Join(*dir, "shipments.csv")
	f, err := os.Create(sample)
	if err != nil {
		return err
	}
	if err := demo.Write(ctx, f, "csv", demo.Options{Rows: *rows, Seed: *seed, Listed: listed, Owned: owned}); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Generated %d shipments (clean trade plus planted evasion patterns) in %s\n", *rows, sample)

	setup, err := newShipmentEngine(ctx, a, st, rules.Default(), 0)
	if err != nil {
		return err
	}
	gs := setup.Ownership.Stats()
	fmt.Fprintf(a.stdout, "Screening against %d listed parties (%d addresses; %d ownership links, %d parties blocked by the 50%% rule) with %d rules...\n",
		setup.Matcher.Len(), setup.Addresses.Len(), gs.Links, gs.Blocked, len(setup.Rules.Rules))
	results := filepath.Join(*dir, "results.jsonl")
	rf, err := os.Create(results)
	if err != nil {
		return err
	}
	defer rf.Close()
	w, err := shipment.NewWriter(rf, "jsonl")
	if err != nil {
		return err
	}
	col := report.New(report.Options{Title: "redline demo: shipment screening report", Input: sample, Rules: setup.Rules, Top: 200})
	var stored *storedRun
	var sh *alerts.Shipments
	cases := filepath.Join(a.dataDir, "demo", "cases.db") // the demo's own: never the real DATA/cases.db
	if *store {
		settings := map[string]any{"demo": true, "rows": *rows, "seed": *seed, "lists": *real}
		if stored, err = startStoredRun(ctx, a, cases, st, "shipments", sample, settings); err != nil {
			return fmt.Errorf("demo: --store: %w", err)
		}
		sh = &alerts.Shipments{Rec: stored.rec, M: setup.Matcher}
	}
	rep, err := screenShipments(ctx, a, setup, sample, shipment.ReadOptions{}, w, col, sh)
	var storedMsg bytes.Buffer // printed last
	if stored != nil {
		// The demo's lists are its own data folder's; with --lists the
		// imported ones are served beside the demo's case store.
		serve, users := storeCommand(filepath.Join(a.dataDir, "demo"), "serve", ""), storeCommand(filepath.Join(a.dataDir, "demo"), "users add NAME --role analyst", "")
		if *real {
			serve, users = serveCommand(a, cases), usersCommand(a, cases)
		}
		err = stored.end(ctx, &storedMsg, err, serve, users)
		if err != nil {
			a.stdout.Write(storedMsg.Bytes())
		}
	}
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n%d shipments: %d high, %d medium, %d low, %d none (%d rows skipped)\n\n",
		col.Total(), col.Level("high"), col.Level("medium"), col.Level("low"), col.Level("none"), rep.Skipped)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SHIPMENT\tRISK\tLEVEL\tCONSIGNEE\tGOODS\tFLAGS")
	for i, as := range col.Top() {
		if i == *top {
			break
		}
		cons, goodsText := "", as.Goods.HSCode
		if p := as.Shipment.Party(shipment.Consignee); p != nil {
			cons = clip(p.Name, 36) + " (" + p.Country + ")"
		}
		if as.Goods.CHPLTier != "" {
			goodsText += " T" + as.Goods.CHPLTier
		}
		var flags []string
		for _, fl := range as.Flags {
			flags = append(flags, fl.Rule)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", as.ShipmentID, as.Risk, as.Level, cons, goodsText, strings.Join(flags, ", "))
	}
	tw.Flush()
	reportPath := filepath.Join(*dir, "report.html")
	if err := atomicfile.Write(reportPath, 0o644, col.Write); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nRecords: %s\nReport:  %s\n(%s)\n", results, reportPath, time.Since(start).Round(time.Millisecond))
	if *store {
		fmt.Fprintf(a.stdout, "\n%s", storedMsg.Bytes())
	} else {
		fmt.Fprintf(a.stdout, "To decide these alerts in the web UI: `redline demo --store` records them in the demo's own case store (%s).\n", cases)
	}
	return nil
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
