package server

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/flows"
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
		status := http.StatusInternalServerError
		if errors.Is(err, flows.ErrBadMonth) {
			status = http.StatusBadRequest
		} else if errors.Is(err, flows.ErrNeedsCgo) {
			status = http.StatusServiceUnavailable
		}
		s.log.Error("flows suppliers", "err", err)
		s.uiError(w, r, status, "Could not read the trade flows: "+err.Error())
		return
	}
	var b strings.Builder
	if err := flows.WriteSuppliersHTML(&b, rows); err != nil {
		s.log.Error("flows suppliers", "err", err)
		s.uiError(w, r, http.StatusInternalServerError, "Could not write the supplier table.")
		return
	}
	s.render(w, r, http.StatusOK, "flows", view{Title: "Suppliers of listed end users", Nav: "flows",
		Data: flowsView{Q: q, Table: template.HTML(b.String()), Rows: len(rows), Limit: flowsPageLimit}})
}
