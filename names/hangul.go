package names

import (
	"slices"
	"strings"
)

// Korean names written in Hangul are read syllable by syllable. A
// precomposed syllable (U+AC00–U+D7A3) is decomposed by the Unicode
// algorithm (The Unicode Standard, §3.12 "Conjoining Jamo Behavior"):
//
//	s = r - 0xAC00; lead = s / 588; vowel = (s % 588) / 28; tail = s % 28
//
// and each jamo is spelled by a published table. A name gets three Latin
// forms, because the lists spell Korean names in several systems:
//
//   - "hangul-dprk": the McCune–Reischauer system (G. M. McCune and E. O.
//     Reischauer, 1939) as the DPRK's 1992 national romanization writes
//     it without diacritics, which is how the UN and OFAC lists spell North
//     Korean names (CHOE Ryong Hae, RI Pyong Chol, JANG Song Thaek): ŏ and
//     ŭ lose their breves (o, u), ㅈ is j, the aspirates ㅋ ㅌ ㅍ are kh, th,
//     ph, an initial ㄹ is r, and 리 and 이 as a surname are Ri.
//   - "hangul-rr": the Revised Romanization of Korean (Ministry of Culture
//     and Tourism notice 2000-8): g/d/b/j, eo, eu, yeo, with the surname
//     in its customary spelling (Kim, Lee, Park, Choi; see koreanSurname).
//   - "hangul-sk": the customary South Korean spelling of given names,
//     as in passports and the press: the Revised Romanization with ㅓ in a
//     closed syllable written u (Byung, Chul, Sung, Hyun) and 영 Young. It is
//     added only where it differs from "hangul-rr".
//
// In each form the surname is one token and every syllable of the given
// name another, as the lists write them (Ryong Hae, Ryong-hae): a joined
// spelling (Ryonghae) is found by the scorer's comparison of names joined
// without spaces. A Hangul word of five syllables or more is not a personal
// name (조선광선은행) and is romanized as one token, with the voicing of
// McCune–Reischauer between voiced sounds in the "hangul-dprk" form
// (련봉 Ryonbong).
//
// The spellings of one syllable still vary between list entries (Pyong and
// Byong, Chol and Ch'ol, Jae and Chae, Kyu and Gyu): KoreanKey folds those
// differences, and the scorer compares a form read from Hangul with a
// listed token by their keys.

// Hangul syllable block and the sizes of its jamo tables.
const (
	hangulBase  = 0xAC00
	hangulLast  = 0xD7A3
	hangulVowel = 21
	hangulTail  = 28
)

// isHangulSyllable reports a precomposed Hangul syllable.
func isHangulSyllable(r rune) bool { return r >= hangulBase && r <= hangulLast }

// hangulParts returns the indices of the lead consonant, vowel and tail
// consonant of syllable r (tail 0 for none).
func hangulParts(r rune) (lead, vowel, tail int) {
	s := int(r - hangulBase)
	return s / (hangulVowel * hangulTail), s % (hangulVowel * hangulTail) / hangulTail, s % hangulTail
}

// Lead consonants in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ.
var (
	// leadDPRK spells a syllable-initial consonant as the DPRK's 1992
	// system does (McCune–Reischauer's unvoiced values, j for ㅈ, kh th
	// ph for the aspirates).
	leadDPRK = [19]string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"}
	// leadVoiced is McCune–Reischauer's value of ㄱ ㄷ ㅂ ㅈ between voiced
	// sounds (inside a word).
	leadVoiced = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"}
	// leadRR is the Revised Romanization (2000).
	leadRR = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
)

// Vowels in Unicode order: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ.
var (
	// vowelMR is McCune–Reischauer without breves (ŏ o, ŭ u), as the
	// DPRK's lists write it.
	vowelMR = [21]string{"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"}
	// vowelRR is the Revised Romanization.
	vowelRR = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
)

// tailSpelling spells the tail consonants in Unicode order (none ㄱ ㄲ ㄳ ㄴ
// ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ) by their
// sound at the end of a syllable, which both systems write alike: k n t l
// m p ng.
var tailSpelling = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}

