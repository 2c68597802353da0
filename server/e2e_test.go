package server_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/testutil"
)

var screenshots = flag.String("screenshots", "", "folder for the browser tests' screenshots (default: go test's artifact folder with -artifacts [-outputdir DIR], else a redline-e2e folder in the system temp folder)")

// chromium finds Debian's Chromium, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	testutil.Skipf(t, "browser test skipped: Chromium not installed (apt-get install -y chromium fonts-wqy-microhei)")
	return ""
}

// TestBrowser drives Chromium headless against the real server on loopback
// with the real lists: log in, search (instant results), open an entity,
// decide an alert, upload a parties file, and look at the lists and the
// audit log, saving a screenshot of each page.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	e := newEnv(t, nil)
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

	// Alerts to work on: a screening through the API, and one with a
	// Chinese party name.
	csv := "id,name,schema,country\nk-17,Eric Badege,Person,cd\nk-18,Мария Александровна Осетрова,Person,ru\n"
	if code, body := e.do("POST", "/screen/parties?name=onboarding.csv", casestore.Analyst, csv); code != 200 {
		t.Fatalf("seeding alerts: %d %s", code, body)
	}
	run, _ := e.store.CreateRun(t.Context(), casestore.Run{Actor: "analyst-user", Kind: "parties", Source: "suppliers.csv"})
	e.store.AddAlerts(t.Context(), run.ID, []casestore.Alert{{
		PartyKey: "id:s-9", PartyName: "深圳市华创电子有限公司 (Shenzhen Huachuang Electronics)", Party: json.RawMessage(`{"id":"s-9","name":"深圳市华创电子有限公司"}`),
		EntityID: "NK-56Edov9bas9puzaChH5pBy", EntityCaption: `ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ИЖТЕЛЕКОМ"`, EntityHash: "v1",
		Dataset: "zala", Score: 0.81, Explanation: json.RawMessage(`{"query_name":"华创电子","matched_name":"ИЖТЕЛЕКОМ","name_score":0.81}`),
	}})
	upload := filepath.Join(t.TempDir(), "customers.csv")
	os.WriteFile(upload, []byte("id,name,schema,country\nc-1,Frank Kakolele Bwambale,Person,cd\nc-2,Hortensia Quillfeather,Person,gb\nc-3,Gaston Iyamuremye,Person,rw\nc-4,李明,Person,cn\n"), 0o644)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// Start the browser without a timeout (a timeout on the first run stops
	// the browser), then bound each step.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			shot(t, ctx, out, "failed-"+name)
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

	// 1. Log in.
	step("login page", chromedp.Navigate(u+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	shot(t, ctx, out, "01-login")
	step("log in",
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "analyst-user"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.filters`)), // back on the page asked for
	)

	// 2. Search with instant results.
	step("search", chromedp.Navigate(u+"/ui/search"), chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "Мария Осетрова"),
		chromedp.WaitVisible(chromedp.CSS("#results table.results a")))
	// Results come as the user types: those of a prefix may show first,
	// on a loaded machine for a while. Wait for the full query's.
	got := ""
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if got = text("#results table.results a"); strings.Contains(got, "OSETROVA") {
			break
		}
	}
	if !strings.Contains(got, "OSETROVA") {
		t.Fatalf("first search result %q, want OSETROVA", got)
	}
	shot(t, ctx, out, "02-search")

	// 3. Open the entity.
	step("entity", chromedp.Click(chromedp.CSS("#results table.results a")), chromedp.WaitVisible(chromedp.CSS("td.name")))
	if got := text("main"); !strings.Contains(got, "Мария Александровна Осетрова") || !strings.Contains(got, "183116181362") {
		t.Fatalf("entity page lacks the Cyrillic name or the INN:\n%s", got)
	}
	shot(t, ctx, out, "03-entity")

	// 4. Decide an alert.
	step("alerts", chromedp.Navigate(u+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS("table.results")))
	shot(t, ctx, out, "04-alerts")
	step("open alert", chromedp.Click(chromedp.CSS(`table.results tbody tr:last-child td a`)), chromedp.WaitVisible(chromedp.CSS("form.decide")))
	step("decide",
		chromedp.Click(chromedp.CSS(`input[value="false_positive"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="reason"]`), "Customer born 1990 in Kinshasa; the listed person in 1971"),
		chromedp.Click(chromedp.CSS(`form.decide button`)),
		chromedp.WaitVisible(chromedp.CSS("ol.history")))
	if got := text("ol.history"); !strings.Contains(got, "false positive") || !strings.Contains(got, "analyst-user") {
		t.Fatalf("decision history %q", got)
	}
	shot(t, ctx, out, "05-alert-decided")
	ds, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "decision.add"})
	if len(ds) != 1 || ds[0].Actor != "analyst-user" {
		t.Fatalf("decision not in the audit log: %+v", ds)
	}

	// 5. Upload a parties file.
	step("upload", chromedp.Navigate(u+"/ui/upload"), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{upload}),
		chromedp.Click(chromedp.CSS(`#upload-form button`)),
		chromedp.WaitVisible(chromedp.CSS("p.stats")))
	if got := text("p.stats"); !strings.Contains(got, "4 records") || !strings.Contains(got, "new alerts") {
		t.Fatalf("upload summary %q", got)
	}
	shot(t, ctx, out, "06-upload")

	// 6. Lists and audit log (as admin).
	step("lists", chromedp.Navigate(u+"/ui/lists"), chromedp.WaitVisible(chromedp.CSS("table.results")),
		chromedp.Click(chromedp.CSS(`form.inline-form button`)), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if got := text("p.flash"); !strings.Contains(got, "Re-screening finished") {
		t.Fatalf("re-screening flash %q", got)
	}
	shot(t, ctx, out, "07-lists")
	step("log out", chromedp.Click(chromedp.CSS("button.link")), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "admin-user"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.Navigate(u+"/ui/audit"), chromedp.WaitVisible(chromedp.CSS("table.audit")))
	if got := text("table.audit"); !strings.Contains(got, "decision.add") || !strings.Contains(got, "session.login") {
		t.Fatalf("audit page lacks entries:\n%s", got)
	}
	shot(t, ctx, out, "08-audit")
	step("alerts with CJK", chromedp.Navigate(u+"/ui/alerts?status=all"), chromedp.WaitVisible(chromedp.CSS("table.results")))
	shot(t, ctx, out, "09-alerts-all")
}

// shot saves a full-page screenshot as out/name.png.
func shot(t *testing.T, ctx context.Context, out, name string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(out, name+".png"), buf, 0o644); err != nil {
		t.Error(err)
	}
}
