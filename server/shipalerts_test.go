package server_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/server"
)

// tradeCSV is a shipments file over the real lists: S-1 is clean trade;
// S-2 ships a GNSS module (CHPL) to Russia with a listed consignee (Eric
// Badege, unsc-6907993).
const tradeCSV = "Shipment ID,Shipper Name,Shipper Country,Consignee,Consignee Country,End User,End User Country,HS Code,Product Description,Destination Country\n" +
	"S-1,Atlas Foods Inc.,US,Lakeside Retail Ltd,CA,,,0901.21,Roasted coffee,CA\n" +
	"S-2,Shenzhen Jinhai Co. Ltd.,CN,Eric Badege,CD,Ural Tekhno,RU,8526.91,GNSS module,RU\n"

// shipmentSummary is the summary line of POST /screen/shipments.
type shipmentSummary struct {
	Summary struct {
		RunID      int64 `json:"run_id"`
		Shipments  int   `json:"shipments"`
		Flagged    int   `json:"flagged"`
		Alerts     int   `json:"alerts"`
		Suppressed int   `json:"suppressed"`
		Repeated   int   `json:"repeated"`
		Error      string
	} `json:"summary"`
}

func screenTrade(t *testing.T, e *env) shipmentSummary {
	t.Helper()
	code, body := e.do("POST", "/screen/shipments?name=trade.csv", casestore.Analyst, tradeCSV, "Content-Type", "text/csv")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	lines := bytes.Split(bytes.TrimSpace(body), []byte("\n"))
	var sum shipmentSummary
	decode(t, lines[len(lines)-1], &sum)
	return sum
}

