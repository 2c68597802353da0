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
	// words holds every word of the English translations.
	words map[string]bool
}

// parseGlossary reads the format of data/glossary.txt. Errors name the
// line.
func parseGlossary(data string) (*glossary, error) {
	g := &glossary{zh: map[string][]string{}, ru: map[string][]string{}, en: map[string][]string{}, words: map[string]bool{}}
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
		if term == "" {
			return nil, fmt.Errorf("glossary.txt:%d: term %q has no letters", i+1, f[1])
		}
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
			for _, w := range strings.Fields(e) {
				g.words[w] = true
			}
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

// GlossaryWord reports whether tok (normalized) is a word of an English
// translation in the glossary (university, of, technology, china): a
// generic word, not a distinctive one, in a name read with the glossary.
func GlossaryWord(tok string) bool { return theGlossary().words[tok] }

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
// every term in its usual translation first, then the spellings with one
// term in another translation, then with two (in the order of the terms).
const glossaryVariants = 8

// segment is one part of a name read with the glossary: the words of a
// distinctive part (one alternative), or the translations of a term.
type segment struct {
	alts [][]string
	term bool
}

// variants spells segs, at most glossaryVariants times (see there); nil
// when no segment is a term.
func variants(segs []segment) [][]string {
	found := false
	var amb []int // segments with more than one translation
	for i, sg := range segs {
		found = found || sg.term
		if len(sg.alts) > 1 {
			amb = append(amb, i)
		}
	}
	if !found {
		return nil
	}
	choice := make([]int, len(segs))
	spell := func() []string {
		var out []string
		for i, sg := range segs {
			out = append(out, sg.alts[choice[i]]...)
		}
		return out
	}
	out := [][]string{spell()}
	// One change, then two.
	for _, a := range amb {
		for alt := 1; alt < len(segs[a].alts) && len(out) < glossaryVariants; alt++ {
			choice[a] = alt
			out = append(out, spell())
		}
		choice[a] = 0
	}
	for x, a := range amb {
		for _, b := range amb[x+1:] {
			if len(out) >= glossaryVariants {
				return out
			}
			choice[a], choice[b] = 1, 1
			out = append(out, spell())
			choice[a], choice[b] = 0, 0
		}
	}
	return out
}

// termSegment is the segment of a term's translations.
func termSegment(ens []string) segment {
	sg := segment{term: true}
	for _, e := range ens {
		sg.alts = append(sg.alts, strings.Fields(e))
	}
	return sg
}

// glossaryHan reads Chinese company-name tokens with their generic terms
// in English and the rest in pinyin (see distinctive), ordinals (第三十八)
// as English ordinals (38th); nil when no term is found.
func glossaryHan(toks []string) [][]string {
	g := theGlossary()
	var segs []segment
	for _, tok := range toks {
		rs := []rune(tok)
		for k, r := range rs {
			rs[k] = simplified(r) // 華信船務 finds 船务
		}
		var run []rune // distinctive characters
		flush := func() {
			if w := distinctive(run); len(w) > 0 {
				segs = append(segs, segment{alts: [][]string{w}})
			}
			run = run[:0]
		}
		for i := 0; i < len(rs); {
			if rs[i] == '第' {
				if num, n := hanNumber(rs[i+1:]); n > 0 {
					flush()
					segs = append(segs, segment{alts: [][]string{numberWords([]string{ordinal(num)})}})
					i += 1 + n
					continue
				}
			}
			n := 0
			var ens []string
			for l := min(g.zhMax, len(rs)-i); l >= 1; l-- {
				if e, ok := g.zh[string(rs[i:i+l])]; ok {
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
			segs = append(segs, termSegment(ens))
			i += n
		}
		flush()
	}
	return variants(segs)
}

// glossaryCyrillic reads Russian company-name tokens with their generic
// terms in English (longest phrase first) and the rest in BGN/PCGN; nil
// when no term is found.
func glossaryCyrillic(toks []string) [][]string {
	g := theGlossary()
	var segs []segment
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
			if w := mapTokens(toks[i:i+1], nil, cyrBGN); len(w) > 0 {
				segs = append(segs, segment{alts: [][]string{w}})
			}
			i++
			continue
		}
		segs = append(segs, termSegment(ens))
		i += n
	}
	return variants(segs)
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
	total, cur, n := 0, 0, 0
	for _, r := range rs {
		if d, ok := hanDigits[r]; ok {
			cur = cur*10 + d // positional digits: 七〇二
		} else {
			switch r {
			case '十':
				total += max(cur, 1) * 10
			case '百':
				total += cur * 100
			default:
				return total + cur, n
			}
			cur = 0
		}
		n++
		if total+cur >= 1000 {
			return 0, 0
		}
	}
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
