package ofacsearch

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
