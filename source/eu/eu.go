// Package eu reads the EU Financial Sanctions File (FSF), the consolidated
// list of persons, groups and entities subject to EU financial sanctions,
// in its XML 1.1 format
// (https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content).
//
// Almost everything is in attributes:
//
//	<export generationDate="2020-04-15T15:29:22.497+02:00">
//	  <sanctionEntity logicalId="5295" designationDate="2008-07-03" euReferenceNumber="EU.2026.82">
//	    <regulation programme="TAQA" publicationDate="2019-04-08" .../>
//	    <subjectType code="person"/>
//	    <nameAlias wholeName="Abid Hammadou" firstName="Abid" lastName="Hammadou" strong="true" .../>
//	    <citizenship countryIso2Code="DZ"/>
//	    <birthdate birthdate="1965-12-12" city="Touggourt" countryIso2Code="DZ"/>
//	    <identification identificationTypeCode="passport" number="488555" countryIso2Code="PK"/>
//	    <address street="..." city="Tunis" countryIso2Code="TN"/>
//	  </sanctionEntity>
//	</export>
//
// Each sanctionEntity becomes one entity of dataset eu_fsf whose SourceID is
// its logicalId. The mapping is documented on Reader.
package eu

import (
	"context"
	"encoding/xml"
	"fmt"
	"github.com/redline-sanctions/redline/internal/dates"
	"io"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/internal/fold"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/internal/xmlx"
)

// Dataset is the dataset name of the EU Financial Sanctions File.
const Dataset = "eu_fsf"

// Format names the format in reports.
const Format = "eu-fsf-xml"

// Reader reads the EU FSF XML 1.1. The zero value is ready to use.
//
// Mapping of a sanctionEntity:
//   - subjectType code person -> Person, enterprise -> Organization,
//     anything else -> LegalEntity (with a warning).
//   - nameAlias: the first wholeName -> name, the others -> alias, or
//     weakAlias when strong="false". Names are kept as written, in whatever
//     script and language (nameLanguage) they come. firstName, middleName,
//     lastName -> the same properties; function -> position; title -> title;
//     gender M/F -> male/female; a remark -> notes.
//   - citizenship countryIso2Code -> nationality.
//   - birthdate: birthdate, or year[-monthOfYear[-dayOfMonth]], or every year
//     of yearRangeFrom..yearRangeTo -> birthDate; city, place, region, zip
//     and country description -> birthPlace.
//   - identification: identificationTypeCode passport -> passportNumber,
//     tax and fiscalcode -> taxNumber, regnumber -> registrationNumber, imo
//     -> imoNumber, swiftbic -> swiftBic, anything else (id, ssn, other, ...)
//     -> idNumber (number and latinNumber); the type, country, issuer and
//     flags (diplomatic, known false, ...) -> notes.
//   - address: street, poBox, place, city, zipCode, region and country
//     description joined -> address; countryIso2Code -> country;
//     contactInfo PHONE/EMAIL/WEB -> phone/email/website.
//   - regulation programme -> program, publicationUrl -> sourceUrl;
//     designationDate -> listingDate; unitedNationId -> unscId;
//     euReferenceNumber, designationDetails and remarks -> notes.
//
// A logicalId used by a second record (the FSF extract has one) is
// reported, and that record emitted with the id suffixed "-dup1" (SourceID
// unchanged), so that neither party is lost. Country code "00" means unknown
// in the FSF and is dropped. A
// sanctionEntity without logicalId or without any name is skipped and
// reported. Elements and attributes the reader does not know are reported
// once per file as warnings.
type Reader struct{}

// Read streams the list at path to emit. See source.Reader.
func (Reader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Dataset: Dataset, Format: Format, Files: []string{path}}
	return source.ReadFile(ctx, path, "eu", rep, emit, read)
}

