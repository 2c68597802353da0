// Package xmlx is the guarded XML token stream the XML list readers (ofac,
// un, eu) decode through. Every token passes through it, so nesting deeper
// than source.MaxDepth stops the read, and the bytes read since the last
// Mark (one record, or the text between records) are capped at
// source.MaxRecordSize, so a 100 MB text node or a runaway element is an
// error rather than a buffer. encoding/xml does not expand entities
// declared in a DTD, so an entity-expansion bomb fails as an unknown
// entity.
package xmlx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// Stream is a guarded XML token stream. Decode records with Dec (Token,
// DecodeElement, Skip); call Mark before each top-level token.
type Stream struct {
	// Dec reads the raw decoder's tokens through the guard, checks that
	// end tags match, resolves namespaces and decodes records.
	Dec   *xml.Decoder
	raw   *xml.Decoder // reads the bytes; knows positions
	lim   *readlimit.Bytes
	depth int
}

// CharsetReader is the type of xml.Decoder.CharsetReader.
type CharsetReader func(label string, in io.Reader) (io.Reader, error)

// New returns a stream over r, with a leading UTF-8 byte order mark
// dropped. charset decodes the encodings an XML declaration may name other
// than UTF-8; nil accepts every encoding the WHATWG index knows.
func New(r io.Reader, charset CharsetReader) *Stream {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	lim := &readlimit.Bytes{R: br, Max: source.MaxRecordSize, Unit: "record", Err: source.ErrTooLarge}
	raw := xml.NewDecoder(lim)
	if charset == nil {
		charset = anyCharset
	}
	raw.CharsetReader = charset
	s := &Stream{raw: raw, lim: lim}
	s.Dec = xml.NewTokenDecoder(s)
	return s
}

// anyCharset decodes every encoding the WHATWG encoding index names.
func anyCharset(label string, in io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q: %w", label, err)
	}
	return enc.NewDecoder().Reader(in), nil
}

// Token implements xml.TokenReader over the raw decoder's RawToken,
// enforcing the depth limit; Dec checks that end tags match and resolves
// namespaces, so that work is done once.
func (s *Stream) Token() (xml.Token, error) {
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

// Mark starts a new size budget of source.MaxRecordSize bytes.
func (s *Stream) Mark() { s.lim.Reset() }

// Line returns the input line of the last token read.
func (s *Stream) Line() int {
	l, _ := s.raw.InputPos()
	return l
}

// Depth returns the nesting depth after the last token read: 1 inside the
// root element.
func (s *Stream) Depth() int { return s.depth }

// Fail positions err, met while reading the file at path, as a
// *source.Error whose message starts with name (the reader's, "un"). An
// XML syntax error also wraps source.ErrFormat.
func (s *Stream) Fail(path, name string, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		// Dec reads tokens, not bytes: its own errors (an unclosed element
		// at EOF) have no line; the raw decoder's have.
		return &source.Error{File: path, Line: max(se.Line, s.Line()), Err: fmt.Errorf("%s: %w: %w", name, source.ErrFormat, err)}
	}
	return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("%s: %w", name, err)}
}

// Root returns the first element of the document that head starts (a
// leading byte order mark allowed), and false when there is none among its
// first 64 tokens.
func Root(head []byte) (xml.StartElement, bool) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	for range 64 {
		t, err := d.RawToken()
		if err != nil {
			return xml.StartElement{}, false
		}
		if se, ok := t.(xml.StartElement); ok {
			return se, true
		}
	}
	return xml.StartElement{}, false
}
