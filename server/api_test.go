package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/server"
)

// yenteRequests are request bodies shaped like yente's documented
// examples (yente/routers/match.py docstring and the OpenSanctions
// matching API guide): named queries of FtM examples, list or string
// property values, optional weights.
var yenteRequests = []struct {
	name, query, body string
	// want maps a query key to an entity id expected first with match
	// true; "" means any (or no) results.
	want map[string]string
}{
	{
		name:  "docstring example",
		query: "",
		body: `{"queries": {
			"entity1": {"schema": "Person", "properties": {"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]}},
			"entity2": {"schema": "Company", "properties": {"name": ["Brilliant Amazing Limited"], "jurisdiction": ["hk"], "registrationNumber": ["84BA99810"]}}
		}}`,
		want: map[string]string{"entity1": "", "entity2": ""},
	},
	{
		name:  "UN listed person",
		query: "?algorithm=logic-v1&threshold=0.7&limit=3",
		body:  `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Eric Badege"], "nationality": ["cd"]}}}}`,
		want:  map[string]string{"q1": "unsc-6907993"},
	},
	{
		name:  "string values and weights",
		query: "?algorithm=best",
		body:  `{"weights": {"name_literal": 0.8}, "queries": {"a": {"schema": "Person", "properties": {"name": "Frank Kakolele Bwambale"}}}}`,
		want:  map[string]string{"a": "unsc-6907994"},
	},
	{
		name:  "Cyrillic name of a listed Russian person",
		query: "",
		body:  `{"queries": {"ru": {"schema": "Person", "properties": {"name": ["Мария Александровна Осетрова"], "country": ["ru"]}}}}`,
		want:  map[string]string{"ru": "NK-2Tbri3s6GgNtAwsSXh4qpL"},
	},
}

// TestMatchYenteCompatible replays yente-shaped requests and checks the
// response has yente's shape (EntityMatchResponse) and the listed entity
// comes first.
func TestMatchYenteCompatible(t *testing.T) {
	e := newEnv(t, nil)
	for _, tc := range yenteRequests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("POST", "/match/default"+tc.query, casestore.Viewer, tc.body, "Content-Type", "application/json")
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			var resp map[string]json.RawMessage
			decode(t, body, &resp)
			for _, k := range []string{"responses", "matcher", "limit"} {
				if _, ok := resp[k]; !ok {
					t.Fatalf("response lacks %q: %s", k, body)
				}
			}
			var responses map[string]struct {
				Status  int                          `json:"status"`
				Results []map[string]json.RawMessage `json:"results"`
				Total   struct {
					Value    int    `json:"value"`
					Relation string `json:"relation"`
				} `json:"total"`
				Query struct {
					Schema     string              `json:"schema"`
					Properties map[string][]string `json:"properties"`
				} `json:"query"`
			}
			decode(t, resp["responses"], &responses)
			if len(responses) != len(tc.want) {
				t.Fatalf("%d responses, want %d", len(responses), len(tc.want))
			}
			for key, wantID := range tc.want {
				r, ok := responses[key]
				if !ok {
					t.Fatalf("no response for query %q", key)
				}
				if r.Status != 200 || r.Total.Relation != "eq" || r.Total.Value != len(r.Results) || r.Query.Schema == "" || len(r.Query.Properties["name"]) == 0 {
					t.Fatalf("response %q: %+v", key, r)
				}
				for _, res := range r.Results {
					for _, f := range []string{"id", "caption", "schema", "properties", "datasets", "referents", "target", "score", "match", "features", "explanation"} {
						if _, ok := res[f]; !ok {
							t.Fatalf("result lacks %q: %v", f, res)
						}
					}
				}
				if wantID == "" {
					continue
				}
				if len(r.Results) == 0 {
					t.Fatalf("query %q: no results, want %s", key, wantID)
				}
				var id string
				var match bool
				json.Unmarshal(r.Results[0]["id"], &id)
				json.Unmarshal(r.Results[0]["match"], &match)
				if id != wantID || !match {
					t.Fatalf("query %q: first result %s (match %v), want %s matched", key, id, match, wantID)
				}
			}
		})
	}
}

