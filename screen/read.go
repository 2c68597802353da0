package screen

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/delim"
	"github.com/redline-sanctions/redline/internal/readlimit"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
)

// Input formats of a parties file.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
)

// Party is one row of a parties file: the query it asks and where it came
// from.
type Party struct {
	// Line is the 1-based line of the input where the record starts.
	Line int
	// ID is the record's id field, or its 1-based record number when the
	// input has no id.
	ID string
	// Query is the party as an FtM-style record (schema, name, country,
	// birthDate, nationality, idNumber, ...); nil when the record is
	// malformed.
	Query *entity.Entity
	// Err says why the record could not be read; nil when it was.
	Err error
}

// fieldProps maps an input field name (lower case, spaces and dashes as
// underscores) to the FtM property it fills. Besides the documented fields
// id, name, schema, country, birth_date, nationality and id_number, the
// spellings of common screening exports are accepted (full_name,
// date_of_birth, dob, passport, ...) so that, e.g., yente's test files
// screen as they are. Other fields are ignored.
var fieldProps = map[string]string{
	"name":          entity.Name,
	"full_name":     entity.Name,
	"party_name":    entity.Name,
	"alias":         entity.Alias,
	"first_name":    entity.FirstName,
	"middle_name":   entity.MiddleName,
	"last_name":     entity.LastName,
	"country":       entity.Country,
	"birth_date":    entity.BirthDate,
	"birthdate":     entity.BirthDate,
	"date_of_birth": entity.BirthDate,
	"dob":           entity.BirthDate,
	"nationality":   entity.Nationality,
	"citizenship":   entity.Citizenship,
	"id_number":     entity.IDNumber,
	"idnumber":      entity.IDNumber,
	"passport":      entity.PassportNumber,
	"inn":           entity.InnCode,
	"ogrn":          entity.OgrnCode,
	"imo":           entity.ImoNumber,
	"lei":           entity.LeiCode,
	"gender":        entity.Gender,
	"address":       entity.Address,
}

