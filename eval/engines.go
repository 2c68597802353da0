package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
)

// UNDataset is the dataset of the UN list, whose entities are the UN
// positives suite's queries.
const UNDataset = "un_sc_sanctions"

// Entities reads the imported entities of the given datasets (all when
// none is given), as lists.Store.Entities does.
type Entities func(ctx context.Context, datasets ...string) iter.Seq2[*entity.Entity, error]

// LoadEngines builds the engines the search suites and the throughput runs
// use over the imported lists (datasets, read through entities) and
// measures the build: it sets cfg.All, cfg.ScreenQPS, cfg.Build,
// cfg.Heap and cfg.Resident, and cfg.UN and cfg.UNEntities when the UN
// list is imported. It returns notes for the report: what was loaded, or
// what was left out.
func LoadEngines(ctx context.Context, cfg *Config, entities Entities, datasets []string, opts match.Options) ([]string, error) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	ents, err := collect(entities(ctx))
	if err != nil {
		return nil, err
	}
	load := time.Since(start)
	start = time.Now()
	all, err := match.Build(ctx, seqOf(ents))
	if err != nil {
		return nil, err
	}
	cfg.Build = time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > before.HeapAlloc {
		cfg.Heap = after.HeapAlloc - before.HeapAlloc
	}
	notes := []string{fmt.Sprintf("lists: %s (%d entities read from the store in %s; %d matchable, %d name forms indexed)",
		strings.Join(datasets, ", "), len(ents), load.Round(time.Millisecond), all.Len(), all.Forms())}
	cfg.Resident = residentBytes()
	cfg.All = Engine{Matcher: all, Options: opts}
	cfg.Entities = ents
	cfg.ScreenQPS = func(ctx context.Context, qs []*entity.Entity) (float64, error) {
		return ScreenRate(ctx, all, opts, qs)
	}
	if !slices.Contains(datasets, UNDataset) {
		return append(notes, "UN list not imported: UN positives skipped"), nil
	}
	unEnts, err := collect(entities(ctx, UNDataset))
	if err != nil {
		return nil, err
	}
	un, err := match.Build(ctx, seqOf(unEnts))
	if err != nil {
		return nil, err
	}
	cfg.UN, cfg.UNEntities = Engine{Matcher: un, Options: opts}, unEnts
	return notes, nil
}

// collect reads a sequence of entities into a slice.
func collect(seq iter.Seq2[*entity.Entity, error]) ([]*entity.Entity, error) {
	var es []*entity.Entity
	for e, err := range seq {
		if err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, nil
}

// seqOf streams a slice of entities as match.Build reads them.
func seqOf(es []*entity.Entity) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// ScreenRate screens the queries with screen.Parties, as `redline screen
// parties` does (JSON lines in, JSON lines out), and returns records per
// second.
func ScreenRate(ctx context.Context, m *match.Matcher, opts match.Options, qs []*entity.Entity) (float64, error) {
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
		return 0, errors.New("eval: screening the queries found malformed records")
	}
	return s.QueriesPerSecond(), nil
}

// residentBytes returns the process's resident memory from /proc, or 0
// where that is not available.
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseUint(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