// TestShipmentAlerts screens shipments through the API and follows what
// the screening left: the run (GET /runs/{id}) with its counts and alerts,
// a shipment alert for the flagged shipment (its flags with their
// guidance, its parties and goods) and a party alert for its listed
// consignee, both decided like any alert; screening the same file again
// repeats or, after a false-positive decision, suppresses them.
func TestShipmentAlerts(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Shipments = server.NewShipmentScreener(o.Lists, o.Holder, 0.8)
	})
	sum := screenTrade(t, e).Summary
	if sum.RunID == 0 || sum.Shipments != 2 || sum.Flagged != 1 || sum.Alerts != 2 || sum.Error != "" {
		t.Fatalf("summary %+v; want 2 shipments, 1 flagged, 2 alerts (the shipment and its listed consignee)", sum)
	}

	code, body := e.do("GET", fmt.Sprintf("/runs/%d", sum.RunID), casestore.Viewer, "")
	if code != 200 {
		t.Fatalf("GET /runs/%d: %d %s", sum.RunID, code, body)
	}
	var got struct {
		Run    casestore.Run     `json:"run"`
		Alerts []casestore.Alert `json:"alerts"`
	}
	decode(t, body, &got)
	if r := got.Run; r.Kind != "shipments" || r.Source != "trade.csv" || r.Finished == nil || r.Parties != 2 || r.Hits != 2 || r.Alerts != 2 || len(got.Alerts) != 2 {
		t.Fatalf("GET /runs/%d: %s", sum.RunID, body)
	}
	var ship, party casestore.Alert
	for _, a := range got.Alerts {
		switch a.Kind {
		case casestore.KindShipment:
			ship = a
		case casestore.KindParty:
			party = a
		}
	}
	if ship.PartyName != "S-2" || ship.Score <= 0.5 || ship.Status != casestore.StatusOpen || !strings.Contains(ship.EntityCaption, "Ural Tekhno") {
		t.Fatalf("shipment alert %+v", ship)
	}
	var expl struct {
		Risk  int    `json:"risk"`
		Level string `json:"level"`
		HS    string `json:"hs_code"`
		Flags []struct {
			Rule, Source string
			EntityID     string `json:"entity_id"`
		} `json:"flags"`
	}
	decode(t, ship.Explanation, &expl)
	rules := map[string]string{}
	for _, f := range expl.Flags {
		if f.Source == "" {
			t.Errorf("flag %s cites no guidance", f.Rule)
		}
		rules[f.Rule] = f.EntityID
	}
	if expl.Level != "high" || expl.HS != "852691" || rules["listed_party"] != "unsc-6907993" {
		t.Fatalf("shipment explanation %s", ship.Explanation)
	}
	var shipped struct {
		Parties []struct{ Role, Name string } `json:"parties"`
		Line    int                           `json:"line"`
	}
	decode(t, ship.Party, &shipped)
	if len(shipped.Parties) != 3 || shipped.Line != 3 {
		t.Fatalf("shipment as stored %s", ship.Party)
	}
	if party.PartyName != "Eric Badege" || party.EntityID != "unsc-6907993" || party.Score < 0.8 {
		t.Fatalf("party alert %+v", party)
	}
	var pexpl struct {
		QueryName string  `json:"query_name"`
		NameScore float64 `json:"name_score"`
	}
	decode(t, party.Explanation, &pexpl)
	if pexpl.QueryName != "Eric Badege" || pexpl.NameScore < 0.8 {
		t.Fatalf("party alert explanation %s", party.Explanation)
	}

	// Filters and errors.
	for _, tc := range []struct {
		name, path string
		code       int
		want       int // alerts listed
	}{
		{"shipments", "/alerts?kind=shipment", 200, 1},
		{"parties", "/alerts?kind=party", 200, 1},
		{"run and kind", fmt.Sprintf("/runs/%d?kind=shipment", sum.RunID), 200, 1},
		{"bad kind", "/alerts?kind=container", 400, 0},
		{"unknown run", "/runs/424242", 404, 0},
		{"bad run id", "/runs/x", 400, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("GET", tc.path, casestore.Viewer, "")
			if code != tc.code {
				t.Fatalf("%s: %d %s", tc.path, code, body)
			}
			if code != 200 {
				return
			}
			var got struct{ Alerts []casestore.Alert }
			decode(t, body, &got)
			if len(got.Alerts) != tc.want {
				t.Fatalf("%s: %d alerts, want %d", tc.path, len(got.Alerts), tc.want)
			}
		})
	}

	// Decided like a party alert.
	code, body = e.do("POST", fmt.Sprintf("/alerts/%d/decisions", ship.ID), casestore.Analyst,
		`{"decision":"false_positive","reason":"licensed: export licence DE-2026-114 covers the GNSS modules"}`)
	if code != 201 {
		t.Fatalf("decide: %d %s", code, body)
	}
	again := screenTrade(t, e).Summary
	if again.Alerts != 0 || again.Suppressed != 1 || again.Repeated != 1 {
		t.Fatalf("screened again: %+v; want the shipment suppressed and the party repeated", again)
	}

	// The UI pages of the run and the alert.
	ui, _ := e.browser(casestore.Viewer)
	pages := []struct {
		path string
		want []string
	}{
		{"/ui/runs", []string{fmt.Sprintf(`href="/ui/runs/%d"`, sum.RunID), "trade.csv", "shipments"}},
		{fmt.Sprintf("/ui/runs/%d", sum.RunID), []string{"S-2", "listed_party", "Eric Badege", "2</b> shipments screened", "2</b> new alerts"}},
		{fmt.Sprintf("/ui/runs/%d", again.RunID), []string{"1 suppressed", "1 already alerted", "raised no new alerts"}},
		{fmt.Sprintf("/ui/alerts/%d", ship.ID), []string{"Red flags", "Ural Tekhno", "GNSS module", "852691", "/ui/entities/unsc-6907993", "false positive", fmt.Sprintf(`href="/ui/runs/%d"`, sum.RunID)}},
		{"/ui/alerts?status=all&kind=shipment", []string{"S-2", "shipment-alert"}},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			resp, err := ui.Get(e.ts.URL + p.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %.300s", resp.StatusCode, b)
			}
			for _, w := range p.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

// TestUploadShipmentsRecordsAlerts uploads shipments on the upload page:
// the flagged shipment becomes an alert and the result links to its run.
func TestUploadShipmentsRecordsAlerts(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Shipments = server.NewShipmentScreener(o.Lists, o.Holder, 0.8)
	})
	ui, csrf := e.browser(casestore.Analyst)
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("csrf", csrf)
	mw.WriteField("kind", "shipments")
	fw, _ := mw.CreateFormFile("file", "trade.csv")
	fw.Write([]byte(tradeCSV))
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/ui/upload", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := ui.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.500s", resp.StatusCode, page)
	}
	runs, err := e.store.Runs(t.Context(), 1)
	if err != nil || len(runs) != 1 || runs[0].Kind != "shipments" || runs[0].Alerts != 2 {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	for _, w := range []string{fmt.Sprintf(`href="/ui/runs/%d"`, runs[0].ID), "1</b> at medium or high risk", "2</b> new alerts", "kind=shipment"} {
		if !bytes.Contains(page, []byte(w)) {
			t.Errorf("upload result lacks %q", w)
		}
	}
	as, err := e.store.Alerts(t.Context(), casestore.AlertFilter{Kind: casestore.KindShipment})
	if err != nil || len(as) != 1 || as[0].PartyName != "S-2" || as[0].RunID != runs[0].ID {
		t.Fatalf("shipment alerts %+v, %v", as, err)
	}
}

