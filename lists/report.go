package lists

// The reports of `redline lists import` and `redline lists status`, moved
// here from cmd/redline (lists.go): the command keeps its flags and wiring.

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// maxKinds is how many kinds of warning are printed per file without
// --verbose.
const maxKinds = 4

// WriteImport prints the table of `redline lists import`, then warnings summarised per file
// and kind, then changes, then the files that were not imported or not
// made current: last, where people read.
func WriteImport(w io.Writer, results []ImportResult, examples int, took time.Duration) {
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
		kinds := GroupProblems(r.Report.Problems, examples)
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
	for _, st := range []string{StatusCurrent, StatusSuperseded, StatusUnchanged, StatusOlder,
		StatusNonOfficial, StatusRefused, StatusFailed, StatusUnrecognized} {
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
		case !Imported(r.Status):
			notImported = append(notImported, fmt.Sprintf("  %s\n    %s: %s", what, r.Status, r.Err))
		case r.Status == StatusOlder:
			notCurrent = append(notCurrent, fmt.Sprintf("  %s\n    older: stored as %s, the current version %s is newer", what, r.Meta.Version, r.Previous))
		case r.Status == StatusNonOfficial:
			notCurrent = append(notCurrent, fmt.Sprintf("  %s\n    non-official: %s", what, r.Err))
		}
		if r.Report != nil && r.Report.Skipped > 0 {
			for _, k := range GroupProblems(r.Report.Problems, max(examples, 1)) {
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

// StatusRow is one line of `redline lists status`.
type StatusRow struct {
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

// StatusReport is what `redline lists status` shows; --format json prints
// Rows.
type StatusReport struct {
	Lists []StatusRow
	// Problems are datasets with stored versions that do not load.
	Problems []DatasetProblem
	// LastImport is the record of the last `lists import`.
	LastImport *ImportRecord
}

// Status gathers `redline lists status`: every dataset with a current
// version or a remembered failure, the stores' problems and the last
// import's record.
func (s *Store) Status(ctx context.Context) (StatusReport, error) {
	rep := StatusReport{Lists: []StatusRow{}}
	names, err := s.Datasets()
	if err != nil {
		return rep, err
	}
	seen := map[string]bool{}
	for _, ds := range names {
		seen[ds] = true
		m, err := s.Current(ds)
		if err != nil {
			continue // reported by Health below
		}
		vs, _ := s.Versions(ds)
		// A damaged state file shows as a failure naming the file.
		us := s.UpdateStateOf(ds)
		rep.Lists = append(rep.Lists, StatusRow{Dataset: ds, Version: m.Version, ListDate: m.ListDate, Entities: m.Entities,
			Names: m.Names, Links: m.Links, Skipped: m.Skipped, Format: m.Format, ImportedAt: m.ImportedAt,
			Versions: len(vs), Origin: m.Origin, LastUpdate: us.LastSuccess, LastFailure: us.LastFailure, FailureCause: us.FailureReason,
			FailureKind: us.FailureKind, FailurePath: us.FailurePath, NonOfficial: m.NonOfficial})
	}
	// Datasets whose only trace is a failed import or update.
	failed, err := s.FailedDatasets()
	if err != nil {
		return rep, err
	}
	for _, us := range failed {
		if !seen[us.Dataset] {
			rep.Lists = append(rep.Lists, StatusRow{Dataset: us.Dataset, LastFailure: us.LastFailure, FailureCause: us.FailureReason,
				FailureKind: us.FailureKind, FailurePath: us.FailurePath})
		}
	}
	if rep.Problems, err = s.Health(ctx, false); err != nil {
		return rep, err
	}
	li, err := s.LastImport()
	if err != nil {
		return rep, err
	}
	if !li.At.IsZero() {
		rep.LastImport = &li
	}
	return rep, nil
}

// Rows are the rows of the JSON status: Lists, then the datasets that do
// not load as rows with Problem set.
func (r StatusReport) Rows() []StatusRow {
	rows := r.Lists
	for _, p := range r.Problems {
		rows = append(rows, StatusRow{Dataset: p.Dataset, Problem: p.Reason})
	}
	return rows
}

// WriteStatus prints the table of `redline lists status` for the store in
// dir, the last import's files left out, and the datasets that do not
// load.
func WriteStatus(w io.Writer, rep StatusReport, dir string) {
	if len(rep.Lists) == 0 && len(rep.Problems) == 0 {
		fmt.Fprintf(w, "no lists imported in %s; run `redline lists import PATH` or `redline lists update`\n", dir)
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
				date = Undated
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
	}
}

// WriteDiff prints the table of `redline lists diff` from oldName to
// newName: the counts, then the added, removed and changed entities, at
// most limit of each (0: all).
func WriteDiff(w io.Writer, d *Diff, oldName, newName string, limit int) {
	fmt.Fprintf(w, "from %s\nto   %s\n%d added, %d removed, %d changed, %d unchanged\n",
		oldName, newName, d.Summary.Added, d.Summary.Removed, d.Summary.Changed, d.Summary.Unchanged)
	more := func(i, n int) bool {
		if limit > 0 && i == limit {
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
}
