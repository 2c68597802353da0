package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/lists"
)

// Lists names the staged list snapshot the workers read: one snapshot
// file per dataset, in the order of the store's datasets.
type Lists struct {
	// Files are the snapshot files (local paths or URLs of a Beam file
	// system), one per dataset.
	Files []string `json:"files"`
	// Datasets are the datasets of Files, in the same order.
	Datasets []string `json:"datasets"`
	// Match, when not empty, limits the matcher to these datasets (the
	// ownership graph and the address index still read them all), as
	// `redline screen parties --dataset` does.
	Match []string `json:"match,omitempty"`
}

// Stage writes the current version of every dataset of the store in dir
// as snapshot files under dest (a local folder or a Beam file system URL
// such as gs://bucket/redline/lists), and returns what the workers read.
// It fails when no list is imported or a stored version cannot be read
// (a damaged entities.bin included): the job must not start then.
func Stage(ctx context.Context, dir, dest string) (Lists, error) {
	if _, err := os.Stat(dir); err != nil {
		return Lists{}, fmt.Errorf("no list store: %w (import lists with `redline lists import` first)", err)
	}
	st, err := lists.Open(dir)
	if err != nil {
		return Lists{}, err
	}
	ds, err := st.Datasets()
	if err != nil {
		return Lists{}, err
	}
	if len(ds) == 0 {
		return Lists{}, fmt.Errorf("no list imported in %s: run `redline lists import` first", st.Dir())
	}
	var out Lists
	for _, d := range ds {
		m, err := st.Current(d)
		if err != nil {
			return Lists{}, err
		}
		name := joinPath(dest, d+"-"+m.Version+".bin")
		fs, err := filesystem.New(ctx, name)
		if err != nil {
			return Lists{}, fmt.Errorf("staging the lists: %w", err)
		}
		w, err := fs.OpenWrite(ctx, name)
		if err != nil {
			fs.Close()
			return Lists{}, fmt.Errorf("staging the lists: %w", err)
		}
		n, err := lists.WriteSnapshot(ctx, w, st.Entities(ctx, d))
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		fs.Close()
		if err != nil {
			return Lists{}, fmt.Errorf("staging the lists: dataset %s: %w", d, err)
		}
		if n == 0 {
			return Lists{}, fmt.Errorf("staging the lists: dataset %s has no entities", d)
		}
		out.Files = append(out.Files, name)
		out.Datasets = append(out.Datasets, d)
	}
	return out, nil
}

// joinPath joins a folder (local or URL) and a file name.
func joinPath(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// Check reads and decodes every staged file, as the workers will, and
// returns the number of entities; an error names the file and, for a
// damaged file, the record and its byte offset.
func Check(ctx context.Context, l Lists) (int, error) {
	snap, err := loadLists(ctx, l)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, err := range snap.entities(nil) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// snapshot holds the staged files' bytes; entities decode from them.
type snapshot struct {
	datasets []string
	names    []string
	data     [][]byte
}

// errNoLists says that the configuration names no snapshot.
var errNoLists = errors.New("no list snapshot given: stage the lists first (pipeline.Stage)")

// loadLists reads the staged files through Beam's file systems.
func loadLists(ctx context.Context, l Lists) (*snapshot, error) {
	if len(l.Files) == 0 {
		return nil, errNoLists
	}
	if len(l.Datasets) != len(l.Files) {
		return nil, fmt.Errorf("list snapshot: %d files for %d datasets", len(l.Files), len(l.Datasets))
	}
	s := &snapshot{datasets: l.Datasets, names: l.Files}
	for _, name := range l.Files {
		fs, err := filesystem.New(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("list snapshot %s: %w", name, err)
		}
		b, err := filesystem.Read(ctx, fs, name)
		fs.Close()
		if err != nil {
			return nil, fmt.Errorf("list snapshot %s: %w", name, err)
		}
		s.data = append(s.data, b)
	}
	return s, nil
}

// entities streams the entities of the given datasets in the order given
// (all, in staging order, when only is empty), as lists.Store.Entities
// does, stopping at the first error.
func (s *snapshot) entities(only []string) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		order := s.datasets
		if len(only) > 0 {
			order = only
		}
		for _, d := range order {
			i := slices.Index(s.datasets, d)
			if i < 0 {
				yield(nil, fmt.Errorf("list snapshot: dataset %q is not imported (staged: %s)", d, strings.Join(s.datasets, ", ")))
				return
			}
			for e, err := range lists.DecodeSnapshot(s.names[i], s.data[i]) {
				if !yield(e, err) || err != nil {
					return
				}
			}
		}
	}
}

// cache holds what a worker process builds once per configuration: the
// matcher, the ownership graph, the shipment engine. DoFn instances of
// every bundle and step on the worker share it.
var cache struct {
	sync.Mutex
	m map[string]*cached
}

type cached struct {
	once sync.Once
	v    any
	err  error
}

// once returns the value build makes for key, building it on the first
// call in this process; later calls (from any goroutine) wait for it and
// share it. A failed build is not retried: the job fails.
func once[T any](key string, build func() (T, error)) (T, error) {
	cache.Lock()
	if cache.m == nil {
		cache.m = map[string]*cached{}
	}
	c, ok := cache.m[key]
	if !ok {
		c = &cached{}
		cache.m[key] = c
	}
	cache.Unlock()
	c.once.Do(func() { c.v, c.err = build() })
	if c.err != nil {
		var zero T
		return zero, c.err
	}
	return c.v.(T), nil
}
