package goods

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// fallback is a TF-IDF index of the English words of the HS subheading
// descriptions, for descriptions the lexicon does not know. Each
// subheading's document is its own text plus its heading's.
type fallback struct {
	subs  []string             // document number → subheading
	norm  []float32            // document number → length of its weight vector
	post  map[string][]posting // word → documents holding it
	idf   map[string]float32
	total float64
	// gloss reads Russian and Chinese words as the English of HS texts.
	gloss *glossary
}

type posting struct {
	doc int32
	w   float32 // tf·idf of the word in the document
}

// stopWords are English words too common in HS texts to tell anything.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "not": true, "other": true, "than": true,
	"nec": true, "n.e.c": true, "heading": true, "chapter": true, "whether": true, "or": true, "of": true,
	"in": true, "excluding": true, "including": true, "no": true, "its": true, "their": true,
	"but": true, "such": true, "kind": true, "used": true, "thereof": true,
	"pcs": true, "pc": true, "set": true, "sets": true, "new": true, "model": true, "type": true, "made": true,
	"good": true, "goods": true, "invoice": true, "per": true, "item": true, "items": true, "assorted": true, "various": true,
}

// fbWord folds an English word for the index: plural endings dropped.
func fbWord(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

func fbWords(t *text, f func(w string)) {
	for i := range t.words {
		w := t.word(i)
		if len(w) < 3 || w[0] >= 0x80 || stopWords[w] || (w[0] >= '0' && w[0] <= '9') {
			continue
		}
		f(fbWord(w))
	}
}

// query calls f with the words of t the index may hold: its English
// words, and the English words the glossary gives for its Russian words and
// Chinese terms.
func (fb *fallback) query(t *text, f func(w string)) {
	fbWords(t, f)
	if fb.gloss == nil {
		return
	}
	each := func(en []string) {
		for _, w := range en {
			f(fbWord(w))
		}
	}
	for _, s := range t.words {
		if w := t.folded[s.start:s.end]; w[0] >= 0x80 {
			each(fb.gloss.word(w))
		}
	}
	for _, s := range t.han {
		fb.gloss.hanTerms(t.folded[s.start:s.end], each)
	}
}

func buildFallback(t *hsTable, g *glossary) *fallback {
	fb := &fallback{post: map[string][]posting{}, idf: map[string]float32{}, gloss: g}
	tfs := make([]map[string]int, 0, len(t.subs))
	df := map[string]int{}
	for _, s := range t.subs {
		tf := map[string]int{}
		// "(not knitted or crocheted)" is how chapter 62 says woven: read
		// so, "knitted" tells chapter 61 from 62, and "woven" (тканый,
		// 机织) finds 62.
		doc := strings.ReplaceAll(t.desc[s]+" "+t.desc[s[:4]], "not knitted or crocheted", "woven")
		fbWords(split(doc), func(w string) { tf[w]++ })
		for w := range tf {
			df[w]++
		}
		fb.subs = append(fb.subs, s)
		tfs = append(tfs, tf)
	}
	n := float64(len(t.subs))
	for w, d := range df {
		fb.idf[w] = float32(math.Log(n / float64(d)))
	}
	fb.norm = make([]float32, len(tfs))
	for doc, tf := range tfs {
		words := make([]string, 0, len(tf))
		for w := range tf {
			words = append(words, w)
		}
		sort.Strings(words)
		var sum float64
		for _, w := range words {
			x := float64(1+math.Log(float64(tf[w]))) * float64(fb.idf[w])
			sum += x * x
			fb.post[w] = append(fb.post[w], posting{int32(doc), float32(x)})
		}
		fb.norm[doc] = float32(math.Sqrt(sum))
	}
	return fb
}

// match returns the subheading (within heading, when given) whose
// description best matches the English words of t (its own, and those the
// glossary gives for its Russian and Chinese words), a confidence of at
// most 0.5, and the evidence; "" when no word matches.
func (fb *fallback) match(t *text, heading string) (string, float64, string) {
	var qbuf [16]string
	q := qbuf[:0]
	fb.query(t, func(w string) {
		if _, ok := fb.idf[w]; ok && len(q) < cap(qbuf) {
			for _, x := range q {
				if x == w {
					return
				}
			}
			q = append(q, w)
		}
	})
	if len(q) == 0 {
		return "", 0, ""
	}
	var qnorm float64
	for _, w := range q {
		qnorm += float64(fb.idf[w] * fb.idf[w])
	}
	qnorm = math.Sqrt(qnorm)
	scores := make([]float32, len(fb.subs))
	var touchedBuf [256]int32
	touched := touchedBuf[:0]
	for _, w := range q {
		idf := fb.idf[w]
		for _, p := range fb.post[w] {
			if heading != "" && fb.subs[p.doc][:4] != heading {
				continue
			}
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] += p.w * idf
		}
	}
	best, second := int32(-1), 0.0
	bestScore := 0.0
	for _, d := range touched { // in first-touched order: deterministic
		s := float64(scores[d]) / (float64(fb.norm[d]) * qnorm)
		if s > bestScore || (s == bestScore && d < best) {
			if best >= 0 {
				second = math.Max(second, bestScore)
			}
			best, bestScore = d, s
		} else if s > second {
			second = s
		}
	}
	if best < 0 {
		return "", 0, ""
	}
	hs := fb.subs[best]
	hit := fb.hits(q, best, nil)
	how := "description match"
	if def, ok := headingDefaults[hs[:4]]; ok && heading == "" && def != hs {
		// The words chose the heading; within it, a subheading wins over
		// the heading's curated default (the commonest in trade) only on
		// words the default's text lacks ("parts aircraft" is 8807.30,
		// not the shorter text of 8807.90).
		if d, found := slices.BinarySearch(fb.subs, def); found {
			if dh := fb.hits(q, int32(d), nil); len(dh) >= len(hit) {
				hs, hit, how = def, dh, "description match, heading default"
			}
		}
	}
	conf := 0.5 * bestScore * (1 - second/(bestScore+1e-9)/2)
	conf = math.Min(0.5, math.Max(0.05, conf))
	return hs, conf, fmt.Sprintf("HS wording %q → %s (%s)", strings.Join(hit, " "), dotted(hs), how)
}

// hits appends to dst the words of q that document doc holds.
func (fb *fallback) hits(q []string, doc int32, dst []string) []string {
	for _, w := range q {
		for _, p := range fb.post[w] {
			if p.doc == doc {
				dst = append(dst, w)
				break
			}
		}
	}
	return dst
}
