// Package index is redline's immutable in-memory name index: it finds, for
// the spellings of a query name, the listed name forms most likely to match,
// fast and without letting a common token crowd out the true candidate.
//
// # Layout
//
// An Index is struct-of-arrays keyed by form number. A form is one spelling
// (names.Form) of one name of one listed entity; forms are numbered in the
// order they were added. Retrieval keys are strings with a one-byte kind
// prefix:
//
//	't' + token       every token of the form ("tviktor")
//	'p' + phonetic    the consonant frame of Latin tokens ("pmdvdcc")
//	'g' + trigram     rune trigrams of each token's skeleton, padded with
//	                  '$' ("g$me", "gmed", ..., "guk$")
//
// Beside them, a deletion index (typo.go) holds every token of three runes
// or more of a Latin form under itself and its one-rune deletions, so
// that a query token with one letter wrong, the first included, still
// finds the form.
//
// Keys are numbered; postings are stored in compressed-sparse-row form:
// the forms holding key k are postings[keyStart[k]:keyStart[k+1]], in
// increasing form order, each form at most once per key.
//
// Worked example: two entities, 0 "Viktor Medvedchuk" and 1 "Viktor Bout",
// give forms 0 [viktor medvedchuk] and 1 [viktor bout]. Key "tviktor" has
// postings [0 1], "tbout" [1], "tmedvedchuk" [0], "pvctr" [0 1], and so on;
// formEntity is [0 1]. The query "Victor Medvedtchuk" shares no token with
// either form, but shares "pvctr" with both, and "pmdvdcc" and the trigrams
// "gmed", "gedv", "gdve", "gved", ... with form 0 only; those rare keys carry
// a high IDF and form 0 wins.
//
// # Retrieval
//
// Search walks the query's keys (tokens, phonetic keys, and the trigrams of
// the tokens the index does not hold) from the rarest (shortest posting
// list) to the most common, adding w(kind)·idf(key) to an accumulator per form, until
// a budget of postings is spent. Rare keys are therefore always counted;
// only the most common keys can be left unread, and they carry the least
// weight. The accumulated score is divided by the geometric mean of the
// query's and the form's total key weight (a cosine-like normalization), and
// the best forms are returned.
//
// An Index is never modified after Build and is safe for concurrent use;
// each goroutine searches with its own Scratch.
package index

import (
	"cmp"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/names"
)

// Key kinds and their weights.
const (
	kindToken    = 't'
	kindPhonetic = 'p'
	kindTrigram  = 'g'

	weightToken    = 1.0
	weightPhonetic = 0.7
	weightTrigram  = 0.25
)

func kindWeight(k byte) float32 {
	switch k {
	case kindToken:
		return weightToken
	case kindPhonetic:
		return weightPhonetic
	}
	return weightTrigram
}

// Index is an immutable name index. Build one with a Builder.
type Index struct {
	// forms[f] is form f; formEntity[f] the entity number its caller gave
	// to Builder.Add; formName[f] the name number given with it.
	forms      []names.Form
	formEntity []uint32
	formName   []uint32
	// formWeight[f] is Σ kindWeight·idf over the distinct keys of form f;
	// formNorm[f] is 1/sqrt(formWeight[f]).
	formWeight []float32
	formNorm   []float32
	// keys maps a key to its number k; keyStart has len(keys)+1 entries,
	// postings[keyStart[k]:keyStart[k+1]] are the forms with key k.
	keys     map[string]uint32
	keyStart []uint32
	postings []uint32
	// idf[k] is ln(1 + N/df(k)) with N the number of forms.
	idf []float32
	// The deletion index (typo.go): delKeys are the distinct hashes of
	// deletion keys, ascending; the forms holding delKeys[i] are
	// delPost[delStart[i]:delStart[i+1]], ascending.
	delKeys  []uint32
	delStart []uint32
	delPost  []uint32
}

