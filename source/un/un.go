// Package un reads the UN Security Council consolidated sanctions list in
// its official XML format
// (https://scsanctions.un.org/resources/xml/en/consolidated.xml).
//
// The file is one CONSOLIDATED_LIST element, dated by its dateGenerated
// attribute, holding INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records:
//
//	<INDIVIDUAL>
//	  <DATAID>6908555</DATAID>
//	  <FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME>
//	  <UN_LIST_TYPE>DRC</UN_LIST_TYPE><REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>
//	  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>...</ALIAS_NAME></INDIVIDUAL_ALIAS>
//	  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
//	    <FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1974</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
//	  ...
//	</INDIVIDUAL>
//
// Each record becomes one entity of dataset un_sc_sanctions (Person for an
// INDIVIDUAL, Organization for an ENTITY) whose SourceID is the DATAID and
// whose unscId property is the UN reference number. The mapping of every
// element is documented on Reader.
package un

import (
	"context"
	"encoding/xml"
	"fmt"
	"github.com/redline-sanctions/redline/internal/dates"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/internal/fold"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/internal/xmlx"
)

// Dataset is the dataset name of the UN consolidated list.
const Dataset = "un_sc_sanctions"

// Format names the format in reports.
const Format = "un-xml"

// Reader reads the UN consolidated list XML. The zero value is ready to use.
//
// Mapping of a record to entity properties:
//   - FIRST_NAME … FOURTH_NAME joined with spaces -> name; FIRST_NAME ->
//     firstName; the last of SECOND…FOURTH present -> lastName, those in
//     between -> middleName (the UN does not say which part is the family
//     name, so this is a best guess; the joined name is what screening uses).
//     An entity name written "A ; B" also gives A and B as aliases.
//   - NAME_ORIGINAL_SCRIPT -> alias, as written (Arabic, Cyrillic, Hangul...).
//   - *_ALIAS: QUALITY Good, a.k.a. or empty -> alias; Low -> weakAlias;
//     f.k.a. -> previousName. An alias's DATE_OF_BIRTH -> birthDate, its
//     CITY_OF_BIRTH/COUNTRY_OF_BIRTH -> birthPlace, its NOTE -> notes.
//   - INDIVIDUAL_DATE_OF_BIRTH: DATE or YEAR -> birthDate (EXACT and
//     APPROXIMATELY alike); BETWEEN FROM_YEAR..TO_YEAR -> every year of the
//     range ("1973", "1974"); NOTE -> notes.
//   - INDIVIDUAL_PLACE_OF_BIRTH parts joined -> birthPlace.
//   - NATIONALITY/VALUE -> nationality as ISO 3166 alpha-2; a name that is
//     not a country is kept in notes and reported as a warning.
//   - INDIVIDUAL_DOCUMENT: TYPE_OF_DOCUMENT Passport (or its French and
//     Spanish forms) -> passportNumber, anything else -> idNumber; the type,
//     issuing country, date and note of each document -> notes.
//   - *_ADDRESS: STREET, CITY, STATE_PROVINCE, ZIP_CODE, COUNTRY joined ->
//     address, with NOTE in parentheses; COUNTRY -> country (ISO-2).
//   - DESIGNATION/VALUE -> position; TITLE/VALUE -> title; UN_LIST_TYPE ->
//     program; REFERENCE_NUMBER -> unscId; LISTED_ON -> listingDate;
//     LAST_DAY_UPDATED/VALUE -> modifiedAt; COMMENTS1 -> notes (and the
//     e-mail addresses in it, or in an address note, -> email); GENDER ->
//     gender ("male", "female").
//
// A record without DATAID or without any name is skipped and reported. A
// DATAID used by a second record is reported, and that record emitted with
// the id suffixed "-dup1" (SourceID unchanged), so that neither is lost. An
// element the reader does not know is reported as a warning, so a change of
// format does not go unnoticed.
type Reader struct{}

// Read streams the list at path to emit. See source.Reader.
func (Reader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Dataset: Dataset, Format: Format, Files: []string{path}}
	return source.ReadFile(ctx, path, "un", rep, emit, read)
}

