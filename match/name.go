package match

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"maps"
	"math/bits"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/internal/textsim"
	"github.com/redline-sanctions/redline/names"
)

// maxTokens bounds the tokens of a form that take part in alignment; the
// rest of a very long name counts as unmatched.
const maxTokens = 16

// isNumber reports whether a token contains a digit; such tokens match only
// when equal.
func isNumber(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			return true
		}
	}
	return false
}

// tokenFacts are what tokenSim needs to know of one token by itself.
// It is small: formSim keeps two arrays of them on the stack.
type tokenFacts struct {
	runes  int32  // runeLen
	number bool   // isNumber
	korean uint16 // koreanSurnames group, 0 for none
	nick   uint16 // 1 + the position of the token in nickKeys, 0 for none
}

// factsOf returns the facts of token t. The tables are looked up only for
// tokens short enough to be in them.
func factsOf(t string) tokenFacts {
	f := tokenFacts{number: isNumber(t), runes: int32(runeLen(t))}
	if len(t) <= koreanLen {
		f.korean = uint16(koreanSurnames[t])
	}
	if len(t) <= nickKeyLen {
		f.nick = nickIndex[t]
	}
	return f
}

// nameFacts returns the facts of the tokens of each form of n: token k of
// form j has facts [j][k].
func nameFacts(n *names.Name) [][]tokenFacts {
	total := 0
	for j := range n.Forms {
		total += len(n.Forms[j].Tokens)
	}
	all := make([]tokenFacts, 0, total)
	out := make([][]tokenFacts, len(n.Forms))
	for j := range n.Forms {
		start := len(all)
		for _, t := range n.Forms[j].Tokens {
			all = append(all, factsOf(t))
		}
		out[j] = all[start:len(all):len(all)]
	}
	return out
}

// patronymic reports Slavic and Turkic patronymics, often left out of a
// name.
func patronymic(t string) bool {
	for _, suf := range []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna", "oglu", "ogly", "kyzy", "uly", "ovic", "evic"} {
		if strings.HasSuffix(t, suf) && len(t) > len(suf)+2 {
			return true
		}
	}
	return false
}

// particle reports Arabic, Romance, Germanic particles and connectives:
// unmatched, they weigh little.
func particle(t string) bool {
	switch t {
	case "bin", "ibn", "bint", "al", "el", "abu", "ben", "bn", "de", "da", "van", "von", "der", "del", "la", "le", "di",
		"and", "of", "the", "for", "und", "et", "y":
		return true
	}
	return false
}

