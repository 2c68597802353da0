package trade

import (
	"strings"

	"github.com/redline-sanctions/redline/internal/country"
)

// An aggregate is a group of countries that statistics report as one
// reporter or partner. Its code is stable across label styles and
// vintages: Comext's "EU27_2020", "European Union - 27 countries (from
// 2020)" and "European Union - 27 countries (AT, BE, ...)" are all EU27.
type aggregate struct {
	code    string
	name    string
	members []string // nil when the membership changes over time or is not a list of countries
	// codes are the codes Comext and Comtrade write for it; prefixes the
	// label beginnings that name it (matched case-insensitively, before
	// the first parenthesis).
	codes, labels []string
}

var eu27 = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

var aggregates = []aggregate{
	{code: "EU27", name: "European Union - 27 countries (from 2020)", members: eu27,
		codes: []string{"EU27", "EU27_2020"}, labels: []string{"European Union - 27 countries", "EU27"}},
	{code: "EU28", name: "European Union - 28 countries (2013-2020)", members: append(append([]string{}, eu27...), "GB"),
		codes: []string{"EU28"}, labels: []string{"European Union - 28 countries"}},
	{code: "EU", name: "European Union (changing composition)",
		codes: []string{"EU", "EUR", "97"}, labels: []string{"European Union"}},
	{code: "EA20", name: "Euro area - 20 countries (from 2023)",
		members: []string{"AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"},
		codes:   []string{"EA20"}, labels: []string{"Euro area - 20 countries"}},
	{code: "EA19", name: "Euro area - 19 countries (2015-2022)",
		members: []string{"AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"},
		codes:   []string{"EA19"}, labels: []string{"Euro area - 19 countries"}},
	{code: "EA", name: "Euro area (changing composition)", codes: []string{"EA"}, labels: []string{"Euro area"}},
	{code: "EXTRA_EU27", name: "Extra-EU27 (from 2020)", codes: []string{"EXT_EU27_2020", "EXTRA_EU27"}, labels: []string{"Extra-EU27", "Extra-European Union - 27 countries"}},
	{code: "INTRA_EU27", name: "Intra-EU27 (from 2020)", codes: []string{"INT_EU27_2020", "INTRA_EU27"}, labels: []string{"Intra-EU27", "Intra-European Union - 27 countries"}},
	{code: "WORLD", name: "World", codes: []string{"WORLD", "W00", "0"}, labels: []string{"World", "All countries of the world"}},
	// Eurostat's codes for what is not a country.
	{code: "QP", name: "High seas", codes: []string{"QP"}, labels: []string{"High seas"}},
	{code: "QQ", name: "Stores and provisions", codes: []string{"QQ"}, labels: []string{"Stores and provisions"}},
	{code: "QU", name: "Countries and territories not specified", codes: []string{"QU", "_X"},
		labels: []string{"Countries and territories not specified", "Unknown country", "Areas, nes", "Areas not elsewhere specified"}},
	{code: "QX", name: "Countries and territories not specified for commercial or military reasons", codes: []string{"QX"},
		labels: []string{"Countries and territories not specified for commercial or military reasons"}},
}

// aggregateIndex maps codes and folded labels to aggregates.
var aggregateCodes, aggregateLabels = func() (map[string]*aggregate, map[string]*aggregate) {
	codes, labels := map[string]*aggregate{}, map[string]*aggregate{}
	for i := range aggregates {
		a := &aggregates[i]
		for _, c := range a.codes {
			codes[c] = a
		}
		for _, l := range a.labels {
			labels[strings.ToLower(l)] = a
		}
	}
	return codes, labels
}()

// Members returns the member countries of an aggregate code with a fixed
// membership (EU27, EU28, EA20, EA19), and nil for any other code.
func Members(code string) []string {
	if a, ok := aggregateCodes[code]; ok && a.code == code {
		return a.members
	}
	return nil
}

// IsAggregate reports whether code is one of the aggregate or special area
// codes of Area rather than a country.
func IsAggregate(code string) bool {
	a, ok := aggregateCodes[code]
	return ok && a.code == code
}

// Area maps a reporter or partner label to its code, in every label style
// of Comext and Comtrade: a plain label ("Germany (incl. German Democratic
// Republic 'DD' from 1991)", "European Union - 27 countries (AT, BE, ...)"),
// a code with its label ("DE-Germany", "EU27_2020-European Union - 27
// countries (from 2020)") or a code alone ("DE", "EU27_2020"). Countries
// get their ISO 3166-1 alpha-2 code (Greece is GR, the United Kingdom GB),
// aggregates the stable codes of the table above. name is the label
// without its code. ok is false for a label that names no known area.
func Area(label string) (code, name string, ok bool) {
	label = strings.TrimSpace(label)
	if label == "" {
		return "", "", false
	}
	// A code alone, or a code and its label.
	c, rest, hasRest := strings.Cut(label, "-")
	if isCode(c) {
		if hasRest && strings.TrimSpace(rest) != "" {
			name = strings.TrimSpace(rest)
		} else if !hasRest {
			name = label
		}
		if code, ok := areaCode(c); ok && name != "" {
			return code, name, true
		}
	}
	name = label
	// A label.
	head := label
	if i := strings.Index(head, " ("); i > 0 {
		head = head[:i]
	}
	if a, ok := aggregateLabels[strings.ToLower(label)]; ok {
		return a.code, name, true
	}
	if a, ok := aggregateLabels[strings.ToLower(head)]; ok {
		return a.code, name, true
	}
	if code, ok := country.Code(label); ok {
		return code, name, true
	}
	if code, ok := country.Code(head); ok {
		return code, name, true
	}
	return "", name, false
}

// areaCode maps a code as Comext or Comtrade writes it.
func areaCode(c string) (string, bool) {
	if a, ok := aggregateCodes[c]; ok {
		return a.code, true
	}
	switch c {
	case "EL": // Eurostat's code for Greece
		return "GR", true
	case "UK": // and for the United Kingdom
		return "GB", true
	case "XS": // Serbia, before 2005 Serbia and Montenegro
		return "RS", true
	}
	if len(c) == 2 && country.Known(c) {
		return c, true
	}
	if len(c) == 3 {
		return country.Alpha3(c)
	}
	return "", false
}

// isCode reports whether s looks like a code: upper-case letters, digits
// and underscores, at least two.
func isCode(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}
