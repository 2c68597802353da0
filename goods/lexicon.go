package goods

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A lexRule gives weight to a code when any of its alternatives appears in
// a description.
//
// An alternative is one or more parts joined by "+", all of which must
// appear, anywhere and in any order ("cnc+lathe*"). A part is a phrase of
// adjacent words ("operational amplifier*") or a run of Chinese characters
// ("运算放大器", matched as a substring). A word ending in '*' is a stem and
// matches every word it begins ("микросхем*" matches "микросхема",
// "микросхемы", "микросхем"); other words match whole words only. Matching
// ignores case, and ё and е are one letter.
type lexRule struct {
	hs      string // six-digit subheading, or four-digit heading
	concern string // "" for the code's own concern
	weight  float64
	alts    []string
	// platform marks what goods are often made for or fitted to (drones,
	// cars, aircraft, computers, phones): such a term right before a term
	// of another heading is a modifier ("drone batteries", "car tyres",
	// "无人机电池") and counts half.
	platform bool
}

// platform marks r as a platform rule.
func platform(r lexRule) lexRule { r.platform = true; return r }

func rule(hs, concern string, weight float64, alts ...string) lexRule {
	return lexRule{hs: hs, concern: concern, weight: weight, alts: alts}
}

type lexWord struct {
	text string
	stem bool
}

// lexTerm is one part: a phrase of words, or a Han string.
type lexTerm struct {
	words []lexWord
	han   string
}

// lexAlt is one alternative of a rule: the terms that must all match.
type lexAlt struct {
	rule  int32
	terms []int32
	text  string
}

// lexicon is the compiled rule set: every distinct term once, indexed by
// its first word (exact or stem) or its first Han character.
type lexicon struct {
	rules    []lexRule
	terms    []lexTerm
	alts     []lexAlt
	termAlts [][]int32
	// alone marks the terms that are an alternative by themselves (not
	// only a part of a "+" alternative).
	alone map[int32]bool
	// military marks the terms only munitions-list rules use (military.go):
	// they vote apart and never suppress or modify an HS term.
	military map[int32]bool
	exact    map[string][]int32
	stems    map[string][]int32
	han      map[rune][]int32
}

// minStem is the shortest stem, in runes, so that a stem lookup tries at
// most len(word)-minStem+1 prefixes.
const minStem = 3

func compileLexicon(rules []lexRule, t *hsTable) (*lexicon, error) {
	l := &lexicon{rules: rules, alone: map[int32]bool{}, military: map[int32]bool{}, exact: map[string][]int32{}, stems: map[string][]int32{}, han: map[rune][]int32{}}
	byKey := map[string]int32{}
	for ri, r := range rules {
		if _, ok := t.desc[r.hs]; (!ok && !isMilitaryCode(r.hs)) || (len(r.hs) != 4 && len(r.hs) != 6) {
			return nil, fmt.Errorf("goods: lexicon rule %d (%q): %q is not an HS heading or subheading", ri, r.alts, r.hs)
		}
		if r.weight <= 0 || len(r.alts) == 0 {
			return nil, fmt.Errorf("goods: lexicon rule %d (%s): no weight or no terms", ri, r.hs)
		}
		for _, a := range russianOrders(r.alts) {
			alt := lexAlt{rule: int32(ri), text: a}
			for _, p := range strings.Split(a, "+") {
				term, key, err := parseTerm(p)
				if err != nil {
					return nil, fmt.Errorf("goods: lexicon rule %d (%s) %q: %w", ri, r.hs, a, err)
				}
				id, ok := byKey[key]
				if !ok {
					id = int32(len(l.terms))
					byKey[key] = id
					l.terms = append(l.terms, term)
					l.termAlts = append(l.termAlts, nil)
					switch {
					case term.han != "":
						first, _ := utf8.DecodeRuneInString(term.han)
						l.han[first] = append(l.han[first], id)
					case term.words[0].stem:
						l.stems[term.words[0].text] = append(l.stems[term.words[0].text], id)
					default:
						l.exact[term.words[0].text] = append(l.exact[term.words[0].text], id)
					}
				}
				alt.terms = append(alt.terms, id)
			}
			ai := int32(len(l.alts))
			l.alts = append(l.alts, alt)
			if len(alt.terms) == 1 {
				l.alone[alt.terms[0]] = true
			}
			for _, id := range alt.terms {
				if len(l.termAlts[id]) == 0 || l.termAlts[id][len(l.termAlts[id])-1] != ai {
					l.termAlts[id] = append(l.termAlts[id], ai)
				}
			}
		}
	}
	for id, alts := range l.termAlts {
		mil := len(alts) > 0
		for _, ai := range alts {
			mil = mil && isMilitaryCode(l.rules[l.alts[ai].rule].hs)
		}
		if mil {
			l.military[int32(id)] = true
		}
	}
	return l, nil
}