// tokenSim is the similarity of token i of q and token j of c, in [0, 1]:
// 1 for equal tokens, 0.95 for equal skeletons (transliteration variants),
// Weights.Initial for an initial and the token it begins, 1 - d/2L for a
// Levenshtein distance d between the skeletons within the typo allowance of
// the length L (1 edit from 4 runes, 2 from 9, 3 from 13; one more, and at
// least 0.9, when the phonetic keys agree: Mohammed, Muhammad), and 0
// otherwise. Tokens with digits
// match only when equal.
//
// fa and fb are the facts of the two tokens (factsOf), which formSim
// works out once per token rather than once per pair.
func tokenSim(q *names.Form, i int, c *names.Form, j int, o *Options, fa, fb tokenFacts) float64 {
	a, b := q.Tokens[i], c.Tokens[j]
	if a == b || sonOf(a) && sonOf(b) {
		return 1
	}
	if fa.number || fb.number {
		return 0
	}
	if hangulPair(q, c, o) {
		if sim, ok := hangulTokenSim(q, c, a, b, fa, fb, o); ok {
			return sim
		}
	}
	sa, sb := q.Skeletons[i], c.Skeletons[j]
	if sa == sb {
		return 0.95
	}
	if (q.Translit == "") != (c.Translit == "") && !o.off(ArabicConsonants) {
		// Arabic script writes no short vowels: compare the consonants
		// and long vowels of a romanized Arabic token with a Latin one.
		if qa, ca := names.FromAbjad(q.Translit), names.FromAbjad(c.Translit); qa && c.Translit == "" {
			if s := names.AbjadSim(a, b); s > 0 {
				return s
			}
		} else if ca && q.Translit == "" {
			if s := names.AbjadSim(b, a); s > 0 {
				return s
			}
		}
	}
	if (abjad(q.Translit) || abjad(c.Translit)) && q.Phonetics[i] != "" && !o.off(ArabicConsonants) &&
		consonants(q.Phonetics[i]) == consonants(c.Phonetics[j]) {
		return 0.85 // Hebrew writes no short vowels and no p, v apart from b, f
	}
	la, lb := int(fa.runes), int(fb.runes)
	if la == 1 || lb == 1 {
		if la != lb && firstRune(a) == firstRune(b) {
			return o.Weights.Initial
		}
		return 0
	}
	if fa.korean != 0 && fa.korean == fb.korean && !o.off(KoreanSurnames) {
		return 0.95 // one Korean surname in two romanizations: Lee, Yi, Rhee
	}
	if (fa.nick != 0 || fb.nick != 0) && !o.off(Nicknames) {
		if fa.nick != 0 && len(b) <= nickWordLen && strings.Contains(nicknames[nickKeys[fa.nick-1]], " "+b+" ") {
			return 0.9
		}
		if fb.nick != 0 && len(a) <= nickWordLen && strings.Contains(nicknames[nickKeys[fb.nick-1]], " "+a+" ") {
			return 0.9
		}
	}
	if !o.off(Baltic) && (balticEnding(a, sb) || balticEnding(b, sa)) {
		return 0.9 // "Lavrovs", "Lavrov"
	}
	// Tokens whose letters differ by more than any allowance can give
	// are rejected before computing distances.
	if la >= 4 && lb >= 4 && letterDiff(sa, sb) > 2*(typoAllowance(max(la, lb))+2) && letterDiff(a, b) > 2*(typoAllowance(max(la, lb))+2) {
		return 0
	}
	// Edit distance on the skeletons, else on the tokens as written.
	d, l := editDistance(sa, sb)
	if d > 0 && (sa != a || sb != b) {
		if dt, lt := editDistance(a, b); float64(dt)/float64(lt) < float64(d)/float64(l) {
			d, l = dt, lt
		}
	}
	allowed := typoAllowance(l)
	phonetic := l >= 5 && q.Phonetics[i] != "" && q.Phonetics[i] == c.Phonetics[j] && sa[0] == sb[0]
	if phonetic {
		allowed++
	}
	sameFirst := sa[0] == sb[0] || initialVowel(sa[0]) && initialVowel(sb[0])
	if l <= 5 && d > 0 && !sameFirst {
		return 0 // Gary and Larry, Jayne and Wayne; but Osama and Usama
	}
	switch {
	case d <= allowed && phonetic:
		return max(0.9, 1-0.5*float64(d)/float64(l))
	case d <= allowed:
		return 1 - 0.5*float64(d)/float64(l)
	case d == allowed+1 && l >= 5 && sameFirst:
		// One edit too many: partial credit, not a substitution.
		return max(0, 1-1.5*float64(d)/float64(l))
	}
	return 0
}

// balticEnding reports whether token a is a Slavic name with the
// nominative -s that Latvian and Lithuanian add to foreign names (Sergejs
// Lavrovs, Vladimirs Putins: Sergey Lavrov, Vladimir Putin) and whose stem
// has skeleton sb. Only stems with Slavic endings (-ov, -ev, a final j)
// are read so, lest English surnames lose their -s (Williams, Edwards).
func balticEnding(a, sb string) bool {
	if len(a) < 5 || a[len(a)-1] != 's' || len(sb) != len(a)-1 && len(sb) != len(a)-2 {
		return false
	}
	stem := a[:len(a)-1]
	if !strings.HasSuffix(stem, "ov") && !strings.HasSuffix(stem, "ev") && !strings.HasSuffix(stem, "j") {
		return false
	}
	return names.Skeleton(stem) == sb
}