// koreanSurnames spells the common surnames as the forms need them: the
// customary South Korean spelling (passports, the press) for "hangul-rr"
// and "hangul-sk", and where the DPRK spelling is not the syllable's
// McCune–Reischauer reading, that one. Other surnames are romanized like
// any syllable. The spellings of one surname are equated by the matcher's
// table of Korean surname romanizations (match: koreanSurnames).
var koreanSurnames = map[string]struct{ south, dprk string }{
	"김": {"kim", ""}, "이": {"lee", "ri"}, "리": {"lee", "ri"}, "박": {"park", ""}, "최": {"choi", ""},
	"정": {"jung", ""}, "강": {"kang", ""}, "조": {"cho", ""}, "윤": {"yoon", ""}, "장": {"jang", ""},
	"임": {"lim", "rim"}, "림": {"lim", "rim"}, "한": {"han", ""}, "오": {"oh", ""}, "서": {"seo", ""},
	"신": {"shin", "sin"}, "권": {"kwon", ""}, "황": {"hwang", ""}, "안": {"ahn", ""}, "송": {"song", ""},
	"류": {"ryu", ""}, "유": {"yoo", "ryu"}, "전": {"jeon", ""}, "홍": {"hong", ""}, "고": {"ko", ""},
	"문": {"moon", ""}, "양": {"yang", "ryang"}, "량": {"yang", "ryang"}, "손": {"son", ""}, "배": {"bae", ""},
	"백": {"baek", ""}, "허": {"heo", ""}, "남": {"nam", ""}, "노": {"noh", "ro"}, "로": {"roh", "ro"},
	"하": {"ha", ""}, "곽": {"kwak", ""}, "성": {"sung", ""}, "차": {"cha", ""}, "주": {"joo", ""},
	"우": {"woo", ""}, "구": {"koo", ""}, "민": {"min", ""}, "진": {"jin", ""}, "나": {"na", "ra"},
	"라": {"ra", "ra"}, "지": {"ji", ""}, "엄": {"um", ""}, "변": {"byun", ""}, "채": {"chae", ""},
	"원": {"won", ""}, "방": {"bang", ""}, "현": {"hyun", ""}, "염": {"yeom", "ryom"}, "렴": {"yeom", "ryom"},
	"여": {"yeo", "ryo"}, "려": {"yeo", "ryo"}, "용": {"yong", "ryong"}, "룡": {"yong", "ryong"},
}

// compoundSurnames are the two-syllable surnames; a name that begins with
// one keeps both syllables in its surname token.
var compoundSurnames = map[string]bool{
	"남궁": true, "황보": true, "제갈": true, "선우": true, "독고": true, "사공": true, "서문": true,
}

// hangulSyllables returns the precomposed syllables of t, and false when t
// has any other rune.
func hangulSyllables(t string) ([]rune, bool) {
	var out []rune
	for _, r := range t {
		if !isHangulSyllable(r) {
			return nil, false
		}
		out = append(out, r)
	}
	return out, len(out) > 0
}

// hangulSystem selects the spelling of a syllable.
type hangulSystem uint8

const (
	systemDPRK hangulSystem = iota
	systemRR
	systemSouth
)

// spellSyllable romanizes one syllable in system sys; voiced asks for
// McCune–Reischauer's voiced lead consonant (inside a word, after a vowel
// or a voiced consonant).
func spellSyllable(b *strings.Builder, r rune, sys hangulSystem, voiced bool) {
	lead, vowel, tail := hangulParts(r)
	switch {
	case sys != systemDPRK:
		b.WriteString(leadRR[lead])
	case voiced:
		b.WriteString(leadVoiced[lead])
	default:
		b.WriteString(leadDPRK[lead])
	}
	v := vowelMR[vowel]
	if sys != systemDPRK {
		v = vowelRR[vowel]
	}
	if sys == systemSouth && tail != 0 {
		// Customary spelling: ㅓ and ㅕ in a closed syllable as u, you
		// (Chul, Sung, Byung; 영 Young).
		switch {
		case vowel == 4:
			v = "u"
		case vowel == 6 && lead == 11:
			v = "you"
		case vowel == 6:
			v = "yu"
		}
	}
	b.WriteString(v)
	b.WriteString(tailSpelling[tail])
}