func TestMatchErrors(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.MaxBodyBytes = 64 << 10 })
	many := map[string]any{}
	for i := range 101 {
		many[fmt.Sprint("q", i)] = map[string]any{"schema": "Person", "properties": map[string]any{"name": []string{"x"}}}
	}
	tooMany, _ := json.Marshal(map[string]any{"queries": many})
	one := `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}`
	tests := []struct {
		name, path, body string
		want             int
		detail           string
	}{
		{"not JSON", "/match/default", `{"queries": `, 400, "invalid JSON"},
		{"two values", "/match/default", one + one, 400, "more than one value"},
		{"empty body", "/match/default", ``, 400, "empty request body"},
		{"no queries", "/match/default", `{"queries": {}}`, 400, "no queries"},
		{"too many", "/match/default", string(tooMany), 400, "too many queries"},
		{"no schema", "/match/default", `{"queries": {"q": {"properties": {"name": ["x"]}}}}`, 400, "schema is required"},
		{"unknown schema", "/match/default", `{"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}`, 400, "unknown schema"},
		{"link schema", "/match/default", `{"queries": {"q": {"schema": "Ownership", "properties": {"owner": ["x"]}}}}`, 400, "cannot be matched"},
		{"object value", "/match/default", `{"queries": {"q": {"schema": "Person", "properties": {"name": {"a": 1}}}}}`, 400, "property \"name\""},
		{"wrong type", "/match/default", `{"queries": []}`, 400, "invalid JSON"},
		{"bad threshold", "/match/default?threshold=2", one, 400, "threshold"},
		{"threshold 0", "/match/default?threshold=0", one, 400, `threshold "0": want a score in (0, 1]`},
		{"bad cutoff", "/match/default?cutoff=-0.1", one, 400, `cutoff "-0.1": want a score in [0, 1]`},
		{"bad limit", "/match/default?limit=0", one, 400, "limit"},
		{"bad algorithm", "/match/default?algorithm=magic", one, 400, "algorithm"},
		{"unknown dataset", "/match/no_such_list", one, 404, "not found"},
		{"too large", "/match/default", `{"queries": {"q": {"schema": "Person", "properties": {"name": ["` + strings.Repeat("a", 70<<10) + `"]}}}}`, 413, "larger than"},
		{"one dataset", "/match/un_sc_sanctions", one, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("POST", tc.path, casestore.Viewer, tc.body)
			if code != tc.want {
				t.Fatalf("status %d, want %d: %s", code, tc.want, body)
			}
			if tc.want == 200 {
				return
			}
			var er struct {
				Detail string `json:"detail"`
				Status int    `json:"status"`
			}
			decode(t, body, &er)
			if er.Status != tc.want || !strings.Contains(er.Detail, tc.detail) {
				t.Fatalf("error %+v, want status %d and detail containing %q", er, tc.want, tc.detail)
			}
		})
	}
	if code, _ := e.do("GET", "/match/default", casestore.Viewer, ""); code != http.StatusMethodNotAllowed {
		t.Fatalf("GET /match: %d, want 405", code)
	}
	if code, body := e.do("GET", "/nowhere", casestore.Viewer, ""); code != http.StatusNotFound || !bytes.Contains(body, []byte(`"status":404`)) {
		t.Fatalf("unknown route: %d %s", code, body)
	}
}

