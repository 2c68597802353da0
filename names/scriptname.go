package names

import "unicode"

// displayScripts are the scripts ScriptName tells apart, with their
// display names. Hiragana and Katakana are both Japanese.
var displayScripts = []struct {
	name string
	t    *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Han", unicode.Han}, {"Arabic", unicode.Arabic},
	{"Hangul", unicode.Hangul}, {"Hebrew", unicode.Hebrew}, {"Greek", unicode.Greek}, {"Georgian", unicode.Georgian},
	{"Armenian", unicode.Armenian}, {"Thai", unicode.Thai}, {"Japanese", unicode.Hiragana}, {"Japanese", unicode.Katakana},
	{"Devanagari", unicode.Devanagari},
}

// ScriptName names the main script of a name for display: the script of
// most of its letters ("Latin", "Cyrillic", "Han", "Arabic", "Hangul",
// "Hebrew", "Greek", "Georgian", "Armenian", "Thai", "Japanese" for kana,
// "Devanagari"; a tie goes to the name first in alphabetical order), or
// "Other" when none of its letters is in these. Arabic covers Persian,
// Pashto and Urdu, which share the block. It tells more scripts apart
// than Script, which only has those names are compared in.
func ScriptName(s string) string {
	counts := map[string]int{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, sc := range displayScripts {
			if unicode.Is(sc.t, r) {
				counts[sc.name]++
				break
			}
		}
	}
	best, n := "Other", 0
	for k, c := range counts {
		if c > n || (c == n && k < best) {
			best, n = k, c
		}
	}
	return best
}

// Vowel reports whether c is one of the letters a, e, i, o, u (lower
// case). y is not among them, deliberately: in romanized names it is as
// often a consonant (Yuri, Yevgeny, Yadav) as a vowel (Lyudmila, Nyi), and
// rules that need it counted say so where they are (match's comparison of
// first letters counts it, since Yevgeny and Evgeny, Yuri and Iouri are
// one name).
func Vowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}
