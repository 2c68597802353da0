package textscreen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxInput is the largest input Read accepts: 16 MiB, some 5,000 pages of
// text. A longer input fails with ErrTooLarge rather than being cut, so
// that nothing is screened silently in part.
const MaxInput = 16 << 20

// maxInvalidShare is the share of bytes that may be invalid UTF-8 before an
// input is refused as not UTF-8 (stray bytes of a PDF extraction are
// replaced by U+FFFD and reported in Warnings).
const maxInvalidShare = 0.01

// Errors of Read. Each is wrapped with what was found.
var (
	ErrEmpty    = errors.New("textscreen: empty input (no text to screen)")
	ErrTooLarge = fmt.Errorf("textscreen: input larger than %d MiB", MaxInput>>20)
	ErrBinary   = errors.New("textscreen: binary data, not text")
	ErrEncoding = errors.New("textscreen: not UTF-8 text")
)

// Document is an input read for screening.
type Document struct {
	// Text is the plain text screened; offsets point into it.
	Text string
	// Input is true when Text is the input bytes unchanged.
	Input bool
	// Format is "text" or "html".
	Format string
	// SHA256 is the hex SHA-256 of the input bytes.
	SHA256 string
	// Warnings say what could not be read as given.
	Warnings []string
}

// Read reads one document of at most MaxInput bytes: UTF-8 plain text
// (PDF-extracted text included) or HTML, whose text is extracted (scripts,
// styles and other non-content elements dropped, block elements separated
// by blank lines, entities decoded). It fails with ErrEmpty, ErrTooLarge,
// ErrBinary or ErrEncoding (wrapped with the byte offset or the reason);
// an input with a few invalid UTF-8 bytes is read with each replaced by
// U+FFFD and a warning.
func Read(r io.Reader) (*Document, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("textscreen: reading: %w", err)
	}
	if len(b) > MaxInput {
		return nil, ErrTooLarge
	}
	return Parse(b)
}

// Parse is Read of bytes in memory.
func Parse(b []byte) (*Document, error) {
	if len(b) > MaxInput {
		return nil, ErrTooLarge
	}
	sum := sha256.Sum256(b)
	d := &Document{SHA256: hex.EncodeToString(sum[:]), Format: "text", Input: true}
	if len(bytes.TrimSpace(b)) == 0 {
		if len(b) == 0 {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("%w: %d bytes of white space only", ErrEmpty, len(b))
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return nil, fmt.Errorf("%w: UTF-16 (byte-order mark at byte 0); convert it to UTF-8", ErrEncoding)
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return nil, fmt.Errorf("%w: a PDF file; extract its text first (e.g. pdftotext)", ErrBinary)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, i)
	}
	text := b
	if bytes.HasPrefix(text, []byte("\xEF\xBB\xBF")) {
		text = text[3:]
		d.Input = false
		d.Warnings = append(d.Warnings, "UTF-8 byte-order mark removed; offsets point into Text")
	}
	if !utf8.Valid(text) {
		bad, first := 0, -1
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && size == 1 {
				bad++
				if first < 0 {
					first = i
				}
			}
			i += size
		}
		if float64(bad) > maxInvalidShare*float64(len(text)) {
			return nil, fmt.Errorf("%w: %d of %d bytes are not valid UTF-8 (first at offset %d); convert the file to UTF-8", ErrEncoding, bad, len(text), first)
		}
		text = bytes.ToValidUTF8(text, []byte("\uFFFD"))
		d.Input = false
		d.Warnings = append(d.Warnings, fmt.Sprintf("%d invalid UTF-8 byte(s) replaced by U+FFFD (first at input offset %d); offsets point into Text", bad, first))
	}
	if ctl := controlShare(text); ctl > 0.05 {
		return nil, fmt.Errorf("%w: %.0f%% control characters", ErrBinary, ctl*100)
	}
	if looksHTML(text) {
		d.Format, d.Input = "html", false
		t, err := htmlText(text)
		if err != nil {
			return nil, err
		}
		d.Text = t
	} else {
		d.Text = string(text)
	}
	if strings.TrimSpace(d.Text) == "" {
		return nil, fmt.Errorf("%w: the %s holds no text", ErrEmpty, d.Format)
	}
	return d, nil
}

// controlShare is the share of runes of b that are control characters
// other than tab, newline, carriage return and form feed.
func controlShare(b []byte) float64 {
	n, ctl := 0, 0
	for _, r := range string(b) {
		n++
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7F {
			ctl++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ctl) / float64(n)
}

// looksHTML reports whether the text starts like an HTML document or
// fragment: its first non-space byte is '<' and its first KiB holds an
// HTML doctype or one of the usual document or block tags.
func looksHTML(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 || t[0] != '<' {
		return false
	}
	head := strings.ToLower(string(t[:min(len(t), 1024)]))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<p>", "<p ", "<div", "<article", "<meta", "<title", "<h1", "<h2", "<span", "<table"} {
		if strings.Contains(head, tag) {
			return true
		}
	}
	return false
}

// skipped are the elements whose content is not text to screen.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
}

// blocks are the elements that end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Article: true, atom.Section: true,
	atom.Header: true, atom.Footer: true, atom.Blockquote: true, atom.Pre: true, atom.Title: true,
	atom.Figcaption: true, atom.Dd: true, atom.Dt: true, atom.Hr: true, atom.Main: true, atom.Aside: true, atom.Nav: true,
}

// htmlText extracts the text of an HTML document with the x/net/html
// tokenizer: text nodes with entities decoded and white space runs
// collapsed, a blank line at each block element, nothing from skipped
// elements.
func htmlText(b []byte) (string, error) {
	z := html.NewTokenizer(bytes.NewReader(b))
	out := make([]byte, 0, len(b)/2)
	skip := 0
	para := func() {
		out = bytes.TrimRight(out, " ")
		switch {
		case len(out) == 0 || bytes.HasSuffix(out, []byte("\n\n")):
		case out[len(out)-1] == '\n':
			out = append(out, '\n')
		default:
			out = append(out, "\n\n"...)
		}
	}
	space := func() {
		if len(out) > 0 && out[len(out)-1] != ' ' && out[len(out)-1] != '\n' {
			out = append(out, ' ')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return "", fmt.Errorf("textscreen: reading HTML: %w", err)
			}
			return string(bytes.TrimSpace(out)), nil
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipped[a] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if blocks[a] {
				para()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := z.Text() // entities decoded
			if len(t) > 0 && isSpace(t[0]) {
				space()
			}
			for i, f := range bytes.FieldsFunc(t, unicode.IsSpace) {
				if i > 0 {
					out = append(out, ' ')
				}
				out = append(out, f...)
			}
			if len(t) > 0 && isSpace(t[len(t)-1]) {
				space()
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