func TestSearchEntityLists(t *testing.T) {
	e := newEnv(t, nil)
	code, body := e.do("GET", "/search/default?q="+url.QueryEscape("Осетрова")+"&schema=Person", casestore.Viewer, "")
	if code != 200 {
		t.Fatalf("search: %d %s", code, body)
	}
	var sr struct {
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
		Total struct{ Value int } `json:"total"`
	}
	decode(t, body, &sr)
	if len(sr.Results) == 0 || sr.Results[0].ID != "NK-2Tbri3s6GgNtAwsSXh4qpL" || sr.Total.Value != len(sr.Results) {
		t.Fatalf("search results %+v", sr)
	}
	code, body = e.do("GET", "/entities/NK-2Tbri3s6GgNtAwsSXh4qpL", casestore.Viewer, "")
	if code != 200 {
		t.Fatalf("entity: %d %s", code, body)
	}
	var er struct {
		ID         string              `json:"id"`
		Properties map[string][]string `json:"properties"`
		Links      []struct{ Schema string }
	}
	decode(t, body, &er)
	if er.ID != "NK-2Tbri3s6GgNtAwsSXh4qpL" || !slices.Contains(er.Properties["name"], "Мария Александровна Осетрова") || len(er.Links) == 0 {
		t.Fatalf("entity %s: %d names, %d links", er.ID, len(er.Properties["name"]), len(er.Links))
	}
	if code, _ := e.do("GET", "/entities/no-such-id", casestore.Viewer, ""); code != 404 {
		t.Fatalf("unknown entity: %d", code)
	}
	code, body = e.do("GET", "/lists", casestore.Viewer, "")
	var lr struct {
		Lists []struct {
			Dataset  string
			Entities int
			ListDate string `json:"list_date"`
		}
		Index struct{ Entities int }
	}
	decode(t, body, &lr)
	if code != 200 || len(lr.Lists) != 2 || lr.Index.Entities == 0 {
		t.Fatalf("lists: %d %s", code, body)
	}
	for _, l := range lr.Lists {
		if l.Dataset == "un_sc_sanctions" && (l.Entities < 1000 || l.ListDate != "2026-02-27") {
			t.Fatalf("UN list: %+v", l)
		}
	}
	code, body = e.do("GET", "/metrics", "", "")
	for _, m := range []string{"redline_http_requests_total{code=\"200\",route=\"GET /lists\"} 1", "redline_index_entities", "redline_list_age_seconds{dataset=\"un_sc_sanctions\"}", "redline_http_request_duration_seconds_bucket"} {
		if code != 200 || !bytes.Contains(body, []byte(m)) {
			t.Errorf("metrics lack %s", m)
		}
	}
	for _, p := range []string{"/healthz", "/readyz", "/openapi.json"} {
		if code, body := e.do("GET", p, "", ""); code != 200 || !json.Valid(body) {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
}

// readLines splits a JSON lines response.
func readLines(t *testing.T, b []byte) []map[string]json.RawMessage {
	var out []map[string]json.RawMessage
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]json.RawMessage
		decode(t, sc.Bytes(), &m)
		out = append(out, m)
	}
	return out
}

type summary struct {
	RunID      int64 `json:"run_id"`
	Records    int   `json:"records"`
	Screened   int   `json:"screened"`
	Malformed  int   `json:"malformed"`
	Flagged    int   `json:"flagged"`
	Alerts     int   `json:"alerts"`
	Suppressed int   `json:"suppressed"`
	Repeated   int   `json:"repeated"`
	Error      string
}

