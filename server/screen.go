package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
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

// partyKey identifies a screened party across runs: its id in the input,
// or its name when it has none.
func partyKey(rec *screen.Record) string {
	if rec.ID != "" {
		return "id:" + rec.ID
	}
	return "name:" + strings.ToLower(strings.Join(strings.Fields(rec.Name), " "))
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
	if rec.Error == "" {
		a.stats.Parties++
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
			PartyKey: partyKey(rec), PartyName: rec.Name, Party: party,
			EntityID: mt.EntityID, EntityCaption: mt.Caption, EntityHash: casestore.EntityHash(e),
			Dataset: mt.Dataset, Score: mt.Score, Explanation: expl,
		})
	}
	if len(a.pending) >= 256 {
		return a.commit()
	}
	return nil
}

// commit stores the pending alerts.
func (a *alertWriter) commit() error {
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

// partiesRun screens a parties file into a run; it is shared by the API
// and the UI upload. w may be nil (no streaming).
func (s *Server) partiesRun(ctx context.Context, p casestore.Principal, body io.Reader, name, format string, w http.ResponseWriter, onRecord func(*screen.Record)) (casestore.Run, screen.Stats, casestore.RunStats, error) {
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
	// Record the counts even when the run failed half-way: what was
	// committed stays.
	if ferr := s.opts.Store.FinishRun(context.WithoutCancel(ctx), run.ID, aw.stats); ferr != nil && err == nil {
		err = ferr
	}
	return run, st, aw.stats, err
}

var errNoIndex = errors.New("no index loaded yet")

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
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxUploadBytes)
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "api"
	}
	run, st, rs, err := s.partiesRun(r.Context(), p, body, name, format, w, nil)
	var sum runSummary
	sum.Summary.RunID, sum.Summary.Stats = run.ID, st
	sum.Summary.Alerts, sum.Summary.Suppressed, sum.Summary.Repeated = rs.Alerts, rs.Suppressed, rs.Repeated
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			err = fmt.Errorf("upload larger than %d bytes", mbe.Limit)
		}
		if run.ID == 0 { // nothing written yet: a plain error
			s.storeError(w, r, err)
			return
		}
		sum.Summary.Error = err.Error()
	}
	b, _ := json.Marshal(sum)
	w.Write(append(b, '\n'))
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
	settings, _ := json.Marshal(map[string]any{"format": format})
	run, err := s.opts.Store.CreateRun(r.Context(), casestore.Run{
		Actor: p.Name, Kind: "shipments", Source: name, ListVersions: s.listVersions(), Settings: settings,
	})
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxUploadBytes)
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	fl, _ := w.(http.Flusher)
	n, flagged := 0, 0
	rep, err := s.opts.Shipments(r.Context(), body, name, format, func(rec shipment.Record) error {
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
	s.opts.Store.FinishRun(context.WithoutCancel(r.Context()), run.ID, casestore.RunStats{Parties: n, Hits: flagged})
	sum := map[string]any{"run_id": run.ID, "shipments": n, "flagged": flagged, "report": rep}
	if err != nil {
		sum["error"] = err.Error()
	}
	enc.Encode(map[string]any{"summary": sum})
	bw.Flush()
}
