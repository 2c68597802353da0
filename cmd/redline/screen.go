package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/redline-sanctions/redline/alerts"
	"github.com/redline-sanctions/redline/internal/atomicfile"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
)

// runScreenParties screens a CSV or JSON lines file of parties against the
// imported lists and writes one record per input record.
func runScreenParties(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "screen parties")
	format := fs.String("format", "", "output format: table (matches and the review band, for people), jsonl or csv (every record) (default: table on a terminal, else jsonl)")
	input := fs.String("input", "", "input format: csv or jsonl (default: detected)")
	schema := fs.String("schema", "", "schema of rows without one (default LegalEntity: persons and organisations)")
	threshold := fs.Float64("threshold", match.DefaultThreshold, "score at or above which a result is a match")
	limit := fs.Int("limit", 5, "most matches per record")
	algorithm := fs.String("algorithm", match.Redline, "scoring: redline or ofac (OFAC Sanctions List Search scores)")
	out := fs.String("out", "", "write to `FILE` (atomically) instead of standard output")
	problems := fs.Int("problems", 10, "malformed records to list on standard error")
	withOwn := fs.Bool("ownership", true, "add the OFAC 50% rule verdict (blocked, share, paths) to matches of entities owned by blocked persons")
	store := fs.Bool("store", false, "record the run and its alerts in the case store, for analysts to decide in `redline serve`'s web UI")
	db := fs.String("db", "", "with --store: the case store, a postgres:// URL or a SQLite file (default DATA/cases.db, as serve)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the screening (not of loading the lists) to `FILE`")
	var datasets stringList
	fs.Var(&datasets, "dataset", "screen against this imported `dataset` only (repeatable; default all)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, "usage: redline screen parties [flags] FILE   (FILE - reads standard input)")
		fmt.Fprintln(w, "FILE is CSV with a header row, or JSON lines (objects with these keys, or FtM entities).")
		fmt.Fprintln(w, "Columns read (case-insensitive; other columns are ignored):")
		for _, c := range screen.Columns() {
			fmt.Fprintln(w, "  "+c)
		}
		fmt.Fprintln(w, "Flags (anywhere among the arguments):")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("screen parties: give one parties file (CSV or JSON lines), or - for standard input")
	}
	if *format == "" {
		*format = screen.OutputJSONL
		if a.stdoutTerminal && *out == "" {
			*format = screen.OutputTable
		}
	}
	if err := checkFormat(*format, screen.OutputTable, screen.OutputJSONL, screen.OutputCSV); err != nil {
		return err
	}
	if *input != "" {
		if err := checkChoice("input", *input, screen.FormatCSV, screen.FormatJSONL); err != nil {
			return err
		}
	}
	if err := checkChoice("algorithm", *algorithm, match.Redline, match.OFAC); err != nil {
		return err
	}
	if *limit <= 0 {
		return usagef("screen parties: --limit %d: want at least 1", *limit)
	}
	opts := match.DefaultOptions()
	opts.Threshold, opts.Limit, opts.Algorithm = *threshold, *limit, *algorithm
	if err := opts.Validate(); err != nil {
		return usagef("screen parties: %v", err)
	}

	in, size, name, err := openInput(rest[0])
	if err != nil {
		return err
	}
	defer in.Close()
	m, err := loadMatcher(ctx, a, engineOptions{Datasets: datasets})
	if err != nil {
		return err
	}
	var dst io.Writer = a.stdout
	var outFile *atomicfile.File
	if *out != "" {
		if outFile, err = atomicfile.Create(*out, 0o600); err != nil {
			return err
		}
		defer outFile.Abort() // nothing to remove after Commit
		dst = outFile
	}
	w, err := partiesWriter(ctx, a, dst, *format, opts.Threshold, *withOwn)
	if err != nil {
		return err
	}
	var stored *storedRun
	if *store {
		st, err := openLists(a)
		if err != nil {
			return err
		}
		settings := map[string]any{"threshold": opts.Threshold, "algorithm": opts.Algorithm, "limit": opts.Limit, "format": *input, "datasets": datasets}
		if stored, err = startStoredRun(ctx, a, *db, st, "parties", name, settings); err != nil {
			return fmt.Errorf("screen parties: --store: %w", err)
		}
		w = &alerts.Parties{Ctx: ctx, Rec: stored.rec, Ents: m, W: w}
	}
	sopts := screen.Options{Format: *input, Schema: *schema, Match: opts, File: name}
	st, err := screenPartiesFile(ctx, a, in, size, sopts, m, w, *cpuProfile)
	if stored != nil { // screen.Parties flushed w: the alerts are written
		err = stored.end(ctx, a.stderr, err, serveCommand(a, *db), usersCommand(a, *db))
	}
	if err != nil {
		return err
	}
	if outFile != nil {
		if err := outFile.Commit(); err != nil {
			return fmt.Errorf("screen parties: writing %s: %w", *out, err)
		}
	}
	for i, p := range st.Problems {
		if i == *problems {
			fmt.Fprintf(a.stderr, "... %d more malformed records\n", st.Malformed-i)
			break
		}
		fmt.Fprintln(a.stderr, p.String())
	}
	fmt.Fprintf(a.stderr, "screened %d of %d records (%d malformed): %d flagged with %d matches at threshold %.2f, in %s (%.0f records/s)\n",
		st.Screened, st.Records, st.Malformed, st.Flagged, st.Matches, opts.Threshold, st.Elapsed.Round(time.Millisecond), st.QueriesPerSecond())
	return nil
}

// openInput opens a file to screen, or standard input for "-"; size is
// the file's size when known (for the progress bar), else -1; name is
// the name errors use.
func openInput(path string) (in io.ReadCloser, size int64, name string, err error) {
	if path == "-" {
		return io.NopCloser(os.Stdin), -1, "stdin", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, "", err
	}
	size = -1
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, path, nil
}

// partiesWriter returns the writer of screen parties' output format,
// with the 50% rule's verdicts added when withOwn is set.
func partiesWriter(ctx context.Context, a *app, dst io.Writer, format string, threshold float64, withOwn bool) (screen.Writer, error) {
	var w screen.Writer
	if format == screen.OutputTable {
		w = screen.NewTableWriter(dst, threshold, 0)
	} else {
		var err error
		if w, err = screen.NewWriter(dst, format); err != nil {
			return nil, err
		}
	}
	if withOwn {
		return withOwnership(ctx, a, w)
	}
	return w, nil
}

// screenPartiesFile screens in with a progress bar on a terminal and,
// when cpuProfile is set, a CPU profile of the screening alone.
func screenPartiesFile(ctx context.Context, a *app, in io.Reader, size int64, sopts screen.Options, m *match.Matcher, w screen.Writer, cpuProfile string) (screen.Stats, error) {
	var bar *progressbar.ProgressBar
	if a.isTerminal {
		bar = progressbar.NewOptions64(size, progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("screening "+filepath.Base(sopts.File)), progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		sopts.Progress = func(s screen.Stats) { bar.Set64(s.Bytes) }
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return screen.Stats{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return screen.Stats{}, fmt.Errorf("screen parties: --cpuprofile: %w", err)
		}
	}
	st, err := screen.Parties(ctx, in, sopts, m, w)
	if cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if bar != nil {
		bar.Finish()
	}
	return st, err
}
