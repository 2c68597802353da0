package server_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/casestore"
)

// TestBrowser drives Chromium headless against the real server on loopback
// with the real lists: log in, search (instant results), open an entity,
// decide an alert, upload a parties file, and look at the lists and the
// audit log, saving a screenshot of each page.
func TestBrowser(t *testing.T) {
	e := newEnv(t, nil)
	br := openBrowser(t, 1280, 800, 30*time.Second)

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

	u := e.ts.URL

	// 1. Log in.
	br.Step(t, "login page", chromedp.Navigate(u+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	br.Shot(t, "01-login")
	logIn(t, br, "analyst-user", `form.filters`) // back on the page asked for

	// 2. Search with instant results.
	br.Step(t, "search", chromedp.Navigate(u+"/ui/search"), chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "Мария Осетрова"),
		chromedp.WaitVisible(chromedp.CSS("#results table.results a")))
	// Results come as the user types: those of a prefix may show first,
	// on a loaded machine for a while. Wait for the full query's.
	br.WaitText(t, "#results table.results a", func(s string) bool { return strings.Contains(s, "OSETROVA") })
	br.Shot(t, "02-search")

	// 3. Open the entity.
	br.Step(t, "entity", chromedp.Click(chromedp.CSS("#results table.results a")), chromedp.WaitVisible(chromedp.CSS("td.name")))
	if got := br.Text(t, "main"); !strings.Contains(got, "Мария Александровна Осетрова") || !strings.Contains(got, "183116181362") {
		t.Fatalf("entity page lacks the Cyrillic name or the INN:\n%s", got)
	}
	br.Shot(t, "03-entity")
	// The final review: from the entity to its alerts (the page had no
	// way back to them).
	br.Step(t, "entity's alerts", chromedp.Click(chromedp.CSS("a.entity-alerts")), chromedp.WaitVisible(chromedp.CSS("table.results")))
	if got := br.Text(t, "table.results tbody"); !strings.Contains(got, "OSETROVA, Maria Aleksandrovna") || strings.Contains(got, "ERIC BADEGE") {
		t.Fatalf("the entity's alerts:\n%s", got)
	}
	br.Shot(t, "03-entity-alerts")

	// 4. Decide an alert.
	br.Step(t, "alerts", chromedp.Navigate(u+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS("table.results")))
	br.Shot(t, "04-alerts")
	br.Step(t, "open alert", chromedp.Click(chromedp.CSS(`table.results tbody tr:last-child td a`)), chromedp.WaitVisible(chromedp.CSS("form.decide")))
	br.Step(t, "decide",
		chromedp.Click(chromedp.CSS(`input[value="false_positive"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="reason"]`), "Customer born 1990 in Kinshasa; the listed person in 1971"),
		chromedp.Click(chromedp.CSS(`form.decide button`)),
		chromedp.WaitVisible(chromedp.CSS("ol.history")))
	if got := br.Text(t, "ol.history"); !strings.Contains(got, "false positive") || !strings.Contains(got, "analyst-user") {
		t.Fatalf("decision history %q", got)
	}
	br.Shot(t, "05-alert-decided")
	ds, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "decision.add"})
	if len(ds) != 1 || ds[0].Actor != "analyst-user" {
		t.Fatalf("decision not in the audit log: %+v", ds)
	}

	// 5. Upload a parties file.
	br.Step(t, "upload", chromedp.Navigate(u+"/ui/upload"), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{upload}),
		chromedp.Click(chromedp.CSS(`#upload-form button`)),
		chromedp.WaitVisible(chromedp.CSS("p.stats")))
	if got := br.Text(t, "p.stats"); !strings.Contains(got, "4 records") || !strings.Contains(got, "new alerts") {
		t.Fatalf("upload summary %q", got)
	}
	br.Shot(t, "06-upload")

	// 6. Lists and audit log (as admin).
	br.Step(t, "lists", chromedp.Navigate(u+"/ui/lists"), chromedp.WaitVisible(chromedp.CSS("table.results")),
		chromedp.Click(chromedp.CSS(`form.inline-form button`)), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if got := br.Text(t, "p.flash"); !strings.Contains(got, "Re-screening finished") {
		t.Fatalf("re-screening flash %q", got)
	}
	br.Shot(t, "07-lists")
	br.Step(t, "log out", chromedp.Click(chromedp.CSS("button.link")), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, br, "admin-user", "#q")
	br.Step(t, "audit", chromedp.Navigate(u+"/ui/audit"), chromedp.WaitVisible(chromedp.CSS("table.audit")))
	if got := br.Text(t, "table.audit"); !strings.Contains(got, "decision.add") || !strings.Contains(got, "session.login") {
		t.Fatalf("audit page lacks entries:\n%s", got)
	}
	br.Shot(t, "08-audit")
	br.Step(t, "alerts with CJK", chromedp.Navigate(u+"/ui/alerts?status=all"), chromedp.WaitVisible(chromedp.CSS("table.results")))
	br.Shot(t, "09-alerts-all")
}
