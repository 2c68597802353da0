package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// OpenFourEyes returns a fresh, empty store whose four-eyes policy is fe; it
// registers its own cleanup.
type OpenFourEyes func(t *testing.T, fe casestore.FourEyes) casestore.Store

// RunFourEyes runs the four-eyes (maker–checker) part of the suite against
// stores made by open, each with casestore.DefaultFourEyes.
func RunFourEyes(t *testing.T, open OpenFourEyes) {
	tests := []struct {
		name string
		f    func(t *testing.T, s casestore.Store)
	}{
		{"Covers", testFourEyesCovers},
		{"BelowThreshold", testFourEyesBelow},
		{"Approve", testFourEyesApprove},
		{"Reject", testFourEyesReject},
		{"MakerIsNotChecker", testFourEyesMaker},
		{"Supersede", testFourEyesSupersede},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t, casestore.DefaultFourEyes())) })
	}
}

// alertOn is a hit on a list with a score.
func alertOn(party, dataset string, score float64) casestore.Alert {
	a := hit(party, "ent-"+party, "v1", score)
	a.Dataset = dataset
	return a
}

// raise records hits in a new run and returns them with their ids.
func raise(t *testing.T, s casestore.Store, hits ...casestore.Alert) []casestore.Alert {
	t.Helper()
	if _, err := s.AddAlerts(ctx(t), newRun(t, s).ID, hits); err != nil {
		t.Fatal(err)
	}
	return hits
}

var (
	alice = casestore.Principal{Name: "alice", Role: casestore.Analyst, Kind: "user"}
	bob   = casestore.Principal{Name: "bob", Role: casestore.Admin, Kind: "user"}
	carol = casestore.Principal{Name: "carol", Role: casestore.Analyst, Kind: "user"}
)

// testFourEyesCovers checks which decisions the default policy holds for a
// second person: false positives at 0.95 or above, or on the UN or OFAC SDN
// list; never another decision.
func testFourEyesCovers(t *testing.T, s casestore.Store) {
	fe := s.FourEyesPolicy()
	if fe == nil {
		t.Fatal("FourEyesPolicy = nil, want the default policy")
	}
	tests := []struct {
		name    string
		dataset string
		score   float64
		d       casestore.Decision
		want    string // the rule, "" when not covered
	}{
		{"exact UN hit", "un_sc_sanctions", 1, casestore.FalsePositive, "score 1.00 ≥ 0.95; list un_sc_sanctions"},
		{"weak UN hit", "un_sc_sanctions", 0.71, casestore.FalsePositive, "list un_sc_sanctions"},
		{"weak SDN hit", "us_ofac_sdn", 0.8, casestore.FalsePositive, "list us_ofac_sdn"},
		{"strong EU hit", "eu_fsf", 0.95, casestore.FalsePositive, "score 0.95 ≥ 0.95"},
		{"weak EU hit", "eu_fsf", 0.9, casestore.FalsePositive, ""},
		{"true match", "un_sc_sanctions", 1, casestore.TrueMatch, ""},
		{"needs review", "un_sc_sanctions", 1, casestore.NeedsReview, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rule, ok := fe.Covers(casestore.Alert{Dataset: tc.dataset, Score: tc.score}, tc.d)
			if rule != tc.want || ok != (tc.want != "") {
				t.Fatalf("Covers = %q, %v; want %q", rule, ok, tc.want)
			}
		})
	}
	off := casestore.FourEyes{MinScore: casestore.FourEyesScoreOff}
	if rule, ok := off.Covers(casestore.Alert{Dataset: "un_sc_sanctions", Score: 1}, casestore.FalsePositive); ok {
		t.Fatalf("a policy with score 1.01 and no list covers an exact hit: %q", rule)
	}
}

