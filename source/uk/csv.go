package uk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/dates"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/internal/fold"
	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// table reads a CSV file row by row, with the line of each row, a cap of
// source.MaxRecordSize bytes per row (so a 100 MB line or an unterminated
// quote is an error, not a buffer) and invalid UTF-8 read as Windows-1252.
type table struct {
	path string
	cr   *csv.Reader
	lim  *readlimit.Bytes
	// Line is the line on which the last row read starts.
	Line int
	// Header maps a folded column name to its index, once SetHeader ran.
	Header map[string]int
	// Columns are the column names as the header writes them.
	Columns []string
	// index caches the column index of each name asked for (-1: none).
	index map[string]int
}

// findHeader reads the rows before the header and sets t's header: the
// first row, within maxPreamble rows, that has every column of cols (a
// missing one is a format error naming the file's kind and position).
// A row before it from which version reads the list's version (true)
// sets rep.Version, the first such row only.
func (t *table) findHeader(path, kind string, cols []string, rep *source.Report, version func(fields []string) (string, bool)) error {
	for i := 0; ; i++ {
		fields, err := t.Next()
		if err == io.EOF || i >= maxPreamble {
			return &source.Error{File: path, Line: t.Line, Err: fmt.Errorf("uk: no %s header with %s: %w", kind, strings.Join(cols, " and "), source.ErrFormat)}
		}
		if _, ok := err.(errRow); ok {
			continue
		}
		if err != nil {
			return err
		}
		if rep.Version == "" {
			if v, ok := version(fields); ok {
				rep.Version = v
				continue
			}
		}
		t.SetHeader(fields)
		if hasAll(t, cols) {
			return nil
		}
		t.Header = nil
	}
}

// hasAll reports whether t's header has every column of cols.
func hasAll(t *table, cols []string) bool {
	for _, c := range cols {
		if !t.Has(c) {
			return false
		}
	}
	return true
}

func newTable(path string, r io.Reader) *table {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	lim := &readlimit.Bytes{R: br, Max: source.MaxRecordSize, Unit: "row", Err: source.ErrTooLarge}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	return &table{path: path, cr: cr, lim: lim}
}

// errRow is a row the CSV reader could not split; the read goes on.
type errRow struct{ err error }

func (e errRow) Error() string { return e.err.Error() }

// Next returns the next row. An error of type errRow is a row that could
// not be split (the caller skips it and goes on); io.EOF ends the file;
// any other error stops the read and is positioned.
func (t *table) Next() ([]string, error) {
	t.lim.Reset()
	row, err := t.cr.Read()
	if err != nil {
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return nil, io.EOF
		case errors.As(err, &pe) && !errors.Is(err, source.ErrTooLarge):
			t.Line = pe.StartLine
			return nil, errRow{err}
		default:
			return nil, &source.Error{File: t.path, Line: t.startLine(), Err: fmt.Errorf("uk: %w", err)}
		}
	}
	t.Line = t.startLine()
	return row, nil
}

// startLine returns the line on which the last row read starts, or 0 when
// the CSV reader has no position (FieldPos panics then).
func (t *table) startLine() (line int) {
	defer func() {
		if recover() != nil {
			line = 0
		}
	}()
	line, _ = t.cr.FieldPos(0)
	return line
}

// SetHeader records the column names of row.
func (t *table) SetHeader(row []string) {
	t.Header = make(map[string]int, len(row))
	t.Columns = append([]string(nil), row...)
	t.index = map[string]int{}
	for i, h := range row {
		k := colKey(h)
		if _, dup := t.Header[k]; !dup {
			t.Header[k] = i
		}
	}
}

// isHeader reports whether a row repeats the header.
func (t *table) isHeader(fields []string) bool {
	if len(fields) != len(t.Columns) {
		return false
	}
	for i, f := range fields {
		if colKey(f) != colKey(t.Columns[i]) {
			return false
		}
	}
	return true
}

// Has reports whether the header has the column.
func (t *table) Has(col string) bool {
	_, ok := t.Header[colKey(col)]
	return ok
}

// colKey normalises a column name: lower case, single spaces, no byte
// order mark.
func colKey(s string) string { return fold.Lower(strings.TrimPrefix(s, "\ufeff")) }

// row is one CSV row read through its header.
type row struct {
	t      *table
	fields []string
	fixed  map[int]bool // fields re-read as Windows-1252
}

// newRow checks the UTF-8 of each field, re-reading invalid ones as
// Windows-1252 (the encoding of older OFSI files).
func (t *table) newRow(fields []string) *row {
	r := &row{t: t, fields: fields}
	for i, f := range fields {
		if !utf8.ValidString(f) {
			if s, err := charmap.Windows1252.NewDecoder().String(f); err == nil {
				fields[i] = s
			} else {
				fields[i] = strings.ToValidUTF8(f, "\uFFFD")
			}
			if r.fixed == nil {
				r.fixed = map[int]bool{}
			}
			r.fixed[i] = true
		}
	}
	return r
}

