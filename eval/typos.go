package eval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/names"
)

// The typo suite (issue 14): queries generated from the OFAC SDN list with
// a fixed seed, so that every run and every engine meets the same ones.
//
//   - typo: a listed name with one letter wrong (substituted, dropped,
//     doubled or swapped with its neighbour) in one token of four letters
//     or more, the first letter included; the listed entity must be the
//     top hit and a match.
//   - legal_typo: the same with the letter wrong in a legal-form word
//     ("MOBIN HOLDING OIMITED" for MOBIN HOLDING LIMITED).
//   - legal_order: a company name whose legal form of two words or more is
//     written in reverse order ("GENBANK COMPANY STOCK JOINT").
//   - weak: a negative. A weak alias of a listed person (OFAC marks short
//     a.k.a.s such as "Abu Yahya" weak) written with the surname of an
//     unrelated listed person: a different person who shares the weak
//     alias. No hit carrying the weak alias may be a match.
//
// A query is never the exact name (after names.Normalize) of an SDN
// entry. The generator reads only the entities of TypoDataset, sorted by
// id, so that the suite depends on that list and the seed alone; the
// split key of a row is "kind|query|id" (suite "typos", see HeldOut).
const (
	TypoSeed    = 20261204
	TypoDataset = "us_ofac_sdn"
	TypoSuite   = "typos"
)

// Kinds of typo queries and how many of each the suite holds.
const (
	TypoKindTypo       = "typo"
	TypoKindLegalTypo  = "legal_typo"
	TypoKindLegalOrder = "legal_order"
	TypoKindWeak       = "weak"
)

var typoCounts = []struct {
	kind string
	n    int
}{{TypoKindTypo, 1200}, {TypoKindLegalTypo, 300}, {TypoKindLegalOrder, 300}, {TypoKindWeak, 500}}

// TypoQuery is one query of the typo suite.
type TypoQuery struct {
	Kind   string
	Query  string
	Schema string
	// ID is the listed entity the query was made from; Name the listed
	// name (for weak rows, the weak alias).
	ID   string
	Name string
}

// Key is the row's split key.
func (q TypoQuery) Key() string { return q.Kind + "|" + q.Query + "|" + q.ID }

// TypoQueries generates the typo suite from the entities of TypoDataset
// among ents with the given seed. It returns no query when the list is
// not among them.
func TypoQueries(ents []*entity.Entity, seed uint64) []TypoQuery {
	var sdn []*entity.Entity
	listed := map[string]bool{}
	for _, e := range ents {
		if e.Dataset != TypoDataset || !entity.Matchable(e.Schema) {
			continue
		}
		sdn = append(sdn, e)
		for _, n := range e.Names() {
			listed[names.Normalize(n)] = true
		}
	}
	if len(sdn) == 0 {
		return nil
	}
	slices.SortFunc(sdn, func(a, b *entity.Entity) int { return strings.Compare(a.ID, b.ID) })
	rng := rand.New(rand.NewPCG(seed, seed))
	seen := map[string]bool{}
	var out []TypoQuery
	add := func(q TypoQuery) bool {
		if q.Query == "" || listed[names.Normalize(q.Query)] || seen[q.Key()] {
			return false
		}
		seen[q.Key()] = true
		out = append(out, q)
		return true
	}
	// Pools, in list order.
	var plain, legal, order, weak, persons []*entity.Entity
	for _, e := range sdn {
		n := e.First(entity.Name)
		if !latinLetters(n) {
			continue
		}
		if len(typoTokens(n)) > 0 {
			plain = append(plain, e)
		}
		if !entity.IsA(e.Schema, entity.Person) {
			if _, ok := legalWordAt(n); ok {
				legal = append(legal, e)
			}
			if _, _, ok := legalPhrase(n); ok {
				order = append(order, e)
			}
		} else {
			persons = append(persons, e)
			if slices.ContainsFunc(e.Get(entity.WeakAlias), latinLetters) {
				weak = append(weak, e)
			}
		}
	}
	for _, c := range typoCounts {
		want := len(out) + c.n
		for tries := 0; len(out) < want && tries < 50*c.n; tries++ {
			switch c.kind {
			case TypoKindTypo:
				e := plain[rng.IntN(len(plain))]
				n := e.First(entity.Name)
				toks := typoTokens(n)
				add(TypoQuery{Kind: c.kind, Query: misspell(n, toks[rng.IntN(len(toks))], rng), Schema: e.Schema, ID: e.ID, Name: n})
			case TypoKindLegalTypo:
				if len(legal) == 0 {
					break
				}
				e := legal[rng.IntN(len(legal))]
				n := e.First(entity.Name)
				w, _ := legalWordAt(n)
				add(TypoQuery{Kind: c.kind, Query: misspell(n, w, rng), Schema: e.Schema, ID: e.ID, Name: n})
			case TypoKindLegalOrder:
				if len(order) == 0 {
					break
				}
				e := order[rng.IntN(len(order))]
				n := e.First(entity.Name)
				start, end, _ := legalPhrase(n)
				f := strings.Fields(n)
				rev := slices.Clone(f[start:end])
				slices.Reverse(rev)
				q := strings.Join(slices.Concat(f[:start], rev, f[end:]), " ")
				add(TypoQuery{Kind: c.kind, Query: q, Schema: e.Schema, ID: e.ID, Name: n})
			case TypoKindWeak:
				if len(weak) == 0 {
					break
				}
				e := weak[rng.IntN(len(weak))]
				var ws []string
				for _, w := range e.Get(entity.WeakAlias) {
					if latinLetters(w) {
						ws = append(ws, w)
					}
				}
				w := ws[rng.IntN(len(ws))]
				other := persons[rng.IntN(len(persons))]
				sur, _, _ := strings.Cut(other.First(entity.Name), ",")
				sur = strings.TrimSpace(sur)
				if other == e || len(sur) < 3 || sharesToken(e, sur) {
					break
				}
				add(TypoQuery{Kind: c.kind, Query: sur + ", " + w, Schema: entity.Person, ID: e.ID, Name: w})
			}
		}
	}
	return out
}