// Detect reports whether a file looks like the UN consolidated XML: an
// XML document whose root is CONSOLIDATED_LIST.
func Detect(path string, head []byte) bool {
	se, ok := xmlx.Root(head)
	return ok && se.Name.Local == "CONSOLIDATED_LIST"
}

func read(ctx context.Context, path string, r io.Reader, rep *source.Report, emit source.Emit) error {
	s := xmlx.New(r, nil)
	fail := func(err error) error { return s.Fail(path, "un", err) }
	var parents []string // open elements outside records
	seenRoot := false
	seen := map[string]int{} // DATAID -> line of its first record
	dups := map[string]int{} // DATAID -> how many repeats so far
	for {
		s.Mark()
		t, err := s.Dec.Token()
		if err == io.EOF {
			if len(parents) > 0 {
				return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("un: truncated: %s not closed: %w", strings.Join(parents, "/"), source.ErrFormat)}
			}
			if !seenRoot {
				return &source.Error{File: path, Err: fmt.Errorf("un: no CONSOLIDATED_LIST element: %w", source.ErrFormat)}
			}
			if rep.Records == 0 {
				// The UN list is never empty: an empty one is a broken
				// download, and must not replace a good version.
				return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("un: no INDIVIDUAL or ENTITY record: %w", source.ErrFormat)}
			}
			return nil
		}
		if err != nil {
			return fail(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(parents) == 0 {
				if name != "CONSOLIDATED_LIST" {
					return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("un: root element is %s, not CONSOLIDATED_LIST: %w", name, source.ErrFormat)}
				}
				seenRoot = true
				for _, a := range t.Attr {
					if a.Name.Local == "dateGenerated" {
						rep.Version = strings.TrimSpace(a.Value)
					}
				}
			}
			if len(parents) == 2 && (name == "INDIVIDUAL" || name == "ENTITY") {
				if err := ctx.Err(); err != nil {
					return err
				}
				line := s.Line()
				rep.Records++
				var rec record
				if err := s.Dec.DecodeElement(&rec, &t); err != nil {
					return fail(err)
				}
				elem := strings.Join(parents, "/") + "/" + name
				e, ok := rec.entity(name == "INDIVIDUAL", func(p source.Problem) {
					p.File, p.Line, p.Element = path, line, elem
					if p.Skipped {
						rep.Skip(p)
					} else {
						rep.Warn(p)
					}
				})
				if !ok {
					continue
				}
				if first, dup := seen[e.SourceID]; dup {
					// Two records under one DATAID: keep both, the second
					// under an id of its own.
					dups[e.SourceID]++
					e.ID = fmt.Sprintf("%s-dup%d", e.ID, dups[e.SourceID])
					rep.Warn(source.Problem{File: path, Line: line, Element: elem, Field: "DATAID",
						Reason: fmt.Sprintf("DATAID %s already used by the record at line %d; this one emitted as %s", e.SourceID, first, e.ID)})
				} else {
					seen[e.SourceID] = line
				}
				if err := emit(e); err != nil {
					return fmt.Errorf("un: %s:%d: %w", path, line, err)
				}
				continue
			}
			if len(parents) == 2 {
				rep.Warn(source.Problem{File: path, Line: s.Line(), Element: strings.Join(parents, "/") + "/" + name, Reason: "unknown element, not read"})
				if err := s.Dec.Skip(); err != nil {
					return fail(err)
				}
				continue
			}
			parents = append(parents, name)
		case xml.EndElement:
			if len(parents) > 0 {
				parents = parents[:len(parents)-1]
			}
		}
	}
}

