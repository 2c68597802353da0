package server

import (
	"context"
	"fmt"
	"slices"

	"github.com/redline-sanctions/redline/casestore"
)

// interruptedReason is the error recorded on a run that a crash or a kill
// cut short.
const interruptedReason = "interrupted: the server stopped before the run finished (found unfinished when a server started)"

// RecoverRuns records as failed every run that started before this Server
// and is neither finished nor failed: the process that ran it stopped (a
// crash, kill -9) before its end (issue 15, item 14: such runs stayed
// unfinished for ever). It returns those runs. Call it once at start,
// before serving; when one of them is a re-screening, call Rescreen
// again (NeedsRescreen), so that the list update it was for is not lost.
//
// With several servers on one PostgreSQL case store, a server that starts
// also fails the runs that the others have in progress.
func (s *Server) RecoverRuns(ctx context.Context) ([]casestore.Run, error) {
	runs, err := s.opts.Store.UnfinishedRuns(ctx)
	if err != nil {
		return nil, fmt.Errorf("server: recovering runs: %w", err)
	}
	var out []casestore.Run
	for _, r := range runs {
		if !r.Started.Before(s.started) {
			continue // started by this server
		}
		if err := s.opts.Store.FailRun(ctx, r.ID, r.RunStats, interruptedReason); err != nil {
			return out, fmt.Errorf("server: recovering run %d: %w", r.ID, err)
		}
		s.log.Warn("run interrupted by a stop; recorded as failed", "run", r.ID, "kind", r.Kind, "actor", r.Actor, "started", r.Started, "parties", r.Parties)
		r.Error = interruptedReason
		out = append(out, r)
	}
	return out, nil
}

// NeedsRescreen reports whether runs (from RecoverRuns) include a
// re-screening.
func NeedsRescreen(runs []casestore.Run) bool {
	return slices.ContainsFunc(runs, func(r casestore.Run) bool { return r.Kind == "rescreen" })
}
