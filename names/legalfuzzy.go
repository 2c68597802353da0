package names

import (
	"slices"
	"strings"
	"sync"

	"github.com/redline-sanctions/redline/internal/textsim"
)

// Legal forms as people mistype them: the words of a phrase in another
// order ("COMPANY STOCK JOINT" for JOINT STOCK COMPANY), a long legal word
// with one letter wrong anywhere ("OIMITED", "HOLDIGN"), a short code with
// two neighbouring letters swapped or one letter dropped or doubled
// ("LDT", "CJS", "LWTDA"). Each is read only where legal forms are
// read, at the ends of a name (stripLegalForms), and only when the token
// is not a legal word as written.

// legalSorted maps the words of each legal-form phrase of two words or
// more, sorted and joined by one space, to the phrase. Word sets that two
// phrases of different codes share are left out.
var legalSorted = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	bad := map[string]bool{}
	for p, c := range legalForms {
		w := strings.Fields(p)
		if len(w) < 2 {
			continue
		}
		slices.Sort(w)
		k := strings.Join(w, " ")
		if q, ok := m[k]; ok && legalForms[q] != c {
			bad[k] = true
		}
		if q, ok := m[k]; !ok || p < q {
			m[k] = p // the first phrase in sort order, for determinism
		}
	}
	for k := range bad {
		delete(m, k)
	}
	return m
})

// legalPhrase returns the legal-form phrase (as legalForms spells it) of
// words in this or any other order, and its code.
func legalPhrase(words []string) (phrase, code string, ok bool) {
	p := strings.Join(words, " ")
	if c, ok := legalForms[p]; ok {
		return p, c, true
	}
	if len(words) < 2 {
		return "", "", false
	}
	s := slices.Clone(words)
	slices.Sort(s)
	if q, ok := legalSorted()[strings.Join(s, " ")]; ok {
		return q, legalForms[q], true
	}
	return "", "", false
}

// shortLegalCodes are the legal words of three to five letters that are
// codes, not English words a name may hold: a token one swap, drop or
// doubling from one of them is read as it.
var shortLegalCodes = sync.OnceValue(func() []string {
	var out []string
	for w := range legalWords() {
		if len(w) >= 3 && len(w) <= 5 && isLetters(w) && !vowelRich(w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
})

// vowelRich reports whether w has two vowels or more: such short legal
// words (group, limit, aktsi...) read like words of a name, codes do not
// (ltd, llc, jsc, gmbh, ltda, cjsc, ojsc, corp).
func vowelRich(w string) bool { return vowels(w) >= 2 }

// vowels counts the vowels (y included) of w.
func vowels(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			n++
		}
	}
	return n
}

// legalWordFix returns the legal word that token t misspells, or "": a
// word of six letters or more one edit from t (the first letter included),
// or a short code (shortLegalCodes) t is one transposition, deletion or
// insertion from (not a substitution: JSC and ASC, LLC and LLP differ
// so), under the conditions below. Measured on the names of the four
// benchmark lists (32,610 entities, 2026-12-05): beside the rule before
// (six letters or more, same first letter) these rules read 20 more names
// with a legal form, all of them rightly (PJS, JCS, CJS, PSC, LDT, JPSC,
// KHOLDING) but one doubtful (LLL read as LLLP); the short-code
// conditions exclude the wrong readings that looser rules made there
// (SAL read as SARL, TDA as LTDA, NIC as INC, SSA as SAS, CORPS as CORP).
func legalWordFix(t string) string {
	if legalWords()[t] || !isLetters(t) {
		return ""
	}
	if len(t) >= 6 {
		return longLegalFix(t)
	}
	if len(t) < 3 {
		return ""
	}
	return shortLegalMisspellings()[t]
}

// shortLegalMisspellings maps each misspelling of a short code that
// legalWordFix accepts to the code: its neighbours swapped (ldt, jcs,
// jpsc; a three-letter code only without vowels: nic is not inc, ssa not
// sas), and for codes of four letters or more without vowels one letter
// dropped or added after the first (cjs, pjs, psc; sal is not sarl, tda
// not ltda, corps not corp). Spellings that are legal words stay
// themselves; one reachable from two codes goes to the first in order.
var shortLegalMisspellings = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(t, w string) {
		if _, ok := m[t]; !ok && !legalWords()[t] && t != w {
			m[t] = w
		}
	}
	for _, w := range shortLegalCodes() {
		if len(w) >= 4 || vowels(w) == 0 {
			for i := 0; i+1 < len(w); i++ {
				if w[i] != w[i+1] {
					add(w[:i]+string(w[i+1])+string(w[i])+w[i+2:], w)
				}
			}
		}
		if len(w) < 4 || vowels(w) > 0 {
			continue
		}
		for i := 1; i < len(w); i++ {
			add(w[:i]+w[i+1:], w)
		}
		for i := 1; i <= len(w); i++ {
			for c := byte('a'); c <= 'z'; c++ {
				add(w[:i]+string(c)+w[i:], w)
			}
		}
	}
	return m
})

// longLegalDeletions maps each long legal word (longLegalWords) and each
// string made by deleting one of its letters to the words it comes from:
// two tokens one edit apart share one of these strings (the deletion
// index of package index, on a small scale).
var longLegalDeletions = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, w := range longLegalWords() {
		m[w] = append(m[w], w)
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			if !slices.Contains(m[d], w) {
				m[d] = append(m[d], w)
			}
		}
	}
	return m
})

// longLegalFix returns the long legal word one edit from the letters-only
// token t, or "".
func longLegalFix(t string) string {
	m := longLegalDeletions()
	var buf [64]byte
	if len(t) > len(buf) {
		return ""
	}
	rt := []rune(t)
	try := func(key []byte) string {
		for _, w := range m[string(key)] {
			if textsim.OSA(rt, []rune(w)) == 1 {
				return w
			}
		}
		return ""
	}
	if w := try(append(buf[:0], t...)); w != "" {
		return w
	}
	for i := range len(t) {
		if w := try(append(append(buf[:0], t[:i]...), t[i+1:]...)); w != "" {
			return w
		}
	}
	return ""
}

// transposition reports whether a and b, of one length, differ by two
// neighbouring letters swapped.
func transposition(a, b string) bool {
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
