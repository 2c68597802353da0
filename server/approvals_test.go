package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/server"
)

// newFourEyesEnv is newEnv over a store with the four-eyes policy fe.
func newFourEyesEnv(t *testing.T, fe casestore.FourEyes, mod func(*server.Options)) *env {
	t.Helper()
	realIndex(t)
	store, err := casestore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "cases.db"),
		casestore.Options{PasswordIterations: 1000, FourEyes: &fe})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return newEnvStore(t, store, mod)
}

// badegeAlert screens Eric Badege (on the UN list, an exact name) through
// the API and returns his alert.
func badegeAlert(t *testing.T, e *env) casestore.Alert {
	t.Helper()
	if code, body := e.do("POST", "/screen/parties", casestore.Analyst, "id,name,schema\nc1,Eric Badege,Person\n"); code != 200 {
		t.Fatalf("screen: %d %s", code, body)
	}
	as, _ := e.store.Alerts(t.Context(), casestore.AlertFilter{Text: "eric badege"})
	if len(as) != 1 || as[0].Dataset != "un_sc_sanctions" || as[0].Score < 0.999 {
		t.Fatalf("alerts for Eric Badege: %+v; want one exact UN hit", as)
	}
	return as[0]
}

// TestFourEyesAPI clears an exact UN hit through the API: 202 and a pending
// request; the alert stays open and re-screening raises it again; the maker
// and an analyst cannot settle it; an admin approves; the alert is a false
// positive and re-screening suppresses it. A weak hit on another list is
// decided at once (201).
func TestFourEyesAPI(t *testing.T) {
	e := newFourEyesEnv(t, casestore.DefaultFourEyes(), nil)
	a := badegeAlert(t, e)
	decide := fmt.Sprintf("/alerts/%d/decisions", a.ID)
	code, body := e.do("POST", decide, casestore.Analyst, `{"decision":"false_positive","reason":"customer born 1990; the listed man 1971"}`)
	var c casestore.Clearance
	decode(t, body, &c)
	if code != http.StatusAccepted || c.Status != casestore.ClearancePending || c.Maker != "key:analyst-key" || c.AlertID != a.ID || !strings.Contains(c.Rule, "un_sc_sanctions") {
		t.Fatalf("clearing an exact UN hit: %d %s", code, body)
	}
	if code, body := e.do("POST", decide, casestore.Admin, `{"decision":"false_positive","reason":"me too"}`); code != http.StatusConflict {
		t.Fatalf("a second request while one pends: %d %s", code, body)
	}
	var detail struct {
		Status     string                `json:"status"`
		Clearances []casestore.Clearance `json:"clearances"`
	}
	_, body = e.do("GET", fmt.Sprintf("/alerts/%d", a.ID), casestore.Viewer, "")
	decode(t, body, &detail)
	if detail.Status != "open" || len(detail.Clearances) != 1 || detail.Clearances[0].Status != casestore.ClearancePending {
		t.Fatalf("alert with a pending request: %s", body)
	}
	var list struct {
		Approvals []casestore.Clearance `json:"approvals"`
		Policy    *casestore.FourEyes   `json:"policy"`
	}
	_, body = e.do("GET", "/approvals", casestore.Viewer, "")
	decode(t, body, &list)
	if len(list.Approvals) != 1 || list.Approvals[0].ID != c.ID || list.Policy == nil || list.Policy.MinScore != 0.95 {
		t.Fatalf("GET /approvals: %s", body)
	}
	if code, body := e.do("POST", "/rescreen", casestore.Analyst, ""); code != 200 || !strings.Contains(string(body), `"suppressed":0`) {
		t.Fatalf("re-screening with a pending request: %d %s; want nothing suppressed", code, body)
	}

	settle := fmt.Sprintf("/approvals/%d", c.ID)
	steps := []struct {
		name string
		role casestore.Role
		body string
		want int
	}{
		{"viewer", casestore.Viewer, `{"verdict":"approve","reason":"ok"}`, http.StatusForbidden},
		{"analyst maker", casestore.Analyst, `{"verdict":"approve","reason":"ok"}`, http.StatusForbidden},
		{"no reason", casestore.Admin, `{"verdict":"approve","reason":" "}`, http.StatusBadRequest},
		{"bad verdict", casestore.Admin, `{"verdict":"maybe","reason":"ok"}`, http.StatusBadRequest},
		{"admin approves", casestore.Admin, `{"verdict":"approve","reason":"passport copy: born 1990"}`, http.StatusOK},
		{"settled", casestore.Admin, `{"verdict":"reject","reason":"no"}`, http.StatusConflict},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if code, body := e.do("POST", settle, st.role, st.body); code != st.want {
				t.Fatalf("%s: %d %s, want %d", st.name, code, body, st.want)
			}
		})
	}
	_, body = e.do("GET", settle, casestore.Viewer, "")
	decode(t, body, &c)
	if c.Status != casestore.ClearanceApproved || c.Checker != "key:admin-key" || c.DecisionID == 0 {
		t.Fatalf("approved request %s", body)
	}
	got, _ := e.store.Alert(t.Context(), a.ID)
	if got.Status != string(casestore.FalsePositive) {
		t.Fatalf("alert after approval: %q", got.Status)
	}
	if code, body := e.do("POST", "/rescreen", casestore.Analyst, ""); code != 200 || !strings.Contains(string(body), `"suppressed":1`) {
		t.Fatalf("re-screening after approval: %d %s; want the pair suppressed", code, body)
	}

	// Below the policy: a weak hit on a list the policy does not name.
	run, _ := e.store.CreateRun(t.Context(), casestore.Run{Actor: "analyst-user", Kind: "parties"})
	weak := []casestore.Alert{{PartyKey: "id:w", PartyName: "Weak", EntityID: "NK-x", EntityHash: "v1", Dataset: "zala", Score: 0.8}}
	e.store.AddAlerts(t.Context(), run.ID, weak)
	if code, body := e.do("POST", fmt.Sprintf("/alerts/%d/decisions", weak[0].ID), casestore.Analyst, `{"decision":"false_positive","reason":"other company"}`); code != http.StatusCreated {
		t.Fatalf("clearing a weak hit: %d %s; want 201", code, body)
	}

	// An admin's own request: the checker role, but the maker.
	own := []casestore.Alert{{PartyKey: "id:o", PartyName: "Own", EntityID: "unsc-1", EntityHash: "v1", Dataset: "un_sc_sanctions", Score: 0.72}}
	e.store.AddAlerts(t.Context(), run.ID, own)
	code, body = e.do("POST", fmt.Sprintf("/alerts/%d/decisions", own[0].ID), casestore.Admin, `{"decision":"false_positive","reason":"other man"}`)
	decode(t, body, &c)
	if code != http.StatusAccepted || c.Rule != "list un_sc_sanctions" {
		t.Fatalf("an admin clearing a weak UN hit: %d %s; want 202", code, body)
	}
	if code, body := e.do("POST", fmt.Sprintf("/approvals/%d", c.ID), casestore.Admin, `{"verdict":"approve","reason":"mine"}`); code != http.StatusForbidden || !strings.Contains(string(body), "cannot check it") {
		t.Fatalf("the maker approving their own request: %d %s; want 403", code, body)
	}
}