// Builder collects forms for an Index. It is not safe for concurrent use.
type Builder struct {
	forms      []names.Form
	formEntity []uint32
	formName   []uint32
	keys       map[string]uint32
	// pairs holds one (key, form) posting per entry, key in the high 32
	// bits, in the order added; Build sorts them into lists by a counting
	// sort. last[k] is 1 + the last form given key k, to drop repeats.
	pairs []uint64
	last  []uint32
	buf   []byte
	// dels holds one (deletion-key hash, form) pair per entry, hash in
	// the high 32 bits (typo.go).
	dels []uint64
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{keys: make(map[string]uint32, 1<<16)}
}

// Add adds form f of name number name of entity number ent and returns the
// form's number.
func (b *Builder) Add(ent, name uint32, f names.Form) uint32 {
	id := uint32(len(b.forms))
	b.forms = append(b.forms, f)
	b.formEntity = append(b.formEntity, ent)
	b.formName = append(b.formName, name)
	b.buf = appendKeys(b.buf[:0], &f, nil, func(key []byte) {
		k, ok := b.keys[string(key)]
		if !ok {
			k = uint32(len(b.last))
			b.keys[string(key)] = k
			b.last = append(b.last, 0)
		}
		if b.last[k] == id+1 {
			return // already listed for this form
		}
		b.last[k] = id + 1
		b.pairs = append(b.pairs, uint64(k)<<32|uint64(id))
	})
	b.addDeletions(id, &f)
	return id
}

// Build returns the Index of the forms added so far. The Builder must not
// be used afterwards.
func (b *Builder) Build() *Index {
	nk := len(b.last)
	ix := &Index{
		forms: b.forms, formEntity: b.formEntity, formName: b.formName,
		keys: b.keys, keyStart: make([]uint32, nk+1),
		idf: make([]float32, nk), formWeight: make([]float32, len(b.forms)),
		postings: make([]uint32, len(b.pairs)),
	}
	// Counting sort of the pairs by key; forms stay in the order added,
	// so every list is sorted.
	for _, p := range b.pairs {
		ix.keyStart[p>>32+1]++
	}
	for k := range nk {
		ix.keyStart[k+1] += ix.keyStart[k]
	}
	next := make([]uint32, nk)
	copy(next, ix.keyStart[:nk])
	for _, p := range b.pairs {
		k := p >> 32
		ix.postings[next[k]] = uint32(p)
		next[k]++
	}
	n := float64(len(b.forms))
	kinds := make([]byte, nk)
	for key, k := range b.keys {
		kinds[k] = key[0]
	}
	for k := range nk {
		l := ix.postings[ix.keyStart[k]:ix.keyStart[k+1]]
		ix.idf[k] = float32(math.Log(1 + n/float64(len(l))))
		w := kindWeight(kinds[k]) * ix.idf[k]
		for _, f := range l {
			ix.formWeight[f] += w
		}
	}
	ix.formNorm = make([]float32, len(ix.formWeight))
	for f, w := range ix.formWeight {
		if w > 0 {
			ix.formNorm[f] = float32(1 / math.Sqrt(float64(w)))
		}
	}
	b.buildDeletions(ix)
	*b = Builder{}
	return ix
}

// appendKeys calls fn with each retrieval key of f (possibly repeated),
// using buf as scratch space, and returns buf. When skip is not nil, the
// trigrams of the tokens it reports are left out; skip is asked about a
// token after fn has been called with the token's own key.
func appendKeys(buf []byte, f *names.Form, skip func(tok string) bool, fn func(key []byte)) []byte {
	for i, t := range f.Tokens {
		buf = appendTokenKeys(buf, t, f.Phonetics[i], f.Skeletons[i], skip, fn)
	}
	return buf
}

