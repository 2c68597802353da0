// Package storetest is the conformance suite every casestore.Store
// implementation must pass. An implementation's test calls Run with a
// function that opens a fresh, empty store.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
)

// Open returns a fresh, empty store for one test; it registers its own
// cleanup.
type Open func(t *testing.T) casestore.Store

// Run runs the conformance suite against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		f    func(t *testing.T, s casestore.Store)
	}{
		{"Users", testUsers},
		{"Keys", testKeys},
		{"Sessions", testSessions},
		{"RunsAndAlerts", testRunsAndAlerts},
		{"Rescreening", testRescreening},
		{"Decisions", testDecisions},
		{"Audit", testAudit},
		{"ConcurrentDecisions", testConcurrentDecisions},
		{"Unicode", testUnicode},
		{"Parties", testParties},
		{"FailedRuns", testFailedRuns},
		{"AuditChain", testAuditChain},
		{"ShipmentAlerts", testShipmentAlerts},
	}
	tests = append(tests, evidenceTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t)) })
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

func testUsers(t *testing.T, s casestore.Store) {
	if _, err := s.AddUser(ctx(t), "root", "alice", casestore.Analyst, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx(t), "root", "bob", casestore.Viewer, "battery staple"); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name, user, password string
		role                 casestore.Role
		want                 error
	}{
		{"duplicate", "alice", "whatever12", casestore.Viewer, casestore.ErrExists},
		{"bad role", "carol", "whatever12", "root", casestore.ErrInvalid},
		{"short password", "carol", "short", casestore.Viewer, casestore.ErrInvalid},
		{"empty name", " ", "whatever12", casestore.Viewer, casestore.ErrInvalid},
		{"space in name", "a b", "whatever12", casestore.Viewer, casestore.ErrInvalid},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddUser(ctx(t), "root", tc.user, tc.role, tc.password)
			if !errors.Is(err, tc.want) {
				t.Fatalf("AddUser(%q, %q) = %v, want %v", tc.user, tc.role, err, tc.want)
			}
		})
	}
	us, err := s.Users(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 2 || us[0].Name != "alice" || us[0].Role != casestore.Analyst || us[1].Name != "bob" {
		t.Fatalf("Users = %+v, want alice (analyst), bob", us)
	}
	logins := []struct {
		name, user, password string
		ok                   bool
	}{
		{"right", "alice", "correct horse", true},
		{"wrong password", "alice", "correct horsE", false},
		{"unknown user", "mallory", "correct horse", false},
		{"empty", "alice", "", false},
	}
	for _, tc := range logins {
		t.Run("login "+tc.name, func(t *testing.T) {
			u, err := s.Login(ctx(t), tc.user, tc.password)
			if tc.ok && (err != nil || u.Name != tc.user || u.Role != casestore.Analyst) {
				t.Fatalf("Login = %+v, %v", u, err)
			}
			if !tc.ok && !errors.Is(err, casestore.ErrCredentials) {
				t.Fatalf("Login = %+v, %v; want ErrCredentials", u, err)
			}
		})
	}
	if err := s.RemoveUser(ctx(t), "root", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx(t), "alice", "correct horse"); !errors.Is(err, casestore.ErrCredentials) {
		t.Fatalf("login after removal: %v", err)
	}
	if err := s.RemoveUser(ctx(t), "root", "alice"); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("second removal: %v, want ErrNotFound", err)
	}
}

