package textscreen

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/names"
	"github.com/redline-sanctions/redline/screen"
)

// A mention is a candidate party span and how it was found.
type mention struct {
	Span
	// name is the text given to the matcher (quotes stripped).
	name string
	// cue says what in the text made it a party: "legal" (a legal form or
	// an organisation word), "quote" (a quoted name after an organisation
	// or vessel word), "role" (a person's or vessel's name after a word
	// that says so), "han" (a Chinese company suffix), "list" (the index
	// scan), "country" (a cued name with its leading country word, kept
	// only when it matches: "Iran Aircraft Manufacturing ...").
	cue  string
	kind string
}

// orgWordsEn end the name of an organisation that has no legal form in
// the text ("Kalashnikov Concern", "Special Technology Center").
var orgWordsEn = map[string]string{
	"corporation": "Company", "company": "Company", "group": "Company", "holding": "Company", "holdings": "Company",
	"industries": "Company", "plant": "Company", "factory": "Company", "works": "Company", "concern": "Company",
	"enterprise": "Company", "enterprises": "Company", "technologies": "Company", "technology": "Company",
	"electronics": "Company", "systems": "Company", "engineering": "Company", "trading": "Company",
	"logistics": "Company", "shipping": "Company", "aviation": "Company", "aerospace": "Company", "bank": "Company",
	"bureau": "Organization", "institute": "Organization", "center": "Organization", "centre": "Organization",
	"ministry": "Organization", "agency": "Organization", "university": "Organization", "academy": "Organization",
}

// headWords start the name of an organisation that continues with "of":
// "Ministry of Defence", "Bank of Kunlun".
var headWords = map[string]bool{"ministry": true, "bank": true, "university": true, "institute": true, "academy": true,
	"agency": true, "bureau": true, "department": true, "directorate": true, "committee": true, "service": true}

// orgWordsRu introduce a quoted name in Russian (stems, lower case).
var orgWordsRu = []string{"компани", "завод", "фабрик", "комбинат", "концерн", "предприяти", "корпораци", "госкорпораци", "холдинг",
	"фирм", "групп", "банк", "объединени", "бюро", "институт", "центр", "производител", "поставщик", "заказчик"}

// hanSuffixes end a Chinese organisation name (the longest one found at
// a place wins).
var hanSuffixes = []string{"集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "研究院", "研究所", "设计局",
	"国防部", "商务部", "外交部", "工业部", "贸易部", "集团", "公司", "工厂", "大学", "银行", "厂"}

// indexSuffix returns the first index of the suffix suf in run where it
// ends a name: 厂 in 厂商, 厂家 or 厂房 (a maker, a plant building) does
// not. It returns -1 when there is none.
func indexSuffix(run, suf string) int {
	for from := 0; ; {
		k := strings.Index(run[from:], suf)
		if k < 0 {
			return -1
		}
		k += from
		rest := run[k+len(suf):]
		if suf != "厂" || !(strings.HasPrefix(rest, "商") || strings.HasPrefix(rest, "家") || strings.HasPrefix(rest, "房")) {
			return k
		}
		from = k + len(suf)
	}
}

// hanStops end a Chinese name read backwards from its suffix: function
// characters that rarely occur in company names.
const hanStops = "的向与和及从为在是由据称被将对把给了并也其该这那以于等已曾所均或且而则"

// legalPrefix reports whether a token is a legal form written before a
// name (ООО, АО, ПАО, ФГУП, OOO, JSC, ...), by names' legal-form table.
func legalPrefix(tok string) bool {
	switch names.LegalForm(tok) {
	case "llc", "jsc", "ojsc", "cjsc", "pjsc", "fgup", "gup", "ano", "npo", "npp", "mup", "fgbu":
		return true
	}
	return false
}

// personWords say that a person's name follows (lower case; Russian
// words as stems, which decline).
var personWords = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "ceo": true, "director": true, "founder": true, "owner": true,
	"businessman": true, "businesswoman": true, "chairman": true, "president": true, "general": true, "minister": true,
	"oligarch": true, "executive": true, "manager": true, "shareholder": true, "broker": true, "citizen": true,
}
var personStemsRu = []string{"господин", "госпож", "директор", "гендиректор", "основател", "владел", "бизнесмен",
	"предпринимател", "председател", "министр", "генерал", "гражданин", "гражданк"}

