package report_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReportOrderAndWording checks issue 13 item 8 on the demo report
// without a browser: the top-risks table comes before the charts, axis
// ticks are round numbers, values carry their currency, no rule's
// evidence shows a raw "@set" placeholder, and the planted-pattern table
// says it grades the demo's own synthetic data.
func TestReportOrderAndWording(t *testing.T) {
	page := string(demoReport(t, 300))
	top, chart := strings.Index(page, `id="top"`), strings.Index(page, `<svg class="chart"`)
	if top < 0 || chart < 0 || top > chart {
		t.Errorf("top risks at %d, first chart at %d: the table analysts work from must come first", top, chart)
	}
	if strings.Contains(page, "@hubs") || strings.Contains(page, "@russia") || regexp.MustCompile(`one of @\w+`).MatchString(page) {
		t.Errorf("raw country-set placeholder in the evidence")
	}
	if !strings.Contains(page, "demo generator&#39;s own synthetic") && !strings.Contains(page, "demo generator's own synthetic") {
		t.Errorf("the planted-pattern table does not say it grades the demo's own synthetic data")
	}
	if !regexp.MustCompile(`\d EUR|\d USD`).MatchString(page) {
		t.Errorf("no value with its currency")
	}
	ticks := regexp.MustCompile(`text-anchor="middle" fill="#777">([0-9,.]+)</text>`).FindAllStringSubmatch(page, -1)
	if len(ticks) == 0 {
		t.Fatal("no axis ticks")
	}
	for _, m := range ticks {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		if err != nil {
			t.Fatalf("tick %q: %v", m[1], err)
		}
		if !nice(v) {
			t.Errorf("axis tick %s is not a round number", m[1])
		}
	}
}

// nice reports whether v is 0 or 1, 2, 2.5 or 5 times a power of ten
// times a small whole number (a multiple of a nice step).
func nice(v float64) bool {
	if v == 0 {
		return true
	}
	for v >= 10 && v == float64(int64(v/10))*10 {
		v /= 10
	}
	// what is left is a multiple (1..4) of 1, 2, 2.5 or 5, or 1..9
	for _, x := range []float64{1, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10, 12.5, 15, 20, 25} {
		if v == x {
			return true
		}
	}
	return false
}
