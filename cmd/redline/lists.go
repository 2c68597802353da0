package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/atomicfile"
	"github.com/redline-sanctions/redline/lists"
)

// openLists opens the list store in the data folder.
func openLists(a *app) (*lists.Store, error) {
	if err := ensureDataDir(a); err != nil {
		return nil, err
	}
	return lists.Open(filepath.Join(a.dataDir, "lists"))
}

func runListsImport(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "lists import")
	format := fs.String("format", "table", "output format: table or json")
	examples := fs.Int("problems", 1, "examples to print per file and kind of warning (--verbose or --format json: all)")
	verbose := fs.Bool("verbose", false, "print every warning, not a summary per file and kind")
	dataset := fs.String("dataset", "", "the dataset the files must hold (names the base version an FtM delta file applies to)")
	allowShrink := fs.Bool("allow-shrink", false, "let a version with far fewer entities, names or aliases than the current one become current")
	minRatio := fs.Float64("min-ratio", lists.DefaultMinRatio, "share of the current version's entities, names and aliases a new version must keep")
	allowNonOfficial := fs.Bool("allow-non-official", false, "let a non-official copy (e.g. a re-saved OFAC CSV) replace an official version by date")
	db := fs.String("db", "", "case store whose audit log records the import: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("lists import: give one or more list files or folders")
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	opts := lists.ImportOptions{Dataset: *dataset, AllowShrink: *allowShrink, MinRatio: *minRatio, AllowNonOfficial: *allowNonOfficial}
	var bar *progressbar.ProgressBar
	if a.isTerminal {
		opts.Progress = func(done, total int, path string) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(a.stderr),
					progressbar.OptionSetDescription("reading lists"), progressbar.OptionShowCount(),
					progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	start := time.Now()
	results, err := st.Import(ctx, fs.Args(), opts)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	notImported := 0
	var entries []casestore.AuditEntry
	for _, r := range results {
		if !lists.Imported(r.Status) {
			notImported++
		}
		entries = append(entries, importAudit(a, r))
	}
	auditErr := auditListChanges(ctx, a, *db, entries)
	if *format == "json" {
		if err := writeJSON(a.stdout, rawHTML, results); err != nil {
			return err
		}
	} else {
		if *verbose {
			*examples = -1
		}
		lists.WriteImport(a.stdout, results, *examples, time.Since(start))
	}
	if notImported > 0 {
		return errors.Join(fmt.Errorf("%d of %d files were not imported (see the end of the output, or `redline lists status`); the current versions of their lists are unchanged", notImported, len(results)), auditErr)
	}
	return auditErr
}

// importAudit is the audit entry of one imported file.
func importAudit(a *app, r lists.ImportResult) casestore.AuditEntry {
	d := map[string]any{"file": r.Path, "status": r.Status}
	subject := "file:" + r.Path
	if r.Report != nil && r.Report.Dataset != "" {
		subject = "list:" + r.Report.Dataset
		d["entities"] = r.Report.Entities
	}
	if r.Meta != nil {
		d["version"], d["sha256"], d["list_date"] = r.Meta.Version, r.Meta.SHA256, r.Meta.DateOrUndated()
	}
	if r.Previous != "" {
		d["previous"] = r.Previous
	}
	if r.Changes != nil {
		d["changes"] = r.Changes
	}
	if r.Err != nil {
		d["error"] = r.Err.Error()
	}
	raw, _ := json.Marshal(d)
	return casestore.AuditEntry{Actor: cliActor(a), Action: "lists.import", Subject: subject, Detail: raw}
}

// updateAudit is the audit entry of one dataset's update.
func updateAudit(actor string, r lists.UpdateResult) casestore.AuditEntry {
	d := map[string]any{"url": r.URL, "status": r.Status, "bytes": r.Bytes}
	if r.Import != nil && r.Import.Meta != nil {
		d["version"], d["sha256"] = r.Import.Meta.Version, r.Import.Meta.SHA256
		if r.Import.Previous != "" {
			d["previous"] = r.Import.Previous
		}
	}
	if r.Err != nil {
		d["error"] = r.Err.Error()
	}
	raw, _ := json.Marshal(d)
	return casestore.AuditEntry{Actor: actor, Action: "lists.update", Subject: "list:" + r.Dataset, Detail: raw}
}

// auditListChanges appends the entries of an import or update to the case
// store's audit log, in one transaction.
func auditListChanges(ctx context.Context, a *app, db string, entries []casestore.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	cases, err := openCases(ctx, a, db)
	if err == nil {
		_, err = cases.AuditBatch(ctx, entries)
		cases.Close()
	}
	if err != nil {
		return fmt.Errorf("the lists changed as shown, but the audit log could not record it: %w", err)
	}
	return nil
}

func runListsStatus(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "lists status")
	format := fs.String("format", "table", "output format: table or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	rep, err := st.Status(ctx)
	if err != nil {
		return err
	}
	if *format == "json" {
		if err := writeJSON(a.stdout, rawHTML, rep.Rows()); err != nil {
			return err
		}
		if len(rep.Problems) > 0 {
			return fmt.Errorf("%d stored lists do not load", len(rep.Problems))
		}
		return nil
	}
	lists.WriteStatus(a.stdout, rep, st.Dir())
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%d stored lists do not load (see above)", len(rep.Problems))
	}
	return nil
}