// editDistance returns the optimal-string-alignment distance of two
// tokens (Levenshtein plus transpositions of neighbours) and the longer
// length, in runes.
func editDistance(a, b string) (int, int) {
	if len(a) <= maxRunes && len(b) <= maxRunes && ascii.Is(a) && ascii.Is(b) {
		// Bytes are runes: the same distance without decoding.
		l := max(len(a), len(b))
		if abs(len(a)-len(b)) > typoAllowance(l)+2 {
			return l, l
		}
		return textsim.OSABytes(a, b), l
	}
	var ab, bb [maxRunes]rune
	ra, rb := runesOf(&ab, a), runesOf(&bb, b)
	l := max(len(ra), len(rb))
	if abs(len(ra)-len(rb)) > typoAllowance(l)+2 {
		return l, l // too far apart to be a typo: skip the table
	}
	return textsim.OSA(ra, rb), l
}

// nicknames maps a short or familiar given name to the names it stands
// for, space-delimited: the common English hypocorisms (as listed by name
// dictionaries such as Hanks, Hardcastle and Hodges, A Dictionary of
// First Names, Oxford), the standard Russian diminutives (Sasha, Dima,
// Misha, Volodya: A. V. Superanskaya, Словарь русских личных имён) and
// cognates across languages (Juan, Ivan, John). Not an evaluation set's
// pairs: entries that named one person (Bibi for Benjamin Netanyahu,
// Barry for Barack Obama) were removed when the sets were split (docs/accuracy.md).
var nicknames = map[string]string{
	"ben": " benjamin ", "ted": " theodore edward ", "teddy": " theodore edward ",
	"barry": " barrington ", "bill": " william ", "billy": " william ", "will": " william ",
	"bob": " robert ", "bobby": " robert ", "rob": " robert ", "jim": " james ", "jimmy": " james ",
	"mike": " michael ", "mick": " michael ", "alex": " alexander aleksandr alexandre ", "sasha": " alexander aleksandr ",
	"dick": " richard ", "rick": " richard ", "tom": " thomas ", "tony": " anthony antonio ",
	"joe": " joseph ", "jack": " john ", "johnny": " john ", "juan": " john ", "ivan": " john ",
	"kate": " katherine catherine ", "liz": " elizabeth ", "beth": " elizabeth ", "peggy": " margaret ",
	"dima": " dmitry dmitri dmitriy ", "misha": " mikhail ", "kolya": " nikolai ", "volodya": " vladimir ",
	"vova": " vladimir ", "seryozha": " sergey ", "zhenya": " yevgeny evgeny ",
}

// nickKeyLen is the longest key of nicknames, nickWordLen the longest
// name among its values, in bytes: longer tokens need no look-up.
var nickKeyLen, nickWordLen = func() (k, w int) {
	for key, v := range nicknames {
		k = max(k, len(key))
		for _, f := range strings.Fields(v) {
			w = max(w, len(f))
		}
	}
	return k, w
}()

// nickKeys are the keys of nicknames, sorted; nickIndex maps each to 1 +
// its position.
var nickKeys, nickIndex = func() ([]string, map[string]uint16) {
	keys := slices.Sorted(maps.Keys(nicknames))
	idx := make(map[string]uint16, len(keys))
	for i, k := range keys {
		idx[k] = uint16(i + 1)
	}
	return keys, idx
}()

// koreanLen is the longest spelling in koreanSurnames, in bytes.
var koreanLen = func() (n int) {
	for k := range koreanSurnames {
		n = max(n, len(k))
	}
	return n
}()

