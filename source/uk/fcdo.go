package uk

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/fold"
	"github.com/redline-sanctions/redline/source"
)

// FCDODataset is the dataset name of the FCDO UK Sanctions List.
const FCDODataset = "gb_fcdo_sanctions"

// FCDOFormat names the FCDO CSV format in reports.
const FCDOFormat = "uk-fcdo-csv"

// FCDOReader reads the UK Sanctions List CSV published by the FCDO
// (https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.csv). The zero value is
// ready to use.
//
// The file starts with a "Report Date: ..." line (the Version), then a
// 58-column header; columns are found by name. Rows are grouped by Unique
// ID (the SourceID, e.g. "RUS0001"), one row per name variant; as in
// ConListReader, targets are kept in memory in order of first appearance
// and emitted at the end of the file.
//
// Mapping of a row:
//   - Designation Type Individual -> Person, Entity -> Organization, Ship ->
//     Vessel.
//   - Name 1 … Name 5 then Name 6 joined -> the name when Name type is
//     "Primary Name" in any case (the first one), an alias otherwise
//     (weakAlias when Alias strength says low); Name non-latin script ->
//     alias. The file repeats a target's names on every address row; each
//     name is kept once. Name 1 ->
//     firstName, Name 6 -> lastName, Name 2-5 -> middleName.
//   - D.O.B -> birthDate; Town of birth, Country of birth -> birthPlace;
//     Nationality(/ies) -> nationality; Gender -> gender; Position ->
//     position; Title -> title.
//   - Passport number, National Identifier number -> passportNumber,
//     idNumber; their additional information -> notes.
//   - Address Line 1-6, Address Postal Code, Address Country -> address;
//     Address Country -> country; Phone number, Website, Email address ->
//     phone, website, email.
//   - Regime Name -> program; Date Designated -> listingDate; Last Updated
//     -> modifiedAt; UN Reference Number -> unscId; Business registration
//     number (s) -> registrationNumber, or ogrnCode / innCode when labelled
//     OGRN / INN.
//   - Ships: IMO number -> imoNumber; Current believed flag of ship -> flag;
//     Type of ship -> type; Year Built -> buildDate.
//   - UK Statement of Reasons -> summary; Other Information, OFSI Group ID,
//     Designation source, Sanctions Imposed, Type of entity, Subsidiaries,
//     Parent company, owners and operators, previous flags, tonnage, length
//     and hull number -> notes, labelled.
//
// In the Report, Records counts rows and Entities targets. A row without
// Unique ID, or without any name, is skipped and reported; a value that is
// not understood is kept in notes and reported as a warning.
type FCDOReader struct{}

// Read streams the list at path to emit. See source.Reader.
func (FCDOReader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Dataset: FCDODataset, Format: FCDOFormat, Files: []string{path}}
	return source.ReadFile(ctx, path, "uk", rep, emit, readFCDO)
}

// DetectFCDO reports whether a file looks like the FCDO UK Sanctions List
// CSV: a "Report Date:" line, or a header with Unique ID and Name 6.
func DetectFCDO(path string, head []byte) bool {
	first, second := firstLines(head)
	if strings.HasPrefix(colKey(strings.Trim(first, `"`)), "report date") {
		return hasCols(second, "unique id", "name 6")
	}
	return hasCols(first, "unique id", "name 6")
}

// reportDateLayouts are the layouts tried for the Report Date line.
var reportDateLayouts = []string{"02-Jan-2006", "02/01/2006", "2006-01-02", "2 January 2006", "02 Jan 2006", "2-Jan-2006"}

// parseReportDate reads the date of the "Report Date:" line as an ISO date,
// or returns it as written.
func parseReportDate(s string) string {
	s = fold.Space(s)
	for _, l := range reportDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if d, ok := parseDate(s); ok {
		return d
	}
	return s
}

// fcdoGroup is an FCDO target under construction.
type fcdoGroup struct {
	e    *entity.Entity
	line int
	names
}

