package eval

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/names"
	"github.com/redline-sanctions/redline/screen"
)

// PairScorer scores a pair of records (match.Score is one).
type PairScorer func(left, right *entity.Entity) float64

// Pairs runs the OpenSanctions Pairs suite: r holds a JSON array of
// {"left", "right", "judgement"} with FtM records (the file may be
// gzipped: open it with source.Open).
func Pairs(ctx context.Context, r io.Reader, score PairScorer, threshold float64) (Classification, error) {
	ps, err := readPairsFile(r)
	if err != nil {
		return Classification{}, err
	}
	var ls []labelled
	dropped := 0
	for i, p := range ps {
		if i%64 == 0 && ctx.Err() != nil {
			return Classification{}, ctx.Err()
		}
		if p.Left == nil || p.Right == nil || !entity.Matchable(p.Left.Schema) || !entity.Matchable(p.Right.Schema) ||
			(p.Judgement != "positive" && p.Judgement != "negative") {
			dropped++
			continue
		}
		ls = append(ls, labelled{score: score(p.Left, p.Right), want: p.Judgement == "positive",
			held: HeldOut("pairs", pairKey(p.Left, p.Right)), exact: shareName(p.Left.Names(), p.Right.Names())})
	}
	return classify("pairs", ls, threshold, dropped), nil
}

// pairFile is one element of the OpenSanctions pairs file.
type pairFile struct {
	Left      *entity.Entity `json:"left"`
	Right     *entity.Entity `json:"right"`
	Judgement string         `json:"judgement"`
}

func readPairsFile(r io.Reader) ([]pairFile, error) {
	var ps []pairFile
	if err := json.NewDecoder(r).Decode(&ps); err != nil {
		return nil, fmt.Errorf("eval: pairs: %w", err)
	}
	return ps, nil
}

// pairKey is the split key of a pair (see HeldOut).
func pairKey(l, r *entity.Entity) string { return l.ID + "|" + r.ID }

// shareName reports whether two name lists share a name equal after
// names.Normalize.
func shareName(a, b []string) bool {
	for _, x := range a {
		nx := names.Normalize(x)
		if nx == "" {
			continue
		}
		for _, y := range b {
			if names.Normalize(y) == nx {
				return true
			}
		}
	}
	return false
}

// NameBench runs nomenklatura's name_bench: r is its cases.csv
// (case_group, schema, name1, name2, is_match, ...). It returns the
// classification of all rows and of the non-Latin rows.
func NameBench(ctx context.Context, r io.Reader, score PairScorer, threshold float64) (all, nonLatin Classification, err error) {
	rows, err := readCSV(r)
	if err != nil {
		return all, nonLatin, fmt.Errorf("eval: name_bench: %w", err)
	}
	var ls, nl []labelled
	dropped := 0
	for _, row := range rows {
		if ctx.Err() != nil {
			return all, nonLatin, ctx.Err()
		}
		want, err := strconv.ParseBool(row["is_match"])
		if err != nil || row["name1"] == "" || row["name2"] == "" {
			dropped++
			continue
		}
		schema := row["schema"]
		if !entity.Matchable(schema) {
			schema = entity.LegalEntity
		}
		a := &entity.Entity{ID: "a", Schema: schema, Properties: map[string][]string{entity.Name: {row["name1"]}}}
		b := &entity.Entity{ID: "b", Schema: schema, Properties: map[string][]string{entity.Name: {row["name2"]}}}
		l := labelled{score: score(a, b), want: want, held: HeldOut("name_bench", row["name1"]+"|"+row["name2"]),
			exact: shareName([]string{row["name1"]}, []string{row["name2"]})}
		ls = append(ls, l)
		if isNonLatin(row["name1"]) || isNonLatin(row["name2"]) {
			nl = append(nl, l)
		}
	}
	return classify("name_bench", ls, threshold, dropped), classify("name_bench non-Latin", nl, threshold, 0), nil
}

// isNonLatin reports whether s has a letter outside the Latin script.
func isNonLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// readCSV reads a CSV with a header into maps.
func readCSV(r io.Reader) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
}

// Queries reads a parties file (CSV or JSON lines, as screen reads it) into
// query records, persons unless a row says otherwise. A malformed row is an
// error: the evaluation files are known to be clean.
func Queries(r io.Reader) ([]*entity.Entity, error) {
	var qs []*entity.Entity
	err := screen.Read(r, screen.Options{Schema: entity.Person}, func(p screen.Party) error {
		if p.Err != nil {
			return fmt.Errorf("eval: line %d: %w", p.Line, p.Err)
		}
		qs = append(qs, p.Query)
		return nil
	})
	return qs, err
}

