package eval

import (
	"context"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
)

// Per-script labelled sets (issue 14). Each file of eval/scripts is one
// set, named by its file stem, in one format (UTF-8 CSV with a header):
//
//	query,schema,name,list_id,label,kind,source
//
// query is a name as a user types it in its own script; name the other
// side as the list (or the cited source) spells it; schema Person,
// Organization or Company (or another matchable schema); list_id the
// entity id on the benchmark lists, when the name is listed; label 1 (same
// party) or 0; kind positive (label 1), or for negatives repaired (a
// positive's query re-paired with another row's name), common (a common
// name against an unrelated listed one) or lookalike (a hard negative); and
// source where the pairing comes from.
//
// A set is split like every other suite (HeldOut, suite "scripts/<stem>",
// row key "query|name") and frozen in splits.json: a new file needs its
// entry there, written by `go test ./eval -run TestSplitsFrozen -update`
// and committed with the file.
//
// ScriptSuite measures, per split: the positives found and the negatives
// matched by the pairwise score at the threshold; where list_id is given
// and a Searcher is, whether a search for the query returns that entity as
// a match (retrieval from the full index); and the wall-clock time per
// query of the set's distinct queries through the Searcher.

//go:embed scripts/*.csv
var scriptFiles embed.FS

// ScriptSets returns the labelled sets committed in eval/scripts, embedded
// in the binary.
func ScriptSets() ([]ScriptSet, error) {
	sub, err := fs.Sub(scriptFiles, "scripts")
	if err != nil {
		return nil, err
	}
	return ReadScriptSets(sub)
}

// ScriptSetNamed returns the embedded set of that name ("korean"), read
// and checked like every other (ReadScriptSet).
func ScriptSetNamed(name string) (ScriptSet, error) {
	f, err := scriptFiles.Open("scripts/" + name + ".csv")
	if err != nil {
		return ScriptSet{}, fmt.Errorf("eval: scripts: %w", err)
	}
	defer f.Close()
	return ReadScriptSet(name+".csv", f)
}

// ScriptColumns are the columns of a per-script set, in order.
var ScriptColumns = []string{"query", "schema", "name", "list_id", "label", "kind", "source"}

// Kinds of rows of a per-script set.
const (
	KindPositive  = "positive"
	KindRepaired  = "repaired"
	KindCommon    = "common"
	KindLookalike = "lookalike"
)

// ScriptRow is one labelled pair of a per-script set.
type ScriptRow struct {
	// Line is the row's line in its file.
	Line   int    `json:"line"`
	Query  string `json:"query"`
	Schema string `json:"schema"`
	Name   string `json:"name"`
	ListID string `json:"list_id,omitempty"`
	Match  bool   `json:"match"`
	Kind   string `json:"kind"`
	Source string `json:"source"`
}

// Key is the row's split key (see HeldOut).
func (r ScriptRow) Key() string { return r.Query + "|" + r.Name }

// ScriptSet is one per-script labelled set.
type ScriptSet struct {
	// Name is the file stem ("greek"), File the file name.
	Name string      `json:"name"`
	File string      `json:"file"`
	Rows []ScriptRow `json:"-"`
}

// Suite is the set's suite name in splits: "scripts/<name>".
func (s ScriptSet) Suite() string { return "scripts/" + s.Name }