// appendTokenKeys is appendKeys for one token t with phonetic key p and
// skeleton sk.
func appendTokenKeys(buf []byte, t, p, sk string, skip func(tok string) bool, fn func(key []byte)) []byte {
	buf = append(buf[:0], kindToken)
	buf = append(buf, t...)
	fn(buf)
	if p != "" {
		buf = append(buf[:0], kindPhonetic)
		buf = append(buf, p...)
		fn(buf)
	}
	if skip != nil && skip(t) {
		return buf
	}
	if utf8.RuneCountInString(sk) < 2 {
		return buf
	}
	// Trigrams of "$" + sk + "$" by runes.
	var r0, r1 rune = '$', 0
	first := true
	tri := func(r rune) {
		buf = append(buf[:0], kindTrigram)
		buf = utf8.AppendRune(buf, r0)
		buf = utf8.AppendRune(buf, r1)
		buf = utf8.AppendRune(buf, r)
		fn(buf)
		r0, r1 = r1, r
	}
	for _, r := range sk {
		if first {
			r1 = r
			first = false
			continue
		}
		tri(r)
	}
	tri('$')
	return buf
}

// Len returns the number of forms in the index.
func (ix *Index) Len() int { return len(ix.forms) }

// Form returns form f, its entity number and its name number. The form
// belongs to the index and must not be modified.
func (ix *Index) Form(f uint32) (*names.Form, uint32, uint32) {
	return &ix.forms[f], ix.formEntity[f], ix.formName[f]
}

// Keys returns the number of distinct keys and of postings.
func (ix *Index) Keys() (keys, postings int) { return len(ix.idf), len(ix.postings) }

// Candidate is a form found by Search.
type Candidate struct {
	Form   uint32
	Entity uint32
	// Score is the normalized retrieval score, in [0, 1] roughly; only its
	// order matters.
	Score float32
}

// Scratch is per-goroutine working memory for Search. Make one with
// NewScratch and reuse it; it must not be used by two searches at once.
type Scratch struct {
	// Read and Touched tell how many postings the last Search read and
	// how many distinct forms they reached (for measurement).
	Read, Touched int

	acc     []float32
	touched []uint32
	qkeys   []qkey
	buf     []byte
	cands   []Candidate

	// tokens memoizes the keys of the query tokens seen (names repeat
	// from one query to the next): the key of a token, skeleton and
	// phonetic key maps to its run of looked-up keys in looked.
	// The memo holds key numbers of index memoIx only.
	tokens map[string][2]int32
	looked []lookedKey
	tbuf   []byte
	memoIx *Index

	// dunion, dbuf and dtoks serve the deletion look-ups of unknown
	// query tokens (typo.go); dtoks are the tokens looked up this search.
	dunion []uint32
	dbuf   []byte
	dtoks  []string
}

// lookedKey is one retrieval key of a query token as looked up in the
// index: its number, or noKey when the index does not hold it.
type lookedKey struct {
	k    uint32
	kind byte
}

const noKey = math.MaxUint32

// Bounds of the token memo of a Scratch; past them it starts afresh.
const (
	maxMemoTokens = 8192
	maxMemoKeys   = 1 << 17
)

type qkey struct {
	k      uint32
	weight float32
	df     uint32
}

// NewScratch returns working memory sized for ix.
func (ix *Index) NewScratch() *Scratch {
	return &Scratch{acc: make([]float32, len(ix.forms))}
}

