package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/rules"
	"github.com/redline-sanctions/redline/source"
)

// ShipmentsConfig configures the shipment screening pipeline; the fields
// mean what the flags of `redline screen shipments` mean.
type ShipmentsConfig struct {
	// Input is a file or glob (local or a Beam file system URL) of CSV,
	// JSON lines or Parquet shipment files.
	Input string
	// Output is the prefix of the output shards; Shards their number.
	Output string
	Shards int
	// Lists is the staged list snapshot (Stage).
	Lists Lists
	// Format ("csv", "jsonl", "parquet" or "" to guess) and Mapping are
	// shipment.ReadOptions' fields.
	Format  string
	Mapping map[string]string
	// Rules is the content of a rules file merged over the default rules
	// (rules.Set.Merge); empty for the default rules.
	Rules []byte
	// Threshold, when above 0, replaces the listed_party rule's min_score
	// (shipment.SetupConfig).
	Threshold float64
}

// ShipmentRow is one shipment on its way from the read step to the
// assessment: the file it came from and the shipment as JSON.
type ShipmentRow struct {
	File     string
	Shipment []byte
}

var (
	shipmentsRead    = beam.NewCounter("redline", "shipments_read")
	shipmentsSkipped = beam.NewCounter("redline", "shipments_skipped")
	shipmentsFlagged = beam.NewCounter("redline", "shipments_flagged")
)

// readShipmentsFn reads one shipment file with shipment.Read; every
// skipped record goes to the dead letters.
type readShipmentsFn struct {
	Format  string            `json:"format"`
	Mapping map[string]string `json:"mapping"`
}

func (f *readShipmentsFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(ShipmentRow), dead func(string)) error {
	name := file.Metadata.Path
	local, cleanup, err := localCopy(ctx, file)
	if err != nil {
		return err
	}
	defer cleanup()
	opts := shipment.ReadOptions{Format: f.Format, Mapping: f.Mapping, Problem: func(p source.Problem) {
		if p.Skipped {
			shipmentsSkipped.Inc(ctx, 1)
			reason := p.Reason
			if p.Field != "" {
				reason = p.Field + ": " + reason
			}
			dead(DeadLetter{File: name, Line: p.Line, Reason: reason}.line())
		}
	}}
	_, err = shipment.Read(ctx, local, opts, func(s *shipment.Shipment) error {
		shipmentsRead.Inc(ctx, 1)
		b, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, s.Line, err)
		}
		emit(ShipmentRow{File: name, Shipment: b})
		return nil
	})
	if err != nil && local != name {
		err = fmt.Errorf("%s (staged as %s): %w", name, local, err)
	}
	return err
}

// localCopy returns a local path of the file: the file itself when it is
// local, else a copy in a temporary folder under the same base name (the
// shipment reader guesses the format from it, and Parquet needs random
// access). cleanup removes the copy.
func localCopy(ctx context.Context, file fileio.ReadableFile) (string, func(), error) {
	name := file.Metadata.Path
	if !strings.Contains(name, "://") {
		return name, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "redline-beam-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	r, err := file.Open(ctx)
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("reading %s: %w", name, err)
	}
	defer r.Close()
	local := filepath.Join(dir, path.Base(name))
	w, err := os.Create(local)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		cleanup()
		return "", nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		cleanup()
		return "", nil, err
	}
	return local, cleanup, nil
}

// shipmentSetup builds (once per worker and configuration) the shipment
// engine exactly as `redline screen shipments` does: shipment.NewSetup
// over every staged entity.
func shipmentSetup(ctx context.Context, l Lists, rulesJSON []byte, threshold float64) (*shipment.Setup, error) {
	key := fmt.Sprintf("shipments %q %x %v", l.Files, rulesJSON, threshold)
	return once(key, func() (*shipment.Setup, error) {
		set := rules.Default()
		if len(rulesJSON) > 0 {
			if err := set.Merge(rulesJSON); err != nil {
				return nil, fmt.Errorf("rules: %w", err)
			}
		}
		snap, err := loadLists(ctx, l)
		if err != nil {
			return nil, err
		}
		return shipment.NewSetup(ctx, func(context.Context) iter.Seq2[*entity.Entity, error] { return snap.entities(nil) },
			shipment.SetupConfig{Rules: set, Threshold: threshold})
	})
}

// assessFn assesses ShipmentRows and writes each as the JSON line
// `redline screen shipments --format jsonl` writes.
type assessFn struct {
	Lists     Lists   `json:"lists"`
	Rules     []byte  `json:"rules"`
	Threshold float64 `json:"threshold"`

	setup *shipment.Setup
	buf   *bytes.Buffer
	w     *shipment.Writer
}

func (f *assessFn) Setup(ctx context.Context) error {
	s, err := shipmentSetup(ctx, f.Lists, f.Rules, f.Threshold)
	if err != nil {
		return err
	}
	f.setup = s
	f.buf = &bytes.Buffer{}
	f.w, err = shipment.NewWriter(f.buf, "jsonl")
	return err
}

func (f *assessFn) ProcessElement(ctx context.Context, row ShipmentRow, emit func(string)) error {
	var s shipment.Shipment
	if err := json.Unmarshal(row.Shipment, &s); err != nil {
		return fmt.Errorf("%s: decoding a shipment: %w", row.File, err)
	}
	a, err := f.setup.Engine.Assess(ctx, &s)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", row.File, s.Line, err)
	}
	if a.Level == "high" {
		shipmentsFlagged.Inc(ctx, 1)
	}
	if err := f.w.Write(a); err != nil {
		return err
	}
	if err := f.w.Flush(); err != nil {
		return err
	}
	emit(strings.TrimSuffix(f.buf.String(), "\n"))
	f.buf.Reset()
	return nil
}

// readShipments is the read step shared by Shipments and Flows.
func readShipments(s beam.Scope, input, format string, mapping map[string]string) (rows, dead beam.PCollection) {
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, input, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
	rows, dead = beam.ParDo2(s, &readShipmentsFn{Format: format, Mapping: mapping}, files)
	return beam.Reshuffle(s, rows), dead
}

// Shipments adds the shipment screening pipeline to s: cfg.Input's
// shipments assessed against the staged lists, written to cfg.Output's
// shards, and skipped records to the dead-letter output.
func Shipments(s beam.Scope, cfg ShipmentsConfig) {
	s = s.Scope("Shipments")
	rows, dead := readShipments(s, cfg.Input, cfg.Format, cfg.Mapping)
	out := beam.ParDo(s, &assessFn{Lists: cfg.Lists, Rules: cfg.Rules, Threshold: cfg.Threshold}, rows)
	writeLines(s, cfg.Output, cfg.Shards, out)
	writeLines(s.Scope("DeadLetters"), DeadLetterPrefix(cfg.Output), 1, dead)
}
