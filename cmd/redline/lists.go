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
		printImport(a.stdout, results, *examples, time.Since(start))
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

// maxKinds is how many kinds of warning are printed per file without
// --verbose.
const maxKinds = 4

// printImport prints the import table, then warnings summarised per file
// and kind, then changes, then the files that were not imported or not
// made current: last, where people read.
func printImport(w io.Writer, results []lists.ImportResult, examples int, took time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dataset\tlist date\tstatus\tentities\tnames\taliases\tlinks\tskipped\twarnings\t file")
	count := map[string]int{}
	for _, r := range results {
		count[r.Status]++
		ds, date, aliases := "-", "-", "-"
		var ents, names, links, skipped, warns int
		if r.Report != nil {
			ds, ents, names, links, skipped, warns = r.Report.Dataset, r.Report.Entities, r.Report.Names, r.Report.Links, r.Report.Skipped, r.Report.Warnings()
		}
		if r.Meta != nil {
			date, aliases = r.Meta.DateOrUndated(), fmt.Sprint(r.Meta.Aliases)
		}
		if ds == "" {
			ds = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%d\t%d\t %s\n", ds, date, r.Status, ents, names, aliases, links, skipped, warns, r.Path)
	}
	tw.Flush()

	var warned bool
	for _, r := range results {
		if r.Report == nil || r.Report.Warnings() == 0 {
			continue
		}
		if !warned {
			warned = true
			how := fmt.Sprintf("first %d of each kind; --verbose for all", examples)
			if examples < 0 {
				how = "all"
			}
			fmt.Fprintf(w, "\nwarnings per file and kind (values kept as notes, nothing dropped; %s):\n", how)
		}
		fmt.Fprintf(w, "  %s: %d warnings\n", r.Path, r.Report.Warnings())
		kinds := lists.GroupProblems(r.Report.Problems, examples)
		for i, k := range kinds {
			if k.Skipped {
				continue // listed with the problems at the end
			}
			if examples >= 0 && i == maxKinds {
				fmt.Fprintf(w, "    ... %d more kinds (--verbose for all)\n", len(kinds)-i)
				break
			}
			fmt.Fprintf(w, "    %5d  %s\n", k.Count, k.Kind)
			for _, p := range k.Examples {
				fmt.Fprintf(w, "           e.g. %s\n", p)
			}
		}
	}

	var changed bool
	for _, r := range results {
		if r.Changes == nil || r.Meta == nil {
			continue
		}
		if !changed {
			changed = true
			fmt.Fprintln(w, "\nchanges of the versions made current:")
		}
		fmt.Fprintf(w, "  %s: %s -> %s: %d added, %d removed, %d changed\n",
			r.Meta.Dataset, r.Previous, r.Meta.Version, r.Changes.Added, r.Changes.Removed, r.Changes.Changed)
	}

	var parts []string
	for _, st := range []string{lists.StatusCurrent, lists.StatusSuperseded, lists.StatusUnchanged, lists.StatusOlder,
		lists.StatusNonOfficial, lists.StatusRefused, lists.StatusFailed, lists.StatusUnrecognized} {
		if count[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[st], st))
		}
	}
	fmt.Fprintf(w, "\n%d files in %s: %s\n", len(results), took.Round(time.Millisecond), strings.Join(parts, ", "))

	var notCurrent, notImported, skipped []string
	for _, r := range results {
		what := r.Path
		if r.Report != nil && r.Report.Dataset != "" {
			what += " (" + r.Report.Dataset + ")"
		}
		switch {
		case !lists.Imported(r.Status):
			notImported = append(notImported, fmt.Sprintf("  %s\n    %s: %s", what, r.Status, r.Err))
		case r.Status == lists.StatusOlder:
			notCurrent = append(notCurrent, fmt.Sprintf("  %s\n    older: stored as %s, the current version %s is newer", what, r.Meta.Version, r.Previous))
		case r.Status == lists.StatusNonOfficial:
			notCurrent = append(notCurrent, fmt.Sprintf("  %s\n    non-official: %s", what, r.Err))
		}
		if r.Report != nil && r.Report.Skipped > 0 {
			for _, k := range lists.GroupProblems(r.Report.Problems, max(examples, 1)) {
				if k.Skipped {
					for _, p := range k.Examples {
						skipped = append(skipped, fmt.Sprintf("  %s (%d like it)", p, k.Count))
					}
				}
			}
		}
	}
	section := func(title string, lines []string) {
		if len(lines) > 0 {
			fmt.Fprintf(w, "\n%s:\n%s\n", title, strings.Join(lines, "\n"))
		}
	}
	section("records that could not be read (counted in skipped)", skipped)
	section(fmt.Sprintf("stored but NOT made current (%d)", len(notCurrent)), notCurrent)
	section(fmt.Sprintf("NOT IMPORTED (%d): these files changed nothing", len(notImported)), notImported)
}