func testKeys(t *testing.T, s casestore.Store) {
	secret, k, err := s.CreateKey(ctx(t), "root", "payments", casestore.Viewer)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, k.Prefix) || len(secret) < 40 || k.Prefix == secret {
		t.Fatalf("key %q with prefix %q", secret, k.Prefix)
	}
	p, err := s.KeyPrincipal(ctx(t), secret)
	if err != nil || p.Role != casestore.Viewer || p.Kind != "key" || p.Name != "key:payments" {
		t.Fatalf("KeyPrincipal = %+v, %v", p, err)
	}
	for _, bad := range []string{"", "rl_", secret[:len(secret)-1] + "x", strings.ToUpper(secret), k.Prefix} {
		if _, err := s.KeyPrincipal(ctx(t), bad); !errors.Is(err, casestore.ErrCredentials) {
			t.Errorf("KeyPrincipal(%q) = %v, want ErrCredentials", bad, err)
		}
	}
	ks, err := s.Keys(ctx(t))
	if err != nil || len(ks) != 1 || ks[0].Prefix != k.Prefix || ks[0].Revoked != nil {
		t.Fatalf("Keys = %+v, %v", ks, err)
	}
	b, _ := json.Marshal(ks)
	if strings.Contains(string(b), secret[keyPrefixLen(k):]) {
		t.Fatal("Keys exposes the secret")
	}
	if err := s.RevokeKey(ctx(t), "root", k.Prefix); err != nil {
		t.Fatal(err)
	}
	if _, err := s.KeyPrincipal(ctx(t), secret); !errors.Is(err, casestore.ErrCredentials) {
		t.Fatalf("revoked key accepted: %v", err)
	}
	if err := s.RevokeKey(ctx(t), "root", "rl_nothere"); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("revoke unknown: %v", err)
	}
	_, k2, err := s.CreateKey(ctx(t), "root", "ops", casestore.Admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeKey(ctx(t), "root", fmt.Sprint(k2.ID)); err != nil {
		t.Fatalf("revoke by id: %v", err)
	}
	ks, _ = s.Keys(ctx(t))
	for _, k := range ks {
		if k.Revoked == nil {
			t.Errorf("key %s not revoked", k.Prefix)
		}
	}
	if _, _, err := s.CreateKey(ctx(t), "root", "x", "superuser"); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("bad role: %v", err)
	}
}

func keyPrefixLen(k casestore.Key) int { return len(k.Prefix) }

