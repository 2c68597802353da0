package ofac

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/internal/xmlx"
)

// XMLReader reads OFAC's SDN XML (sdn.xml; consolidated.xml for the
// non-SDN list, whose file name contains "cons"). Its zero value is ready
// to use.
//
//	<sdnList xmlns="...">
//	  <publshInformation><Publish_Date>04/22/2020</Publish_Date>...</publshInformation>
//	  <sdnEntry><uid>10689</uid><firstName>Muhammad</firstName><lastName>SAEED</lastName>
//	    <sdnType>Individual</sdnType><programList><program>SDGT</program></programList>
//	    <idList><id><idType>Passport</idType><idNumber>BE5978421</idNumber>...</id></idList>
//	    <akaList>...</akaList><addressList>...</addressList>
//	    <dateOfBirthList>...</dateOfBirthList>...</sdnEntry>
//	</sdnList>
//
// Elements are matched by local name, so every namespace vintage reads the
// same. The document is streamed: each sdnEntry is decoded alone with
// DecodeElement, through a token reader that caps nesting at
// source.MaxDepth and an entry's size at source.MaxRecordSize (encoding/xml
// expands no custom entity, so an entity bomb is a syntax error).
//
// An entry is mapped as in the CSV: the name is written "LASTNAME, First
// names" as OFAC does; id items ("Passport", "Vessel Registration
// Identification", "Gender", ...) go through the same key table as the CSV
// remarks; an aka of category "weak" is a weakAlias. "Linked To:" in
// remarks is resolved against the primary names of the whole file, then
// its strong alternate names, at its end (entries with links are held until
// then and emitted last); a target that names no entry is kept as a note
// and reported as a warning, as in the CSV.
//
// Report.Version is the list's Publish_Date as an ISO date.
type XMLReader struct{}

// FormatXML is the format name reported by XMLReader.
const FormatXML = "ofac-xml"

