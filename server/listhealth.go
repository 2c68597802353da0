package server

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/redline-sanctions/redline/lists"
)

// Lists that do not load (issue 15, item 13: a dataset whose "current"
// file was missing vanished from the index and from `lists status`, and
// /readyz said ok). lists.Store.Health names every stored dataset that
// would not load; /readyz (503), GET /lists ("problems"), the lists page
// and the log report them.

// listProblems returns one line per stored dataset that would not load.
func listProblems(ctx context.Context, st *lists.Store) []string {
	if st == nil {
		return nil
	}
	ps, err := st.Health(ctx, false)
	if err != nil {
		return []string{fmt.Sprintf("the list store %s cannot be read: %v", st.Dir(), err)}
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// listWatch logs the list problems when they change.
type listWatch struct {
	mu   sync.Mutex
	last string
}

// listProblems returns the current list problems and logs them when they
// differ from the last seen.
func (s *Server) listProblems(ctx context.Context) []string {
	ps := listProblems(ctx, s.opts.Lists)
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
