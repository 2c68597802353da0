package server_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/browsertest"
)

// TestBrowserFourEyes drives Chromium through maker–checker: analyst A
// clears an exact (1.00) UN hit; the alert stays open, awaiting a second
// approval; A sees no approve form and the server refuses A's approval
// (analysts may check here, but not their own requests); B approves on the
// Approvals page; the alert is closed as a false positive, and re-screening
// suppresses the pair.
func TestBrowserFourEyes(t *testing.T) {
	fe := casestore.DefaultFourEyes()
	fe.Checker = casestore.Analyst
	e := newFourEyesEnv(t, fe, nil)
	a := badegeAlert(t, e)
	br := openBrowser(t, 1280, 900, 30*time.Second)
	u := e.ts.URL
	alertURL := fmt.Sprintf("%s/ui/alerts/%d", u, a.ID)

	// A clears the alert.
	br.Step(t, "login page", chromedp.Navigate(alertURL), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, br, "analyst-user", "form.decide")
	br.Step(t, "clear",
		chromedp.Click(chromedp.CSS(`input[value="false_positive"]`)),
		chromedp.SendKeys(chromedp.CSS(`form.decide textarea[name="reason"]`), "Customer born 1990 in Goma; the listed man in 1971"),
		chromedp.Click(chromedp.CSS(`form.decide button`)),
		chromedp.WaitVisible(chromedp.CSS("#pending")))
	if got := br.Text(t, "#pending"); !strings.Contains(got, "awaiting second approval by another user") || !strings.Contains(got, "analyst-user") ||
		!strings.Contains(got, "another user must approve or reject it") {
		t.Fatalf("pending box for the maker: %q", got)
	}
	if got := br.Text(t, "p.alert-status"); !strings.Contains(got, "open") {
		t.Fatalf("alert status line after clearing: %q; want open", got)
	}
	br.Shot(t, "four-eyes-01-pending")
	br.Step(t, "alerts list", chromedp.Navigate(u+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS("table.results")))
	if got := br.Text(t, "table.results tbody"); !strings.Contains(got, "awaiting approval") {
		t.Fatalf("the alerts list does not mark the pending clearance: %q", got)
	}

	// A cannot approve: no form, and the server refuses a forged one.
	pend, _ := e.store.Clearances(t.Context(), casestore.ClearanceFilter{Status: casestore.ClearancePending})
	if len(pend) != 1 {
		t.Fatalf("pending requests: %+v", pend)
	}
	row := fmt.Sprintf("#clearance-%d", pend[0].ID)
	br.Step(t, "approvals as maker", chromedp.Navigate(u+"/ui/approvals"), chromedp.WaitVisible(chromedp.CSS(row)))
	if got := br.Text(t, row); !strings.Contains(got, "yours: another user must check it") || !strings.Contains(got, "Eric Badege") {
		t.Fatalf("the maker's row: %q", got)
	}
	if forms := count(t, br, "form.check"); forms != 0 {
		t.Fatalf("the maker sees %d approve forms", forms)
	}
	br.Shot(t, "four-eyes-02-maker-approvals")
	forge := fmt.Sprintf(`(() => {
		const f = document.createElement("form");
		f.method = "post"; f.action = "/ui/approvals/%d";
		for (const [k, v] of [["csrf", document.querySelector("input[name=csrf]").value], ["verdict", "approve"], ["reason", "my own"]]) {
			const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i);
		}
		document.body.appendChild(f); f.submit(); return true;
	})()`, pend[0].ID)
	br.Step(t, "forged approval", chromedp.Evaluate[chromedp.Void](forge), chromedp.WaitVisible(chromedp.CSS("p.error")))
	if got := br.Text(t, "p.error"); !strings.Contains(got, "cannot check it") {
		t.Fatalf("the maker's approval: %q", got)
	}
	if c, _ := e.store.Clearance(t.Context(), pend[0].ID); c.Status != casestore.ClearancePending {
		t.Fatalf("after the maker's approval the request is %q", c.Status)
	}

	// B approves.
	br.Step(t, "log out", chromedp.Click(chromedp.CSS("button.link")), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, br, "admin-user", "#q")
	br.Step(t, "approvals as checker", chromedp.Navigate(u+"/ui/approvals"), chromedp.WaitVisible(chromedp.CSS(row+" form.check")))
	// The final review: the example reason was cut off in its box.
	if !evalBool(t, br, placeholderFits(row+` textarea[name="reason"]`)) {
		t.Errorf("the checker's reason placeholder %q does not fit its box", placeholder(t, br, row+` textarea[name="reason"]`))
	}
	br.Shot(t, "four-eyes-03-checker-approvals")
	br.Step(t, "approve",
		chromedp.SendKeys(chromedp.CSS(row+` textarea[name="reason"]`), "Checked the passport copy: born 1990"),
		chromedp.Click(chromedp.CSS(row+` button[value="approve"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if got := br.Text(t, "p.flash"); !strings.Contains(got, "approved") {
		t.Fatalf("flash after approval: %q", got)
	}
	// Settled rows name both sides of the alert, as pending ones do, and
	// the check's time to the second, as everywhere else.
	if got := br.Text(t, "table.settled tbody"); !strings.Contains(got, "Eric Badege ≈ ERIC BADEGE") ||
		!regexp.MustCompile(`admin-user\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`).MatchString(got) {
		t.Errorf("settled requests %q", got)
	}
	br.Shot(t, "four-eyes-04-approved")

	// The alert is closed and suppressed from then on.
	br.Step(t, "alert after approval", chromedp.Navigate(alertURL), chromedp.WaitVisible(chromedp.CSS("ol.history")))
	if got := br.Text(t, "ol.history"); !strings.Contains(got, "false positive") || !strings.Contains(got, "analyst-user") {
		t.Fatalf("decision history %q", got)
	}
	if got := br.Text(t, "ol.clearances"); !regexp.MustCompile(`approved by admin-user, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`).MatchString(got) {
		t.Fatalf("clearance history %q", got)
	}
	if count(t, br, "#pending") != 0 {
		t.Fatal("the alert still shows a pending request after approval")
	}
	br.Shot(t, "four-eyes-05-alert-closed")
	if got, _ := e.store.Alert(t.Context(), a.ID); got.Status != string(casestore.FalsePositive) {
		t.Fatalf("alert status %q", got.Status)
	}
	if code, body := e.do("POST", "/rescreen", casestore.Analyst, ""); code != 200 || !strings.Contains(string(body), `"suppressed":1`) {
		t.Fatalf("re-screening after approval: %d %s; want the pair suppressed", code, body)
	}
	var actions []string
	log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Limit: 1000})
	for i := len(log) - 1; i >= 0; i-- {
		if strings.HasPrefix(log[i].Action, "clearance.") || log[i].Action == "decision.add" {
			actions = append(actions, log[i].Actor+" "+log[i].Action)
		}
	}
	if want := "[analyst-user clearance.request analyst-user decision.add admin-user clearance.approve]"; fmt.Sprint(actions) != want {
		t.Fatalf("audit %v, want %s", actions, want)
	}
}

// count returns how many elements the page has that match the CSS
// selector sel.
func count(t *testing.T, br *browsertest.Browser, sel string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(br.Ctx, br.Timeout)
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		t.Fatalf("counting %s: %v", sel, err)
	}
	return n
}
