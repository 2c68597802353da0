// Package limit holds the readers that keep a parser from buffering an
// unbounded record: Bytes caps the bytes read since the start of a record,
// Lines caps the length of each physical line. Both fail with
// source.ErrTooLarge rather than pass an oversized record on.
package limit

import (
	"bytes"
	"fmt"
	"io"

	"github.com/redline-sanctions/redline/source"
)

// Bytes passes R through and fails once more than Max bytes have been read
// since the last Reset (the reader calls Reset before each record), so that
// one huge line, quoted field or XML element cannot be buffered whole. The
// error says "more than Max bytes in one Unit" and wraps source.ErrTooLarge.
type Bytes struct {
	R    io.Reader
	Max  int64
	Unit string // what a record is called in the error: "record", "row"
	n    int64
}

// Reset starts a new budget of Max bytes.
func (l *Bytes) Reset() { l.n = 0 }

// Read implements io.Reader.
func (l *Bytes) Read(p []byte) (int, error) {
	if l.n > l.Max {
		return 0, fmt.Errorf("more than %d bytes in one %s: %w", l.Max, l.Unit, source.ErrTooLarge)
	}
	n, err := l.R.Read(p)
	l.n += int64(n)
	return n, err
}

// Lines passes R through, failing with source.ErrTooLarge as soon as one
// physical line is longer than Max bytes, so that a CSV parser on top never
// buffers a 100 MB line. It also counts lines and bytes and remembers
// whether the input ended.
type Lines struct {
	R     io.Reader
	Max   int
	cur   int   // length of the current line so far
	line  int   // 1-based number of the line being read
	total int64 // bytes passed through
	eof   bool
}

// Read implements io.Reader.
func (l *Lines) Read(p []byte) (int, error) {
	n, err := l.R.Read(p)
	if l.line == 0 {
		l.line = 1
	}
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.cur += len(b)
			break
		}
		if l.cur+i > l.Max {
			l.cur += i
			break
		}
		l.cur = 0
		l.line++
		b = b[i+1:]
	}
	if l.cur > l.Max {
		return 0, fmt.Errorf("line %d longer than %d bytes: %w", l.line, l.Max, source.ErrTooLarge)
	}
	l.total += int64(n)
	if err == io.EOF {
		l.eof = true
	}
	return n, err
}

// AtEnd reports whether a parser that has consumed offset bytes has read
// the whole input.
func (l *Lines) AtEnd(offset int64) bool {
	return l.eof && offset >= l.total
}

// Line returns the 1-based number of the line being read (0 before the
// first read).
func (l *Lines) Line() int { return l.line }
