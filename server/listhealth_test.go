package server_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/server"
)

// TestMissingCurrentReported removes the "current" file of one stored
// list: /readyz must fail and name it, GET /lists and the UI must show
// it, and the log must say it (issue 15, item 13: the list vanished, and
// /readyz said ok).
func TestMissingCurrentReported(t *testing.T) {
	realIndex(t)
	ls, err := lists.Open(filepath.Join(t.TempDir(), "lists"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ls.Import(context.Background(), []string{unList, zalaList}, lists.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(o *server.Options) { o.Lists = ls })
	if code, body := e.do("GET", "/readyz", "", ""); code != 200 {
		t.Fatalf("readyz before: %d %s", code, body)
	}
	if err := os.Remove(filepath.Join(ls.Dir(), "un_sc_sanctions", "current")); err != nil {
		t.Fatal(err)
	}
	code, body := e.do("GET", "/readyz", "", "")
	if code != 503 || !strings.Contains(string(body), "un_sc_sanctions") {
		t.Fatalf("readyz without UN's current file: %d %s; want 503 naming un_sc_sanctions", code, body)
	}
	var lr struct{ Problems []string }
	code, body = e.do("GET", "/lists", casestore.Viewer, "")
	decode(t, body, &lr)
	if code != 200 || len(lr.Problems) != 1 || !strings.Contains(lr.Problems[0], "un_sc_sanctions") {
		t.Fatalf("/lists: %d %s", code, body)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "list not loaded") || !strings.Contains(logs, "un_sc_sanctions: 1 stored version(s)") {
		t.Fatalf("the log does not report it:\n%s", logs)
	}
	c, _ := e.browser(casestore.Viewer)
	resp, err := c.Get(e.ts.URL + "/ui/lists")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Not screened: un_sc_sanctions") {
		t.Fatalf("the lists page does not show the problem")
	}
}
