package server

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/flows/report"
	"github.com/redline-sanctions/redline/trade"
)

// FlowsStore answers the trade-flow pages of the web UI from the flows
// analytics store; *flows.DB is one.
type FlowsStore interface {
	Suppliers(ctx context.Context, q flows.SupplierQuery) ([]flows.SupplierRow, error)
}

// flowsPageLimit caps the rows of the suppliers page.
const flowsPageLimit = 500

// flowsView is the suppliers page's data.
type flowsView struct {
	Q     flows.SupplierQuery
	Table template.HTML
	Rows  int
	Limit int
}

// uiFlowsSuppliers shows who ships what to whom (flows.Suppliers), with
// the filters of `redline flows suppliers` as query parameters: to, chpl,
// listed, from, until, monthly.
func (s *Server) uiFlowsSuppliers(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	if s.opts.Flows == nil {
		s.uiError(w, r, http.StatusServiceUnavailable, "No trade-flow store: the server runs without one (it needs the default, cgo, build of redline).")
		return
	}
	qv := r.URL.Query()
	on := func(k string) bool { v, _ := strconv.ParseBool(qv.Get(k)); return v }
	q := flows.SupplierQuery{To: strings.ToUpper(strings.TrimSpace(qv.Get("to"))), CHPL: on("chpl"), Listed: on("listed"),
		From: strings.TrimSpace(qv.Get("from")), Until: strings.TrimSpace(qv.Get("until")), Monthly: on("monthly"), Limit: flowsPageLimit}
	rows, err := s.opts.Flows.Suppliers(r.Context(), q)
	if err != nil {
		switch {
		case errors.Is(err, flows.ErrBadMonth):
			s.uiError(w, r, http.StatusBadRequest, "Could not read the trade flows: "+err.Error())
		case errors.Is(err, flows.ErrNeedsCgo):
			s.uiError(w, r, http.StatusServiceUnavailable, "Could not read the trade flows: "+err.Error())
		default:
			s.internalError(w, r, "could not read the trade flows", err)
		}
		return
	}
	var b strings.Builder
	if err := flows.WriteSuppliersHTML(&b, rows); err != nil {
		s.internalError(w, r, "could not write the supplier table", err)
		return
	}
	s.render(w, r, http.StatusOK, "flows", view{Title: "Suppliers of listed end users", Nav: "flows",
		Data: flowsView{Q: q, Table: template.HTML(b.String()), Rows: len(rows), Limit: flowsPageLimit}})
}

// FlowsReporter draws the trade-flow report (spikes, partner series,
// mirror gaps and the supplier table) for the web UI.
type FlowsReporter interface {
	Report(ctx context.Context, opts report.Options) (*report.Data, error)
}

// uiFlowsReport shows the trade-flow report of `redline flows report` as
// a page of the web UI, with its query as parameters: reporter (EU27),
// flow (export), baseline (2019-2021), period (2023), members, chpl, hs.
// The page is the report itself, self-contained: its styles are inline,
// so it gets a policy that allows them and nothing else.
func (s *Server) uiFlowsReport(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	fr, ok := s.opts.Flows.(FlowsReporter)
	if s.opts.Flows == nil || !ok {
		s.uiError(w, r, http.StatusServiceUnavailable, "No trade-flow store: the server runs without one (it needs the default, cgo, build of redline).")
		return
	}
	qv := r.URL.Query()
	get := func(k, def string) string {
		if v := strings.TrimSpace(qv.Get(k)); v != "" {
			return v
		}
		return def
	}
	on := func(k string) bool { v, _ := strconv.ParseBool(qv.Get(k)); return v }
	opts := report.Options{Reporter: strings.ToUpper(get("reporter", "EU27")), Flow: trade.Flow(get("flow", string(trade.Export))),
		HS: get("hs", ""), CHPL: on("chpl"), Members: on("members")}
	var err error
	if opts.Flow != trade.Export && opts.Flow != trade.Import {
		err = errors.New("flow: want export or import")
	}
	if err == nil {
		if opts.Baseline, err = flows.ParseYears(get("baseline", "2019-2021")); err != nil {
			err = errors.New("baseline: want years FROM-TO, e.g. 2019-2021")
		}
	}
	if err == nil {
		if opts.Period, err = trade.ParsePeriod(get("period", "2023")); err != nil {
			err = errors.New("period: want a year (2023) or a month (2023-08)")
		}
	}
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Trade-flow report: "+err.Error())
		return
	}
	d, err := fr.Report(r.Context(), opts)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, flows.ErrNeedsCgo) {
			status = http.StatusServiceUnavailable
		}
		id := s.logInternal(r, "flows report", err)
		s.uiError(w, r, status, "Could not draw the trade-flow report; request id "+id+".")
		return
	}
	var b bytes.Buffer
	if err := report.Write(&b, d); err != nil {
		id := s.logInternal(r, "flows report", err)
		s.uiError(w, r, http.StatusInternalServerError, "Could not draw the trade-flow report; request id "+id+".")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}