// hanPersonWords say in Chinese that a person's name follows.
var hanPersonWords = []string{"商人", "总经理", "董事长", "总裁", "创始人", "老板", "负责人", "经理", "先生", "女士"}

// vesselWords say that a vessel's name follows.
var vesselWords = map[string]bool{"vessel": true, "tanker": true, "freighter": true, "mv": true}
var vesselStemsRu = []string{"судн", "танкер", "сухогруз", "корабл", "теплоход", "паром"}

func personWord(w string) bool { return personWords[w] || hasStem(w, personStemsRu) }
func vesselWord(w string) bool { return vesselWords[w] || hasStem(w, vesselStemsRu) }

func hasStem(w string, stems []string) bool {
	for _, s := range stems {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// connector words may stand inside a capitalised name span.
var connectors = map[string]bool{"of": true, "and": true, "&": true, "for": true, "de": true, "the": true, "du": true, "и": true}

// textMentions finds party spans by the text's own cues in one sentence.
func textMentions(text string, sp Span, toks []token) []mention {
	var out []mention
	out = latinMentions(out, text, sp, toks)
	out = quotedMentions(out, text, sp, toks)
	out = roleMentions(out, text, sp, toks)
	out = hanRoleMentions(out, text, sp, toks)
	out = hanSuffixMentions(out, text, sp, toks)
	return out
}

// latinMentions appends the capitalised Latin runs that end with a legal
// form or an organisation word, or start with a prefix form or a head word.
func latinMentions(out []mention, text string, sp Span, toks []token) []mention {
	// 1. Latin: a capitalised run ending with a legal form or an
	// organisation word ("Kalashnikov Concern", "Shenzhen Foo Co., Ltd.").
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.han || !t.upper {
			continue
		}
		j := i
		for j+1 < len(toks) && !toks[j+1].han && gapOK(text, toks[j].end, toks[j+1].start) {
			next := strings.ToLower(text[toks[j+1].start:toks[j+1].end])
			if !toks[j+1].upper && !connectors[next] {
				break
			}
			prev := strings.ToLower(text[toks[j].start:toks[j].end])
			if next == "the" && prev != "of" || next == "and" && (orgWordsEn[prev] != "" || names.LegalForm(prev) != "") {
				break // "X Concern and the Y Company" names two
			}
			j++
		}
		for j > i && !toks[j].upper {
			j--
		}
		if j == i && !legalPrefix(text[t.start:t.end]) {
			continue
		}
		// Longest end at a legal form or organisation word.
		end, kind := -1, ""
		for k := j; k > i; k-- {
			w := text[toks[k].start:toks[k].end]
			lf := names.LegalForm(w)
			if lf == "" && k-1 > i {
				lf = names.LegalForm(text[toks[k-1].start:toks[k].end])
			}
			if cyrillic(w) {
				lf = "" // Russian forms stand before the name
			}
			if lf != "" && lf != "group" && lf != "holding" && lf != "corp" || lf == "corp" && len(w) > 2 && w != "Company" {
				end, kind = k, "Company"
				break
			}
			if kd, ok := orgWordsEn[strings.ToLower(w)]; ok {
				end, kind = k, kd
				break
			}
		}
		start := i
		if end < 0 && j > i && headWords[strings.ToLower(text[t.start:t.end])] {
			// "Ministry of Defence of Belarus", "Bank of Kunlun".
			end, kind = j, "Organization"
		}
		if end < 0 && j > i && legalPrefix(text[t.start:t.end]) {
			// "OOO Romashka", "АО Рубин": a prefix form and the
			// capitalised words after it.
			end, kind = j, "Company"
		}
		if end < 0 {
			continue
		}
		for start < end && connectors[strings.ToLower(text[toks[start].start:toks[start].end])] {
			start++ // "The Kalashnikov Concern"
		}
		stop := toks[end].end
		// Keep a trailing period of an abbreviated form ("Co., Ltd.").
		if stop < sp.End && text[stop] == '.' && len(text[toks[end].start:stop]) <= 4 {
			stop++
		}
		// Drop a leading country adjective from the name ("Chinese
		// Foo Company"): it becomes the party's country.
		for start < end && isPlaceWord(text[toks[start].start:toks[start].end]) {
			// Also the name with the country word, kept when it matches:
			// "Iran Aircraft Manufacturing Industrial Company" is a
			// listed name.
			out = append(out, mention{Span: Span{toks[start].start, stop}, name: text[toks[start].start:stop], cue: "country", kind: kind})
			start++
		}
		if start == end && orgWordsEn[strings.ToLower(text[toks[end].start:toks[end].end])] != "" {
			i = end
			continue // "Russian Company" alone is no name
		}
		out = append(out, mention{Span: Span{toks[start].start, stop}, name: text[toks[start].start:stop], cue: "legal", kind: kind})
		i = end
	}
	return out
}

// quotedMentions appends the quoted names after a legal form or an organisation word.
func quotedMentions(out []mention, text string, sp Span, toks []token) []mention {
	// 2. Quoted names: «...», “...”, "...", „...“, 「...」, 『...』 after a
	// legal form or an organisation word.
	for i := sp.Start; i < sp.End; {
		r, n := utf8.DecodeRuneInString(text[i:])
		closeQ := closing(r)
		if closeQ == 0 {
			i += n
			continue
		}
		qEnd := matchQuote(text, i+n, sp.End, r, closeQ)
		if qEnd < 0 {
			// Unbalanced nesting («Концерн ВКО «Алмаз-Антей»): the first
			// closing quote.
			if k := strings.IndexRune(text[i+n:sp.End], closeQ); k >= 0 {
				qEnd = i + n + k
			}
		}
		if qEnd < 0 || qEnd-(i+n) > 120 {
			i += n
			continue
		}
		inner := strings.TrimSpace(text[i+n : qEnd])
		first, _ := utf8.DecodeRuneInString(inner)
		if inner == "" || !(unicode.IsUpper(first) || unicode.IsDigit(first) || unicode.Is(unicode.Han, first)) {
			i += n
			continue
		}
		_, cn := utf8.DecodeRuneInString(text[qEnd:])
		start, kind := i, ""
		// The word before: a legal form (kept in the span) or an
		// organisation word.
		before := lastWord(text, sp.Start, i)
		switch {
		case before.End > 0 && legalPrefix(text[before.Start:before.End]):
			start, kind = before.Start, "Company"
		case before.End > 0 && vesselWord(strings.ToLower(text[before.Start:before.End])):
			kind = "Vessel"
		case before.End > 0 && orgWordRu(text[before.Start:before.End]):
			kind = "Company"
		case before.End > 0 && orgWordsEn[strings.ToLower(text[before.Start:before.End])] != "":
			kind = "Company"
		case r == '「' || r == '『':
			kind = "LegalEntity"
		}
		if kind == "" {
			i += n
			continue
		}
		out = append(out, mention{Span: Span{start, qEnd + cn}, name: text[start : qEnd+cn], cue: "quote", kind: kind})
		i = qEnd + cn
	}
	return out
}

// roleMentions appends the people and vessels named after a word that says what they are.
func roleMentions(out []mention, text string, sp Span, toks []token) []mention {
	// 3. People and vessels named after a word that says what they are:
	// "CEO John Smith", "businessman Ivan Petrov", "гендиректор Иван
	// Петров"; "the tanker Ocean Star", "vessel SPARTA IV".
	for i := 0; i+1 < len(toks); i++ {
		w := strings.ToLower(text[toks[i].start:toks[i].end])
		kind := ""
		switch {
		case personWord(w):
			kind = "Person"
		case vesselWord(w):
			kind = "Vessel"
		default:
			continue
		}
		j := i + 1
		if toks[j].han || !toks[j].upper || !gapOK(text, toks[i].end, toks[j].start) {
			continue
		}
		k := j
		for k+1 < len(toks) && k-j < 3 && toks[k+1].upper && !toks[k+1].han && gapOK(text, toks[k].end, toks[k+1].start) && !strings.Contains(text[toks[k].end:toks[k+1].start], ",") {
			k++
		}
		if kind == "Person" && k == j {
			continue // a person needs a given name and a surname
		}
		out = append(out, mention{Span: Span{toks[j].start, toks[k].end}, name: text[toks[j].start:toks[k].end], cue: "role", kind: kind})
		i = k
	}
	return out
}

// hanRoleMentions appends the Chinese names of people after a word for their role.
func hanRoleMentions(out []mention, text string, sp Span, toks []token) []mention {
	// Chinese: two or three characters after a word for a person's role,
	// up to a function character ("商人张伟向…").
	for _, t := range toks {
		if !t.han {
			continue
		}
		run := text[t.start:t.end]
		for _, cue := range hanPersonWords {
			for off := 0; ; {
				k := strings.Index(run[off:], cue)
				if k < 0 {
					break
				}
				start := off + k + len(cue)
				end, n := start, 0
				for end < len(run) && n < 3 {
					r, sz := utf8.DecodeRuneInString(run[end:])
					if strings.ContainsRune(hanStops, r) {
						break
					}
					end += sz
					n++
				}
				if n >= 2 {
					out = append(out, mention{Span: Span{t.start + start, t.start + end}, name: run[start:end], cue: "role", kind: "Person"})
				}
				off = max(end, start)
			}
		}
	}
	return out
}

// hanSuffixMentions appends the Chinese names that end in a company-type suffix.
func hanSuffixMentions(out []mention, text string, sp Span, toks []token) []mention {
	// 4. Chinese names ending in a company-type suffix.
	for _, t := range toks {
		if !t.han {
			continue
		}
		run := text[t.start:t.end]
		for off := 0; off < len(run); {
			best, at := "", -1
			for _, suf := range hanSuffixes {
				k := indexSuffix(run[off:], suf)
				if k >= 0 && (at < 0 || off+k < at || off+k == at && len(suf) > len(best)) {
					best, at = suf, off+k
				}
			}
			if at < 0 {
				break
			}
			// Extend over a longer suffix that starts at the same place
			// or right after ("集团" + "有限公司").
			end := at + len(best)
			for _, suf := range hanSuffixes {
				if strings.HasPrefix(run[end:], suf) {
					end += len(suf)
					break
				}
			}
			start := at
			n := 0
			for start > off && n < 16 {
				r, sz := utf8.DecodeLastRuneInString(run[:start])
				if strings.ContainsRune(hanStops, r) {
					break
				}
				start -= sz
				n++
			}
			// A Latin name right before ("DJI公司") belongs to it.
			abs := t.start + start
			if start == 0 {
				if w := lastWord(text, sp.Start, t.start); w.End == t.start && w.End > w.Start {
					abs = w.Start
				}
			}
			if n >= 2 || abs < t.start+start {
				kind := "Company"
				if strings.HasSuffix(best, "所") || strings.HasSuffix(best, "院") || strings.HasSuffix(best, "部") || best == "大学" || best == "设计局" {
					kind = "Organization"
				}
				out = append(out, mention{Span: Span{abs, t.start + end}, name: text[abs : t.start+end], cue: "han", kind: kind})
			}
			off = end
		}
	}
	return out
}

// gapOK reports whether two tokens of a name are separated only by
// spaces, a hyphen, an ampersand, a period or a comma before a legal form.
func gapOK(text string, a, b int) bool {
	g := text[a:b]
	if len(g) > 3 {
		return false
	}
	for _, c := range g {
		if !strings.ContainsRune(" -&.,'", c) {
			return false
		}
	}
	return !strings.Contains(g, ",") || legalTail(text[b:])
}

// legalTail reports whether s starts with a Latin legal form (after a
// comma: "Foo, Ltd.", "Foo Co., Ltd.").
func legalTail(s string) bool {
	w := s
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		w = s[:i]
	}
	return !cyrillic(w) && names.LegalForm(w) != ""
}