// koreanSurnames groups the spellings of the common Korean surnames: the
// Revised Romanization (Gim, Bak, Jeong), McCune-Reischauer without breves
// (Kim, Pak, Chong; the DPRK's official spelling, hence most sanctions
// entries) and the customary spellings of passports and the press (Lee,
// Park, Chung). Tokens of one group get the similarity of equal
// skeletons. Single letters (I, O, U) are left out: they read as initials.
var koreanSurnames = func() map[string]int {
	groups := [][]string{
		{"lee", "yi", "rhee", "ri", "rhie", "rie", "lie"},
		{"park", "pak", "bak", "bahk"},
		{"kim", "gim"},
		{"choi", "choe", "chwe"},
		{"jung", "jeong", "chung", "cheong", "chong", "jong"},
		{"kang", "gang"},
		{"cho", "jo", "joh", "tcho"},
		{"yoon", "yun", "youn"},
		{"shin", "sin", "shinn"},
		{"lim", "im", "rim", "yim"},
		{"seo", "suh", "so", "sur"},
		{"kwon", "gwon", "kweon"},
		{"ahn", "an"},
		{"jeon", "jun", "chun", "chon", "jon", "cheon"},
		{"ko", "koh", "go", "goh"},
		{"moon", "mun"},
		{"son", "sohn"},
		{"bae", "pae"},
		{"baek", "paek", "baik", "paik"},
		{"noh", "roh", "no", "ro"},
		{"ryu", "yu", "yoo", "rhyu"},
		{"hwang", "whang"},
		{"kwak", "gwak"},
		{"heo", "hur", "huh"},
		{"yang", "ryang"},
		{"ju", "joo", "chu"},
		{"gu", "ku", "koo"},
		{"seong", "sung"},
	}
	m := map[string]int{}
	for i, g := range groups {
		for _, n := range g {
			m[n] = i + 1
		}
	}
	return m
}()

// letterDiff counts the ASCII letters in one token and not the other (a
// lower bound of twice their edit distance, loosely); it is 0 for other
// scripts.
func letterDiff(a, b string) int {
	var ma, mb uint32
	for i := 0; i < len(a); i++ {
		if c := a[i] - 'a'; c < 26 {
			ma |= 1 << c
		} else if a[i] >= 0x80 {
			return 0
		}
	}
	for i := 0; i < len(b); i++ {
		if c := b[i] - 'a'; c < 26 {
			mb |= 1 << c
		} else if b[i] >= 0x80 {
			return 0
		}
	}
	return bits.OnesCount32(ma ^ mb)
}

// consonants folds a phonetic key for comparison with a name read from
// Hebrew letters: p as b, v as f.
func consonants(p string) string {
	if !strings.ContainsAny(p, "pv") {
		return p
	}
	return strings.NewReplacer("p", "b", "v", "f").Replace(p)
}

// initialVowel reports whether the first letter of a token is a vowel for
// the comparison of first letters: names.Vowel, and y, since
// transliterations begin one name with either (Yevgeny and Evgeny, Yuri and
// Iouri).
func initialVowel(c byte) bool { return names.Vowel(c) || c == 'y' }

// typoAllowance is the number of edits a token of n runes may differ by
// and still match.
func typoAllowance(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 9:
		return 1
	case n < 13:
		return 2
	}
	return 3
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

