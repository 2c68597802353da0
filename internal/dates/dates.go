// Package dates holds the date facts the list readers and the ownership
// graph share: the ISO 8601 partial dates the lists write (1971, 1971-05,
// 1971-05-03) and the English month names.
package dates

import (
	"regexp"
	"strings"
)

// iso matches a partial ISO 8601 date at the start of a string.
var iso = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?`)

// IsISO reports whether s is a partial ISO 8601 date and nothing else:
// YYYY, YYYY-MM or YYYY-MM-DD (digits only checked, not ranges).
func IsISO(s string) bool { return len(ISOPrefix(s)) == len(s) && s != "" }

// ISOPrefix returns the partial ISO date s starts with (the longest of
// YYYY, YYYY-MM, YYYY-MM-DD), or "": ISOPrefix("2014-03-01T00:00:00Z") ==
// "2014-03-01".
func ISOPrefix(s string) string { return iso.FindString(s) }

// monthNames are the English month names, January first.
var monthNames = [12]string{"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"}

// Month returns the number (1 to 12) of an English month name or its
// abbreviation, 0 when s is none: a beginning of the full name of three
// letters or more, in any case, with or without a final dot ("Aug",
// "aug.", "Sept", "Septem", "AUGUST"). "Mayor" and "Marta" are not months.
func Month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	for i, n := range monthNames {
		if strings.HasPrefix(n, s) {
			return i + 1
		}
	}
	return 0
}

// MonthName returns the full English name of month m, lower case, or ""
// when m is not in 1 to 12.
func MonthName(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return monthNames[m-1]
}
