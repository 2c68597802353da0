package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/eval"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

// runSearch searches the imported lists for one name.
func runSearch(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "search")
	schema := fs.String("schema", entity.LegalEntity, "schema of the party: Person, Company, Organization, Vessel, ... (default: any party)")
	country := fs.String("country", "", "country or nationality of the party (name or ISO code)")
	birth := fs.String("birth-date", "", "birth date of a person: YYYY, YYYY-MM or YYYY-MM-DD")
	id := fs.String("id", "", "an identifier of the party: INN, OGRN, IMO, passport, LEI, registration number")
	limit := fs.Int("limit", 10, "most results")
	threshold := fs.Float64("threshold", match.DefaultThreshold, "score at or above which a result is a match")
	format := fs.String("format", "table", "output format: table or json")
	algorithm := fs.String("algorithm", match.Redline, "scoring: redline or ofac (OFAC Sanctions List Search scores)")
	var datasets stringList
	fs.Var(&datasets, "dataset", "search only this dataset (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline search [flags] NAME")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("search: give a name")
	}
	name := strings.Join(rest, " ")
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if err := checkChoice("algorithm", *algorithm, match.Redline, match.OFAC); err != nil {
		return err
	}
	if !entity.Known(*schema) || !entity.Matchable(*schema) {
		return usagef("search: --schema %q: want a party schema (Person, Company, Organization, LegalEntity, Vessel, Airplane)", *schema)
	}
	if *limit <= 0 {
		return usagef("search: --limit %d: want at least 1", *limit)
	}
	opts := match.DefaultOptions()
	opts.Threshold, opts.Limit, opts.Algorithm, opts.Datasets = *threshold, *limit, *algorithm, datasets
	if err := opts.Validate(); err != nil {
		return usagef("search: %v", err)
	}

	if *birth != "" {
		if err := match.CheckDate(*birth); err != nil {
			return usagef("search: --birth-date: %v", err)
		}
	}
	if *country != "" {
		if _, err := match.CheckCountry(*country); err != nil {
			return usagef("search: --country: %v", err)
		}
	}
	q := &entity.Entity{Schema: *schema, Properties: map[string][]string{}}
	q.Add(entity.Name, name)
	q.Add(entity.Country, *country)
	q.Add(entity.BirthDate, *birth)
	q.Add(entity.IDNumber, *id)
	if err := match.CheckQuery(q); err != nil {
		return usagef("search: %v", err)
	}

	m, err := loadMatcher(ctx, a, engineOptions{Datasets: datasets})
	if err != nil {
		return err
	}
	res, err := m.Match(ctx, q, opts)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if res == nil {
			res = []match.Result{}
		}
		return enc.Encode(res)
	}
	return writeResults(a.stdout, res)
}

// writeResults prints results as an aligned table.
func writeResults(w io.Writer, res []match.Result) error {
	if len(res) == 0 {
		_, err := fmt.Fprintln(w, "no result")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSCORE\tMATCH\tDATASET\tSCHEMA\tENTITY\tMATCHED NAME\tEVIDENCE")
	for i, r := range res {
		mark := ""
		if r.Match {
			mark = "yes"
		}
		matched := r.Explanation.MatchedName
		if matched == "" {
			matched = r.Entity.Caption()
		}
		var ev []string
		for _, f := range r.Explanation.Features {
			ev = append(ev, fmt.Sprintf("%s %+.2f", f.Name, f.Contribution))
		}
		if len(r.Explanation.DecidedBy) > 1 {
			ev = append(ev, "decided by "+strings.Join(r.Explanation.DecidedBy, " and "))
		}
		fmt.Fprintf(tw, "%d\t%.4f\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, match.RoundScore(r.Score), mark, r.Entity.Dataset, r.Entity.Schema,
			r.Entity.ID, matched, strings.Join(ev, ", "))
		// The same party on other lists: each list, its record and score.
		for _, rec := range r.Records[min(1, len(r.Records)):] {
			fmt.Fprintf(tw, "\t%.4f\t\t%s\t\t%s\t%s\talso listed\n", match.RoundScore(rec.Score), rec.Dataset, rec.ID, rec.Name)
		}
	}
	return tw.Flush()
}

// runMatch scores labelled pairs: JSON lines of {"id", "left", "right"}.
func runMatch(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "match")
	pairs := fs.String("pairs", "", "`FILE` of pairs: JSON lines of {\"id\", \"left\", \"right\"} FtM-style records, or the OpenSanctions pairs JSON array; gzipped or not (- for standard input)")
	threshold := fs.Float64("threshold", match.DefaultThreshold, "score at or above which a pair is a match")
	algorithm := fs.String("algorithm", match.Redline, "scoring: redline or ofac")
	explain := fs.Bool("explain", false, "add each pair's explanation to the output")
	problems := fs.Int("problems", 10, "malformed lines to list on standard error")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline match --pairs FILE [flags]")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *pairs == "" && len(rest) == 1 {
		*pairs = rest[0]
	} else if len(rest) > 0 {
		return usagef("match: unexpected arguments %q", rest)
	}
	if *pairs == "" {
		return usagef("match: give --pairs FILE")
	}
	if err := checkChoice("algorithm", *algorithm, match.Redline, match.OFAC); err != nil {
		return err
	}
	opts := match.DefaultOptions()
	opts.Threshold, opts.Algorithm = *threshold, *algorithm
	if err := opts.Validate(); err != nil {
		return usagef("match: %v", err)
	}

	name := *pairs
	var in io.Reader = os.Stdin
	if name != "-" {
		rc, err := source.Open(name)
		if err != nil {
			return err
		}
		defer rc.Close()
		in = rc
	} else {
		name = "stdin"
	}
	records, probs, err := eval.ScorePairs(ctx, in, name, opts, *explain, a.stdout)
	for i, p := range probs {
		if i == *problems {
			fmt.Fprintf(a.stderr, "... %d more malformed pairs\n", len(probs)-i)
			break
		}
		fmt.Fprintln(a.stderr, p)
	}
	if err != nil {
		return fmt.Errorf("match: %w (want %s)", err, eval.PairsFormat)
	}
	if len(probs) > 0 {
		return fmt.Errorf("match: %s: %d of %d pairs malformed (not scored)", name, len(probs), records)
	}
	return nil
}