// sdnEntry is one entry of the SDN XML.
type sdnEntry struct {
	UID       string   `xml:"uid"`
	FirstName string   `xml:"firstName"`
	LastName  string   `xml:"lastName"`
	Title     string   `xml:"title"`
	SDNType   string   `xml:"sdnType"`
	Remarks   string   `xml:"remarks"`
	Programs  []string `xml:"programList>program"`
	IDs       []struct {
		Type    string `xml:"idType"`
		Number  string `xml:"idNumber"`
		Country string `xml:"idCountry"`
	} `xml:"idList>id"`
	AKAs []struct {
		Type      string `xml:"type"`
		Category  string `xml:"category"`
		LastName  string `xml:"lastName"`
		FirstName string `xml:"firstName"`
	} `xml:"akaList>aka"`
	Addresses []struct {
		Address1   string `xml:"address1"`
		Address2   string `xml:"address2"`
		Address3   string `xml:"address3"`
		City       string `xml:"city"`
		State      string `xml:"stateOrProvince"`
		PostalCode string `xml:"postalCode"`
		Country    string `xml:"country"`
	} `xml:"addressList>address"`
	Nationalities []string `xml:"nationalityList>nationality>country"`
	Citizenships  []string `xml:"citizenshipList>citizenship>country"`
	DOBs          []string `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	POBs          []string `xml:"placeOfBirthList>placeOfBirthItem>placeOfBirth"`
	Vessel        struct {
		CallSign string `xml:"callSign"`
		Type     string `xml:"vesselType"`
		Flag     string `xml:"vesselFlag"`
		Owner    string `xml:"vesselOwner"`
		Tonnage  string `xml:"tonnage"`
		GRT      string `xml:"grossRegisteredTonnage"`
	} `xml:"vesselInfo"`
}

// publishInfo is the list's publshInformation (sic).
type publishInfo struct {
	Date  string `xml:"Publish_Date"`
	Count string `xml:"Record_Count"`
}

// pendingLink is an entry with "Linked To:" remarks, held until the end of
// the file when every primary name is known.
type pendingLink struct {
	subject *entity.Entity
	targets []string
	line    int
}

// sdnListRoot matches the root element of the SDN XML in a file's head.
var sdnListRoot = regexp.MustCompile(`<([A-Za-z_][\w.-]*:)?sdnList[\s>]`)

// DetectXML reports whether head is the start of an OFAC SDN XML document.
func DetectXML(path string, head []byte) bool {
	return sdnListRoot.Match(head)
}

// Read reads the SDN XML at path (see XMLReader).
func (XMLReader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Format: FormatXML, Dataset: DatasetSDN, Files: []string{path}}
	if strings.Contains(strings.ToLower(filepath.Base(path)), "cons") {
		rep.Dataset = DatasetCons
	}
	rc, err := source.Open(path)
	if err != nil {
		return rep, fmt.Errorf("ofac: %w", err)
	}
	defer rc.Close()
	emit = rep.Counted(emit)
	s := xmlx.New(rc, charsetReader)
	d := s.Dec

	var root bool
	fail := func(err error) error {
		line := s.Line()
		if !root && !errors.Is(err, source.ErrFormat) {
			err = fmt.Errorf("ofac: %w, before any <sdnList>: %w", err, source.ErrFormat)
		}
		if !errors.Is(err, source.ErrTooLarge) && !errors.Is(err, source.ErrFormat) {
			err = fmt.Errorf("ofac: %w", err)
		}
		return &source.Error{File: path, Line: line, Err: err}
	}
	// decode decodes the element whose start was just read into v.
	decode := func(v any, start *xml.StartElement) error {
		if err := d.DecodeElement(v, start); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		return nil
	}

	var chk source.Checked
	st := &sdnState{rep: rep, path: path, names: map[string]string{}, altNames: map[string]string{}, seen: map[string]int{}, count: -1}
	for {
		if err := chk.Err(ctx); err != nil {
			return rep, err
		}
		s.Mark() // each top-level token or entry is held to source.MaxRecordSize
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, fail(err)
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if s.Depth() == 1 {
			if t.Name.Local != "sdnList" {
				return rep, fail(fmt.Errorf("ofac: root element is <%s>, not <sdnList>: %w", t.Name.Local, source.ErrFormat))
			}
			root = true
			continue
		}
		line := s.Line()
		switch t.Name.Local {
		case "publshInformation", "publishInformation":
			var p publishInfo
			if err := decode(&p, &t); err != nil {
				return rep, fail(err)
			}
			st.publish(p, line, t.Name.Local)
		case "sdnEntry":
			rep.Records++
			var x sdnEntry
			if err := decode(&x, &t); err != nil {
				return rep, fail(err)
			}
			if err := st.entry(&x, line, emit); err != nil {
				return rep, err
			}
		default:
			rep.Warn(source.Problem{File: path, Line: line, Element: t.Name.Local, Reason: "unknown element under sdnList: ignored"})
			if err := d.Skip(); err != nil {
				return rep, fail(err)
			}
		}
	}
	if !root {
		return rep, &source.Error{File: path, Err: fmt.Errorf("ofac: no <sdnList> element: %w", source.ErrFormat)}
	}
	return rep, st.finish(emit)
}

// sdnState is what Read keeps across entries: the names that Linked To
// remarks resolve against, the entries held until every name is known,
// the uids seen (with their lines) and the count the list declares.
type sdnState struct {
	rep      *source.Report
	path     string
	names    map[string]string // primary name -> uid
	altNames map[string]string // alternate name -> uid, for targets no primary name matches
	pending  []pendingLink
	seen     map[string]int
	count    int // -1: not declared
}

// publish reads the publication date (the version) and the declared
// record count.
func (st *sdnState) publish(p publishInfo, line int, elem string) {
	if v, ok := parseDate(strings.TrimSpace(p.Date)); ok {
		st.rep.Version = v
	} else if p.Date != "" {
		st.rep.Warn(source.Problem{File: st.path, Line: line, Element: elem, Field: "Publish_Date", Reason: fmt.Sprintf("date %q not understood", p.Date)})
	}
	if n, err := strconv.Atoi(strings.TrimSpace(p.Count)); err == nil {
		st.count = n
	}
}

// entry maps one sdnEntry and emits it, or holds it until every name is
// known when it has Linked To remarks; entries without a usable uid or
// name are skipped with the reason.
func (st *sdnState) entry(x *sdnEntry, line int, emit source.Emit) error {
	id := strings.TrimSpace(x.UID)
	if !isEntNum(id) {
		st.rep.Skip(source.Problem{File: st.path, Line: line, Element: "sdnEntry", Field: "uid", Reason: fmt.Sprintf("uid %q is not a number", x.UID)})
		return nil
	}
	if prev, dup := st.seen[id]; dup {
		st.rep.Skip(source.Problem{File: st.path, Line: line, Element: "sdnEntry " + id, Field: "uid", Reason: fmt.Sprintf("uid %s repeats the entry of line %d", id, prev)})
		return nil
	}
	st.seen[id] = line
	e, r := buildXMLEntity(st.rep.Dataset, x)
	if e.First(entity.Name) == "" {
		st.rep.Skip(source.Problem{File: st.path, Line: line, Element: "sdnEntry " + id, Field: "lastName", Reason: "entry has no name"})
		return nil
	}
	if len(r.Unparsed) > 0 {
		st.rep.Warn(source.Problem{File: st.path, Line: line, Element: "sdnEntry " + id, Field: "remarks",
			Reason: fmt.Sprintf("%d statement(s) not understood, kept as notes: %s", len(r.Unparsed), quoteList(r.Unparsed))})
	}
	if k := nameKey(e.First(entity.Name)); k != "" {
		if _, dup := st.names[k]; !dup {
			st.names[k] = id
		}
	}
	for _, p := range []string{entity.Alias, entity.PreviousName} {
		for _, n := range e.Get(p) {
			if k := nameKey(n); k != "" {
				if _, dup := st.altNames[k]; !dup {
					st.altNames[k] = id
				}
			}
		}
	}
	if len(r.Links) > 0 {
		// Held until the end, when every name is known.
		st.pending = append(st.pending, pendingLink{subject: e, targets: r.Links, line: line})
		return nil
	}
	return emit(e)
}

// finish resolves the held Linked To remarks against every name of the
// list, emits the held entries with their links, and checks the declared
// count.
func (st *sdnState) finish(emit source.Emit) error {
	for k, id := range st.altNames {
		if _, ok := st.names[k]; !ok {
			st.names[k] = id
		}
	}
	for _, p := range st.pending {
		links := linkEntities(p.subject, p.targets, st.names, func(target string) {
			st.rep.Warn(source.Problem{File: st.path, Line: p.line, Element: "sdnEntry " + p.subject.SourceID, Field: "remarks",
				Reason: fmt.Sprintf("Linked To %q names no entry of this list: kept as a note", target)})
		})
		if err := emit(p.subject); err != nil {
			return err
		}
		for _, l := range links {
			if err := emit(l); err != nil {
				return err
			}
		}
	}
	if st.count >= 0 && st.count != st.rep.Records {
		st.rep.Warn(source.Problem{File: st.path, Element: "publshInformation", Field: "Record_Count",
			Reason: fmt.Sprintf("the list says it has %d entries, the file holds %d (an extract?)", st.count, st.rep.Records)})
	}
	return nil
}

// charsetReader decodes the single-byte encodings an XML declaration may
// name; UTF-8 needs none.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("ofac: XML encoding %q not supported: %w", label, source.ErrFormat)
}

// xmlName writes a name as OFAC's CSV does: "LASTNAME, First names", or the
// last name alone.
func xmlName(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if first == "" {
		return last
	}
	if last == "" {
		return first
	}
	return last + ", " + first
}

// buildXMLEntity maps one sdnEntry to an entity; the returned remarks hold
// its links and what was not understood.
func buildXMLEntity(dataset string, x *sdnEntry) (*entity.Entity, *remarks) {
	schema := schemaFor(x.SDNType)
	e := entity.New(schema, dataset, strings.TrimSpace(x.UID))
	e.Add(entity.Name, xmlName(x.FirstName, x.LastName))
	if schema == entity.Person {
		e.Add(entity.FirstName, x.FirstName)
		e.Add(entity.LastName, x.LastName)
	}
	for _, p := range x.Programs {
		e.Add(entity.Program, splitPrograms(p)...)
	}
	if t := strings.TrimSpace(x.Title); t != "" {
		if schema == entity.Person {
			e.Add(entity.Position, t)
		} else {
			e.Add(entity.Notes, "Title: "+t)
		}
	}
	for _, a := range x.AKAs {
		note := ""
		if strings.EqualFold(strings.TrimSpace(a.Category), "weak") {
			note = "weak"
		}
		addAlt(e, a.Type, xmlName(a.FirstName, a.LastName), note)
	}
	for _, a := range x.Addresses {
		e.Add(entity.Address, joinNonEmpty(", ", a.Address1, a.Address2, a.Address3, a.City, a.State, a.PostalCode, a.Country))
		if c, _ := countryValue(a.Country); c != "" {
			e.Add(entity.Country, c)
		}
	}
	v := x.Vessel
	e.Add(entity.CallSign, v.CallSign)
	e.Add(entity.Type, v.Type)
	e.Add(tonnage, v.Tonnage)
	e.Add(grt, v.GRT)
	if c, _ := countryValue(v.Flag); c != "" {
		e.Add(entity.Flag, c)
	}
	if o := strings.TrimSpace(v.Owner); o != "" {
		e.Add(entity.Notes, "Vessel owner: "+o)
	}

	r := parseRemarks(strings.TrimSpace(x.Remarks))
	for _, s := range x.DOBs {
		r.statement("DOB " + s)
	}
	for _, s := range x.POBs {
		r.statement("POB " + s)
	}
	for _, s := range x.Nationalities {
		r.statement("nationality " + s)
	}
	for _, s := range x.Citizenships {
		r.statement("citizen " + s)
	}
	for _, id := range x.IDs {
		stmt := strings.TrimSpace(id.Type) + " " + strings.TrimSpace(id.Number)
		if c := strings.TrimSpace(id.Country); c != "" {
			stmt += " (" + c + ")"
		}
		r.statement(strings.TrimSpace(stmt))
	}
	r.apply(e)
	return e, &r
}
