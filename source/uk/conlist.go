// Package uk reads the United Kingdom's sanctions lists: the OFSI
// Consolidated List of financial sanctions targets in its CSV form (the
// "ConList", dataset gb_hmt_sanctions) and the FCDO UK Sanctions List CSV
// (dataset gb_fcdo_sanctions) that replaced it in 2025.
//
// Both write one row per name variant of a target: the rows of one target
// share a Group ID (ConList) or a Unique ID (FCDO) and differ in the name
// and, sometimes, in the date of birth or the address. Each reader gathers
// the rows of a target into one entity.
package uk

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/fold"
	"github.com/redline-sanctions/redline/source"
)

// ConListDataset is the dataset name of the OFSI Consolidated List.
const ConListDataset = "gb_hmt_sanctions"

// ConListFormat names the ConList CSV format in reports.
const ConListFormat = "uk-ofsi-conlist-csv"

// ConListReader reads the OFSI ConList CSV. The zero value is ready to
// use.
//
// The file starts with a "Last Updated,dd/mm/yyyy" line (the Version), then
// the header. Columns are found by name, so older and newer column sets
// both read. Rows are grouped by Group ID (the SourceID); a target's rows
// are usually adjacent but need not be: the reader keeps the targets under
// construction in memory, in order of first appearance, and emits them when
// the file ends. That is a few megabytes for the full list (about 5,000
// targets in 20,000 rows), and it is what makes a Group ID that reappears
// later in the file still give one entity.
//
// Mapping of a row:
//   - Group Type Individual -> Person, Entity -> Organization, Ship ->
//     Vessel.
//   - Name 1 … Name 5 then Name 6 (the surname) joined -> the name of a row
//     whose Alias Type is "Primary name" or "Prime Alias", a previousName
//     for "FKA", an alias otherwise (weakAlias when Alias Quality says
//     low); the first primary
//     name of the group is the entity's name. Name 1 -> firstName, Name 6 ->
//     lastName, Name 2-5 -> middleName. Name Non-Latin Script -> alias.
//   - DOB dd/mm/yyyy with 00 for unknown parts -> birthDate ("00/00/1955"
//     -> "1955"); Town and Country of Birth -> birthPlace.
//   - Nationality -> nationality (ISO-2; "(1) ... (2) ..." lists split);
//     Passport Number / Passport Details and National Identification
//     Number / NI Number / NI Details -> passportNumber / idNumber (the
//     number at the start of each item) with the full text in notes.
//   - Address 1-6, Post/Zip Code, Country -> address; Country -> country.
//   - Title -> title; Position -> position; Regime -> program; Listed On ->
//     listingDate; Last Updated -> modifiedAt; Other Information -> notes
//     (an "IMO 1234567" in it -> imoNumber for ships).
//
// In the Report, Records counts rows and Entities targets. A row without
// Group ID, or without any name, is skipped and reported; a value that is
// not understood (a date, a country) is kept in notes and reported as a
// warning.
type ConListReader struct{}

// Read streams the list at path to emit. See source.Reader.
func (ConListReader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Dataset: ConListDataset, Format: ConListFormat, Files: []string{path}}
	return source.ReadFile(ctx, path, "uk", rep, emit, readConList)
}

// DetectConList reports whether a file looks like the OFSI ConList CSV: a
// "Last Updated" line or a header with Name 6 and Group ID.
func DetectConList(path string, head []byte) bool {
	first, second := firstLines(head)
	if strings.HasPrefix(colKey(first), "last updated,") {
		return hasCols(second, "name 6", "group id")
	}
	return hasCols(first, "name 6", "group id")
}

// firstLines returns the first two lines of head.
func firstLines(head []byte) (string, string) {
	s := strings.TrimPrefix(string(head), "\ufeff")
	lines := strings.SplitN(s, "\n", 3)
	for len(lines) < 2 {
		lines = append(lines, "")
	}
	return strings.TrimRight(lines[0], "\r"), strings.TrimRight(lines[1], "\r")
}

// hasCols reports whether a header line names every one of cols (folded).
func hasCols(line string, cols ...string) bool {
	have := map[string]bool{}
	for _, c := range strings.Split(line, ",") {
		have[colKey(strings.Trim(c, `"`))] = true
	}
	for _, c := range cols {
		if !have[c] {
			return false
		}
	}
	return true
}

// maxPreamble is how many rows may precede the header.
const maxPreamble = 5

