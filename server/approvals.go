package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
)

// Four eyes (casestore/foureyes.go): a decision the store's policy covers
// (clearing a strong match) is answered 202 with the pending clearance
// request; a second user settles it through /approvals/{id} or the
// Approvals page. The store enforces who may: never the maker, and only a
// holder of the policy's checker role (403 otherwise; 409 when the request
// is already settled).

// verdictRequest is the body of POST /approvals/{id}.
type verdictRequest struct {
	// Verdict is "approve" or "reject".
	Verdict string `json:"verdict"`
	Reason  string `json:"reason"`
}

// parseVerdict maps "approve" / "reject" to the settled status.
func parseVerdict(v string) (casestore.ClearanceStatus, error) {
	switch strings.TrimSpace(v) {
	case "approve", "approved":
		return casestore.ClearanceApproved, nil
	case "reject", "rejected":
		return casestore.ClearanceRejected, nil
	}
	if v == "" {
		return "", errors.New("no verdict: want approve or reject")
	}
	return "", fmt.Errorf("verdict %q: want approve or reject", v)
}

// clearanceFilter reads status (default pending; "all" for any), alert and
// limit.
func clearanceFilter(w http.ResponseWriter, r *http.Request) (casestore.ClearanceFilter, bool) {
	q := r.URL.Query()
	f := casestore.ClearanceFilter{Status: casestore.ClearancePending}
	switch st := casestore.ClearanceStatus(q.Get("status")); st {
	case "":
	case "all":
		f.Status = ""
	case casestore.ClearancePending, casestore.ClearanceApproved, casestore.ClearanceRejected, casestore.ClearanceSuperseded:
		f.Status = st
	default:
		writeError(w, http.StatusBadRequest, "status %q: want pending, approved, rejected, superseded or all", st)
		return f, false
	}
	alert, ok := queryInt(w, r, "alert")
	if !ok {
		return f, false
	}
	lim, ok := queryInt(w, r, "limit")
	if !ok {
		return f, false
	}
	f.AlertID, f.Limit = int64(alert), lim
	return f, true
}

// approvals answers GET /approvals: clearance requests, pending ones by
// default, and the policy.
func (s *Server) approvals(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	f, ok := clearanceFilter(w, r)
	if !ok {
		return
	}
	cs, err := s.opts.Store.Clearances(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if cs == nil {
		cs = []casestore.Clearance{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"approvals": cs, "policy": s.opts.Store.FourEyesPolicy()})
}

// approval answers GET /approvals/{id}.
func (s *Server) approval(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := s.opts.Store.Clearance(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// settle answers POST /approvals/{id}: approve or reject a pending
// clearance request as the caller.
func (s *Server) settle(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var req verdictRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	st, err := parseVerdict(req.Verdict)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	c, err := s.opts.Store.SettleClearance(r.Context(), id, st, req.Reason, p)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if st == casestore.ClearanceApproved {
		s.metrics.decisions.WithLabelValues(string(c.Decision)).Inc()
	}
	writeJSON(w, http.StatusOK, c)
}

// approvalsView is the Approvals page.
type approvalsView struct {
	Pending []casestore.Clearance
	Settled []casestore.Clearance
	// Policy describes the four-eyes policy; CanCheck says whether the
	// user's role may check requests (never their own).
	Policy   string
	Checker  casestore.Role
	CanCheck bool
}

// uiApprovals lists the pending clearance requests, with approve and
// reject forms for checkers, and the latest settled ones.
func (s *Server) uiApprovals(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	flash := ""
	if id, err := strconv.ParseInt(r.URL.Query().Get("settled"), 10, 64); err == nil && id > 0 {
		if c, err := s.opts.Store.Clearance(r.Context(), id); err == nil {
			flash = fmt.Sprintf("Request %d on alert %d %s.", c.ID, c.AlertID, c.Status)
		}
	}
	s.renderApprovals(w, r, p, flash, "", http.StatusOK)
}

func (s *Server) renderApprovals(w http.ResponseWriter, r *http.Request, p casestore.Principal, flash, errMsg string, status int) {
	pending, err := s.opts.Store.Clearances(r.Context(), casestore.ClearanceFilter{Status: casestore.ClearancePending, Limit: 200})
	if err != nil {
		s.internalError(w, r, "could not read the clearance requests", err)
		return
	}
	all, err := s.opts.Store.Clearances(r.Context(), casestore.ClearanceFilter{Limit: 50})
	if err != nil {
		s.internalError(w, r, "could not read the clearance requests", err)
		return
	}
	pol := s.opts.Store.FourEyesPolicy()
	v := approvalsView{Pending: pending, Policy: pol.String(), Checker: pol.CheckerRole(), CanCheck: p.Role.Allows(pol.CheckerRole())}
	for _, c := range all {
		if c.Status != casestore.ClearancePending {
			v.Settled = append(v.Settled, c)
		}
	}
	s.render(w, r, status, "approvals", view{Title: "Approvals", Flash: flash, Error: errMsg, Data: v})
}

// uiSettle approves or rejects a request from a form (verdict, reason) and
// goes back to the page it came from (back=alert: the alert's page).
func (s *Server) uiSettle(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.uiError(w, r, http.StatusBadRequest, "Bad request id.")
		return
	}
	st, err := parseVerdict(r.FormValue("verdict"))
	if err != nil {
		s.renderApprovals(w, r, p, "", "Choose approve or reject.", http.StatusBadRequest)
		return
	}
	c, err := s.opts.Store.SettleClearance(r.Context(), id, st, r.FormValue("reason"), p)
	if err != nil {
		msg, code := "", 0
		switch {
		case errors.Is(err, casestore.ErrInvalid):
			msg, code = "Give a reason for approving or rejecting.", http.StatusBadRequest
		case errors.Is(err, casestore.ErrForbidden):
			msg, code = "You cannot check this request: "+forbiddenWhy(err), http.StatusForbidden
		case errors.Is(err, casestore.ErrConflict):
			msg, code = "This request was already settled.", http.StatusConflict
		case errors.Is(err, casestore.ErrNotFound):
			s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No clearance request %d.", id))
			return
		default:
			s.internalError(w, r, "the approval could not be recorded", err)
			return
		}
		s.renderApprovals(w, r, p, "", msg, code)
		return
	}
	if st == casestore.ClearanceApproved {
		s.metrics.decisions.WithLabelValues(string(c.Decision)).Inc()
	}
	if r.FormValue("back") == "alert" {
		http.Redirect(w, r, fmt.Sprintf("/ui/alerts/%d?settled=%s", c.AlertID, c.Status), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/ui/approvals?settled=%d", c.ID), http.StatusSeeOther)
}

// forbiddenWhy is the part of a store ErrForbidden people need: after
// "forbidden: ".
func forbiddenWhy(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, casestore.ErrForbidden.Error()+": "); i >= 0 {
		return msg[i+len(casestore.ErrForbidden.Error())+2:] + "."
	}
	return "another user must."
}
