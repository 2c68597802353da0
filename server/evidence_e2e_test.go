package server_test

import (
	"context"
	"flag"
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
	exe := chromium(t)
	e := newEnv(t, withScreener)
	out := *screenshots
	if f := flag.Lookup("test.artifacts"); out == "" && f != nil && f.Value.String() == "true" {
		out = t.ArtifactDir()
	}
	if out == "" {
		out = filepath.Join(os.TempDir(), "redline-e2e")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", out)
	file := filepath.Join(t.TempDir(), "lancet-report.txt")
	if err := os.WriteFile(file, []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			shot(t, ctx, out, "failed-evidence-"+name)
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	u := e.ts.URL

	step("log in", chromedp.Navigate(u+"/ui/evidence"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "analyst-user"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#evidence-form`)))
	if got := text("header nav a.on"); got != "Evidence" {
		t.Fatalf("navigation shows %q as the current page, want Evidence", got)
	}
	step("add a document",
		chromedp.SetUploadFiles(chromedp.CSS("#evidence-file"), []string{file}),
		chromedp.SendKeys(chromedp.CSS("#source-url"), "https://example.org/news/lancet"),
		chromedp.SetValue(chromedp.CSS("#published"), "2026-03-03"),
		chromedp.SendKeys(chromedp.CSS("#title"), "Lancets for the army"),
		chromedp.Click(chromedp.CSS(`#evidence-form button`)),
		chromedp.WaitVisible(chromedp.CSS(".doc-text")))
	if got := text("p.flash"); !strings.Contains(got, "added to the ledger") {
		t.Fatalf("flash %q", got)
	}
	for sel, want := range map[string]string{
		".doc-text span.party.listed": "Aeroscan",
		".doc-text span.good":         "Lancet-3",
		".doc-text span.claim":        "Investigators say ",
		"#parties":                    "AEROSCAN",
		"#claims":                     "Kalashnikov Concern JSC",
	} {
		if got := text(sel); !strings.Contains(got, want) {
			t.Errorf("%s reads %q, want %q in it", sel, got, want)
		}
	}
	shot(t, ctx, out, "ev-01-document")

	step("review the claim",
		chromedp.SetValue(chromedp.CSS(`form.review select[name="verdict"]`), "confirmed"),
		chromedp.SendKeys(chromedp.CSS(`form.review textarea[name="note"]`), "Customs records: 12 consignments, January 2026"),
		chromedp.Click(chromedp.CSS(`form.review button`)),
		chromedp.WaitVisible(chromedp.CSS("#claims ol.history")))
	if got := text("#claims ol.history"); !strings.Contains(got, "confirmed by analyst-user") || !strings.Contains(got, "12 consignments") {
		t.Fatalf("review history %q", got)
	}
	if got := text("#claims .status"); got != "confirmed" {
		t.Fatalf("claim verdict %q", got)
	}
	shot(t, ctx, out, "ev-02-reviewed")
	log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "claim.review"})
	if len(log) != 1 || log[0].Actor != "analyst-user" {
		t.Fatalf("review not audited: %+v", log)
	}

	step("list", chromedp.Navigate(u+"/ui/evidence"), chromedp.WaitVisible(chromedp.CSS("#documents")))
	if got := text("#documents"); !strings.Contains(got, "Lancets for the army") {
		t.Fatalf("list %q", got)
	}
	shot(t, ctx, out, "ev-03-list")

	step("entity", chromedp.Navigate(u+"/ui/entities/"+aeroscanID), chromedp.WaitVisible(chromedp.CSS(".evidence-docs")))
	if got := text(".evidence-docs"); !strings.Contains(got, "Lancets for the army") {
		t.Fatalf("entity page evidence %q", got)
	}
	shot(t, ctx, out, "ev-04-entity")
}
