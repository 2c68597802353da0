// Package readlimit holds the readers that keep a parser from buffering an
// unbounded record or line: Bytes caps the bytes read since the start of a
// record, Lines caps the length of each physical line of a stream passed
// through to a parser, and Scanner returns the lines of an input one at a
// time, none longer than its cap. Each wraps the sentinel error its caller
// gives (source.ErrTooLarge for the list readers, shipment.ErrLineTooLong
// for shipment files), so the errors keep their callers' meaning.
//
// It replaces source/internal/limit (Bytes, Lines), shipment's lineLimit
// and the line readers of screen and shipment's JSON lines reader.
package readlimit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Bytes passes R through and fails once more than Max bytes have been read
// since the last Reset (the reader calls Reset before each record), so that
// one huge line, quoted field or XML element cannot be buffered whole. The
// error says "more than Max bytes in one Unit" and wraps Err.
type Bytes struct {
	R    io.Reader
	Max  int64
	Unit string // what a record is called in the error: "record", "row"
	Err  error  // wrapped by the error, e.g. source.ErrTooLarge
	n    int64
}

// Reset starts a new budget of Max bytes.
func (l *Bytes) Reset() { l.n = 0 }

// Read implements io.Reader.
func (l *Bytes) Read(p []byte) (int, error) {
	if l.n > l.Max {
		return 0, fmt.Errorf("more than %d bytes in one %s: %w", l.Max, l.Unit, l.Err)
	}
	n, err := l.R.Read(p)
	l.n += int64(n)
	return n, err
}

// Lines passes R through, failing with an error that wraps Err as soon as
// one physical line (not counting its '\n') is longer than Max bytes, so
// that a CSV parser on top never buffers a 100 MB line. It also counts
// lines and bytes and remembers whether the input ended.
type Lines struct {
	R     io.Reader
	Max   int
	Err   error // wrapped by the error, e.g. source.ErrTooLarge
	cur   int   // length of the current line so far
	line  int   // 1-based number of the line being read
	total int64 // bytes passed through
	eof   bool
}

// Read implements io.Reader. The error says "line N longer than Max
// bytes".
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
		return 0, fmt.Errorf("line %d longer than %d bytes: %w", l.line, l.Max, l.Err)
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

// ErrLineTooLong is returned by Scanner.Next for a line longer than the
// cap.
var ErrLineTooLong = errors.New("line too long")

// Scanner reads lines of at most Max bytes from a bufio.Reader without ever
// buffering more. Slack is how many bytes of line ending (beyond the first
// byte) a line may carry on top of Max: the callers' historical caps, kept
// so that a line's fate at the boundary does not change.
type Scanner struct {
	R     *bufio.Reader
	Max   int
	Slack int  // extra bytes allowed for the line ending
	line  int  // 1-based number of the line last returned
	eol   bool // whether the line last returned ended with a newline
	skip  bool // the rest of an over-long line is still to be discarded
	buf   []byte
}

// NewScanner returns a Scanner over r with a 64 KiB buffer.
func NewScanner(r io.Reader, max int) *Scanner {
	if br, ok := r.(*bufio.Reader); ok && br.Size() >= 64<<10 {
		return &Scanner{R: br, Max: max}
	}
	return &Scanner{R: bufio.NewReaderSize(r, 64<<10), Max: max}
}

// Next returns the next line without its line ending ("\n" or "\r\n"); the
// slice is valid until the following call. At the end of the input it
// returns io.EOF; a read error is returned as it is (the line it hit is
// Line()+1). A line longer than Max+1+Slack bytes with its ending is
// counted and returned as nil with ErrLineTooLong as soon as the cap is
// passed; the rest of it is discarded by the following call, so the caller
// may stop there without reading it.
func (s *Scanner) Next() ([]byte, error) {
	if s.skip {
		if err := s.discardLine(); err != nil {
			return nil, err
		}
	}
	s.buf = s.buf[:0]
	for {
		chunk, err := s.R.ReadSlice('\n')
		if len(s.buf)+len(chunk) > s.Max+1+s.Slack {
			s.line++
			s.skip = err != nil
			return nil, ErrLineTooLong
		}
		s.buf = append(s.buf, chunk...)
		switch {
		case err == nil:
			s.line++
			s.eol = true
			return trimEOL(s.buf), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(s.buf) == 0 {
				return nil, io.EOF
			}
			s.line++
			s.eol = false
			return trimEOL(s.buf), nil
		default:
			return nil, err
		}
	}
}

// discardLine reads up to and including the next '\n'.
func (s *Scanner) discardLine() error {
	for {
		_, err := s.R.ReadSlice('\n')
		switch {
		case err == nil:
			s.skip = false
			return nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			s.skip = false
			return io.EOF
		default:
			return err
		}
	}
}

// Line returns the 1-based number of the line last returned (or refused).
func (s *Scanner) Line() int { return s.line }

// SkipLine counts a line the caller consumed itself through R (a blank
// line passed over while sniffing the format).
func (s *Scanner) SkipLine() { s.line++ }

// EOL reports whether the line last returned ended with a newline.
func (s *Scanner) EOL() bool { return s.eol }

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
