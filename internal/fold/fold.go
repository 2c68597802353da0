// Package fold folds the white space (and, for keys, the case) of text
// read from files: the official lists wrap long values over lines, pad
// cells and double spaces, and a value is compared and stored with single
// spaces between its words. It is the one home of this folding for the
// list readers, the ownership graph and the server.
package fold

import "strings"

// Space trims s and folds each inner run of white space (Unicode's) into
// one space. It does not allocate when there is nothing to fold (most
// values).
func Space(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80:
			return strings.Join(strings.Fields(s), " ")
		case c == ' ' && i+1 < len(s) && s[i+1] == ' ':
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// Join folds parts (Space) and joins the non-empty ones with sep.
func Join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = Space(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// Lower is Space in lower case: the key under which names and column
// headers are looked up ("  Kalashnikov\tCONCERN " is "kalashnikov concern").
func Lower(s string) string { return strings.ToLower(Space(s)) }