// testFourEyesBelow: decisions the policy does not cover apply at once.
func testFourEyesBelow(t *testing.T, s casestore.Store) {
	hits := raise(t, s, alertOn("p1", "eu_fsf", 0.9), alertOn("p2", "un_sc_sanctions", 1))
	res, err := s.Decide(ctx(t), hits[0].ID, casestore.FalsePositive, "other date of birth", "alice")
	if err != nil || res.Pending != nil || res.ID == 0 {
		t.Fatalf("Decide below the threshold = %+v, %v; want a decision applied at once", res, err)
	}
	if ok, _ := s.IsAllowed(ctx(t), "p1", "ent-p1", "v1"); !ok {
		t.Fatal("a false positive below the threshold is not allow-listed")
	}
	res, err = s.Decide(ctx(t), hits[1].ID, casestore.TrueMatch, "same passport", "alice")
	if err != nil || res.Pending != nil || res.ID == 0 {
		t.Fatalf("a true match on an exact UN hit = %+v, %v; want it applied at once", res, err)
	}
	if cs, _ := s.Clearances(ctx(t), casestore.ClearanceFilter{}); len(cs) != 0 {
		t.Fatalf("clearance requests %+v, want none", cs)
	}
}

// pendingClear has alice clear an exact UN hit and checks that it is held:
// the alert stays open, nothing is allow-listed, re-screening raises the
// pair again (repeated, not suppressed).
func pendingClear(t *testing.T, s casestore.Store) (casestore.Alert, casestore.Clearance) {
	t.Helper()
	a := raise(t, s, alertOn("p1", "un_sc_sanctions", 1))[0]
	res, err := s.Decide(ctx(t), a.ID, casestore.FalsePositive, "customer born 1990, listed person 1971", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending == nil || res.ID != 0 {
		t.Fatalf("Decide on an exact UN hit = %+v; want a pending clearance and no decision", res)
	}
	c := *res.Pending
	if c.ID == 0 || c.Status != casestore.ClearancePending || c.Maker != "alice" || c.AlertID != a.ID || c.Rule != "score 1.00 ≥ 0.95; list un_sc_sanctions" {
		t.Fatalf("pending clearance %+v", c)
	}
	got, err := s.Alert(ctx(t), a.ID)
	if err != nil || got.Status != casestore.StatusOpen {
		t.Fatalf("alert with a pending clearance: status %q, %v; want open", got.Status, err)
	}
	if ds, _ := s.Decisions(ctx(t), a.ID); len(ds) != 0 {
		t.Fatalf("decisions %+v before approval", ds)
	}
	if ok, _ := s.IsAllowed(ctx(t), "p1", "ent-p1", "v1"); ok {
		t.Fatal("pending clearance allow-listed the pair")
	}
	out, err := s.AddAlerts(ctx(t), newRun(t, s).ID, []casestore.Alert{alertOn("p1", "un_sc_sanctions", 1)})
	if err != nil || out[0] != casestore.Repeated {
		t.Fatalf("re-screening with a pending clearance: %v, %v; want repeated (not suppressed)", out, err)
	}
	if _, err := s.Decide(ctx(t), a.ID, casestore.FalsePositive, "again", "carol"); !errors.Is(err, casestore.ErrConflict) {
		t.Fatalf("a second clearance while one pends: %v, want ErrConflict", err)
	}
	pend, err := s.Clearances(ctx(t), casestore.ClearanceFilter{Status: casestore.ClearancePending})
	if err != nil || len(pend) != 1 || pend[0].ID != c.ID || pend[0].PartyName != "Party p1" || pend[0].Score != 1 {
		t.Fatalf("pending clearances %+v, %v", pend, err)
	}
	return a, c
}

func testFourEyesApprove(t *testing.T, s casestore.Store) {
	a, c := pendingClear(t, s)
	got, err := s.SettleClearance(ctx(t), c.ID, casestore.ClearanceApproved, "checked the passport copy", bob)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != casestore.ClearanceApproved || got.Checker != "bob" || got.CheckReason != "checked the passport copy" || got.DecisionID == 0 || got.Checked == nil {
		t.Fatalf("approved clearance %+v", got)
	}
	al, _ := s.Alert(ctx(t), a.ID)
	ds, _ := s.Decisions(ctx(t), a.ID)
	if al.Status != string(casestore.FalsePositive) || len(ds) != 1 || ds[0].ID != got.DecisionID || ds[0].Actor != "alice" ||
		ds[0].Reason != "customer born 1990, listed person 1971" {
		t.Fatalf("after approval: status %q, decisions %+v", al.Status, ds)
	}
	out, err := s.AddAlerts(ctx(t), newRun(t, s).ID, []casestore.Alert{alertOn("p1", "un_sc_sanctions", 1)})
	if err != nil || out[0] != casestore.Suppressed {
		t.Fatalf("re-screening after approval: %v, %v; want suppressed", out, err)
	}
	if _, err := s.SettleClearance(ctx(t), c.ID, casestore.ClearanceRejected, "too late", carol); !errors.Is(err, casestore.ErrForbidden) {
		t.Fatalf("an analyst checking under an admin-checker policy: %v, want ErrForbidden", err)
	}
	if _, err := s.SettleClearance(ctx(t), c.ID, casestore.ClearanceRejected, "second thoughts", bob); !errors.Is(err, casestore.ErrConflict) {
		t.Fatalf("settling twice: %v, want ErrConflict", err)
	}
	wantAudit(t, s, []string{
		"alice clearance.request", "alice decision.add", "bob clearance.approve",
	}, map[string]map[string]any{
		"clearance.request": {"clearance_id": float64(c.ID), "reason": "customer born 1990, listed person 1971", "rule": c.Rule},
		"decision.add":      {"clearance_id": float64(c.ID), "approved_by": "bob", "decision": "false_positive"},
		"clearance.approve": {"clearance_id": float64(c.ID), "maker": "alice", "reason": "checked the passport copy", "decision_id": float64(got.DecisionID)},
	})
}

func testFourEyesReject(t *testing.T, s casestore.Store) {
	a, c := pendingClear(t, s)
	if _, err := s.SettleClearance(ctx(t), c.ID, casestore.ClearanceRejected, " ", bob); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("rejection without a reason: %v, want ErrInvalid", err)
	}
	got, err := s.SettleClearance(ctx(t), c.ID, casestore.ClearanceRejected, "the listing gives no birth date: cannot rule it out", bob)
	if err != nil || got.Status != casestore.ClearanceRejected || got.Checker != "bob" || got.DecisionID != 0 {
		t.Fatalf("rejected clearance %+v, %v", got, err)
	}
	al, _ := s.Alert(ctx(t), a.ID)
	if al.Status != casestore.StatusOpen {
		t.Fatalf("alert after rejection: %q, want open", al.Status)
	}
	if ok, _ := s.IsAllowed(ctx(t), "p1", "ent-p1", "v1"); ok {
		t.Fatal("rejected clearance allow-listed the pair")
	}
	cs, err := s.Clearances(ctx(t), casestore.ClearanceFilter{AlertID: a.ID})
	if err != nil || len(cs) != 1 || cs[0].CheckReason != "the listing gives no birth date: cannot rule it out" {
		t.Fatalf("clearances of the alert %+v, %v", cs, err)
	}
	// A new request may follow a rejection.
	res, err := s.Decide(ctx(t), a.ID, casestore.FalsePositive, "found the birth date: 1971", "alice")
	if err != nil || res.Pending == nil || res.Pending.ID == c.ID {
		t.Fatalf("a new request after a rejection = %+v, %v", res, err)
	}
	wantAudit(t, s, []string{"alice clearance.request", "bob clearance.reject", "alice clearance.request"},
		map[string]map[string]any{"clearance.reject": {"clearance_id": float64(c.ID), "maker": "alice", "reason": "the listing gives no birth date: cannot rule it out"}})
}