// record is one INDIVIDUAL or ENTITY element.
type record struct {
	DataID        string   `xml:"DATAID"`
	FirstName     string   `xml:"FIRST_NAME"`
	SecondName    string   `xml:"SECOND_NAME"`
	ThirdName     string   `xml:"THIRD_NAME"`
	FourthName    string   `xml:"FOURTH_NAME"`
	ListType      string   `xml:"UN_LIST_TYPE"`
	Reference     string   `xml:"REFERENCE_NUMBER"`
	ListedOn      string   `xml:"LISTED_ON"`
	Gender        string   `xml:"GENDER"`
	Comments      []string `xml:"COMMENTS1"`
	Original      []string `xml:"NAME_ORIGINAL_SCRIPT"`
	Titles        []string `xml:"TITLE>VALUE"`
	Designations  []string `xml:"DESIGNATION>VALUE"`
	Nationalities []string `xml:"NATIONALITY>VALUE"`
	Updated       []string `xml:"LAST_DAY_UPDATED>VALUE"`
	Aliases       []alias  `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases []alias  `xml:"ENTITY_ALIAS"`
	Addresses     []place  `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddress []place  `xml:"ENTITY_ADDRESS"`
	Births        []birth  `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces   []place  `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents     []doc    `xml:"INDIVIDUAL_DOCUMENT"`
	// Read and deliberately not mapped: record bookkeeping.
	VersionNum  string   `xml:"VERSIONNUM"`
	ListTypes   []string `xml:"LIST_TYPE>VALUE"`
	SortKey     string   `xml:"SORT_KEY"`
	SortKeyMod  string   `xml:"SORT_KEY_LAST_MOD"`
	SubmittedBy []string `xml:"SUBMITTED_BY>VALUE"`
	Other       []other  `xml:",any"`
}

type alias struct {
	Quality      string   `xml:"QUALITY"`
	Name         string   `xml:"ALIAS_NAME"`
	DateOfBirth  []string `xml:"DATE_OF_BIRTH"`
	CityOfBirth  string   `xml:"CITY_OF_BIRTH"`
	CountryBirth string   `xml:"COUNTRY_OF_BIRTH"`
	Note         string   `xml:"NOTE"`
	Unknown      []other  `xml:",any"`
}

type place struct {
	Street  string  `xml:"STREET"`
	City    string  `xml:"CITY"`
	State   string  `xml:"STATE_PROVINCE"`
	Zip     string  `xml:"ZIP_CODE"`
	Country string  `xml:"COUNTRY"`
	Note    string  `xml:"NOTE"`
	Unknown []other `xml:",any"`
}

type birth struct {
	Type     string  `xml:"TYPE_OF_DATE"`
	Date     string  `xml:"DATE"`
	Year     string  `xml:"YEAR"`
	FromYear string  `xml:"FROM_YEAR"`
	ToYear   string  `xml:"TO_YEAR"`
	Note     string  `xml:"NOTE"`
	Unknown  []other `xml:",any"`
}

type doc struct {
	Type         string  `xml:"TYPE_OF_DOCUMENT"`
	Type2        string  `xml:"TYPE_OF_DOCUMENT2"`
	Number       string  `xml:"NUMBER"`
	IssuingCtry  string  `xml:"ISSUING_COUNTRY"`
	CountryIssue string  `xml:"COUNTRY_OF_ISSUE"`
	CityOfIssue  string  `xml:"CITY_OF_ISSUE"`
	DateOfIssue  string  `xml:"DATE_OF_ISSUE"`
	Note         string  `xml:"NOTE"`
	Unknown      []other `xml:",any"`
}

// other catches elements the reader does not know.
type other struct {
	XMLName xml.Name
}