// voicedTail reports whether a syllable ends in a voiced sound (a vowel,
// n, m, ng or l), after which McCune–Reischauer voices ㄱ ㄷ ㅂ ㅈ.
func voicedTail(r rune) bool {
	_, _, tail := hangulParts(r)
	switch tailSpelling[tail] {
	case "", "n", "m", "ng", "l":
		return true
	}
	return false
}

// surnameSpelling spells a surname of one or two syllables.
func surnameSpelling(s []rune, sys hangulSystem) string {
	if len(s) == 1 {
		if sp, ok := koreanSurnames[string(s)]; ok {
			switch {
			case sys != systemDPRK:
				return sp.south
			case sp.dprk != "":
				return sp.dprk
			}
		}
	}
	var b strings.Builder
	for i, r := range s {
		spellSyllable(&b, r, sys, sys == systemDPRK && i > 0 && voicedTail(s[i-1]))
	}
	return b.String()
}

// hangulPersonName reports whether toks read as a personal name: a
// surname (one syllable, or two of compoundSurnames) and a given name of
// one to three syllables, as one token (최룡해), a surname token then the
// given name (최 룡해), or in the western order that international records
// use, the given name then a surname of one syllable (영호 김). It returns
// the surname's syllables and the given name's.
func hangulPersonName(toks []string) (surname, given []rune, ok bool) {
	if len(toks) == 0 || len(toks) > 2 {
		return nil, nil, false
	}
	var all [][]rune
	for _, t := range toks {
		s, ok := hangulSyllables(t)
		if !ok {
			return nil, nil, false
		}
		all = append(all, s)
	}
	first := all[0]
	sl := 1
	if len(first) >= 2 && compoundSurnames[string(first[:2])] {
		sl = 2
	}
	switch {
	case len(all) == 1:
		surname, given = first[:sl], first[sl:]
	case len(all[1]) == 1 && isKoreanSurname(all[1]) && !(len(first) == 1 && isKoreanSurname(first)):
		surname, given = all[1], first
	case len(first) == sl:
		surname, given = first, all[1]
	default:
		return nil, nil, false
	}
	if len(given) == 0 || len(given) > 3 {
		return nil, nil, false
	}
	return surname, given, true
}

// isKoreanSurname reports whether the syllables s are a surname of
// koreanSurnames or compoundSurnames.
func isKoreanSurname(s []rune) bool {
	_, ok := koreanSurnames[string(s)]
	return ok || compoundSurnames[string(s)]
}

