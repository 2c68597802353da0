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

// jaroWinkler returns the Jaro-Winkler similarity of a and b, in [0, 1],
// with prefix scale 0.1 over at most 4 leading runes.
func jaroWinkler(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		if len(a) == len(b) {
			return 1
		}
		return 0
	}
	window := max(len(a), len(b))/2 - 1
	if window < 0 {
		window = 0
	}
	var amBuf, bmBuf [maxRunes]bool
	am, bm := amBuf[:len(a)], bmBuf[:len(b)]
	m := 0
	for i, r := range a {
		lo, hi := max(0, i-window), min(len(b)-1, i+window)
		for j := lo; j <= hi; j++ {
			if !bm[j] && b[j] == r {
				am[i], bm[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := range a {
		if !am[i] {
			continue
		}
		for !bm[j] {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	sim := (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	return sim + float64(p)*0.1*(1-sim)
}

// levenshtein returns the edit distance between a and b.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	var rowBuf [maxRunes + 1]int
	row := rowBuf[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(b)]
}

// stringSim is the similarity of two tokens as strings: the mean of
// Jaro-Winkler and the Levenshtein ratio, so that a long shared prefix alone
// does not make two tokens alike.
func stringSim(a, b string) float64 {
	if a == b {
		return 1
	}
	var ab, bb [maxRunes]rune
	ra, rb := runesOf(&ab, a), runesOf(&bb, b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	jw := jaroWinkler(ra, rb)
	lr := 1 - float64(levenshtein(ra, rb))/float64(max(len(ra), len(rb)))
	return (jw + lr) / 2
}

// runeLen is the number of runes of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// osa returns the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent
// runes ("Marcon", "Macron": 1).
func osa(a, b []rune) int {
	var buf [3][maxRunes + 1]int
	prev2, prev, cur := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
