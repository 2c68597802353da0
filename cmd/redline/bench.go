package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/eval"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ofacsearch"
	"github.com/redline-sanctions/redline/screen"
)

// unDataset is the dataset of the UN list, the list of the positives suite.
const unDataset = "un_sc_sanctions"

// runBench runs the accuracy suites and a throughput run (package eval) on
// the imported lists and prints one table; with --peer the same queries go
// to a running watchman or yente too.
func runBench(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "bench")
	peerURL := fs.String("peer", "", "base `URL` of a running watchman or yente to compare with")
	queries := fs.Int("queries", 2000, "queries of the throughput runs (and most negatives sent to a peer)")
	negatives := fs.Int("negatives", 0, "negatives to screen (0: all 50,000)")
	format := fs.String("format", "table", "output format: table or json")
	evalDir := fs.String("eval", filepath.Join("..", "shared", "data", "eval"), "`folder` of the labelled evaluation files")
	scriptsDir := fs.String("scripts", "", "`folder` of per-script labelled sets (*.csv; default: the sets built in, eval/scripts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bench: unexpected arguments %q", fs.Args())
	}
	if _, err := os.Stat(*evalDir); err != nil {
		return fmt.Errorf("bench: evaluation files: %w (use --eval)", err)
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	datasets, err := st.Datasets()
	if err != nil {
		return err
	}
	opts := match.DefaultOptions()
	cfg := eval.Config{
		Dir: *evalDir, Threshold: opts.Threshold,
		Score:     func(l, r *entity.Entity) float64 { s, _ := match.Score(l, r, opts); return s },
		OFACScore: ofacsearch.Score,
		Negatives: *negatives, Queries: *queries,
	}
	if *scriptsDir != "" {
		cfg.Scripts, err = eval.ReadScriptSets(os.DirFS(*scriptsDir))
	} else {
		cfg.Scripts, err = eval.ScriptSets()
	}
	if err != nil {
		return err
	}
	if a.isTerminal {
		cfg.Log = a.stderr
	}
	var notes []string
	if len(datasets) == 0 {
		notes = append(notes, fmt.Sprintf("no list imported in %s: search suites and throughput skipped (run `redline lists import`)", st.Dir()))
	} else {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		var ents []*entity.Entity
		for e, err := range st.Entities(ctx) {
			if err != nil {
				return err
			}
			ents = append(ents, e)
		}
		load := time.Since(start)
		start = time.Now()
		all, err := match.Build(ctx, entitiesSeq(ents))
		if err != nil {
			return err
		}
		cfg.Build = time.Since(start)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if after.HeapAlloc > before.HeapAlloc {
			cfg.Heap = after.HeapAlloc - before.HeapAlloc
		}
		notes = append(notes, fmt.Sprintf("lists: %s (%d entities read from the store in %s; %d matchable, %d name forms indexed)",
			strings.Join(datasets, ", "), len(ents), load.Round(time.Millisecond), all.Len(), all.Forms()))
		cfg.Resident = uint64(residentMiB() * (1 << 20))
		cfg.All = eval.Engine{Matcher: all, Options: opts}
		cfg.Entities = ents
		cfg.ScreenQPS = func(ctx context.Context, qs []*entity.Entity) (float64, error) {
			return screenRate(ctx, all, opts, qs)
		}
		if slices.Contains(datasets, unDataset) {
			var unEnts []*entity.Entity
			for e, err := range st.Entities(ctx, unDataset) {
				if err != nil {
					return err
				}
				unEnts = append(unEnts, e)
			}
			un, err := match.Build(ctx, entitiesSeq(unEnts))
			if err != nil {
				return err
			}
			cfg.UN, cfg.UNEntities = eval.Engine{Matcher: un, Options: opts}, unEnts
		} else {
			notes = append(notes, "UN list not imported: UN positives skipped")
		}
	}
	if *peerURL != "" {
		p, err := eval.DetectPeer(ctx, *peerURL, nil)
		if err != nil {
			return err
		}
		p.Threshold = opts.Threshold
		cfg.Peer = p
	}
	rep, err := eval.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Notes = append(notes, rep.Notes...)
	write := rep.WriteTable
	if *format == "json" {
		write = rep.WriteJSON
	}
	if err := write(a.stdout); err != nil {
		return err
	}
	if failed := rep.Failed(); len(failed) > 0 {
		return barsError(failed)
	}
	return nil
}

// screenRate screens the queries with screen.Parties, as `redline screen
// parties` does, and returns records per second.
func screenRate(ctx context.Context, m *match.Matcher, opts match.Options, qs []*entity.Entity) (float64, error) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for i, q := range qs {
		if err := enc.Encode(map[string]any{"id": strconv.Itoa(i), "schema": q.Schema, "properties": q.Properties}); err != nil {
			return 0, err
		}
	}
	s, err := screen.Parties(ctx, &in, screen.Options{Match: opts}, m, screen.NewJSONLWriter(io.Discard))
	if err != nil {
		return 0, err
	}
	if s.Malformed > 0 {
		return 0, errors.New("bench: screening the queries found malformed records")
	}
	return s.QueriesPerSecond(), nil
}

// residentMiB returns the process's resident memory from /proc, or 0
// where that is not available.
func residentMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// entitiesSeq streams a slice of entities as match.Build reads them.
func entitiesSeq(es []*entity.Entity) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// barsError is the outcome of a bench run that missed bars: the metrics,
// their values and bars. redline bench then exits with status 1.
type barsError []string

func (e barsError) Error() string {
	return fmt.Sprintf("bench: %d bar(s) not met: %s", len(e), strings.Join(e, "; "))
}
