package un

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/redline-sanctions/redline/source"
)

// stream is a guarded XML token stream. Every token passes through it, so
// nesting deeper than source.MaxDepth stops the read, and the bytes read
// since the last mark (one record, or the text between records) are capped
// at source.MaxRecordSize, so a 100 MB text node or a runaway element is an
// error rather than a buffer. encoding/xml does not expand entities declared
// in a DTD, so an entity-expansion bomb fails as an unknown entity.
type stream struct {
	raw   *xml.Decoder // reads the bytes; knows positions
	dec   *xml.Decoder // reads raw's tokens through the guard; decodes records
	lim   *limited
	depth int
}

func newStream(r io.Reader) *stream {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	lim := &limited{r: br}
	raw := xml.NewDecoder(lim)
	raw.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown charset %q: %w", label, err)
		}
		return enc.NewDecoder().Reader(in), nil
	}
	s := &stream{raw: raw, lim: lim}
	s.dec = xml.NewTokenDecoder(s)
	return s
}

// Token implements xml.TokenReader over the raw decoder's RawToken,
// enforcing the depth limit; the outer decoder checks that end tags match
// and resolves namespaces, so that work is done once.
func (s *stream) Token() (xml.Token, error) {
	t, err := s.raw.RawToken()
	if err != nil {
		return t, err
	}
	switch t.(type) {
	case xml.StartElement:
		s.depth++
		if s.depth > source.MaxDepth {
			return nil, fmt.Errorf("XML nested deeper than %d elements: %w", source.MaxDepth, source.ErrTooLarge)
		}
	case xml.EndElement:
		s.depth--
	}
	return t, nil
}

// mark starts a new size budget of source.MaxRecordSize bytes.
func (s *stream) mark() { s.lim.n = 0 }

// line returns the input line of the last token read.
func (s *stream) line() int {
	l, _ := s.raw.InputPos()
	return l
}

// limited counts the bytes read since the last mark and fails once they
// pass source.MaxRecordSize.
type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n > source.MaxRecordSize {
		return 0, fmt.Errorf("more than %d bytes in one record: %w", source.MaxRecordSize, source.ErrTooLarge)
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
