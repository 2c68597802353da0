package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/internal/browsertest"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/shipment/report"
	"github.com/redline-sanctions/redline/shipment/rules"
	"github.com/redline-sanctions/redline/source/ofac"
)

// sampleEngine screens against the embedded sample list, imported through
// the list store as `redline demo` does on a fresh machine.
func sampleEngine(t *testing.T) (*shipment.Engine, []demo.Listed) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	sdn, err := demo.WriteSample(filepath.Join(dir, "sample"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := lists.Open(filepath.Join(dir, "lists"))
	if err != nil {
		t.Fatal(err)
	}
	format := lists.Format{Name: "ofac-csv", Detect: ofac.DetectCSV, Reader: ofac.CSVReader{}}
	if _, err := st.Import(ctx, []string{sdn}, lists.ImportOptions{Formats: []lists.Format{format}}); err != nil {
		t.Fatal(err)
	}
	m, err := match.Build(ctx, st.Entities(ctx))
	if err != nil {
		t.Fatal(err)
	}
	ax, err := shipment.NewAddressIndex(ctx, st.Entities(ctx))
	if err != nil {
		t.Fatal(err)
	}
	listed, err := demo.ListedFrom(ctx, st.Entities(ctx), 100)
	if err != nil {
		t.Fatal(err)
	}
	e, err := shipment.New(shipment.Options{Parties: shipment.Matcher{M: m, Opts: match.DefaultOptions()}, Goods: shipment.DefaultGoods(), Addresses: ax})
	if err != nil {
		t.Fatal(err)
	}
	return e, listed
}

var (
	han      = regexp.MustCompile(`\p{Han}`)
	cyrillic = regexp.MustCompile(`\p{Cyrillic}`)
)

// demoReport screens generated shipments and renders the report.
func demoReport(t *testing.T, top int) []byte {
	t.Helper()
	ctx := context.Background()
	e, listed := sampleEngine(t)
	col := report.New(report.Options{Title: "redline test report", Input: "demo", Top: top, Rules: rules.Default(),
		Now: func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) }})
	err := e.Run(ctx, func(emit func(*shipment.Shipment) error) error {
		return demo.Generate(ctx, demo.Options{Rows: 8000, Seed: 3, Listed: listed}, emit)
	}, func(a *shipment.Assessment) error { col.Add(a); return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := col.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReportSelfContained checks the page without a browser: four SVG
// charts, every flag's source cited, CJK and Cyrillic text kept, and no
// external asset.
func TestReportSelfContained(t *testing.T) {
	page := string(demoReport(t, 300))
	for _, id := range []string{"chart-levels", "chart-flows", "chart-tiers", "chart-rules"} {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("chart %s missing", id)
		}
	}
	if n := strings.Count(page, "<rect "); n < 20 {
		t.Errorf("only %d bars drawn", n)
	}
	for _, r := range rules.Default().Rules {
		if !strings.Contains(page, r.Source) {
			t.Errorf("source of %s not cited", r.ID)
		}
	}
	if !han.MatchString(page) || !cyrillic.MatchString(page) {
		t.Errorf("Chinese or Cyrillic text lost")
	}
	for _, ext := range []string{"src=\"http", "href=\"http", "<script src", "@import", "url("} {
		if strings.Contains(page, ext) {
			t.Errorf("external asset %q in a self-contained report", ext)
		}
	}
}

// TestReportInBrowser opens the report in headless Chromium, saves a
// screenshot (go test -artifacts keeps it) and checks that the charts are
// drawn with a size and that the Chinese and Russian text is in the DOM
// and laid out with a CJK font.
func TestReportInBrowser(t *testing.T) {
	dir := t.ArtifactDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, demoReport(t, 25), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Open(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate("file://"+path), chromedp.WaitVisible("#chart-flows")); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckCharts(t, ctx, 4)
	// No value label runs past its chart's edge ("905 (18 flagge").
	clipped, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('svg.chart')).flatMap(s => {
		const r = s.getBoundingClientRect();
		return Array.from(s.querySelectorAll('text')).filter(t => t.getBoundingClientRect().right > r.right + 0.5).map(t => s.id + ': ' + t.textContent);
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if len(clipped) > 0 {
		t.Errorf("labels clipped at the chart's edge: %q", clipped)
	}
	// The top risks table comes before the first chart.
	order, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.querySelector('#top').getBoundingClientRect().top, document.querySelector('svg.chart').getBoundingClientRect().top]`))
	if err != nil {
		t.Fatal(err)
	}
	if order[0] > order[1] {
		t.Errorf("top risks at y=%.0f below the first chart at y=%.0f", order[0], order[1])
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	zh := han.FindString(text)
	if zh == "" || !cyrillic.MatchString(text) {
		t.Errorf("Chinese (%q) or Cyrillic text missing from the rendered page", zh)
	}
	// A CJK glyph must take the width of a CJK font, not a missing-glyph box
	// of zero width.
	width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
		const s = document.createElement('span'); s.textContent = '贸易物流供应链'; s.style.fontSize = '20px';
		document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; })()`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seven CJK characters at 20px: %.1f px wide", width)
	if width < 7*15 {
		t.Errorf("CJK text %.1f px wide: no CJK font?", width)
	}
	// The whole page, then the first screen, the top risks table, the
	// charts and the pipeline table, for a person to look at.
	browsertest.Screenshots(t, ctx, dir, "report.png", map[string]string{"report-summary.png": "h1", "report-top-risks.png": "#top",
		"report-charts.png": "#chart-flows", "report-pipeline.png": "#pipeline"})
}