func isPlaceWord(w string) bool {
	for _, p := range placesIx.en[w] {
		if len(p.words) == 1 {
			return true
		}
	}
	return false
}

func orgWordRu(w string) bool {
	lw := strings.ToLower(w)
	for _, s := range orgWordsRu {
		if strings.HasPrefix(lw, s) {
			return true
		}
	}
	return false
}

// lastWord returns the span of the last word of text[from:to] that ends
// at most one space before to.
func lastWord(text string, from, to int) Span {
	e := to
	for e > from && (text[e-1] == ' ') {
		e--
	}
	if to-e > 1 {
		return Span{}
	}
	s := e
	for s > from {
		r, n := utf8.DecodeLastRuneInString(text[:s])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Han, r) {
			break
		}
		s -= n
	}
	return Span{s, e}
}

// closing returns the closing quote of an opening one, or 0.
func closing(r rune) rune {
	switch r {
	case '«':
		return '»'
	case '“':
		return '”'
	case '„':
		return '“'
	case '"':
		return '"'
	case '「':
		return '」'
	case '『':
		return '』'
	}
	return 0
}

// matchQuote returns the offset of the closing quote of a quote opened
// before from, nesting «» («Концерн ВКО «Алмаз – Антей»»), or -1.
func matchQuote(text string, from, to int, open, closeQ rune) int {
	depth := 0
	for i := from; i < to; {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == closeQ && depth == 0:
			return i
		case r == closeQ:
			depth--
		case r == open && open != closeQ:
			depth++
		}
		i += n
	}
	return -1
}