// TestScreenPartiesAllowList screens a parties file through the API, decides
// a false positive, screens again and checks the allow-list and
// re-screening rules end to end.
func TestScreenPartiesAllowList(t *testing.T) {
	e := newEnv(t, nil)
	csv := "id,name,schema,country\n" +
		"c1,Eric Badege,Person,\n" +
		"c2,Maria Aleksandrovna Osetrova,Person,ru\n" +
		"c3,Hortensia Quillfeather,Person,gb\n" +
		"c4,\"broken\n"
	screen := func() ([]map[string]json.RawMessage, summary) {
		code, body := e.do("POST", "/screen/parties?name=customers.csv", casestore.Analyst, csv, "Content-Type", "text/csv")
		if code != 200 {
			t.Fatalf("screen: %d %s", code, body)
		}
		lines := readLines(t, body)
		var s struct{ Summary summary }
		decode(t, mustMarshal(lines[len(lines)-1]), &s)
		return lines[:len(lines)-1], s.Summary
	}
	recs, s1 := screen()
	var ids []string
	for _, r := range recs {
		var id string
		json.Unmarshal(r["id"], &id)
		ids = append(ids, id)
	}
	if fmt.Sprint(ids[:3]) != "[c1 c2 c3]" {
		t.Fatalf("records out of order: %v", ids)
	}
	if s1.RunID == 0 || s1.Flagged < 2 || s1.Alerts < 2 || s1.Suppressed != 0 || s1.Malformed != 1 {
		t.Fatalf("first run summary %+v", s1)
	}
	code, body := e.do("GET", fmt.Sprintf("/alerts?run=%d", s1.RunID), casestore.Viewer, "")
	var al struct{ Alerts []casestore.Alert }
	decode(t, body, &al)
	if code != 200 || len(al.Alerts) != s1.Alerts {
		t.Fatalf("alerts of run: %d, %d alerts, want %d", code, len(al.Alerts), s1.Alerts)
	}
	var c1 casestore.Alert
	for _, a := range al.Alerts {
		if a.PartyKey == "id:c1|eric badege" {
			c1 = a
		}
	}
	if c1.EntityID != "unsc-6907993" || c1.Status != "open" || !json.Valid(c1.Explanation) {
		t.Fatalf("alert for c1: %+v", c1)
	}
	code, body = e.do("POST", fmt.Sprintf("/alerts/%d/decisions", c1.ID), casestore.Analyst, `{"decision": "false_positive", "reason": "customer born 1990, listed person 1971"}`)
	if code != http.StatusCreated {
		t.Fatalf("decide: %d %s", code, body)
	}
	if code, body := e.do("POST", fmt.Sprintf("/alerts/%d/decisions", c1.ID), casestore.Analyst, `{"decision": "maybe", "reason": "x"}`); code != 400 {
		t.Fatalf("bad decision: %d %s", code, body)
	}
	_, s2 := screen()
	if s2.Alerts != 0 || s2.Suppressed < 1 || s2.Repeated != s1.Alerts-1 {
		t.Fatalf("second run summary %+v (first %+v)", s2, s1)
	}
	code, body = e.do("GET", fmt.Sprintf("/alerts/%d", c1.ID), casestore.Viewer, "")
	var ad struct {
		Status    string
		Decisions []casestore.DecisionRecord
	}
	decode(t, body, &ad)
	if code != 200 || ad.Status != "false_positive" || len(ad.Decisions) != 1 || ad.Decisions[0].Actor != "key:analyst-key" {
		t.Fatalf("alert after decision: %d %s", code, body)
	}
	code, body = e.do("GET", "/audit?action=run.create", casestore.Admin, "")
	var au struct{ Entries []casestore.AuditEntry }
	decode(t, body, &au)
	if code != 200 || len(au.Entries) != 2 || !bytes.Contains(au.Entries[0].Detail, []byte("un_sc_sanctions")) {
		t.Fatalf("audit of runs: %d %s", code, body)
	}
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// TestRoutesRefuse checks every protected route: without credentials it
// answers 401 (UI pages redirect to the login page), with a role too low
// 403, and with the role it needs neither.
func TestRoutesRefuse(t *testing.T) {
	e := newEnv(t, nil)
	match := `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}`
	routes := []struct {
		method, path, body string
		need               casestore.Role
	}{
		{"POST", "/match/default", match, casestore.Viewer},
		{"GET", "/search/default?q=ivan", "", casestore.Viewer},
		{"GET", "/entities/unsc-6907993", "", casestore.Viewer},
		{"GET", "/lists", "", casestore.Viewer},
		{"GET", "/runs", "", casestore.Viewer},
		{"GET", "/alerts", "", casestore.Viewer},
		{"GET", "/alerts/1", "", casestore.Viewer},
		{"POST", "/screen/parties", "id,name\n1,Ivan Petrov\n", casestore.Analyst},
		{"POST", "/screen/shipments", "id\n1\n", casestore.Analyst},
		{"POST", "/alerts/1/decisions", `{"decision":"true_match","reason":"x"}`, casestore.Analyst},
		{"POST", "/rescreen", "", casestore.Analyst},
		{"POST", "/ui/rescreen", "", casestore.Analyst},
		{"GET", "/audit", "", casestore.Admin},
		{"GET", "/ui/search", "", casestore.Viewer},
		{"GET", "/ui/entities/unsc-6907993", "", casestore.Viewer},
		{"GET", "/ui/alerts", "", casestore.Viewer},
		{"GET", "/ui/alerts/1", "", casestore.Viewer},
		{"GET", "/ui/lists", "", casestore.Viewer},
		{"POST", "/ui/logout", "", casestore.Viewer},
		{"GET", "/ui/upload", "", casestore.Analyst},
		{"POST", "/ui/upload", "", casestore.Analyst},
		{"POST", "/ui/alerts/1/decide", "decision=true_match&reason=x", casestore.Analyst},
		{"GET", "/ui/audit", "", casestore.Admin},
	}
	roles := []casestore.Role{casestore.Viewer, casestore.Analyst, casestore.Admin}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			req, _ := http.NewRequest(rt.method, e.ts.URL+rt.path, strings.NewReader(rt.body))
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := http.StatusUnauthorized
			if strings.HasPrefix(rt.path, "/ui/") && rt.method == "GET" {
				want = http.StatusSeeOther
			}
			if resp.StatusCode != want {
				t.Errorf("no credentials: %d, want %d", resp.StatusCode, want)
			}
			// A wrong key is refused like no key.
			code, _ := e.do(rt.method, rt.path, "", rt.body, "X-API-Key", "rl_"+strings.Repeat("0", 64))
			if code != http.StatusUnauthorized && code != http.StatusSeeOther {
				t.Errorf("wrong key: %d", code)
			}
			for _, r := range roles {
				code, body := e.do(rt.method, rt.path, r, rt.body, "Content-Type", "application/x-www-form-urlencoded")
				allowed := r.Allows(rt.need)
				if !allowed && code != http.StatusForbidden {
					t.Errorf("role %s: %d, want 403: %s", r, code, body)
				}
				if allowed && (code == http.StatusForbidden || code == http.StatusUnauthorized) {
					t.Errorf("role %s: %d, want access: %s", r, code, body)
				}
			}
		})
	}
}