// col returns the index of a column, -1 when the header has none.
func (t *table) col(name string) int {
	if i, ok := t.index[name]; ok {
		return i
	}
	i, ok := t.Header[colKey(name)]
	if !ok {
		i = -1
	}
	t.index[name] = i
	return i
}

// Get returns the trimmed value of a column with inner white space
// folded, "" when the column or the field is missing.
func (r *row) Get(col string) string {
	i := r.t.col(col)
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return fold.Space(r.fields[i])
}

// Raw returns the value of a column with its line breaks kept.
func (r *row) Raw(col string) string {
	i := r.t.col(col)
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// ukDate matches the dates OFSI and FCDO write: dd/mm/yyyy, where an unknown
// day or month is 00 (or "--", "dd", "mm").
var ukDate = regexp.MustCompile(`^(\d{1,2}|00|--|dd|DD)/(\d{1,2}|00|--|mm|MM)/(\d{4})$`)

// parseDate reads a UK list date as an ISO date, as precise as the list
// is: "00/00/1955" -> "1955", "00/04/1984" -> "1984-04", "05/07/1983" ->
// "1983-07-05". A day without a month keeps the year only. Dates already in
// ISO form are kept; ok is false for anything else.
func parseDate(s string) (string, bool) {
	s = fold.Space(s)
	if dates.IsISO(s) {
		return s, true
	}
	if len(s) > 10 && dates.IsISO(s[:10]) && s[10] == 'T' {
		return s[:10], true // a timestamp: its day
	}
	m := ukDate.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	year := m[3]
	if year == "0000" {
		return "", false
	}
	mo, err := strconv.Atoi(m[2])
	if err != nil || mo == 0 {
		return year, true
	}
	if mo > 12 {
		return "", false
	}
	d, err := strconv.Atoi(m[1])
	if err != nil || d == 0 {
		return fmt.Sprintf("%s-%02d", year, mo), true
	}
	if d > 31 {
		return "", false
	}
	return fmt.Sprintf("%s-%02d-%02d", year, mo, d), true
}

// numbered splits the "(1) A (2) B" and "A|B" forms the UK lists use for
// several values in one cell; a single value is returned alone.
var numberedRE = regexp.MustCompile(`\(\d{1,2}\)|\|`)

func numbered(s string) []string {
	s = fold.Space(s)
	if s == "" {
		return nil
	}
	if !strings.ContainsAny(s, "(|") {
		if s = strings.Trim(s, " ,;"); s == "" {
			return nil
		}
		return []string{s}
	}
	var out []string
	for _, p := range numberedRE.Split(s, -1) {
		if p = strings.Trim(fold.Space(p), " ,;"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parenRE matches a parenthesised remark.
var parenRE = regexp.MustCompile(`\s*\([^()]*\)`)

// countries maps a cell of country names to ISO codes: the whole cell, or
// its numbered, comma, semicolon or slash separated parts, each with
// parenthesised remarks dropped. Parts that are not countries are returned
// in unknown.
func countries(s string) (codes, unknown []string) {
	for _, part := range numbered(s) {
		if c, ok := countryCode(part); ok {
			codes = append(codes, c)
			continue
		}
		subs := strings.FieldsFunc(part, func(r rune) bool { return r == ',' || r == ';' || r == '/' || r == '|' })
		var got []string
		for _, sp := range subs {
			if c, ok := countryCode(sp); ok {
				got = append(got, c)
			} else {
				got = nil
				break
			}
		}
		if len(got) > 0 {
			codes = append(codes, got...)
		} else {
			unknown = append(unknown, part)
		}
	}
	return codes, unknown
}

func countryCode(s string) (string, bool) {
	s = fold.Space(parenRE.ReplaceAllString(s, ""))
	if len(s) <= 2 {
		return "", false // the UK lists write names, never codes
	}
	return country.Code(s)
}

// docNumberRE matches what looks like the number of a document at the start
// of a passport or national ID cell: letters, digits, dashes, spaces and
// slashes up to a comma or parenthesis, with at least one digit.
var docNumberRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}\-/. ]*`)

// docNumbers extracts the document numbers of a passport or national ID
// cell: "(1) 12345 (Russia) (2) AB 6789, issued 2001" -> ["12345", "AB 6789"].
// exact is false when the cell says more than the numbers.
func docNumbers(s string) (nums []string, exact bool) {
	exact = true
	for _, part := range numbered(s) {
		m := strings.TrimSpace(docNumberRE.FindString(part))
		if m == "" || !strings.ContainsAny(m, "0123456789") || len(strings.Fields(m)) > 3 {
			exact = false
			continue
		}
		nums = append(nums, m)
		if m != part {
			exact = false
		}
	}
	return nums, exact
}

// imoRE finds an IMO number in free text.
var imoRE = regexp.MustCompile(`(?i)\bIMO(?:\s*(?:number|no\.?))?[\s:.]*(\d{7})\b`)

// unRefRE finds a UN reference number ("UN Ref IRi.018", "(UN Ref):QDi.263")
// in free text.
var unRefRE = regexp.MustCompile(`UN Ref(?:erence)?(?: Number)?\)?[\s:.]*([A-Z]{2}[ie]\.\d{3})\b`)

// passportRE finds "Passport no: G4506013" in free text.
var passportRE = regexp.MustCompile(`(?i)\bpassport (?:no|number)\.?[\s:]*([A-Z]{0,3}\d[A-Z0-9]{4,})\b`)

// imoDigits finds the 7 digits of an IMO number ("IMO 9187629" or
// "9187629").
var imoDigits = regexp.MustCompile(`\b\d{7}\b`)

// names gathers the name variants of one target.
type names struct {
	primaries, others, weak, previous []string
}

// nameKind is what a row's name type (Alias Type, Name type) makes of its
// name.
type nameKind int

const (
	otherName nameKind = iota
	primaryName
	previousName
)

// kindOf reads a name type: "Primary name" (any case) or the old "Prime
// Alias" is the primary name; "FKA" and "formerly known as" a previous
// name; anything else ("AKA", "Alias", "Primary name variation") an alias.
func kindOf(typ string) nameKind {
	switch strings.ToLower(fold.Space(typ)) {
	case "primary name", "prime alias":
		return primaryName
	case "fka", "f.k.a.", "formerly known as", "previous name":
		return previousName
	}
	return otherName
}

// add files a row's name by its kind and alias quality.
func (n *names) add(name string, kind nameKind, isWeak bool) {
	switch {
	case name == "":
	case kind == primaryName:
		n.primaries = append(n.primaries, name)
	case kind == previousName:
		n.previous = append(n.previous, name)
	case isWeak:
		n.weak = append(n.weak, name)
	default:
		n.others = append(n.others, name)
	}
}

// apply sets e's name to the first primary name (or, when the target has
// none, the first other name) and the rest to alias or weakAlias. It
// reports false when there is no name at all.
func (n *names) apply(e *entity.Entity) bool {
	all := append(append(append(append([]string{}, n.primaries...), n.others...), n.weak...), n.previous...)
	if len(all) == 0 {
		// Only names in non-Latin script: the first becomes the name.
		alias := e.Get(entity.Alias)
		if len(alias) == 0 {
			return false
		}
		e.Add(entity.Name, alias[0])
		e.Properties[entity.Alias] = alias[1:]
		if len(alias) == 1 {
			delete(e.Properties, entity.Alias)
		}
		return true
	}
	e.Add(entity.Name, all[0])
	strong := append(append([]string{}, n.primaries...), n.others...)
	for _, v := range all[1:] {
		switch {
		case v == all[0]:
		case slices.Contains(strong, v):
			e.Add(entity.Alias, v)
		case slices.Contains(n.previous, v) && !slices.Contains(n.weak, v):
			e.Add(entity.PreviousName, v)
		default:
			e.Add(entity.WeakAlias, v)
		}
	}
	return true
}

// addRegistrations adds the company numbers of a cell: "OGRN 1027739001993"
// -> ogrnCode, "INN 7731084175" -> innCode, anything else ->
// registrationNumber as written.
func addRegistrations(e *entity.Entity, cell string) {
	for _, v := range numbered(cell) {
		f := strings.Fields(strings.NewReplacer(":", " ", "#", " ").Replace(v))
		if len(f) == 2 && strings.ContainsAny(f[1], "0123456789") {
			switch strings.ToUpper(f[0]) {
			case "OGRN":
				e.Add(entity.OgrnCode, f[1])
				continue
			case "INN":
				e.Add(entity.InnCode, f[1])
				continue
			}
		}
		e.Add(entity.RegistrationNum, v)
	}
}

// schemaOf maps the UK lists' group or designation type to a schema.
func schemaOf(typ string) (string, bool) {
	switch strings.ToLower(fold.Space(typ)) {
	case "individual":
		return entity.Person, true
	case "entity":
		return entity.Organisation, true
	case "ship":
		return entity.Vessel, true
	}
	return entity.LegalEntity, false
}

// weak reports whether an alias quality or strength marks a weak alias.
func weak(q string) bool {
	return strings.Contains(strings.ToLower(q), "low")
}
