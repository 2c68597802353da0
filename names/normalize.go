package names

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// fold case-folds s with a fresh caser (cases.Caser keeps state, so one
// caser is not safe for concurrent use). Cherokee letters are then folded
// to upper case, as Unicode's CaseFolding.txt does: x/text folds upper to
// lower and lower to upper, so a fold of its fold differed and
// normalizeFull recursed without end.
func fold(s string) string {
	s = cases.Fold().String(s)
	if strings.IndexFunc(s, isCherokee) >= 0 {
		s = strings.Map(func(r rune) rune {
			if isCherokee(r) {
				return unicode.ToUpper(r)
			}
			return r
		}, s)
	}
	return s
}

// isCherokee reports letters of the Cherokee blocks.
func isCherokee(r rune) bool { return r >= 0x13A0 && r <= 0x13FF || r >= 0xAB70 && r <= 0xABBF }

// special spells out letters that have no Unicode decomposition into a base
// letter and marks.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŀ': "l", 'ŋ': "n", 'ſ': "s",
}

// keepMark reports whether the combining mark m after base letter b is part
// of a distinct letter that must survive normalization (Cyrillic й, ў, ї).
func keepMark(b, m rune) bool {
	switch {
	case m == 0x0306 && (b == 'и' || b == 'у' || b == 'И' || b == 'У'):
		return true
	case m == 0x0308 && (b == 'і' || b == 'І'):
		return true
	}
	return false
}

// isInvisible reports format characters that are dropped without a space:
// zero-width space and joiner, word joiner, byte-order mark, soft hyphen,
// left-to-right and right-to-left marks, embeddings, overrides and
// isolates (Unicode category Cf). Inserted in a name they change nothing a
// reader sees ("Pu\u200btin" is Putin), so they must change nothing here.
// The zero-width non-joiner (U+200C) is kept as a word break: Persian
// writes it between the parts of compound names.
func isInvisible(r rune) bool { return r != 0x200C && unicode.Is(unicode.Cf, r) }

// isApostrophe reports runes that are dropped without a space.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', 'ʹ', 'ʾ', 'ʿ',
		'׳', '״': // Hebrew geresh and gershayim, inside words (ג׳ורג׳)
		return true
	}
	return false
}

// Normalize returns the character-normalized form of s: NFKC, case folded,
// diacritics stripped (except where they make a distinct Cyrillic letter),
// traditional Chinese characters folded to simplified (OpenCC's
// TSCharacters, character by character, not phrases), special letters
// spelled out, apostrophes dropped, other punctuation and
// symbols turned into single spaces, invisible format characters
// (zero-width, bidi marks: isInvisible) dropped, trimmed. Normalize(Normalize(s)) ==
// Normalize(s). Invalid UTF-8 bytes become spaces.
func Normalize(s string) string {
	if ascii.Is(s) {
		return normalizeASCII(s)
	}
	if out, ok := normalizeTable(s); ok {
		return out
	}
	return normalizeFull(s)
}

// normalizeFull is Normalize by the Unicode tables, for any input.
func normalizeFull(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = norm.NFKC.String(s)
	s = fold(s)
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	var base rune
	space := true // suppress leading spaces
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			if keepMark(base, r) {
				b.WriteRune(r)
				continue
			}
			if base != 0 && scriptOf(base) != Other {
				continue // a diacritic on a Latin, Cyrillic, Greek... letter
			}
			if base != 0 {
				b.WriteRune(r) // marks of Indic, Thai... scripts are letters
			}
			continue
		}
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			base, space = 'a', false
			continue
		}
		if isApostrophe(r) || isInvisible(r) {
			continue
		}
		if r == '&' {
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			base, space = 0, true
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r) {
			if r >= minTraditional {
				r = simplified(r)
			}
			b.WriteRune(r)
			base, space = r, false
			continue
		}
		base = 0
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := strings.TrimRight(b.String(), " ")
	// Recompose what the stripping left (Hangul jamo, Cyrillic й) and fold
	// once more: NFC can produce letters whose fold differs.
	out = norm.NFC.String(out)
	if !isNormalFolded(out) {
		return normalizeFull(out)
	}
	return out
}

