package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/alerts"
	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/shipment"
)

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	v := searchView{Q: strings.TrimSpace(r.URL.Query().Get("q")), Schema: r.URL.Query().Get("schema"), Threshold: s.opts.Match.Threshold}
	if v.Schema == "" || !entity.Known(v.Schema) || !entity.Matchable(v.Schema) {
		v.Schema = entity.LegalEntity
	}
	m := s.opts.Holder.Load()
	if m != nil {
		v.Entities = m.Len()
	}
	if v.Q != "" && m != nil && len(v.Q) <= 1000 {
		o := s.opts.Match
		o.Limit = 20
		q := &entity.Entity{Schema: v.Schema, Properties: map[string][]string{entity.Name: {v.Q}}}
		res, err := m.Match(r.Context(), q, o)
		if err != nil {
			s.render(w, r, http.StatusServiceUnavailable, "search", view{Title: "Search", Error: "Search timed out; try again.", Data: v})
			return
		}
		for _, x := range res {
			v.Results = append(v.Results, toScored(x))
		}
		if s.audit != nil {
			s.audit.add(p.Name, "search", "dataset:default", map[string]any{"q": v.Q, "schema": v.Schema, "results": len(v.Results)})
		}
	}
	status, msg := http.StatusOK, ""
	if r.URL.Query().Has("q") {
		if err := match.CheckQuery(&entity.Entity{Schema: v.Schema, Properties: map[string][]string{entity.Name: {v.Q}}}); err != nil {
			status, msg = http.StatusBadRequest, "Not searched: "+err.Error()+"."
		}
	}
	s.render(w, r, status, "search", view{Title: "Search", Error: msg, Data: v})
}

func (s *Server) uiEntity(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	m := s.opts.Holder.Load()
	if m == nil {
		s.uiError(w, r, http.StatusServiceUnavailable, "No index loaded yet.")
		return
	}
	d, ok := s.entityDetail(m, r.PathValue("id"))
	if !ok {
		s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No entity %q in the current lists.", r.PathValue("id")))
		return
	}
	v := buildEntityView(d)
	for i, p := range v.Other {
		v.Other[i].Items = detailValues(m, d.ID, p.key, p.Values)
	}
	v.Listings = listingsOf(d)
	v.E.Caption = entityText(m.Entity(d.ID))
	v.Evidence = s.evidenceFor(r, d.ID)
	s.render(w, r, http.StatusOK, "entity", view{Title: v.E.Caption, Nav: "search", Data: v})
}

func (s *Server) uiAlerts(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	q := r.URL.Query()
	f := casestore.AlertFilter{Status: q.Get("status"), Kind: casestore.AlertKind(q.Get("kind")), Text: q.Get("q"), Limit: 50}
	if f.Kind != "" && !f.Kind.Valid() {
		s.uiError(w, r, http.StatusBadRequest, "Unknown alert kind.")
		return
	}
	if f.Status == "" && !q.Has("status") {
		f.Status = casestore.StatusOpen
	}
	if f.Status == "all" {
		f.Status = ""
	}
	if f.Status != "" && f.Status != casestore.StatusOpen && !casestore.Decision(f.Status).Valid() {
		s.uiError(w, r, http.StatusBadRequest, "Unknown status filter.")
		return
	}
	if v, err := strconv.ParseFloat(q.Get("min_score"), 64); err == nil && v >= 0 && v <= 1 {
		f.MinScore = v
	}
	if v, err := strconv.Atoi(q.Get("offset")); err == nil && v > 0 {
		f.Offset = v
	}
	if v, err := strconv.ParseInt(q.Get("run"), 10, 64); err == nil && v > 0 {
		f.RunID = v
	}
	as, err := s.opts.Store.Alerts(r.Context(), f)
	if err != nil {
		s.internalError(w, r, "could not read the alerts", err)
		return
	}
	counts, _ := s.opts.Store.CountAlerts(r.Context())
	v := alertsView{Alerts: alertRows(as), Counts: counts, F: f, CanScreen: p.Role.Allows(casestore.Analyst), CanShip: s.opts.Shipments != nil, Pending: map[int64]bool{}}
	for _, n := range counts {
		v.Total += n
	}
	if pend, err := s.opts.Store.Clearances(r.Context(), casestore.ClearanceFilter{Status: casestore.ClearancePending, Limit: 1000}); err == nil {
		for _, c := range pend {
			v.Pending[c.AlertID] = true
		}
	}
	page := func(off int) string {
		u := url.Values{}
		st := f.Status
		if st == "" {
			st = "all"
		}
		u.Set("status", st)
		if f.Text != "" {
			u.Set("q", f.Text)
		}
		if f.Kind != "" {
			u.Set("kind", string(f.Kind))
		}
		if f.RunID != 0 {
			u.Set("run", strconv.FormatInt(f.RunID, 10))
		}
		if f.MinScore > 0 {
			u.Set("min_score", strconv.FormatFloat(f.MinScore, 'f', -1, 64))
		}
		u.Set("offset", strconv.Itoa(off))
		return "/ui/alerts?" + u.Encode()
	}
	if len(as) == f.Limit {
		v.Next = page(f.Offset + f.Limit)
	}
	if f.Offset > 0 {
		v.Prev = page(max(0, f.Offset-f.Limit))
	}
	s.render(w, r, http.StatusOK, "alerts", view{Title: "Alerts", Data: v})
}