// Ranking is the result of the positives suite.
type Ranking struct {
	Suite string `json:"suite"`
	// N counts the queries; Rank1 those whose right entity is the top hit
	// and a match; Found those whose right entity is among the hits.
	N     int `json:"n"`
	Rank1 int `json:"rank1"`
	Found int `json:"found"`
	// NoTruth counts the queries no listed entity carries the name of.
	NoTruth int `json:"no_truth"`
	// Errors counts the queries the engine failed on.
	Errors int     `json:"errors"`
	Share  float64 `json:"share"`
	// HeldOut is the rank-1 share of the held-out queries (HeldOutN of
	// them), Dev that of the others.
	HeldOutN int     `json:"held_out_n"`
	HeldOut  float64 `json:"held_out"`
	Dev      float64 `json:"dev"`
	// Exact counts the queries whose name is on the list exactly after
	// normalisation: the share a retrieval of exact names would find.
	Exact int `json:"exact"`
	// Misses lists up to 20 queries not right at rank 1, for inspection.
	Misses []string `json:"misses,omitempty"`
}

// queryKey is the split key of a positives or negatives query (see
// HeldOut).
func queryKey(q *entity.Entity) string { return q.First(entity.Name) + "|" + q.First(entity.BirthDate) }

// Positives runs the positives suite: each query must find the listed
// entity carrying its name at rank 1. listed are the entities of the list
// searched, used to know which queries have an exact-name entity.
func Positives(ctx context.Context, queries []*entity.Entity, s Searcher, listed []*entity.Entity) (Ranking, error) {
	onList := map[string]bool{}
	for _, e := range listed {
		for _, n := range e.Names() {
			onList[names.Normalize(n)] = true
		}
	}
	out := Ranking{Suite: "positives", N: len(queries)}
	heldRight, devRight := 0, 0
	for _, q := range queries {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		held := HeldOut("positives", queryKey(q))
		if held {
			out.HeldOutN++
		}
		want := names.Normalize(q.First(entity.Name))
		truth := onList[want]
		if !truth {
			out.NoTruth++
		} else {
			out.Exact++
		}
		hits, err := s.Search(ctx, q)
		if err != nil {
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			out.Errors++
			continue
		}
		right := func(h Hit) bool {
			if !truth {
				return true
			}
			return slices.ContainsFunc(h.Names, func(n string) bool { return names.Normalize(n) == want }) ||
				names.Normalize(h.Caption) == want
		}
		ok := len(hits) > 0 && hits[0].Match && right(hits[0])
		if ok {
			out.Rank1++
			if held {
				heldRight++
			} else {
				devRight++
			}
		} else if len(out.Misses) < 20 {
			top := "no hit"
			if len(hits) > 0 {
				top = fmt.Sprintf("%s %.3f", hits[0].Caption, hits[0].Score)
			}
			out.Misses = append(out.Misses, fmt.Sprintf("%s (%s): %s", q.First(entity.Name), strings.Join(q.Get(entity.BirthDate), " "), top))
		}
		if slices.ContainsFunc(hits, func(h Hit) bool { return h.Match && right(h) }) {
			out.Found++
		}
	}
	out.Share = ratio(out.Rank1, out.N)
	out.HeldOut, out.Dev = ratio(heldRight, out.HeldOutN), ratio(devRight, out.N-out.HeldOutN)
	return out, nil
}

// FalsePositives is the result of the negatives suite.
type FalsePositives struct {
	Suite   string  `json:"suite"`
	N       int     `json:"n"`
	Flagged int     `json:"flagged"`
	Errors  int     `json:"errors"`
	Rate    float64 `json:"rate"`
	// HeldOutN queries are held out; HeldOutRate is their rate.
	HeldOutN       int     `json:"held_out_n"`
	HeldOutFlagged int     `json:"held_out_flagged"`
	HeldOutRate    float64 `json:"held_out_rate"`
	// Examples lists up to 20 flagged queries with their top hit.
	Examples []string `json:"examples,omitempty"`
}

// Negatives runs the negatives suite: the share of queries, none of which
// is listed, with any matching hit. Queries run on GOMAXPROCS goroutines.
func Negatives(ctx context.Context, queries []*entity.Entity, s Searcher) (FalsePositives, error) {
	out := FalsePositives{Suite: "negatives", N: len(queries)}
	var mu sync.Mutex
	err := parallel(ctx, len(queries), 0, func(i int) {
		hits, err := s.Search(ctx, queries[i])
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			out.Errors++
			return
		}
		held := HeldOut("negatives", queryKey(queries[i]))
		if held {
			out.HeldOutN++
		}
		for _, h := range hits {
			if h.Match {
				out.Flagged++
				if held {
					out.HeldOutFlagged++
				}
				if len(out.Examples) < 20 {
					out.Examples = append(out.Examples, fmt.Sprintf("%s ~ %s %.3f", queries[i].First(entity.Name), h.Caption, h.Score))
				}
				break
			}
		}
	})
	out.Rate = ratio(out.Flagged, out.N)
	out.HeldOutRate = ratio(out.HeldOutFlagged, out.HeldOutN)
	return out, err
}

