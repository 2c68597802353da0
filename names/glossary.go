package names

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Company names in Chinese characters and in Russian are made of a
// distinctive part (a place, a trade name) and generic terms (航空
// aviation, 科技 technology, 大学 university; завод plant, концерн
// concern). English list names translate the generic terms and
// transliterate the rest: 北京理工大学 is Beijing Institute of Technology.
// The glossary in data/glossary.txt gives the English of the generic terms;
// a name is read with them translated and the rest in pinyin (Chinese,
// each run of characters between terms joined into one word: 北京 beijing)
// or BGN/PCGN (Russian), as one more Latin form of the name.

//go:embed data/glossary.txt
var glossaryData string

// glossary holds the terms of data/glossary.txt by language.
type glossary struct {
	// zh maps a Chinese term to its English translations; zhMax is the
	// longest term in runes.
	zh    map[string][]string
	zhMax int
	// ru maps a Russian phrase (normalized words joined by one space) to
	// its English translations; ruMax is the longest phrase in words.
	ru    map[string][]string
	ruMax int
	// en maps an English translation (normalized) to its terms, both
	// languages: the table read backwards.
	en map[string][]string
}

// parseGlossary reads the format of data/glossary.txt. Errors name the
// line.
func parseGlossary(data string) (*glossary, error) {
	g := &glossary{zh: map[string][]string{}, ru: map[string][]string{}, en: map[string][]string{}}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("glossary.txt:%d: want language, term and translations separated by tabs, got %q", i+1, line)
		}
		var ens []string
		for _, e := range strings.Split(f[2], "|") {
			e = Normalize(e)
			if e == "" {
				return nil, fmt.Errorf("glossary.txt:%d: empty translation in %q", i+1, f[2])
			}
			ens = append(ens, e)
		}
		term := Normalize(f[1])
		switch f[0] {
		case "zh":
			for _, r := range term {
				if !unicode.Is(unicode.Han, r) {
					return nil, fmt.Errorf("glossary.txt:%d: Chinese term %q has a character that is not Chinese", i+1, f[1])
				}
			}
			if _, dup := g.zh[term]; dup {
				return nil, fmt.Errorf("glossary.txt:%d: %q is given twice", i+1, f[1])
			}
			g.zh[term] = ens
			g.zhMax = max(g.zhMax, len([]rune(term)))
		case "ru":
			if _, dup := g.ru[term]; dup {
				return nil, fmt.Errorf("glossary.txt:%d: %q is given twice", i+1, f[1])
			}
			g.ru[term] = ens
			g.ruMax = max(g.ruMax, len(strings.Fields(term)))
		default:
			return nil, fmt.Errorf("glossary.txt:%d: unknown language %q (want zh or ru)", i+1, f[0])
		}
		for _, e := range ens {
			g.en[e] = append(g.en[e], term)
		}
	}
	return g, nil
}

// theGlossary is the embedded glossary; it is checked by TestGlossary.
var theGlossary = sync.OnceValue(func() *glossary {
	g, err := parseGlossary(glossaryData)
	if err != nil {
		panic(err) // the embedded glossary is fixed at build time
	}
	return g
})

// GlossaryTerms returns the Chinese and Russian generic terms whose
// translations include the English phrase en: GlossaryTerms("aviation")
// holds 航空 and авиационный.
func GlossaryTerms(en string) []string { return theGlossary().en[Normalize(en)] }

// Translate returns the English of a Chinese or Russian generic term, the
// usual translation first, or nil when the glossary does not have it:
// Translate("研究所") == ["research institute" "institute"].
func Translate(term string) []string {
	g := theGlossary()
	t := Normalize(term)
	if e, ok := g.zh[t]; ok {
		return e
	}
	return g.ru[t]
}

// glossaryVariants is the most spellings a name gets from the glossary:
// the first translation of every term, then the second, ...
const glossaryVariants = 2

