package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/redline-sanctions/redline/lists"
)

// Lists that do not load (issue 15, item 13: a dataset whose "current"
// file was missing vanished from the index and from `lists status`, and
// /readyz said ok). The list store's folder is read as lists.Store lays it
// out: every dataset folder must have a current version that loads. A
// dataset folder with stored versions but no usable current version is a
// problem that /readyz (503), GET /lists ("problems") and the log report.

// listProblems returns one line per dataset of the list store that has
// stored versions but no current version that loads, sorted.
func listProblems(st *lists.Store) []string {
	if st == nil {
		return nil
	}
	des, err := os.ReadDir(st.Dir())
	if err != nil {
		return []string{fmt.Sprintf("the list store %s cannot be read: %v", st.Dir(), err)}
	}
	var out []string
	for _, de := range des {
		ds := de.Name()
		if !de.IsDir() || strings.HasPrefix(ds, ".") {
			continue
		}
		_, err := st.Current(ds)
		if err == nil {
			continue
		}
		vs, _ := st.Versions(ds)
		_, statErr := os.Stat(filepath.Join(st.Dir(), ds, "current"))
		switch {
		case len(vs) == 0 && errors.Is(statErr, os.ErrNotExist):
			continue // an empty folder: nothing was ever imported
		case errors.Is(statErr, os.ErrNotExist):
			out = append(out, fmt.Sprintf("%s: %d stored versions but no current file: the dataset is not screened (make a version current with `redline lists import`)", ds, len(vs)))
		default:
			out = append(out, fmt.Sprintf("%s: the current version does not load: %v", ds, err))
		}
	}
	slices.Sort(out)
	return out
}

// listWatch logs the list problems when they change.
type listWatch struct {
	mu   sync.Mutex
	last string
}

// listProblems returns the current list problems and logs them when they
// differ from the last seen.
func (s *Server) listProblems() []string {
	ps := listProblems(s.opts.Lists)
	key := strings.Join(ps, "\n")
	s.listWatch.mu.Lock()
	changed := key != s.listWatch.last
	s.listWatch.last = key
	s.listWatch.mu.Unlock()
	if changed {
		for _, p := range ps {
			s.log.Error("list not loaded", "problem", p)
		}
		if len(ps) == 0 {
			s.log.Info("list problems resolved: every stored list has a current version")
		}
	}
	return ps
}