// fcdoNoted are the columns kept in notes, with their labels.
var fcdoNoted = []struct{ col, label string }{
	{"OFSI Group ID", "OFSI Group ID"},
	{"Designation source", "Designation source"},
	{"Sanctions Imposed", "Sanctions imposed"},
	{"Type of entity", "Type of entity"},
	{"Subsidiaries", "Subsidiaries"},
	{"Parent company", "Parent company"},
	{"Current owner/operator (s)", "Current owner/operator"},
	{"Previous owner/operator (s)", "Previous owner/operator"},
	{"Previous flags", "Previous flags"},
	{"Tonnage of ship", "Tonnage"},
	{"Length of ship", "Length"},
	{"Hull identification number (HIN)", "Hull identification number"},
}

func readFCDO(ctx context.Context, path string, r io.Reader, rep *source.Report, emit source.Emit) error {
	t := newTable(path, r)
	if err := readFCDOHeader(t, path, rep); err != nil {
		return err
	}
	groups := map[string]*fcdoGroup{}
	keys := map[string]string{} // source id -> entity id, made once
	var order []*fcdoGroup
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
		uid := row.Get("Unique ID")
		elem := element("Unique ID", uid)
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
		if uid == "" {
			skip("Unique ID", "row has no Unique ID")
			continue
		}
		name := fold.Join(" ", row.Get("Name 1"), row.Get("Name 2"), row.Get("Name 3"), row.Get("Name 4"), row.Get("Name 5"), row.Get("Name 6"))
		nonLatin := row.Get("Name non-latin script")
		if name == "" && nonLatin == "" {
			skip("Name 6", "row has no name")
			continue
		}
		schema, known := schemaOf(row.Get("Designation Type"))
		if !known {
			warn("Designation Type", fmt.Sprintf("designation type %q, read as LegalEntity", row.Get("Designation Type")))
		}
		// Group by entity id: two spellings of one key ("1/2", "1-2") are
		// one entity.
		key, ok := keys[uid]
		if !ok {
			key = entity.MakeID(FCDODataset, uid)
			keys[uid] = key
		}
		g := groups[key]
		if g == nil {
			g = &fcdoGroup{e: entity.New(schema, FCDODataset, uid), line: line}
			groups[key] = g
			order = append(order, g)
		} else if g.e.Schema != schema && known {
			warn("Designation Type", fmt.Sprintf("designation type %s differs from %s on line %d; kept %s", schema, g.e.Schema, g.line, g.e.Schema))
		}
		addFCDORow(g, row, name, nonLatin, warn)
	}

	if rep.Records == 0 {
		// The FCDO list is never empty: a header without rows is a broken
		// download (or the header file alone), and must not replace a good
		// version.
		return &source.Error{File: path, Line: t.Line, Err: fmt.Errorf("uk: no rows after the header: %w", source.ErrFormat)}
	}
	return emitFCDO(order, path, emit)
}

// readFCDOHeader reads the rows before the header (the report date, the
// version) and sets the header of t.
func readFCDOHeader(t *table, path string, rep *source.Report) error {
	return t.findHeader(path, "FCDO", []string{"Unique ID", "Name 6"}, rep, func(fields []string) (string, bool) {
		if len(fields) == 0 || !strings.HasPrefix(colKey(fields[0]), "report date") {
			return "", false
		}
		v := strings.TrimSpace(fields[0][strings.Index(fields[0], ":")+1:])
		if v == "" && len(fields) > 1 {
			v = fields[1]
		}
		return parseReportDate(v), true
	})
}