// TestSessionsAndCSRF drives the browser flow: login, a form post with and
// without the CSRF token, from another origin, and logout.
func TestSessionsAndCSRF(t *testing.T) {
	e := newEnv(t, nil)
	c, csrf := e.browser(casestore.Analyst)
	run, _ := e.store.CreateRun(t.Context(), casestore.Run{Actor: "test", Kind: "parties"})
	hits := []casestore.Alert{{PartyKey: "p", PartyName: "Ivan", EntityID: "unsc-6907993", EntityCaption: "ERIC BADEGE", EntityHash: "h", Score: 0.9}}
	e.store.AddAlerts(t.Context(), run.ID, hits)
	decideURL := fmt.Sprintf("%s/ui/alerts/%d/decide", e.ts.URL, hits[0].ID)
	post := func(form url.Values, origin string) int {
		req, _ := http.NewRequest("POST", decideURL, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name   string
		form   url.Values
		origin string
		want   int
	}{
		{"no token", url.Values{"decision": {"true_match"}, "reason": {"r"}}, "", 403},
		{"wrong token", url.Values{"decision": {"true_match"}, "reason": {"r"}, "csrf": {"x" + csrf[1:]}}, "", 403},
		{"other origin", url.Values{"decision": {"true_match"}, "reason": {"r"}, "csrf": {csrf}}, "https://evil.example", 403},
		{"no reason", url.Values{"decision": {"true_match"}, "csrf": {csrf}}, e.ts.URL, 400},
		{"right", url.Values{"decision": {"true_match"}, "reason": {"same passport"}, "csrf": {csrf}}, e.ts.URL, 303},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := post(tc.form, tc.origin); got != tc.want {
				t.Fatalf("status %d, want %d", got, tc.want)
			}
		})
	}
	ds, _ := e.store.Decisions(t.Context(), hits[0].ID)
	if len(ds) != 1 || ds[0].Actor != "analyst-user" {
		t.Fatalf("decisions %+v", ds)
	}
	// Logout ends the session.
	resp, err := c.PostForm(e.ts.URL+"/ui/logout", url.Values{"csrf": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := post(url.Values{"decision": {"true_match"}, "reason": {"r"}, "csrf": {csrf}}, ""); got != 401 {
		t.Fatalf("after logout: %d, want 401", got)
	}
	// A wrong password is refused and audited.
	resp, _ = http.PostForm(e.ts.URL+"/ui/login", url.Values{"name": {"analyst-user"}, "password": {"wrong password!"}})
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "session.login_failed"})
	if len(log) != 1 {
		t.Fatalf("failed login not audited: %+v", log)
	}
}

