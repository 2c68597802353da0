package ofac

import (
	"cmp"
	"github.com/redline-sanctions/redline/internal/dates"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
)

// OFAC's remarks field is a list of statements separated by semicolons:
//
//	DOB 12 Jan 1950; alt. DOB 1951; POB Moscow, Russia; nationality Russia;
//	Passport 1234 (Russia); Tax ID No. 7707083893 (Russia); Gender Male;
//	a.k.a. 'FOO'; Linked To: SOME ENTITY.
//
// Each statement starts with a key from remarkKeys (after an optional
// "alt. "), followed by its value. parseRemarks turns every statement it
// understands into a property value, a link or a note, and returns the
// statements it does not understand so that the reader can keep them as
// notes and count them.

// Property names that FtM defines but entity/schema.go has no constant for.
const (
	pastFlags = "pastFlags" // Vessel: former flags
	tonnage   = "tonnage"   // Vessel
	grt       = "grossRegisteredTonnage"
)

// propValue is one property value found in remarks.
type propValue struct {
	Prop  string
	Value string
}

// remarks is what parseRemarks found in one remarks field.
type remarks struct {
	// Props are the typed property values, in the order of the text.
	Props []propValue
	// Links are the names after "Linked To:".
	Links []string
	// Notes are statements understood as sanctions information (secondary
	// sanctions risk, directives, listing dates, ...), kept as notes.
	Notes []string
	// Unparsed are the statements not understood, or whose value could not
	// be read; they are kept as notes too and counted as warnings.
	Unparsed []string
}

// valueKind says how the value after a remark key is read.
type valueKind int

const (
	kindText    valueKind = iota // the value as written
	kindDate                     // an OFAC date or date range, to ISO dates
	kindCountry                  // a country name, to an ISO code
	kindID                       // an identifier "1234 (Country) issued ..."
	kindTaxID                    // an identifier; a Russian one is also an INN
	kindRegNum                   // an identifier; a Russian 13/15-digit one is also an OGRN
	kindIMO                      // an IMO number
	kindGender                   // Male/Female
	kindAlias                    // a quoted name
	kindLink                     // a name of another entry
	kindCrypto                   // "- XBT address"
	kindNote                     // sanctions information: kept as a note
)

// remarkKey is one statement key OFAC uses in remarks and the idType of its
// XML, with the property its value goes to.
type remarkKey struct {
	Key  string
	Prop string
	Kind valueKind
}