// scanner finds listed names written plainly: n-grams of the text's
// tokens looked up among the listed name forms (normalized tokens joined
// by spaces; Chinese forms joined without spaces).
type scanner struct {
	m *match.Matcher
	// forms holds the text of every listed name form as written (not a
	// transliteration) in Latin, Cyrillic or Han script.
	forms map[string]struct{}
	// maxTokens is the longest Latin or Cyrillic form in tokens, maxHan
	// the longest Han form in bytes.
	maxTokens, maxHan int
}

// maxScanTokens bounds the n-grams tried at each token.
const maxScanTokens = 8

func newScanner(m *match.Matcher) *scanner {
	s := &scanner{m: m, forms: map[string]struct{}{}}
	if m == nil {
		return s
	}
	ix := m.Index()
	for f := range ix.Len() {
		form, _, _ := ix.Form(uint32(f))
		if form.Translit != "" || len(form.Tokens) == 0 {
			continue
		}
		switch form.Script {
		case names.Latin, names.Cyrillic:
			if len(form.Tokens) > maxScanTokens {
				continue
			}
			if len(form.Tokens) == 1 && utf8.RuneCountInString(form.Tokens[0]) < 4 {
				continue // too short to find without a cue
			}
			s.forms[strings.Join(form.Tokens, " ")] = struct{}{}
			s.maxTokens = max(s.maxTokens, len(form.Tokens))
		case names.Han:
			h := strings.Join(form.Tokens, "")
			if utf8.RuneCountInString(h) < 2 {
				continue
			}
			s.forms[h] = struct{}{}
			s.maxHan = max(s.maxHan, len(h))
		}
	}
	return s
}

