package ftm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// SenzingFormat names the Senzing format in source.Report.
const SenzingFormat = "senzing-json"

// SenzingReader reads the Senzing JSON lines that OpenSanctions publishes
// next to its FtM exports (senzing.json): one record per line with
// DATA_SOURCE, RECORD_ID, RECORD_TYPE and lists of NAMES, DATES, COUNTRIES,
// ADDRESSES, IDENTIFIERS, CONTACTS, RISKS and RELATIONSHIPS. Each record
// becomes one entity:
//
//   - ID and SourceID are RECORD_ID (OpenSanctions' entity id), Dataset is
//     DATA_SOURCE lower-cased without its "OS_" prefix ("OS_US_CONGRESS" →
//     "us_congress");
//   - RECORD_TYPE PERSON is a Person, ORGANIZATION an Organization; records
//     without a type (OpenSanctions writes null for positions and other
//     non-parties) are Thing, which is not screened;
//   - a PRIMARY name is name, other name types alias;
//   - RELATIONSHIPS point at records that need not be in the file, so they
//     are kept as notes ("Occupancy: Q13218630"), not as links.
//
// Fields it does not know are reported once each as warnings.
type SenzingReader struct{}

// senzingRecord is one Senzing line.
type senzingRecord struct {
	DataSource    string              `json:"DATA_SOURCE"`
	RecordID      string              `json:"RECORD_ID"`
	RecordType    *string             `json:"RECORD_TYPE"`
	LastChange    string              `json:"LAST_CHANGE"`
	Gender        string              `json:"GENDER"`
	URL           string              `json:"URL"`
	Names         []map[string]string `json:"NAMES"`
	Dates         []map[string]string `json:"DATES"`
	Countries     []map[string]string `json:"COUNTRIES"`
	Addresses     []map[string]string `json:"ADDRESSES"`
	Identifiers   []map[string]string `json:"IDENTIFIERS"`
	Contacts      []map[string]string `json:"CONTACTS"`
	Risks         []map[string]string `json:"RISKS"`
	Relationships []map[string]string `json:"RELATIONSHIPS"`
}

// senzingFields maps the attributes of the lists to properties.
var senzingFields = map[string]string{
	"DATE_OF_BIRTH":        entity.BirthDate,
	"DATE_OF_DEATH":        entity.DeathDate,
	"NATIONALITY":          entity.Nationality,
	"CITIZENSHIP":          entity.Citizenship,
	"REGISTRATION_COUNTRY": entity.Jurisdiction,
	"COUNTRY":              entity.Country,
	"PLACE_OF_BIRTH":       entity.BirthPlace,
	"ADDR_FULL":            entity.Address,
	"PASSPORT_NUMBER":      entity.PassportNumber,
	"NATIONAL_ID_NUMBER":   entity.IDNumber,
	"TAX_ID_NUMBER":        entity.TaxNumber,
	"WEBSITE_ADDRESS":      entity.Website,
	"EMAIL_ADDRESS":        entity.Email,
	"PHONE_NUMBER":         entity.Phone,
	"TOPIC":                entity.Topics,
	"DATE_OF_REGISTRATION": entity.IncorporationDt,
}

// senzingKnown are the keys read: top level and inside the lists.
var senzingKnown = map[string]bool{
	"DATA_SOURCE": true, "RECORD_ID": true, "RECORD_TYPE": true, "LAST_CHANGE": true, "GENDER": true, "URL": true,
	"NAMES": true, "DATES": true, "COUNTRIES": true, "ADDRESSES": true, "IDENTIFIERS": true, "CONTACTS": true,
	"RISKS": true, "RELATIONSHIPS": true,
}

// Read streams the records of the Senzing file at path to emit.
func (SenzingReader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Format: SenzingFormat, Files: []string{path}}
	rc, err := source.Open(path)
	if err != nil {
		return rep, fmt.Errorf("ftm: senzing: %w", err)
	}
	defer rc.Close()
	emit = rep.Counted(emit)
	lr := lineReader{sc: readlimit.NewScanner(rc, source.MaxRecordSize)}
	unknown := map[string]int{} // unknown key → first line
	var chk source.Checked
	read, bad := 0, 0
	for {
		if err := chk.Err(ctx); err != nil {
			return rep, fmt.Errorf("ftm: senzing: %s: %w", path, err)
		}
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: senzing: %w", err)}
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		rep.Records++
		e, reason := senzingEntity(line, lr.line, unknown)
		if reason != "" {
			bad++
			rep.Skip(source.Problem{File: path, Line: lr.line, Reason: reason})
			if !lr.eol && strings.HasPrefix(reason, "invalid JSON: unexpected end") {
				return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: senzing: truncated last line: %w", io.ErrUnexpectedEOF)}
			}
			if read == 0 && bad >= maxBadStart {
				return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: senzing: first %d lines are not Senzing records: %w", bad, source.ErrFormat)}
			}
			continue
		}
		read++
		if rep.Dataset == "" {
			rep.Dataset = e.Dataset
		}
		if v := e.First(entity.ModifiedAt); v > rep.Version {
			rep.Version = v
		}
		if err := emit(e); err != nil {
			return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: senzing: %w", err)}
		}
	}
	if read == 0 && bad > 0 {
		return rep, &source.Error{File: path, Err: fmt.Errorf("ftm: senzing: no line is a Senzing record: %w", source.ErrFormat)}
	}
	keys := make([]string, 0, len(unknown))
	for k := range unknown {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rep.Warn(source.Problem{File: path, Line: unknown[k], Field: k, Reason: "Senzing attribute not read (first seen here)"})
	}
	return rep, nil
}

