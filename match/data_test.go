package match

import (
	"context"
	"iter"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

// dataDir is the shared reference data, read in place.
var dataDir = testutil.SharedData()

func needData(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(dataDir); err != nil {
		testutil.Skipf(tb, "reference data not found at %s (%v): skipping", dataDir, err)
	}
}

// listFile is one list file and its reader.
type listFile struct {
	path   string
	reader source.Reader
}

// unList is the UN consolidated list; allLists are the lists of the speed
// and negatives bars: OFAC SDN 2021, OFAC consolidated, UN, US CSL 2022.
var (
	unList   = []listFile{{"lists/un/consolidated-2026-02-27.xml", un.Reader{}}}
	allLists = []listFile{
		{"lists/ofac/sdn-2021-07/sdn.csv", ofac.CSVReader{}},
		{"lists/ofac/cons-2025-12/cons_prim.csv", ofac.CSVReader{}},
		{"lists/un/consolidated-2026-02-27.xml", un.Reader{}},
		{"lists/us-csl/consolidated-2022-05.csv.gz", csl.Reader{}},
	}
)

var (
	loadMu sync.Mutex
	loaded = map[string][]*entity.Entity{}
)

// readLists reads the lists once per test binary and returns their
// entities.
func readLists(tb testing.TB, files []listFile) []*entity.Entity {
	tb.Helper()
	needData(tb)
	loadMu.Lock()
	defer loadMu.Unlock()
	var out []*entity.Entity
	for _, f := range files {
		if es, ok := loaded[f.path]; ok {
			out = append(out, es...)
			continue
		}
		var es []*entity.Entity
		rep, err := f.reader.Read(context.Background(), filepath.Join(dataDir, f.path), func(e *entity.Entity) error {
			es = append(es, e)
			return nil
		})
		if err != nil {
			tb.Fatalf("reading %s: %v", f.path, err)
		}
		tb.Logf("%s: %d entities, %d skipped", f.path, rep.Entities, rep.Skipped)
		loaded[f.path] = es
		out = append(out, es...)
	}
	return out
}

// seq streams a slice of entities as Build wants them.
func seq(es []*entity.Entity) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

var (
	matcherMu sync.Mutex
	matchers  = map[string]*Matcher{}
)

// buildMatcher builds (once per binary) a Matcher over the lists.
func buildMatcher(tb testing.TB, key string, files []listFile) *Matcher {
	tb.Helper()
	es := readLists(tb, files)
	matcherMu.Lock()
	defer matcherMu.Unlock()
	if m, ok := matchers[key]; ok {
		return m
	}
	m, err := Build(context.Background(), seq(es))
	if err != nil {
		tb.Fatal(err)
	}
	matchers[key] = m
	return m
}
