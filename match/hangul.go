package match

import (
	"strings"

	"github.com/redline-sanctions/redline/names"
)

// sameKoreanKey reports whether tokens a and b have one Korean key
// (names.KoreanKey): two romanizations of one Hangul syllable or name
// token. It does not allocate for tokens of up to 32 bytes.
func sameKoreanKey(a, b string) bool {
	if names.KoreanKeyClass(a) != names.KoreanKeyClass(b) {
		return false
	}
	if len(a) > 32 || len(b) > 32 {
		return names.KoreanKey(a) == names.KoreanKey(b)
	}
	var ba, bb [32]byte
	return string(names.AppendKoreanKey(ba[:0], a)) == string(names.AppendKoreanKey(bb[:0], b))
}

// hangulPair reports whether one of two forms was read from Hangul and
// the HangulSpelling heuristic is on. Such forms are compared syllable by
// syllable: a surname token, then one token per syllable of the given name
// (names: hangul.go). Two syllables match when their Korean keys agree
// (hangulTokenSim), not by edit distance or transliteration skeleton,
// which say nothing of two-to-four-letter syllables (Chol and Chun, Ok and
// Hyok, Jung and Ung); and every syllable counts in full, a surplus one as
// a substitution, since a Korean name has no middle names (Kim Song is not
// Kim Song Chol).
func hangulPair(q, c *names.Form, o *Options) bool {
	return (names.IsHangulForm(q) || names.IsHangulForm(c)) && !o.off(HangulSpelling)
}

// joinedKoreanSim is joinedSim for a form read from Hangul: 1 when both
// forms joined without spaces have one Korean key (Ryong Hae, Ryonghae),
// else 0. Syllables do not take typos: "Kim Kyong Ok" joined is one
// letter from "Kim Kyong Hyok" joined, and another person.
func joinedKoreanSim(q, c *names.Form) float64 {
	var jq, jc, kq, kc [64]byte
	a, b := jq[:0], jc[:0]
	for _, t := range q.Tokens {
		a = append(a, t...)
	}
	for _, t := range c.Tokens {
		b = append(b, t...)
	}
	if string(names.AppendKoreanKey(kq[:0], string(a))) == string(names.AppendKoreanKey(kc[:0], string(b))) {
		return 1
	}
	return 0
}

// syllableLen is the longest romanization of one Hangul syllable in the
// systems of names/hangul.go (ㅋ+ㅙ+ㅇ: khwaeng).
const syllableLen = 7

// hangulTokenSim compares token a of form q and token b of form c, a
// hangulPair: 0.95 for one surname in two romanizations (koreanSurnames:
// Pak, Park) or one Korean key (also through the customary southern
// spelling of ㅓ, see sameSouthern), 0 for other tokens of up to syllableLen letters (one syllable in any
// of the systems); ok is false for longer tokens (a joined given name, a
// word of a company name), which tokenSim compares as any other.
func hangulTokenSim(q, c *names.Form, a, b string, fa, fb tokenFacts, o *Options) (sim float64, ok bool) {
	if fa.korean != 0 && fa.korean == fb.korean && !o.off(KoreanSurnames) {
		return 0.95, true
	}
	if sameKoreanKey(a, b) || q.Translit == "hangul-rr" && sameSouthern(a, b) || c.Translit == "hangul-rr" && sameSouthern(b, a) {
		return 0.95, true // one Hangul syllable in two romanizations: Pyong, Byong
	}
	if max(fa.runes, fb.runes) <= syllableLen {
		return 0, true
	}
	return 0, false
}

// sameSouthern reports whether the Revised Romanization token rr, with ㅓ
// (eo, in yeo too) spelled u as customary southern spellings do (철 cheol
// Chul, 병 byeong Byung), has the Korean key of other. The Revised
// Romanization writes ㅓ apart from ㅜ and ㅗ, so the variant is exact: 철
// takes Chul, 출 (chul) never takes Chol. A list entry may mix the
// systems ("RI PYONG CHUL"), which no single form spells.
func sameSouthern(rr, other string) bool {
	if !strings.Contains(rr, "eo") {
		return false
	}
	return sameKoreanKey(strings.ReplaceAll(rr, "eo", "u"), other)
}
