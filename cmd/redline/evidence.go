package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/evidence"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

// dbFlagHelp is the help of every evidence command's --db flag.
const dbFlagHelp = "case store: a postgres:// URL, or a SQLite file (default DATA/cases.db)"

// currentVersions maps each imported dataset to its current version.
func currentVersions(st *lists.Store) map[string]string {
	out := map[string]string{}
	names, err := st.Datasets()
	if err != nil {
		return out
	}
	for _, ds := range names {
		if m, err := st.Current(ds); err == nil {
			out[ds] = m.Version
		}
	}
	return out
}

// openLedger builds the index over the imported lists and opens the case
// store: what adding and re-screening documents need.
func openLedger(ctx context.Context, a *app, db string) (*match.Matcher, map[string]string, *casestore.DB, error) {
	m, err := loadMatcher(ctx, a, engineOptions{})
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := openLists(a)
	if err != nil {
		return nil, nil, nil, err
	}
	cases, err := openCases(ctx, a, db)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, currentVersions(st), cases, nil
}

// runEvidenceAdd stores a document in the evidence ledger with what text
// screening found in it.
func runEvidenceAdd(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "evidence add")
	sourceURL := fs.String("source-url", "", "where the document was published: an absolute http or https `URL` (required)")
	published := fs.String("published", "", "publication `DATE`, YYYY-MM-DD (required)")
	title := fs.String("title", "", "title (default: the file name)")
	result := fs.String("result", "", "store the JSON `FILE` `redline screen text --format json` printed for this document instead of screening it again")
	lang := fs.String("lang", "auto", "language of the text: auto, en, ru or zh")
	db := fs.String("db", "", dbFlagHelp)
	format := fs.String("format", "table", "output format: table or json")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline evidence add FILE --source-url URL --published YYYY-MM-DD [--title T]   (UTF-8 text or HTML, at most 16 MiB)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("evidence add: give one document file (plain text or HTML)")
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if err := checkChoice("lang", *lang, "auto", "en", "ru", "zh"); err != nil {
		return usagef("evidence add: --lang %q: want auto, en, ru or zh", *lang)
	}
	if err := casestore.CheckSource(strings.TrimSpace(*sourceURL), strings.TrimSpace(*published)); err != nil {
		return usagef("evidence add: %v (--source-url and --published are required)", strings.TrimPrefix(err.Error(), casestore.ErrInvalid.Error()+": "))
	}
	name := fs.Arg(0)
	content, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("evidence add: %w", err)
	}
	opts := match.DefaultOptions()
	opts.Limit = 5
	screen := evidence.NewScreener(textscreen.Options{Lang: *lang, Match: opts}).Screen
	if *result != "" {
		res, err := readResult(*result)
		if err != nil {
			return err
		}
		screen = func(context.Context, *match.Matcher, []byte, string) (*textscreen.Result, error) { return res, nil }
	}
	m, versions, cases, err := openLedger(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	d := evidence.Document{Content: content, Name: filepath.Base(name), Meta: evidence.Meta{Title: *title, SourceURL: *sourceURL, Published: *published}}
	doc, created, warnings, err := evidence.Add(ctx, cases, screen, m, versions, cliActor(a), d)
	if err != nil {
		return fmt.Errorf("evidence add %s: %w", name, err)
	}
	if *format == "json" {
		return writeJSON(a.stdout, escapedHTML, map[string]any{"document": doc, "created": created})
	}
	if !created {
		fmt.Fprintf(a.stdout, "%s is already in the ledger as document %d (same SHA-256 %s): nothing added\n", name, doc.ID, doc.SHA256)
		return nil
	}
	fmt.Fprintf(a.stdout, "document %d added: %s\n  %d party mentions (%d on a list), %d goods of concern, %d reported transfers\n",
		doc.ID, doc.Title, doc.Mentions, doc.Matched, doc.Goods, doc.Claims)
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "warning: %s\n", w)
	}
	return nil
}

// readResult reads a text-screening result saved as JSON.
func readResult(path string) (*textscreen.Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("evidence add: %w", err)
	}
	var res textscreen.Result
	if err := json.Unmarshal(b, &res); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("evidence add: %s: byte %d: %w", path, se.Offset, err)
		}
		return nil, fmt.Errorf("evidence add: %s: %w", path, err)
	}
	if res.SHA256 == "" {
		return nil, fmt.Errorf("evidence add: %s: no sha256: not the output of `redline screen text --format json`", path)
	}
	return &res, nil
}

// runEvidenceList lists the ledger's documents, newest first.
func runEvidenceList(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "evidence list")
	format := fs.String("format", "table", "output format: table or json")
	entityID := fs.String("entity", "", "only documents that name this listed entity `id`")
	limit := fs.Int("limit", 100, "most documents to list (at most 1000)")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("evidence list takes no arguments")
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if *limit <= 0 {
		return usagef("evidence list: --limit %d: want at least 1", *limit)
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	ds, err := cases.Documents(ctx, casestore.DocumentFilter{EntityID: *entityID, Limit: *limit})
	if err != nil {
		return err
	}
	if *format == "json" {
		if ds == nil {
			ds = []casestore.Document{}
		}
		return writeJSON(a.stdout, escapedHTML, map[string]any{"documents": ds})
	}
	if len(ds) == 0 {
		fmt.Fprintln(a.stdout, "no documents in the evidence ledger")
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tLANG\tPARTIES\tLISTED\tGOODS\tCLAIMS\tTITLE\tSOURCE")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", d.ID, d.Published, d.Lang, d.Mentions, d.Matched, d.Goods, d.Claims, oneLine(d.Title, 50), d.SourceURL)
	}
	return tw.Flush()
}