func testFourEyesMaker(t *testing.T, s casestore.Store) {
	_, c := pendingClear(t, s)
	aliceAdmin := casestore.Principal{Name: "alice", Role: casestore.Admin, Kind: "user"}
	for _, st := range []casestore.ClearanceStatus{casestore.ClearanceApproved, casestore.ClearanceRejected} {
		if _, err := s.SettleClearance(ctx(t), c.ID, st, "looks fine to me", aliceAdmin); !errors.Is(err, casestore.ErrForbidden) {
			t.Fatalf("the maker settling (%s) their own request: %v, want ErrForbidden", st, err)
		}
	}
	bad := []struct {
		name string
		id   int64
		st   casestore.ClearanceStatus
		want error
	}{
		{"unknown request", 999999, casestore.ClearanceApproved, casestore.ErrNotFound},
		{"bad verdict", c.ID, casestore.ClearancePending, casestore.ErrInvalid},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.SettleClearance(ctx(t), tc.id, tc.st, "because", bob); !errors.Is(err, tc.want) {
				t.Fatalf("SettleClearance = %v, want %v", err, tc.want)
			}
		})
	}
	if got, _ := s.Clearance(ctx(t), c.ID); got.Status != casestore.ClearancePending {
		t.Fatalf("after refused checks the request is %q, want pending", got.Status)
	}
	wantAudit(t, s, []string{"alice clearance.request"}, nil)
}