// TypoDigest is the SHA-256 of the generated rows (their keys in order),
// which splits.json records in place of a file's digest.
func TypoDigest(qs []TypoQuery) string {
	h := sha256.New()
	for _, q := range qs {
		h.Write([]byte(q.Key() + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// latinLetters reports whether s is written in ASCII letters, spaces and
// punctuation only and has a letter.
func latinLetters(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false
		}
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			letter = true
		}
	}
	return letter
}

// typoTokens returns the words of n of four letters or more (letters
// only), where a typo is made.
func typoTokens(n string) []string {
	var out []string
	for _, f := range strings.Fields(n) {
		w := strings.Trim(f, ",.;:()\"'")
		if len(w) >= 4 && isAlpha(w) {
			out = append(out, w)
		}
	}
	return out
}

func isAlpha(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// legalWordAt returns the last word of n of four letters or more that is a
// legal form by itself or in a phrase with its neighbour at the end of the
// name (LIMITED, COMPANY, HOLDING; STOCK in JOINT STOCK COMPANY).
func legalWordAt(n string) (string, bool) {
	f := strings.Fields(n)
	if len(f) < 2 {
		return "", false
	}
	for i := len(f) - 1; i >= max(1, len(f)-3); i-- {
		w := strings.Trim(f[i], ",.;:()")
		if len(w) < 4 || !isAlpha(w) {
			continue
		}
		if names.LegalForm(strings.Join(f[i:], " ")) != "" || names.LegalForm(w) != "" {
			return w, true
		}
	}
	return "", false
}

// legalPhrase finds a legal form of two to four words, each of two letters
// or more, at the end or the start of n (words start..end), that is not
// the same read backwards.
func legalPhrase(n string) (start, end int, ok bool) {
	f := strings.Fields(n)
	for k := min(4, len(f)-1); k >= 2; k-- {
		for _, s := range []int{len(f) - k, 0} {
			p := f[s : s+k]
			if !slices.ContainsFunc(p, func(w string) bool { return len(strings.Trim(w, ",.;:()")) < 2 }) &&
				names.LegalForm(strings.Join(p, " ")) != "" {
				rev := slices.Clone(p)
				slices.Reverse(rev)
				if !slices.Equal(rev, p) {
					return s, s + k, true
				}
			}
		}
	}
	return 0, 0, false
}

// misspell replaces the first occurrence of word w in n by w with one
// letter wrong: substituted, deleted, doubled or swapped with the next, at
// a random place.
func misspell(n, w string, rng *rand.Rand) string {
	b := []byte(w)
	i := rng.IntN(len(b))
	upper := b[0] >= 'A' && b[0] <= 'Z'
	letter := func() byte {
		c := byte('a' + rng.IntN(26))
		if upper {
			c -= 'a' - 'A'
		}
		return c
	}
	var out []byte
	switch rng.IntN(4) {
	case 0: // substitution
		c := letter()
		for c == b[i] || c == b[i]^0x20 {
			c = letter()
		}
		out = slices.Concat(b[:i], []byte{c}, b[i+1:])
	case 1: // deletion
		out = slices.Concat(b[:i], b[i+1:])
	case 2: // insertion
		out = slices.Concat(b[:i], []byte{letter()}, b[i:])
	default: // transposition
		if i == len(b)-1 {
			i--
		}
		if b[i] == b[i+1] {
			return ""
		}
		out = slices.Concat(b[:i], []byte{b[i+1], b[i]}, b[i+2:])
	}
	return strings.Replace(n, w, string(out), 1)
}

// sharesToken reports whether the normalized word w is a token of one of
// e's names.
func sharesToken(e *entity.Entity, w string) bool {
	nw := strings.Fields(names.Normalize(w))
	for _, n := range e.Names() {
		toks := strings.Fields(names.Normalize(n))
		for _, t := range nw {
			if slices.Contains(toks, t) {
				return true
			}
		}
	}
	return false
}

// tokenSet is the sorted normalized tokens of a name: another list's
// copy of an entry ("SAJIDA KHAYRALLAH TILFAH" for "TILFAH, Sajida
// Khayrallah") carries the name in another order.
func tokenSet(n string) string {
	f := strings.Fields(names.Normalize(n))
	slices.Sort(f)
	return strings.Join(f, " ")
}

// TypoKindResult is the outcome of one kind of typo queries on one split.
type TypoKindResult struct {
	N int `json:"n"`
	// Rank1 counts positives whose listed entity (or an entity carrying
	// its name, such as the CSL's or the UN's copy, in any word order) is
	// the top hit and a match;
	// NoResult those with no hit at all. For weak rows, FalseMatch counts
	// the queries with a matching hit that carries the weak alias.
	Rank1      int `json:"rank1"`
	NoResult   int `json:"no_result"`
	FalseMatch int `json:"false_match"`
	Errors     int `json:"errors"`
}

// TypoResult is the outcome of the typo suite: per kind, held out and dev.
type TypoResult struct {
	Suite   string                    `json:"suite"`
	HeldOut map[string]TypoKindResult `json:"held_out"`
	Dev     map[string]TypoKindResult `json:"dev"`
	// Misses lists up to 30 dev queries answered wrongly, for inspection.
	Misses []string `json:"misses,omitempty"`
}

func (r TypoResult) split(held bool) map[string]TypoKindResult {
	if held {
		return r.HeldOut
	}
	return r.Dev
}

// Positives sums the positive kinds of one split.
func (r TypoResult) Positives(held bool) TypoKindResult {
	m := r.split(held)
	var t TypoKindResult
	for k, v := range m {
		if k == TypoKindWeak {
			continue
		}
		t.N += v.N
		t.Rank1 += v.Rank1
		t.NoResult += v.NoResult
		t.Errors += v.Errors
	}
	return t
}

// Typos runs the typo suite on s, queries on GOMAXPROCS goroutines.
func Typos(ctx context.Context, qs []TypoQuery, s Searcher) (TypoResult, error) {
	out := TypoResult{Suite: TypoSuite, HeldOut: map[string]TypoKindResult{}, Dev: map[string]TypoKindResult{}}
	var mu sync.Mutex
	err := parallel(ctx, len(qs), 0, func(i int) {
		q := qs[i]
		hits, err := s.Search(ctx, &entity.Entity{Schema: q.Schema, Properties: map[string][]string{entity.Name: {q.Query}}})
		held := HeldOut(TypoSuite, q.Key())
		mu.Lock()
		defer mu.Unlock()
		m := out.Dev
		if held {
			m = out.HeldOut
		}
		r := m[q.Kind]
		r.N++
		defer func() { m[q.Kind] = r }()
		if err != nil {
			r.Errors++
			return
		}
		want := tokenSet(q.Name)
		carries := func(h Hit) bool {
			return slices.ContainsFunc(h.Names, func(n string) bool { return tokenSet(n) == want })
		}
		miss := ""
		if q.Kind == TypoKindWeak {
			if i := slices.IndexFunc(hits, func(h Hit) bool { return h.Match && (h.ID == q.ID || carries(h)) }); i >= 0 {
				r.FalseMatch++
				miss = fmt.Sprintf("%s ~ %s %.3f", hits[i].Caption, q.Name, hits[i].Score)
			}
		} else {
			switch {
			case len(hits) == 0:
				r.NoResult++
				miss = "no result"
			case hits[0].Match && (hits[0].ID == q.ID || carries(hits[0])):
				r.Rank1++
			default:
				miss = fmt.Sprintf("%s %.3f", hits[0].Caption, hits[0].Score)
			}
		}
		if miss != "" && !held && len(out.Misses) < 30 {
			out.Misses = append(out.Misses, fmt.Sprintf("%s: %q (%s): %s", q.Kind, q.Query, q.Name, miss))
		}
	})
	return out, err
}