// glossaryHan reads Chinese company-name tokens with their generic terms
// in English and the rest in joined pinyin, one token list per variant;
// nil when no term is found.
func glossaryHan(toks []string) [][]string {
	g := theGlossary()
	var out [][]string
	for v := range glossaryVariants {
		var res []string
		found, more := false, false
		for _, tok := range toks {
			rs := []rune(tok)
			var run []rune // distinctive characters
			flush := func() {
				res = append(res, distinctive(run)...)
				run = run[:0]
			}
			for i := 0; i < len(rs); {
				rs[i] = simplified(rs[i])
				if rs[i] == '第' {
					if num, n := hanNumber(rs[i+1:]); n > 0 {
						flush()
						res = append(res, ordinal(num))
						i += 1 + n
						continue
					}
				}
				n := 0
				var ens []string
				for l := min(g.zhMax, len(rs)-i); l >= 1; l-- {
					if e, ok := g.zh[simplifiedString(rs[i:i+l])]; ok {
						n, ens = l, e
						break
					}
				}
				if n == 0 {
					run = append(run, rs[i])
					i++
					continue
				}
				flush()
				found = true
				e := ens[0]
				if v < len(ens) {
					e = ens[v]
				}
				more = more || v+1 < len(ens)
				res = append(res, strings.Fields(e)...)
				i += n
			}
			flush()
		}
		if !found {
			return nil
		}
		out = append(out, res)
		if !more {
			break
		}
	}
	return out
}

// glossaryCyrillic reads Russian company-name tokens with their generic
// terms in English (longest phrase first) and the rest in BGN/PCGN, one
// token list per variant; nil when no term is found.
func glossaryCyrillic(toks []string) [][]string {
	g := theGlossary()
	var out [][]string
	for v := range glossaryVariants {
		var res []string
		found, more := false, false
		for i := 0; i < len(toks); {
			n := 0
			var ens []string
			for l := min(g.ruMax, len(toks)-i); l >= 1; l-- {
				if e, ok := g.ru[strings.Join(toks[i:i+l], " ")]; ok {
					n, ens = l, e
					break
				}
			}
			if n == 0 {
				res = append(res, mapTokens(toks[i:i+1], nil, cyrBGN)...)
				i++
				continue
			}
			found = true
			e := ens[0]
			if v < len(ens) {
				e = ens[v]
			}
			more = more || v+1 < len(ens)
			res = append(res, strings.Fields(e)...)
			i += n
		}
		if !found {
			return nil
		}
		out = append(out, res)
		if !more {
			break
		}
	}
	return out
}

// simplifiedString is rs in simplified characters, so that traditional
// names (華信船務) find the glossary's terms.
func simplifiedString(rs []rune) string {
	var buf [16]rune
	out := buf[:0]
	for _, r := range rs {
		out = append(out, simplified(r))
	}
	return string(out)
}

// placeReadings are the readings of characters with several whose
// reading in place and trade names is not go-pinyin's first (成都 Chengdu,
// 厦门 Xiamen, 重庆 Chongqing).
var placeReadings = map[rune]string{'都': "du", '厦': "xia", '重': "chong", '长': "chang", '行': "hang", '乐': "le", '藏': "zang"}

// distinctive spells a run of distinctive characters (place and trade
// names) in pinyin: Chinese writes them without spaces, English as one word
// each, and most are two characters (北京 Beijing, 海光 Haiguang) or three
// (哈尔滨 Harbin), so a run of four is read as two words, five as three and
// two, and longer ones two by two. Runes that are neither Chinese nor ASCII
// are dropped.
func distinctive(run []rune) []string {
	var words []string
	var b strings.Builder
	emit := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	han := 0
	for i, r := range run {
		if !unicode.Is(unicode.Han, r) {
			if r < 0x80 {
				b.WriteRune(r)
			}
			continue
		}
		if py, ok := placeReadings[r]; ok {
			b.WriteString(py)
		} else {
			b.WriteString(syllableOf(r))
		}
		han++
		rest := len(run) - i - 1
		if rest >= 2 && (han == 2 && len(run) != 5 || han == 3) {
			emit()
			han = 0
		}
	}
	emit()
	return words
}

// hanDigits are the values of the Chinese digits.
var hanDigits = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// hanNumber reads a Chinese numeral below 1000 at the start of rs (十四 14,
// 三十八 38, 七〇二 702, 二〇一 201) and returns it and the runes it took;
// 0, 0 when rs does not start with one.
func hanNumber(rs []rune) (int, int) {
	total, cur, n, positional := 0, 0, 0, 0
	for _, r := range rs {
		if d, ok := hanDigits[r]; ok {
			cur = cur*10 + d
			positional++
			n++
			continue
		}
		switch r {
		case '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
		case '百':
			total += cur * 100
		default:
			return total + cur, n
		}
		cur, positional = 0, 0
		n++
		if total >= 1000 {
			return 0, 0
		}
	}
	_ = positional
	return total + cur, n
}

// ordinal spells n as an English ordinal as lists write them: 1st, 2nd,
// 3rd, 14th, 38th, 702nd.
func ordinal(n int) string {
	suf := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suf = "st"
	case n%10 == 2:
		suf = "nd"
	case n%10 == 3:
		suf = "rd"
	}
	return strconv.Itoa(n) + suf
}
