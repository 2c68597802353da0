// Package csvx is the CSV table reader of the list readers whose files are
// one table with a header row (csl, bis): lines capped at
// source.MaxRecordSize, columns found by name, every row counted, and rows
// the CSV parser or the header's width rejects skipped with their line.
package csvx

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// Config says how to read a table.
type Config struct {
	// Path positions errors and problems; Name (the reader's, "csl")
	// starts error messages.
	Path, Name string
	// Comma is the field separator; 0 means ','.
	Comma rune
	// BadRow starts the reason of a row the CSV parser rejects, before the
	// parser's message ("bad CSV: ").
	BadRow string
	// Report counts the rows (Records) and the skipped ones.
	Report *source.Report
}

// Table reads the rows of a CSV file after its header.
type Table struct {
	// Header is the header row; Cols maps each of its names (trimmed, a
	// byte order mark dropped) to its index.
	Header    []string
	Cols      map[string]int
	cfg       Config
	cr        *csv.Reader
	ll        *readlimit.Lines
	truncated bool
}

// New returns a table over in.
func New(in io.Reader, cfg Config) *Table {
	ll := &readlimit.Lines{R: in, Max: source.MaxRecordSize, Err: source.ErrTooLarge}
	cr := csv.NewReader(ll)
	if cfg.Comma != 0 {
		cr.Comma = cfg.Comma
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &Table{cfg: cfg, cr: cr, ll: ll}
}

// ReadHeader reads the header row and checks that it has every required
// column. Its errors are *source.Error wrapping source.ErrFormat.
func (t *Table) ReadHeader(required []string) error {
	path, name := t.cfg.Path, t.cfg.Name
	header, err := t.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return &source.Error{File: path, Err: fmt.Errorf("%s: empty file: %w", name, source.ErrFormat)}
		}
		return &source.Error{File: path, Line: 1, Err: fmt.Errorf("%s: header: %w: %w", name, source.ErrFormat, err)}
	}
	t.Header = header
	t.Cols = make(map[string]int, len(header))
	for i, h := range header {
		t.Cols[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range required {
		if _, ok := t.Cols[c]; !ok {
			return &source.Error{File: path, Line: 1, Err: fmt.Errorf("%s: header has no %q column: %w", name, c, source.ErrFormat)}
		}
	}
	return nil
}

// Next returns the next row, as wide as the header, and the line it starts
// on; io.EOF after the last. The row is valid until the following call.
// Every row is counted in Report.Records; a row the CSV parser rejects, or
// of another width than the header, is skipped with its line and Next
// reads on. A file that ends inside a quoted field has its last record
// skipped and gives a positioned error wrapping io.ErrUnexpectedEOF (and
// Truncated reports true); a line longer than source.MaxRecordSize, one
// wrapping source.ErrTooLarge.
func (t *Table) Next() ([]string, int, error) {
	path, name, rep := t.cfg.Path, t.cfg.Name, t.cfg.Report
	for {
		row, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rep.Records++
				if errors.Is(pe.Err, csv.ErrQuote) && t.ll.AtEnd(t.cr.InputOffset()) {
					rep.Skip(source.Problem{File: path, Line: pe.StartLine, Reason: "truncated record: file ends inside a quoted field"})
					t.truncated = true
					return nil, 0, &source.Error{File: path, Line: pe.StartLine, Err: fmt.Errorf("%s: truncated record: %w", name, io.ErrUnexpectedEOF)}
				}
				rep.Skip(source.Problem{File: path, Line: pe.StartLine, Reason: t.cfg.BadRow + pe.Err.Error()})
				continue
			}
			return nil, 0, &source.Error{File: path, Line: t.ll.Line(), Err: fmt.Errorf("%s: %w", name, err)}
		}
		rep.Records++
		line, _ := t.cr.FieldPos(0)
		if len(row) != len(t.Header) {
			rep.Skip(source.Problem{File: path, Line: line, Reason: fmt.Sprintf("row has %d fields, header has %d", len(row), len(t.Header))})
			continue
		}
		return row, line, nil
	}
}

// Truncated reports whether Next stopped at a file that ends inside a
// quoted field.
func (t *Table) Truncated() bool { return t.truncated }