// russianOrders returns alts with, after each Russian phrase of two words
// ("подсолнечн* масл*"), the same words in the other order ("масл*
// подсолнечн*") unless alts holds it already: customs declarations put the
// noun first ("Масло подсолнечное", "Станок токарный"), catalogues and
// labels the adjective.
func russianOrders(alts []string) []string {
	out := alts
	for _, a := range alts {
		f := strings.Fields(a)
		if len(f) != 2 || strings.Contains(a, "+") {
			continue
		}
		if !cyrillicWord(f[0]) || !cyrillicWord(f[1]) {
			continue
		}
		swapped := f[1] + " " + f[0]
		if slices.Contains(alts, swapped) {
			continue
		}
		if len(out) == len(alts) {
			out = slices.Clone(alts) // never append to the rule's own slice
		}
		out = append(out, swapped)
	}
	return out
}

// cyrillicWord reports whether w starts with a Cyrillic letter.
func cyrillicWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Cyrillic, r)
}

// parseTerm reads one part of an alternative.
func parseTerm(p string) (lexTerm, string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return lexTerm{}, "", fmt.Errorf("empty part")
	}
	hanCount, other := 0, 0
	for _, r := range p {
		if _, class := foldRune(r); class == 'h' {
			hanCount++
		} else {
			other++
		}
	}
	if hanCount > 0 {
		if other > 0 {
			return lexTerm{}, "", fmt.Errorf("part %q mixes Chinese and other characters; join them with +", p)
		}
		return lexTerm{han: p}, "h:" + p, nil
	}
	var term lexTerm
	for _, w := range strings.Fields(p) {
		stem := strings.HasSuffix(w, "*")
		w = strings.TrimSuffix(w, "*")
		sub := split(w)
		if len(sub.words) == 0 {
			return lexTerm{}, "", fmt.Errorf("word %q has no letters or digits", w)
		}
		for i := range sub.words {
			term.words = append(term.words, lexWord{text: sub.word(i)})
		}
		if stem {
			last := &term.words[len(term.words)-1]
			if utf8.RuneCountInString(last.text) < minStem {
				return lexTerm{}, "", fmt.Errorf("stem %q is shorter than %d letters", last.text, minStem)
			}
			last.stem = true
		}
	}
	var key strings.Builder
	key.WriteString("w:")
	for _, w := range term.words {
		key.WriteString(w.text)
		if w.stem {
			key.WriteByte('*')
		}
		key.WriteByte(' ')
	}
	return term, key.String(), nil
}

// at reports whether term's words match the words of t from word i on.
func (l *lexicon) at(id int32, t *text, i int) bool {
	ws := l.terms[id].words
	if i+len(ws) > len(t.words) {
		return false
	}
	for k, w := range ws {
		s := t.words[i+k]
		tok := t.folded[s.start:s.end]
		if w.stem {
			if len(tok) < len(w.text) || string(tok[:len(w.text)]) != w.text {
				return false
			}
		} else if string(tok) != w.text {
			return false
		}
	}
	return true
}

// contextWords mark the start of what goods are for ("power supplies for
// laptops", "блоки питания для ноутбуков") or what a complete item carries
// ("drone with camera", "квадрокоптер с камерой"): terms after them
// describe the use or a component, not the goods, and count half. A
// complete item is classified by what it is, not by a component its
// description names.
var contextWords = map[string]bool{"for": true, "для": true, "к": true, "ко": true}

// componentWords start what a complete item carries: terms after them
// count componentFactor.
var componentWords = map[string]bool{"with": true, "carrying": true, "incl": true, "including": true, "equipped": true,
	"featuring": true, "с": true, "со": true}