// ReadScriptSets reads every *.csv file at the top of fsys, sorted by
// name. A malformed row is an error naming its file and line: the sets are
// small and hand-made, and a row left out would change the measure
// silently.
func ReadScriptSets(fsys fs.FS) ([]ScriptSet, error) {
	files, err := fs.Glob(fsys, "*.csv")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var out []ScriptSet
	for _, f := range files {
		rc, err := fsys.Open(f)
		if err != nil {
			return out, fmt.Errorf("eval: scripts: %w", err)
		}
		s, err := ReadScriptSet(f, rc)
		rc.Close()
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ReadScriptSet reads one per-script set from r; file names it (its stem
// is the set's name).
func ReadScriptSet(file string, r io.Reader) (ScriptSet, error) {
	set := ScriptSet{Name: strings.TrimSuffix(path.Base(file), ".csv"), File: path.Base(file)}
	errf := func(line int, format string, args ...any) error {
		return fmt.Errorf("eval: scripts/%s line %d: %s", set.File, line, fmt.Sprintf(format, args...))
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(ScriptColumns)
	header, err := cr.Read()
	if err != nil {
		return set, errf(1, "header: %v", err)
	}
	if !slices.Equal(header, ScriptColumns) {
		return set, errf(1, "header %q, want %q", strings.Join(header, ","), strings.Join(ScriptColumns, ","))
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return set, fmt.Errorf("eval: scripts/%s: %w", set.File, err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		row := ScriptRow{Line: line, Query: rec[0], Schema: rec[1], Name: rec[2], ListID: rec[3],
			Kind: rec[5], Source: rec[6]}
		switch {
		case row.Query == "" || row.Name == "":
			return set, errf(line, "query and name must not be empty")
		case !entity.Matchable(row.Schema):
			return set, errf(line, "schema %q is not a party schema", row.Schema)
		case rec[4] != "0" && rec[4] != "1":
			return set, errf(line, "label %q, want 1 or 0", rec[4])
		case row.Source == "":
			return set, errf(line, "no source")
		}
		row.Match = rec[4] == "1"
		switch row.Kind {
		case KindPositive:
			if !row.Match {
				return set, errf(line, "kind positive with label 0")
			}
		case KindRepaired, KindCommon, KindLookalike:
			if row.Match {
				return set, errf(line, "kind %s with label 1", row.Kind)
			}
		default:
			return set, errf(line, "kind %q, want positive, repaired, common or lookalike", row.Kind)
		}
		if prev, ok := seen[row.Key()]; ok {
			return set, errf(line, "pair repeats line %d", prev)
		}
		seen[row.Key()] = line
		set.Rows = append(set.Rows, row)
	}
	return set, nil
}

// Retrieval counts, on one split, the rows with a list_id whose entity a
// search for the query returns as a match: Found of Positives for label 1
// rows, Wrong of Negatives for label 0 rows (the listed entity of the
// other party retrieved).
type Retrieval struct {
	Positives int     `json:"positives"`
	Found     int     `json:"found"`
	Share     float64 `json:"share"`
	Negatives int     `json:"negatives"`
	Wrong     int     `json:"wrong"`
}

// ScriptResult is the outcome of one per-script set.
type ScriptResult struct {
	Set string `json:"set"`
	// Pairs is the pairwise classification of the rows at the threshold
	// (HeldOut and Dev splits; Recall is the share of positives found,
	// 1 - NegativesRejected the share of negatives matched).
	Pairs Classification `json:"pairs"`
	// HeldOut and Dev are the retrievals from the index (zero without a
	// Searcher).
	HeldOut Retrieval `json:"retrieval_held_out"`
	Dev     Retrieval `json:"retrieval_dev"`
	// Queries counts the set's distinct queries searched, and PerQuery is
	// their mean wall-clock time, each searched once on one goroutine.
	Queries  int           `json:"queries"`
	PerQuery time.Duration `json:"per_query_ns"`
	// Misses lists the dev positives missed by the pairwise score, for
	// tuning (held-out rows are not listed).
	Misses []string `json:"dev_misses,omitempty"`
}

// ScriptSuite measures one per-script set: the pairwise score of each row
// at threshold, and with s (nil: skipped) the retrieval of listed entities
// and the time per query.
func ScriptSuite(ctx context.Context, set ScriptSet, score PairScorer, threshold float64, s Searcher) (ScriptResult, error) {
	out := ScriptResult{Set: set.Suite()}
	ls := make([]labelled, 0, len(set.Rows))
	for _, r := range set.Rows {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		q, c := scriptEntity("q", r.Schema, r.Query), scriptEntity("c", r.Schema, r.Name)
		l := labelled{score: score(q, c), want: r.Match, held: HeldOut(set.Suite(), r.Key()),
			exact: shareName([]string{r.Query}, []string{r.Name})}
		ls = append(ls, l)
		if !l.held && l.want && l.score < threshold {
			out.Misses = append(out.Misses, fmt.Sprintf("%s ~ %s %.3f", r.Query, r.Name, l.score))
		}
	}
	out.Pairs = classify(set.Suite(), ls, threshold, 0)
	if s == nil {
		return out, nil
	}
	// Each distinct query once, timed, its hits kept for the retrieval.
	type qkey struct{ schema, query string }
	hits := map[qkey][]Hit{}
	var spent time.Duration
	for _, r := range set.Rows {
		k := qkey{r.Schema, r.Query}
		if _, ok := hits[k]; ok {
			continue
		}
		t := time.Now()
		h, err := s.Search(ctx, scriptEntity("q", r.Schema, r.Query))
		spent += time.Since(t)
		if err != nil {
			return out, fmt.Errorf("eval: %s line %d: %w", set.Suite(), r.Line, err)
		}
		hits[k] = h
	}
	out.Queries = len(hits)
	if out.Queries > 0 {
		out.PerQuery = spent / time.Duration(out.Queries)
	}
	for i, r := range set.Rows {
		if r.ListID == "" {
			continue
		}
		rt := &out.Dev
		if ls[i].held {
			rt = &out.HeldOut
		}
		got := slices.ContainsFunc(hits[qkey{r.Schema, r.Query}], func(h Hit) bool { return h.Match && h.Is(r.ListID) })
		if r.Match {
			rt.Positives++
			if got {
				rt.Found++
			}
		} else {
			rt.Negatives++
			if got {
				rt.Wrong++
			}
		}
	}
	out.HeldOut.Share, out.Dev.Share = ratio(out.HeldOut.Found, out.HeldOut.Positives), ratio(out.Dev.Found, out.Dev.Positives)
	return out, nil
}

// PerQuery returns the mean wall-clock time of searching each query once
// on one goroutine: the reference beside the per-script times.
func PerQuery(ctx context.Context, s Searcher, queries []*entity.Entity) (time.Duration, error) {
	if len(queries) == 0 {
		return 0, nil
	}
	start := time.Now()
	for _, q := range queries {
		if _, err := s.Search(ctx, q); err != nil {
			return 0, err
		}
	}
	return time.Since(start) / time.Duration(len(queries)), nil
}

// LatinReference returns up to n queries from the end of qs whose names
// have Latin letters only: the reference the per-script times stand
// beside (the end of the negatives, which the speed runs do not send).
func LatinReference(qs []*entity.Entity, n int) []*entity.Entity {
	var out []*entity.Entity
	for i := len(qs) - 1; i >= 0 && len(out) < n; i-- {
		if !isNonLatin(qs[i].First(entity.Name)) {
			out = append(out, qs[i])
		}
	}
	return out
}

func scriptEntity(id, schema, name string) *entity.Entity {
	return &entity.Entity{ID: id, Schema: schema, Properties: map[string][]string{entity.Name: {name}}}
}

// addScripts adds the rows of the per-script sets: per set, held-out
// first, the positives found and negatives matched by the pairwise score
// beside the always-match baseline, then dev, then the retrieval of listed
// entities and the time per query beside latin (the same measure on Latin
// queries; 0: not measured).
func (r *Report) addScripts(rs []ScriptResult, latin time.Duration) {
	if latin > 0 {
		r.add("scripts: Latin reference, µs per query (US negatives in Latin letters)", us(latin), nil, "µs", "", 0)
	}
	for _, s := range rs {
		h, d := s.Pairs.HeldOut, s.Pairs.Dev
		r.add(fmt.Sprintf("%s held-out: positives found (%d)", s.Set, h.TP+h.FN), h.Recall, nil, "", "", 0)
		r.add(fmt.Sprintf("%s held-out: negatives matched (%d of %d)", s.Set, h.FP, h.TN+h.FP), ratio(h.FP, h.TN+h.FP), nil, "", "", 0)
		r.add(fmt.Sprintf("%s held-out: F1 (baseline always-match %.4f)", s.Set, h.AlwaysMatchF1), h.F1, nil, "", "", 0)
		r.add(fmt.Sprintf("%s dev: positives found (%d)", s.Set, d.TP+d.FN), d.Recall, nil, "", "", 0)
		r.add(fmt.Sprintf("%s dev: negatives matched (%d of %d)", s.Set, d.FP, d.TN+d.FP), ratio(d.FP, d.TN+d.FP), nil, "", "", 0)
		if s.Queries == 0 {
			continue
		}
		if s.HeldOut.Positives+s.Dev.Positives > 0 {
			r.add(fmt.Sprintf("%s held-out: listed entity retrieved (%d; wrong entity %d of %d)", s.Set, s.HeldOut.Positives, s.HeldOut.Wrong, s.HeldOut.Negatives),
				s.HeldOut.Share, nil, "", "", 0)
			r.add(fmt.Sprintf("%s dev: listed entity retrieved (%d; wrong entity %d of %d)", s.Set, s.Dev.Positives, s.Dev.Wrong, s.Dev.Negatives),
				s.Dev.Share, nil, "", "", 0)
		}
		r.add(fmt.Sprintf("%s: µs per query (%d queries)", s.Set, s.Queries), us(s.PerQuery), nil, "µs", "", 0)
	}
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