// remarkKeys is the table of known statement keys, longest first so that
// "Nationality of Registration" wins over "nationality".
var remarkKeys = sortKeys([]remarkKey{
	// Persons.
	{"DOB", entity.BirthDate, kindDate},
	{"POB", entity.BirthPlace, kindText},
	{"nationality", entity.Nationality, kindCountry},
	{"citizen", entity.Citizenship, kindCountry},
	{"Citizenship", entity.Citizenship, kindCountry},
	{"Gender", entity.Gender, kindGender},
	{"Position", entity.Position, kindText},
	{"Title", entity.Position, kindText},
	// Identity documents.
	{"Passport", entity.PassportNumber, kindID},
	{"Diplomatic Passport", entity.PassportNumber, kindID},
	{"National ID No.", entity.IDNumber, kindID},
	{"National ID Number", entity.IDNumber, kindID},
	{"National Foreign ID Number", entity.IDNumber, kindID},
	{"Identification Number", entity.IDNumber, kindID},
	{"Personal ID Card", entity.IDNumber, kindID},
	{"Citizen's Card Number", entity.IDNumber, kindID},
	{"Cedula No.", entity.IDNumber, kindID},
	{"D.N.I.", entity.IDNumber, kindID},
	{"DNI", entity.IDNumber, kindID},
	{"C.U.I.", entity.IDNumber, kindID},
	{"CURP #", entity.IDNumber, kindID},
	{"C.U.R.P.", entity.IDNumber, kindID},
	{"CURP", entity.IDNumber, kindID},
	{"C.I.", entity.IDNumber, kindID},
	{"SSN", entity.IDNumber, kindID},
	{"I.F.E.", entity.IDNumber, kindID},
	{"Credencial electoral", entity.IDNumber, kindID},
	{"Numero de Identidad", entity.IDNumber, kindID},
	{"Turkish Identification Number", entity.IDNumber, kindID},
	{"Birth Certificate Number", entity.IDNumber, kindID},
	{"Residency Number", entity.IDNumber, kindID},
	{"Driver's License No.", entity.IDNumber, kindID},
	{"Cartilla de Servicio Militar Nacional", entity.IDNumber, kindID},
	{"Kenyan ID No.", entity.IDNumber, kindID},
	{"Stateless Person ID Card", entity.IDNumber, kindID},
	{"Refugee ID Card", entity.IDNumber, kindID},
	{"Electoral Registry No.", entity.IDNumber, kindID},
	{"Military ID No.", entity.IDNumber, kindID},
	{"VisaNumberID", entity.IDNumber, kindID},
	{"N.I.E.", entity.IDNumber, kindID},
	{"CNP (Personal Numerical Code)", entity.IDNumber, kindID},
	{"Romanian Permanent Resident CAN", entity.IDNumber, kindID},
	{"Tarjeta Profesional", entity.IDNumber, kindID},
	// Tax numbers.
	{"Tax ID No.", entity.TaxNumber, kindTaxID},
	{"Tax ID Number", entity.TaxNumber, kindTaxID},
	{"INN", entity.InnCode, kindID},
	{"RFC", entity.TaxNumber, kindID},
	{"R.F.C.", entity.TaxNumber, kindID},
	{"NIT #", entity.TaxNumber, kindID},
	{"NIT", entity.TaxNumber, kindID},
	{"RUC #", entity.TaxNumber, kindID},
	{"RUC", entity.TaxNumber, kindID},
	{"RTN", entity.TaxNumber, kindID},
	{"C.U.I.T.", entity.TaxNumber, kindID},
	{"C.U.I.P.", entity.TaxNumber, kindID},
	{"V.A.T. Number", entity.TaxNumber, kindID},
	{"VAT Number", entity.TaxNumber, kindID},
	{"US FEIN", entity.TaxNumber, kindID},
	{"Fiscal Code", entity.TaxNumber, kindID},
	{"Italian Fiscal Code", entity.TaxNumber, kindID},
	{"RSIN", entity.TaxNumber, kindID},
	{"Numero Unico de Identificacao Tributaria (NUIT)", entity.TaxNumber, kindID},
	// Company registers.
	{"Registration Number", entity.RegistrationNum, kindRegNum},
	{"Registration ID", entity.RegistrationNum, kindID},
	{"OGRN", entity.OgrnCode, kindID},
	{"Business Registration Number", entity.RegistrationNum, kindRegNum},
	{"Government Gazette Number", entity.RegistrationNum, kindID},
	{"Company Number", entity.RegistrationNum, kindID},
	{"UK Company Number", entity.RegistrationNum, kindID},
	{"Commercial Registry Number", entity.RegistrationNum, kindID},
	{"Commercial Registration Number", entity.RegistrationNum, kindID},
	{"Certificate of Incorporation Number", entity.RegistrationNum, kindID},
	{"Chamber of Commerce Number", entity.RegistrationNum, kindID},
	{"Matricula Mercantil No", entity.RegistrationNum, kindID},
	{"Folio Mercantil No.", entity.RegistrationNum, kindID},
	{"C.R. No.", entity.RegistrationNum, kindID},
	{"Trade License No.", entity.RegistrationNum, kindID},
	{"Public Registration Number", entity.RegistrationNum, kindID},
	{"Legal Entity Number", entity.RegistrationNum, kindID},
	{"Enterprise Number", entity.RegistrationNum, kindID},
	{"Branch Unit Number", entity.RegistrationNum, kindID},
	{"Business Registration Document #", entity.RegistrationNum, kindID},
	{"Central Registration System Number", entity.RegistrationNum, kindID},
	{"Istanbul Chamber of Comm. No.", entity.RegistrationNum, kindID},
	{"Dubai Chamber of Commerce Membership No.", entity.RegistrationNum, kindID},
	{"Economic Register Number (CBLS)", entity.RegistrationNum, kindID},
	{"Registered Charity No.", entity.RegistrationNum, kindID},
	{"File Number", entity.RegistrationNum, kindID},
	{"Romanian C.R.", entity.RegistrationNum, kindID},
	{"License", entity.RegistrationNum, kindID},
	{"Business Number", entity.RegistrationNum, kindID},
	{"LE Number", entity.RegistrationNum, kindID},
	{"D-U-N-S Number", entity.RegistrationNum, kindID},
	{"Unified Social Credit Code (USCC)", entity.UnifiedCode, kindID},
	{"United Social Credit Code Certificate (USCCC)", entity.UnifiedCode, kindID},
	{"Organization Established Date", entity.IncorporationDt, kindDate},
	{"SWIFT/BIC", entity.SwiftBic, kindID},
	{"LEI", entity.LeiCode, kindID},
	{"BIK (RU)", entity.IDNumber, kindID},
	// Vessels.
	{"Vessel Registration Identification", entity.ImoNumber, kindIMO},
	{"IMO", entity.ImoNumber, kindIMO},
	{"MMSI", entity.Mmsi, kindID},
	{"Vessel Call Sign", entity.CallSign, kindID},
	{"Call Sign", entity.CallSign, kindID},
	{"Vessel Flag", entity.Flag, kindCountry},
	{"Former Vessel Flag", pastFlags, kindCountry},
	{"Vessel Year of Build", entity.BuildDate, kindDate},
	{"Vessel Type", entity.Type, kindText},
	{"Nationality of Registration", entity.Country, kindCountry},
	// Aircraft.
	{"Aircraft Manufacturer's Serial Number (MSN)", entity.SerialNumber, kindID},
	{"Aircraft Construction Number (also called L/N or S/N or F/N)", entity.SerialNumber, kindID},
	{"Aircraft Model", entity.Model, kindText},
	{"Aircraft Manufacture Date", entity.BuildDate, kindDate},
	{"Aircraft Tail Number", entity.RegistrationNum, kindID},
	{"Aircraft Mode S Transponder Code", entity.IDNumber, kindID},
	// Contact.
	{"Website", entity.Website, kindText},
	{"Email Address", entity.Email, kindText},
	{"Email", entity.Email, kindText},
	{"Telephone", entity.Phone, kindText},
	{"Telephone No.", entity.Phone, kindText},
	{"Phone Number", entity.Phone, kindText},
	{"Phone", entity.Phone, kindText},
	// Names and links.
	// OFAC lists its weak ("low quality") a.k.a.s in the remarks only, never
	// in alt.csv (on the July 2021 SDN list, none of the 2,414 remarks
	// a.k.a.s is an alt.csv name of its entry); the XML marks them
	// category "weak".
	{"a.k.a.", entity.WeakAlias, kindAlias},
	{"f.k.a.", entity.PreviousName, kindAlias},
	{"n.k.a.", entity.Alias, kindAlias},
	{"Linked To", "", kindLink},
	{"Digital Currency Address", entity.CryptoWallet, kindCrypto},
	// Sanctions information kept as notes.
	{"Additional Sanctions Information", "", kindNote},
	{"Secondary sanctions risk", "", kindNote},
	{"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions", "", kindNote},
	{"Executive Order", "", kindNote}, // 13662 Directive Determination, 13846 information, 14024 Directive Information, ...
	{"United States financial institutions are prohibited", "", kindNote},
	{"CAATSA Section 235 Information", "", kindNote},
	{"IFCA Determination", "", kindNote},
	{"Listing Date", "", kindNote},
	{"Effective Date", "", kindNote},
	{"Purchase/Sales For Divestment Date", "", kindNote},
	{"For more information on directives", "", kindNote},
	{"For more information", "", kindNote},
	{"Organization Type", "", kindNote},
	{"Target Type", "", kindNote},
	{"Equity Ticker", "", kindNote},
	{"ISIN", "", kindNote},
	{"Aircraft Operator", "", kindNote},
	{"Fax", "", kindNote},
	{"Fax No.", "", kindNote},
	{"Chinese Commercial Code", "", kindNote},
	{"Other Vessel Call Sign", "", kindNote},
	{"Other Vessel Flag", "", kindNote},
	{"Other Vessel Type", "", kindNote},
	{"Vessel Tonnage", "", kindNote},
	{"arrested", "", kindNote},
	{"all offices worldwide", "", kindNote},
	{"all branches worldwide", "", kindNote},
	{"and all other locations worldwide", "", kindNote},
	{"and other locations within the United States", "", kindNote},
})

