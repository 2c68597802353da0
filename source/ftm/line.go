package ftm

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/redline-sanctions/redline/source"
)

// lineReader reads lines of at most max bytes from a bufio.Reader without
// ever buffering more: a longer line is an error wrapping
// source.ErrTooLarge, found after reading max bytes of it.
type lineReader struct {
	r    *bufio.Reader
	max  int
	line int  // 1-based number of the line last returned
	eol  bool // whether the line last returned ended with a newline
	buf  []byte
}

// next returns the next line without its end of line. The slice is valid
// until the following call. At the end of the input it returns io.EOF.
func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	l.line++
	for {
		chunk, err := l.r.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+1 {
			return nil, fmt.Errorf("line %d longer than %d bytes: %w", l.line, l.max, source.ErrTooLarge)
		}
		l.buf = append(l.buf, chunk...)
		switch {
		case err == nil:
			l.eol = true
			return trimEOL(l.buf), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case len(l.buf) > 0 && isEOF(err):
			l.eol = false
			return trimEOL(l.buf), nil
		default:
			return nil, err
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

func isEOF(err error) bool { return errors.Is(err, io.EOF) }
