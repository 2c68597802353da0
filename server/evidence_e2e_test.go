package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/casestore"
)

// TestBrowserEvidence drives Chromium headless through the evidence
// ledger: add a document through the form, read its page (highlighted
// parties, goods and the claim's sentence), review the claim, and find the
// document from the listed entity's page, saving a screenshot of each.
func TestBrowserEvidence(t *testing.T) {
	e := newEnv(t, withScreener)
	br := openBrowser(t, 1280, 900, 30*time.Second)
	file := filepath.Join(t.TempDir(), "lancet-report.txt")
	if err := os.WriteFile(file, []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}

	u := e.ts.URL

	br.Step(t, "evidence login page", chromedp.Navigate(u+"/ui/evidence"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, br, "analyst-user", `#evidence-form`)
	if got := br.Text(t, "header nav a.on"); got != "Evidence" {
		t.Fatalf("navigation shows %q as the current page, want Evidence", got)
	}
	br.Step(t, "evidence add a document",
		chromedp.SetUploadFiles(chromedp.CSS("#evidence-file"), []string{file}),
		chromedp.SendKeys(chromedp.CSS("#source-url"), "https://example.org/news/lancet"),
		chromedp.SetValue(chromedp.CSS("#published"), "2026-03-03"),
		chromedp.SendKeys(chromedp.CSS("#title"), "Lancets for the army"),
		chromedp.Click(chromedp.CSS(`#evidence-form button`)),
		chromedp.WaitVisible(chromedp.CSS(".doc-text")))
	if got := br.Text(t, "p.flash"); !strings.Contains(got, "added to the ledger") {
		t.Fatalf("flash %q", got)
	}
	for sel, want := range map[string]string{
		".doc-text span.party.listed": "Aeroscan",
		".doc-text span.good":         "Lancet-3",
		".doc-text span.claim":        "Investigators say ",
		"#parties":                    "AEROSCAN",
		"#claims":                     "Kalashnikov Concern JSC",
	} {
		if got := br.Text(t, sel); !strings.Contains(got, want) {
			t.Errorf("%s reads %q, want %q in it", sel, got, want)
		}
	}
	br.Shot(t, "ev-01-document")

	br.Step(t, "evidence review the claim",
		chromedp.SetValue(chromedp.CSS(`form.review select[name="verdict"]`), "confirmed"),
		chromedp.SendKeys(chromedp.CSS(`form.review textarea[name="note"]`), "Customs records: 12 consignments, January 2026"),
		chromedp.Click(chromedp.CSS(`form.review button`)),
		chromedp.WaitVisible(chromedp.CSS("#claims ol.history")))
	if got := br.Text(t, "#claims ol.history"); !strings.Contains(got, "confirmed by analyst-user") || !strings.Contains(got, "12 consignments") {
		t.Fatalf("review history %q", got)
	}
	if got := br.Text(t, "#claims .status"); got != "confirmed" {
		t.Fatalf("claim verdict %q", got)
	}
	br.Shot(t, "ev-02-reviewed")
	log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "claim.review"})
	if len(log) != 1 || log[0].Actor != "analyst-user" {
		t.Fatalf("review not audited: %+v", log)
	}

	br.Step(t, "evidence list", chromedp.Navigate(u+"/ui/evidence"), chromedp.WaitVisible(chromedp.CSS("#documents")))
	if got := br.Text(t, "#documents"); !strings.Contains(got, "Lancets for the army") {
		t.Fatalf("list %q", got)
	}
	br.Shot(t, "ev-03-list")

	br.Step(t, "evidence entity", chromedp.Navigate(u+"/ui/entities/"+aeroscanID), chromedp.WaitVisible(chromedp.CSS(".evidence-docs")))
	if got := br.Text(t, ".evidence-docs"); !strings.Contains(got, "Lancets for the army") {
		t.Fatalf("entity page evidence %q", got)
	}
	br.Shot(t, "ev-04-entity")
}
