// Package source defines what every list reader provides: a streaming Reader
// that emits entities, and a Report that counts what was read and positions
// every record that could not be.
//
// The readers of the official formats live in the sub-packages (ofac, un,
// eu, uk, csl, bis, ftm). None of them skips a record silently: a record it
// cannot read becomes a Problem with the file, line or element and field, and
// is counted in Report.Skipped.
package source

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/redline-sanctions/redline/entity"
)

// Emit receives each entity a reader produces. The reader does not keep or
// modify the entity after passing it. Returning an error stops the read and
// the reader returns that error wrapped.
type Emit func(*entity.Entity) error

// Reader reads one list in one official format.
type Reader interface {
	// Read streams the list at path to emit and returns what it read. path
	// is a file, or for multi-file formats (OFAC's CSV set) the main file,
	// whose siblings the reader finds itself. A returned error means the
	// input as a whole could not be read (wrong format, truncated,
	// cancelled); the Report is still returned with what was counted.
	Read(ctx context.Context, path string, emit Emit) (*Report, error)
}

// Report tells what a reader read from a list.
type Report struct {
	// Dataset is the dataset name of the list, e.g. "us_ofac_sdn".
	Dataset string `json:"dataset"`
	// Format names the format read, e.g. "ofac-csv", "un-xml".
	Format string `json:"format"`
	// Files are the files read.
	Files []string `json:"files"`
	// Version is the publication date or version the list states about
	// itself (RFC 3339 date where known), or "" when it states none.
	Version string `json:"version,omitempty"`
	// Records counts the top-level records seen in the input (rows or
	// elements), read or not.
	Records int `json:"records"`
	// Entities counts the entities emitted, links included.
	Entities int `json:"entities"`
	// Names counts the name values (name, alias, weakAlias, previousName)
	// of the emitted entities.
	Names int `json:"names"`
	// Links counts emitted link entities (Ownership, Directorship,
	// UnknownLink, Family, Associate, ...).
	Links int `json:"links"`
	// Skipped counts the records that could not be read; Problems lists
	// them (and field-level issues that did not stop a record).
	Skipped  int       `json:"skipped"`
	Problems []Problem `json:"problems,omitempty"`
	// Schemas counts emitted entities per schema.
	Schemas map[string]int `json:"schemas,omitempty"`
	// NonOfficial lists the evidence a reader found that the file is not
	// an official publication as issued (a header row the publisher never
	// writes, companion files missing or renamed), empty when it found
	// none. The list store never lets such a version replace an official
	// one.
	NonOfficial []string `json:"non_official,omitempty"`
}

// Problem is one positioned issue in an input: a record that could not be
// read (Skipped true), or a field whose value was not understood and was kept
// as a note rather than as a typed property (Skipped false).
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`    // 1-based line, 0 if unknown
	Element string `json:"element,omitempty"` // XML element path or record key
	Field   string `json:"field,omitempty"`
	Reason  string `json:"reason"`
	Skipped bool   `json:"skipped"`
}

// String formats the problem as "file:line: element field: reason".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(":")
	if p.Element != "" {
		b.WriteString(" " + p.Element)
	}
	if p.Field != "" {
		b.WriteString(" " + p.Field)
	}
	if p.Element != "" || p.Field != "" {
		b.WriteString(":")
	}
	b.WriteString(" " + p.Reason)
	return b.String()
}

// Counted wraps an Emit so that each emitted entity is counted in r
// (Entities, Names, Links, Schemas). Readers wrap their emit with it once.
func (r *Report) Counted(emit Emit) Emit {
	return func(e *entity.Entity) error {
		r.Entities++
		if entity.IsLink(e.Schema) {
			r.Links++
		}
		for _, p := range entity.NameProps {
			r.Names += len(e.Properties[p])
		}
		if r.Schemas == nil {
			r.Schemas = map[string]int{}
		}
		r.Schemas[e.Schema]++
		return emit(e)
	}
}

// Skip records a record that could not be read.
func (r *Report) Skip(p Problem) {
	p.Skipped = true
	r.Skipped++
	r.Problems = append(r.Problems, p)
}

// Warn records a field-level issue in a record that was read.
func (r *Report) Warn(p Problem) {
	p.Skipped = false
	r.Problems = append(r.Problems, p)
}

// Warnings counts the problems that did not skip a record.
func (r *Report) Warnings() int {
	n := 0
	for _, p := range r.Problems {
		if !p.Skipped {
			n++
		}
	}
	return n
}

// ErrFormat is wrapped by errors that say an input is not in the format a
// reader expected.
var ErrFormat = errors.New("not in the expected format")

// ErrTooLarge is wrapped by errors about a record, line or element larger
// than MaxRecordSize, or an XML document nested deeper than MaxDepth.
var ErrTooLarge = errors.New("input too large")

// MaxRecordSize is the largest single line or record a reader accepts
// (16 MiB); larger ones are reported with ErrTooLarge rather than buffered.
const MaxRecordSize = 16 << 20

// MaxDepth is the deepest XML nesting a reader accepts.
const MaxDepth = 64

// Error is a positioned error that stopped a read.
type Error struct {
	File string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Open opens path for reading, transparently decompressing gzip (by magic
// bytes, whatever the name). The caller closes the result.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, &Error{File: path, Err: fmt.Errorf("gzip: %w", err)}
		}
		return &readCloser{Reader: zr, close: func() error { zr.Close(); return f.Close() }}, nil
	}
	return &readCloser{Reader: br, close: f.Close}, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }

// Head returns up to n bytes from the start of path, decompressed if the
// file is gzip. Format detection uses it.
func Head(path string, n int) ([]byte, error) {
	rc, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(rc, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:m], nil
}

// Checked returns ctx.Err() every 1024 calls, so that loops over records
// can stop promptly on cancellation at little cost.
type Checked struct {
	n int
}

// Err returns ctx.Err() on every 1024th call and nil otherwise.
func (c *Checked) Err(ctx context.Context) error {
	c.n++
	if c.n&1023 == 0 {
		return ctx.Err()
	}
	return nil
}

// ReadFile is the Read of a reader whose work is done over an open input:
// it opens path with Open, calls read with the input and with emit wrapped
// by rep.Counted (so every entity is counted), closes the input and
// returns rep with read's error. An error opening path is returned as an
// *Error whose message starts with name, the reader's ("un").
func ReadFile(ctx context.Context, path, name string, rep *Report, emit Emit, read func(ctx context.Context, path string, in io.Reader, rep *Report, emit Emit) error) (*Report, error) {
	f, err := Open(path)
	if err != nil {
		return rep, &Error{File: path, Err: fmt.Errorf("%s: %w", name, err)}
	}
	defer f.Close()
	return rep, read(ctx, path, f, rep, rep.Counted(emit))
}
