package ofacsearch

// jaro returns the Jaro similarity of a and b, in [0, 1].
func jaro(a, b []rune) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	window := max(0, max(len(a), len(b))/2-1)
	var amBuf, bmBuf [64]bool
	var am, bm []bool
	if len(a) <= len(amBuf) {
		am = amBuf[:len(a)]
	} else {
		am = make([]bool, len(a))
	}
	if len(b) <= len(bmBuf) {
		bm = bmBuf[:len(b)]
	} else {
		bm = make([]bool, len(b))
	}
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

// jaroWinkler returns the Jaro-Winkler similarity of a and b with the usual
// prefix scale 0.1 over at most four leading runes.
func jaroWinkler(a, b []rune) float64 {
	j := jaro(a, b)
	p := 0
	for p < 4 && p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}

// soundex returns the American Soundex code of an upper-case word
// ("ROBERT" -> "R163"); runes outside A-Z are ignored, and a word without
// one has the code "".
func soundex(w []rune) string {
	const codes = "01230120022455012623010202" // A..Z
	var out [4]byte
	n := 0
	var last byte
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			continue
		}
		c := codes[r-'A']
		if n == 0 {
			out[0], n, last = byte(r), 1, c
			continue
		}
		if r == 'H' || r == 'W' {
			continue
		}
		if c != '0' && c != last {
			out[n] = c
			n++
			if n == 4 {
				break
			}
		}
		last = c
	}
	if n == 0 {
		return ""
	}
	for ; n < 4; n++ {
		out[n] = '0'
	}
	return string(out[:])
}