// isNormalFolded reports whether s is unchanged by NFKC and folding.
func isNormalFolded(s string) bool {
	return norm.NFKC.IsNormalString(s) && fold(s) == s
}

// normalizeASCII is the fast path of Normalize for ASCII input.
func normalizeASCII(s string) string {
	buf := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			buf = append(buf, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			buf = append(buf, c)
			space = false
		case c == '\'' || c == '`':
		case c == '&':
			if !space {
				buf = append(buf, ' ')
			}
			buf = append(buf, "and "...)
			space = true
		default:
			if !space {
				buf = append(buf, ' ')
				space = true
			}
		}
	}
	for len(buf) > 0 && buf[len(buf)-1] == ' ' {
		buf = buf[:len(buf)-1]
	}
	return string(buf)
}

// fastRunes is the largest rune normalizeTable handles: Latin-1, Latin
// Extended-A and -B, IPA, Greek and Cyrillic.
const fastRunes = 0x500

// runeNorm is what Normalize makes of one rune below fastRunes, computed by
// the full path: the letters it becomes, a separator (sep) or nothing
// (drop, for apostrophes). slow marks the runes whose result depends on
// their neighbours (combining marks) or is not one word (½): their text
// takes the full path.
type runeNorm struct {
	out             string
	sep, drop, slow bool
}

// runeTable holds runeNorm for every rune from 0x80 to fastRunes.
var runeTable = func() (t [fastRunes]runeNorm) {
	for r := rune(0x80); r < fastRunes; r++ {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			t[r].slow = true
		case isApostrophe(r) || isInvisible(r):
			t[r].drop = true
		default:
			out := normalizeFull(string(r))
			// Between two letters the rune must give the same: "ŀ" is
			// "l" alone but "l " before a letter (l and a middle dot).
			inside := normalizeFull("a" + string(r) + "a")
			switch {
			case out == "" && inside == "a a":
				t[r].sep = true
			case out == "" || strings.ContainsRune(out, ' ') || !unicode.IsLetter(r) || inside != "a"+out+"a":
				t[r].slow = true
			default:
				t[r].out = out
			}
		}
	}
	return t
}()

// normalizeTable is the fast path of Normalize for text whose runes are
// all below fastRunes (Latin with diacritics, Greek, Cyrillic: the names of
// most lists): each rune is looked up in runeTable, which the full path
// filled. It reports false, and Normalize takes the full path, for text
// with any other rune, a combining mark or invalid UTF-8.
func normalizeTable(s string) (string, bool) {
	buf := make([]byte, 0, len(s)+8)
	space := true
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
			space = false
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			buf = append(buf, byte(r))
			space = false
		case r == '\'' || r == '`':
		case r == '&':
			if !space {
				buf = append(buf, ' ')
			}
			buf = append(buf, "and "...)
			space = true
		case r < utf8.RuneSelf:
			if !space {
				buf = append(buf, ' ')
				space = true
			}
		case r >= fastRunes || runeTable[r].slow:
			return "", false // also utf8.RuneError (0xFFFD)
		case runeTable[r].drop:
		case runeTable[r].sep:
			if !space {
				buf = append(buf, ' ')
				space = true
			}
		default:
			buf = append(buf, runeTable[r].out...)
			space = false
		}
	}
	for len(buf) > 0 && buf[len(buf)-1] == ' ' {
		buf = buf[:len(buf)-1]
	}
	return string(buf), true
}

// minTraditional is the smallest rune tsChars holds (CJK Extension A):
// letters below it are not looked up.
const minTraditional = 0x3400

// simplified returns the simplified form of the traditional Chinese
// character r, or r.
func simplified(r rune) rune {
	if s, ok := tsChars[r]; ok {
		return s
	}
	return r
}