// Chinese marks the same way: 带…的 and 配…的 enclose a component ("带相机的无人机",
// a drone with a camera); 搭载, 配备, 装有 and 用于 start one that runs to
// the end of the run of Han characters ("无人机 搭载热成像相机"); and X用 puts X
// as the use ("无人机用发动机", an engine for drones).
var (
	hanEnclose = [][2]string{{"带", "的"}, {"配", "的"}}
	hanStart   = []string{"搭载", "配备", "装有", "用于", "适用于"}
	hanUse     = "用"
)

// hanSpans are the Chinese context marks of a text, found once per
// description (see hanEnclose, hanStart, hanUse).
type hanSpans struct {
	start    int       // byte offset after the first start mark, -1 for none
	startUse bool      // that mark is a use (用于, 适用于), not a component
	enclose  [2][2]int // [after the opening mark, the closing mark)
	nEnclose int
	use      [4]int // offsets of 用 not followed by 于 (the first four)
	nUse     int
}

func findHanSpans(t *text) hanSpans {
	all := t.folded
	h := hanSpans{start: -1}
	for _, m := range hanStart {
		if i := bytes.Index(all, []byte(m)); i >= 0 && (h.start < 0 || i+len(m) < h.start) {
			h.start, h.startUse = i+len(m), strings.HasPrefix(m, "用") || strings.HasPrefix(m, "适")
		}
	}
	for _, m := range hanEnclose {
		if i := bytes.Index(all, []byte(m[0])); i >= 0 {
			if j := bytes.Index(all[i:], []byte(m[1])); j > 0 && h.nEnclose < len(h.enclose) {
				h.enclose[h.nEnclose] = [2]int{i + len(m[0]), i + j}
				h.nEnclose++
			}
		}
	}
	for off := 0; ; {
		k := bytes.Index(all[off:], []byte(hanUse))
		if k < 0 {
			break
		}
		off += k
		if !bytes.HasPrefix(all[off:], []byte("用于")) && h.nUse < len(h.use) {
			h.use[h.nUse] = off
			h.nUse++
		}
		off += len(hanUse)
	}
	return h
}

// factor returns the factor of the Han match [start, end): componentFactor
// in a component span, contextFactor in a use span, else 1. X用: the match
// ends at most one character (3 bytes) before 用.
func (h *hanSpans) factor(start, end int32) float64 {
	a, b := int(start), int(end)
	if h.start >= 0 && a >= h.start {
		if h.startUse {
			return contextFactor
		}
		return componentFactor
	}
	for _, e := range h.enclose[:h.nEnclose] {
		if a >= e[0] && b <= e[1] {
			return componentFactor
		}
	}
	for _, u := range h.use[:h.nUse] {
		if u >= b && u <= b+3 {
			return contextFactor
		}
	}
	return 1
}

// modifierGap is how far, in bytes of folded text, a term may follow a
// platform term for the platform term to be its modifier: a space, or one
// short word or character ("для", "用").
const modifierGap = 8

// contextFactor is the weight of a rule all of whose terms follow a
// context word.
const contextFactor = 0.5

// componentFactor is the weight of a rule all of whose terms name a
// component of a complete item (after a component word): "a drone with a
// thermal camera" is a drone, however specific the camera's words.
const componentFactor = 0.25

// synonymFactor is the weight of each further alternative of a rule that
// already fired.
const synonymFactor = 0.25