// TestEmptyAlertQueue checks that the alert queue of a store without
// alerts says how alerts are made, and that a filter that selects none
// says only that.
func TestEmptyAlertQueue(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Shipments = server.NewShipmentScreener(o.Lists, o.Holder, 0.8)
	})
	get := func(role casestore.Role, path string) string {
		ui, _ := e.browser(role)
		resp, err := ui.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b)
	}
	page := get(casestore.Analyst, "/ui/alerts")
	for _, w := range []string{"No alerts yet", `href="/ui/upload"`, "redline screen parties FILE --store", "redline screen shipments FILE --store",
		"POST /screen/shipments", "redline demo --store", "redline --data DATA/demo serve"} {
		if !strings.Contains(page, w) {
			t.Errorf("empty queue lacks %q", w)
		}
	}
	if page := get(casestore.Viewer, "/ui/alerts"); strings.Contains(page, `href="/ui/upload"`) || !strings.Contains(page, "Ask an analyst") {
		t.Errorf("a viewer is sent to the upload page they may not use")
	}
	screenTrade(t, e)
	if page := get(casestore.Viewer, "/ui/alerts?status=true_match"); strings.Contains(page, "No alerts yet") || !strings.Contains(page, "No alerts with these filters") {
		t.Errorf("a filter that selects nothing explains how alerts are made")
	}
}