// sortKeys sorts the keys longest first and buckets them by their first
// letter, lower-cased.
func sortKeys(keys []remarkKey) map[byte][]remarkKey {
	slices.SortStableFunc(keys, func(a, b remarkKey) int { return cmp.Compare(len(b.Key), len(a.Key)) })
	m := map[byte][]remarkKey{}
	for _, k := range keys {
		c := lower(k.Key[0])
		m[c] = append(m[c], k)
	}
	return m
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lookupKey finds the key a statement starts with. The key must be followed
// by the end, a space or one of ":#(-.,", unless it ends with a period.
func lookupKey(stmt string) (remarkKey, string, bool) {
	if stmt == "" {
		return remarkKey{}, "", false
	}
	for _, k := range remarkKeys[lower(stmt[0])] {
		if len(stmt) < len(k.Key) || !strings.EqualFold(stmt[:len(k.Key)], k.Key) {
			continue
		}
		rest := stmt[len(k.Key):]
		if rest != "" && !strings.ContainsRune(" :#(-.,", rune(rest[0])) && !strings.HasSuffix(k.Key, ".") {
			continue
		}
		return k, strings.TrimLeft(rest, " :#-"), true
	}
	return remarkKey{}, "", false
}

// splitRemarks splits a remarks field at the semicolons that are outside
// parentheses (at every semicolon when a parenthesis is left open),
// trimming each statement.
func splitRemarks(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ';':
			if depth == 0 {
				if t := strings.TrimSpace(s[start:i]); t != "" {
					out = append(out, t)
				}
				start = i + 1
			}
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	if depth > 0 {
		// A parenthesis never closed would swallow every statement after
		// it: split at every semicolon instead.
		out = out[:0]
		for t := range strings.SplitSeq(s, ";") {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// parseRemarks parses a remarks field.
func parseRemarks(s string) remarks {
	var r remarks
	for _, stmt := range splitRemarks(s) {
		r.statement(stmt)
	}
	return r
}

// statement parses one statement of a remarks field (or one XML id item
// written as "idType idNumber (idCountry)").
func (r *remarks) statement(stmt string) {
	body := stmt
	if strings.HasPrefix(body, "(") && strings.HasSuffix(body, ")") {
		body = strings.TrimSpace(body[1 : len(body)-1])
	}
	if len(body) > 5 && strings.EqualFold(body[:5], "alt. ") {
		body = strings.TrimSpace(body[5:])
	}
	k, v, ok := lookupKey(body)
	if !ok {
		if p, ok := genericID(body); ok {
			r.Props = append(r.Props, p)
			return
		}
		r.Unparsed = append(r.Unparsed, stmt)
		return
	}
	if k.Kind == kindNote {
		r.Notes = append(r.Notes, strings.TrimSuffix(stmt, "."))
		return
	}
	if !r.value(k, v) {
		r.Unparsed = append(r.Unparsed, stmt)
	}
}

// value reads the value v of key k; false when v cannot be read.
func (r *remarks) value(k remarkKey, v string) bool {
	add := func(prop string, vals ...string) {
		for _, x := range vals {
			r.Props = append(r.Props, propValue{prop, x})
		}
	}
	switch k.Kind {
	case kindLink:
		v = strings.TrimSpace(v)
		if v == "" {
			return false
		}
		r.Links = append(r.Links, v)
		return true
	case kindAlias:
		n := unquote(v)
		if n == "" {
			return false
		}
		add(k.Prop, n)
		return true
	}
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "."))
	if v == "" {
		return false
	}
	switch k.Kind {
	case kindDate:
		ds, ok := parseDates(v)
		if !ok {
			return false
		}
		add(k.Prop, ds...)
	case kindCountry:
		c, _ := countryValue(v)
		if c == "" { // "undetermined": kept as a note
			return false
		}
		add(k.Prop, c)
	case kindGender:
		switch strings.ToLower(v) {
		case "male", "female":
			add(k.Prop, strings.ToLower(v))
		default:
			return false
		}
	case kindIMO:
		if n := imoDigits(v); n != "" {
			add(k.Prop, n)
			return true
		}
		// Not an IMO number ("RS 130280 (Russia)"): a national registration.
		num, _ := splitID(v)
		if num == "" {
			return false
		}
		add(entity.RegistrationNum, num)
	case kindCrypto:
		f := strings.Fields(strings.TrimLeft(v, "- "))
		if len(f) == 0 {
			return false
		}
		add(k.Prop, f[len(f)-1])
	case kindID, kindTaxID, kindRegNum:
		num, ctry := splitID(v)
		if num == "" {
			return false
		}
		if n := imoDigits(num); n != "" && strings.HasPrefix(strings.ToUpper(num), "IMO") {
			add(entity.ImoNumber, n)
			return true
		}
		add(k.Prop, num)
		russia := strings.EqualFold(ctry, "Russia") || strings.EqualFold(ctry, "Russian Federation")
		digits := onlyDigits(num)
		if russia && k.Kind == kindTaxID && (len(digits) == 10 || len(digits) == 12) && digits == num {
			add(entity.InnCode, num)
		}
		if russia && k.Kind == kindRegNum && (len(digits) == 13 || len(digits) == 15) && digits == num {
			add(entity.OgrnCode, num)
		}
	default:
		add(k.Prop, v)
	}
	return true
}

// idHints are words that make an unknown key an identifier's name
// ("Cartilla de Servicio Militar Nacional", "Istanbul Chamber of Comm. No.").
var idHints = []string{"no", "no.", "number", "passport", "id", "#", "card", "code", "license", "licence",
	"certificate", "document", "registration", "registry", "permit", "identification", "identity"}

// genericID reads a statement "Some Identifier Name 12345 (Country)" whose
// key is not in remarkKeys but names an identifier: the key is the text
// before the first word with a digit, and must contain a word of idHints.
// The property is chosen from the key's words.
func genericID(stmt string) (propValue, bool) {
	words := strings.Fields(stmt)
	i := slices.IndexFunc(words, func(w string) bool { return strings.ContainsFunc(w, unicode.IsDigit) })
	if i <= 0 {
		return propValue{}, false
	}
	key := strings.ToLower(strings.Join(words[:i], " "))
	hint := false
	for _, w := range strings.Fields(key) {
		if slices.Contains(idHints, strings.Trim(w, ":()")) {
			hint = true
			break
		}
	}
	if !hint {
		return propValue{}, false
	}
	num, _ := splitID(strings.TrimSuffix(strings.Join(words[i:], " "), "."))
	if num == "" {
		return propValue{}, false
	}
	prop := entity.IDNumber
	switch {
	case strings.Contains(key, "passport"):
		prop = entity.PassportNumber
	case strings.Contains(key, "tax"), strings.Contains(key, "vat"), strings.Contains(key, "fiscal"):
		prop = entity.TaxNumber
	case strings.Contains(key, "regist"), strings.Contains(key, "compan"), strings.Contains(key, "commerc"),
		strings.Contains(key, "business"), strings.Contains(key, "chamber"), strings.Contains(key, "licen"),
		strings.Contains(key, "incorporat"), strings.Contains(key, "enterprise"):
		prop = entity.RegistrationNum
	}
	return propValue{prop, num}, true
}

// splitID splits an identifier value "L 191609 (Lebanon) issued 28 Feb 1996
// expires 27 Feb 2001" into the number "L 191609" and the country
// "Lebanon".
func splitID(v string) (num, ctry string) {
	v = strings.TrimSpace(v)
	end := len(v)
	for _, stop := range []string{" (", " issued", " expires", " Issued", " Expires", ", issued", ", expires"} {
		if i := strings.Index(v, stop); i >= 0 && i < end {
			end = i
		}
	}
	num = strings.TrimSpace(strings.TrimRight(v[:end], " .,"))
	if i := strings.Index(v, " ("); i >= 0 {
		if j := strings.Index(v[i:], ")"); j > 0 {
			ctry = strings.TrimSpace(v[i+2 : i+j])
		}
	}
	return num, ctry
}

// imoDigits returns the 7 digits of an IMO number written "IMO 9187629",
// "9187629" or "IMO9187629", or "".
func imoDigits(v string) string {
	d := onlyDigits(v)
	if len(d) != 7 {
		return ""
	}
	return d
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// unquote strips the quotes and the sentence period around a name in a
// remark, twice for a nickname:
//
//	'BNC'.      -> BNC
//	''FOOPIE''  -> FOOPIE
func unquote(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(v, ".")
	v = strings.TrimSpace(v)
	// Nicknames are quoted twice: ''FOOPIE''.
	for len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

// parseDates reads an OFAC date or date range into ISO 8601 partial dates:
// "12 Jan 1950" -> 1950-01-12, "Jan 1950" -> 1950-01, "1950" and
// "circa 1950" -> 1950. A range "1960 to 1962" (or "circa 1979-1982")
// gives every year of it when it spans at most 10 years, else its two ends;
// "01 Jan 1961 to 31 Dec 1962" gives its two ends.
func parseDates(v string) ([]string, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "."))
	for _, p := range []string{"circa ", "circa-", "approximately ", "approx. ", "c. ", "about "} {
		if len(v) > len(p) && strings.EqualFold(v[:len(p)], p) {
			v = strings.TrimSpace(v[len(p):])
		}
	}
	var a, b string
	if x, y, ok := strings.Cut(v, " to "); ok {
		a, b = x, y
	} else if x, y, ok := strings.Cut(v, "-"); ok && len(x) == 4 && len(y) == 4 {
		a, b = x, y
	}
	if a == "" {
		d, ok := parseDate(v)
		if !ok {
			return nil, false
		}
		return []string{d}, true
	}
	da, oka := parseDate(a)
	db, okb := parseDate(b)
	if !oka || !okb {
		return nil, false
	}
	if len(da) == 4 && len(db) == 4 {
		ya, _ := strconv.Atoi(da)
		yb, _ := strconv.Atoi(db)
		if yb >= ya && yb-ya <= 10 {
			var out []string
			for y := ya; y <= yb; y++ {
				out = append(out, strconv.Itoa(y))
			}
			return out, true
		}
	}
	return []string{da, db}, true
}

// parseDate reads one date "12 Jan 1950", "Jan 1950", "1950", "1950-01-12"
// or "01/12/1950" (month first, as in the XML's Publish_Date).
func parseDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, "-/") {
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return t.Format("2006-01-02"), true
		}
		if t, err := time.Parse("01/02/2006", v); err == nil {
			return t.Format("2006-01-02"), true
		}
		return "", false
	}
	f := strings.Fields(v)
	year := func(s string) bool {
		_, err := strconv.Atoi(s)
		return len(s) == 4 && err == nil
	}
	month := func(s string) (string, bool) {
		// A word whose first three letters abbreviate a month ("Sept.",
		// "Septiembre").
		if len(s) < 3 {
			return "", false
		}
		m := dates.Month(s[:3])
		return twoDigits(m), m > 0
	}
	switch len(f) {
	case 1:
		if year(f[0]) {
			return f[0], true
		}
	case 2:
		if m, ok := month(f[0]); ok && year(f[1]) {
			return f[1] + "-" + m, true
		}
	case 3:
		m, ok := month(f[1])
		d, err := strconv.Atoi(f[0])
		if ok && err == nil && d >= 1 && d <= 31 && year(f[2]) {
			return f[2] + "-" + m + "-" + twoDigits(d), true
		}
	}
	return "", false
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// apply adds what r found to e: its properties (moved to the property the
// schema has where a person's property was given for an organisation) and
// its notes. Links are the caller's, since they need the other entries.
func (r *remarks) apply(e *entity.Entity) {
	person := e.Schema == entity.Person
	for _, p := range r.Props {
		prop := p.Prop
		if !person {
			switch prop {
			case entity.Nationality, entity.Citizenship:
				prop = entity.Country
			case entity.PassportNumber:
				prop = entity.IDNumber
			}
		}
		e.Add(prop, p.Value)
	}
	e.Add(entity.Notes, r.Notes...)
	e.Add(entity.Notes, r.Unparsed...)
}
