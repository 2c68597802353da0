package csl

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
)

// The CSL "ids" column holds ;-separated items in one of two orders. Files
// up to 2022 write "country, number, type" ("RU, 1027700256297,
// Registration ID") or "value, type" ("Male, Gender"); later files write
// "type, number, country" ("Registration ID, 1027700256297, RU") or
// "type, value" ("Gender, Male"). identifier finds the type at either end.
// idProps maps the known identifier types to the property they fill.
var idProps = map[string]string{
	"Gender":                 entity.Gender,
	"Website":                entity.Website,
	"Email Address":          entity.Email,
	"Phone Number":           entity.Phone,
	"SWIFT/BIC":              entity.SwiftBic,
	"MMSI":                   entity.Mmsi,
	"Other Vessel Call Sign": entity.CallSign,
	"Aircraft Model":         entity.Model,
	"Aircraft Manufacturer's Serial Number (MSN)":                  entity.SerialNumber,
	"Aircraft Serial Identification":                               entity.SerialNumber,
	"Serial No.":                                                   entity.SerialNumber,
	"Aircraft Tail Number":                                         entity.RegistrationNum,
	"Previous Aircraft Tail Number":                                entity.RegistrationNum,
	"Aircraft Construction Number (also called L/N or S/N or F/N)": entity.SerialNumber,
	"Aircraft Mode S Transponder Code":                             entity.IDNumber,
	"Aircraft Manufacture Date":                                    entity.BuildDate,
	"Organization Established Date":                                entity.IncorporationDt,
	"Nationality Country":                                          entity.Nationality,
	"Citizenship Country":                                          entity.Citizenship,
	"Former Vessel Flag":                                           "pastFlags",
	"Other Vessel Flag":                                            "pastFlags",
	"Unified Social Credit Code (USCC)":                            entity.UnifiedCode,
	"United Social Credit Code Certificate (USCCC)":                entity.UnifiedCode,
	"Legal Entity Number":                                          entity.LeiCode,
	"ISIN":                                                         "isinCode",
	"Equity Ticker":                                                "ticker",
	"Passport":                                                     entity.PassportNumber,
	"Diplomatic Passport":                                          entity.PassportNumber,
	"Stateless Person Passport":                                    entity.PassportNumber,
	"British National Overseas Passport":                           entity.PassportNumber,
	"Travel Document Number":                                       entity.PassportNumber,
	"Tax ID No.":                                                   entity.TaxNumber,
	"R.F.C.":                                                       entity.TaxNumber,
	"RFC":                                                          entity.TaxNumber,
	"NIT #":                                                        entity.TaxNumber,
	"RUC #":                                                        entity.TaxNumber,
	"RIF #":                                                        entity.TaxNumber,
	"V.A.T. Number":                                                entity.TaxNumber,
	"C.U.I.T.":                                                     entity.TaxNumber,
	"US FEIN":                                                      entity.TaxNumber,
	"Italian Fiscal Code":                                          entity.TaxNumber,
	"Fiscal Code":                                                  entity.TaxNumber,
	"Paraguayan tax identification number":                         entity.TaxNumber,
	"Romanian Tax Registration":                                    entity.TaxNumber,
	"C.I.F.":                                                       entity.TaxNumber,
	"Numero Unico de Identificacao Tributaria (NUIT)": entity.TaxNumber,
	"RSIN":                                         entity.TaxNumber,
	"Registration Number":                          entity.RegistrationNum,
	"Registration ID":                              entity.RegistrationNum,
	"Commercial Registry Number":                   entity.RegistrationNum,
	"Company Number":                               entity.RegistrationNum,
	"UK Company Number":                            entity.RegistrationNum,
	"Business Registration Number":                 entity.RegistrationNum,
	"Business Registration Document #":             entity.RegistrationNum,
	"Business Number":                              entity.RegistrationNum,
	"Folio Mercantil No.":                          entity.RegistrationNum,
	"Matricula Mercantil No":                       entity.RegistrationNum,
	"C.R. No.":                                     entity.RegistrationNum,
	"Romanian C.R.":                                entity.RegistrationNum,
	"Trade License No.":                            entity.RegistrationNum,
	"Tourism License No.":                          entity.RegistrationNum,
	"License":                                      entity.RegistrationNum,
	"Chamber of Commerce Number":                   entity.RegistrationNum,
	"Dubai Chamber of Commerce Membership No.":     entity.RegistrationNum,
	"Istanbul Chamber of Comm. No.":                entity.RegistrationNum,
	"Government Gazette Number":                    entity.RegistrationNum,
	"Certificate of Incorporation Number":          entity.RegistrationNum,
	"Enterprise Number":                            entity.RegistrationNum,
	"Public Registration Number":                   entity.RegistrationNum,
	"Registered Charity No.":                       entity.RegistrationNum,
	"Branch Unit Number":                           entity.RegistrationNum,
	"File Number":                                  entity.RegistrationNum,
	"MSB Registration Number":                      entity.RegistrationNum,
	"Central Registration System Number":           entity.RegistrationNum,
	"Afghan Money Service Provider License Number": entity.RegistrationNum,
	"D-U-N-S Number":                               "dunsCode",
	"National ID No.":                              entity.IDNumber,
	"Cedula No.":                                   entity.IDNumber,
	"D.N.I.":                                       entity.IDNumber,
	"C.U.R.P.":                                     entity.IDNumber,
	"Identification Number":                        entity.IDNumber,
	"National Foreign ID Number":                   entity.IDNumber,
	"Credencial electoral":                         entity.IDNumber,
	"Electoral Registry No.":                       entity.IDNumber,
	"Driver's License No.":                         entity.IDNumber,
	"Personal ID Card":                             entity.IDNumber,
	"SSN":                                          entity.IDNumber,
	"I.F.E.":                                       entity.IDNumber,
	"Residency Number":                             entity.IDNumber,
	"Birth Certificate Number":                     entity.IDNumber,
	"Kenyan ID No.":                                entity.IDNumber,
	"C.U.I.":                                       entity.IDNumber,
	"C.U.I.P.":                                     entity.IDNumber,
	"Turkish Identification Number":                entity.IDNumber,
	"Citizen's Card Number":                        entity.IDNumber,
	"Numero de Identidad":                          entity.IDNumber,
	"Tazkira National ID Card":                     entity.IDNumber,
	"Refugee ID Card":                              entity.IDNumber,
	"Immigration No.":                              entity.IDNumber,
	"Cartilla de Servicio Militar Nacional":        entity.IDNumber,
	"VisaNumberID":                                 entity.IDNumber,
	"SRE Permit No.":                               entity.IDNumber,
	"Stateless Person ID Card":                     entity.IDNumber,
	"Bosnian Personal ID No.":                      entity.IDNumber,
	"CNP (Personal Numerical Code)":                entity.IDNumber,
	"Romanian Permanent Resident":                  entity.IDNumber,
	"N.I.E.":                                       entity.IDNumber,
	"Seafarer's Identification Document":           entity.IDNumber,
	"Pilot License Number":                         entity.IDNumber,
	"Moroccan Personal ID No.":                     entity.IDNumber,
	"Public Security and Immigration No.":          entity.IDNumber,
	"UAE Identification":                           entity.IDNumber,
	"RTN":                                          entity.IDNumber,
	"LE Number":                                    entity.IDNumber,
	"BIK (RU)":                                     "bikCode",
}

