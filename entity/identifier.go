package entity

import "strings"

// IdentifierKey returns the form in which a registry identifier (the value
// v of the identifier property prop: innCode, ogrnCode, imoNumber, ...) is
// compared: its ASCII letters and digits, upper case, so that
// "7731 084 175", "7731-084-175" and "7731084175" are one identifier. An
// IMO number keeps its digits only ("IMO 9123456" and "9123456 (IMO)" are
// 9123456). Matching (package match) and the ownership graph both key
// identifiers this way; each decides on its own how short a key is too
// short to name one party.
func IdentifierKey(prop, v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for _, r := range strings.ToUpper(v) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z' && prop != ImoNumber:
			b.WriteRune(r)
		}
	}
	return b.String()
}
