package bis

import (
	"bytes"
	"fmt"
	"io"

	"github.com/redline-sanctions/redline/source"
)

// lineLimit passes a reader through, failing with source.ErrTooLarge as
// soon as one physical line is longer than max bytes, so that a CSV parser
// on top never buffers a 100 MB line. It also counts lines and bytes and
// remembers whether the input ended.
type lineLimit struct {
	r     io.Reader
	max   int
	cur   int   // length of the current line so far
	line  int   // 1-based number of the line being read
	total int64 // bytes passed through
	eof   bool
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.line == 0 {
		l.line = 1
	}
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.cur += len(b)
			break
		}
		if l.cur+i > l.max {
			l.cur += i
			break
		}
		l.cur = 0
		l.line++
		b = b[i+1:]
	}
	if l.cur > l.max {
		return 0, fmt.Errorf("line %d longer than %d bytes: %w", l.line, l.max, source.ErrTooLarge)
	}
	l.total += int64(n)
	if err == io.EOF {
		l.eof = true
	}
	return n, err
}

// atEnd reports whether a parser that has consumed offset bytes has read
// the whole input.
func (l *lineLimit) atEnd(offset int64) bool {
	return l.eof && offset >= l.total
}