func (s *Server) uiAlert(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Bad alert id.")
		return
	}
	s.renderAlert(w, r, p, id, "", "", http.StatusOK)
}

func (s *Server) renderAlert(w http.ResponseWriter, r *http.Request, p casestore.Principal, id int64, flash, errMsg string, status int) {
	a, err := s.opts.Store.Alert(r.Context(), id)
	if errors.Is(err, casestore.ErrNotFound) {
		s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No alert %d.", id))
		return
	}
	if err != nil {
		s.internalError(w, r, "could not read the alert", err)
		return
	}
	ds, _ := s.opts.Store.Decisions(r.Context(), id)
	v := alertView{A: a, Decisions: ds, CanDecide: p.Role.Allows(casestore.Analyst)}
	v.Clearances, _ = s.opts.Store.Clearances(r.Context(), casestore.ClearanceFilter{AlertID: id})
	for i, c := range v.Clearances {
		if c.Status == casestore.ClearancePending {
			v.Pending = &v.Clearances[i]
		}
	}
	pol := s.opts.Store.FourEyesPolicy()
	if rule, ok := pol.Covers(a, casestore.FalsePositive); ok {
		v.FourEyes = rule
	}
	v.CanCheck = v.Pending != nil && p.Role.Allows(pol.CheckerRole()) && v.Pending.Maker != p.Name
	if flash == "" {
		switch r.URL.Query().Get("settled") {
		case string(casestore.ClearanceApproved):
			flash = "Approved: the decision is applied."
		case string(casestore.ClearanceRejected):
			flash = "Rejected: the alert stays undecided."
		}
		if r.URL.Query().Get("pending") != "" && v.Pending != nil {
			flash = "Recorded for approval: clearing this alert needs a second person (" + v.Pending.Rule + ")."
		}
	}
	if a.Kind == casestore.KindShipment {
		v.Ship = shipmentView(a)
		seen := map[int64]bool{}
		for _, eid := range flagEntities(v.Ship.Record) {
			for _, d := range s.evidenceFor(r, eid) {
				if !seen[d.ID] {
					seen[d.ID] = true
					v.Evidence = append(v.Evidence, d)
				}
			}
		}
		s.render(w, r, status, "alert", view{Title: fmt.Sprintf("Alert %d: shipment %s", id, a.PartyName), Nav: "alerts", Flash: flash, Error: errMsg, Data: v})
		return
	}
	v.Evidence = s.evidenceFor(r, a.EntityID)
	json.Unmarshal(a.Party, &v.Party)
	json.Unmarshal(a.Explanation, &v.Expl)
	if m := s.opts.Holder.Load(); m != nil {
		if e := m.Entity(a.EntityID); e != nil {
			j := toJSON(e)
			v.Entity = &j
			v.Changed = casestore.EntityHash(e) != a.EntityHash
		}
		for _, id := range m.Party(a.EntityID) {
			if e := m.Entity(id); e != nil {
				v.Records = append(v.Records, match.Record{Entity: e, ID: e.ID, Dataset: e.Dataset, SourceID: e.SourceID, Sublist: e.Sublist, Name: e.Caption()})
			}
		}
	}
	s.render(w, r, status, "alert", view{Title: fmt.Sprintf("Alert %d", id), Nav: "alerts", Flash: flash, Error: errMsg, Data: v})
}

