package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestQueriesRefused: an empty query, a birth date that is not a date and
// a country that is neither a code nor a name are refused with a message
// that names the value, by /search, /match and the UI's search (issue 13,
// item 15); good queries still pass.
func TestQueriesRefused(t *testing.T) {
	e := newEnv(t, nil)
	person := func(props string) string {
		return `{"queries": {"q1": {"schema": "Person", "properties": {` + props + `}}}}`
	}
	tests := []struct {
		name, method, path, body string
		code                     int
		// want is a part of the body.
		want string
	}{
		{"search no q", "GET", "/search/default", "", 400, `q: the query is empty`},
		{"search blank q", "GET", "/search/default?q=%20%09", "", 400, `q: the query is empty`},
		{"search good q", "GET", "/search/default?q=Eric+Badege", "", 200, `unsc-6907993`},
		{"search unknown country", "GET", "/search/default?q=Eric+Badege&countries=Narnia", "", 400, `countries: country \"Narnia\": not an ISO 3166 country code or a known country name`},
		{"search second country unknown", "GET", "/search/default?q=Eric+Badege&countries=cd,QQ", "", 400, `country \"QQ\"`},
		{"search country name", "GET", "/search/default?q=Eric+Badege&countries=Democratic+Republic+of+the+Congo", "", 200, `unsc-6907993`},
		{"search country code", "GET", "/search/default?q=Eric+Badege&countries=CD", "", 200, `unsc-6907993`},
		{"match blank name", "POST", "/match/default", person(`"name": ["  "]`), 400, `query \"q1\": the query is empty`},
		{"match no properties", "POST", "/match/default", person(``), 400, `query \"q1\": the query is empty`},
		{"match month 13", "POST", "/match/default", person(`"name": ["Eric Badege"], "birthDate": ["1971-13"]`), 400,
			`query \"q1\": birthDate: date \"1971-13\": want a real date as YYYY, YYYY-MM or YYYY-MM-DD`},
		{"match day 30 of February", "POST", "/match/default", person(`"name": ["Eric Badege"], "birthDate": "1971-02-30"`), 400, `date \"1971-02-30\"`},
		{"match FtM territory (yente)", "POST", "/match/default", person(`"name": ["Eric Badege"], "country": ["suhh", "ua-cri"]`), 200, `"responses"`},
		{"match unknown nationality", "POST", "/match/default", person(`"name": ["Eric Badege"], "nationality": ["Narnia"]`), 400,
			`query \"q1\": nationality: country \"Narnia\": not an ISO 3166 country code or a known country name`},
		{"match good", "POST", "/match/default", person(`"name": ["Eric Badege"], "birthDate": ["1971"], "nationality": ["cd"]`), 200, `unsc-6907993`},
		{"match by identifier", "POST", "/match/default", person(`"passportNumber": ["OB0261068"]`), 200, `"responses"`},
		{"ui blank q", "GET", "/ui/search?q=+", "", 400, `Not searched: the query is empty`},
		{"ui first visit", "GET", "/ui/search", "", 200, `Search the lists`},
		{"ui good q", "GET", "/ui/search?q=Eric+Badege", "", 200, `unsc-6907993`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do(tc.method, tc.path, casestore.Viewer, tc.body, "Content-Type", "application/json")
			if code != tc.code || !strings.Contains(string(body), tc.want) {
				t.Fatalf("%s %s: %d, want %d with %s:\n%.600s", tc.method, tc.path, code, tc.code, tc.want, body)
			}
		})
	}
}