func testSessions(t *testing.T, s casestore.Store) {
	u, err := s.AddUser(ctx(t), "root", "alice", casestore.Analyst, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	tok, sess, err := s.CreateSession(ctx(t), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if sess.CSRF == "" || tok == "" || sess.User.Name != "alice" {
		t.Fatalf("session %+v", sess)
	}
	got, err := s.Session(ctx(t), tok)
	if err != nil || got.User.Name != "alice" || got.User.Role != casestore.Analyst || got.CSRF != sess.CSRF {
		t.Fatalf("Session = %+v, %v", got, err)
	}
	if _, err := s.Session(ctx(t), tok+"x"); !errors.Is(err, casestore.ErrCredentials) {
		t.Fatalf("wrong token: %v", err)
	}
	short, _, err := s.CreateSession(ctx(t), u.ID, time.Microsecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := s.Session(ctx(t), short); !errors.Is(err, casestore.ErrCredentials) {
		t.Fatalf("expired session: %v", err)
	}
	if err := s.EndSession(ctx(t), tok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx(t), tok); !errors.Is(err, casestore.ErrCredentials) {
		t.Fatalf("ended session: %v", err)
	}
	tok2, _, err := s.CreateSession(ctx(t), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveUser(ctx(t), "root", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx(t), tok2); !errors.Is(err, casestore.ErrCredentials) {
		t.Fatalf("session of removed user: %v", err)
	}
	if _, _, err := s.CreateSession(ctx(t), 999999, time.Hour); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("session for unknown user: %v", err)
	}
}

func hit(party, entityID, hash string, score float64) casestore.Alert {
	return casestore.Alert{
		PartyKey: party, PartyName: "Party " + party, Party: json.RawMessage(`{"name":["Party ` + party + `"]}`),
		EntityID: entityID, EntityCaption: "Entity " + entityID, EntityHash: hash, Dataset: "un_sc_sanctions",
		Score: score, Explanation: json.RawMessage(`{"name":{"query":"a","matched":"b"}}`),
	}
}

func newRun(t *testing.T, s casestore.Store) casestore.Run {
	t.Helper()
	r, err := s.CreateRun(ctx(t), casestore.Run{
		Actor: "alice", Kind: "parties", Source: "parties.csv",
		ListVersions: map[string]string{"un_sc_sanctions": "2026-02-27"},
		Settings:     json.RawMessage(`{"threshold":0.7}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testRunsAndAlerts(t *testing.T, s casestore.Store) {
	r := newRun(t, s)
	if r.ID == 0 || r.Started.IsZero() {
		t.Fatalf("run %+v", r)
	}
	hits := []casestore.Alert{hit("p1", "unsc-1", "h1", 0.91), hit("p2", "unsc-2", "h2", 0.75), hit("p3", "unsc-1", "h1", 0.8)}
	out, err := s.AddAlerts(ctx(t), r.ID, hits)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if o != casestore.Created || hits[i].ID == 0 {
			t.Fatalf("outcome %d = %s, id %d", i, o, hits[i].ID)
		}
	}
	if err := s.FinishRun(ctx(t), r.ID, casestore.RunStats{Parties: 10, Hits: 3, Alerts: 3}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Run(ctx(t), r.ID)
	if err != nil || got.Finished == nil || got.Parties != 10 || got.ListVersions["un_sc_sanctions"] != "2026-02-27" || string(got.Settings) != `{"threshold":0.7}` {
		t.Fatalf("Run = %+v, %v", got, err)
	}
	if _, err := s.Run(ctx(t), 424242); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("unknown run: %v", err)
	}
	runs, err := s.Runs(ctx(t), 10)
	if err != nil || len(runs) != 1 {
		t.Fatalf("Runs = %v, %v", runs, err)
	}
	a, err := s.Alert(ctx(t), hits[0].ID)
	if err != nil || a.PartyKey != "p1" || a.Status != casestore.StatusOpen || a.Score != 0.91 || a.RunID != r.ID {
		t.Fatalf("Alert = %+v, %v", a, err)
	}
	var expl map[string]any
	if err := json.Unmarshal(a.Explanation, &expl); err != nil {
		t.Fatalf("explanation %s: %v", a.Explanation, err)
	}
	filters := []struct {
		name string
		f    casestore.AlertFilter
		want []string // party keys, newest first
	}{
		{"all", casestore.AlertFilter{}, []string{"p3", "p2", "p1"}},
		{"min score", casestore.AlertFilter{MinScore: 0.8}, []string{"p3", "p1"}},
		{"text party", casestore.AlertFilter{Text: "party P2"}, []string{"p2"}},
		{"text entity", casestore.AlertFilter{Text: "entity unsc-1"}, []string{"p3", "p1"}},
		{"text like escape", casestore.AlertFilter{Text: "%"}, nil},
		{"status open", casestore.AlertFilter{Status: casestore.StatusOpen}, []string{"p3", "p2", "p1"}},
		{"status decided", casestore.AlertFilter{Status: string(casestore.TrueMatch)}, nil},
		{"limit offset", casestore.AlertFilter{Limit: 1, Offset: 1}, []string{"p2"}},
		{"run", casestore.AlertFilter{RunID: r.ID + 1}, nil},
	}
	for _, tc := range filters {
		t.Run(tc.name, func(t *testing.T) {
			as, err := s.Alerts(ctx(t), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, a := range as {
				keys = append(keys, a.PartyKey)
			}
			if fmt.Sprint(keys) != fmt.Sprint(tc.want) {
				t.Fatalf("Alerts(%+v) = %v, want %v", tc.f, keys, tc.want)
			}
		})
	}
	if _, err := s.AddAlerts(ctx(t), 999999, []casestore.Alert{hit("p", "e", "h", 1)}); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("alerts on unknown run: %v", err)
	}
	if _, err := s.AddAlerts(ctx(t), r.ID, []casestore.Alert{hit("", "e", "h", 1)}); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("alert without party key: %v", err)
	}
	n, err := s.CountAlerts(ctx(t))
	if err != nil || n[casestore.StatusOpen] != 3 {
		t.Fatalf("CountAlerts = %v, %v", n, err)
	}
}

// testRescreening checks the allow-list and re-screening rules: a false
// positive suppresses the same pair until the entity changes; an unchanged
// hit is not alerted twice.
func testRescreening(t *testing.T, s casestore.Store) {
	r1 := newRun(t, s)
	hits := []casestore.Alert{hit("p1", "unsc-1", "v1", 0.9), hit("p2", "unsc-1", "v1", 0.9)}
	if _, err := s.AddAlerts(ctx(t), r1.ID, hits); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(ctx(t), hits[0].ID, casestore.FalsePositive, "different date of birth", "alice"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.IsAllowed(ctx(t), "p1", "unsc-1", "v1"); !ok || err != nil {
		t.Fatalf("IsAllowed after false positive = %v, %v", ok, err)
	}
	if ok, _ := s.IsAllowed(ctx(t), "p2", "unsc-1", "v1"); ok {
		t.Fatal("undecided pair allow-listed")
	}
	steps := []struct {
		name string
		hits []casestore.Alert
		want []casestore.Outcome
	}{
		{"same list version", []casestore.Alert{hit("p1", "unsc-1", "v1", 0.9), hit("p2", "unsc-1", "v1", 0.9), hit("p3", "unsc-1", "v1", 0.9)},
			[]casestore.Outcome{casestore.Suppressed, casestore.Repeated, casestore.Created}},
		{"entity changed", []casestore.Alert{hit("p1", "unsc-1", "v2", 0.9), hit("p2", "unsc-1", "v2", 0.9)},
			[]casestore.Outcome{casestore.Created, casestore.Created}},
		{"again", []casestore.Alert{hit("p1", "unsc-1", "v2", 0.9)}, []casestore.Outcome{casestore.Repeated}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			r := newRun(t, s)
			out, err := s.AddAlerts(ctx(t), r.ID, st.hits)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(out) != fmt.Sprint(st.want) {
				t.Fatalf("outcomes %v, want %v", out, st.want)
			}
		})
	}
	// A later true_match on the same alert lifts the allow-listing.
	if _, err := s.Decide(ctx(t), hits[0].ID, casestore.TrueMatch, "confirmed by passport", "bob"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsAllowed(ctx(t), "p1", "unsc-1", "v1"); ok {
		t.Fatal("allow-listing survived a true_match decision")
	}
	al, err := s.AllowList(ctx(t), 10)
	if err != nil || len(al) != 0 {
		t.Fatalf("AllowList = %+v, %v", al, err)
	}
}

func testDecisions(t *testing.T, s casestore.Store) {
	r := newRun(t, s)
	hits := []casestore.Alert{hit("p1", "unsc-1", "v1", 0.9)}
	if _, err := s.AddAlerts(ctx(t), r.ID, hits); err != nil {
		t.Fatal(err)
	}
	id := hits[0].ID
	bad := []struct {
		name   string
		id     int64
		d      casestore.Decision
		reason string
		want   error
	}{
		{"unknown decision", id, "maybe", "because", casestore.ErrInvalid},
		{"no reason", id, casestore.TrueMatch, "  ", casestore.ErrInvalid},
		{"unknown alert", 999999, casestore.TrueMatch, "because", casestore.ErrNotFound},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Decide(ctx(t), tc.id, tc.d, tc.reason, "alice"); !errors.Is(err, tc.want) {
				t.Fatalf("Decide = %v, want %v", err, tc.want)
			}
		})
	}
	d1, err := s.Decide(ctx(t), id, casestore.NeedsReview, "ask compliance", "alice")
	if err != nil {
		t.Fatal(err)
	}
	d2, err := s.Decide(ctx(t), id, casestore.TrueMatch, "same passport number", "bob")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Decisions(ctx(t), id)
	if err != nil || len(ds) != 2 || ds[0].ID != d1.ID || ds[1].ID != d2.ID || ds[1].Actor != "bob" || ds[1].Reason != "same passport number" {
		t.Fatalf("Decisions = %+v, %v", ds, err)
	}
	a, _ := s.Alert(ctx(t), id)
	if a.Status != string(casestore.TrueMatch) {
		t.Fatalf("status %q, want true_match", a.Status)
	}
	as, _ := s.Alerts(ctx(t), casestore.AlertFilter{Status: string(casestore.TrueMatch)})
	if len(as) != 1 {
		t.Fatalf("filter by decided status: %d alerts", len(as))
	}
}

func testAudit(t *testing.T, s casestore.Store) {
	u, _ := s.AddUser(ctx(t), "root", "alice", casestore.Analyst, "correct horse")
	s.CreateSession(ctx(t), u.ID, time.Hour)
	_, k, _ := s.CreateKey(ctx(t), "root", "payments", casestore.Viewer)
	s.RevokeKey(ctx(t), "root", k.Prefix)
	r := newRun(t, s)
	hits := []casestore.Alert{hit("p1", "unsc-1", "v1", 0.9)}
	s.AddAlerts(ctx(t), r.ID, hits)
	s.Decide(ctx(t), hits[0].ID, casestore.FalsePositive, "other person", "alice")
	e, err := s.Audit(ctx(t), casestore.AuditEntry{Actor: "key:payments", Action: "match", Subject: "default", Detail: json.RawMessage(`{"queries":1}`)})
	if err != nil || e.ID == 0 {
		t.Fatalf("Audit = %+v, %v", e, err)
	}
	if _, err := s.Audit(ctx(t), casestore.AuditEntry{Actor: "x", Action: "y", Detail: json.RawMessage(`{bad`)}); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("bad detail: %v", err)
	}
	if _, err := s.Audit(ctx(t), casestore.AuditEntry{Action: "y"}); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("no actor: %v", err)
	}
	batch, err := s.AuditBatch(ctx(t), []casestore.AuditEntry{
		{Actor: "key:payments", Action: "search", Subject: "default", Detail: json.RawMessage(`{"q":"Иван"}`)},
		{Actor: "key:payments", Action: "search", Subject: "un_sc_sanctions"},
	})
	if err != nil || len(batch) != 2 || batch[1].ID <= batch[0].ID {
		t.Fatalf("AuditBatch = %+v, %v", batch, err)
	}
	if _, err := s.AuditBatch(ctx(t), []casestore.AuditEntry{{Actor: "a", Action: "b"}, {Actor: "", Action: "b"}}); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("AuditBatch with a bad entry: %v", err)
	}
	log, err := s.AuditLog(ctx(t), casestore.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(log) - 1; i >= 0; i-- {
		actions = append(actions, log[i].Actor+" "+log[i].Action+" "+log[i].Subject)
		if i > 0 && log[i].ID >= log[i-1].ID {
			t.Fatalf("audit log not newest first: %d then %d", log[i-1].ID, log[i].ID)
		}
	}
	want := []string{
		"root user.add user:alice", "alice session.login user:alice", "root key.create key:" + k.Prefix,
		"root key.revoke key:" + k.Prefix, "alice run.create run:" + fmt.Sprint(r.ID), "alice alerts.add run:" + fmt.Sprint(r.ID),
		"alice decision.add alert:" + fmt.Sprint(hits[0].ID), "key:payments match default",
		"key:payments search default", "key:payments search un_sc_sanctions",
	}
	if fmt.Sprint(actions) != fmt.Sprint(want) {
		t.Fatalf("audit log\n got %q\nwant %q", actions, want)
	}
	var detail map[string]any
	for _, e := range log {
		if e.Action == "decision.add" {
			json.Unmarshal(e.Detail, &detail)
		}
	}
	if detail["decision"] != "false_positive" || detail["reason"] != "other person" {
		t.Fatalf("decision detail %v", detail)
	}
	onlyAlice, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Actor: "alice", Action: "decision.add"})
	if len(onlyAlice) != 1 {
		t.Fatalf("filtered audit: %d entries", len(onlyAlice))
	}
	page, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Limit: 2, Before: log[0].ID})
	if len(page) != 2 || page[0].ID != log[1].ID {
		t.Fatalf("audit page %+v", page)
	}
}

// testConcurrentDecisions decides many alerts at once; every acknowledged
// decision must be there, with its audit entry.
func testConcurrentDecisions(t *testing.T, s casestore.Store) {
	r := newRun(t, s)
	const n = 64
	hits := make([]casestore.Alert, n)
	for i := range hits {
		hits[i] = hit(fmt.Sprint("p", i), "unsc-9", "v1", 0.9)
	}
	if _, err := s.AddAlerts(ctx(t), r.ID, hits); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range hits {
		wg.Go(func() {
			if _, err := s.Decide(ctx(t), hits[i].ID, casestore.FalsePositive, "batch", fmt.Sprint("analyst", i%4)); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	al, err := s.AllowList(ctx(t), 1000)
	if err != nil || len(al) != n {
		t.Fatalf("allow-list has %d entries, want %d (%v)", len(al), n, err)
	}
	log, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Action: "decision.add", Limit: 1000})
	if len(log) != n {
		t.Fatalf("%d decision audit entries, want %d", len(log), n)
	}
}

func testUnicode(t *testing.T, s casestore.Store) {
	r := newRun(t, s)
	h := hit("p-ru", "unsc-7", "v1", 0.88)
	h.PartyName = "Алексей Навальный 李明"
	h.EntityCaption = "Сергей Шойгу"
	hs := []casestore.Alert{h}
	if _, err := s.AddAlerts(ctx(t), r.ID, hs); err != nil {
		t.Fatal(err)
	}
	a, err := s.Alert(ctx(t), hs[0].ID)
	if err != nil || a.PartyName != h.PartyName || a.EntityCaption != h.EntityCaption {
		t.Fatalf("round trip: %q %q, %v", a.PartyName, a.EntityCaption, err)
	}
	as, _ := s.Alerts(ctx(t), casestore.AlertFilter{Text: "李明"})
	if len(as) != 1 {
		t.Fatalf("search by Chinese text: %d alerts", len(as))
	}
}

func testParties(t *testing.T, s casestore.Store) {
	r1, r2 := newRun(t, s), newRun(t, s)
	q := func(name string) json.RawMessage {
		return json.RawMessage(`{"id":"x","schema":"Person","properties":{"name":["` + name + `"]}}`)
	}
	if err := s.SaveParties(ctx(t), r1.ID, []casestore.Party{{Key: "b", Name: "Bob", Query: q("Bob")}, {Key: "a", Name: "Ann", Query: q("Ann")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveParties(ctx(t), r2.ID, []casestore.Party{{Key: "a", Name: "Anna", Query: q("Anna")}, {Key: "c", Name: "Иван", Query: q("Иван")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveParties(ctx(t), r2.ID, []casestore.Party{{Key: "d", Query: json.RawMessage(`{`)}}); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("bad query: %v", err)
	}
	if n, err := s.CountParties(ctx(t)); n != 3 || err != nil {
		t.Fatalf("CountParties = %d, %v", n, err)
	}
	page1, err := s.Parties(ctx(t), "", 2)
	if err != nil || len(page1) != 2 || page1[0].Key != "a" || page1[0].Name != "Anna" || page1[0].FirstRun != r1.ID || page1[0].LastRun != r2.ID {
		t.Fatalf("first page %+v, %v", page1, err)
	}
	page2, _ := s.Parties(ctx(t), page1[1].Key, 2)
	if len(page2) != 1 || page2[0].Key != "c" || page2[0].Name != "Иван" || !json.Valid(page2[0].Query) {
		t.Fatalf("second page %+v", page2)
	}
}
