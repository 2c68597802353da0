// Package screen screens files of parties (customers, counterparties,
// consignees) against the lists: every record of the input is matched in
// parallel on all cores and written out in input order, with bounded memory
// however large the file.
//
// # Input
//
// CSV with a header row (comma, tab, semicolon or pipe separated: the one
// the header uses most, internal/delim), or JSON lines,
// optionally gzipped; the format is detected from the first byte ('{'
// means JSON lines) unless Options.Format names it. The
// fields are id, name, schema, country, birth_date, nationality and
// id_number; any may be missing (a record needs a name, or first_name /
// last_name). Other fields are ignored, except a few common spellings of the
// same things (full_name, date_of_birth, dob, passport, inn, ogrn, imo, lei,
// gender, ...). A JSON line may also be an FtM-style record
// {"id", "schema", "properties": {...}}. Without an id field, a record's id
// is its 1-based record number.
//
// A CSV header without a name column (name, full_name, first_name or
// last_name), binary input or a JSON array is not a parties file: Parties
// returns an error before screening anything.
//
// A record that cannot be read (wrong number of CSV fields, a quote never
// closed, invalid UTF-8, a line over Options.MaxLine bytes, bad JSON, a
// schema that is not a party, no name) does not stop the run: its output
// record carries the error and its line, and it is counted in
// Stats.Malformed with a positioned source.Problem.
//
// # Output
//
// One record per input record, in input order: JSON lines (JSONLWriter) or
// CSV (CSVWriter). Each carries the input id and line and the matches:
// dataset, source_id, entity_id, caption, matched_name, score, match (score
// at or above the threshold) and the explanation. Through WithOwnership, a
// match whose entity blocked persons own in part or in full (OFAC 50 Percent
// Rule, package ownership) also carries an ownership object: blocked,
// share, and the ownership paths (see Ownership).
//
// # Concurrency and memory
//
// One goroutine reads and parses records into batches, Options.Workers
// goroutines screen batches, and the calling goroutine writes them in order.
// At most Options.Window batches are between reading and writing at any
// time, so memory is bounded by Window × BatchSize records whatever the size
// of the input or the order in which workers finish.
package screen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/pipeline"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

// Matcher finds the listed entities resembling a query; *match.Matcher is
// one. It must be safe for concurrent use.
type Matcher interface {
	Match(ctx context.Context, query *entity.Entity, opts match.Options) ([]match.Result, error)
}

// Options control a screening run. The zero value screens with
// match.DefaultOptions on all cores.
type Options struct {
	// Format is the input format, FormatCSV or FormatJSONL; "" detects it.
	Format string
	// Schema is the schema of records without a schema field; "" means
	// LegalEntity, which may match persons and organisations alike.
	Schema string
	// Match are the scoring options (threshold, limit, algorithm, ...).
	// The zero value means match.DefaultOptions().
	Match match.Options
	// Workers is the number of screening goroutines; 0 means GOMAXPROCS.
	Workers int
	// BatchSize is the number of records a worker takes at a time (default
	// 64); Window the most batches in flight (default 4 × Workers).
	BatchSize int
	Window    int
	// MaxLine is the longest input line accepted, in bytes (default 1 MiB).
	// A longer line is a malformed record and is not buffered.
	MaxLine int
	// File names the input in problems ("" gives "input").
	File string
	// MaxProblems caps Stats.Problems (default 1000); Stats.Malformed
	// counts them all.
	MaxProblems int
	// Progress, when set, is called from the writing goroutine after each
	// batch is written, with the counts so far. Its Stats.Problems is the
	// run's own slice: copy it to keep it.
	Progress func(Stats)
}

// Stats counts what a run read and found.
type Stats struct {
	// Records counts the input records, read or malformed.
	Records int `json:"records"`
	// Screened counts the records matched against the lists.
	Screened int `json:"screened"`
	// Malformed counts the records that could not be read; Problems
	// positions them (up to Options.MaxProblems).
	Malformed int              `json:"malformed"`
	Problems  []source.Problem `json:"problems,omitempty"`
	// Flagged counts the records with at least one match at or above the
	// threshold; Matches counts those matches.
	Flagged int `json:"flagged"`
	Matches int `json:"matches"`
	// Bytes is how much of the input has been read.
	Bytes int64 `json:"bytes"`
	// Elapsed is the time since the run started.
	Elapsed time.Duration `json:"elapsed_ns"`
}

// QueriesPerSecond is Screened per second of Elapsed.
func (s Stats) QueriesPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Screened) / s.Elapsed.Seconds()
}

// Record is the output for one input record.
type Record struct {
	// ID is the input record's id; Line its first line in the input.
	ID   string `json:"id"`
	Line int    `json:"line"`
	// Name is the (first) name screened.
	Name string `json:"name,omitempty"`
	// Matches are the listed entities found, best first; empty, never
	// null, when there are none.
	Matches []Match `json:"matches"`
	// Error says why the record could not be read; it is then not
	// screened.
	Error string `json:"error,omitempty"`
	// Query is the entity screened for this record (nil when it could not
	// be read): what a caller keeps to screen the same row again.
	Query *entity.Entity `json:"-"`
}