// Columns returns the input columns (CSV headers or JSON keys) screening
// reads, one line each: the canonical name, then the other spellings
// accepted for it. Headers are matched case-insensitively, with spaces and
// dashes read as underscores.
func Columns() []string {
	byProp := map[string][]string{}
	for f, p := range fieldProps {
		byProp[p] = append(byProp[p], f)
	}
	out := []string{"id (also party_id): the record's id in the output; the record number when absent",
		"schema (also type): Person, Company, Organization, LegalEntity, Vessel or Airplane; default LegalEntity"}
	for _, p := range slices.Sorted(maps.Keys(byProp)) {
		fs := byProp[p]
		// The documented spelling first, then the shortest.
		rank := func(f string) int {
			if f == "name" || f == "birth_date" || f == "id_number" {
				return 0
			}
			return 1
		}
		slices.SortFunc(fs, func(a, b string) int {
			return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
		line := fs[0]
		if len(fs) > 1 {
			line += " (also " + strings.Join(fs[1:], ", ") + ")"
		}
		out = append(out, line+": FtM "+p)
	}
	return out
}

// canonField returns the lookup form of an input field name.
func canonField(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// party builds the query record of a row from its fields and, for FtM-style
// JSON records, its FtM properties.
func party(line, rec int, fields, props map[string][]string, defaultSchema string) Party {
	p := Party{Line: line, ID: strconv.Itoa(rec)}
	schema := defaultSchema
	e := &entity.Entity{Properties: map[string][]string{}}
	for k, vs := range fields {
		switch k {
		case "id", "party_id":
			if len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
				p.ID = strings.TrimSpace(vs[0])
			}
		case "schema", "type":
			if len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
				schema = strings.TrimSpace(vs[0])
			}
		default:
			if prop, ok := fieldProps[k]; ok {
				e.Add(prop, vs...)
			}
		}
	}
	for prop, vs := range props {
		e.Add(prop, vs...)
	}
	schema = canonSchema(schema)
	if !entity.Known(schema) || !entity.Matchable(schema) {
		p.Err = fmt.Errorf("schema %q is not a party schema (Person, Company, Organization, LegalEntity, Vessel, Airplane)", schema)
		return p
	}
	if len(e.Properties[entity.Name]) == 0 {
		// A row with name parts but no full name screens on the parts.
		full := strings.Join(nonEmpty(e.First(entity.FirstName), e.First(entity.MiddleName), e.First(entity.LastName)), " ")
		e.Add(entity.Name, full)
	}
	if len(e.Properties[entity.Name]) == 0 {
		p.Err = errors.New("no name")
		return p
	}
	e.Schema = schema
	e.ID = p.ID
	e.SourceID = p.ID
	p.Query = e
	return p
}

// canonSchema accepts schema names in any case and the usual synonyms.
func canonSchema(s string) string {
	switch strings.ToLower(s) {
	case "person", "individual":
		return entity.Person
	case "company":
		return entity.Company
	case "organization", "organisation", "entity":
		return entity.Organisation
	case "legalentity", "legal_entity":
		return entity.LegalEntity
	case "vessel":
		return entity.Vessel
	case "airplane", "aircraft":
		return entity.Airplane
	case "publicbody":
		return entity.PublicBody
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// errNotText says that an input is not a parties file.
var errNotText = errors.New("not a CSV or JSON lines file of parties")

// errLineTooLong is the reason given for a line longer than the maximum.
var errLineTooLong = readlimit.ErrLineTooLong

// lineReader reads lines of at most max bytes; a longer line is consumed
// and reported with errLineTooLong rather than buffered.
type lineReader struct {
	sc  *readlimit.Scanner
	max int
}

func newLineReader(r io.Reader, max int) *lineReader {
	// Slack 1: a line may be max bytes with a "\r\n" ending.
	return &lineReader{sc: &readlimit.Scanner{R: bufio.NewReaderSize(r, 64<<10), Max: max, Slack: 1}, max: max}
}

// line is the number of the last line returned.
func (lr *lineReader) line() int { return lr.sc.Line() }

// next returns the next line without its line ending, and io.EOF at the
// end. A line over the limit is returned as nil with errLineTooLong, its
// bytes discarded.
func (lr *lineReader) next() ([]byte, error) {
	b, err := lr.sc.Next()
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, errLineTooLong) {
		return nil, fmt.Errorf("line %d: %w", lr.sc.Line()+1, err)
	}
	return bytes.TrimRight(b, "\r"), err
}

// partyReader yields the parties of an input one at a time.
type partyReader interface {
	// read returns the next party, or io.EOF. Any other error stops the
	// run: the input as a whole cannot be read.
	read() (Party, error)
}

// jsonlReader reads JSON lines: one object per line with the fields of a
// CSV row (string or array-of-string values), or an FtM-style record with
// "schema" and "properties". Blank lines are skipped.
type jsonlReader struct {
	lr            *lineReader
	rec           int
	defaultSchema string
}

func (j *jsonlReader) read() (Party, error) {
	for {
		b, err := j.lr.next()
		if errors.Is(err, errLineTooLong) {
			j.rec++
			return Party{Line: j.lr.line(), ID: strconv.Itoa(j.rec), Err: fmt.Errorf("%w (over %d bytes)", errLineTooLong, j.lr.max)}, nil
		}
		if err != nil {
			return Party{}, err
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		j.rec++
		line := j.lr.line()
		if !utf8.Valid(b) {
			return Party{Line: line, ID: strconv.Itoa(j.rec), Err: errors.New("invalid UTF-8")}, nil
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return Party{Line: line, ID: strconv.Itoa(j.rec), Err: fmt.Errorf("not a JSON object: %w", err)}, nil
		}
		fields := map[string][]string{}
		var props map[string][]string
		var bad error
		for k, v := range raw {
			if k == "properties" {
				if err := json.Unmarshal(v, &props); err != nil {
					bad = fmt.Errorf("field properties: %w", err)
				}
				continue
			}
			vs, err := stringValues(v)
			if err != nil {
				bad = fmt.Errorf("field %s: %w", k, err)
				continue
			}
			fields[canonField(k)] = append(fields[canonField(k)], vs...)
		}
		if bad != nil {
			p := Party{Line: line, ID: strconv.Itoa(j.rec), Err: bad}
			if ids := fields["id"]; len(ids) > 0 && strings.TrimSpace(ids[0]) != "" {
				p.ID = strings.TrimSpace(ids[0])
			}
			return p, nil
		}
		return party(line, j.rec, fields, props, j.defaultSchema), nil
	}
}

// stringValues decodes a JSON string, number, null or array of those.
func stringValues(v json.RawMessage) ([]string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	switch v[0] {
	case '"':
		var s string
		err := json.Unmarshal(v, &s)
		return []string{s}, err
	case '[':
		var arr []json.RawMessage
		if err := json.Unmarshal(v, &arr); err != nil {
			return nil, err
		}
		var out []string
		for _, a := range arr {
			s, err := stringValues(a)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	case '{':
		return nil, errors.New("an object where a string was expected")
	}
	// Numbers and booleans keep their JSON spelling.
	return []string{string(v)}, nil
}

// csvReader reads CSV with a header row. A quoted field may span lines; a
// record whose quotes never close within maxRecordLines lines is reported
// as malformed at its first line, and reading resumes on the next line.
type csvReader struct {
	lr            *lineReader
	header        []string
	rec           int
	defaultSchema string
	comma         rune
	// pending holds lines read ahead while looking for a closing quote,
	// with their numbers, to be read again when a record is abandoned.
	pending []numberedLine
	// row is reused between records.
	row []string
}

type numberedLine struct {
	n    int
	text string
	err  error
}

// maxRecordLines is the most lines one quoted CSV record may span.
const maxRecordLines = 64

func (c *csvReader) nextLine() (numberedLine, error) {
	if len(c.pending) > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l, nil
	}
	b, err := c.lr.next()
	if errors.Is(err, errLineTooLong) {
		return numberedLine{n: c.lr.line(), err: fmt.Errorf("%w (over %d bytes)", errLineTooLong, c.lr.max)}, nil
	}
	if err != nil {
		return numberedLine{}, err
	}
	return numberedLine{n: c.lr.line(), text: string(b)}, nil
}

// readHeader reads the header row.
func (c *csvReader) readHeader() error {
	for {
		l, err := c.nextLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("no header row: %w", io.ErrUnexpectedEOF)
			}
			return err
		}
		if l.err != nil {
			return fmt.Errorf("line %d: header: %w", l.n, l.err)
		}
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		if !utf8.ValidString(l.text) || strings.ContainsRune(l.text, 0) {
			return fmt.Errorf("line %d: header: not text (invalid UTF-8 or NUL bytes): %w", l.n, errNotText)
		}
		c.comma = delim.Sniff([]byte(l.text))
		r := csv.NewReader(strings.NewReader(l.text))
		r.Comma = c.comma
		h, err := r.Read()
		if err != nil {
			return fmt.Errorf("line %d: header: %w", l.n, err)
		}
		named := false
		for i := range h {
			h[i] = canonField(h[i])
			switch fieldProps[h[i]] {
			case entity.Name, entity.FirstName, entity.LastName:
				named = true
			}
		}
		if !named {
			return fmt.Errorf("line %d: header has no name column (name, full_name, first_name or last_name): %w", l.n, errNotText)
		}
		c.header = h
		return nil
	}
}

func (c *csvReader) read() (Party, error) {
	for {
		first, err := c.nextLine()
		if err != nil {
			return Party{}, err
		}
		if first.err == nil && strings.TrimSpace(first.text) == "" {
			continue
		}
		c.rec++
		bad := func(line int, err error) (Party, error) {
			return Party{Line: line, ID: strconv.Itoa(c.rec), Err: err}, nil
		}
		if first.err != nil {
			return bad(first.n, first.err)
		}
		text := first.text
		var taken []numberedLine
		for strings.Count(text, `"`)%2 == 1 {
			if len(taken) == maxRecordLines-1 {
				c.pending = append(taken, c.pending...)
				return bad(first.n, fmt.Errorf("quoted field not closed within %d lines", maxRecordLines))
			}
			l, err := c.nextLine()
			if errors.Is(err, io.EOF) {
				c.pending = append(taken, c.pending...)
				return bad(first.n, errors.New("quoted field not closed before the end of the input"))
			}
			if err != nil {
				return Party{}, err
			}
			taken = append(taken, l)
			if l.err != nil {
				c.pending = append(taken, c.pending...)
				return bad(first.n, errors.New("quoted field runs into an over-long line"))
			}
			text += "\n" + l.text
		}
		if !utf8.ValidString(text) {
			return bad(first.n, errors.New("invalid UTF-8"))
		}
		row, err := splitRecord(text, c.comma, c.row[:0])
		if err != nil {
			return bad(first.n, err)
		}
		c.row = row
		if len(row) != len(c.header) {
			p, _ := bad(first.n, fmt.Errorf("%d fields, the header has %d", len(row), len(c.header)))
			if i := slices.Index(c.header, "id"); i >= 0 && i < len(row) && strings.TrimSpace(row[i]) != "" {
				p.ID = strings.TrimSpace(row[i])
			}
			return p, nil
		}
		fields := make(map[string][]string, len(row))
		for i, v := range row {
			fields[c.header[i]] = append(fields[c.header[i]], v)
		}
		return party(first.n, c.rec, fields, nil, c.defaultSchema), nil
	}
}

// newPartyReader detects the input format (unless format is given) from
// the first non-blank byte: '{' means JSON lines, anything else CSV. Gzip
// input (by its magic bytes) is decompressed.
func newPartyReader(r io.Reader, format, defaultSchema string, maxLine int) (partyReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(2); len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		r = zr
	} else {
		r = br
	}
	lr := newLineReader(r, maxLine)
	if format == "" {
		format = FormatCSV
		if b, _ := lr.sc.R.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
			lr.sc.R.Discard(3)
		}
		for {
			b, err := lr.sc.R.Peek(1)
			if err != nil {
				break
			}
			if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
				if b[0] == '\n' {
					lr.sc.SkipLine()
				}
				lr.sc.R.ReadByte()
				continue
			}
			if b[0] == '{' {
				format = FormatJSONL
			}
			if b[0] == '[' {
				return nil, errors.New("input is a JSON array: give JSON lines, one object per line")
			}
			break
		}
	}
	switch format {
	case FormatJSONL:
		return &jsonlReader{lr: lr, defaultSchema: defaultSchema}, nil
	case FormatCSV:
		c := &csvReader{lr: lr, defaultSchema: defaultSchema}
		if err := c.readHeader(); err != nil {
			return nil, err
		}
		return c, nil
	}
	return nil, fmt.Errorf("unknown input format %q (want %q or %q)", format, FormatCSV, FormatJSONL)
}