// Search returns at most limit candidate forms for the query forms, best
// first, reading at most budget postings (the rarest keys first). The
// returned slice belongs to s and is valid until s is used again.
func (ix *Index) Search(query []names.Form, budget, limit int, s *Scratch) []Candidate {
	if len(s.acc) < len(ix.forms) {
		s.acc = make([]float32, len(ix.forms))
	}
	s.qkeys = s.qkeys[:0]
	var qWeight float32
	if s.tokens == nil || s.memoIx != ix || len(s.tokens) >= maxMemoTokens || len(s.looked) >= maxMemoKeys {
		s.tokens = make(map[string][2]int32, 256)
		s.looked = s.looked[:0]
		s.memoIx = ix
	}
	// tokenKnown is set by the look-up of each token's key, which
	// appendTokenKeys makes before it asks whether to skip the token's
	// trigrams: the index holds the token, so its trigrams are not needed
	// (the token and its phonetic key find its spelling variants).
	tokenKnown := false
	known := func(string) bool { return tokenKnown }
	lookup := func(key []byte) {
		k, ok := ix.keys[string(key)]
		if key[0] == kindToken {
			tokenKnown = ok
		}
		if !ok {
			k = noKey
		}
		s.looked = append(s.looked, lookedKey{k: k, kind: key[0]})
	}
	unknownIDF := float32(math.Log(1 + float64(len(ix.forms))))
	spent := 0
	s.dtoks = s.dtoks[:0]
	for i := range query {
		f := &query[i]
		for j, t := range f.Tokens {
			s.tbuf = append(append(append(append(append(s.tbuf[:0], t...), 0), f.Skeletons[j]...), 0), f.Phonetics[j]...)
			span, ok := s.tokens[string(s.tbuf)]
			if !ok {
				start := len(s.looked)
				s.buf = appendTokenKeys(s.buf[:0], t, f.Phonetics[j], f.Skeletons[j], known, lookup)
				span = [2]int32{int32(start), int32(len(s.looked))}
				s.tokens[string(s.tbuf)] = span
			}
			if l := s.looked[span[0]]; l.kind == kindToken && l.k == noKey && f.Script == names.Latin && f.Translit == "" && len(ix.delKeys) > 0 && !slices.Contains(s.dtoks, t) {
				// A token the index does not hold, as the user wrote it
				// (a transliteration is not typed): the forms one edit
				// away from it, by the deletion index.
				s.dtoks = append(s.dtoks, t)
				if fs := ix.deletionForms(t, s); len(fs) > 0 {
					w := weightDeletion * float32(math.Log(1+float64(len(ix.forms))/float64(len(fs))))
					spent += len(fs)
					for _, f := range fs {
						if s.acc[f] == 0 {
							s.touched = append(s.touched, f)
						}
						s.acc[f] += w
					}
				}
			}
			for _, l := range s.looked[span[0]:span[1]] {
				if l.k == noKey {
					// An unknown key still counts in the query's weight: a
					// query token found nowhere lowers every score alike.
					qWeight += kindWeight(l.kind) * unknownIDF
					continue
				}
				dup := false
				for _, q := range s.qkeys {
					if q.k == l.k {
						dup = true
						break
					}
				}
				if dup {
					continue
				}
				w := kindWeight(l.kind) * ix.idf[l.k]
				qWeight += w
				s.qkeys = append(s.qkeys, qkey{k: l.k, weight: w, df: ix.keyStart[l.k+1] - ix.keyStart[l.k]})
			}
		}
	}
	slices.SortFunc(s.qkeys, func(a, b qkey) int { return cmp.Compare(a.df, b.df) })
	for _, q := range s.qkeys {
		if spent >= budget {
			break
		}
		list := ix.postings[ix.keyStart[q.k]:ix.keyStart[q.k+1]]
		spent += len(list)
		for _, f := range list {
			if s.acc[f] == 0 {
				s.touched = append(s.touched, f)
			}
			s.acc[f] += q.weight
		}
	}
	s.Read, s.Touched = spent, len(s.touched)
	// Keep the best limit forms in a min-heap on score.
	s.cands = s.cands[:0]
	qNorm := float32(1 / math.Sqrt(float64(max(qWeight, 1e-6))))
	for _, f := range s.touched {
		score := s.acc[f] * qNorm * ix.formNorm[f]
		s.acc[f] = 0
		c := Candidate{Form: f, Entity: ix.formEntity[f], Score: score}
		if len(s.cands) < limit {
			s.cands = append(s.cands, c)
			up(s.cands, len(s.cands)-1)
			continue
		}
		if score > s.cands[0].Score {
			s.cands[0] = c
			down(s.cands, 0)
		}
	}
	s.touched = s.touched[:0]
	slices.SortFunc(s.cands, func(a, b Candidate) int { return cmp.Compare(b.Score, a.Score) })
	return s.cands
}

// up and down maintain h as a min-heap on Score.
func up(h []Candidate, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p].Score <= h[i].Score {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func down(h []Candidate, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].Score < h[l].Score {
			m = r
		}
		if h[i].Score <= h[m].Score {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
