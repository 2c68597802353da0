// Package csl reads the US Consolidated Screening List (CSL) that trade.gov
// publishes as CSV: one file joining eleven export-control and sanctions
// lists of the Departments of Commerce, State and the Treasury (the SDN
// list, the BIS Entity List, the Military End User list, the Unverified
// List, the Denied Persons List, ITAR debarments, ...).
//
// Columns are found by header name, so both layouts read: the current one
// (29 columns, first column _id) and the older one without _id. Each row
// becomes one entity of dataset us_trade_csl whose Sublist is the row's
// "source" column, e.g. "Entity List (EL) - Bureau of Industry and Security".
//
// The same party appears once per sub-list it is on (an SDN entity that is
// also on the SSI list has two rows with the same _id), so the entity ID
// joins the sub-list's abbreviation and the list key:
//
//	_id 18741 on "Sectoral Sanctions Identifications List (SSI) - ..."
//	  → SourceID "18741", ID "us-csl-SSI-18741"
//
// A row without _id or entity_number (the old layout's BIS and State rows)
// gets a key derived from its content: "h" and the first 16 hex digits of
// the SHA-256 of source, name, addresses and start_date joined by tabs. A
// key seen twice in one sub-list gets a "-2", "-3", ... suffix, with a
// warning.
//
// Other columns: alt_names become aliases, programs programs, addresses
// addresses (with the country of their last part), the ids column typed
// identifiers (see identifier), dates ISO dates; what has no FtM property
// (Federal Register notice, license requirement and policy, end date,
// remarks) is kept in notes as "Label: value". The "Linked To:" remarks
// become UnknownLink entities once the whole file is read (see links.go).
// Countries are lower-case ISO 3166 codes, as in FtM.
package csl

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/internal/csvx"
)

// Dataset is the dataset name of the CSL.
const Dataset = "us_trade_csl"

// Format names the format in source.Report.
const Format = "us-csl-csv"

// Reader reads a CSL CSV file (optionally gzip-compressed). The zero value
// is ready to use.
type Reader struct{}

// required are the columns without which a file is not a CSL.
var required = []string{"source", "name"}

// Detect reports whether head, the start of a file, is a CSL CSV: its first
// line is a comma-separated header naming the CSL's source, name and
// alt_names columns.
func Detect(path string, head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	line, _, _ := bytes.Cut(head, []byte("\n"))
	h := string(bytes.TrimRight(line, "\r"))
	cols := map[string]bool{}
	for _, c := range strings.Split(h, ",") {
		cols[strings.Trim(strings.TrimSpace(c), `"`)] = true
	}
	return cols["source"] && cols["name"] && cols["alt_names"] && cols["entity_number"]
}

// Read streams the CSL at path to emit. A row that cannot be read (wrong
// number of fields, bad quoting, a repeated header row, no name) is counted
// in Report.Skipped with its line; a field whose value is not understood is
// kept in notes and reported as a warning. A file that ends inside a quoted
// field (truncated) is reported as a skipped record and as an error wrapping
// io.ErrUnexpectedEOF.
func (Reader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Dataset: Dataset, Format: Format, Files: []string{path}}
	rc, err := source.Open(path)
	if err != nil {
		return rep, fmt.Errorf("csl: %w", err)
	}
	defer rc.Close()
	emit = rep.Counted(emit)

	t := csvx.New(rc, csvx.Config{Path: path, Name: "csl", BadRow: "bad CSV: ", Report: rep})
	if err := t.ReadHeader(required); err != nil {
		return rep, err
	}
	m := mapper{path: path, rep: rep, cols: t.Cols, seen: map[string]int{}}
	var chk source.Checked
	for {
		if err := chk.Err(ctx); err != nil {
			return rep, fmt.Errorf("csl: %s: %w", path, err)
		}
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if t.Truncated() {
				if err := m.emitLinks(emit); err != nil {
					return rep, err
				}
			}
			return rep, err
		}
		if m.isHeader(row) {
			rep.Skip(source.Problem{File: path, Line: line, Reason: "repeated header row"})
			continue
		}
		e, ok := m.entity(row, line)
		if !ok {
			continue
		}
		if err := emit(e); err != nil {
			return rep, &source.Error{File: path, Line: line, Err: fmt.Errorf("csl: %w", err)}
		}
	}
	if err := m.emitLinks(emit); err != nil {
		return rep, err
	}
	return rep, nil
}