var leet = [256]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '8': 'b'}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// formSim compares two forms of the same script by aligning their tokens
// greedily, best pair first, in any order. Each aligned pair contributes
// its similarity weighted by the pair's length in runes; unmatched tokens
// count against the score, at extra weight (Weights.ExtraToken or
// ExtraTokenPerson) for the surplus tokens of the longer name and at
// Weights.Particle for patronymics and particles. Each token of one name
// replaced by an unrelated token of the other multiplies the score by
// Weights.Substitution; tokens aligned across a "bin"/"ibn" (the father's
// name taken for the son's) by Weights.Order. When the names differ in
// token count, the names joined without spaces are also compared
// ("Abdulhai" and "Abdul Hai"). Number tokens that differ cost
// Weights.Numbers, except in the names of one series (see series), which
// score at most 1 - Weights.Series.
//
// qf and cf are the facts of the tokens of q and c (formFacts).
func formSim(q, c *names.Form, qf, cf []tokenFacts, extra float64, o *Options) float64 {
	n, m := min(len(q.Tokens), maxTokens), min(len(c.Tokens), maxTokens)
	if n == 0 || m == 0 || !distinctiveFound(q, c) {
		return 0
	}
	if slices.Equal(q.Tokens, c.Tokens) {
		return 1
	}
	if hangulPair(q, c, o) {
		extra = 1 // a Korean name has no middle names: a surplus syllable is another name
	}
	var sim [maxTokens][maxTokens]float32
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			sim[i][j] = float32(tokenSim(q, i, c, j, o, qf[i], cf[j]))
		}
	}
	var qUsed, cUsed [maxTokens]bool
	var qTo [maxTokens]int8
	var num, den float64
	for {
		bi, bj, best := -1, -1, float32(0)
		for i := 0; i < n; i++ {
			if qUsed[i] {
				continue
			}
			for j := 0; j < m; j++ {
				if !cUsed[j] && sim[i][j] > best {
					bi, bj, best = i, j, sim[i][j]
				}
			}
		}
		if bi < 0 {
			break
		}
		qUsed[bi], cUsed[bj] = true, true
		qTo[bi] = int8(bj + 1)
		lq, lc := int(qf[bi].runes), int(cf[bj].runes)
		if min(lq, lc) == 1 && lq != lc {
			// An initial vouches for less than the full token.
			num += 0.75 * float64(best) * float64(lq+lc)
			den += float64(lq + lc)
			continue
		}
		w := float64(lq + lc)
		num += w * float64(best)
		den += w
	}
	if min(n, m) == 1 && max(n, m) > 1 {
		extra = max(extra, o.Weights.ExtraToken) // one name alone says little
	}
	if !o.off(Acronyms) {
		num, den = acronyms(q, c, qUsed[:n], cUsed[:m], num, den)
		num, den = acronyms(c, q, cUsed[:m], qUsed[:n], num, den)
	}
	qu, qw := unmatched(q.Tokens, qUsed[:n], n > m, extra, o)
	cu, cw := unmatched(c.Tokens, cUsed[:m], m > n, extra, o)
	den += qw + cw
	for i := n; i < len(q.Tokens); i++ {
		den += float64(runeLen(q.Tokens[i]))
	}
	for j := m; j < len(c.Tokens); j++ {
		den += float64(runeLen(c.Tokens[j]))
	}
	score := num / den
	subs := min(qu, cu)
	if hangulPair(q, c, o) {
		subs = max(qu, cu) // a syllable more or less is another Korean name
	}
	for k := subs; k > 0; k-- {
		score *= o.Weights.Substitution
	}
	if crossesBin(q, c, qTo[:n]) {
		score *= o.Weights.Order
	}
	if score < 0.99 && (n != m || score < 0.9) && !o.off(Joined) {
		var js float64
		if hangulPair(q, c, o) {
			js = joinedKoreanSim(q, c)
		} else {
			js = joinedSim(q, c)
		}
		if js*0.95 > score {
			score = js * 0.95
		}
	}
	if q.Reduced || c.Reduced {
		score *= o.ReducedFactor // a qualifier in parentheses was left out
	}
	if numbersDiffer(q, c) {
		if !o.off(SeriesCap) && series(q, c) {
			// Siblings of one series: worth a review, never an exact
			// match.
			return min(score, 1-o.Weights.Series)
		}
		score -= o.Weights.Numbers
	}
	return max(score, 0)
}

