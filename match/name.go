package match

import (
	"strings"

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

// patronymic reports tokens that are usually optional in a name: Slavic
// patronymics and Arabic/Turkic particles. Unmatched, they weigh little.
func patronymic(t string) bool {
	for _, suf := range []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna", "oglu", "ogly", "kyzy", "uly", "ovic", "evic"} {
		if strings.HasSuffix(t, suf) && len(t) > len(suf)+2 {
			return true
		}
	}
	switch t {
	case "bin", "ibn", "bint", "al", "el", "abu", "ben", "bn", "de", "da", "van", "von", "der", "del", "la", "le", "di":
		return true
	}
	return false
}

// tokenSim is the similarity of token i of q and token j of c, in [0, 1].
func tokenSim(q *names.Form, i int, c *names.Form, j int, o *Options) float64 {
	a, b := q.Tokens[i], c.Tokens[j]
	if a == b {
		return 1
	}
	if isNumber(a) || isNumber(b) {
		return 0
	}
	sa, sb := q.Skeletons[i], c.Skeletons[j]
	if sa == sb {
		return 0.95
	}
	la, lb := runeLen(a), runeLen(b)
	if la == 1 || lb == 1 {
		if la != lb && firstRune(a) == firstRune(b) {
			return o.Weights.Initial
		}
		return 0
	}
	s := stringSim(sa, sb)
	if s < o.Weights.MinTokenSim {
		return 0
	}
	return s
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// formSim compares two forms of the same script by aligning their tokens
// greedily, best pair first, in any order. Each aligned pair contributes
// its similarity weighted by the pair's length in runes; unmatched tokens
// count against the score, at ExtraToken weight for the surplus tokens of
// the longer name and less still for patronymics and particles. When the
// names differ in token count, the names joined without spaces are also
// compared ("Abdulhai" and "Abdul Hai"). Number tokens that differ cost
// Weights.Numbers.
func formSim(q, c *names.Form, o *Options) float64 {
	n, m := min(len(q.Tokens), maxTokens), min(len(c.Tokens), maxTokens)
	if n == 0 || m == 0 {
		return 0
	}
	var sim [maxTokens][maxTokens]float32
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			sim[i][j] = float32(tokenSim(q, i, c, j, o))
		}
	}
	var qUsed, cUsed [maxTokens]bool
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
		w := float64(runeLen(q.Tokens[bi]) + runeLen(c.Tokens[bj]))
		num += w * float64(best)
		den += w
	}
	den += unmatched(q.Tokens, qUsed[:n], n > m, o) + unmatched(c.Tokens, cUsed[:m], m > n, o)
	for i := n; i < len(q.Tokens); i++ {
		den += float64(runeLen(q.Tokens[i]))
	}
	for j := m; j < len(c.Tokens); j++ {
		den += float64(runeLen(c.Tokens[j]))
	}
	score := num / den
	if score < 0.99 && (n != m || score < 0.9) {
		if js := joinedSim(q, c); js*0.95 > score {
			score = js * 0.95
		}
	}
	if numbersDiffer(q, c) {
		score -= o.Weights.Numbers
	}
	return max(score, 0)
}

// unmatched returns the weight of the unmatched tokens of one side.
func unmatched(toks []string, used []bool, longer bool, o *Options) float64 {
	var d float64
	for i, u := range used {
		if u {
			continue
		}
		w := float64(runeLen(toks[i]))
		if longer {
			if patronymic(toks[i]) {
				w *= o.Weights.Particle
			} else {
				w *= o.Weights.ExtraToken
			}
		}
		d += w
	}
	return d
}

// joinedSim compares the skeletons of both forms joined without spaces.
func joinedSim(q, c *names.Form) float64 {
	var qb, cb [maxRunes]rune
	qr, cr := joinRunes(&qb, q.Skeletons), joinRunes(&cb, c.Skeletons)
	if len(qr) < 4 || len(cr) < 4 {
		return 0
	}
	jw := jaroWinkler(qr, cr)
	lr := 1 - float64(levenshtein(qr, cr))/float64(max(len(qr), len(cr)))
	s := (jw + lr) / 2
	if s < 0.9 {
		return 0
	}
	return s
}

func joinRunes(buf *[maxRunes]rune, toks []string) []rune {
	n := 0
	for _, t := range toks {
		for _, r := range t {
			if n == maxRunes {
				return buf[:n]
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

// nameSim returns the best similarity over the form pairs of two analyzed
// names that share a script, and the forms that gave it.
func nameSim(q, c *names.Name, o *Options) (float64, *names.Form, *names.Form) {
	best := -1.0
	var bq, bc *names.Form
	for i := range q.Forms {
		for j := range c.Forms {
			if q.Forms[i].Script != c.Forms[j].Script {
				continue
			}
			s := formSim(&q.Forms[i], &c.Forms[j], o)
			if s > best {
				best, bq, bc = s, &q.Forms[i], &c.Forms[j]
				if s >= 1 {
					return 1, bq, bc
				}
			}
		}
	}
	return max(best, 0), bq, bc
}
