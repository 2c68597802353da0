package match

import (
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/names"
)

// A Japanese name in kanji is compared with a name in Latin letters by
// its readings (names: kanji.go), not only through the few Latin forms
// that names makes for retrieval: the characters read the Latin name when
// they split into runs, one per Latin token in any order (family name
// first or last, "YAMADA, Taro" or "Taro Yamada"), and each run spells its
// token with one reading per character (KanjiReadings), a character after
// the first of its run also in its voiced form (rendaku: 山田 yama + da),
// with p for h after another reading (一平 ip + pei), and with a doubled
// consonant for a final tsu, chi, ku or ki (sokuon: 八田 hat + ta).
// Latin tokens are compared in passport spelling (names.HepburnKey: Satoh
// and Sato, Honma and Homma). Such a pair scores kanjiSim: every
// character and every letter is accounted for, but a reading is one of
// several, not the spelling of the name.

// kanjiSim is the score of a Latin name that the characters of a kanji
// name read in full.
const kanjiSim = 0.95

// kanjiMaxChars and kanjiMaxTokens bound the names compared by readings:
// a Japanese name has two to six characters and two Latin tokens (three
// with a middle name in a list's spelling).
const (
	kanjiMaxChars  = 6
	kanjiMaxTokens = 3
)

// kanjiNameSim compares a name written in kanji with a name in Latin
// letters by the kanji's readings (see above). It returns kanjiSim and the
// two forms when the kanji read the Latin form in full, else 0. Names
// without a Han form on exactly one side return 0 at once, so Latin
// queries pay one comparison.
func kanjiNameSim(q, c *names.Name, o *Options) (float64, *names.Form, *names.Form) {
	if len(q.Forms) == 0 || len(c.Forms) == 0 || o.off(KanjiReadings) {
		return 0, nil, nil
	}
	hq, hc := q.Forms[0].Script == names.Han, c.Forms[0].Script == names.Han
	if hq == hc {
		return 0, nil, nil
	}
	han, other := q, c
	if hc {
		han, other = c, q
	}
	var chars [kanjiMaxChars]rune
	n := 0
	for _, t := range han.Forms[0].Tokens {
		r, size := utf8.DecodeRuneInString(t)
		if size != len(t) || n == kanjiMaxChars || !names.HasKanjiReading(r) {
			return 0, nil, nil
		}
		chars[n] = r
		n++
	}
	if n < 2 {
		return 0, nil, nil
	}
	for i := range other.Forms {
		f := &other.Forms[i]
		if f.Script != names.Latin || f.Translit != "" || len(f.Tokens) == 0 || len(f.Tokens) > kanjiMaxTokens || len(f.Tokens) > n {
			continue
		}
		if readsAs(chars[:n], f.Tokens, 0) {
			if hq {
				return kanjiSim, &han.Forms[0], f
			}
			return kanjiSim, f, &han.Forms[0]
		}
	}
	return 0, nil, nil
}

// readsAs reports whether chars split into runs that read the tokens not
// in used (a bit set), one run per token, in any order.
func readsAs(chars []rune, toks []string, used uint8) bool {
	if len(chars) == 0 {
		return used == 1<<len(toks)-1
	}
	for j, t := range toks {
		if used&(1<<j) != 0 {
			continue
		}
		left := len(toks) - 1 - popcount(used) // tokens after this one
		for k := 1; k <= len(chars)-left; k++ {
			if runReads(chars[:k], t) && readsAs(chars[k:], toks, used|1<<j) {
				return true
			}
		}
	}
	return false
}

func popcount(b uint8) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

// runReads reports whether the characters of one run spell Latin token t,
// as written or in passport spelling (names.HepburnKey).
func runReads(run []rune, t string) bool {
	if spells(run, t) {
		return true
	}
	if k := names.HepburnKey(t); k != t {
		return spells(run, k)
	}
	return false
}

// spells reports whether run reads t with one reading per character (see
// above). Positions of t reachable after each character are kept as bits.
func spells(run []rune, t string) bool {
	if len(t) > 63 || len(t) < len(run) {
		return false
	}
	reach := uint64(1)
	for k, r := range run {
		var next uint64
		last := k == len(run)-1
		for p := 0; p < len(t); p++ {
			if reach&(1<<p) == 0 {
				continue
			}
			rest := t[p:]
			for _, s := range names.KanjiReadings(r) {
				next |= readingAt(rest, p, s, last)
				if k == 0 {
					continue
				}
				if head, n := names.RendakuHead(s); n > 0 && strings.HasPrefix(rest, head) && strings.HasPrefix(rest[len(head):], s[n:]) {
					next |= 1 << (p + len(head) + len(s) - n)
				}
				if s[0] == 'h' && len(rest) > 0 && rest[0] == 'p' && strings.HasPrefix(rest[1:], s[1:]) {
					next |= 1 << (p + len(s)) // 平 hei, 一平 ippei
				}
			}
		}
		if next == 0 {
			return false
		}
		reach = next
	}
	return reach&(1<<len(t)) != 0
}

// readingAt returns the positions of t (as bits) after reading s at
// position p, rest being t[p:]: after s itself, and, for a reading that
// ends in tsu, chi, ku or ki before another character, after its stem and
// the first of a doubled consonant (sokuon: hatta, ippei, gakko).
func readingAt(rest string, p int, s string, last bool) uint64 {
	var out uint64
	if strings.HasPrefix(rest, s) {
		out |= 1 << (p + len(s))
	}
	if last {
		return out
	}
	for _, suf := range [...]string{"tsu", "chi", "ku", "ki"} {
		stem, ok := strings.CutSuffix(s, suf)
		if !ok || stem == "" || !strings.HasPrefix(rest, stem) {
			continue
		}
		i := len(stem)
		if i+1 < len(rest) && !strings.ContainsRune("aiueon", rune(rest[i])) &&
			(rest[i] == rest[i+1] || rest[i] == 't' && rest[i+1] == 'c') {
			out |= 1 << (p + i + 1)
		}
	}
	return out
}
