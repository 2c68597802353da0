package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/redline-sanctions/redline/casestore"
)

// pathID reads a positive integer path value or writes 400.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, "%s %q: want a positive integer", name, r.PathValue(name))
		return 0, false
	}
	return id, true
}

// queryInt reads an optional non-negative integer query parameter.
func queryInt(w http.ResponseWriter, r *http.Request, name string) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		writeError(w, http.StatusBadRequest, "%s %q: want a non-negative integer", name, v)
		return 0, false
	}
	return n, true
}

// alertFilter reads status, kind, run, min_score, q, limit and offset.
func alertFilter(w http.ResponseWriter, r *http.Request) (casestore.AlertFilter, bool) {
	q := r.URL.Query()
	f := casestore.AlertFilter{Status: q.Get("status"), Kind: casestore.AlertKind(q.Get("kind")), Text: q.Get("q")}
	if f.Status != "" && f.Status != casestore.StatusOpen && !casestore.Decision(f.Status).Valid() {
		writeError(w, http.StatusBadRequest, "status %q: want open, true_match, false_positive or needs_review", f.Status)
		return f, false
	}
	if f.Kind != "" && !f.Kind.Valid() {
		writeError(w, http.StatusBadRequest, "kind %q: want party or shipment", f.Kind)
		return f, false
	}
	if v := q.Get("min_score"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 || x > 1 {
			writeError(w, http.StatusBadRequest, "min_score %q: want a number from 0 to 1", v)
			return f, false
		}
		f.MinScore = x
	}
	run, ok1 := queryInt(w, r, "run")
	if !ok1 {
		return f, false
	}
	lim, ok2 := queryInt(w, r, "limit")
	if !ok2 {
		return f, false
	}
	off, ok3 := queryInt(w, r, "offset")
	if !ok3 {
		return f, false
	}
	f.RunID, f.Limit, f.Offset = int64(run), lim, off
	return f, true
}