// conGroup is a ConList target under construction.
type conGroup struct {
	e    *entity.Entity
	line int
	names
}

func readConList(ctx context.Context, path string, r io.Reader, rep *source.Report, emit source.Emit) error {
	t := newTable(path, r)
	if err := readConListHeader(path, t, rep); err != nil {
		return err
	}
	groups := map[string]*conGroup{}
	keys := map[string]string{} // source id -> entity id, made once
	var order []*conGroup
	for {
		fields, err := t.Next()
		if err == io.EOF {
			break
		}
		if e, ok := err.(errRow); ok {
			rep.Records++
			rep.Skip(source.Problem{File: path, Line: t.Line, Reason: "row cannot be read: " + e.Error()})
			continue
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rep.Records++
		row := t.newRow(fields)
		line := t.Line
		elem := element("Group ID", row.Get("Group ID"))
		warn := func(field, reason string) {
			rep.Warn(source.Problem{File: path, Line: line, Element: elem, Field: field, Reason: reason})
		}
		skip := func(field, reason string) {
			rep.Skip(source.Problem{File: path, Line: line, Element: elem, Field: field, Reason: reason})
		}
		for i := range row.fixed {
			warn(columnName(t, i), "invalid UTF-8, read as Windows-1252")
		}
		if blank(fields) {
			skip("", "empty row")
			continue
		}
		if t.isHeader(fields) {
			skip("", "repeated header row")
			continue
		}
		gid := row.Get("Group ID")
		if gid == "" {
			skip("Group ID", "row has no Group ID")
			continue
		}
		name := fold.Join(" ", row.Get("Name 1"), row.Get("Name 2"), row.Get("Name 3"), row.Get("Name 4"), row.Get("Name 5"), row.Get("Name 6"))
		nonLatin := row.Get("Name Non-Latin Script")
		if name == "" && nonLatin == "" {
			skip("Name 6", "row has no name")
			continue
		}
		schema, known := schemaOf(row.Get("Group Type"))
		if !known {
			warn("Group Type", fmt.Sprintf("group type %q, read as LegalEntity", row.Get("Group Type")))
		}
		// Group by entity id: two spellings of one key ("1/2", "1-2") are
		// one entity.
		key, ok := keys[gid]
		if !ok {
			key = entity.MakeID(ConListDataset, gid)
			keys[gid] = key
		}
		g := groups[key]
		if g == nil {
			g = &conGroup{e: entity.New(schema, ConListDataset, gid), line: line}
			groups[key] = g
			order = append(order, g)
		} else if g.e.Schema != schema && known {
			warn("Group Type", fmt.Sprintf("group type %s differs from %s on line %d; kept %s", schema, g.e.Schema, g.line, g.e.Schema))
		}
		e := g.e
		g.add(name, kindOf(row.Get("Alias Type")), weak(row.Get("Alias Quality")))
		addConListFields(e, row, name, nonLatin, warn)
	}

	if rep.Records == 0 {
		// The ConList is never empty: a header without rows is a broken
		// download (or the header file alone), and must not replace a good
		// version.
		return &source.Error{File: path, Line: t.Line, Err: fmt.Errorf("uk: no rows after the header: %w", source.ErrFormat)}
	}
	return emitConList(path, order, emit)
}

// readConListHeader reads the rows before the header (taking the
// "Last Updated" date as the version) and sets the table's header: the
// first row with Name 6 and Group ID, within maxPreamble rows.
func readConListHeader(path string, t *table, rep *source.Report) error {
	return t.findHeader(path, "ConList", []string{"Name 6", "Group ID"}, rep, func(fields []string) (string, bool) {
		if len(fields) < 2 || colKey(fields[0]) != "last updated" {
			return "", false
		}
		if d, ok := parseDate(fields[1]); ok {
			return d, true
		}
		return fold.Space(fields[1]), true
	})
}

// addConListFields adds one ConList row's fields (besides the name,
// gathered in the group) to e; warn reports a value read with a caveat.
func addConListFields(e *entity.Entity, row *row, name, nonLatin string, warn func(field, reason string)) {
	e.Add(entity.Alias, nonLatin)
	if e.Schema == entity.Person {
		e.Add(entity.FirstName, row.Get("Name 1"))
		e.Add(entity.MiddleName, fold.Join(" ", row.Get("Name 2"), row.Get("Name 3"), row.Get("Name 4"), row.Get("Name 5")))
		e.Add(entity.LastName, row.Get("Name 6"))
	}
	e.Add(entity.Title, row.Get("Title"))
	addDates(e, entity.BirthDate, row.Get("DOB"), "DOB", warn)
	e.Add(entity.BirthPlace, fold.Join(", ", row.Get("Town of Birth"), row.Get("Country of Birth")))
	addCountries(e, entity.Nationality, row.Get("Nationality"), "Nationality", warn)
	addDocs(e, entity.PassportNumber, "Passport", row.Get("Passport Number"), row.Get("Passport Details"))
	idCol := row.Get("National Identification Number")
	if idCol == "" {
		idCol = row.Get("NI Number")
	}
	addDocs(e, entity.IDNumber, "National ID", idCol, row.Get("NI Details"))
	e.Add(entity.Position, numbered(row.Get("Position"))...)
	addr := fold.Join(", ", row.Get("Address 1"), row.Get("Address 2"), row.Get("Address 3"), row.Get("Address 4"),
		row.Get("Address 5"), row.Get("Address 6"), row.Get("Post/Zip Code"), row.Get("Country"))
	e.Add(entity.Address, addr)
	addCountries(e, entity.Country, row.Get("Country"), "Country", warn)
	other := row.Raw("Other Information")
	e.Add(entity.Notes, other)
	for _, m := range unRefRE.FindAllStringSubmatch(other, -1) {
		e.Add(entity.UNSCReference, m[1])
	}
	for _, m := range passportRE.FindAllStringSubmatch(other, -1) {
		e.Add(entity.PassportNumber, m[1])
	}
	if e.Schema == entity.Vessel {
		for _, m := range imoRE.FindAllStringSubmatch(other+" "+name, -1) {
			e.Add(entity.ImoNumber, m[1])
		}
	}
	e.Add(entity.Program, row.Get("Regime"))
	addDates(e, entity.ListingDate, row.Get("Listed On"), "Listed On", warn)
	if d := row.Get("UK Sanctions List Date Designated"); d != "" {
		e.Add(entity.Notes, "UK Sanctions List date designated: "+d)
	}
	addDates(e, entity.ModifiedAt, row.Get("Last Updated"), "Last Updated", warn)
}

// emitConList emits the groups in order of their first row.
func emitConList(path string, order []*conGroup, emit source.Emit) error {
	for _, g := range order {
		if !g.apply(g.e) {
			continue // cannot happen: a row without any name is skipped
		}
		if err := emit(g.e); err != nil {
			return fmt.Errorf("uk: %s:%d: %w", path, g.line, err)
		}
	}
	return nil
}

// blank reports whether every field of a row is empty.
func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// columnName returns the header name of column i.
func columnName(t *table, i int) string {
	if i < len(t.Columns) {
		return fold.Space(t.Columns[i])
	}
	return fmt.Sprintf("column %d", i+1)
}

// element names a row's target in problems.
func element(key, id string) string {
	if id == "" {
		return ""
	}
	return key + " " + id
}

// addDates adds the dates of a cell ("(1) 01/02/1960 (2) 00/00/1961" or
// one date) to prop; what is not a date goes to notes with a warning.
func addDates(e *entity.Entity, prop, cell, field string, warn func(field, reason string)) {
	for _, v := range numbered(cell) {
		if d, ok := parseDate(v); ok {
			e.Add(prop, d)
			continue
		}
		e.Add(entity.Notes, field+": "+v)
		warn(field, fmt.Sprintf("%q is not a date, kept in notes", v))
	}
}

// addCountries adds the ISO codes of a cell of country names to prop; names
// that are not countries go to notes with a warning.
func addCountries(e *entity.Entity, prop, cell, field string, warn func(field, reason string)) {
	codes, unknown := countries(cell)
	e.Add(prop, codes...)
	for _, u := range unknown {
		e.Add(entity.Notes, field+": "+u)
		warn(field, fmt.Sprintf("%q is not a known country, kept in notes", u))
	}
}

// addDocs adds the document numbers of a number cell and a details cell to
// prop, keeping the full text in notes when it says more than the numbers.
func addDocs(e *entity.Entity, prop, label, number, details string) {
	nums, exact := docNumbers(number)
	e.Add(prop, nums...)
	if !exact {
		e.Add(entity.Notes, label+": "+number)
	}
	if details == "" {
		return
	}
	if number == "" {
		dn, _ := docNumbers(details)
		e.Add(prop, dn...)
	}
	e.Add(entity.Notes, label+": "+details)
}