// Read calls fn with each record of a parties file, in input order, with
// the same parsing, defaults and handling of malformed records as Parties
// (a malformed record is passed with Err set). Only opts.Format,
// opts.Schema and opts.MaxLine are used. An error from fn stops the read and
// is returned.
func Read(r io.Reader, opts Options, fn func(Party) error) error {
	opts = opts.withDefaults()
	pr, err := newPartyReader(r, opts.Format, opts.Schema, opts.MaxLine)
	if err != nil {
		return fmt.Errorf("screen: %s: %w", opts.File, err)
	}
	for {
		p, err := pr.read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("screen: %s: reading: %w", opts.File, err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
}

// splitRecord splits one CSV record (quoted fields may hold newlines) into
// its fields, appended to row, as encoding/csv would: a field that starts
// with a quote ends at the next lone quote, and "" inside it is a quote; a
// quote elsewhere is an error that gives its 1-based column.
func splitRecord(text string, comma rune, row []string) ([]string, error) {
	if text == "" {
		return append(row, ""), nil
	}
	i := 0
	for {
		if i < len(text) && text[i] == '"' {
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(text[j:], '"')
				if k < 0 {
					return row, fmt.Errorf("column %d: %w", i+1, csv.ErrQuote)
				}
				b.WriteString(text[j : j+k])
				j += k + 1
				if j < len(text) && text[j] == '"' {
					b.WriteByte('"')
					j++
					continue
				}
				break
			}
			row = append(row, b.String())
			if j == len(text) {
				return row, nil
			}
			r, size := utf8.DecodeRuneInString(text[j:])
			if r != comma {
				return row, fmt.Errorf("column %d: %w", j+1, csv.ErrQuote)
			}
			i = j + size
			continue
		}
		end := strings.IndexRune(text[i:], comma)
		field := text[i:]
		if end >= 0 {
			field = text[i : i+end]
		}
		if q := strings.IndexByte(field, '"'); q >= 0 {
			return row, fmt.Errorf("column %d: %w", i+q+1, csv.ErrBareQuote)
		}
		row = append(row, field)
		if end < 0 {
			return row, nil
		}
		i += end + utf8.RuneLen(comma)
	}
}