// hangulTokens spells toks, whose dominant script is Hangul, in system
// sys: a personal name as surname plus one token per given syllable,
// anything else word by word (syllables joined, voiced inside a word in
// the DPRK system). Latin letters and digits in the tokens are kept;
// other runes are dropped.
func hangulTokens(toks []string, sys hangulSystem) []string {
	if surname, given, ok := hangulPersonName(toks); ok {
		out := []string{surnameSpelling(surname, sys)}
		for _, r := range given {
			var b strings.Builder
			spellSyllable(&b, r, sys, false)
			out = append(out, b.String())
		}
		return out
	}
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		var b strings.Builder
		prev := rune(0)
		for _, r := range t {
			switch {
			case isHangulSyllable(r):
				spellSyllable(&b, r, sys, sys == systemDPRK && isHangulSyllable(prev) && voicedTail(prev))
			case r < 0x80:
				b.WriteRune(r)
			}
			prev = r
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// hangulTransliterations returns the Latin forms of a name written in
// Hangul (see the top of this file).
func hangulTransliterations(toks []string) []transliteration {
	dprk := hangulTokens(toks, systemDPRK)
	rr := hangulTokens(toks, systemRR)
	out := []transliteration{{"hangul-dprk", dprk}, {"hangul-rr", rr}}
	if south := hangulTokens(toks, systemSouth); !slices.Equal(south, rr) {
		out = append(out, transliteration{"hangul-sk", south})
	}
	return out
}

// IsHangulForm reports whether f was read from a name written in Hangul
// (its Translit is one of the "hangul-" forms).
func IsHangulForm(f *Form) bool { return strings.HasPrefix(f.Translit, "hangul-") }

// KoreanKey folds the romanization variants of one Korean syllable or
// name token, so that the spellings of one Hangul syllable in the systems
// the lists use share a key: voicing (k/g, t/d, p/b, ch/j: Pyong, Byong;
// Chae, Jae), aspiration marks (kh, th, ph and the apostrophes that the
// normalizer already dropped), ŏ and ŭ as eo, o, eu, u, the doubled vowels
// of customary spellings (oo, ee: Soo, Hee), sh for s before i (Shin), l
// for r, oi for oe (Choi), Young for Yong, doubled consonants, and an h
// that only lengthens a vowel (Oh, Ahn). tok must be a normalized token;
// a token with other than ASCII letters is returned as is. KoreanKey is
// idempotent.
func KoreanKey(tok string) string {
	var buf [64]byte
	return string(AppendKoreanKey(buf[:0], tok))
}

// koreanFolds are KoreanKey's rewrites, tried in order at each position
// (longer patterns first); "ng" is kept whole so that its g is not read
// as k, and written 'N'.
var koreanFolds = [...]struct{ from, to string }{
	{"oung", "oN"}, {"tch", "c"}, {"ng", "N"}, {"eo", "o"}, {"eu", "u"}, {"oo", "u"}, {"ee", "i"},
	{"oi", "oe"}, {"ch", "c"}, {"kh", "k"}, {"th", "t"}, {"ph", "p"}, {"sh", "s"}, {"rh", "r"},
	{"j", "c"}, {"g", "k"}, {"b", "p"}, {"d", "t"}, {"l", "r"},
}

// koreanFoldsByFirst lists, for each first byte, the indices of the
// koreanFolds that begin with it, in order.
var koreanFoldsByFirst = func() (t [256][]uint8) {
	for i, f := range koreanFolds {
		t[f.from[0]] = append(t[f.from[0]], uint8(i))
	}
	return t
}()

// KoreanKeyClass returns a byte that two tokens with one Korean key
// share, cheaply: the class of their first letter (vowels one class, g as
// k, b as p, d as t, j and tch as c, l as r). Tokens of different classes
// never have one key.
func KoreanKeyClass(tok string) byte {
	if tok == "" {
		return 0
	}
	if strings.HasPrefix(tok, "tch") {
		return 'c'
	}
	return koreanClass[tok[0]]
}

var koreanClass = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for _, c := range "aeiouwy" {
		t[c] = 'V'
	}
	t['g'], t['b'], t['d'], t['j'], t['l'], t['N'] = 'k', 'p', 't', 'c', 'r', 'n'
	return t
}()

// AppendKoreanKey appends KoreanKey(tok) to dst, without allocating for
// tokens of up to 64 bytes.
func AppendKoreanKey(dst []byte, tok string) []byte {
	for i := 0; i < len(tok); i++ {
		if c := tok[i]; (c < 'a' || c > 'z') && c != 'N' {
			return append(dst, tok...)
		}
	}
	var a, b [64]byte
	cur, other := foldKorean(a[:0], []byte(tok)), b[:0]
	// The rewrites never lengthen a token and none undoes another, so
	// repeating them reaches a fixed point (what makes the key idempotent:
	// "oee" is "oi" after one pass, "oe" after two).
	for {
		next := foldKorean(other[:0], cur)
		if string(next) == string(cur) {
			return append(dst, cur...)
		}
		cur, other = next, cur
	}
}

// foldKorean applies koreanFolds once to src, then collapses doubled
// letters and drops an h after a vowel that no vowel follows (Oh, Ahn,
// Noh: it marks length, not a sound).
func foldKorean(dst, src []byte) []byte {
	start := len(dst)
	for i := 0; i < len(src); {
		matched := false
		for _, fi := range koreanFoldsByFirst[src[i]] {
			f := &koreanFolds[fi]
			if len(src)-i >= len(f.from) && string(src[i:i+len(f.from)]) == f.from {
				dst = append(dst, f.to...)
				i += len(f.from)
				matched = true
				break
			}
		}
		if !matched {
			dst = append(dst, src[i])
			i++
		}
	}
	w := start
	for i := start; i < len(dst); i++ {
		c := dst[i]
		if w > start && dst[w-1] == c {
			continue
		}
		if c == 'h' && w > start && koreanVowel(dst[w-1]) && (i+1 == len(dst) || !koreanVowel(dst[i+1])) {
			continue
		}
		dst[w] = c
		w++
	}
	return dst[:w]
}

func koreanVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'w', 'y':
		return true
	}
	return false
}