// vote appends to votes one vote per alternative that matches t: the
// first of a rule at the rule's weight, further ones at synonymFactor of
// it.
func (l *lexicon) vote(t *text, votes []vote) []vote {
	type hit struct {
		id, pos    int32 // pos: word index, or -1 for Han
		start, end int32 // byte offsets in t.folded
		suppressed bool  // inside a longer phrase of another heading
	}
	// ctxFactor is the factor of a matched term: contextFactor for a use
	// (after a context word), componentFactor for a component (after a
	// component word), the smaller when both; 1 otherwise.
	var hs hanSpans
	if len(t.han) > 0 {
		hs = findHanSpans(t)
	}
	ctxFactor := func(pos, start, end, ctx, comp int32) float64 {
		if pos < 0 {
			return hs.factor(start, end)
		}
		f := 1.0
		if pos > ctx {
			f = contextFactor
		}
		if pos > comp {
			f = componentFactor
		}
		return f
	}
	var buf [32]hit
	matched := buf[:0]
	add := func(id int32, pos int, start, end int32) {
		for _, m := range matched {
			if m.id == id {
				return
			}
		}
		matched = append(matched, hit{id: id, pos: int32(pos), start: start, end: end})
	}
	wordEnd := func(id int32, i int) int32 { return t.words[i+len(l.terms[id].words)-1].end }
	ctx, comp := int32(len(t.words)), int32(len(t.words))
	for i, s := range t.words {
		tok := t.folded[s.start:s.end]
		if contextWords[string(tok)] && int32(i) < ctx {
			ctx = int32(i)
		}
		if componentWords[string(tok)] && int32(i) < comp {
			comp = int32(i)
		}
		for _, id := range l.exact[string(tok)] {
			if l.at(id, t, i) {
				add(id, i, s.start, wordEnd(id, i))
			}
		}
		// Stems: every prefix of at least minStem runes.
		n := 0
		for j := range string(tok) {
			if n >= minStem {
				for _, id := range l.stems[string(tok[:j])] {
					if l.at(id, t, i) {
						add(id, i, s.start, wordEnd(id, i))
					}
				}
			}
			n++
		}
		if n >= minStem {
			for _, id := range l.stems[string(tok)] {
				if l.at(id, t, i) {
					add(id, i, s.start, wordEnd(id, i))
				}
			}
		}
	}
	for _, s := range t.han {
		run := string(t.folded[s.start:s.end])
		for j, r := range run {
			for _, id := range l.han[r] {
				if h := l.terms[id].han; strings.HasPrefix(run[j:], h) {
					add(id, -1, s.start+int32(j), s.start+int32(j+len(h)))
				}
			}
		}
	}
	var firedBuf [32]int32
	fired := firedBuf[:0]
	// A word inside a longer matched phrase of another heading does not
	// count on its own (it still counts as a part of a "+" alternative):
	// "aircraft engine" is an engine, not an aircraft; "rectifier diodes"
	// are diodes, not rectifiers.
	for i := range matched {
		h := &matched[i]
		if h.pos < 0 || len(l.terms[h.id].words) != 1 {
			continue
		}
		for _, o := range matched {
			n := int32(len(l.terms[o.id].words))
			if o.pos < 0 || n < 2 || h.pos < o.pos || h.pos >= o.pos+n || l.sameHeading(h.id, o.id) || l.military[o.id] {
				continue
			}
			h.suppressed = true
			break
		}
	}
	var doneBuf [32]int32
	done := doneBuf[:0]
	for _, h := range matched {
	alts:
		for _, ai := range l.termAlts[h.id] {
			for _, d := range done {
				if d == ai {
					continue alts
				}
			}
			done = append(done, ai)
			a := &l.alts[ai]
			if len(a.terms) == 1 && h.suppressed {
				continue
			}
			// The alternative counts at the largest factor of its terms:
			// in full when any term is part of the goods themselves.
			afterCtx := 0.0
			for _, tid := range a.terms {
				found := false
				for _, m := range matched {
					if m.id == tid {
						found = true
						afterCtx = max(afterCtx, ctxFactor(m.pos, m.start, m.end, ctx, comp))
						break
					}
				}
				if !found {
					continue alts
				}
			}
			r := &l.rules[a.rule]
			w := r.weight
			for _, f := range fired {
				if f == a.rule {
					// A further synonym of a rule that fired
					// ("quadcopter drone DJI Mavic") adds a little.
					w *= synonymFactor
					break
				}
			}
			fired = append(fired, a.rule)
			w *= afterCtx
			if r.platform && len(a.terms) == 1 {
				// A platform word right before a term of another heading
				// (at most one word or character between) is a modifier,
				// unless that term is a component or use ("drone with
				// camera" is a drone).
				for _, o := range matched {
					if o.id != h.id && l.alone[o.id] && !o.suppressed && !l.military[o.id] && o.start >= h.end && o.start <= h.end+modifierGap && !l.sameHeading(h.id, o.id) && ctxFactor(o.pos, o.start, o.end, ctx, comp) == 1 {
						w *= contextFactor
						break
					}
				}
			}
			votes = append(votes, vote{hs: r.hs, concern: r.concern, weight: w, label: a.text})
		}
	}
	return votes
}

// sameHeading reports whether two terms vote, through any of their rules,
// for the same heading.
func (l *lexicon) sameHeading(a, b int32) bool {
	for _, x := range l.termAlts[a] {
		for _, y := range l.termAlts[b] {
			if l.rules[l.alts[x].rule].hs[:4] == l.rules[l.alts[y].rule].hs[:4] {
				return true
			}
		}
	}
	return false
}
