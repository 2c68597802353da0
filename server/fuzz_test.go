package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// FuzzMatch posts arbitrary bodies to /match: the server never panics or
// answers 500, every error is a JSON {"detail", "status"} with the status
// sent, and every 200 is a yente-shaped response with one answer per
// query. Seeds: the yente-shaped requests in testdata/match.
func FuzzMatch(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/match/*.json")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"queries": {"q": {"schema": "Person", "properties": {"name": [["nested"]]}}}}`))
	f.Add([]byte(`{"queries": {"q": null}}`))
	e := newEnv(f, nil)
	h := e.srv.Handler()
	key := "Bearer " + e.keys[casestore.Viewer]
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/match/default", bytes.NewReader(body))
		req.Header.Set("Authorization", key)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK:
			var resp struct {
				Responses map[string]struct {
					Status  int               `json:"status"`
					Results []json.RawMessage `json:"results"`
				} `json:"responses"`
			}
			var req struct {
				Queries map[string]json.RawMessage `json:"queries"`
			}
			json.Unmarshal(body, &req)
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with a body that is not JSON: %v", err)
			}
			if len(resp.Responses) != len(req.Queries) {
				t.Fatalf("%d answers for %d queries", len(resp.Responses), len(req.Queries))
			}
			for k, r := range resp.Responses {
				if r.Status != 200 || r.Results == nil {
					t.Fatalf("answer %q: %+v", k, r)
				}
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var er struct {
				Detail string `json:"detail"`
				Status int    `json:"status"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &er); err != nil || er.Detail == "" || er.Status != w.Code {
				t.Fatalf("error %d with body %q", w.Code, w.Body)
			}
		default:
			t.Fatalf("status %d for body %q: %s", w.Code, body, w.Body)
		}
	})
}

// TestOpenAPI checks that the served OpenAPI document is OpenAPI 3 and
// documents every API route with its method.
func TestOpenAPI(t *testing.T) {
	e := newEnv(t, nil)
	code, body := e.do("GET", "/openapi.json", "", "")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	decode(t, body, &doc)
	if code != 200 || doc.OpenAPI < "3" {
		t.Fatalf("openapi %q, status %d", doc.OpenAPI, code)
	}
	routes := []struct{ method, path string }{
		{"post", "/match/{dataset}"}, {"get", "/search/{dataset}"}, {"get", "/entities/{id}"}, {"get", "/lists"},
		{"post", "/screen/parties"}, {"post", "/screen/shipments"}, {"get", "/runs"}, {"get", "/alerts"},
		{"get", "/alerts/{id}"}, {"post", "/alerts/{id}/decisions"}, {"get", "/audit"}, {"post", "/rescreen"},
		{"get", "/approvals"}, {"get", "/approvals/{id}"}, {"post", "/approvals/{id}"},
		{"get", "/healthz"}, {"get", "/readyz"}, {"get", "/metrics"}, {"get", "/openapi.json"},
	}
	for _, r := range routes {
		if _, ok := doc.Paths[r.path][r.method]; !ok {
			t.Errorf("openapi.json does not document %s %s", r.method, r.path)
		}
	}
}