func (s *Server) uiDecide(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Bad alert id.")
		return
	}
	// authorize parsed the form for the CSRF token.
	d := casestore.Decision(r.FormValue("decision"))
	reason := r.FormValue("reason")
	if casestore.CheckDecision(d) != nil {
		s.renderAlert(w, r, p, id, "", decisionMessage(d), http.StatusBadRequest)
		return
	}
	res, err := s.opts.Store.Decide(r.Context(), id, d, reason, p.Name)
	if err != nil {
		if errors.Is(err, casestore.ErrConflict) {
			s.renderAlert(w, r, p, id, "", "A clearance of this alert already awaits a second person: approve or reject it first.", http.StatusConflict)
			return
		}
		if errors.Is(err, casestore.ErrInvalid) {
			s.renderAlert(w, r, p, id, "", "Choose a decision and give a reason.", http.StatusBadRequest)
			return
		}
		if errors.Is(err, casestore.ErrNotFound) {
			s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No alert %d.", id))
			return
		}
		s.internalError(w, r, "the decision could not be recorded", err)
		return
	}
	if res.Pending != nil {
		http.Redirect(w, r, fmt.Sprintf("/ui/alerts/%d?pending=%d", id, res.Pending.ID), http.StatusSeeOther)
		return
	}
	s.metrics.decisions.WithLabelValues(string(d)).Inc()
	http.Redirect(w, r, fmt.Sprintf("/ui/alerts/%d?decided=1", id), http.StatusSeeOther)
}

func (s *Server) uiUploadPage(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	s.render(w, r, http.StatusOK, "upload", view{Title: "Screen a file", Data: uploadView{CanShip: s.opts.Shipments != nil}})
}