// crossesBin reports whether, in two names that both have a "bin"-like
// particle, an aligned pair of tokens sits before it in one and after it in
// the other ("Salman bin Muhammad" and "Muhammad bin Salman"). A name
// romanized from Arabic script, which writes the family name last, may
// find it first in a list's "SURNAME, Given bin Father" (see
// surnameFirst).
func crossesBin(q, c *names.Form, qTo []int8) bool {
	bq, bc := binAt(q.Tokens), binAt(c.Tokens)
	if bq <= 0 || bc <= 0 || bq == len(q.Tokens)-1 || bc == len(c.Tokens)-1 {
		return false // no "X bin Y" on both sides
	}
	abjad := names.FromAbjad(q.Translit) || names.FromAbjad(c.Translit)
	for i, t := range qTo {
		if t == 0 || i == bq {
			continue
		}
		j := int(t) - 1
		if j == bc || abjad && (surnameFirst(q.Tokens, i, c.Tokens, j) || surnameFirst(c.Tokens, j, q.Tokens, i)) {
			continue
		}
		if (i < bq) != (j < bc) {
			return true
		}
	}
	return false
}

// surnameFirst reports whether token i, the last of a, is aligned with
// token j that begins b (after an article): the family name written last
// in a and first in b ("Musa bin Umar al-Saadi", "ESSAADI, Moussa Ben
// Amor").
func surnameFirst(a []string, i int, b []string, j int) bool {
	return i == len(a)-1 && (j == 0 || j == 1 && (b[0] == "al" || b[0] == "el"))
}

// sonOf reports the particles that mean "son (daughter) of".
func sonOf(t string) bool {
	switch t {
	case "bin", "ibn", "ben", "bint", "binti", "bn":
		return true
	}
	return false
}

func binAt(toks []string) int {
	for i, t := range toks {
		switch t {
		case "bin", "ibn", "ben", "bint", "binti", "bn":
			return i
		}
	}
	return -1
}

// acronyms matches an unmatched token of a (2 to 6 letters) with a run of
// unmatched tokens of b whose initials spell it ("PLA", "People's
// Liberation Army"; "US", "United States"), particles allowed inside the
// run. Matched tokens are marked used and their weight added at 0.9.
func acronyms(a, b *names.Form, aUsed, bUsed []bool, num, den float64) (float64, float64) {
	for i, t := range a.Tokens[:len(aUsed)] {
		if aUsed[i] || len(t) < 2 || len(t) > 6 || isNumber(t) {
			continue
		}
		for start := range bUsed {
			k, j := 0, start
			for j < len(bUsed) && k < len(t) && !bUsed[j] {
				bt := b.Tokens[j]
				if bt[0] == t[k] {
					k++
				} else if !particle(bt) {
					break
				}
				j++
			}
			if k < len(t) || j-start < 2 {
				continue
			}
			if len(t) == 2 && len(a.Tokens) == 1 && start == 0 && j == len(bUsed) {
				// A name of two initials alone is not the acronym of a
				// two-word name: "N.N." is the registers' placeholder for
				// an unknown name (nomen nescio), not "Nursultan
				// Nazarbayev"; "J.S." is no one in particular.
				continue
			}
			w := float64(len(t))
			for x := start; x < j; x++ {
				bUsed[x] = true
				w += float64(runeLen(b.Tokens[x]))
			}
			aUsed[i] = true
			num += 0.9 * w
			den += w
			break
		}
	}
	return num, den
}

// unmatched returns the number of unmatched tokens of one side that are
// not particles, and the weight of all its unmatched tokens: particles, and
// patronymics of the longer side, weigh Weights.Particle, the other surplus
// tokens of the longer side extra.
func unmatched(toks []string, used []bool, longer bool, extra float64, o *Options) (int, float64) {
	var d float64
	k := 0
	for i, u := range used {
		if u {
			continue
		}
		w := float64(runeLen(toks[i]))
		switch {
		case particle(toks[i]), longer && patronymic(toks[i]):
			w *= o.Weights.Particle
		case longer:
			k++
			w *= extra
		default:
			k++
		}
		d += w
	}
	return k, d
}