// TestFourEyesUIForms checks the form side without a browser: the maker's
// POST of an approval is refused with 403 and the request stays pending.
func TestFourEyesUIForms(t *testing.T) {
	e := newFourEyesEnv(t, casestore.DefaultFourEyes(), nil)
	a := badegeAlert(t, e)
	c, csrf := e.browser(casestore.Analyst)
	resp, err := c.PostForm(fmt.Sprintf("%s/ui/alerts/%d/decide", e.ts.URL, a.ID), url.Values{
		"csrf": {csrf}, "decision": {"false_positive"}, "reason": {"different person"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Request.URL.RawQuery, "pending=") {
		t.Fatalf("decide form: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	pend, _ := e.store.Clearances(t.Context(), casestore.ClearanceFilter{Status: casestore.ClearancePending})
	if len(pend) != 1 || pend[0].Maker != "analyst-user" {
		t.Fatalf("pending %+v", pend)
	}
	resp, err = c.PostForm(fmt.Sprintf("%s/ui/approvals/%d", e.ts.URL, pend[0].ID), url.Values{"csrf": {csrf}, "verdict": {"approve"}, "reason": {"fine"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("the maker's approval form: %d, want 403", resp.StatusCode)
	}
	if got, _ := e.store.Clearance(t.Context(), pend[0].ID); got.Status != casestore.ClearancePending {
		t.Fatalf("after the maker's try: %q", got.Status)
	}
	// An admin rejects it from the alert's page and lands back there.
	admin, adminCSRF := e.browser(casestore.Admin)
	resp, err = admin.PostForm(fmt.Sprintf("%s/ui/approvals/%d", e.ts.URL, pend[0].ID), url.Values{
		"csrf": {adminCSRF}, "verdict": {"reject"}, "reason": {"no birth date on file"}, "back": {"alert"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != fmt.Sprintf("/ui/alerts/%d", a.ID) ||
		!strings.Contains(string(page), "Rejected: the alert stays undecided.") || !strings.Contains(string(page), "no birth date on file") {
		t.Fatalf("rejection from the alert page: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if got, _ := e.store.Alert(t.Context(), a.ID); got.Status != casestore.StatusOpen {
		t.Fatalf("alert after rejection: %q", got.Status)
	}
}