// addFCDORow adds one row's name and properties to its group's entity.
func addFCDORow(g *fcdoGroup, row *row, name, nonLatin string, warn func(field, reason string)) {
	e := g.e
	g.add(name, kindOf(row.Get("Name type")), weak(row.Get("Alias strength")))
	e.Add(entity.Alias, nonLatin)
	if e.Schema == entity.Person {
		e.Add(entity.FirstName, row.Get("Name 1"))
		e.Add(entity.MiddleName, fold.Join(" ", row.Get("Name 2"), row.Get("Name 3"), row.Get("Name 4"), row.Get("Name 5")))
		e.Add(entity.LastName, row.Get("Name 6"))
	}
	e.Add(entity.Title, row.Get("Title"))
	addDates(e, entity.BirthDate, row.Get("D.O.B"), "D.O.B", warn)
	e.Add(entity.BirthPlace, fold.Join(", ", row.Get("Town of birth"), row.Get("Country of birth")))
	addCountries(e, entity.Nationality, row.Get("Nationality(/ies)"), "Nationality(/ies)", warn)
	switch gv := strings.ToLower(row.Get("Gender")); gv {
	case "":
	case "male", "female":
		e.Add(entity.Gender, gv)
	default:
		e.Add(entity.Notes, "Gender: "+row.Get("Gender"))
		warn("Gender", fmt.Sprintf("gender %q, kept in notes", row.Get("Gender")))
	}
	e.Add(entity.Position, numbered(row.Get("Position"))...)
	addDocs(e, entity.PassportNumber, "Passport", row.Get("Passport number"), row.Get("Passport additional information"))
	addDocs(e, entity.IDNumber, "National ID", row.Get("National Identifier number"), row.Get("National Identifier additional information"))
	e.Add(entity.Address, fold.Join(", ", row.Get("Address Line 1"), row.Get("Address Line 2"), row.Get("Address Line 3"),
		row.Get("Address Line 4"), row.Get("Address Line 5"), row.Get("Address Line 6"),
		row.Get("Address Postal Code"), row.Get("Address Country")))
	addCountries(e, entity.Country, row.Get("Address Country"), "Address Country", warn)
	e.Add(entity.Phone, numbered(row.Get("Phone number"))...)
	e.Add(entity.Website, numbered(row.Get("Website"))...)
	e.Add(entity.Email, numbered(row.Get("Email address"))...)
	e.Add(entity.Program, row.Get("Regime Name"))
	addDates(e, entity.ListingDate, row.Get("Date Designated"), "Date Designated", warn)
	addDates(e, entity.ModifiedAt, row.Get("Last Updated"), "Last Updated", warn)
	e.Add(entity.UNSCReference, row.Get("UN Reference Number"))
	addRegistrations(e, row.Get("Business registration number (s)"))
	for _, imo := range numbered(row.Get("IMO number")) {
		if m := imoDigits.FindString(imo); m != "" {
			e.Add(entity.ImoNumber, m)
		} else {
			e.Add(entity.Notes, "IMO number: "+imo)
			warn("IMO number", fmt.Sprintf("%q is not a 7-digit IMO number, kept in notes", imo))
		}
	}
	flagCell := row.Get("Current believed flag of ship")
	if flagCell != "" {
		codes, unknown := countries(flagCell)
		e.Add(entity.Flag, codes...)
		for _, u := range unknown {
			e.Add(entity.Notes, "Flag: "+u)
			warn("Current believed flag of ship", fmt.Sprintf("%q is not a known country, kept in notes", u))
		}
	}
	e.Add(entity.Type, row.Get("Type of ship"))
	if y := row.Get("Year Built"); y != "" {
		addDates(e, entity.BuildDate, y, "Year Built", warn)
	}
	e.Add(entity.Summary, row.Raw("UK Statement of Reasons"))
	e.Add(entity.Notes, row.Raw("Other Information"))
	for _, n := range fcdoNoted {
		if v := row.Get(n.col); v != "" {
			e.Add(entity.Notes, n.label+": "+v)
		}
	}
}

// emitFCDO emits the grouped entities in the order of their first rows.
func emitFCDO(order []*fcdoGroup, path string, emit source.Emit) error {
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