// scan returns the spans of the sentence's tokens that spell a listed
// name form. In Latin and Cyrillic the span must start with a capital and
// every word in it must be capitalised or a connector; the longest span at
// each token wins.
func (s *scanner) scan(text string, toks []token, normed []string) []mention {
	if len(s.forms) == 0 {
		return nil
	}
	var out []mention
	var b strings.Builder
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.han {
			run := text[t.start:t.end]
			for off := 0; off < len(run); {
				best := 0
				for n := min(len(run)-off, s.maxHan); n >= 6; n-- {
					if !utf8.RuneStart(run[off+n-1]) && off+n < len(run) && !utf8.RuneStart(run[off+n]) {
						continue
					}
					if off+n < len(run) && !utf8.RuneStart(run[off+n]) {
						continue
					}
					if _, ok := s.forms[run[off:off+n]]; ok {
						best = n
						break
					}
				}
				if best > 0 {
					out = append(out, mention{Span: Span{t.start + off, t.start + off + best}, name: run[off : off+best], cue: "list", kind: "LegalEntity"})
					off += best
					continue
				}
				_, sz := utf8.DecodeRuneInString(run[off:])
				off += sz
			}
			continue
		}
		if !t.upper || normed[i] == "" {
			continue
		}
		bestEnd := -1
		b.Reset()
		for j := i; j < len(toks) && j-i < s.maxTokens; j++ {
			if toks[j].han || normed[j] == "" {
				break
			}
			if j > i {
				if !gapOK(text, toks[j-1].end, toks[j].start) {
					break
				}
				b.WriteByte(' ')
			}
			b.WriteString(normed[j])
			if !toks[j].upper && !connectors[normed[j]] {
				break
			}
			if !toks[j].upper {
				continue
			}
			if _, ok := s.forms[b.String()]; ok {
				bestEnd = j
			}
		}
		if bestEnd < 0 {
			continue
		}
		if bestEnd == i && commonCapitalised(text[t.start:t.end]) {
			continue
		}
		// The hit must be the whole capitalised run: "Financial" in
		// "Financial Times" or "United" in "United Kingdom" is not a
		// listed name written plainly.
		if i > 0 && runJoins(text, toks[i-1], t) || bestEnd+1 < len(toks) && runJoins(text, toks[bestEnd], toks[bestEnd+1]) {
			i = bestEnd
			continue
		}
		out = append(out, mention{Span: Span{t.start, toks[bestEnd].end}, name: text[t.start:toks[bestEnd].end], cue: "list", kind: "LegalEntity"})
		i = bestEnd
	}
	return out
}

