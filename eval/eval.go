// Package eval measures redline's screening against labelled data: the
// accuracy suites of the bars (OpenSanctions Pairs, nomenklatura's
// name_bench, yente's UN positives and US negatives, OFAC parity) and the
// throughput of a search engine. The same functions serve the Go tests and
// `redline bench`, and they measure a peer (a running watchman or yente)
// through the same Searcher interface, so that both rows of a comparison
// come from one piece of code.
//
// Definitions, fixed before looking at results:
//
//   - Pairs and name_bench: a pair is predicted a match when its score is at
//     or above the threshold; precision, recall and F1 are on the positive
//     class. Pairs whose left or right schema is not a party (relationships
//     such as Ownership, Family, Occupancy, Position) are dropped, and so
//     are pairs judged neither positive nor negative. name_bench's
//     non-Latin rows are those where either name has a letter outside the
//     Latin script.
//   - Positives: a query is right at rank 1 when the top hit is a match and
//     carries the query's name (equal after names.Normalize) among its
//     names; when no listed entity carries that name exactly, a matching
//     top hit counts as right (and the query is counted in NoTruth).
//   - Negatives: a record is a false positive when any hit is a match.
package eval

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
)

// Hit is one result of a search, as any engine returns it.
type Hit struct {
	ID      string   `json:"id"`
	Caption string   `json:"caption"`
	Names   []string `json:"names,omitempty"`
	// Members are the ids of every record of the party the hit stands
	// for (the same party on other lists), ID's first; a hit is right
	// when the wanted record is any of them. Empty for engines that do
	// not group.
	Members []string `json:"members,omitempty"`
	Score   float64  `json:"score"`
	Match   bool     `json:"match"`
}

// Is reports whether the hit is the record id, or a party one of whose
// records is id (Members).
func (h Hit) Is(id string) bool { return h.ID == id || slices.Contains(h.Members, id) }

// Searcher is a screening engine: redline's own (Engine) or a peer's.
type Searcher interface {
	// Search returns the hits for a query, best first.
	Search(ctx context.Context, query *entity.Entity) ([]Hit, error)
}

// Engine is redline's matcher as a Searcher.
type Engine struct {
	Matcher screen.Matcher
	Options match.Options
}

// Search runs the matcher.
func (e Engine) Search(ctx context.Context, q *entity.Entity) ([]Hit, error) {
	rs, err := e.Matcher.Match(ctx, q, e.Options)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	hits := make([]Hit, len(rs))
	for i, r := range rs {
		hits[i] = Hit{Score: r.Score, Match: r.Match}
		if r.Entity != nil {
			hits[i].ID, hits[i].Caption, hits[i].Names = r.Entity.ID, r.Entity.Caption(), r.Entity.Names()
		}
		// The party's other records: their ids and names count too.
		for _, rec := range r.Records {
			hits[i].Members = append(hits[i].Members, rec.ID)
			if rec.Entity != nil && rec.Entity != r.Entity {
				hits[i].Names = append(slices.Clip(hits[i].Names), rec.Entity.Names()...)
			}
		}
	}
	return hits, nil
}

// Confusion counts the outcomes of a binary classification.
type Confusion struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	TN int `json:"tn"`
	FN int `json:"fn"`
}

// Add counts one labelled prediction.
func (c *Confusion) Add(predicted, actual bool) {
	switch {
	case predicted && actual:
		c.TP++
	case predicted:
		c.FP++
	case actual:
		c.FN++
	default:
		c.TN++
	}
}

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), 0 when there is no positive.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Confusion) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Classification is the result of a labelled-pairs suite: over all its
// rows, and on each split (HeldOut first: see HeldOut).
type Classification struct {
	Suite     string  `json:"suite"`
	Threshold float64 `json:"threshold"`
	// N counts the pairs scored; Dropped those left out by the suite's
	// rules.
	N         int `json:"n"`
	Dropped   int `json:"dropped"`
	Confusion `json:"confusion"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// BestF1 and BestThreshold are the best F1 over thresholds 0.50 to
	// 0.99 in steps of 0.01, on the dev rows, for information: the bars
	// use Threshold.
	BestF1        float64 `json:"best_f1"`
	BestThreshold float64 `json:"best_threshold"`
	// HeldOut and Dev are the scores on each split.
	HeldOut Scores `json:"held_out"`
	Dev     Scores `json:"dev"`
}

// Scores are a classification's figures on one split, beside its trivial
// baselines.
type Scores struct {
	N         int `json:"n"`
	Confusion `json:"confusion"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// NegativesRejected is TN / (TN + FP): the share of non-matches kept
	// out. (The share of positives found is Recall.)
	NegativesRejected float64 `json:"negatives_rejected"`
	// Positives is the share of positive rows.
	Positives float64 `json:"positives"`
	// AlwaysMatchF1 is the F1 of answering "match" to every row;
	// ExactOnlyF1 that of answering "match" only when the two sides share
	// a name equal after names.Normalize.
	AlwaysMatchF1 float64 `json:"always_match_f1"`
	ExactOnlyF1   float64 `json:"exact_only_f1"`
}

// labelled is a score with its truth, its split and whether the two sides
// share a name exactly (after normalisation).
type labelled struct {
	score float64
	want  bool
	held  bool
	exact bool
}

// scoresOf computes the Scores of the rows of one split at a threshold.
func scoresOf(ls []labelled, threshold float64, held bool) Scores {
	var c, always, exact Confusion
	for _, l := range ls {
		if l.held != held {
			continue
		}
		c.Add(l.score >= threshold, l.want)
		always.Add(true, l.want)
		exact.Add(l.exact, l.want)
	}
	n := c.TP + c.FP + c.TN + c.FN
	return Scores{N: n, Confusion: c, Precision: c.Precision(), Recall: c.Recall(), F1: c.F1(),
		NegativesRejected: ratio(c.TN, c.TN+c.FP), Positives: ratio(c.TP+c.FN, n),
		AlwaysMatchF1: always.F1(), ExactOnlyF1: exact.F1()}
}

// classify computes a Classification of labelled scores at a threshold.
func classify(suite string, ls []labelled, threshold float64, dropped int) Classification {
	count := func(th float64, dev bool) Confusion {
		var c Confusion
		for _, l := range ls {
			if !dev || !l.held {
				c.Add(l.score >= th, l.want)
			}
		}
		return c
	}
	c := count(threshold, false)
	out := Classification{Suite: suite, Threshold: threshold, N: len(ls), Dropped: dropped, Confusion: c,
		Precision: c.Precision(), Recall: c.Recall(), F1: c.F1(),
		HeldOut: scoresOf(ls, threshold, true), Dev: scoresOf(ls, threshold, false)}
	for i := 50; i < 100; i++ {
		th := float64(i) / 100
		if f := count(th, true).F1(); f > out.BestF1+1e-12 {
			out.BestF1, out.BestThreshold = f, th
		}
	}
	return out
}

// percentile returns the p-th percentile (0..100) of sorted values by the
// nearest-rank method.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