// statusRow is one line of `lists status`.
type statusRow struct {
	Dataset      string    `json:"dataset"`
	Version      string    `json:"version"`
	ListDate     string    `json:"list_date"`
	Entities     int       `json:"entities"`
	Names        int       `json:"names"`
	Links        int       `json:"links"`
	Skipped      int       `json:"skipped"`
	Format       string    `json:"format"`
	ImportedAt   time.Time `json:"imported_at"`
	Versions     int       `json:"versions"`
	Origin       string    `json:"origin,omitempty"`
	LastUpdate   time.Time `json:"last_update,omitzero"`
	LastFailure  time.Time `json:"last_failure,omitzero"`
	FailureCause string    `json:"failure_reason,omitempty"`
	// FailureKind is "import" or "update", FailurePath the file or URL.
	FailureKind string `json:"failure_kind,omitempty"`
	FailurePath string `json:"failure_path,omitempty"`
	// NonOfficial is the evidence that the current version is not an
	// official publication.
	NonOfficial []string `json:"non_official,omitempty"`
	// Problem says why a dataset with stored versions does not load.
	Problem string `json:"problem,omitempty"`
}

// statusReport is what `lists status` shows; --format json prints Lists,
// where datasets that do not load are rows with Problem set.
type statusReport struct {
	Lists []statusRow
	// Problems are datasets with stored versions that do not load.
	Problems []lists.DatasetProblem
	// LastImport is the record of the last `lists import`.
	LastImport *lists.ImportRecord
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
	rep, err := listsStatus(ctx, st)
	if err != nil {
		return err
	}
	if *format == "json" {
		rows := rep.Lists
		for _, p := range rep.Problems {
			rows = append(rows, statusRow{Dataset: p.Dataset, Problem: p.Reason})
		}
		if err := writeJSON(a.stdout, rawHTML, rows); err != nil {
			return err
		}
		if len(rep.Problems) > 0 {
			return fmt.Errorf("%d stored lists do not load", len(rep.Problems))
		}
		return nil
	}
	w := a.stdout
	if len(rep.Lists) == 0 && len(rep.Problems) == 0 {
		fmt.Fprintf(w, "no lists imported in %s; run `redline lists import PATH` or `redline lists update`\n", st.Dir())
	}
	if len(rep.Lists) > 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DATASET\tLIST DATE\tVERSION\tENTITIES\tNAMES\tLINKS\tSKIPPED\tVERSIONS\tIMPORTED\tLAST FAILURE")
		for _, r := range rep.Lists {
			fail := "-"
			if r.FailureCause != "" {
				fail = fmt.Sprintf("%s %s of %s: %s", r.LastFailure.Format(time.RFC3339), r.FailureKind, r.FailurePath, r.FailureCause)
			}
			date, ver := r.ListDate, r.Version
			if r.Version == "" {
				date, ver = "-", "(no current version)"
			} else if date == "" {
				date = lists.Undated
			}
			if len(r.NonOfficial) > 0 {
				ver += " (non-official)"
			}
			imported := "-"
			if !r.ImportedAt.IsZero() {
				imported = r.ImportedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", r.Dataset, date, ver, r.Entities, r.Names,
				r.Links, r.Skipped, r.Versions, imported, fail)
		}
		tw.Flush()
	}
	if li := rep.LastImport; li != nil && len(li.NotImported)+len(li.NotCurrent) > 0 {
		fmt.Fprintf(w, "\nlast import, %s: %d files, %d not imported, %d stored but not current\n",
			li.At.Format(time.RFC3339), li.Files, len(li.NotImported), len(li.NotCurrent))
		for _, o := range append(li.NotImported, li.NotCurrent...) {
			fmt.Fprintf(w, "  %s: %s: %s\n", o.Path, o.Status, o.Reason)
		}
	}
	if len(rep.Problems) > 0 {
		fmt.Fprintf(w, "\nLISTS THAT DO NOT LOAD (%d):\n", len(rep.Problems))
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
		return fmt.Errorf("%d stored lists do not load (see above)", len(rep.Problems))
	}
	return nil
}

