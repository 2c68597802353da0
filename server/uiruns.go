package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/shipment"
)

// alertRow is an alert as the alert tables show it: a shipment alert also
// with its level, risk and the rules that fired (from its explanation).
type alertRow struct {
	casestore.Alert
	Level string
	Risk  int
	Rules []string
}

// alertRows prepares alerts for a table.
func alertRows(as []casestore.Alert) []alertRow {
	out := make([]alertRow, len(as))
	for i, a := range as {
		out[i].Alert = a
		if a.Kind != casestore.KindShipment {
			continue
		}
		var rec shipment.Record
		if json.Unmarshal(a.Explanation, &rec) != nil {
			continue
		}
		out[i].Level, out[i].Risk = rec.Level, rec.Risk
		for _, f := range rec.Flags {
			if !slices.Contains(out[i].Rules, f.Rule) {
				out[i].Rules = append(out[i].Rules, f.Rule)
			}
		}
	}
	return out
}

// runView is the data of a run's page.
type runView struct {
	Run casestore.Run
	// State is finished, failed or running.
	State  string
	Alerts []alertRow
	// Kind is the alert kind shown ("" for all).
	Kind       casestore.AlertKind
	Next, Prev string
}

// runState says whether a run finished, failed or is running (or was cut
// short by a crash, until the server's next start fails it).
func runState(r casestore.Run) string {
	switch {
	case r.Error != "":
		return "failed"
	case r.Finished != nil:
		return "finished"
	}
	return "running"
}

// runRow is a run in the runs table.
type runRow struct {
	casestore.Run
	State string
}

func (s *Server) uiRuns(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	rs, err := s.opts.Store.Runs(r.Context(), 100)
	if err != nil {
		s.internalError(w, r, "could not read the runs", err)
		return
	}
	rows := make([]runRow, len(rs))
	for i, x := range rs {
		rows[i] = runRow{Run: x, State: runState(x)}
	}
	s.render(w, r, http.StatusOK, "runs", view{Title: "Screening runs", Data: rows})
}

func (s *Server) uiRun(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.uiError(w, r, http.StatusBadRequest, "Bad run id.")
		return
	}
	run, err := s.opts.Store.Run(r.Context(), id)
	if errors.Is(err, casestore.ErrNotFound) {
		s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No run %d.", id))
		return
	}
	if err != nil {
		s.internalError(w, r, "could not read the run", err)
		return
	}
	q := r.URL.Query()
	f := casestore.AlertFilter{RunID: id, Kind: casestore.AlertKind(q.Get("kind")), Limit: 100}
	if f.Kind != "" && !f.Kind.Valid() {
		s.uiError(w, r, http.StatusBadRequest, "Unknown alert kind.")
		return
	}
	if v, err := strconv.Atoi(q.Get("offset")); err == nil && v > 0 {
		f.Offset = v
	}
	as, err := s.opts.Store.Alerts(r.Context(), f)
	if err != nil {
		s.internalError(w, r, "could not read the run's alerts", err)
		return
	}
	v := runView{Run: run, State: runState(run), Alerts: alertRows(as), Kind: f.Kind}
	page := func(off int) string {
		u := url.Values{}
		if f.Kind != "" {
			u.Set("kind", string(f.Kind))
		}
		u.Set("offset", strconv.Itoa(off))
		return fmt.Sprintf("/ui/runs/%d?%s", id, u.Encode())
	}
	if len(as) == f.Limit {
		v.Next = page(f.Offset + f.Limit)
	}
	if f.Offset > 0 {
		v.Prev = page(max(0, f.Offset-f.Limit))
	}
	s.render(w, r, http.StatusOK, "run", view{Title: fmt.Sprintf("Run %d", id), Nav: "runs", Data: v})
}

// shipmentAlertView is what the alert page shows of a shipment alert: the
// shipment as read and its assessment.
type shipmentAlertView struct {
	Shipment shipment.Shipment
	Record   shipment.Record
	// Route is origin, transit countries and destination, in order.
	Route string
}

// shipmentView decodes a shipment alert's party (the shipment) and
// explanation (the assessment).
func shipmentView(a casestore.Alert) *shipmentAlertView {
	v := &shipmentAlertView{}
	json.Unmarshal(a.Party, &v.Shipment)
	json.Unmarshal(a.Explanation, &v.Record)
	var stops []string
	for _, c := range append(append([]string{v.Shipment.Origin}, v.Shipment.Route...), v.Shipment.Destination) {
		if c != "" {
			stops = append(stops, c)
		}
	}
	v.Route = strings.Join(stops, " → ")
	return v
}

// flagEntities lists the listed entities a shipment's flags name, once each.
func flagEntities(rec shipment.Record) []string {
	var ids []string
	for _, f := range rec.Flags {
		if f.EntityID != "" && !slices.Contains(ids, f.EntityID) {
			ids = append(ids, f.EntityID)
		}
	}
	return ids
}
