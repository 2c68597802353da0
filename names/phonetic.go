package names

import "strings"

// skeletonRules rewrite transliteration variants to one spelling, applied
// left to right, longest pattern first at each position.
var skeletonRules = []struct{ from, to string }{
	{"shch", "sh"}, {"sch", "sh"}, {"tch", "ch"}, {"dzh", "j"}, {"cks", "x"},
	{"kh", "h"}, {"ks", "x"}, {"ck", "k"}, {"ph", "f"}, {"th", "t"},
	{"ts", "c"}, {"tz", "c"}, {"zh", "j"}, {"dj", "j"}, {"gh", "g"},
	{"yu", "u"}, {"iu", "u"}, {"ju", "u"}, {"ou", "u"}, {"oo", "u"},
	{"ya", "a"}, {"ia", "a"}, {"ja", "a"},
	{"ye", "e"}, {"je", "e"}, {"ie", "e"},
	{"yo", "o"}, {"jo", "o"}, {"ee", "i"},
	{"w", "v"}, {"q", "k"}, {"y", "i"},
}

// rulesByFirst indexes skeletonRules by the first byte of their pattern,
// keeping their order.
var rulesByFirst = func() (t [256][]int) {
	for i, r := range skeletonRules {
		t[r.from[0]] = append(t[r.from[0]], i)
	}
	return t
}()

// Skeleton returns a canonical spelling of a normalized Latin token that
// merges the usual variants of transliterated names: kh/h, ks/x, shch/sch,
// ts/tz, zh/j, yu/iu/u, ya/ia, ye/e, w/v, y/i, the endings -iy/-yi/-ii/-ij
// (all -i), a final -j after a vowel (Sergej: -i), the endings
// -tech/-tec/-tekh (all -tek, see techEnding) and doubled letters.
// Skeleton("Aleksandr") == Skeleton("alexandr"),
// Skeleton("zelenskyy") == Skeleton("zelenskiy"). Tokens with non-ASCII
// runes or digits are returned unchanged.
func Skeleton(tok string) string {
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c < 'a' || c > 'z' {
			return tok
		}
	}
	tok = techEnding(tok)
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(tok); {
		matched := false
		for _, ri := range rulesByFirst[tok[i]] {
			r := skeletonRules[ri]
			if strings.HasPrefix(tok[i:], r.from) {
				b = append(b, r.to...)
				i += len(r.from)
				matched = true
				break
			}
		}
		if !matched {
			b = append(b, tok[i])
			i++
		}
	}
	// Collapse doubled letters.
	w := 0
	for i := 0; i < len(b); i++ {
		if w > 0 && b[w-1] == b[i] {
			continue
		}
		b[w] = b[i]
		w++
	}
	b = b[:w]
	// -ii, -ij endings (from -iy, -yi, -yy, -ij) become -i.
	for len(b) > 2 && b[len(b)-1] == 'j' && b[len(b)-2] == 'i' {
		b = b[:len(b)-1]
	}
	// A final j after a vowel is the й of Czech, German and Baltic
	// spellings: Sergej, Andrej, Nikolaj are Sergei, Andrei, Nikolai.
	if n := len(b); n >= 5 && b[n-1] == 'j' && Vowel(b[n-2]) {
		b[n-1] = 'i'
	}
	if len(b) > 1 && string(b) == tok {
		return tok
	}
	return string(b)
}

// techEnding spells the endings -tech, -tec and -tekh of a token of four
// letters or more as -tek. Russian writes the English "tech" of company
// names as -тех, which transliterates to -tekh (Ростех, Rostec; Спецтех,
// Spetstech), and the Latin names use -tech, -tec and -tek alike.
func techEnding(tok string) string {
	if len(tok) < 4 {
		return tok
	}
	for _, end := range [...]string{"tekh", "tech", "tec"} {
		if strings.HasSuffix(tok, end) {
			return tok[:len(tok)-len(end)] + "tek"
		}
	}
	return tok
}

// Phonetic returns the retrieval key of a normalized Latin token: the first
// letter of its Skeleton followed by its consonants (h is dropped), with c/k/q and s/z
// merged and repeats collapsed ("medvedtchuk" and "medvedchuk" both give
// "mdvdcc"). Tokens that are not plain ASCII letters, and single letters,
// give "".
func Phonetic(tok string) string { return phoneticOf(Skeleton(tok)) }

// phoneticOf is Phonetic of a skeleton.
func phoneticOf(s string) string {
	if len(s) < 2 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return ""
		}
	}
	var buf [64]byte
	b := buf[:0]
	b = append(b, s[0])
	last := byte(0)
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'h':
			last = 0
			continue
		case 'k', 'q':
			c = 'c'
		case 'z':
			c = 's'
		}
		if c == last {
			continue
		}
		b = append(b, c)
		last = c
	}
	return string(b)
}