// runJoins reports whether two adjacent tokens belong to one capitalised
// run: both capitalised, in the same script, with only a space or hyphen
// between.
func runJoins(text string, a, b token) bool {
	return a.upper && b.upper && !a.han && !b.han && cyrillic(text[a.start:a.end]) == cyrillic(text[b.start:b.end]) &&
		gapOK(text, a.end, b.start) && !strings.Contains(text[a.end:b.start], ",")
}

// commonCapitalised reports whether a single capitalised word is a place,
// a month or a day: listed names that are also such words (vessels named
// "Moscow", companies named "March") are not found without a cue.
func commonCapitalised(w string) bool {
	if isPlaceWord(w) {
		return true
	}
	switch strings.ToLower(w) {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// resolve matches each candidate against the lists, keeps what should be
// reported (a text-cued mention always, an index-scan one only when it
// matches), and removes overlaps: a mention with matches beats one
// without, then the longer one. An error of the matcher (a cancelled
// context) stops the matching: the mentions matched so far are resolved
// and the error is returned with them.
func resolve(ctx context.Context, m *match.Matcher, opts match.Options, text string, cands []mention, sentences []Span) ([]Party, error) {
	type scored struct {
		mention
		matches []screen.Match
		country string
	}
	var all []scored
	var merr error
	seen := map[Span]bool{}
	for _, c := range cands {
		if seen[c.Span] {
			continue
		}
		seen[c.Span] = true
		sc := scored{mention: c, country: countryOf(text, c.Span, sentences)}
		if m != nil {
			sc.matches, merr = matchName(ctx, m, opts, c, sc.country)
			if merr != nil {
				break
			}
		}
		if (c.cue == "list" || c.cue == "country") && len(sc.matches) == 0 {
			continue // kept only as a listed name
		}
		all = append(all, sc)
	}
	slices.SortFunc(all, func(a, b scored) int {
		if x, y := len(a.matches) > 0, len(b.matches) > 0; x != y {
			if x {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.End-b.Start, a.End-a.Start)
	})
	var kept []scored
	for _, c := range all {
		overlap := false
		for _, k := range kept {
			if c.Start < k.End && k.Start < c.End {
				overlap = true
				break
			}
		}
		if !overlap {
			kept = append(kept, c)
		}
	}
	slices.SortFunc(kept, func(a, b scored) int { return cmp.Compare(a.Start, b.Start) })
	out := make([]Party, 0, len(kept))
	for _, k := range kept {
		kind := k.kind
		if len(k.matches) > 0 && (kind == "LegalEntity" || kind == "") {
			kind = k.matches[0].Schema
		}
		ms := k.matches
		if ms == nil {
			ms = []screen.Match{}
		}
		out = append(out, Party{Text: text[k.Start:k.End], Span: k.Span, Kind: kind, Country: k.country, Matches: ms})
	}
	return out, merr
}

// matchName screens one mention and returns its matches (Match true only),
// in screen's shape. A bare mention of one word matches a Person only when
// the list spells that person with one name too (a surname alone is not a
// person). An error of the matcher is returned.
func matchName(ctx context.Context, m *match.Matcher, opts match.Options, c mention, country string) ([]screen.Match, error) {
	q := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{entity.Name: {stripQuotes(c.name)}}}
	switch c.kind {
	case "Company":
		q.Schema = entity.Company
	case "Organization":
		q.Schema = entity.Organisation
	case "Person":
		q.Schema = entity.Person
	case "Vessel":
		q.Schema = entity.Vessel
	}
	if country != "" {
		q.Properties[entity.Country] = []string{country}
	}
	var out []screen.Match
	oneWord := len(strings.Fields(names.Normalize(c.name))) == 1
	res, err := m.Match(ctx, q, opts)
	if err != nil {
		return nil, fmt.Errorf("textscreen: matching %q: %w", c.name, err)
	}
	for _, r := range res {
		if !r.Match {
			continue
		}
		if r.Entity.Schema == entity.Person && oneWord && c.cue != "han" {
			continue
		}
		if r.Entity.Schema == entity.Vessel && c.cue == "list" {
			continue // a vessel's name is mostly an ordinary word
		}
		if c.kind == "Person" && allHan(c.name) && !hasHan(r.Explanation.MatchedName) {
			// A Chinese personal name of two or three characters read in
			// pinyin against a Latin listed name ("张伟" ~ "Kevin Zhang")
			// is too common to report: only a listed Chinese spelling
			// counts.
			continue
		}
		out = append(out, screen.Match{
			Dataset: r.Entity.Dataset, SourceID: r.Entity.SourceID, EntityID: r.Entity.ID, Schema: r.Entity.Schema,
			Caption: r.Entity.Caption(), MatchedName: r.Explanation.MatchedName, Score: r.Score, Match: r.Match, Explanation: r.Explanation,
		})
	}
	return out, nil
}

func stripQuotes(s string) string {
	return strings.Map(func(r rune) rune {
		if closing(r) != 0 || strings.ContainsRune("»”“」』", r) {
			return ' '
		}
		return r
	}, s)
}

// countryOf reads the country the text gives for the party at sp: a
// country adjective or noun in the three words before it ("Russian
// company X", "the Iranian firm X", "российская компания X"), a country in
// parentheses right after it ("X (China)"), "X of Iran", "X, based in
// China", "Hong Kong-based X", or a Chinese country name that starts it
// or stands right before it ("俄罗斯…").
func countryOf(text string, sp Span, sentences []Span) string {
	sent := Span{0, len(text)}
	for _, s := range sentences {
		if s.Start <= sp.Start && sp.End <= s.End {
			sent = s
			break
		}
	}
	// Chinese: at the start of the name or right before it.
	for _, z := range placesIx.zh {
		if strings.HasPrefix(text[sp.Start:sp.End], z.name) || strings.HasSuffix(text[sent.Start:sp.Start], z.name) {
			return z.code
		}
	}
	// Inside, at the end: "Ministry of Defence of Belarus".
	if k := strings.LastIndex(text[sp.Start:sp.End], " of "); k >= 0 {
		if c := firstPlace(text[sp.Start+k+4:sp.End], 2); c != "" {
			return c
		}
	}
	// After: "(China)", " of Iran", ", based in China", "-based".
	after := text[sp.End:min(sent.End, sp.End+40)]
	for _, pre := range []string{" (", " of ", ", based in ", " based in ", ", a ", " из ", " ("} {
		if strings.HasPrefix(after, pre) {
			if c := firstPlace(after[len(pre):], 1); c != "" {
				return c
			}
		}
	}
	// Before: up to three words.
	before := text[max(sent.Start, sp.Start-60):sp.Start]
	before = strings.TrimSuffix(strings.TrimSpace(before), "-based")
	words := strings.FieldsFunc(before, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:()«»“”\"", r)
	})
	for k := len(words) - 1; k >= 0 && k >= len(words)-3; k-- {
		w := strings.TrimSuffix(strings.TrimSuffix(words[k], "'s"), "-based")
		if c := placeCode(w); c != "" {
			return c
		}
		if k >= 1 {
			if c := placeCode(words[k-1] + " " + w); c != "" {
				return c
			}
		}
	}
	return ""
}

// firstPlace returns the code of a place the first n words of s name.
func firstPlace(s string, n int) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;:()", r) })
	if len(words) == 0 {
		return ""
	}
	if len(words) > 1 {
		if c := placeCode(words[0] + " " + words[1]); c != "" {
			return c
		}
	}
	return placeCode(words[0])
}

// placeCode returns the code of a country word (English as written,
// Russian by stem).
func placeCode(w string) string {
	if w == "" {
		return ""
	}
	f := strings.Fields(w)
	for _, p := range placesIx.en[f[0]] {
		if len(p.words) == len(f) && strings.Join(p.words, " ") == w {
			return p.code
		}
	}
	if cyrillic(w) {
		lw := strings.ToLower(w)
		for _, s := range placesIx.ru {
			if strings.HasPrefix(lw, s.stem) {
				return s.code
			}
		}
	}
	return ""
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
