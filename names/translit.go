package names

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// transliteration is one Latin spelling of a name's tokens.
type transliteration struct {
	name   string
	tokens []string
}

// cyrBGN is the BGN/PCGN romanization of Russian (and Belarusian ў, і),
// simplified to ASCII (ё → e, ъ and ь dropped).
var cyrBGN = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "w",
	// Kazakh, Mongolian, Serbian, Macedonian letters.
	'ә': "a", 'ғ': "gh", 'қ': "q", 'ң': "ng", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h",
	'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'ђ': "dj", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
}

// cyrICAO differs from BGN/PCGN where ICAO Doc 9303 (passports) does.
var cyrICAO = map[rune]string{
	'й': "i", 'ц': "ts", 'х': "kh", 'ъ': "ie", 'ю': "iu", 'я': "ia", 'ї': "i", 'є': "ie",
	'ё': "e", 'ы': "y",
}

// cyrUkrainian differs from BGN/PCGN where the Ukrainian national system
// does (г → h, и → y, і → i).
var cyrUkrainian = map[rune]string{
	'г': "h", 'и': "y", 'і': "i", 'ї': "i", 'є': "ie", 'й': "i", 'ю': "iu", 'я': "ia",
	'х': "kh", 'щ': "shch",
}

// cyrSerbian is the Serbian Latin alphabet, ASCII-folded (ч, ћ → c).
var cyrSerbian = map[rune]string{
	'ч': "c", 'ћ': "c", 'ш': "s", 'ж': "z", 'ђ': "dj", 'џ': "dz", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ц': "c", 'х': "h",
}

// greek romanizes Greek letters one by one (ELOT 743; digraphs in
// greek.go).
var greek = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps",
	'ω': "o",
}

// armenian romanizes Armenian (lower case after folding).
var armenian = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y", 'թ': "t",
	'ժ': "zh", 'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh",
	'ճ': "ch", 'մ': "m", 'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j",
	'ռ': "r", 'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "u", 'փ': "p", 'ք': "k",
	'օ': "o", 'ֆ': "f", 'և': "ev",
}

// georgian romanizes Georgian (national system).
var georgian = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z", 'თ': "t", 'ი': "i",
	'კ': "k", 'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o", 'პ': "p", 'ჟ': "zh", 'რ': "r", 'ს': "s",
	'ტ': "t", 'უ': "u", 'ფ': "p", 'ქ': "k", 'ღ': "gh", 'ყ': "q", 'შ': "sh", 'ჩ': "ch", 'ც': "ts",
	'ძ': "dz", 'წ': "ts", 'ჭ': "ch", 'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
}

// ukrainianLetters are letters used in Ukrainian but not Russian.
func hasUkrainian(toks []string) bool {
	for _, t := range toks {
		if strings.ContainsAny(t, "іїєґ") {
			return true
		}
	}
	return false
}

func hasSerbian(toks []string) bool {
	for _, t := range toks {
		if strings.ContainsAny(t, "јљњћђџ") {
			return true
		}
	}
	return false
}

// transliterate returns the Latin spellings of toks, whose dominant script
// is s.
func transliterate(toks []string, s Script) []transliteration {
	switch s {
	case Cyrillic:
		out := []transliteration{
			{"bgn", mapTokens(toks, nil, cyrBGN)},
			{"icao", mapTokens(toks, cyrICAO, cyrBGN)},
		}
		if hasUkrainian(toks) {
			out = append(out, transliteration{"uk", mapTokens(toks, cyrUkrainian, cyrBGN)})
		}
		if hasSerbian(toks) {
			out = append(out, transliteration{"sr", mapTokens(toks, cyrSerbian, cyrBGN)})
		}
		for _, g := range glossaryCyrillic(toks) {
			out = append(out, transliteration{"glossary", g})
		}
		return out
	case Han:
		spaced, joined := pinyinTokens(toks)
		out := []transliteration{{"pinyin", spaced}, {"pinyin-joined", joined}}
		for _, x := range xinhuaTokens(toks) {
			out = append(out, transliteration{"xinhua", x})
		}
		for _, g := range glossaryHan(toks) {
			out = append(out, transliteration{"glossary", g})
		}
		// A name that is not a transcription of a foreign name nor a
		// company name also gets its Japanese readings (kanji.go).
		plain := len(out) == 2
		out = append(out, hanjaTransliterations(toks)...)
		if plain {
			out = append(out, kanjiForms(toks)...)
		}
		return out
	case Greek:
		return greekForms(toks)
	case Arabic:
		return arabicTransliterations(toks) // arabic.go
	case Hebrew:
		return hebrewForms(toks)
	case Hangul:
		return hangulTransliterations(toks)
	case Other:
		// Armenian, Georgian and Japanese kana by table, Thai by RTGS;
		// other scripts stay as written.
		if tr := mapTokens(toks, armenian, georgian); len(tr) == len(toks) {
			return []transliteration{{"table", tr}}
		}
		if tr := kanaForms(toks); len(tr) > 0 {
			return tr
		}
		if tr := thaiForms(toks); len(tr) > 0 {
			return tr
		}
	}
	return nil
}