// idNumberWord matches the names of identifier types not in idProps that
// say they are a number, ID or code; their values go to idNumber.
var idNumberWord = regexp.MustCompile(`(?i)\b(no\.?|number|id|identification|identidad|code|card|c\.u\.r\.p\.|d\.n\.i\.|i\.f\.e\.|c\.u\.i\.p?\.|ssn|n\.i\.e\.|cnp|rtn|cedula|credencial|cartilla|tazkira|visanumberid|permit|license|registry)\b|#`)

// infoContains and infoPrefixes name the items that are not identifiers
// but sanction details ("Secondary sanctions risk:", "Target Type", CMIC
// dates, directive determinations); they are kept in notes as "type value".
var (
	infoContains = []string{"Target Type", "Organization Type", "Listing Date", "Effective Date", "Divestment Date",
		"Issuer Name", "Aircraft Operator", "Nationality of Registration", "Registration Country", "UN/LOCODE",
		"Other Vessel Type", "MICEX Code", "Chinese Commercial Code", "Directive Information"}
	infoPrefixes = []string{"Secondary sanctions risk", "Transactions Prohibited", "Additional Sanctions Information", "CAATSA", "PEESA", "IFCA"}
)

// isInfo reports whether an item type is a sanction detail, not an
// identifier.
func isInfo(t string) bool {
	if strings.HasSuffix(t, ":") || strings.HasSuffix(t, "-") {
		return true
	}
	for _, p := range infoPrefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	for _, c := range infoContains {
		if strings.Contains(t, c) {
			return true
		}
	}
	return false
}

// knownType reports whether t names an item type of the ids column.
func knownType(t string) bool {
	if _, ok := idProps[t]; ok {
		return true
	}
	return t == "Vessel Registration Identification" || strings.HasPrefix(t, "Digital Currency Address - ") || isInfo(t)
}