// senzingEntity maps one line, or returns why it could not.
func senzingEntity(line []byte, n int, unknown map[string]int) (*entity.Entity, string) {
	if !utf8.Valid(line) {
		return nil, "invalid UTF-8"
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return nil, "invalid JSON: " + jsonReason(err)
	}
	var r senzingRecord
	if err := json.Unmarshal(line, &r); err != nil {
		return nil, "not a Senzing record: " + jsonReason(err)
	}
	if r.RecordID == "" {
		return nil, "record has no RECORD_ID"
	}
	note := func(k string) {
		if _, ok := unknown[k]; !ok {
			unknown[k] = n
		}
	}
	for k := range raw {
		if !senzingKnown[k] {
			note(k)
		}
	}
	schema := entity.Thing
	if r.RecordType != nil {
		switch strings.ToUpper(*r.RecordType) {
		case "PERSON":
			schema = entity.Person
		case "ORGANIZATION":
			schema = entity.Organisation
		default:
			note("RECORD_TYPE=" + *r.RecordType)
		}
	}
	ds := strings.ToLower(strings.TrimPrefix(r.DataSource, "OS_"))
	e := &entity.Entity{ID: r.RecordID, Schema: schema, Dataset: ds, SourceID: r.RecordID, Properties: map[string][]string{}}
	for _, nm := range r.Names {
		v := nm["NAME_FULL"]
		if v == "" {
			v = nm["NAME_ORG"]
		}
		if v == "" {
			v = strings.TrimSpace(nm["NAME_FIRST"] + " " + nm["NAME_MIDDLE"] + " " + nm["NAME_LAST"])
		}
		if strings.EqualFold(nm["NAME_TYPE"], "PRIMARY") {
			e.Add(entity.Name, v)
		} else {
			e.Add(entity.Alias, v)
		}
	}
	for _, list := range [][]map[string]string{r.Dates, r.Countries, r.Addresses, r.Contacts, r.Risks} {
		for _, item := range list {
			for k, v := range item {
				if p, ok := senzingFields[k]; ok {
					e.Add(p, v)
				} else {
					note(k)
				}
			}
		}
	}
	for _, id := range r.Identifiers {
		for k, v := range id {
			switch {
			case k == "OTHER_ID_TYPE" || k == "TRUSTED_ID_TYPE":
			case k == "OTHER_ID_NUMBER" || k == "TRUSTED_ID_NUMBER":
				typ := id[strings.TrimSuffix(k, "NUMBER")+"TYPE"]
				switch {
				case v == r.RecordID && strings.EqualFold(typ, "OPEN_SANCTIONS"):
					// the record's own id
				case strings.EqualFold(typ, "WIKIDATA") || typ == "wikidataId":
					e.Add("wikidataId", v)
				default:
					e.Add(entity.IDNumber, v)
				}
			default:
				if p, ok := senzingFields[k]; ok {
					e.Add(p, v)
				} else {
					note("IDENTIFIERS." + k)
				}
			}
		}
	}
	for _, rel := range r.Relationships {
		if key := rel["REL_POINTER_KEY"]; key != "" {
			e.Add(entity.Notes, strings.TrimSpace(rel["REL_POINTER_ROLE"]+": "+key))
		}
	}
	switch strings.ToUpper(r.Gender) {
	case "":
	case "M", "MALE":
		e.Add(entity.Gender, "male")
	case "F", "FEMALE":
		e.Add(entity.Gender, "female")
	default:
		e.Add(entity.Gender, strings.ToLower(r.Gender))
	}
	e.Add(entity.SourceURL, r.URL)
	e.Add(entity.ModifiedAt, r.LastChange)
	return e, ""
}
