package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/fold"
	"io"
	"net/http"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/source"
)

// ShipmentScreener assesses a file of shipments read from r (format "csv",
// "jsonl" or "" to detect; name names it in problems) and calls out with
// each shipment's record in input order. cmd/redline wires it to a
// shipment.Engine.
type ShipmentScreener func(ctx context.Context, r io.Reader, name, format string, out func(shipment.Record) error) (*source.Report, error)

// partyKey identifies a screened party across runs: its id in the input
// (the record number when the input has none) and its name, folded. A
// party whose name changes is a new party, to be reviewed again.
func partyKey(id, name string) string {
	return "id:" + id + "|" + fold.Lower(name)
}

// runSummary is the last line of a streamed screening response.
type runSummary struct {
	Summary struct {
		RunID int64 `json:"run_id"`
		screen.Stats
		Alerts     int    `json:"alerts"`
		Suppressed int    `json:"suppressed"`
		Repeated   int    `json:"repeated"`
		Error      string `json:"error,omitempty"`
	} `json:"summary"`
}

// alertWriter is a screen.Writer that streams records as JSON lines to the
// client and records each match at or above the threshold as an alert of
// the run, in batches.
type alertWriter struct {
	ctx     context.Context
	s       *Server
	m       *match.Matcher
	run     casestore.Run
	out     *bufio.Writer
	flusher http.Flusher
	enc     *json.Encoder
	pending []casestore.Alert
	parties []casestore.Party
	stats   casestore.RunStats
	// onRecord, when set, sees every record (the UI keeps them).
	onRecord func(*screen.Record)
}

func (a *alertWriter) Write(rec *screen.Record) error {
	if a.onRecord != nil {
		a.onRecord(rec)
	}
	if a.enc != nil {
		if err := a.enc.Encode(rec); err != nil {
			return err
		}
	}
	key := partyKey(rec.ID, rec.Name)
	if rec.Error == "" {
		a.stats.Parties++
		// The query travels with its row (issue 15, item 15: kept by the
		// caller's id, a repeated id let parallel workers swap queries).
		if rec.Query != nil {
			q, err := json.Marshal(rec.Query)
			if err != nil {
				return fmt.Errorf("line %d: keeping the query: %w", rec.Line, err)
			}
			a.parties = append(a.parties, casestore.Party{Key: key, Name: rec.Name, Query: q})
		}
	}
	for _, mt := range rec.Matches {
		if !mt.Match {
			continue
		}
		a.stats.Hits++
		e := a.m.Entity(mt.EntityID)
		if e == nil {
			continue
		}
		party, _ := json.Marshal(map[string]any{"id": rec.ID, "name": rec.Name, "line": rec.Line})
		expl, _ := json.Marshal(mt.Explanation)
		a.pending = append(a.pending, casestore.Alert{
			PartyKey: key, PartyName: rec.Name, Party: party,
			EntityID: mt.EntityID, EntityCaption: mt.Caption, EntityHash: casestore.EntityHash(e),
			Dataset: mt.Dataset, Score: mt.Score, Explanation: expl,
		})
	}
	if len(a.pending) >= 256 || len(a.parties) >= 1024 {
		return a.commit()
	}
	return nil
}

// commit stores the pending parties and alerts.
func (a *alertWriter) commit() error {
	if len(a.parties) > 0 {
		if err := a.s.opts.Store.SaveParties(a.ctx, a.run.ID, a.parties); err != nil {
			return err
		}
		a.parties = a.parties[:0]
	}
	if len(a.pending) == 0 {
		return nil
	}
	outs, err := a.s.opts.Store.AddAlerts(a.ctx, a.run.ID, a.pending)
	if err != nil {
		return err
	}
	for _, o := range outs {
		switch o {
		case casestore.Created:
			a.stats.Alerts++
		case casestore.Suppressed:
			a.stats.Suppressed++
		case casestore.Repeated:
			a.stats.Repeated++
		}
	}
	a.pending = a.pending[:0]
	return nil
}

func (a *alertWriter) Flush() error {
	if err := a.commit(); err != nil {
		return err
	}
	if a.out != nil {
		if err := a.out.Flush(); err != nil {
			return err
		}
		if a.flusher != nil {
			a.flusher.Flush()
		}
	}
	return nil
}

