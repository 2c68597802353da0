// Package textsim holds the string similarity functions that the scorers
// share: Jaro, Jaro-Winkler, Levenshtein and optimal-string-alignment
// distance, over runes. They work on stack buffers for inputs of up to
// stackRunes runes and allocate only for longer ones.
package textsim

// stackRunes is the longest input the functions handle without
// allocating.
const stackRunes = 64

// Jaro returns the Jaro similarity of a and b, in [0, 1]; two empty
// inputs are alike (1).
func Jaro(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		if len(a) == len(b) {
			return 1
		}
		return 0
	}
	window := max(0, max(len(a), len(b))/2-1)
	var amBuf, bmBuf [stackRunes]bool
	am, bm := flags(amBuf[:], len(a)), flags(bmBuf[:], len(b))
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
	return (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(t)/2)/fm) / 3
}

// JaroWinkler returns the Jaro-Winkler similarity of a and b, in [0, 1],
// with the usual prefix scale 0.1 over at most four leading runes.
func JaroWinkler(a, b []rune) float64 {
	j := Jaro(a, b)
	p := 0
	for p < 4 && p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}

// Levenshtein returns the edit distance of a and b (insertions, deletions,
// substitutions).
func Levenshtein(a, b []rune) int {
	var buf [2][stackRunes + 1]int
	prev, cur := ints(buf[0][:], len(b)+1), ints(buf[1][:], len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// OSA returns the optimal-string-alignment distance of a and b: Levenshtein
// plus transpositions of adjacent runes ("Marcon", "Macron": 1).
func OSA(a, b []rune) int {
	if len(a) <= stackRunes && len(b) <= stackRunes {
		return osaSmall(a, b)
	}
	return osaLarge(a, b)
}

// osaLarge is OSA with rows of ints, for sequences of any length.
func osaLarge(a, b []rune) int {
	var buf [3][stackRunes + 1]int
	prev2, prev, cur := ints(buf[0][:], len(b)+1), ints(buf[1][:], len(b)+1), ints(buf[2][:], len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// flags returns buf[:n] cleared, or a new slice when n does not fit.
func flags(buf []bool, n int) []bool {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]bool, n)
}

// ints returns buf[:n], or a new slice when n does not fit.
func ints(buf []int, n int) []int {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]int, n)
}

// OSABytes is OSA over the bytes of a and b: for ASCII strings, where a
// byte is a rune, it equals OSA([]rune(a), []rune(b)) without the
// conversions.
func OSABytes(a, b string) int {
	if len(a) <= stackRunes && len(b) <= stackRunes {
		return osaSmallBytes(a, b)
	}
	return OSA([]rune(a), []rune(b))
}

// osaSmall is OSA for sequences of at most stackRunes elements, whose
// distances fit a byte: its rows are small enough to cost nothing to
// clear.
func osaSmall(a, b []rune) int {
	var buf [3][stackRunes + 1]uint8
	prev2, prev, cur := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range prev {
		prev[j] = uint8(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = uint8(i)
		for j := 1; j <= len(b); j++ {
			var c uint8 = 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[len(b)])
}

// osaSmallBytes is osaSmall over bytes.
//
// It is OSA for sequences of at most stackRunes elements, whose
// distances fit a byte: its rows are small enough to cost nothing to
// clear.
func osaSmallBytes(a, b string) int {
	var buf [3][stackRunes + 1]uint8
	prev2, prev, cur := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range prev {
		prev[j] = uint8(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = uint8(i)
		for j := 1; j <= len(b); j++ {
			var c uint8 = 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[len(b)])
}