// joinedSim compares the skeletons of both forms joined without spaces.
func joinedSim(q, c *names.Form) float64 {
	var qb, cb [maxRunes]rune
	qr, cr := joinRunes(&qb, q.Skeletons), joinRunes(&cb, c.Skeletons)
	if len(qr) < 4 || len(cr) < 4 || 10*abs(len(qr)-len(cr)) > max(len(qr), len(cr)) {
		return 0 // cannot reach 0.9
	}
	s := 1 - float64(textsim.Levenshtein(qr, cr))/float64(max(len(qr), len(cr)))
	if s < 0.9 {
		return 0
	}
	return s
}

// joinRunes joins toks into buf; nil when they do not fit.
func joinRunes(buf *[maxRunes]rune, toks []string) []rune {
	n := 0
	for _, t := range toks {
		for _, r := range t {
			if n == maxRunes {
				return nil
			}
			buf[n] = r
			n++
		}
	}
	return buf[:n]
}

// numbersDiffer reports whether the number tokens of q and c differ as
// sets.
func numbersDiffer(q, c *names.Form) bool {
	qn, cn := 0, 0
	for _, t := range q.Tokens {
		if isNumber(t) {
			qn++
			found := false
			for _, u := range c.Tokens {
				if u == t {
					found = true
					break
				}
			}
			if !found {
				return true
			}
		}
	}
	for _, t := range c.Tokens {
		if isNumber(t) {
			cn++
		}
	}
	return qn != cn
}

// series reports whether two forms are the same name of two or more
// words followed by different series or vintage numbers: every token after
// the shared words carries a digit, on both sides ("Snow Storm 1" and
// "Snow Storm 2"; "... Loan Trust 2004 1" and "... Loan Trust 2005 1";
// "Capital Partners 7" and "8"). Such names belong to one family (one
// sponsor's funds, one owner's vessels, one shelf of trusts), which a
// screener reviews. A number with no word in common ("11420 Corp." and
// "Belletech Corp."), a number on one side only ("Management Company 23")
// or any other difference in the words is not a series.
func series(q, c *names.Form) bool {
	pq, pc := numberTail(q.Tokens), numberTail(c.Tokens)
	if pq != pc || pq < 2 || pq == len(q.Tokens) || pc == len(c.Tokens) {
		return false
	}
	return slices.Equal(q.Tokens[:pq], c.Tokens[:pc])
}

// numberTail returns the index where the run of tokens with digits that
// ends toks begins (len(toks) when the last token has no digit).
func numberTail(toks []string) int {
	i := len(toks)
	for i > 0 && isNumber(toks[i-1]) {
		i--
	}
	return i
}

// nameSim returns the best similarity over the form pairs of two analyzed
// names that share a script, and the forms that gave it. Two names written
// in the same non-Latin script are compared in that script only.
//
// qf and cf are the facts of the names' forms (nameFacts).
func nameSim(q, c *names.Name, qf, cf [][]tokenFacts, extra float64, o *Options) (float64, *names.Form, *names.Form) {
	best := -1.0
	var bq, bc *names.Form
	native := q.Forms[0].Script != names.Latin && q.Forms[0].Script == c.Forms[0].Script
	for i := range q.Forms {
		for j := range c.Forms {
			if q.Forms[i].Script != c.Forms[j].Script {
				continue
			}
			if native && (i > 0 || j > 0) || q.Forms[i].Reduced && c.Forms[j].Reduced ||
				(q.Forms[i].Reduced || c.Forms[j].Reduced) && o.off(Reduced) {
				continue
			}
			s := formSim(&q.Forms[i], &c.Forms[j], qf[i], cf[j], extra, o)
			if s > best {
				best, bq, bc = s, &q.Forms[i], &c.Forms[j]
				if s >= 1 {
					return 1, bq, bc
				}
			}
		}
	}
	if s, fq, fc := kanjiNameSim(q, c, o); s > best {
		best, bq, bc = s, fq, fc
	}
	if s, fq, fc := kanaNameSim(q, c, qf, cf, extra, o); s > best {
		best, bq, bc = s, fq, fc
	}
	return max(best, 0), bq, bc
}
