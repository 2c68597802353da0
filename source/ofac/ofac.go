// Package ofac reads the sanctions lists of the US Treasury's Office of
// Foreign Assets Control (OFAC): the Specially Designated Nationals list
// (SDN, dataset us_ofac_sdn) and the consolidated non-SDN list (dataset
// us_ofac_cons).
//
// Two formats are read:
//
//   - CSVReader: the legacy CSV set. A main file (sdn.csv or cons_prim.csv,
//     one row per entry) and its siblings in the same folder: add.csv
//     (addresses), alt.csv (alternate names) and sdn_comments.csv (the part
//     of a remarks field that did not fit in the main file). The files have
//     no header, Windows line endings, a trailing 0x1A byte and "-0- " for
//     an empty field:
//
//     306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,...,"a.k.a. 'BNC'."
//
//   - XMLReader: the SDN XML (sdnList/sdnEntry), whatever its namespace.
//
// Both map an entry to one party entity: Person (sdnType individual),
// Vessel, Airplane (aircraft) or Organization (every other entry; OFAC's
// "Entity" type says nothing about whether it is a company, so the neutral
// FtM Organization is used, as OpenSanctions does). The entity's SourceID is
// OFAC's ent_num / uid and its ID entity.MakeID(dataset, ent_num).
//
// The free-text remarks field ("DOB 12 Jan 1950; POB Moscow, Russia;
// nationality Russia; Passport 1234 (Russia); Linked To: X.") is parsed into
// typed properties (see remarks.go); its a.k.a.s are OFAC's weak aliases
// (weakAlias), the strong ones being in alt.csv. A "Linked To:" becomes an UnknownLink
// entity between the entry and the entry it names. What is not understood is
// kept in the notes property and counted as a warning in the Report.
package ofac

import (
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
)

// Dataset names of the two OFAC lists.
const (
	DatasetSDN  = "us_ofac_sdn"
	DatasetCons = "us_ofac_cons"
)

// LinkRole is the role of the UnknownLink entities made from "Linked To:"
// remarks.
const LinkRole = "Linked To"

// schemaFor maps OFAC's entry type (CSV SDN_Type, XML sdnType) to a schema.
func schemaFor(sdnType string) string {
	switch strings.ToLower(strings.TrimSpace(sdnType)) {
	case "individual":
		return entity.Person
	case "vessel":
		return entity.Vessel
	case "aircraft":
		return entity.Airplane
	}
	return entity.Organisation
}

// splitPrograms splits OFAC's program field, where several programs are
// written "SDGT] [IRGC" (the list's own bracket notation with the outer
// brackets removed).
func splitPrograms(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '[' || r == ']' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// setPersonName splits an OFAC individual's name "SURNAME, Given Names"
// into lastName and firstName. A name without a comma is left unsplit.
func setPersonName(e *entity.Entity, name string) {
	last, first, ok := strings.Cut(name, ",")
	if !ok {
		return
	}
	e.Add(entity.LastName, last)
	e.Add(entity.FirstName, first)
}

// countryMemo remembers countryValue's answers.
var countryMemo country.Memo[countryAnswer]

type countryAnswer struct {
	code string
	ok   bool
}

// countryValue returns the ISO code of a country name, or the name itself
// and false when the name is not in the country table.
func countryValue(name string) (string, bool) {
	a := countryMemo.Get(name, lookupAnswer)
	return a.code, a.ok
}

func lookupAnswer(name string) countryAnswer {
	code, ok := lookupCountry(name)
	return countryAnswer{code, ok}
}

func lookupCountry(name string) (string, bool) {
	name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), "."))
	if name == "" || unknownCountry(name) {
		return "", true
	}
	if c, ok := country.Code(name); ok {
		return c, true
	}
	if c, ok := ofacCountries[strings.ToLower(name)]; ok {
		return c, true
	}
	if r, ok := strings.CutPrefix(name, "Region: "); ok {
		if c, ok := country.Code(r); ok {
			return c, true
		}
	}
	return name, false
}

// ofacCountries are OFAC spellings the shared country table lacks.
var ofacCountries = map[string]string{
	"palestinian":                      "PS",
	"cote d ivoire":                    "CI",
	"north macedonia, the republic of": "MK",
}

// unknownCountry reports whether an address's country says it is not known.
func unknownCountry(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "undetermined", "none identified", "unknown":
		return true
	}
	return false
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// nameKey folds a primary name for resolving "Linked To:" targets: upper
// case, spaces collapsed, a trailing period dropped (the remarks' sentence
// period and an abbreviation's period are not told apart).
func nameKey(s string) string {
	s = strings.Join(strings.Fields(strings.ToUpper(s)), " ")
	return strings.TrimRight(s, ".")
}