// partiesRun screens a parties file of size bytes (-1 when unknown) into a
// run; it is shared by the API and the UI upload. w may be nil (no
// streaming). A run that did not screen every row of the file is recorded
// as failed, with the reason.
func (s *Server) partiesRun(ctx context.Context, p casestore.Principal, body io.Reader, size int64, name, format string, w http.ResponseWriter, onRecord func(*screen.Record)) (casestore.Run, screen.Stats, casestore.RunStats, error) {
	m := s.opts.Holder.Load()
	if m == nil {
		return casestore.Run{}, screen.Stats{}, casestore.RunStats{}, errNoIndex
	}
	mopts := s.opts.Match
	settings, _ := json.Marshal(map[string]any{"threshold": mopts.Threshold, "algorithm": mopts.Algorithm, "limit": mopts.Limit, "format": format})
	run, err := s.opts.Store.CreateRun(ctx, casestore.Run{
		Actor: p.Name, Kind: "parties", Source: name, ListVersions: s.listVersions(), Settings: settings,
	})
	if err != nil {
		return run, screen.Stats{}, casestore.RunStats{}, err
	}
	aw := &alertWriter{ctx: ctx, s: s, m: m, run: run, onRecord: onRecord}
	if w != nil {
		aw.out = bufio.NewWriterSize(w, 32<<10)
		aw.enc = json.NewEncoder(aw.out)
		aw.flusher, _ = w.(http.Flusher)
	}
	st, err := screen.Parties(ctx, body, screen.Options{Format: format, Match: mopts, File: name}, m, aw)
	if err == nil {
		err = aw.Flush()
	}
	if err == nil && size >= 0 {
		err = checkConsumed(st.Bytes, size)
	}
	// Record the counts even when the run failed half-way: what was
	// committed stays.
	if ferr := s.endRun(ctx, run.ID, aw.stats, err); ferr != nil && err == nil {
		err = ferr
	}
	return run, st, aw.stats, err
}

// endRun records the end of a run: finished when err is nil, else failed
// with err as the reason.
func (s *Server) endRun(ctx context.Context, id int64, st casestore.RunStats, err error) error {
	ctx = context.WithoutCancel(ctx)
	if err != nil {
		return s.opts.Store.FailRun(ctx, id, st, err.Error())
	}
	return s.opts.Store.FinishRun(ctx, id, st)
}

var errNoIndex = errors.New("no index loaded yet")

// Rescreen screens every stored party again against the current index, as
// a run of kind "rescreen" by actor. Only new hits, and hits on entities
// that changed since they were alerted or allow-listed, become alerts.
// The evidence ledger's party mentions are matched again in the same run
// (new or changed matches recorded).
// serve calls it after each index swap; POST /rescreen and the lists page
// start it by hand.
func (s *Server) Rescreen(ctx context.Context, actor string) (casestore.Run, error) {
	m := s.opts.Holder.Load()
	if m == nil {
		return casestore.Run{}, errNoIndex
	}
	s.rescreenMu.Lock()
	defer s.rescreenMu.Unlock()
	mopts := s.opts.Match
	settings, _ := json.Marshal(map[string]any{"threshold": mopts.Threshold, "algorithm": mopts.Algorithm, "limit": mopts.Limit})
	run, err := s.opts.Store.CreateRun(ctx, casestore.Run{
		Actor: actor, Kind: "rescreen", Source: "stored parties", ListVersions: s.listVersions(), Settings: settings,
	})
	if err != nil {
		return run, err
	}
	st, err := s.rescreenParties(ctx, m, mopts, run.ID)
	if err == nil {
		// The evidence ledger's stored mentions are matched again in the
		// same run.
		err = s.rescreenEvidence(ctx, m, run)
	}
	if ferr := s.endRun(ctx, run.ID, st, err); ferr != nil && err == nil {
		err = ferr
	}
	run.RunStats = st
	if err != nil {
		run.Error = err.Error()
		return run, err
	}
	return run, nil
}

// rescreenParties screens the stored parties with m into run runID.
func (s *Server) rescreenParties(ctx context.Context, m *match.Matcher, mopts match.Options, runID int64) (casestore.RunStats, error) {
	var st casestore.RunStats
	after := ""
	for {
		ps, err := s.opts.Store.Parties(ctx, after, 500)
		if err != nil {
			return st, err
		}
		if len(ps) == 0 {
			break
		}
		after = ps[len(ps)-1].Key
		var hits []casestore.Alert
		for _, p := range ps {
			var q entity.Entity
			if err := json.Unmarshal(p.Query, &q); err != nil {
				s.log.Error("rescreen: stored party unreadable", "party", p.Key, "err", err)
				continue
			}
			st.Parties++
			party, _ := json.Marshal(map[string]any{"key": p.Key, "name": p.Name, "first_run": p.FirstRun})
			res, err := m.Match(ctx, &q, mopts)
			if err != nil {
				return st, err
			}
			for _, r := range res {
				if !r.Match {
					continue
				}
				st.Hits++
				expl, _ := json.Marshal(r.Explanation)
				hits = append(hits, casestore.Alert{
					PartyKey: p.Key, PartyName: p.Name, Party: party, EntityID: r.Entity.ID,
					EntityCaption: r.Entity.Caption(), EntityHash: casestore.EntityHash(r.Entity),
					Dataset: r.Entity.Dataset, Score: r.Score, Explanation: expl,
				})
			}
		}
		if err := ctx.Err(); err != nil {
			return st, err
		}
		outs, err := s.opts.Store.AddAlerts(ctx, runID, hits)
		if err != nil {
			return st, err
		}
		for _, o := range outs {
			switch o {
			case casestore.Created:
				st.Alerts++
			case casestore.Suppressed:
				st.Suppressed++
			case casestore.Repeated:
				st.Repeated++
			}
		}
	}
	return st, nil
}