// TestInvalidDecisionListsValid: a decision that is not one of the valid
// values is answered with the list of them, by the API (400 JSON) and the
// UI (400, the alert page with the message); nothing is recorded.
func TestInvalidDecisionListsValid(t *testing.T) {
	e := newEnv(t, nil)
	if code, body := e.do("POST", "/screen/parties", casestore.Analyst, "id,name,schema\nc1,Eric Badege,Person\n"); code != 200 {
		t.Fatalf("screen: %d %s", code, body)
	}
	as, err := e.store.Alerts(t.Context(), casestore.AlertFilter{Text: "eric badege"})
	if err != nil || len(as) != 1 {
		t.Fatalf("%d alerts for Eric Badege (%v)", len(as), err)
	}
	id := as[0].ID
	api := fmt.Sprintf("/alerts/%d/decisions", id)
	ui := fmt.Sprintf("/ui/alerts/%d/decide", id)
	const list = "true_match, false_positive, needs_review"
	tests := []struct {
		name, path, ctype, body string
		code                    int
		want                    string
	}{
		{"api unknown", api, "application/json", `{"decision":"clear","reason":"other person"}`, 400, `decision \"clear\": want one of ` + list},
		{"api case", api, "application/json", `{"decision":"TRUE_MATCH","reason":"same passport"}`, 400, `want one of ` + list},
		{"api missing", api, "application/json", `{"reason":"other person"}`, 400, `no decision: want one of ` + list},
		{"ui unknown", ui, "application/x-www-form-urlencoded", "decision=clear&reason=other+person", 400, `Not recorded: decision &#34;clear&#34; is not one of ` + list},
		{"ui missing", ui, "application/x-www-form-urlencoded", "reason=other+person", 400, `Not recorded: choose a decision (` + list + `) and give a reason.`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("POST", tc.path, casestore.Analyst, tc.body, "Content-Type", tc.ctype)
			if code != tc.code || !strings.Contains(string(body), tc.want) {
				t.Fatalf("%d, want %d with %s:\n%.600s", code, tc.code, tc.want, body)
			}
		})
	}
	if ds, err := e.store.Decisions(t.Context(), id); err != nil || len(ds) != 0 {
		t.Fatalf("decisions recorded: %v (%v)", ds, err)
	}
}

// TestForbiddenPageIsHTML: a viewer or an analyst who opens an admin page
// of the UI gets the layout's error page (403, HTML, saying which role it
// needs), not raw JSON; the API answers 403 JSON as before.
func TestForbiddenPageIsHTML(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name, method, path string
		role               casestore.Role
		// session: logged in through the UI's form, not with a key.
		session     bool
		ctype, want string
	}{
		{"analyst session ui audit", "GET", "/ui/audit", casestore.Analyst, true, "text/html", "You are signed in as analyst-user with role analyst; this page needs admin."},
		{"viewer ui audit", "GET", "/ui/audit", casestore.Viewer, false, "text/html", "You are signed in as key:viewer-key with role viewer; this page needs admin."},
		{"analyst ui audit", "GET", "/ui/audit", casestore.Analyst, false, "text/html", "You are signed in as key:analyst-key with role analyst; this page needs admin."},
		{"viewer ui upload", "GET", "/ui/upload", casestore.Viewer, false, "text/html", "this page needs analyst"},
		{"analyst api audit", "GET", "/audit", casestore.Analyst, false, "application/json", `"detail":"key:analyst-key has role analyst; this needs admin"`},
		{"viewer api screen", "POST", "/screen/parties", casestore.Viewer, false, "application/json", `this needs analyst`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, e.ts.URL+tc.path, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			c := http.DefaultClient
			if tc.session {
				c, _ = e.browser(tc.role)
			} else {
				req.Header.Set("Authorization", "Bearer "+e.keys[tc.role])
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			body := string(b)
			if resp.StatusCode != http.StatusForbidden || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) || !strings.Contains(body, tc.want) {
				t.Fatalf("%d %s, want 403 %s with %q:\n%.600s", resp.StatusCode, resp.Header.Get("Content-Type"), tc.ctype, tc.want, body)
			}
			if tc.ctype == "text/html" && !strings.Contains(body, "<nav") {
				t.Errorf("the error page lacks the layout's navigation:\n%.600s", body)
			}
		})
	}
}