// testFourEyesSupersede: a decision applied meanwhile (here a true match)
// closes the pending request.
func testFourEyesSupersede(t *testing.T, s casestore.Store) {
	a, c := pendingClear(t, s)
	res, err := s.Decide(ctx(t), a.ID, casestore.TrueMatch, "same passport number", "carol")
	if err != nil || res.Pending != nil {
		t.Fatalf("true match with a pending clearance = %+v, %v", res, err)
	}
	got, _ := s.Clearance(ctx(t), c.ID)
	if got.Status != casestore.ClearanceSuperseded || got.Checker != "carol" || got.DecisionID != res.ID {
		t.Fatalf("request after a true match: %+v", got)
	}
	if _, err := s.SettleClearance(ctx(t), c.ID, casestore.ClearanceApproved, "ok", bob); !errors.Is(err, casestore.ErrConflict) {
		t.Fatalf("approving a superseded request: %v, want ErrConflict", err)
	}
	wantAudit(t, s, []string{"alice clearance.request", "carol decision.add", "carol clearance.supersede"}, nil)
}

// wantAudit checks the actors and actions of the decision and clearance
// audit entries, oldest first, and fields of the latest entry of some
// actions.
func wantAudit(t *testing.T, s casestore.Store, want []string, details map[string]map[string]any) {
	t.Helper()
	log, err := s.AuditLog(ctx(t), casestore.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	seen := map[string]bool{}
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		switch e.Action {
		case "decision.add", "clearance.request", "clearance.approve", "clearance.reject", "clearance.supersede":
			got = append(got, e.Actor+" "+e.Action)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("audit\n got %q\nwant %q", got, want)
	}
	for _, e := range log { // newest first
		fields, ok := details[e.Action]
		if !ok || seen[e.Action] {
			continue
		}
		seen[e.Action] = true
		var d map[string]any
		if err := json.Unmarshal(e.Detail, &d); err != nil {
			t.Fatal(err)
		}
		for k, v := range fields {
			if d[k] != v {
				t.Errorf("%s detail %s = %v, want %v (%s)", e.Action, k, d[k], v, e.Detail)
			}
		}
	}
	for action := range details {
		if !seen[action] {
			t.Errorf("no %s entry", action)
		}
	}
	if ch, ok := s.(casestore.AuditChain); ok {
		if c, err := ch.VerifyAudit(ctx(t)); err != nil || !c.OK {
			t.Fatalf("VerifyAudit = %+v, %v", c, err)
		}
	}
}