// mapper turns CSL rows into entities.
type mapper struct {
	path string
	rep  *source.Report
	cols map[string]int
	seen map[string]int // entity ID → rows seen with it
	// names maps each row's name to the entities with it, so that the
	// "Linked To:" remarks can be joined once the file is read.
	names map[string][]*entity.Entity
	links []pendingLink
	// codes caches country.Code: the same few hundred spellings repeat
	// on every row.
	codes map[string]string
}

// country returns the lower-case ISO code of a country name or code, or
// false.
func (m *mapper) country(name string) (string, bool) {
	if c, ok := m.codes[name]; ok {
		return c, c != ""
	}
	c, ok := country.Code(name)
	c = strings.ToLower(c)
	if !ok {
		c = ""
	}
	if m.codes == nil {
		m.codes = map[string]string{}
	}
	m.codes[name] = c
	return c, ok
}

// field returns the trimmed value of the named column, "" when the file
// has no such column.
func (m *mapper) field(row []string, name string) string {
	i, ok := m.cols[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// isHeader reports whether row repeats the header.
func (m *mapper) isHeader(row []string) bool {
	return m.field(row, "source") == "source" && m.field(row, "name") == "name"
}

func (m *mapper) warn(line int, field, reason string) {
	m.rep.Warn(source.Problem{File: m.path, Line: line, Field: field, Reason: reason})
}

// sublistCode matches the abbreviation in a source value, e.g. "EL" in
// "Entity List (EL) - Bureau of Industry and Security".
var sublistCode = regexp.MustCompile(`\(([^()]+)\)`)

// Abbrev returns the short code of a CSL sub-list name: the text in its
// first parentheses with spaces as dashes ("SDN", "EL", "NS-MBS-List"), or
// "CSL" when the name has none.
func Abbrev(sublist string) string {
	if mm := sublistCode.FindStringSubmatch(sublist); mm != nil {
		return strings.ReplaceAll(strings.TrimSpace(mm[1]), " ", "-")
	}
	return "CSL"
}

// entity maps one row. It reports false when the row was skipped.
func (m *mapper) entity(row []string, line int) (*entity.Entity, bool) {
	for i, v := range row {
		if !utf8.ValidString(v) {
			m.rep.Skip(source.Problem{File: m.path, Line: line, Field: headerName(m.cols, i), Reason: "invalid UTF-8"})
			return nil, false
		}
	}
	sub := m.field(row, "source")
	name := m.field(row, "name")
	if name == "" {
		m.rep.Skip(source.Problem{File: m.path, Line: line, Field: "name", Reason: "row has no name"})
		return nil, false
	}
	key := m.field(row, "_id")
	if key == "" {
		key = m.field(row, "entity_number")
	}
	if key == "" {
		sum := sha256.Sum256([]byte(strings.Join([]string{sub, name, m.field(row, "addresses"), m.field(row, "start_date")}, "\t")))
		key = "h" + hex.EncodeToString(sum[:8])
	}
	schema := schemaOf(m.field(row, "type"))
	e := &entity.Entity{
		ID:         entity.MakeID(Dataset, Abbrev(sub)+"-"+key),
		Schema:     schema,
		Dataset:    Dataset,
		SourceID:   key,
		Properties: make(map[string][]string, 16),
	}
	m.seen[e.ID]++
	if n := m.seen[e.ID]; n > 1 {
		m.warn(line, "_id", fmt.Sprintf("key %s seen %d times in %q: entity id suffixed -%d", key, n, sub, n))
		e.ID += "-" + strconv.Itoa(n)
	}
	e.Sublist = sub
	if t := m.field(row, "type"); t != "" && schemaOf(t) == entity.LegalEntity {
		m.warn(line, "type", fmt.Sprintf("unknown type %q: read as LegalEntity", t))
	}

	e.Add(entity.Name, name)
	if schema == entity.Person {
		if last, first, ok := strings.Cut(name, ","); ok {
			e.Add(entity.LastName, last)
			e.Add(entity.FirstName, first)
		}
	}
	e.Add(entity.Alias, splitList(m.field(row, "alt_names"))...)
	e.Add(entity.Program, splitList(m.field(row, "programs"))...)
	if t := m.field(row, "title"); t != "" {
		if schema == entity.Person {
			e.Add(entity.Position, t)
		} else {
			e.Add(entity.Notes, "Title: "+t)
		}
	}
	for _, a := range splitList(m.field(row, "addresses")) {
		e.Add(entity.Address, a)
		parts := strings.Split(a, ",")
		if c, ok := m.country(strings.TrimSpace(parts[len(parts)-1])); ok {
			e.Add(entity.Country, c)
		}
	}
	m.countries(e, line, entity.Citizenship, "citizenships", row)
	m.countries(e, line, entity.Nationality, "nationalities", row)
	for _, d := range splitList(m.field(row, "dates_of_birth")) {
		ds, ok := dates(d)
		if !ok {
			m.warn(line, "dates_of_birth", fmt.Sprintf("date %q not understood: kept in notes", d))
			e.Add(entity.Notes, "Date of birth: "+d)
			continue
		}
		e.Add(entity.BirthDate, ds...)
	}
	e.Add(entity.BirthPlace, splitList(m.field(row, "places_of_birth"))...)
	m.date(e, line, entity.ListingDate, "start_date", row)
	if d := m.field(row, "end_date"); d != "" {
		if _, ok := isoDate(d); ok {
			e.Add(entity.Notes, "End date: "+d)
		} else {
			m.warn(line, "end_date", fmt.Sprintf("date %q not understood: kept in notes", d))
			e.Add(entity.Notes, "End date: "+d)
		}
	}
	for _, c := range []struct{ col, label string }{
		{"federal_register_notice", "Federal Register notice"},
		{"standard_order", "Standard order"},
		{"license_requirement", "License requirement"},
		{"license_policy", "License policy"},
		{"vessel_owner", "Vessel owner"},
		{"remarks", "Remarks"},
	} {
		if v := m.field(row, c.col); v != "" {
			e.Add(entity.Notes, c.label+": "+v)
		}
	}
	m.remember(e, line, m.field(row, "remarks"))
	e.Add(entity.CallSign, m.field(row, "call_sign"))
	e.Add(entity.Type, m.field(row, "vessel_type"))
	e.Add("tonnage", m.field(row, "gross_tonnage"))
	e.Add("grossRegisteredTonnage", m.field(row, "gross_registered_tonnage"))
	if f := m.field(row, "vessel_flag"); f != "" {
		if c, ok := m.country(f); ok {
			e.Add(entity.Flag, c)
		} else {
			e.Add(entity.Notes, "Vessel flag: "+f)
			if f != "None Identified" {
				m.warn(line, "vessel_flag", fmt.Sprintf("country %q not known: kept in notes", f))
			}
		}
	}
	e.Add(entity.SourceURL, m.field(row, "source_list_url"), m.field(row, "source_information_url"))
	for _, id := range splitList(m.field(row, "ids")) {
		m.identifier(e, line, id)
	}
	return e, true
}

// countries adds the ISO codes of a ;-separated country column.
func (m *mapper) countries(e *entity.Entity, line int, prop, col string, row []string) {
	for _, v := range splitList(m.field(row, col)) {
		if c, ok := m.country(v); ok {
			e.Add(prop, c)
			continue
		}
		m.warn(line, col, fmt.Sprintf("country %q not known: kept in notes", v))
		e.Add(entity.Notes, col+": "+v)
	}
}

// date adds an ISO date column to prop, warning about what is not one.
func (m *mapper) date(e *entity.Entity, line int, prop, col string, row []string) {
	v := m.field(row, col)
	if v == "" {
		return
	}
	if d, ok := isoDate(v); ok {
		e.Add(prop, d)
		return
	}
	m.warn(line, col, fmt.Sprintf("date %q not understood: kept in notes", v))
	e.Add(entity.Notes, col+": "+v)
}

func headerName(cols map[string]int, i int) string {
	for k, v := range cols {
		if v == i {
			return k
		}
	}
	return strconv.Itoa(i + 1)
}

// schemaOf maps the CSL type column to a schema. Rows without a type (the
// BIS, State and ISN lists) mix persons and organisations, so they are
// LegalEntity, which both person and company queries can match.
func schemaOf(t string) string {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "individual":
		return entity.Person
	case "entity":
		return entity.Organisation
	case "vessel":
		return entity.Vessel
	case "aircraft":
		return entity.Airplane
	}
	return entity.LegalEntity
}

// splitList splits a ;-separated CSL cell into trimmed non-empty values.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// isoDate accepts YYYY, YYYY-MM and YYYY-MM-DD with a plausible year.
func isoDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 4, 7, 10:
	default:
		return "", false
	}
	for i, r := range s {
		if i == 4 || i == 7 {
			if r != '-' {
				return "", false
			}
			continue
		}
		if r < '0' || r > '9' {
			return "", false
		}
	}
	y, _ := strconv.Atoi(s[:4])
	if y < 1800 || y > 2200 {
		return "", false
	}
	if len(s) >= 7 {
		if mo, _ := strconv.Atoi(s[5:7]); mo < 1 || mo > 12 {
			return "", false
		}
	}
	if len(s) == 10 {
		if d, _ := strconv.Atoi(s[8:10]); d < 1 || d > 31 {
			return "", false
		}
	}
	return s, true
}