func runListsVerify(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "lists verify")
	format := fs.String("format", "table", "output format: table or json")
	fs.Usage = func() {
		fmt.Fprintln(a.stderr, `usage: redline lists verify [--format table|json] [DATASET...]
Checks every stored version (of the datasets given, else of all): the SHA-256
of each entity file against the one recorded at import, and that the entities
decode to the count in meta.json. Exits non-zero when a version fails.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	checks, err := st.Verify(ctx, fs.Args()...)
	if err != nil {
		return err
	}
	bad, unchecked := 0, 0
	for _, c := range checks {
		if !c.OK {
			bad++
		}
		if c.Unchecked {
			unchecked++
		}
	}
	if *format == "json" {
		if err := writeJSON(a.stdout, rawHTML, checks); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DATASET\tVERSION\tCURRENT\tRESULT")
		for _, c := range checks {
			cur, res := "", "ok"
			if c.Current {
				cur = "current"
			}
			if c.Unchecked {
				res = "ok (decoded; stored without checksums)"
			}
			if !c.OK {
				res = "DAMAGED: " + c.Err.Error()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Dataset, c.Version, cur, res)
		}
		tw.Flush()
		fmt.Fprintf(a.stdout, "\n%d versions checked, %d damaged, %d without checksums\n", len(checks), bad, unchecked)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d stored versions are damaged", bad, len(checks))
	}
	return nil
}

func runListsDiff(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "lists diff")
	format := fs.String("format", "table", "output format: table or json")
	limit := fs.Int("limit", 20, "entities to list per section in table output (0: all)")
	fs.Usage = func() {
		fmt.Fprintln(a.stderr, `usage: redline lists diff [--format table|json] OLD NEW
OLD and NEW are each a list file, or DATASET (its current version),
DATASET@previous, DATASET@current or DATASET@VERSION (see lists status).`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("lists diff: give OLD and NEW")
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	oldIt, oldName, err := st.Resolve(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	newIt, newName, err := st.Resolve(ctx, fs.Arg(1))
	if err != nil {
		return err
	}
	d, err := lists.Compare(ctx, oldIt, newIt)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(a.stdout, rawHTML, struct {
			Old string `json:"old"`
			New string `json:"new"`
			*lists.Diff
		}{oldName, newName, d})
	}
	lists.WriteDiff(a.stdout, d, oldName, newName, *limit)
	return nil
}

func runListsUpdate(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "lists update")
	format := fs.String("format", "table", "output format: table or json")
	var urls stringList
	fs.Var(&urls, "url", "override a publication address: DATASET=URL (repeatable)")
	minRatio := fs.Float64("min-ratio", lists.DefaultMinRatio, "refuse a download with fewer entities, names or aliases than this share of the current version's (negative: no check)")
	allowShrink := fs.Bool("allow-shrink", false, "accept a download however much smaller than the current version (same as --min-ratio -1)")
	db := fs.String("db", "", "case store whose audit log records the update: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	timeout := fs.Duration("timeout", 10*time.Minute, "timeout of each download")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	srcs := lists.DefaultSources()
	for _, u := range urls {
		o, err := lists.ParseSourceOverride(u, srcs)
		if err != nil {
			return usagef("%v", err)
		}
		replaced := false
		for i := range srcs {
			if srcs[i].Dataset == o.Dataset {
				srcs[i], replaced = o, true
			}
		}
		if !replaced {
			srcs = append(srcs, o)
		}
	}
	if *allowShrink {
		*minRatio = -1
	}
	opts := lists.UpdateOptions{Sources: srcs, MinRatio: *minRatio, Client: &http.Client{Timeout: *timeout}}
	if a.isTerminal {
		opts.OnProgress = func(ds string, size int64, body io.Reader) io.Reader {
			bar := progressbar.DefaultBytes(size, "downloading "+ds)
			r := progressbar.NewReader(body, bar)
			return &r
		}
	}
	results, err := st.Update(ctx, fs.Args(), opts)
	if err != nil {
		return err
	}
	failed := 0
	var entries []casestore.AuditEntry
	for _, r := range results {
		if r.Status == lists.UpdateFailed {
			failed++
		}
		entries = append(entries, updateAudit(cliActor(a), r))
	}
	auditErr := auditListChanges(ctx, a, *db, entries)
	if *format == "json" {
		if err := writeJSON(a.stdout, rawHTML, results); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DATASET\tSTATUS\tBYTES\tVERSION\tDETAIL")
		for _, r := range results {
			ver, detail := "-", ""
			if r.Err != nil {
				detail = r.Err.Error()
			}
			if r.Import != nil && r.Import.Meta != nil {
				ver = r.Import.Meta.Version
				if r.Import.Changes != nil {
					c := r.Import.Changes
					detail = fmt.Sprintf("%d added, %d removed, %d changed", c.Added, c.Removed, c.Changed)
				}
			}
			if r.Note != "" {
				detail = strings.TrimSpace(detail + " (" + r.Note + ")")
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.Dataset, r.Status, r.Bytes, ver, detail)
		}
		tw.Flush()
	}
	if failed > 0 {
		return errors.Join(fmt.Errorf("%d of %d lists could not be updated; their current versions are unchanged", failed, len(results)), auditErr)
	}
	return auditErr
}

func runListsExport(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "lists export")
	format := fs.String("format", "ftm", "export format: ftm (FollowTheMoney JSON lines)")
	out := fs.String("out", "-", "output file (- for standard output)")
	var datasets stringList
	fs.Var(&datasets, "dataset", "export only this dataset (repeatable; default all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "ftm"); err != nil {
		return err
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	var w io.Writer = a.stdout
	var f *atomicfile.File
	if *out != "-" {
		if f, err = atomicfile.Create(*out, 0o644); err != nil {
			return err
		}
		defer f.Abort() // nothing to remove after Commit
		w = f
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	for e, err := range st.Entities(ctx, datasets...) {
		if err != nil {
			return err
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
		n++
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stderr, "exported %d entities (OpenSanctions-derived data is CC BY-NC 4.0)\n", n)
	return nil
}