// mapTokens spells each token with over, then base, keeping Latin letters
// and digits and dropping runes neither table knows.
func mapTokens(toks []string, over, base map[rune]string) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		var b strings.Builder
		prev := rune(0)
		for _, r := range t {
			if r == 0x0306 || r == 0x0308 { // й, ў, ї decomposed
				r = combine(prev, r)
				// the base letter was already written: rewrite it
				s := b.String()
				b.Reset()
				b.WriteString(strings.TrimSuffix(s, spell(prev, over, base)))
				b.WriteString(spell(r, over, base))
				prev = r
				continue
			}
			if r < 0x80 {
				b.WriteRune(r)
			} else {
				b.WriteString(spell(r, over, base))
			}
			prev = r
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

func spell(r rune, over, base map[rune]string) string {
	if s, ok := over[r]; ok {
		return s
	}
	if s, ok := base[r]; ok {
		return s
	}
	if unicode.Is(unicode.Latin, r) {
		return string(r)
	}
	return ""
}

// combine returns the precomposed Cyrillic letter for base + mark.
func combine(base, mark rune) rune {
	switch {
	case base == 'и' && mark == 0x0306:
		return 'й'
	case base == 'у' && mark == 0x0306:
		return 'ў'
	case base == 'і' && mark == 0x0308:
		return 'ї'
	}
	return base
}

var pinyinArgs = pinyin.NewArgs()

// pinyinCache memoizes syllableOf: go-pinyin strips tones with regular
// expressions on every call, most of the time of analyzing a Chinese name.
// It holds at most one entry per Han character.
var pinyinCache sync.Map // rune → string

// syllableOf returns the toneless pinyin of a Han character, "" when it
// has none.
func syllableOf(r rune) string {
	if v, ok := pinyinCache.Load(r); ok {
		return v.(string)
	}
	py := ""
	if s := pinyin.SinglePinyin(r, pinyinArgs); len(s) > 0 {
		py = s[0]
	}
	pinyinCache.Store(r, py)
	return py
}

// pinyinTokens spells Han characters in pinyin without tones: one token
// per syllable, and the same joined into one token per original token.
func pinyinTokens(toks []string) (spaced, joined []string) {
	for _, t := range toks {
		var j strings.Builder
		var latin strings.Builder
		flush := func() {
			if latin.Len() > 0 {
				spaced = append(spaced, latin.String())
				j.WriteString(latin.String())
				latin.Reset()
			}
		}
		for _, r := range t {
			if unicode.Is(unicode.Han, r) {
				flush()
				if py := syllableOf(r); py != "" {
					spaced = append(spaced, py)
					j.WriteString(py)
				}
				continue
			}
			if r < 0x80 {
				latin.WriteRune(r)
			}
		}
		flush()
		if j.Len() > 0 {
			joined = append(joined, j.String())
		}
	}
	return spaced, joined
}

// kana romanizes katakana (Hepburn, simplified); hiragana is read as the
// katakana 0x60 above it.
var kana = map[rune]string{
	'ア': "a", 'イ': "i", 'ウ': "u", 'エ': "e", 'オ': "o", 'カ': "ka", 'キ': "ki", 'ク': "ku", 'ケ': "ke", 'コ': "ko",
	'サ': "sa", 'シ': "shi", 'ス': "su", 'セ': "se", 'ソ': "so", 'タ': "ta", 'チ': "chi", 'ツ': "tsu", 'テ': "te", 'ト': "to",
	'ナ': "na", 'ニ': "ni", 'ヌ': "nu", 'ネ': "ne", 'ノ': "no", 'ハ': "ha", 'ヒ': "hi", 'フ': "fu", 'ヘ': "he", 'ホ': "ho",
	'マ': "ma", 'ミ': "mi", 'ム': "mu", 'メ': "me", 'モ': "mo", 'ヤ': "ya", 'ユ': "yu", 'ヨ': "yo",
	'ラ': "ra", 'リ': "ri", 'ル': "ru", 'レ': "re", 'ロ': "ro", 'ワ': "wa", 'ヲ': "o", 'ン': "n",
	'ガ': "ga", 'ギ': "gi", 'グ': "gu", 'ゲ': "ge", 'ゴ': "go", 'ザ': "za", 'ジ': "ji", 'ズ': "zu", 'ゼ': "ze", 'ゾ': "zo",
	'ダ': "da", 'ヂ': "ji", 'ヅ': "zu", 'デ': "de", 'ド': "do", 'バ': "ba", 'ビ': "bi", 'ブ': "bu", 'ベ': "be", 'ボ': "bo",
	'パ': "pa", 'ピ': "pi", 'プ': "pu", 'ペ': "pe", 'ポ': "po", 'ヴ': "vu",
	'ァ': "a", 'ィ': "i", 'ゥ': "u", 'ェ': "e", 'ォ': "o", 'ャ': "ya", 'ュ': "yu", 'ョ': "yo",
}