// parallel calls fn(i) for i in [0, n) on workers goroutines (0 means
// GOMAXPROCS) and returns ctx.Err() if the context ended first.
func parallel(ctx context.Context, n, workers int, fn func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	var err error
	for i := 0; i < n; i++ {
		select {
		case next <- i:
			continue
		case <-ctx.Done():
			err = ctx.Err()
		}
		break
	}
	close(next)
	wg.Wait()
	return err
}

// Parity is the result of the OFAC parity suite.
type Parity struct {
	Suite string `json:"suite"`
	N     int    `json:"n"`
	// Within counts the rows within 5 points of OFAC's score (or below 80
	// where OFAC showed nothing at 80); Exact those with OFAC's very score.
	Within int     `json:"within"`
	Exact  int     `json:"exact"`
	Share  float64 `json:"share"`
	// HeldOutN rows are held out; HeldOut is their share within 5
	// points, Dev that of the others.
	HeldOutN int     `json:"held_out_n"`
	HeldOut  float64 `json:"held_out"`
	Dev      float64 `json:"dev"`
}

// OFACParity runs the OFAC parity suite on ofac_fixtures.csv
// (query_name, result_name, ofac_score) with a name scorer returning
// OFAC's score / 100 (ofacsearch.Score).
func OFACParity(r io.Reader, score func(query, candidate string) float64) (Parity, error) {
	rows, err := readCSV(r)
	if err != nil {
		return Parity{}, fmt.Errorf("eval: OFAC fixtures: %w", err)
	}
	out := Parity{Suite: "ofac parity", N: len(rows)}
	heldWithin, devWithin := 0, 0
	for i, row := range rows {
		want, err := strconv.Atoi(row["ofac_score"])
		if err != nil {
			return out, fmt.Errorf("eval: OFAC fixtures line %d: %w", i+2, err)
		}
		held := HeldOut("ofac parity", row["query_name"]+"|"+row["result_name"])
		if held {
			out.HeldOutN++
		}
		got := int(math.Round(100 * score(row["query_name"], row["result_name"])))
		within, exact := got >= want-5 && got <= want+5, got == want
		if want == -1 {
			within, exact = got < 80, got < 80
		}
		if within {
			out.Within++
			if held {
				heldWithin++
			} else {
				devWithin++
			}
		}
		if exact {
			out.Exact++
		}
	}
	out.Share = ratio(out.Within, out.N)
	out.HeldOut, out.Dev = ratio(heldWithin, out.HeldOutN), ratio(devWithin, out.N-out.HeldOutN)
	return out, nil
}

// Speed is the result of a throughput run.
type Speed struct {
	Queries int `json:"queries"`
	Workers int `json:"workers"`
	// QPS is queries per second over the whole run; P50 and P99 are
	// per-query latencies.
	QPS float64       `json:"qps"`
	P50 time.Duration `json:"p50_ns"`
	P99 time.Duration `json:"p99_ns"`
	// Errors counts failed queries.
	Errors int `json:"errors"`
	// CPUPerQuery is the process CPU time (user + system) per query, and
	// IdleQPS the rate that CPU cost allows on Workers otherwise idle
	// cores: an estimate of QPS on an unloaded machine, reported because
	// wall-clock rates on a shared machine measure the neighbours too.
	// Both are 0 where the system does not report CPU time.
	CPUPerQuery time.Duration `json:"cpu_per_query_ns"`
	IdleQPS     float64       `json:"idle_qps"`
}

// cpuRate returns the CPU time per item and the items per second that
// allows on workers cores, from a CPU reading taken before the run.
func cpuRate(before time.Duration, ok bool, items, workers int) (time.Duration, float64) {
	after, ok2 := processCPU()
	if !ok || !ok2 || items == 0 || after <= before {
		return 0, 0
	}
	per := (after - before) / time.Duration(items)
	return per, float64(workers) / per.Seconds()
}

// Throughput sends queries to s on workers goroutines (0 means GOMAXPROCS)
// and measures queries per second and latency percentiles.
func Throughput(ctx context.Context, s Searcher, queries []*entity.Entity, workers int) (Speed, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lat := make([]float64, len(queries))
	var mu sync.Mutex
	errs := 0
	cpu0, cpuOK := processCPU()
	start := time.Now()
	err := parallel(ctx, len(queries), workers, func(i int) {
		t := time.Now()
		_, err := s.Search(ctx, queries[i])
		lat[i] = float64(time.Since(t))
		if err != nil {
			mu.Lock()
			errs++
			mu.Unlock()
		}
	})
	el := time.Since(start)
	per, idle := cpuRate(cpu0, cpuOK, len(queries), workers)
	slices.Sort(lat)
	out := Speed{Queries: len(queries), Workers: workers, Errors: errs,
		P50: time.Duration(percentile(lat, 50)), P99: time.Duration(percentile(lat, 99)),
		CPUPerQuery: per, IdleQPS: idle}
	if el > 0 {
		out.QPS = float64(len(queries)) / el.Seconds()
	}
	return out, err
}