var imoRe = regexp.MustCompile(`(?i)^IMO\s*(\d{7})$`)

// identifier maps one item of the ids column.
func (m *mapper) identifier(e *entity.Entity, line int, item string) {
	parts := strings.Split(item, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) == 1 {
		e.Add(entity.Notes, "Identifier: "+item)
		m.warn(line, "ids", fmt.Sprintf("identifier %q has no type: kept in notes", item))
		return
	}
	first, last := parts[0], parts[len(parts)-1]
	typeFirst := knownType(first) ||
		(!knownType(last) && len(parts) >= 3 && isCountry(last) && !isCountry(first))
	var typ, cc string
	var vals []string
	if typeFirst {
		typ, vals = first, parts[1:]
		if len(vals) >= 2 && isCountry(vals[len(vals)-1]) {
			cc = strings.ToLower(vals[len(vals)-1])
			vals = vals[:len(vals)-1]
		}
	} else {
		typ, vals = last, parts[:len(parts)-1]
		if len(vals) >= 2 && isCountry(vals[0]) {
			cc = strings.ToLower(vals[0])
			vals = vals[1:]
		}
	}
	value := strings.Join(vals, ", ")
	if value == "" {
		m.warn(line, "ids", fmt.Sprintf("identifier %q has no value", item))
		return
	}
	switch {
	case typ == "Vessel Registration Identification":
		if mm := imoRe.FindStringSubmatch(value); mm != nil {
			e.Add(entity.ImoNumber, "IMO"+mm[1])
		} else {
			e.Add(entity.RegistrationNum, value)
		}
		return
	case strings.HasPrefix(typ, "Digital Currency Address - "):
		e.Add(entity.CryptoWallet, value)
		e.Add(entity.Notes, typ+": "+value)
		return
	}
	prop, ok := idProps[typ]
	switch {
	case ok:
	case isInfo(typ):
		e.Add(entity.Notes, typ+" "+value)
		return
	case idNumberWord.MatchString(typ) || cc != "":
		prop = entity.IDNumber
	default:
		e.Add(entity.Notes, typ+": "+value)
		m.warn(line, "ids", fmt.Sprintf("identifier type %q not known: kept in notes", typ))
		return
	}
	switch prop {
	case entity.Gender:
		value = strings.ToLower(value)
	case "pastFlags", entity.Nationality, entity.Citizenship:
		if c, ok := m.country(value); ok {
			value = c
		} else {
			e.Add(entity.Notes, typ+": "+value)
			m.warn(line, "ids", fmt.Sprintf("%s %q not a known country: kept in notes", typ, value))
			return
		}
	case entity.BuildDate, entity.IncorporationDt:
		ds, ok := dates(value)
		if !ok {
			e.Add(entity.Notes, typ+": "+value)
			m.warn(line, "ids", fmt.Sprintf("%s %q not a date: kept in notes", typ, value))
			return
		}
		e.Add(prop, ds...)
		return
	}
	e.Add(prop, value)
	// Russian tax and registration numbers have their own FtM properties.
	if cc == "ru" {
		switch {
		case prop == entity.TaxNumber && (len(value) == 10 || len(value) == 12) && digits(value):
			e.Add(entity.InnCode, value)
		case prop == entity.RegistrationNum && (len(value) == 13 || len(value) == 15) && digits(value):
			e.Add(entity.OgrnCode, value)
		}
	}
}

// isCountry reports whether s is an ISO 3166 alpha-2 code in upper case.
func isCountry(s string) bool {
	return len(s) == 2 && strings.ToUpper(s) == s && country.Known(s)
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// dates reads a date or a range "A to B" as the CSL writes them; a range
// gives both ends. "circa" is dropped.
func dates(s string) ([]string, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "circa"))
	if a, b, ok := strings.Cut(s, " to "); ok {
		x, ok1 := dayMonthYear(a)
		y, ok2 := dayMonthYear(b)
		return []string{x, y}, ok1 && ok2
	}
	d, ok := dayMonthYear(s)
	return []string{d}, ok
}

// dayMonthYear reads the dates the CSL uses: ISO ("1981-12-14", "1981"),
// "14 Dec 1981" and "Dec 1981".
func dayMonthYear(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if d, ok := isoDate(s); ok {
		return d, true
	}
	for _, l := range []struct{ in, out string }{{"02 Jan 2006", "2006-01-02"}, {"2 Jan 2006", "2006-01-02"}, {"Jan 2006", "2006-01"}} {
		if t, err := time.Parse(l.in, s); err == nil {
			return t.Format(l.out), true
		}
	}
	return "", false
}