// Match is one listed entity found for a record.
type Match struct {
	// Dataset, SourceID and EntityID say where the entity is listed: the
	// list, the list's own key, and redline's id.
	Dataset  string `json:"dataset"`
	SourceID string `json:"source_id"`
	EntityID string `json:"entity_id"`
	// Datasets are every list the party is on (the same party's records
	// on other lists are grouped: match.Result), Dataset first; Records
	// those records, each with its list's own id and its score.
	Datasets []string       `json:"datasets"`
	Records  []match.Record `json:"records"`
	Schema   string         `json:"schema"`
	Caption  string         `json:"caption"`
	// MatchedName is the listed name that matched the query best.
	MatchedName string `json:"matched_name"`
	// Score is in [0, 1]; Match says whether it reaches the threshold.
	Score float64 `json:"score"`
	Match bool    `json:"match"`
	// Explanation tells which names matched and what each feature
	// contributed.
	Explanation match.Explanation `json:"explanation"`
	// Ownership, set by WithOwnership, says where the entity stands under
	// the OFAC 50 Percent Rule when blocked persons own any of it or it is
	// listed only through a registry-identifier twin; absent otherwise.
	Ownership *Ownership `json:"ownership,omitempty"`
}

// Writer receives the output records in input order.
type Writer interface {
	Write(*Record) error
	// Flush writes out anything buffered.
	Flush() error
}

// Parties screens every record of r with m and writes one output record
// per input record to w, in input order. It returns when the input is
// exhausted, the context is cancelled, or reading or writing fails; the
// Stats count what was done until then. Malformed records do not stop the
// run (see the package documentation).
func Parties(ctx context.Context, r io.Reader, opts Options, m Matcher, w Writer) (Stats, error) {
	start := time.Now()
	opts = opts.withDefaults()
	cr := &countingReader{r: r}
	var st Stats
	pr, err := newPartyReader(cr, opts.Format, opts.Schema, opts.MaxLine)
	if err != nil {
		return st, fmt.Errorf("screen: %s: %w", opts.File, err)
	}

	var werr error // set by write, on this goroutine
	records := func(yield func(Party, error) bool) {
		// On cancellation it may stay blocked in a read until the input
		// yields; Run does not wait for it.
		for {
			p, err := pr.read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(Party{}, readError{err})
				return
			}
			if !yield(p, nil) {
				return
			}
		}
	}
	screenOne := func(ctx context.Context, p Party) (Record, error) {
		return One(ctx, m, p, opts.Match)
	}
	write := func(_ []Party, out []Record) error {
		if werr = st.write(out, w, opts); werr != nil {
			return werr
		}
		st.Bytes = cr.n.Load()
		st.Elapsed = time.Since(start)
		if opts.Progress != nil {
			opts.Progress(st)
		}
		return nil
	}
	err = pipeline.Run(ctx, pipeline.Options{Workers: opts.Workers, BatchSize: opts.BatchSize, Window: opts.Window}, records, screenOne, write)
	if ferr := w.Flush(); ferr != nil && werr == nil {
		werr = ferr
	}
	st.Bytes = cr.n.Load()
	st.Elapsed = time.Since(start)
	re, isRead := err.(readError) // Run returns the input's error as it is
	switch {
	case werr != nil:
		return st, fmt.Errorf("screen: writing: %w", werr)
	case isRead:
		return st, fmt.Errorf("screen: %s: reading: %w", opts.File, re.error)
	case err != nil:
		// The matcher's error, or the context's cause.
		return st, fmt.Errorf("screen: %w", err)
	}
	return st, nil
}

// readError marks an error of the input among those of a run.
type readError struct{ error }

func (e readError) Unwrap() error { return e.error }

// write writes a batch's records and counts them.
func (st *Stats) write(out []Record, w Writer, opts Options) error {
	for i := range out {
		rec := &out[i]
		st.Records++
		if rec.Error != "" {
			st.Malformed++
			if len(st.Problems) < opts.MaxProblems {
				st.Problems = append(st.Problems, source.Problem{
					File: opts.File, Line: rec.Line, Element: "record " + rec.ID,
					Reason: rec.Error, Skipped: true,
				})
			}
		} else {
			st.Screened++
			flagged := false
			for _, m := range rec.Matches {
				if m.Match {
					st.Matches++
					flagged = true
				}
			}
			if flagged {
				st.Flagged++
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// One screens one party read by Read with m and returns its output
// record, exactly as Parties does for each record (a malformed party gives
// a record carrying its error). Pipelines that distribute the records
// themselves call it so that their output cannot drift from Parties'.
// An error of the matcher (a cancelled context) is returned: the record
// would lack matches.
func One(ctx context.Context, m Matcher, p Party, opts match.Options) (Record, error) {
	rec := Record{ID: p.ID, Line: p.Line, Matches: []Match{}}
	if p.Err != nil {
		rec.Error = p.Err.Error()
		return rec, nil
	}
	rec.Name = p.Query.First(entity.Name)
	rec.Query = p.Query
	res, err := m.Match(ctx, p.Query, opts)
	if err != nil {
		return rec, fmt.Errorf("screen: line %d: %w", p.Line, err)
	}
	for _, r := range res {
		e := r.Entity
		mt := Match{
			Score: r.Score, Match: r.Match, Explanation: r.Explanation,
			MatchedName: r.Explanation.MatchedName, Datasets: r.Datasets(), Records: r.Records,
		}
		if e != nil {
			mt.Dataset, mt.SourceID, mt.EntityID = e.Dataset, e.SourceID, e.ID
			mt.Schema, mt.Caption = e.Schema, e.Caption()
		}
		rec.Matches = append(rec.Matches, mt)
	}
	return rec, nil
}

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Match.Threshold == 0 && o.Match.Limit == 0 && o.Match.Algorithm == "" {
		o.Match = match.DefaultOptions()
	}
	if o.Schema == "" {
		o.Schema = entity.LegalEntity
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 64
	}
	if o.Window <= 0 {
		o.Window = 4 * o.Workers
	}
	if o.MaxLine <= 0 {
		o.MaxLine = 1 << 20
	}
	if o.File == "" {
		o.File = "input"
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = 1000
	}
	return o
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