// rescreen answers POST /rescreen.
func (s *Server) rescreen(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	run, err := s.Rescreen(r.Context(), p.Name)
	if errors.Is(err, errNoIndex) {
		writeError(w, http.StatusServiceUnavailable, "no index loaded yet")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

// uploadFormat reads the format from ?format= or the Content-Type.
func uploadFormat(r *http.Request) (string, error) {
	f := r.URL.Query().Get("format")
	if f == "" {
		ct := r.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "text/csv"):
			f = "csv"
		case strings.HasPrefix(ct, "application/x-ndjson"), strings.HasPrefix(ct, "application/jsonl"), strings.HasPrefix(ct, "application/json"):
			f = "jsonl"
		}
	}
	switch f {
	case "", "csv", "jsonl":
		return f, nil
	}
	return "", fmt.Errorf("format %q: want csv or jsonl", f)
}

// screenParties answers POST /screen/parties: a CSV or JSON lines body of
// parties, answered as JSON lines, one record per party in input order,
// streamed as they are screened, then a summary line. Matches at or above
// the threshold become alerts of a new run.
func (s *Server) screenParties(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	format, err := uploadFormat(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if s.opts.Holder.Load() == nil {
		writeError(w, http.StatusServiceUnavailable, "no index loaded yet")
		return
	}
	up := s.readUpload(w, r)
	if up == nil {
		return
	}
	defer up.Close()
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Trailer", runStatusTrailer)
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "api"
	}
	run, st, rs, err := s.partiesRun(r.Context(), p, up.Reader(), up.Size, name, format, w, nil)
	var sum runSummary
	sum.Summary.RunID, sum.Summary.Stats = run.ID, st
	sum.Summary.Alerts, sum.Summary.Suppressed, sum.Summary.Repeated = rs.Alerts, rs.Suppressed, rs.Repeated
	if err != nil {
		if run.ID == 0 { // nothing written yet: a plain error
			s.storeError(w, r, err)
			return
		}
		sum.Summary.Error = err.Error()
	}
	b, _ := json.Marshal(sum)
	w.Write(append(b, '\n'))
	setRunStatus(w, err)
}

// runStatusTrailer is the HTTP trailer of a streamed screening answer:
// "finished", or "failed" when the run stopped before its last row (the
// summary line then says why). The status code, sent before the first
// row, cannot say it.
const runStatusTrailer = "X-Run-Status"

func setRunStatus(w http.ResponseWriter, err error) {
	if err != nil {
		w.Header().Set(runStatusTrailer, "failed")
		return
	}
	w.Header().Set(runStatusTrailer, "finished")
}

// screenShipments answers POST /screen/shipments: a CSV or JSON lines body
// of shipments, answered as JSON lines of assessments in input order, then
// a summary line with the reader's report.
func (s *Server) screenShipments(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	if s.opts.Shipments == nil {
		writeError(w, http.StatusServiceUnavailable, "shipment screening is not configured on this server")
		return
	}
	format, err := uploadFormat(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "api"
	}
	up := s.readUpload(w, r)
	if up == nil {
		return
	}
	defer up.Close()
	settings, _ := json.Marshal(map[string]any{"format": format})
	run, err := s.opts.Store.CreateRun(r.Context(), casestore.Run{
		Actor: p.Name, Kind: "shipments", Source: name, ListVersions: s.listVersions(), Settings: settings,
	})
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Trailer", runStatusTrailer)
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	fl, _ := w.(http.Flusher)
	n, flagged := 0, 0
	in := &countingReader{r: up.Reader()}
	rep, err := s.opts.Shipments(r.Context(), in, name, format, func(rec shipment.Record) error {
		n++
		if rec.Level == "high" || rec.Level == "medium" {
			flagged++
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
		if n%256 == 0 {
			bw.Flush()
			if fl != nil {
				fl.Flush()
			}
		}
		return nil
	})
	if err == nil {
		err = checkConsumed(in.n, up.Size)
	}
	if ferr := s.endRun(r.Context(), run.ID, casestore.RunStats{Parties: n, Hits: flagged}, err); ferr != nil && err == nil {
		err = ferr
	}
	sum := map[string]any{"run_id": run.ID, "shipments": n, "flagged": flagged, "report": rep}
	if err != nil {
		sum["error"] = err.Error()
	}
	enc.Encode(map[string]any{"summary": sum})
	bw.Flush()
	setRunStatus(w, err)
}
