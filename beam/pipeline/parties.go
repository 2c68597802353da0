package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/shipment"
)

// PartiesConfig configures the party screening pipeline. The screening
// fields mean what the flags of `redline screen parties` mean, with the
// same defaults (see DefaultPartiesConfig).
type PartiesConfig struct {
	// Input is a file or glob (local or a Beam file system URL) of CSV or
	// JSON lines parties files, optionally gzipped, or flat Parquet files
	// (named .parquet, or Format "parquet"), read as JSON lines whose keys
	// are the column names: row N is line N.
	Input string
	// Output is the prefix of the output shards; Shards their number.
	Output string
	Shards int
	// Lists is the staged list snapshot (Stage).
	Lists Lists
	// Format ("csv", "jsonl", "parquet" or "" to detect) and Schema (of
	// rows without one) are screen.Options' fields.
	Format, Schema string
	// Threshold, Limit and Algorithm are the scoring options.
	Threshold float64
	Limit     int
	Algorithm string
	// Ownership adds the OFAC 50% rule's verdict to matches.
	Ownership bool
}

// DefaultPartiesConfig has the defaults of `redline screen parties`.
func DefaultPartiesConfig() PartiesConfig {
	return PartiesConfig{Shards: 1, Threshold: match.DefaultThreshold, Limit: 5, Algorithm: match.Redline, Ownership: true}
}

// PartyRow is one record of a parties file on its way from the read step
// to the screening step.
type PartyRow struct {
	File string
	Line int
	ID   string
	// Query is the party's query record as JSON (queryJSON); empty when
	// the record is malformed.
	Query []byte
	// Err says why the record could not be read.
	Err string
}

// queryJSON is the wire form of a query entity.
type queryJSON struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	SourceID   string              `json:"source_id"`
	Properties map[string][]string `json:"properties"`
}

var (
	partiesRead      = beam.NewCounter("redline", "parties_read")
	partiesMalformed = beam.NewCounter("redline", "parties_malformed")
	partiesFlagged   = beam.NewCounter("redline", "parties_flagged")
)

// readPartiesFn reads one parties file into PartyRows; malformed records
// also go to the dead letters.
type readPartiesFn struct {
	Format string `json:"format"`
	Schema string `json:"schema"`
}

func (f *readPartiesFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(PartyRow), dead func(string)) error {
	name := file.Metadata.Path
	format := f.Format
	var r io.ReadCloser
	if isParquet(format, name) {
		local, cleanup, err := localCopy(ctx, file)
		if err != nil {
			return err
		}
		defer cleanup()
		lf, err := os.Open(local)
		if err != nil {
			return err
		}
		defer lf.Close()
		st, err := lf.Stat()
		if err != nil {
			return err
		}
		if r, err = parquetAsJSONL(lf, st.Size(), name); err != nil {
			return err
		}
		format = screen.FormatJSONL
	} else {
		var err error
		if r, err = file.Open(ctx); err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
	}
	defer r.Close()
	return screen.Read(r, screen.Options{Format: format, Schema: f.Schema, File: name}, func(p screen.Party) error {
		partiesRead.Inc(ctx, 1)
		row := PartyRow{File: name, Line: p.Line, ID: p.ID}
		if p.Err != nil {
			partiesMalformed.Inc(ctx, 1)
			row.Err = p.Err.Error()
			dead(DeadLetter{File: name, Line: p.Line, ID: p.ID, Reason: row.Err}.line())
		} else {
			q := p.Query
			b, err := json.Marshal(queryJSON{ID: q.ID, Schema: q.Schema, SourceID: q.SourceID, Properties: q.Properties})
			if err != nil {
				return fmt.Errorf("%s:%d: %w", name, p.Line, err)
			}
			row.Query = b
		}
		emit(row)
		return nil
	})
}

// partyEngine is what a worker builds once for party screening.
type partyEngine struct {
	matcher *match.Matcher
	// verdicts is the 50% rule graph, nil when the lists hold no ownership
	// data (then, as in `redline screen parties`, matches carry none).
	verdicts *ownership.Graph
}

