package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/server"
)

// TestNosniffEverywhere checks X-Content-Type-Options on every kind of
// answer, and that /static/ lists no directory (issue 15, item 5).
func TestNosniffEverywhere(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		method, path string
		role         casestore.Role
		code         int
	}{
		{"GET", "/healthz", "", 200},
		{"GET", "/metrics", "", 200},
		{"GET", "/openapi.json", "", 200},
		{"GET", "/static/style.css", "", 200},
		{"GET", "/static/", "", 404},
		{"GET", "/ui/login", "", 200},
		{"GET", "/search/default?q=Kony", casestore.Viewer, 200},
		{"GET", "/search/default?q=Kony", "", 401},
		{"GET", "/nowhere", "", 404},
		{"DELETE", "/healthz", "", 405},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, e.ts.URL+tc.path, nil)
			if tc.role != "" {
				req.Header.Set("Authorization", "Bearer "+e.keys[tc.role])
			}
			resp, err := noRedirects.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.code || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("status %d (want %d), X-Content-Type-Options %q", resp.StatusCode, tc.code, resp.Header.Get("X-Content-Type-Options"))
			}
		})
	}
}

// failingStore is a case store whose alert reads fail with a revealing
// error.
type failingStore struct{ casestore.Store }

var errSecret = errors.New(`pq: relation "alerts" at /var/lib/secret/cases.db does not exist`)

func (failingStore) Alerts(context.Context, casestore.AlertFilter) ([]casestore.Alert, error) {
	return nil, errSecret
}

func (failingStore) Documents(context.Context, casestore.DocumentFilter) ([]casestore.Document, error) {
	return nil, errSecret
}

// failingFlows is a trade-flow store whose every query fails.
type failingFlows struct{}

func (failingFlows) Suppliers(context.Context, flows.SupplierQuery) ([]flows.SupplierRow, error) {
	return nil, errSecret
}

// TestInternalErrorHidden checks that a 500 shows no error text, only a
// request id that the log line carries with the error (issue 15, item 5).
func TestInternalErrorHidden(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.Store, o.Flows = failingStore{o.Store}, failingFlows{} })
	check := func(t *testing.T, body string) {
		t.Helper()
		if strings.Contains(body, "secret") || strings.Contains(body, "relation") {
			t.Fatalf("the answer shows the error: %s", body)
		}
		i := strings.Index(body, "equest id ")
		if i < 0 {
			t.Fatalf("no request id in the answer: %s", body)
		}
		id := body[i+len("equest id ") : i+len("equest id ")+16]
		logs := e.logs.String()
		if !strings.Contains(logs, "request_id="+id) || !strings.Contains(logs, "secret/cases.db") {
			t.Fatalf("the log lacks request id %s with the error:\n%s", id, logs)
		}
	}
	t.Run("api", func(t *testing.T) {
		code, body := e.do("GET", "/alerts", casestore.Viewer, "")
		if code != 500 {
			t.Fatalf("status %d: %s", code, body)
		}
		check(t, string(body))
	})
	for _, page := range []string{"/ui/alerts?status=open", "/ui/flows/suppliers", "/ui/evidence"} {
		t.Run("ui "+page, func(t *testing.T) {
			c, _ := e.browser(casestore.Viewer)
			resp, err := c.Get(e.ts.URL + page)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 500 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			check(t, string(b))
		})
	}
	t.Run("api /evidence", func(t *testing.T) {
		code, body := e.do("GET", "/evidence", casestore.Viewer, "")
		if code != 500 {
			t.Fatalf("status %d: %s", code, body)
		}
		check(t, string(body))
	})
}
