// Package ascii holds the one test for ASCII-only text, which the fast
// paths of name normalization, country look-up and string similarity
// take.
package ascii

import "unicode/utf8"

// Is reports whether s has only ASCII bytes.
func Is(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
