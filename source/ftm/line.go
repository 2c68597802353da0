package ftm

import (
	"errors"
	"fmt"

	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// lineReader reads lines of at most max bytes without ever buffering more:
// a longer line is an error wrapping source.ErrTooLarge, found after
// reading max bytes of it. It numbers lines as the readers report them.
type lineReader struct {
	sc   *readlimit.Scanner
	line int  // 1-based number of the line last returned (or that failed)
	eol  bool // whether the line last returned ended with a newline
}

// next returns the next line without its end of line. The slice is valid
// until the following call. At the end of the input it returns io.EOF.
func (l *lineReader) next() ([]byte, error) {
	b, err := l.sc.Next()
	switch {
	case err == nil:
		l.line, l.eol = l.sc.Line(), l.sc.EOL()
		return b, nil
	case errors.Is(err, readlimit.ErrLineTooLong):
		l.line = l.sc.Line()
		return nil, fmt.Errorf("line %d longer than %d bytes: %w", l.line, l.sc.Max, source.ErrTooLarge)
	default:
		l.line = l.sc.Line() + 1
		return nil, err
	}
}