// Detect reports whether a file looks like the EU FSF XML: an XML document
// whose root is export and that holds sanctionEntity elements (or names the
// FSF namespace).
func Detect(path string, head []byte) bool {
	se, ok := xmlx.Root(head)
	if !ok || se.Name.Local != "export" {
		return false
	}
	s := string(head)
	return strings.Contains(s, "<sanctionEntity") || strings.Contains(s, "eu.europa.ec/fpi/fsd/export")
}

func read(ctx context.Context, path string, r io.Reader, rep *source.Report, emit source.Emit) error {
	s := xmlx.New(r, nil)
	fail := func(err error) error { return s.Fail(path, "eu", err) }
	once := map[string]bool{} // unknown elements and attributes already reported
	seen := map[string]int{}  // logicalId -> line of its first record
	dups := map[string]int{}  // logicalId -> how many repeats so far
	depth := 0
	seenRoot := false
	for {
		s.Mark()
		t, err := s.Dec.Token()
		if err == io.EOF {
			if depth > 0 {
				return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("eu: truncated: export not closed: %w", source.ErrFormat)}
			}
			if !seenRoot {
				return &source.Error{File: path, Err: fmt.Errorf("eu: no export element: %w", source.ErrFormat)}
			}
			if rep.Records == 0 {
				// The FSF is never empty: an empty one is a broken download,
				// and must not replace a good version.
				return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("eu: no sanctionEntity record: %w", source.ErrFormat)}
			}
			return nil
		}
		if err != nil {
			return fail(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if depth == 0 {
				if name != "export" {
					return &source.Error{File: path, Line: s.Line(), Err: fmt.Errorf("eu: root element is %s, not export: %w", name, source.ErrFormat)}
				}
				seenRoot = true
				for _, a := range t.Attr {
					if a.Name.Local == "generationDate" {
						rep.Version = strings.TrimSpace(a.Value)
					}
				}
				depth++
				continue
			}
			if name != "sanctionEntity" {
				if !once["export/"+name] {
					once["export/"+name] = true
					rep.Warn(source.Problem{File: path, Line: s.Line(), Element: "export/" + name, Reason: "unknown element, not read (reported once)"})
				}
				if err := s.Dec.Skip(); err != nil {
					return fail(err)
				}
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			line := s.Line()
			rep.Records++
			var rec record
			if err := s.Dec.DecodeElement(&rec, &t); err != nil {
				return fail(err)
			}
			problem := func(p source.Problem) {
				p.File, p.Line, p.Element = path, line, "export/sanctionEntity"
				switch {
				case p.Skipped:
					rep.Skip(p)
				case strings.HasPrefix(p.Reason, "unknown"):
					if once[p.Field] {
						return
					}
					once[p.Field] = true
					p.Reason += " (reported once)"
					rep.Warn(p)
				default:
					rep.Warn(p)
				}
			}
			e, ok := rec.entity(problem)
			if !ok {
				continue
			}
			if first, dup := seen[e.SourceID]; dup {
				// Two records under one key are two parties as far as we
				// know: keep both, the second under an id of its own, so
				// that a store keyed by id loses neither.
				dups[e.SourceID]++
				e.ID = fmt.Sprintf("%s-dup%d", e.ID, dups[e.SourceID])
				problem(source.Problem{Field: "logicalId", Reason: fmt.Sprintf("logicalId %s already used by the record at line %d; this one emitted as %s", e.SourceID, first, e.ID)})
			} else {
				seen[e.SourceID] = line
			}
			if err := emit(e); err != nil {
				return fmt.Errorf("eu: %s:%d: %w", path, line, err)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// attrs catches the attributes a struct does not name.
type attrs struct {
	Unknown []xml.Attr `xml:",any,attr"`
}

// other catches elements a struct does not name.
type other struct {
	XMLName xml.Name
}

type record struct {
	LogicalID          string           `xml:"logicalId,attr"`
	DesignationDate    string           `xml:"designationDate,attr"`
	DesignationDetails string           `xml:"designationDetails,attr"`
	UnitedNationID     string           `xml:"unitedNationId,attr"`
	EUReference        string           `xml:"euReferenceNumber,attr"`
	Regulations        []regulation     `xml:"regulation"`
	SubjectType        subjectType      `xml:"subjectType"`
	Names              []nameAlias      `xml:"nameAlias"`
	Citizenships       []citizenship    `xml:"citizenship"`
	Births             []birthdate      `xml:"birthdate"`
	IDs                []identification `xml:"identification"`
	Addresses          []address        `xml:"address"`
	Remarks            []string         `xml:"remark"`
	attrs
	Other []other `xml:",any"`
}

type regulation struct {
	Programme          string   `xml:"programme,attr"`
	RegulationType     string   `xml:"regulationType,attr"`
	OrganisationType   string   `xml:"organisationType,attr"`
	PublicationDate    string   `xml:"publicationDate,attr"`
	EntryIntoForceDate string   `xml:"entryIntoForceDate,attr"`
	NumberTitle        string   `xml:"numberTitle,attr"`
	LogicalID          string   `xml:"logicalId,attr"`
	URLs               []string `xml:"publicationUrl"`
	attrs
	Other []other `xml:",any"`
}

type subjectType struct {
	Code           string `xml:"code,attr"`
	Classification string `xml:"classificationCode,attr"`
	attrs
}

// common holds what the FSF repeats on every detail element.
type common struct {
	RegulationLanguage string     `xml:"regulationLanguage,attr"`
	LogicalID          string     `xml:"logicalId,attr"`
	Remarks            []string   `xml:"remark"`
	Summaries          []struct{} `xml:"regulationSummary"`
	attrs
	Other []other `xml:",any"`
}

type nameAlias struct {
	FirstName    string `xml:"firstName,attr"`
	MiddleName   string `xml:"middleName,attr"`
	LastName     string `xml:"lastName,attr"`
	WholeName    string `xml:"wholeName,attr"`
	Function     string `xml:"function,attr"`
	Gender       string `xml:"gender,attr"`
	Title        string `xml:"title,attr"`
	NameLanguage string `xml:"nameLanguage,attr"`
	Strong       string `xml:"strong,attr"`
	common
}

type citizenship struct {
	Region      string `xml:"region,attr"`
	Country     string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
	common
}

type birthdate struct {
	Circa         string `xml:"circa,attr"`
	CalendarType  string `xml:"calendarType,attr"`
	City          string `xml:"city,attr"`
	ZipCode       string `xml:"zipCode,attr"`
	Date          string `xml:"birthdate,attr"`
	Day           string `xml:"dayOfMonth,attr"`
	Month         string `xml:"monthOfYear,attr"`
	Year          string `xml:"year,attr"`
	YearRangeFrom string `xml:"yearRangeFrom,attr"`
	YearRangeTo   string `xml:"yearRangeTo,attr"`
	Region        string `xml:"region,attr"`
	Place         string `xml:"place,attr"`
	Country       string `xml:"countryIso2Code,attr"`
	Description   string `xml:"countryDescription,attr"`
	common
}

type identification struct {
	Diplomatic      string `xml:"diplomatic,attr"`
	KnownExpired    string `xml:"knownExpired,attr"`
	KnownFalse      string `xml:"knownFalse,attr"`
	ReportedLost    string `xml:"reportedLost,attr"`
	RevokedByIssuer string `xml:"revokedByIssuer,attr"`
	IssuedBy        string `xml:"issuedBy,attr"`
	IssueDate       string `xml:"issueDate,attr"`
	ValidFrom       string `xml:"validFrom,attr"`
	ValidTo         string `xml:"validTo,attr"`
	LatinNumber     string `xml:"latinNumber,attr"`
	NameOnDocument  string `xml:"nameOnDocument,attr"`
	Number          string `xml:"number,attr"`
	Region          string `xml:"region,attr"`
	Country         string `xml:"countryIso2Code,attr"`
	Description     string `xml:"countryDescription,attr"`
	TypeCode        string `xml:"identificationTypeCode,attr"`
	TypeDescription string `xml:"identificationTypeDescription,attr"`
	common
}

type address struct {
	City        string        `xml:"city,attr"`
	Street      string        `xml:"street,attr"`
	PoBox       string        `xml:"poBox,attr"`
	ZipCode     string        `xml:"zipCode,attr"`
	Region      string        `xml:"region,attr"`
	Place       string        `xml:"place,attr"`
	AsAtListing string        `xml:"asAtListingTime,attr"`
	Country     string        `xml:"countryIso2Code,attr"`
	Description string        `xml:"countryDescription,attr"`
	Contacts    []contactInfo `xml:"contactInfo"`
	common
}

type contactInfo struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

// maxYearSpan caps a yearRangeFrom..yearRangeTo range.
const maxYearSpan = 100

func (r *record) entity(problem func(source.Problem)) (*entity.Entity, bool) {
	id := strings.TrimSpace(r.LogicalID)
	if id == "" {
		problem(source.Problem{Field: "logicalId", Reason: "sanctionEntity has no logicalId", Skipped: true})
		return nil, false
	}
	warn := func(field, reason string) { problem(source.Problem{Field: field, Reason: reason}) }
	schema := entity.LegalEntity
	switch code := strings.ToLower(strings.TrimSpace(r.SubjectType.Code)); code {
	case "person":
		schema = entity.Person
	case "enterprise":
		schema = entity.Organisation
	default:
		warn("subjectType", fmt.Sprintf("subject type %q, read as LegalEntity", r.SubjectType.Code))
	}
	e := entity.New(schema, Dataset, id)

	for _, n := range r.Names {
		whole := fold.Space(n.WholeName)
		if whole == "" {
			whole = fold.Join(" ", n.FirstName, n.MiddleName, n.LastName)
		}
		switch {
		case whole == "":
		case e.First(entity.Name) == "":
			e.Add(entity.Name, whole)
		case strings.EqualFold(strings.TrimSpace(n.Strong), "false"):
			e.Add(entity.WeakAlias, whole)
		default:
			e.Add(entity.Alias, whole)
		}
		if schema == entity.Person {
			e.Add(entity.FirstName, fold.Space(n.FirstName))
			e.Add(entity.MiddleName, fold.Space(n.MiddleName))
			e.Add(entity.LastName, fold.Space(n.LastName))
		}
		e.Add(entity.Position, fold.Space(n.Function))
		e.Add(entity.Title, fold.Space(n.Title))
		switch g := strings.ToUpper(strings.TrimSpace(n.Gender)); g {
		case "":
		case "M":
			e.Add(entity.Gender, "male")
		case "F":
			e.Add(entity.Gender, "female")
		default:
			e.Add(entity.Notes, "Gender: "+n.Gender)
			warn("nameAlias/gender", fmt.Sprintf("gender %q, kept in notes", n.Gender))
		}
		addRemarks(e, n.Remarks)
		n.common.check("nameAlias", warn)
	}
	if e.First(entity.Name) == "" {
		problem(source.Problem{Field: "nameAlias", Reason: "sanctionEntity " + id + " has no name", Skipped: true})
		return nil, false
	}
	for _, c := range r.Citizenships {
		addCountry(e, entity.Nationality, c.Country, c.Description, "citizenship", warn)
		addRemarks(e, c.Remarks)
		c.common.check("citizenship", warn)
	}
	for _, b := range r.Births {
		addBirth(e, b, warn)
		addRemarks(e, prefixAll("Date of birth: ", b.Remarks))
		b.common.check("birthdate", warn)
	}
	for _, d := range r.IDs {
		addIdentification(e, d)
		addRemarks(e, prefixAll("Identification "+fold.Space(d.Number)+": ", d.Remarks))
		d.common.check("identification", warn)
	}
	for _, a := range r.Addresses {
		e.Add(entity.Address, fold.Join(", ", a.Street, a.PoBox, a.Place, a.City, a.ZipCode, a.Region, a.Description))
		addCountry(e, entity.Country, a.Country, a.Description, "address", warn)
		for _, c := range a.Contacts {
			switch strings.ToUpper(strings.TrimSpace(c.Key)) {
			case "PHONE", "FAX":
				e.Add(entity.Phone, fold.Space(c.Value))
			case "EMAIL":
				e.Add(entity.Email, fold.Space(c.Value))
			case "WEB", "WEBSITE":
				e.Add(entity.Website, fold.Space(c.Value))
			default:
				e.Add(entity.Notes, fold.Join(": ", c.Key, c.Value))
			}
		}
		addRemarks(e, a.Remarks)
		a.common.check("address", warn)
	}
	for _, g := range r.Regulations {
		e.Add(entity.Program, fold.Space(g.Programme))
		for _, u := range g.URLs {
			e.Add(entity.SourceURL, fold.Space(u))
		}
		checkAttrs("regulation", g.Unknown, warn)
		checkOther("regulation", g.Other, warn)
	}
	addDate(e, entity.ListingDate, r.DesignationDate, "designationDate", warn)
	e.Add(entity.UNSCReference, fold.Space(r.UnitedNationID))
	if ref := fold.Space(r.EUReference); ref != "" {
		e.Add(entity.Notes, "EU reference number: "+ref)
	}
	if d := fold.Space(r.DesignationDetails); d != "" {
		e.Add(entity.Notes, d)
	}
	addRemarks(e, r.Remarks)
	checkAttrs("sanctionEntity", r.Unknown, warn)
	checkAttrs("subjectType", r.SubjectType.Unknown, warn)
	checkOther("sanctionEntity", r.Other, warn)
	return e, true
}

func (c *common) check(elem string, warn func(field, reason string)) {
	checkAttrs(elem, c.Unknown, warn)
	checkOther(elem, c.Other, warn)
}

func checkAttrs(elem string, as []xml.Attr, warn func(field, reason string)) {
	for _, a := range as {
		if a.Name.Space != "" {
			continue // xmlns and xsi declarations
		}
		warn(elem+"@"+a.Name.Local, "unknown attribute, not read")
	}
}

func checkOther(elem string, os []other, warn func(field, reason string)) {
	for _, o := range os {
		warn(elem+"/"+o.XMLName.Local, "unknown element, not read")
	}
}

// prefixAll returns the non-empty values of vs, each prefixed.
func prefixAll(prefix string, vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, prefix+v)
		}
	}
	return out
}

func addRemarks(e *entity.Entity, rs []string) {
	for _, r := range rs {
		e.Add(entity.Notes, strings.TrimSpace(r))
	}
}

func addBirth(e *entity.Entity, b birthdate, warn func(field, reason string)) {
	switch {
	case fold.Space(b.Date) != "":
		addDate(e, entity.BirthDate, b.Date, "birthdate@birthdate", warn)
	case fold.Space(b.YearRangeFrom) != "" || fold.Space(b.YearRangeTo) != "":
		addYears(e, b.YearRangeFrom, b.YearRangeTo, warn)
	case fold.Space(b.Year) != "":
		d := fold.Space(b.Year)
		if m, err := strconv.Atoi(fold.Space(b.Month)); err == nil && m >= 1 && m <= 12 {
			d += fmt.Sprintf("-%02d", m)
			if day, err := strconv.Atoi(fold.Space(b.Day)); err == nil && day >= 1 && day <= 31 {
				d += fmt.Sprintf("-%02d", day)
			}
		}
		addDate(e, entity.BirthDate, d, "birthdate@year", warn)
	}
	if ct := strings.TrimSpace(b.CalendarType); ct != "" && !strings.EqualFold(ct, "GREGORIAN") {
		e.Add(entity.Notes, "Date of birth calendar: "+ct)
	}
	city := fold.Space(b.City)
	if city == "-" {
		city = ""
	}
	desc := fold.Space(b.Description)
	if strings.EqualFold(desc, "UNKNOWN") {
		desc = ""
	}
	e.Add(entity.BirthPlace, fold.Join(", ", b.Place, city, b.ZipCode, b.Region, desc))
}

func addIdentification(e *entity.Entity, d identification) {
	prop := entity.IDNumber
	switch strings.ToLower(strings.TrimSpace(d.TypeCode)) {
	case "passport":
		prop = entity.PassportNumber
	case "tax", "fiscalcode", "taxid", "tin":
		prop = entity.TaxNumber
	case "regnumber", "registration", "registrationnumber":
		prop = entity.RegistrationNum
	case "imo":
		prop = entity.ImoNumber
	case "swiftbic", "bic":
		prop = entity.SwiftBic
	}
	num := fold.Space(d.Number)
	e.Add(prop, num, fold.Space(d.LatinNumber))
	var flags []string
	for _, f := range []struct{ v, name string }{
		{d.Diplomatic, "diplomatic"}, {d.KnownExpired, "known expired"}, {d.KnownFalse, "known false"},
		{d.ReportedLost, "reported lost"}, {d.RevokedByIssuer, "revoked by issuer"},
	} {
		if strings.EqualFold(strings.TrimSpace(f.v), "true") {
			flags = append(flags, f.name)
		}
	}
	ctry := fold.Space(d.Description)
	if ctry == "" && fold.Space(d.Country) != "00" {
		ctry = fold.Space(d.Country)
	}
	if strings.EqualFold(ctry, "UNKNOWN") {
		ctry = ""
	}
	desc := fold.Join(" ", d.TypeDescription, num)
	if desc == "" {
		return
	}
	extra := fold.Join("; ", ctry, d.IssuedBy, d.Region, d.NameOnDocument, strings.Join(flags, ", "),
		prefixed("issued ", d.IssueDate), prefixed("valid from ", d.ValidFrom), prefixed("valid to ", d.ValidTo))
	if extra != "" {
		desc += " (" + extra + ")"
	}
	e.Add(entity.Notes, "Identification: "+desc)
}

func prefixed(p, v string) string {
	if v = fold.Space(v); v != "" {
		return p + v
	}
	return ""
}

// addCountry maps an ISO code (or, failing that, the description) to
// prop. "00" is the FSF's unknown country.
func addCountry(e *entity.Entity, prop, code, desc, field string, warn func(field, reason string)) {
	code = strings.ToUpper(fold.Space(code))
	if code == "00" || code == "" {
		if d := fold.Space(desc); d != "" && !strings.EqualFold(d, "UNKNOWN") {
			if c, ok := country.Code(d); ok {
				e.Add(prop, c)
			} else {
				e.Add(entity.Notes, field+" country: "+d)
			}
		}
		return
	}
	if country.Known(code) {
		e.Add(prop, code)
		return
	}
	e.Add(entity.Notes, field+" country: "+fold.Join(" ", code, desc))
	warn(field+"@countryIso2Code", fmt.Sprintf("%q is not an ISO 3166 code, kept in notes", code))
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
	e.Add(entity.Notes, field+": "+v)
	warn(field, fmt.Sprintf("date %q is not YYYY[-MM[-DD]], kept in notes", v))
}

func addYears(e *entity.Entity, from, to string, warn func(field, reason string)) {
	a, errA := strconv.Atoi(strings.TrimSpace(from))
	b, errB := strconv.Atoi(strings.TrimSpace(to))
	switch {
	case errA != nil && errB != nil:
		warn("birthdate@yearRangeFrom", fmt.Sprintf("year range %q..%q has no year, kept in notes", from, to))
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
		warn("birthdate@yearRangeFrom", fmt.Sprintf("year range %d..%d is not plausible, ends kept", a, b))
		e.Add(entity.BirthDate, strconv.Itoa(a), strconv.Itoa(b))
		return
	}
	for y := a; y <= b; y++ {
		e.Add(entity.BirthDate, strconv.Itoa(y))
	}
}