// zonedDate matches an XML Schema date with a time zone: 2015-04-07-04:00.
var zonedDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})$`)

// monthYear matches the dates of birth the UN writes as text: "Nov. 1973",
// "August 1961", "Between Aug. and Sep. 1977".
var monthYear = regexp.MustCompile(`(?i)^(?:between\s+([a-z]+)\.?\s+and\s+)?([a-z]+)\.?\s+(\d{4})$`)

// textDates reads a date of birth given only as text ("Nov. 1973") as
// partial ISO dates ("1973-11"); nil when the text is not such a date.
func textDates(s string) []string {
	s = fold.Space(s)
	if dates.IsISO(s) {
		return []string{s}
	}
	m := monthYear.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	to := dates.Month(m[2])
	if to == 0 {
		return nil
	}
	if m[1] == "" {
		return []string{fmt.Sprintf("%s-%02d", m[3], to)}
	}
	from := dates.Month(m[1])
	if from == 0 || from > to {
		return nil
	}
	var out []string
	for mm := from; mm <= to; mm++ {
		out = append(out, fmt.Sprintf("%s-%02d", m[3], mm))
	}
	return out
}

// emailRE finds the e-mail addresses the UN writes in comments and address
// notes ("Email: fdlr@gmx.net; ...").
var emailRE = regexp.MustCompile(`(?i)\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b`)

// maxYearSpan caps a BETWEEN range of birth years.
const maxYearSpan = 100

// entity maps the record; problem receives the field-level issues (and a
// Skipped problem when the record cannot give an entity, in which case ok is
// false).
func (r *record) entity(individual bool, problem func(source.Problem)) (e *entity.Entity, ok bool) {
	id := strings.TrimSpace(r.DataID)
	if id == "" {
		problem(source.Problem{Field: "DATAID", Reason: "record has no DATAID", Skipped: true})
		return nil, false
	}
	schema := entity.Organisation
	if individual {
		schema = entity.Person
	}
	e = entity.New(schema, Dataset, id)
	warn := func(field, reason string) { problem(source.Problem{Field: field, Reason: reason}) }

	r.addNames(e, individual, warn)
	if name := e.First(entity.Name); name == "" {
		if al := e.Names(); len(al) > 0 {
			e.Properties[entity.Name] = []string{al[0]}
		} else {
			problem(source.Problem{Field: "FIRST_NAME", Reason: "record " + id + " has no name", Skipped: true})
			return nil, false
		}
	}

	r.addBirths(e, warn)
	r.addDetails(e, warn)
	r.warnUnknown(warn)
	return e, true
}

// addNames adds the record's name, its parts and its aliases.
func (r *record) addNames(e *entity.Entity, individual bool, warn func(field, reason string)) {
	parts := []string{}
	for _, p := range []string{r.FirstName, r.SecondName, r.ThirdName, r.FourthName} {
		if p = fold.Space(p); p != "" {
			parts = append(parts, p)
		}
	}
	full := strings.Join(parts, " ")
	e.Add(entity.Name, full)
	if individual && len(parts) > 0 {
		e.Add(entity.FirstName, fold.Space(r.FirstName))
		if len(parts) > 1 && fold.Space(r.FirstName) != "" {
			e.Add(entity.LastName, parts[len(parts)-1])
			e.Add(entity.MiddleName, strings.Join(parts[1:len(parts)-1], " "))
		}
	}
	if !individual && strings.Contains(full, ";") {
		for _, p := range strings.Split(full, ";") {
			e.Add(entity.Alias, fold.Space(p))
		}
	}
	for _, o := range r.Original {
		e.Add(entity.Alias, fold.Space(o))
	}
	for _, a := range append(r.Aliases, r.EntityAliases...) {
		name := unquote(fold.Space(a.Name))
		switch q := strings.ToLower(strings.TrimSpace(a.Quality)); q {
		case "good", "a.k.a.", "a.k.a", "aka", "":
			e.Add(entity.Alias, name)
		case "low":
			e.Add(entity.WeakAlias, name)
		case "f.k.a.", "f.k.a", "fka":
			e.Add(entity.PreviousName, name)
		default:
			e.Add(entity.Alias, name)
			warn("QUALITY", fmt.Sprintf("unknown alias quality %q, read as alias", a.Quality))
		}
		for _, d := range a.DateOfBirth {
			addDate(e, entity.BirthDate, d, "ALIAS/DATE_OF_BIRTH", warn)
		}
		e.Add(entity.BirthPlace, fold.Join(", ", a.CityOfBirth, a.CountryBirth))
		if n := fold.Space(a.Note); n != "" {
			e.Add(entity.Notes, "Alias "+name+": "+n)
		}
	}
}

// addBirths adds the dates and places of birth.
func (r *record) addBirths(e *entity.Entity, warn func(field, reason string)) {
	for _, b := range r.Births {
		typ := strings.ToUpper(strings.TrimSpace(b.Type))
		switch {
		case strings.TrimSpace(b.FromYear) != "" || strings.TrimSpace(b.ToYear) != "":
			addYears(e, b.FromYear, b.ToYear, warn)
		case strings.TrimSpace(b.Date) != "":
			addDate(e, entity.BirthDate, b.Date, "DATE_OF_BIRTH/DATE", warn)
		case strings.TrimSpace(b.Year) != "":
			addDate(e, entity.BirthDate, b.Year, "DATE_OF_BIRTH/YEAR", warn)
		case fold.Space(b.Note) != "":
			if ds := textDates(b.Note); len(ds) > 0 {
				e.Add(entity.BirthDate, ds...)
			} else {
				warn("DATE_OF_BIRTH/NOTE", fmt.Sprintf("date of birth %q is not a date, kept in notes", fold.Space(b.Note)))
			}
		case typ != "":
			warn("DATE_OF_BIRTH", "TYPE_OF_DATE "+typ+" without a date")
		}
		switch typ {
		case "", "EXACT", "APPROXIMATELY", "BETWEEN":
		default:
			warn("TYPE_OF_DATE", fmt.Sprintf("unknown TYPE_OF_DATE %q, date read as given", b.Type))
		}
		if n := fold.Space(b.Note); n != "" {
			e.Add(entity.Notes, "Date of birth: "+n)
		}
	}
	for _, p := range r.BirthPlaces {
		e.Add(entity.BirthPlace, fold.Join(", ", p.Street, p.City, p.State, p.Country))
		if n := fold.Space(p.Note); n != "" {
			e.Add(entity.Notes, "Place of birth: "+n)
		}
	}
}

// addDetails adds nationalities, documents, addresses, positions,
// titles, the listing and the comments.
func (r *record) addDetails(e *entity.Entity, warn func(field, reason string)) {
	for _, n := range r.Nationalities {
		addCountry(e, entity.Nationality, n, "NATIONALITY", warn)
	}
	for _, d := range r.Documents {
		addDocument(e, d, warn)
	}
	for _, a := range append(r.Addresses, r.EntityAddress...) {
		addr := fold.Join(", ", a.Street, a.City, a.State, a.Zip, a.Country)
		if n := fold.Space(a.Note); n != "" {
			if addr == "" {
				addr = n
			} else {
				addr += " (" + n + ")"
			}
		}
		e.Add(entity.Address, addr)
		if c := fold.Space(a.Country); c != "" {
			addCountry(e, entity.Country, c, "ADDRESS/COUNTRY", warn)
		}
	}
	for _, v := range r.Designations {
		e.Add(entity.Position, fold.Space(v))
	}
	for _, v := range r.Titles {
		e.Add(entity.Title, fold.Space(v))
	}
	e.Add(entity.Program, fold.Space(r.ListType))
	e.Add(entity.UNSCReference, fold.Space(r.Reference))
	addDate(e, entity.ListingDate, r.ListedOn, "LISTED_ON", warn)
	for _, u := range r.Updated {
		addDate(e, entity.ModifiedAt, u, "LAST_DAY_UPDATED", warn)
	}
	for _, c := range r.Comments {
		e.Add(entity.Notes, fold.Space(c)) // the UN wraps long text over lines
		e.Add(entity.Email, emailRE.FindAllString(c, -1)...)
	}
	for _, a := range append(r.Addresses, r.EntityAddress...) {
		e.Add(entity.Email, emailRE.FindAllString(a.Note, -1)...)
	}
	switch g := strings.ToLower(strings.TrimSpace(r.Gender)); g {
	case "":
	case "male", "female":
		e.Add(entity.Gender, g)
	default:
		e.Add(entity.Notes, "Gender: "+r.Gender)
		warn("GENDER", fmt.Sprintf("unknown gender %q, kept in notes", r.Gender))
	}
}

// warnUnknown warns of the elements of the record that are not read.
func (r *record) warnUnknown(warn func(field, reason string)) {
	for _, o := range r.Other {
		warn(o.XMLName.Local, "unknown element, not read")
	}
	unknown := func(parent string, os []other) {
		for _, o := range os {
			warn(parent+"/"+o.XMLName.Local, "unknown element, not read")
		}
	}
	for _, a := range r.Aliases {
		unknown("INDIVIDUAL_ALIAS", a.Unknown)
	}
	for _, a := range r.EntityAliases {
		unknown("ENTITY_ALIAS", a.Unknown)
	}
	for _, p := range r.Addresses {
		unknown("INDIVIDUAL_ADDRESS", p.Unknown)
	}
	for _, p := range r.EntityAddress {
		unknown("ENTITY_ADDRESS", p.Unknown)
	}
	for _, p := range r.BirthPlaces {
		unknown("INDIVIDUAL_PLACE_OF_BIRTH", p.Unknown)
	}
	for _, b := range r.Births {
		unknown("INDIVIDUAL_DATE_OF_BIRTH", b.Unknown)
	}
	for _, d := range r.Documents {
		unknown("INDIVIDUAL_DOCUMENT", d.Unknown)
	}
}

// passportTypes are the TYPE_OF_DOCUMENT values that name a passport.
var passportTypes = map[string]bool{
	"passport": true, "numéro de passeport": true, "número de pasaporte": true,
	"passport number": true, "diplomatic passport": true,
}

func addDocument(e *entity.Entity, d doc, warn func(field, reason string)) {
	num := fold.Space(d.Number)
	typ := fold.Space(d.Type)
	if num == "" {
		if typ != "" || fold.Space(d.Note) != "" {
			e.Add(entity.Notes, "Document: "+fold.Join("; ", typ, d.Type2, d.Note))
		}
		return
	}
	prop := entity.IDNumber
	if passportTypes[strings.ToLower(typ)] {
		prop = entity.PassportNumber
	}
	e.Add(prop, num)
	issued := fold.Join(", ", d.CityOfIssue, d.CountryIssue, d.IssuingCtry)
	desc := fold.Join(" ", typ, num)
	if t2 := fold.Space(d.Type2); t2 != "" {
		desc += " (" + t2 + ")"
	}
	if issued != "" {
		desc += ", issued in " + issued
	}
	if dt := fold.Space(d.DateOfIssue); dt != "" {
		desc += " on " + dt
	}
	if n := fold.Space(d.Note); n != "" {
		desc += "; " + n
	}
	if desc != typ+" "+num {
		e.Add(entity.Notes, "Document: "+desc)
	}
}

func addCountry(e *entity.Entity, prop, name, field string, warn func(field, reason string)) {
	name = fold.Space(name)
	if name == "" {
		return
	}
	// The UN writes country names, never codes: a two-letter value such as
	// "na" (not available) is not Namibia.
	if c, ok := country.Code(name); ok && len(name) > 2 {
		e.Add(prop, c)
		return
	}
	e.Add(entity.Notes, field+": "+name)
	warn(field, fmt.Sprintf("%q is not a known country, kept in notes", name))
}

func addDate(e *entity.Entity, prop, v, field string, warn func(field, reason string)) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	if dates.IsISO(v) {
		e.Add(prop, v)
		return
	}
	if m := zonedDate.FindStringSubmatch(v); m != nil {
		e.Add(prop, m[1]) // a calendar date; its time zone says nothing more
		return
	}
	e.Add(entity.Notes, field+": "+v)
	warn(field, fmt.Sprintf("date %q is not YYYY[-MM[-DD]], kept in notes", v))
}

func addYears(e *entity.Entity, from, to string, warn func(field, reason string)) {
	a, errA := strconv.Atoi(strings.TrimSpace(from))
	b, errB := strconv.Atoi(strings.TrimSpace(to))
	switch {
	case errA != nil && errB != nil:
		warn("DATE_OF_BIRTH", fmt.Sprintf("BETWEEN %q and %q: no year, kept in notes", from, to))
		e.Add(entity.Notes, "Date of birth between "+from+" and "+to)
		return
	case errA != nil:
		a = b
	case errB != nil:
		b = a
	}
	if a > b {
		a, b = b, a
	}
	if a < 1000 || b > 9999 || b-a > maxYearSpan {
		warn("DATE_OF_BIRTH", fmt.Sprintf("BETWEEN %d and %d is not a plausible range of years, ends kept", a, b))
		e.Add(entity.BirthDate, strconv.Itoa(a), strconv.Itoa(b))
		return
	}
	for y := a; y <= b; y++ {
		e.Add(entity.BirthDate, strconv.Itoa(y))
	}
}

// unquote drops the double quotes around a whole alias ("KOMID").
func unquote(s string) string {
	if len(s) > 2 && strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`) && !strings.Contains(s[1:len(s)-1], `"`) {
		return fold.Space(s[1 : len(s)-1])
	}
	return s
}
