package trade

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/delim"
	"io"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/source"
)

// table reads a delimited file with a header row: columns found by name
// (case-insensitively), every data row counted, rows the CSV parser or the
// header's width rejects skipped with their line.
type table struct {
	cr   *csv.Reader
	cols map[string]int
	// width is the number of header fields.
	width int
	rep   *Report
	row   []string
	line  int
	chk   source.Checked
}

// headerNames splits the first line of head into folded column names.
func headerNames(head []byte) map[string]bool {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	names := map[string]bool{}
	for _, f := range strings.Split(string(head), string(delim.Sniff(head))) {
		names[fold(f)] = true
	}
	return names
}

func fold(s string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(s), `"`))
}

// newTable reads the header of in and checks that it has each column of
// required (folded names; a slot with alternatives "a|b" needs one of them).
func newTable(in io.Reader, head []byte, rep *Report, required ...string) (*table, error) {
	cr := csv.NewReader(in)
	cr.Comma = delim.Sniff(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("empty file: %w", source.ErrFormat)
		}
		return nil, &source.Error{File: rep.File, Line: 1, Err: fmt.Errorf("%s: header: %w", rep.Format, err)}
	}
	t := &table{cr: cr, cols: map[string]int{}, width: len(header), rep: rep}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, dup := t.cols[fold(h)]; !dup {
			t.cols[fold(h)] = i
		}
	}
	for _, r := range required {
		if t.col(strings.Split(r, "|")...) < 0 {
			return nil, &source.Error{File: rep.File, Line: 1, Err: fmt.Errorf("%s: no column %s in the header: %w", rep.Format, strings.ReplaceAll(r, "|", " or "), source.ErrFormat)}
		}
	}
	return t, nil
}

// col returns the index of the first of names present, or -1.
func (t *table) col(names ...string) int {
	for _, n := range names {
		if i, ok := t.cols[n]; ok {
			return i
		}
	}
	return -1
}

// next reads the next data row; false at the end of the input or on an
// error that stops the read (returned by err). Rows the CSV parser rejects
// are skipped, counted and reported.
func (t *table) next(ctx context.Context) (bool, error) {
	for {
		if err := t.chk.Err(ctx); err != nil {
			return false, err
		}
		row, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.rep.Rows++
			t.rep.skip(pe.StartLine, "", "bad CSV: "+pe.Err.Error())
			continue
		}
		if err != nil {
			return false, &source.Error{File: t.rep.File, Err: fmt.Errorf("%s: after line %d: %w", t.rep.Format, t.line, err)}
		}
		t.line, _ = t.cr.FieldPos(0)
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // a blank line
		}
		t.rep.Rows++
		if len(row) != t.width {
			t.rep.skip(t.line, "", fmt.Sprintf("%d fields, the header has %d", len(row), t.width))
			continue
		}
		t.row = row
		return true, nil
	}
}

// get returns the trimmed field at column i, "" when i < 0.
func (t *table) get(i int) string {
	if i < 0 || i >= len(t.row) {
		return ""
	}
	return strings.TrimSpace(t.row[i])
}

// number reads a figure: digits with an optional sign, decimal point and
// exponent; thousands separators are not accepted (Comext and Comtrade
// write none), nor are Comext's ":" (not available) or NaN.
func number(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	if s == ":" {
		return 0, fmt.Errorf("%q: not available (confidential or missing)", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > 1e18 || v < -1e18 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}