// listsStatus gathers `lists status`: every dataset with a current
// version or a remembered failure, the stores' problems and the last
// import's record.
func listsStatus(ctx context.Context, st *lists.Store) (statusReport, error) {
	rep := statusReport{Lists: []statusRow{}}
	names, err := st.Datasets()
	if err != nil {
		return rep, err
	}
	seen := map[string]bool{}
	for _, ds := range names {
		seen[ds] = true
		m, err := st.Current(ds)
		if err != nil {
			continue // reported by Health below
		}
		vs, _ := st.Versions(ds)
		us, err := st.UpdateState(ds)
		var se *lists.StateError
		if errors.As(err, &se) {
			// A damaged state file shows as a failure naming the file.
			us.FailureKind, us.FailureReason, us.FailurePath = "state", err.Error(), se.Path
		} else if err != nil {
			return rep, err
		}
		rep.Lists = append(rep.Lists, statusRow{Dataset: ds, Version: m.Version, ListDate: m.ListDate, Entities: m.Entities,
			Names: m.Names, Links: m.Links, Skipped: m.Skipped, Format: m.Format, ImportedAt: m.ImportedAt,
			Versions: len(vs), Origin: m.Origin, LastUpdate: us.LastSuccess, LastFailure: us.LastFailure, FailureCause: us.FailureReason,
			FailureKind: us.FailureKind, FailurePath: us.FailurePath, NonOfficial: m.NonOfficial})
	}
	// Datasets whose only trace is a failed import or update.
	failed, err := st.FailedDatasets()
	if err != nil {
		return rep, err
	}
	for _, us := range failed {
		if !seen[us.Dataset] {
			rep.Lists = append(rep.Lists, statusRow{Dataset: us.Dataset, LastFailure: us.LastFailure, FailureCause: us.FailureReason,
				FailureKind: us.FailureKind, FailurePath: us.FailurePath})
		}
	}
	if rep.Problems, err = st.Health(ctx, false); err != nil {
		return rep, err
	}
	li, err := st.LastImport()
	if err != nil {
		return rep, err
	}
	if !li.At.IsZero() {
		rep.LastImport = &li
	}
	return rep, nil
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
	w := a.stdout
	fmt.Fprintf(w, "from %s\nto   %s\n%d added, %d removed, %d changed, %d unchanged\n",
		oldName, newName, d.Summary.Added, d.Summary.Removed, d.Summary.Changed, d.Summary.Unchanged)
	more := func(i, n int) bool {
		if *limit > 0 && i == *limit {
			fmt.Fprintf(w, "  ... %d more (--limit 0 or --format json for all)\n", n-i)
			return true
		}
		return false
	}
	if len(d.Added) > 0 {
		fmt.Fprintln(w, "\nadded:")
		for i, e := range d.Added {
			if more(i, len(d.Added)) {
				break
			}
			fmt.Fprintf(w, "  + %s  %s (%s)\n", e.ID, e.Caption(), e.Schema)
		}
	}
	if len(d.Removed) > 0 {
		fmt.Fprintln(w, "\nremoved:")
		for i, e := range d.Removed {
			if more(i, len(d.Removed)) {
				break
			}
			fmt.Fprintf(w, "  - %s  %s (%s)\n", e.ID, e.Caption(), e.Schema)
		}
	}
	if len(d.Changed) > 0 {
		fmt.Fprintln(w, "\nchanged:")
		for i, c := range d.Changed {
			if more(i, len(d.Changed)) {
				break
			}
			fmt.Fprintf(w, "  ~ %s  %s: %s\n", c.ID, c.Caption, strings.Join(c.Props, ", "))
			for _, p := range c.Props {
				fmt.Fprintf(w, "      %s: %q -> %q\n", p, c.Old[p], c.New[p])
			}
		}
	}
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
