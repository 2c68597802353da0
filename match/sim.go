package match

import "unicode/utf8"

// maxRunes bounds the token length the similarity functions work on
// without allocating; longer tokens are compared on their first maxRunes
// runes.
const maxRunes = 48

// runesOf decodes s into buf (at most maxRunes runes: longer tokens are
// compared on their start).
func runesOf(buf *[maxRunes]rune, s string) []rune {
	n := 0
	for _, r := range s {
		if n == maxRunes {
			break
		}
		buf[n] = r
		n++
	}
	return buf[:n]
}

// runeLen is the number of runes of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