// alerts answers GET /alerts.
func (s *Server) alerts(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	f, ok := alertFilter(w, r)
	if !ok {
		return
	}
	as, err := s.opts.Store.Alerts(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if as == nil {
		as = []casestore.Alert{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": as})
}

// alertDetail is GET /alerts/{id}: the alert, its decisions and its
// clearance requests (four eyes), newest first.
type alertDetail struct {
	casestore.Alert
	Decisions  []casestore.DecisionRecord `json:"decisions"`
	Clearances []casestore.Clearance      `json:"clearances"`
}

func (s *Server) alert(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	a, err := s.opts.Store.Alert(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	ds, err := s.opts.Store.Decisions(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if ds == nil {
		ds = []casestore.DecisionRecord{}
	}
	cs, err := s.opts.Store.Clearances(r.Context(), casestore.ClearanceFilter{AlertID: id})
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if cs == nil {
		cs = []casestore.Clearance{}
	}
	writeJSON(w, http.StatusOK, alertDetail{Alert: a, Decisions: ds, Clearances: cs})
}

// decisionRequest is the body of POST /alerts/{id}/decisions.
type decisionRequest struct {
	Decision casestore.Decision `json:"decision"`
	Reason   string             `json:"reason"`
}

// decide answers POST /alerts/{id}/decisions. The 201 response is sent
// only after the decision and its audit entry are committed. A decision
// the four-eyes policy covers is answered 202 with the pending clearance
// request: nothing is decided until another user approves it
// (approvals.go).
func (s *Server) decide(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var req decisionRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	res, err := s.opts.Store.Decide(r.Context(), id, req.Decision, req.Reason, p.Name)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if res.Pending != nil {
		writeJSON(w, http.StatusAccepted, res.Pending)
		return
	}
	s.metrics.decisions.WithLabelValues(string(res.Decision)).Inc()
	writeJSON(w, http.StatusCreated, res.DecisionRecord)
}

// runs answers GET /runs.
func (s *Server) runs(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	lim, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	rs, err := s.opts.Store.Runs(r.Context(), lim)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if rs == nil {
		rs = []casestore.Run{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": rs})
}

// runDetail is GET /runs/{id}: the run with its counts, and the alerts it
// created (those it repeated or suppressed are counted, not listed).
type runDetail struct {
	Run    casestore.Run     `json:"run"`
	Alerts []casestore.Alert `json:"alerts"`
}

// run answers GET /runs/{id}; kind, status, min_score, q, limit and offset
// select among its alerts as on GET /alerts.
func (s *Server) run(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	f, ok := alertFilter(w, r)
	if !ok {
		return
	}
	run, err := s.opts.Store.Run(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	f.RunID = id
	as, err := s.opts.Store.Alerts(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if as == nil {
		as = []casestore.Alert{}
	}
	writeJSON(w, http.StatusOK, runDetail{Run: run, Alerts: as})
}

// auditLog answers GET /audit (admins).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	lim, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	before, ok := queryInt(w, r, "before")
	if !ok {
		return
	}
	q := r.URL.Query()
	es, err := s.opts.Store.AuditLog(r.Context(), casestore.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Before: int64(before), Limit: lim})
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if es == nil {
		es = []casestore.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": es})
}

// auditBatcher writes the audit entries of hot read paths (/match,
// /search) off the request path: every flush interval, the requests of
// each actor, action and subject become one audit entry whose detail holds
// them as the search audit mode says (casestore.CompactRequests: all in
// full, hits in full and the other queries as digests, or counts), written
// in one transaction.
type auditBatcher struct {
	store   casestore.Store
	log     *slog.Logger
	dropped prometheus.Counter
	ch      chan pendingAudit
	done    chan struct{}
	once    sync.Once
	// mode is how much of each request an entry keeps.
	mode casestore.SearchAuditMode
	// failure is why the last write failed or an entry was dropped (nil
	// after a write that succeeded): readiness reports it.
	failure atomic.Pointer[string]
}

// failing returns why audit entries are being lost, or "".
func (b *auditBatcher) failing() string {
	if p := b.failure.Load(); p != nil {
		return *p
	}
	return ""
}

func (b *auditBatcher) fail(why string) { b.failure.Store(&why) }

// pendingAudit is one request waiting to be audited.
type pendingAudit struct {
	actor, action, subject string
	at                     time.Time
	detail                 map[string]any
}

// maxGroup is the most requests one batched audit entry holds.
const maxGroup = 1000

func newAuditBatcher(st casestore.Store, every time.Duration, log *slog.Logger, dropped prometheus.Counter, mode casestore.SearchAuditMode) *auditBatcher {
	b := &auditBatcher{store: st, log: log, dropped: dropped, ch: make(chan pendingAudit, 65536), done: make(chan struct{}), mode: mode}
	go b.loop(every)
	return b
}

// add queues a request; when the queue is full it is counted in
// redline_audit_dropped_total and logged, never silently lost.
func (b *auditBatcher) add(actor, action, subject string, detail map[string]any) {
	select {
	case b.ch <- pendingAudit{actor, action, subject, time.Now().UTC(), detail}:
	default:
		b.dropped.Inc()
		b.fail("the audit queue is full: entries are dropped")
		b.log.Warn("audit queue full: entry dropped", "actor", actor, "action", action, "subject", subject)
	}
}

func (b *auditBatcher) loop(every time.Duration) {
	defer close(b.done)
	t := time.NewTicker(every)
	defer t.Stop()
	type key struct{ actor, action, subject string }
	groups := map[key][]map[string]any{}
	var order []key
	n := 0
	flush := func() {
		if n == 0 {
			return
		}
		es := make([]casestore.AuditEntry, 0, len(order))
		for _, k := range order {
			reqs := groups[k]
			for len(reqs) > 0 {
				part := reqs[:min(len(reqs), maxGroup)]
				reqs = reqs[len(part):]
				raw, err := casestore.CompactRequests(b.mode, part)
				if err != nil {
					raw = []byte(`{"error":"unencodable detail"}`)
				}
				es = append(es, casestore.AuditEntry{Actor: k.actor, Action: k.action, Subject: k.subject, Detail: raw})
			}
		}
		if _, err := b.store.AuditBatch(context.Background(), es); err != nil {
			b.dropped.Add(float64(n))
			b.fail("the last audit batch could not be written: " + err.Error())
			b.log.Error("audit batch lost", "requests", n, "err", err)
		} else {
			b.failure.Store(nil)
		}
		clear(groups)
		order, n = order[:0], 0
	}
	for {
		select {
		case p, ok := <-b.ch:
			if !ok {
				flush()
				return
			}
			k := key{p.actor, p.action, p.subject}
			if _, seen := groups[k]; !seen {
				order = append(order, k)
			}
			p.detail["at"] = p.at.Format(time.RFC3339Nano)
			groups[k] = append(groups[k], p.detail)
			n++
			if n >= 10*maxGroup {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}

// close flushes what is queued; call it after the HTTP server stopped.
func (b *auditBatcher) close() {
	b.once.Do(func() { close(b.ch) })
	<-b.done
}