// uiUpload screens an uploaded parties or shipments file and shows what was
// flagged.
func (s *Server) uiUpload(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	if r.MultipartForm == nil {
		r.ParseMultipartForm(32 << 20)
	}
	if r.MultipartForm == nil {
		s.uiError(w, r, http.StatusBadRequest, "Send the file as multipart/form-data.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	fhs := r.MultipartForm.File["file"]
	if len(fhs) == 0 {
		s.render(w, r, http.StatusBadRequest, "upload", view{Title: "Screen a file", Error: "Choose a file.", Data: uploadView{CanShip: s.opts.Shipments != nil}})
		return
	}
	fh := fhs[0]
	if fh.Size > s.opts.MaxUploadBytes {
		s.uiError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MiB.", s.opts.MaxUploadBytes>>20))
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Cannot read the uploaded file.")
		return
	}
	defer f.Close()
	format := ""
	switch strings.ToLower(path.Ext(fh.Filename)) {
	case ".csv":
		format = "csv"
	case ".jsonl", ".ndjson", ".json":
		format = "jsonl"
	}
	kind := r.MultipartForm.Value["kind"]
	v := uploadView{Kind: "parties", File: fh.Filename, CanShip: s.opts.Shipments != nil}
	if len(kind) > 0 && kind[0] == "shipments" {
		v.Kind = "shipments"
	}
	start := time.Now()
	const maxShown = 500
	if v.Kind == "shipments" {
		if s.opts.Shipments == nil {
			s.uiError(w, r, http.StatusServiceUnavailable, "Shipment screening is not configured on this server.")
			return
		}
		res, err := s.shipmentsRun(r.Context(), p, f, fh.Size, fh.Filename, format, func(a *shipment.Assessment) error {
			v.Total++
			if alerts.Flagged(a.Level) && len(v.Shipments) < maxShown {
				v.Shipments = append(v.Shipments, shipment.RecordOf(a))
			}
			return nil
		})
		if res.Run.ID == 0 {
			s.internalError(w, r, "could not record the run", err)
			return
		}
		rep := res.Report
		v.Flagged, v.RunStats = res.Flagged, res.Stats
		v.Run, v.Shown = res.Run, len(v.Shipments)
		if rep != nil {
			for i, pr := range rep.Problems {
				if i == 20 {
					break
				}
				v.Problems = append(v.Problems, pr.String())
			}
		}
		v.ElapsedSec = time.Since(start).Seconds()
		if err != nil {
			s.render(w, r, http.StatusBadRequest, "upload", view{Title: "Screen a file", Error: "Screening failed: " + err.Error(), Data: v})
			return
		}
		sort.SliceStable(v.Shipments, func(i, j int) bool { return v.Shipments[i].Risk > v.Shipments[j].Risk })
		s.render(w, r, http.StatusOK, "upload", view{Title: "Screen a file", Data: v})
		return
	}
	run, st, rs, err := s.partiesRun(r.Context(), p, f, fh.Size, fh.Filename, format, nil, func(rec *screen.Record) {
		v.Total++
		flagged := false
		for _, m := range rec.Matches {
			flagged = flagged || m.Match
		}
		if (flagged || rec.Error != "") && len(v.Records) < maxShown {
			v.Records = append(v.Records, *rec)
		}
	})
	v.Run, v.Stats, v.RunStats, v.Shown = run, st, rs, len(v.Records)
	v.ElapsedSec = time.Since(start).Seconds()
	for i, pr := range st.Problems {
		if i == 20 {
			break
		}
		v.Problems = append(v.Problems, pr.String())
	}
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "upload", view{Title: "Screen a file", Error: "Screening failed: " + err.Error(), Data: v})
		return
	}
	s.render(w, r, http.StatusOK, "upload", view{Title: "Screen a file", Data: v})
}

func (s *Server) uiLists(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	st, err := s.listStatus(r.Context())
	if err != nil {
		s.internalError(w, r, "could not read the list store", err)
		return
	}
	runs, _ := s.opts.Store.Runs(r.Context(), 10)
	parties, _ := s.opts.Store.CountParties(r.Context())
	flash := ""
	if id := r.URL.Query().Get("rescreened"); id != "" {
		flash = "Re-screening finished: run " + id + " below."
	}
	s.render(w, r, http.StatusOK, "lists", view{Title: "Lists", Flash: flash, Data: map[string]any{"Status": st, "Runs": runs, "Parties": parties}})
}

// uiRescreen screens the stored parties again and shows the lists page.
func (s *Server) uiRescreen(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	run, err := s.Rescreen(r.Context(), p.Name)
	if err != nil {
		s.internalError(w, r, "re-screening failed", err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/ui/lists?rescreened=%d", run.ID), http.StatusSeeOther)
}

func (s *Server) uiAudit(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	q := r.URL.Query()
	f := casestore.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Limit: 100}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		f.Before = b
	}
	es, err := s.opts.Store.AuditLog(r.Context(), f)
	if err != nil {
		s.internalError(w, r, "could not read the audit log", err)
		return
	}
	next := ""
	if len(es) == f.Limit {
		u := url.Values{}
		u.Set("actor", f.Actor)
		u.Set("action", f.Action)
		u.Set("before", strconv.FormatInt(es[len(es)-1].ID, 10))
		next = "/ui/audit?" + u.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "Audit log", Data: map[string]any{"Entries": es, "F": f, "Next": next}})
}