// oneLine folds whitespace and cuts s to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// runEvidenceShow prints one document with what was found in it.
func runEvidenceShow(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "evidence show")
	format := fs.String("format", "table", "output format: table or json (json includes the text)")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("evidence show ID")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return usagef("evidence show: %q: want a document id (a positive integer)", fs.Arg(0))
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	d, err := cases.Document(ctx, id)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(a.stdout, escapedHTML, d)
	}
	w := a.stdout
	fmt.Fprintf(w, "document %d: %s\n", d.ID, d.Title)
	fmt.Fprintf(w, "  source     %s (published %s)\n  sha256     %s\n  added      by %s, %s\n  read as    %s, %s, %d bytes\n",
		d.SourceURL, d.Published, d.SHA256, d.AddedBy, d.Added.Format(time.RFC3339), d.Format, d.Lang, d.Size)
	for _, x := range d.Warnings {
		fmt.Fprintf(w, "  warning    %s\n", x)
	}
	fmt.Fprintf(w, "\nparties (%d, %d on a list)\n", d.Mentions, d.Matched)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  AT\tMENTION\tKIND\tCOUNTRY\tLISTED AS")
	for _, p := range d.Parties {
		listed := "-"
		var ms []string
		for _, x := range p.Matches {
			ms = append(ms, fmt.Sprintf("%s %s (%s %.2f)", x.EntityID, x.Caption, x.Dataset, x.Score))
		}
		if len(ms) > 0 {
			listed = strings.Join(ms, "; ")
		}
		fmt.Fprintf(tw, "  %d-%d\t%s\t%s\t%s\t%s\n", p.Start, p.End, oneLine(p.Text, 60), p.Kind, orDash(p.Country), listed)
	}
	tw.Flush()
	fmt.Fprintf(w, "\ngoods of concern (%d)\n", len(d.Goods))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  AT\tMENTION\tCONCERN\tHS\tCHPL\tMODEL")
	for _, g := range d.Goods {
		fmt.Fprintf(tw, "  %d-%d\t%s\t%s\t%s\t%s\t%s\n", g.Start, g.End, oneLine(g.Text, 50), g.Concern, orDash(g.HSCode), orDash(g.CHPLTier), orDash(g.Model))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nreported transfers (%d)\n", len(d.Claims))
	reviews := map[int64][]casestore.ClaimReview{}
	for _, r := range d.Reviews {
		reviews[r.ClaimID] = append(reviews[r.ClaimID], r)
	}
	for _, c := range d.Claims {
		fmt.Fprintf(w, "  claim %d: %s -> %s: %s", c.ID, orDash(c.Supplier), orDash(c.Recipient), orDash(c.Item))
		if c.Quantity != "" {
			fmt.Fprintf(w, ", quantity %s", c.Quantity)
		}
		if c.Date != "" {
			fmt.Fprintf(w, ", %s", c.Date)
		}
		fmt.Fprintf(w, "\n    the text says: %s", c.Status)
		if c.Source != "" {
			fmt.Fprintf(w, " (source: %s)", c.Source)
		}
		fmt.Fprintf(w, "; review: %s\n", orDash(string(c.Verdict)))
		if c.Sentence.End <= len(d.Text) && c.Sentence.Start < c.Sentence.End {
			fmt.Fprintf(w, "    \"%s\"\n", oneLine(d.Text[c.Sentence.Start:c.Sentence.End], 200))
		}
		for _, r := range reviews[c.ID] {
			fmt.Fprintf(w, "    %s by %s, %s: %s\n", r.Verdict, r.Actor, r.Created.Format(time.RFC3339), oneLine(r.Note, 200))
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// runEvidenceReview records an analyst's review of a reported transfer.
func runEvidenceReview(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "evidence review")
	status := fs.String("status", "", "the verdict: confirmed, refuted or annotated (required)")
	note := fs.String("note", "", "what supports the verdict (required)")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("evidence review CLAIM-ID --status confirmed|refuted|annotated --note TEXT")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return usagef("evidence review: %q: want a claim id (a positive integer; `redline evidence show DOC` lists them)", fs.Arg(0))
	}
	v := casestore.Verdict(*status)
	if !v.Valid() {
		return usagef("evidence review: --status %q: want confirmed, refuted or annotated", *status)
	}
	if strings.TrimSpace(*note) == "" {
		return usagef("evidence review: --note is required: say what supports the verdict")
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	r, err := cases.ReviewClaim(ctx, id, v, *note, cliActor(a))
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "claim %d: %s by %s (review %d)\n", r.ClaimID, r.Verdict, r.Actor, r.ID)
	return nil
}

// runEvidenceRescreen matches the ledger's stored party mentions again
// against the imported lists, recording new and changed matches.
func runEvidenceRescreen(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "evidence rescreen")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("evidence rescreen takes no arguments")
	}
	m, versions, cases, err := openLedger(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	opts := match.DefaultOptions()
	settings, _ := json.Marshal(map[string]any{"threshold": opts.Threshold, "algorithm": opts.Algorithm, "limit": opts.Limit})
	run, err := cases.CreateRun(ctx, casestore.Run{Actor: cliActor(a), Kind: "rescreen", Source: "evidence mentions", ListVersions: versions, Settings: settings})
	if err != nil {
		return err
	}
	s, err := evidence.Rematch(ctx, cases, m, opts, run.ID, versions)
	if ferr := cases.FinishRun(context.WithoutCancel(ctx), run.ID, casestore.RunStats{Parties: s.Mentions, Hits: s.Hits}); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "run %d: %d mentions matched again, %d matches, %d new or on a changed entity\n", run.ID, s.Mentions, s.Hits, s.Created)
	return nil
}
