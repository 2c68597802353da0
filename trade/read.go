package trade

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/redline-sanctions/redline/source"
)

// Reader reads one format of trade statistics.
type Reader interface {
	// Read streams the file at path to emit and returns what it read. A
	// returned error means the file as a whole could not be read (not in
	// the format, unreadable, cancelled); the Report is still returned
	// with what was counted.
	Read(ctx context.Context, path string, emit Emit) (*Report, error)
}

// Format is a format a file can be detected as.
type Format struct {
	Name   string
	Detect func(path string, head []byte) bool
	Reader Reader
	// read reads an open input (ReadFile opens each file once).
	read func(context.Context, *bufio.Reader, *Report, Emit) error
}

// Formats are the formats Detect knows, tried in order.
var Formats = []Format{
	{"comext", DetectComext, Comext{}, readComext},
	{"comtrade", DetectComtrade, Comtrade{}, readComtrade},
}

// headSize is how much of a file Detect is given.
const headSize = 16 << 10

// Detect returns the format of the file at path from its name and its
// first bytes (ReadFile gives it 16 KiB), and false when it is in none of
// Formats.
func Detect(path string, head []byte) (Format, bool) {
	for _, f := range Formats {
		if f.Detect(path, head) {
			return f, true
		}
	}
	return Format{}, false
}

// ReadFile detects the format of the file at path and reads it. A file in
// no known format is an error wrapping source.ErrFormat.
func ReadFile(ctx context.Context, path string, emit Emit) (*Report, error) {
	rep := &Report{File: path}
	in, err := source.Open(path)
	if err != nil {
		return rep, &source.Error{File: path, Err: fmt.Errorf("trade: %w", err)}
	}
	defer in.Close()
	// source.Open buffers the file already: 16 KiB more hold the header.
	br := bufio.NewReaderSize(in, headSize)
	head, err := br.Peek(headSize)
	if err != nil && len(head) == 0 && !errors.Is(err, io.EOF) {
		return rep, &source.Error{File: path, Err: fmt.Errorf("trade: %w", err)}
	}
	f, ok := Detect(path, head)
	if !ok {
		return rep, &source.Error{File: path, Line: 1,
			Err: fmt.Errorf("trade: not a Comext export (REPORTER, PARTNER, PERIOD, VALUE_IN_EUR) nor a Comtrade file (reporterISO, partnerISO, cmdCode, primaryValue): %w", source.ErrFormat)}
	}
	rep.Format = f.Name
	return rep, f.read(ctx, br, rep, emit)
}

// readFile opens path (gzip or not) and reads it with read.
func readFile(ctx context.Context, path, format string, read func(context.Context, *bufio.Reader, *Report, Emit) error, emit Emit) (*Report, error) {
	rep := &Report{File: path, Format: format}
	f, err := source.Open(path)
	if err != nil {
		return rep, &source.Error{File: path, Err: fmt.Errorf("%s: %w", format, err)}
	}
	defer f.Close()
	return rep, read(ctx, bufio.NewReaderSize(f, 64<<10), rep, emit)
}

// readInput reads an open input with read, positioned as name.
func readInput(ctx context.Context, name, format string, in io.Reader, read func(context.Context, *bufio.Reader, *Report, Emit) error, emit Emit) (*Report, error) {
	rep := &Report{File: name, Format: format}
	return rep, read(ctx, bufio.NewReaderSize(in, 64<<10), rep, emit)
}
