package server_test

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/server"
)

// TestListsPageShowsFailedImport is issue 13 item 2: after a failed
// `lists import` the Lists page said "Last update —".
func TestListsPageShowsFailedImport(t *testing.T) {
	orig, err := os.ReadFile(unList)
	if err != nil {
		t.Skipf("UN list not found: %v", err)
	}
	dir := t.TempDir()
	cut := filepath.Join(dir, "consolidated-2026-03-06.xml")
	if err := os.WriteFile(cut, orig[:len(orig)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	ls, err := lists.Open(filepath.Join(dir, "lists"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{unList, cut} {
		if _, err := ls.Import(t.Context(), []string{p}, lists.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	e := newEnv(t, func(o *server.Options) { o.Lists = ls })
	c, _ := e.browser(casestore.Viewer)
	resp, err := c.Get(e.ts.URL + "/ui/lists")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	resp.Body.Close()
	page := html.UnescapeString(b.String())
	if !strings.Contains(page, "failed") || !strings.Contains(page, cut+":") {
		t.Errorf("the Lists page does not show the failed import with its position:\n%s", page)
	}
}
