package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/redline-sanctions/redline/entity"
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
	if err := checkFormat(*algorithm, match.Redline, match.OFAC); err != nil {
		return err
	}
	if !entity.Known(*schema) || !entity.Matchable(*schema) {
		return usagef("search: --schema %q: want a party schema (Person, Company, Organization, LegalEntity, Vessel, Airplane)", *schema)
	}
	if *threshold <= 0 || *threshold > 1 {
		return usagef("search: --threshold %v: want a score in (0, 1]", *threshold)
	}
	if *limit <= 0 {
		return usagef("search: --limit %d: want at least 1", *limit)
	}
	opts := match.DefaultOptions()
	opts.Threshold, opts.Limit, opts.Algorithm, opts.Datasets = *threshold, *limit, *algorithm, datasets
	opts.MinScore = min(opts.MinScore, opts.Threshold)

	q := &entity.Entity{Schema: *schema, Properties: map[string][]string{}}
	q.Add(entity.Name, name)
	q.Add(entity.Country, *country)
	q.Add(entity.BirthDate, *birth)
	q.Add(entity.IDNumber, *id)

	m, err := loadMatcher(ctx, a, engineOptions{Datasets: datasets})
	if err != nil {
		return err
	}
	res := m.Match(ctx, q, opts)
	if err := ctx.Err(); err != nil {
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
		fmt.Fprintf(tw, "%d\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, r.Score, mark, r.Entity.Dataset, r.Entity.Schema,
			r.Entity.ID, matched, strings.Join(ev, ", "))
	}
	return tw.Flush()
}

// party is an FtM-style record without id, as in a pairs file.
type party struct {
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// pairLine is one line of a pairs file.
type pairLine struct {
	ID    json.RawMessage `json:"id"`
	Left  *party          `json:"left"`
	Right *party          `json:"right"`
}

// pairResult is one line of the output of redline match.
type pairResult struct {
	ID    json.RawMessage `json:"id"`
	Score float64         `json:"score"`
	Match bool            `json:"match"`
}

// runMatch scores labelled pairs: JSON lines of {"id", "left", "right"}.
func runMatch(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "match")
	pairs := fs.String("pairs", "", "JSON lines `FILE` of {\"id\", \"left\", \"right\"} FtM-style records (- for standard input)")
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
	if err := checkFormat(*algorithm, match.Redline, match.OFAC); err != nil {
		return err
	}
	if *threshold <= 0 || *threshold > 1 {
		return usagef("match: --threshold %v: want a score in (0, 1]", *threshold)
	}
	opts := match.DefaultOptions()
	opts.Threshold, opts.Algorithm = *threshold, *algorithm

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
	st, err := scorePairs(ctx, in, name, opts, *explain, a.stdout)
	for i, p := range st.problems {
		if i == *problems {
			fmt.Fprintf(a.stderr, "... %d more malformed lines\n", len(st.problems)-i)
			break
		}
		fmt.Fprintln(a.stderr, p)
	}
	if err != nil {
		return err
	}
	if len(st.problems) > 0 {
		return fmt.Errorf("match: %s: %d of %d lines malformed (not scored)", name, len(st.problems), st.lines)
	}
	return nil
}

// pairStats counts what scorePairs read.
type pairStats struct {
	lines    int
	scored   int
	problems []source.Problem
}

// scorePairs scores each line of r and writes one result line per pair.
// A malformed line is recorded as a positioned problem and the run goes
// on; a line longer than source.MaxRecordSize stops it.
func scorePairs(ctx context.Context, r io.Reader, name string, opts match.Options, explain bool, w io.Writer) (pairStats, error) {
	var st pairStats
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	for {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		line, err := readLine(br)
		if len(line) > 0 || err == nil {
			st.lines++
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return st, &source.Error{File: name, Line: st.lines, Err: err}
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			var p pairLine
			var perr error
			switch {
			case json.Unmarshal(t, &p) != nil:
				perr = fmt.Errorf("not a JSON object: %w", json.Unmarshal(t, &p))
			case p.Left == nil || p.Right == nil:
				perr = errors.New(`want "left" and "right" records`)
			case p.Left.Schema == "" || p.Right.Schema == "":
				perr = errors.New(`"left" and "right" need a "schema"`)
			}
			if perr != nil {
				st.problems = append(st.problems, source.Problem{File: name, Line: st.lines, Reason: perr.Error(), Skipped: true})
			} else {
				left := &entity.Entity{Schema: p.Left.Schema, Properties: p.Left.Properties}
				right := &entity.Entity{Schema: p.Right.Schema, Properties: p.Right.Properties}
				if left.Properties == nil {
					left.Properties = map[string][]string{}
				}
				if right.Properties == nil {
					right.Properties = map[string][]string{}
				}
				score, ex := match.Score(left, right, opts)
				out := any(pairResult{ID: p.ID, Score: round3(score), Match: score >= opts.Threshold})
				if explain {
					out = struct {
						pairResult
						Explanation match.Explanation `json:"explanation"`
					}{out.(pairResult), ex}
				}
				if err := enc.Encode(out); err != nil {
					return st, err
				}
				st.scored++
			}
		}
		if errors.Is(err, io.EOF) {
			return st, nil
		}
	}
}

// readLine reads one line without its end, refusing lines longer than
// source.MaxRecordSize.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > source.MaxRecordSize {
			return nil, fmt.Errorf("line longer than %d bytes: %w", source.MaxRecordSize, source.ErrTooLarge)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