// TestNoSecretInLogs makes requests with keys, passwords and sessions and
// checks none of them reaches the log.
func TestNoSecretInLogs(t *testing.T) {
	e := newEnv(t, nil)
	c, csrf := e.browser(casestore.Admin)
	for _, p := range []string{"/ui/search?q=ivan", "/ui/audit", "/ui/lists"} {
		resp, err := c.Get(e.ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	e.do("POST", "/match/default", casestore.Viewer, `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}`)
	e.do("GET", "/lists", "", "", "X-API-Key", e.keys[casestore.Admin])
	e.do("GET", "/lists", "", "", "Authorization", "Bearer rl_"+strings.Repeat("ab", 32))
	u, _ := url.Parse(e.ts.URL)
	var session string
	for _, ck := range c.Jar.Cookies(u) {
		session = ck.Value
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "route=\"POST /match/{dataset}\"") || !strings.Contains(logs, "who=key:viewer-key") {
		t.Fatalf("the access log is missing requests:\n%s", logs)
	}
	secrets := map[string]string{"password": password, "session": session, "csrf": csrf, "fake key": strings.Repeat("ab", 32)}
	for r, k := range e.keys {
		secrets["key of "+string(r)] = k
		secrets["key body of "+string(r)] = k[12:]
	}
	for what, s := range secrets {
		if s == "" {
			t.Fatalf("no %s to look for", what)
		}
		if strings.Contains(logs, s) {
			t.Errorf("the log contains the %s", what)
		}
	}
}

// TestUIPages renders every page for an admin and checks the content,
// Cyrillic included.
func TestUIPages(t *testing.T) {
	e := newEnv(t, nil)
	c, _ := e.browser(casestore.Admin)
	run, _ := e.store.CreateRun(t.Context(), casestore.Run{Actor: "test", Kind: "parties"})
	hits := []casestore.Alert{{PartyKey: "p", PartyName: "Мария Осетрова", EntityID: "NK-2Tbri3s6GgNtAwsSXh4qpL", EntityCaption: "Maria Aleksandrovna Osetrova", EntityHash: "h", Score: 0.93,
		Explanation: json.RawMessage(`{"query_name":"Мария Осетрова","matched_name":"Мария Александровна Осетрова","name_score":0.93}`)}}
	e.store.AddAlerts(t.Context(), run.ID, hits)
	pages := []struct {
		path string
		want []string
	}{
		{"/ui/search?q=" + url.QueryEscape("Осетрова"), []string{"OSETROVA, Maria Aleksandrovna", "/ui/entities/NK-2Tbri3s6GgNtAwsSXh4qpL"}},
		{"/ui/entities/NK-2Tbri3s6GgNtAwsSXh4qpL", []string{"Мария Александровна Осетрова", "Cyrillic", "183116181362"}},
		{"/ui/alerts", []string{"Мария Осетрова", "Open (1)"}},
		{fmt.Sprintf("/ui/alerts/%d", hits[0].ID), []string{"Record decision", "Мария Александровна Осетрова", `name="csrf"`}},
		{"/ui/upload", []string{"enctype=\"multipart/form-data\""}},
		{"/ui/lists", []string{"un_sc_sanctions", "2026-02-27"}},
		{"/ui/audit", []string{"user.add", "run.create", "alerts.add"}},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			resp, err := c.Get(e.ts.URL + p.path)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("status %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			for _, w := range p.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

// TestScreenShipments streams a shipments file through the real shipment
// engine over the real lists: a listed consignee and CHPL goods to Russia
// are flagged.
func TestScreenShipments(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Shipments = server.NewShipmentScreener(o.Lists, o.Holder, 0.8)
	})
	csv := "Shipment ID,Shipper Name,Shipper Country,Consignee,Consignee Country,End User,End User Country,HS Code,Product Description,Destination Country\n" +
		"S-1,Atlas Foods Inc.,US,Lakeside Retail Ltd,CA,,,0901.21,Roasted coffee,CA\n" +
		"S-2,Shenzhen Jinhai Co. Ltd.,CN,Eric Badege,CD,Ural Tekhno,RU,8526.91,GNSS module,RU\n"
	code, body := e.do("POST", "/screen/shipments?name=trade.csv", casestore.Analyst, csv, "Content-Type", "text/csv")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	lines := readLines(t, body)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 2 shipments and a summary:\n%s", len(lines), body)
	}
	var s1, s2 struct {
		ShipmentID string `json:"shipment_id"`
		Level      string
		Flags      []struct {
			Rule     string
			EntityID string `json:"entity_id"`
		}
	}
	decode(t, mustMarshal(lines[0]), &s1)
	decode(t, mustMarshal(lines[1]), &s2)
	listed := false
	for _, f := range s2.Flags {
		listed = listed || f.EntityID == "unsc-6907993"
	}
	if s1.ShipmentID != "S-1" || s1.Level != "none" || s2.ShipmentID != "S-2" || s2.Level != "high" || !listed {
		t.Fatalf("assessments %+v / %+v", s1, s2)
	}
	var sum struct {
		Summary struct {
			RunID     int64 `json:"run_id"`
			Shipments int
			Flagged   int
		}
	}
	decode(t, mustMarshal(lines[2]), &sum)
	if sum.Summary.RunID == 0 || sum.Summary.Shipments != 2 || sum.Summary.Flagged != 1 {
		t.Fatalf("summary %+v", sum.Summary)
	}
}

// TestRescreen screens parties, decides a false positive, then screens the
// stored parties again: first against the same lists (nothing new), then
// after the listed entity changed (the false positive no longer holds).
func TestRescreen(t *testing.T) {
	e := newEnv(t, nil)
	csv := "id,name,schema\nc1,Eric Badege,Person\nc2,Maria Aleksandrovna Osetrova,Person\nc3,Hortensia Quillfeather,Person\n"
	if code, body := e.do("POST", "/screen/parties", casestore.Analyst, csv); code != 200 {
		t.Fatalf("screen: %d %s", code, body)
	}
	as, _ := e.store.Alerts(t.Context(), casestore.AlertFilter{Text: "eric badege"})
	if len(as) != 1 {
		t.Fatalf("%d alerts for Eric Badege", len(as))
	}
	if _, err := e.store.Decide(t.Context(), as[0].ID, casestore.FalsePositive, "other person", "analyst-user"); err != nil {
		t.Fatal(err)
	}
	rescreen := func() casestore.Run {
		code, body := e.do("POST", "/rescreen", casestore.Analyst, "")
		if code != 200 {
			t.Fatalf("rescreen: %d %s", code, body)
		}
		var run casestore.Run
		decode(t, body, &run)
		return run
	}
	r1 := rescreen()
	if r1.Kind != "rescreen" || r1.Parties != 3 || r1.Alerts != 0 || r1.Suppressed != 1 || r1.Repeated < 1 {
		t.Fatalf("rescreen on the same lists: %+v", r1.RunStats)
	}
	// A new list version changes the listed person.
	ls, _ := realIndex(t)
	changed := func(yield func(*entity.Entity, error) bool) {
		for x, err := range ls.Entities(t.Context()) {
			if err == nil && x.ID == "unsc-6907993" {
				x = x.Clone()
				x.Add(entity.Alias, "Eric Badege Rukundo")
			}
			if !yield(x, err) {
				return
			}
		}
	}
	m2, err := match.Build(t.Context(), changed)
	if err != nil {
		t.Fatal(err)
	}
	e.holder.Swap(m2)
	r2 := rescreen()
	if r2.Alerts != 1 || r2.Suppressed != 0 || r2.Repeated != r1.Repeated {
		t.Fatalf("rescreen after the entity changed: %+v (before: %+v)", r2.RunStats, r1.RunStats)
	}
	as, _ = e.store.Alerts(t.Context(), casestore.AlertFilter{RunID: r2.ID})
	if len(as) != 1 || as[0].EntityID != "unsc-6907993" || as[0].Status != "open" {
		t.Fatalf("new alert %+v", as)
	}
}

// TestListChanges imports two versions of the UN list (the second, made
// here, drops the first individual and is dated later) and checks that
// /lists reports what changed.
func TestListChanges(t *testing.T) {
	realIndex(t)
	orig, err := os.ReadFile(unList)
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(orig, []byte("<INDIVIDUAL>"))
	end := bytes.Index(orig, []byte("</INDIVIDUAL>")) + len("</INDIVIDUAL>")
	next := append(append([]byte{}, orig[:start]...), orig[end:]...)
	next = bytes.Replace(next, []byte(`dateGenerated="2026-02-27`), []byte(`dateGenerated="2026-03-06`), 1)
	dir := t.TempDir()
	later := filepath.Join(dir, "consolidated-2026-03-06.xml")
	if err := os.WriteFile(later, next, 0o644); err != nil {
		t.Fatal(err)
	}
	ls, err := lists.Open(filepath.Join(dir, "lists"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{unList, later} {
		if _, err := ls.Import(t.Context(), []string{p}, lists.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	e := newEnv(t, func(o *server.Options) { o.Lists = ls })
	code, body := e.do("GET", "/lists", casestore.Viewer, "")
	var lr struct {
		Lists []struct {
			Dataset  string
			ListDate string `json:"list_date"`
			Previous string
			Versions int
			Changes  *lists.DiffSummary
		}
	}
	decode(t, body, &lr)
	if code != 200 || len(lr.Lists) != 1 {
		t.Fatalf("lists: %d %s", code, body)
	}
	l := lr.Lists[0]
	if l.ListDate != "2026-03-06" || l.Versions != 2 || l.Previous == "" || l.Changes == nil || l.Changes.Removed != 1 || l.Changes.Added != 0 || l.Changes.Changed != 0 {
		t.Fatalf("list %+v, changes %+v", l, l.Changes)
	}
}

// TestLoginThrottle: after five wrong passwords for a user, even the right
// one is refused for a while.
func TestLoginThrottle(t *testing.T) {
	e := newEnv(t, nil)
	login := func(pw string) int {
		resp, err := noRedirects.PostForm(e.ts.URL+"/ui/login", url.Values{"name": {"viewer-user"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 5 {
		if code := login(fmt.Sprint("guess ", i)); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	if code := login(password); code != http.StatusTooManyRequests {
		t.Fatalf("right password after 5 failures: %d, want 429", code)
	}
	// Another user is not affected.
	resp, _ := noRedirects.PostForm(e.ts.URL+"/ui/login", url.Values{"name": {"admin-user"}, "password": {password}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("other user: %d", resp.StatusCode)
	}
}

// TestLoginLockoutByStranger: a stranger failing logins as a known user
// (from another address) blocks only themself; the user logs in from their
// own address (issue 15, item 6).
func TestLoginLockoutByStranger(t *testing.T) {
	e := newEnv(t, nil)
	from := func(local string) *http.Client {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
		return &http.Client{
			Transport:     &http.Transport{DialContext: d.DialContext},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	stranger, user := from("127.0.0.2"), from("127.0.0.1")
	login := func(c *http.Client, pw string) int {
		resp, err := c.PostForm(e.ts.URL+"/ui/login", url.Values{"name": {"viewer-user"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 6 {
		login(stranger, fmt.Sprint("guess ", i))
	}
	if code := login(stranger, password); code != http.StatusTooManyRequests {
		t.Fatalf("stranger after 6 failures: %d, want 429", code)
	}
	if code := login(user, password); code != http.StatusSeeOther {
		t.Fatalf("the user from their own address: %d, want 303", code)
	}
}

// TestLoginRedirectTab logs in with next=/%09/evil.example, the probe of
// issue 15 item 19: the redirect stays on the site.
func TestLoginRedirectTab(t *testing.T) {
	e := newEnv(t, nil)
	resp, err := noRedirects.PostForm(e.ts.URL+"/ui/login", url.Values{"name": {"viewer-user"}, "password": {password}, "next": {"/\t/evil.example"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/ui/search" {
		t.Fatalf("status %d, Location %q; want 303 to /ui/search", resp.StatusCode, loc)
	}
}
