package names

import "strings"

// Wade-Giles is the romanization of Mandarin that English texts used before
// pinyin (Mao Tse-tung, Hsi Chin-p'ing, Teng Hsiao-p'ing); older records and
// many Taiwanese names still use it. A Latin name all of whose tokens are
// Mandarin syllables, at least one of them Wade-Giles and not pinyin ("tse",
// "tung", "hsi", "chin"), gets a second Latin form in pinyin: "mao ze dong",
// "xi jin ping". Syllables that are valid pinyin are kept as written: the
// apostrophes of the aspirates are gone after normalization, so "ping" may
// be p'ing (pinyin ping) or ping (pinyin bing), and is left alone.

// pinyinInitials and pinyinFinals are the parts of a pinyin syllable.
var (
	pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}
	pinyinFinals   = map[string]bool{
		"a": true, "o": true, "e": true, "ai": true, "ei": true, "ao": true, "ou": true, "an": true, "en": true,
		"ang": true, "eng": true, "ong": true, "er": true, "i": true, "ia": true, "ie": true, "iao": true,
		"iu": true, "ian": true, "in": true, "iang": true, "ing": true, "iong": true, "u": true, "ua": true,
		"uo": true, "uai": true, "ui": true, "uan": true, "un": true, "uang": true, "ue": true,
	}
)

// pinyinSyllable reports whether s is a pinyin syllable: an initial and a
// final that combine (j, q, x only before i and ü; zh, ch, sh, r, z, c, s,
// g, k, h never before i, but for zhi, chi, shi, ri, zi, ci, si).
func pinyinSyllable(s string) bool {
	for _, in := range pinyinInitials {
		if !strings.HasPrefix(s, in) {
			continue
		}
		fin := s[len(in):]
		if !pinyinFinals[fin] {
			continue
		}
		front := fin[0] == 'i' || fin == "u" || fin == "ue" || fin == "uan" || fin == "un"
		switch in {
		case "j", "q", "x":
			if front {
				return true
			}
		case "zh", "ch", "sh", "r", "z", "c", "s", "g", "k", "h":
			if fin[0] != 'i' || fin == "i" && in != "g" && in != "k" && in != "h" {
				return true
			}
		case "":
			if fin[0] != 'i' && fin[0] != 'u' {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// wgInitials maps Wade-Giles initials (apostrophes dropped) to pinyin,
// longest first; "ch" is j before i and ü, zh elsewhere.
var wgInitials = []struct{ wg, py string }{
	{"hs", "x"}, {"ch", "zh"}, {"ts", "z"}, {"tz", "z"}, {"ss", "s"}, {"sz", "s"}, {"sh", "sh"},
	{"k", "g"}, {"p", "b"}, {"t", "d"}, {"j", "r"},
	{"m", "m"}, {"f", "f"}, {"n", "n"}, {"l", "l"}, {"h", "h"}, {"s", "s"}, {"w", "w"}, {"y", "y"}, {"", ""},
}

// wgFinals maps Wade-Giles finals to pinyin; finals not listed are the
// same in both.
var wgFinals = map[string]string{
	"ung": "ong", "iung": "iong", "ieh": "ie", "ih": "i", "ien": "ian", "eh": "e", "ueh": "ue",
	"erh": "er", "uei": "ui", "a": "a", "o": "o", "e": "e", "ai": "ai", "ei": "ei", "ao": "ao",
	"ou": "ou", "an": "an", "en": "en", "ang": "ang", "eng": "eng", "i": "i", "ia": "ia",
	"iao": "iao", "iu": "iu", "in": "in", "iang": "iang", "ing": "ing", "u": "u", "ua": "ua",
	"uo": "uo", "uai": "uai", "ui": "ui", "uan": "uan", "un": "un", "uang": "uang",
}

// wadeGilesSyllable converts one Wade-Giles syllable to pinyin; ok is
// false when s is not one.
func wadeGilesSyllable(s string) (string, bool) {
	for _, x := range wgInitials {
		if !strings.HasPrefix(s, x.wg) {
			continue
		}
		fin := s[len(x.wg):]
		py, ok := wgFinals[fin]
		if !ok {
			continue
		}
		in := x.py
		switch {
		case x.wg == "ch" && (fin[0] == 'i' || fin == "u" || fin == "un"):
			in = "j"
		case (x.wg == "ts" || x.wg == "tz" || x.wg == "ss" || x.wg == "sz") && fin == "u":
			py = "i" // tzu, ssu: zi, si
		case x.wg == "hs" && fin[0] != 'i' && fin[0] != 'u':
			continue
		}
		return in + py, true
	}
	return "", false
}

// wadeGiles returns the pinyin reading of toks when every token is a
// Mandarin syllable and at least one is Wade-Giles only; ok is false
// otherwise.
func wadeGiles(toks []string) ([]string, bool) {
	if len(toks) < 2 || len(toks) > 5 {
		return nil, false
	}
	var out []string
	changed := false
	for _, t := range toks {
		if len(t) > 6 {
			return nil, false
		}
		if pinyinSyllable(t) {
			out = append(out, t)
			continue
		}
		py, ok := wadeGilesSyllable(t)
		if !ok {
			return nil, false
		}
		out = append(out, py)
		changed = true
	}
	return out, changed
}