// TestBrowserShipmentAlerts drives Chromium through the life of a shipment
// alert: the empty queue explains how alerts are made; a shipments file
// is uploaded; the result links to its run; the run page lists the
// shipment alert; its page shows the red flags with their guidance and
// takes a decision. Screenshots of each page are saved.
func TestBrowserShipmentAlerts(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Shipments = server.NewShipmentScreener(o.Lists, o.Holder, 0.8)
	})
	br := openBrowser(t, 1280, 900, 30*time.Second)
	upload := filepath.Join(t.TempDir(), "trade.csv")
	if err := os.WriteFile(upload, []byte(tradeCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	u := e.ts.URL
	br.Step(t, "login page", chromedp.Navigate(u+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, br, "analyst-user", "#how-alerts")
	if got := br.Text(t, "#how-alerts"); !strings.Contains(got, "redline screen shipments FILE --store") || !strings.Contains(got, "redline demo --store") {
		t.Fatalf("empty queue says %q", got)
	}
	br.Shot(t, "shipalerts-01-empty-queue")

	br.Step(t, "upload shipments", chromedp.Click(chromedp.CSS(`#how-alerts a[href="/ui/upload"]`)), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.Click(chromedp.CSS(`input[value="shipments"]`)),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{upload}),
		chromedp.Click(chromedp.CSS(`#upload-form button`)),
		chromedp.WaitVisible(chromedp.CSS("p.stats")))
	if got := br.Text(t, "p.stats"); !strings.Contains(got, "2 shipments") || !strings.Contains(got, "2 new alerts") {
		t.Fatalf("upload summary %q", got)
	}
	br.Shot(t, "shipalerts-02-upload")

	br.Step(t, "run page", chromedp.Click(chromedp.CSS(`a[href^="/ui/runs/"]`)), chromedp.WaitVisible(chromedp.CSS("p.run-stats")))
	if got := br.Text(t, "p.run-stats"); !regexp.MustCompile(`2 shipments screened .*2 new alerts`).MatchString(got) {
		t.Fatalf("run counts %q", got)
	}
	// The final review: the run's end is written to the second as its
	// start is, and its lists read as a list, not "a v1; b v2;".
	stamp := regexp.MustCompile(`started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · ended \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`)
	if got := br.Text(t, "main h1 + p"); !stamp.MatchString(got) {
		t.Errorf("run times %q: want both to the second", got)
	}
	if got := br.Text(t, "p.run-lists"); !regexp.MustCompile(`^Lists: un_sc_sanctions \(version [^)]+\); zala_entities \(version [^)]+\)$`).MatchString(strings.TrimSpace(got)) {
		t.Errorf("run lists %q", got)
	}
	br.Shot(t, "shipalerts-03-run")

	br.Step(t, "runs page", chromedp.Click(chromedp.CSS(`nav a[href="/ui/runs"]`)), chromedp.WaitVisible(chromedp.CSS("table.runs")))
	if got := br.Text(t, "table.runs"); !strings.Contains(got, "trade.csv") || !strings.Contains(got, "finished") {
		t.Fatalf("runs table %q", got)
	}
	br.Shot(t, "shipalerts-04-runs")

	br.Step(t, "back to the run", chromedp.Click(chromedp.CSS(`table.runs tbody tr:first-child td a`)), chromedp.WaitVisible(chromedp.CSS("tr.shipment-alert")))
	br.Step(t, "shipment alert", chromedp.Click(chromedp.CSS(`tr.shipment-alert td a`)), chromedp.WaitVisible(chromedp.CSS("section.red-flags")))
	flags := br.Text(t, "section.red-flags")
	for _, w := range []string{"listed_party", "Eric Badege", "chpl"} {
		if !strings.Contains(strings.ToLower(flags), strings.ToLower(w)) {
			t.Errorf("red flags lack %q:\n%s", w, flags)
		}
	}
	if got := br.Text(t, "section.shipment-parties"); !strings.Contains(got, "Ural Tekhno") || !strings.Contains(got, "Shenzhen Jinhai") {
		t.Fatalf("parties %q", got)
	}
	// The queue and the run show a shipment's score as 0.99; its page
	// gave only "risk 99 of 100".
	if got := br.Text(t, "main h1 + p"); !regexp.MustCompile(`score 0\.\d\d \(risk \d+ of 100\)`).MatchString(got) {
		t.Errorf("shipment alert status line %q: want its score as the queue writes it", got)
	}
	if ph := placeholder(t, br, `form.decide textarea[name="reason"]`); strings.Contains(ph, "birth") {
		t.Errorf("a shipment's reason placeholder speaks of dates of birth: %q", ph)
	}
	br.Shot(t, "shipalerts-05-shipment-alert")
	br.Step(t, "decide",
		chromedp.Click(chromedp.CSS(`input[value="needs_review"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="reason"]`), "Ask the exporter for the end-user certificate"),
		chromedp.Click(chromedp.CSS(`form.decide button`)),
		chromedp.WaitVisible(chromedp.CSS("ol.history")))
	if got := br.Text(t, "ol.history"); !strings.Contains(got, "needs review") || !strings.Contains(got, "analyst-user") {
		t.Fatalf("decision history %q", got)
	}
	br.Shot(t, "shipalerts-06-shipment-alert-decided")
	as, _ := e.store.Alerts(t.Context(), casestore.AlertFilter{Kind: casestore.KindShipment})
	if len(as) != 1 || as[0].Status != string(casestore.NeedsReview) {
		t.Fatalf("shipment alerts after the decision: %+v", as)
	}
	br.Step(t, "queue of shipments", chromedp.Navigate(u+"/ui/alerts?status=all&kind=shipment"), chromedp.WaitVisible(chromedp.CSS("tr.shipment-alert")))
	br.Shot(t, "shipalerts-07-queue-shipments")
}