// screenPartiesFn screens PartyRows and writes each as the JSON line
// `redline screen parties --format jsonl` writes.
type screenPartiesFn struct {
	Lists     Lists   `json:"lists"`
	Threshold float64 `json:"threshold"`
	Limit     int     `json:"limit"`
	Algorithm string  `json:"algorithm"`
	Ownership bool    `json:"ownership"`

	engine *partyEngine
	opts   match.Options
	buf    *bytes.Buffer
	w      screen.Writer
}

// matchOptions are the scoring options as `redline screen parties` sets
// them from its flags.
func (f *screenPartiesFn) matchOptions() match.Options {
	opts := match.DefaultOptions()
	opts.Threshold, opts.Limit, opts.Algorithm = f.Threshold, f.Limit, f.Algorithm
	if opts.MinScore > opts.Threshold {
		opts.MinScore = opts.Threshold
	}
	return opts
}

func (f *screenPartiesFn) Setup(ctx context.Context) error {
	key := fmt.Sprintf("parties %q %q %v", f.Lists.Files, f.Lists.Match, f.Ownership)
	e, err := once(key, func() (*partyEngine, error) { return buildPartyEngine(ctx, f.Lists, f.Ownership) })
	if err != nil {
		return err
	}
	f.engine, f.opts = e, f.matchOptions()
	f.buf = &bytes.Buffer{}
	f.w = screen.NewJSONLWriter(f.buf)
	if e.verdicts != nil {
		f.w = screen.WithOwnership(f.w, e.verdicts)
	}
	return nil
}

// buildPartyEngine builds the matcher over the lists (the Match datasets
// when given) and, when asked, the 50% rule graph over all of them.
func buildPartyEngine(ctx context.Context, l Lists, withOwnership bool) (*partyEngine, error) {
	snap, err := loadLists(ctx, l)
	if err != nil {
		return nil, err
	}
	m, err := match.Build(ctx, snap.entities(l.Match))
	if err != nil {
		return nil, fmt.Errorf("building the matcher: %w", err)
	}
	e := &partyEngine{matcher: m}
	if withOwnership {
		g, err := ownership.Build(ctx, snap.entities(nil), shipment.OwnershipOptions())
		if err != nil {
			return nil, fmt.Errorf("building the ownership graph: %w", err)
		}
		// `redline screen parties` adds no verdicts when the lists have no
		// ownership links and no registry-identifier twins.
		if st := g.Stats(); st.Links > 0 || st.SameAs > 0 {
			e.verdicts = g
		}
	}
	return e, nil
}

func (f *screenPartiesFn) ProcessElement(ctx context.Context, row PartyRow, emit func(string)) error {
	p := screen.Party{Line: row.Line, ID: row.ID}
	if row.Err != "" {
		p.Err = errors.New(row.Err)
	} else {
		var q queryJSON
		if err := json.Unmarshal(row.Query, &q); err != nil {
			return fmt.Errorf("%s:%d: decoding the query: %w", row.File, row.Line, err)
		}
		p.Query = &entity.Entity{ID: q.ID, Schema: q.Schema, SourceID: q.SourceID, Properties: q.Properties}
	}
	rec, err := screen.One(ctx, f.engine.matcher, p, f.opts)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", row.File, row.Line, err)
	}
	for _, m := range rec.Matches {
		if m.Match {
			partiesFlagged.Inc(ctx, 1)
			break
		}
	}
	if err := f.w.Write(&rec); err != nil {
		return err
	}
	if err := f.w.Flush(); err != nil {
		return err
	}
	emit(strings.TrimSuffix(f.buf.String(), "\n"))
	f.buf.Reset()
	return nil
}

// Parties adds the party screening pipeline to s: cfg.Input's records
// screened against the staged lists, written to cfg.Output's shards, and
// malformed records to the dead-letter output.
func Parties(s beam.Scope, cfg PartiesConfig) {
	s = s.Scope("Parties")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, cfg.Input, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
	rows, dead := beam.ParDo2(s, &readPartiesFn{Format: cfg.Format, Schema: cfg.Schema}, files)
	rows = beam.Reshuffle(s, rows)
	out := beam.ParDo(s, &screenPartiesFn{Lists: cfg.Lists, Threshold: cfg.Threshold, Limit: cfg.Limit, Algorithm: cfg.Algorithm, Ownership: cfg.Ownership}, rows)
	writeLines(s, cfg.Output, cfg.Shards, out)
	writeLines(s.Scope("DeadLetters"), DeadLetterPrefix(cfg.Output), 1, dead)
}
