package textscreen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// reportSample is a text in the three languages with listed and unlisted
// parties, goods and claims.
const reportSample = `Kalashnikov Concern, through its subsidiary Zala Aero, is reported to be producing Lancet-3 loitering munitions for the Russian army, according to Reuters. Shenzhen Blue Falcon Electronics Co., Ltd. shipped 5,000 flight controllers to Russia in March 2023.

По данным «Коммерсанта», АО «Концерн «Калашников» поставило Минобороны России партию беспилотников «Ланцет».

据报道，深圳市蓝鹰电子有限公司向俄罗斯出口了大量无人机和芯片。<script>alert(1)</script>`

func TestReportSelfContained(t *testing.T) {
	s := realScreener(t)
	d, err := Parse([]byte(reportSample))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Screen(context.Background(), d)
	var buf bytes.Buffer
	if err := WriteReport(&buf, r, d.Text, "sample.txt"); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("report holds %q: not self-contained or not escaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;") {
		t.Error("the text's markup is not escaped")
	}
	var tbl bytes.Buffer
	if err := WriteTable(&tbl, r, d.Text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PARTIES", "Zala Aero", "IZHMASH", "GOODS", "Lancet-3", "CLAIMS", "Reuters"} {
		if !strings.Contains(tbl.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, tbl.String())
		}
	}
}

// TestReportInBrowser opens the report in headless Chromium, checks that
// the spans are highlighted (listed parties, goods, claims' sentences)
// and that the tables are drawn, and saves a screenshot (go test
// -artifacts keeps it) for a person to look at.
func TestReportInBrowser(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not installed (apt-get install chromium fonts-wqy-microhei): %v", chromium, err)
	}
	s := realScreener(t)
	d, err := Parse([]byte(reportSample))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Screen(context.Background(), d)
	dir := t.ArtifactDir()
	path := filepath.Join(dir, "text-report.html")
	var buf bytes.Buffer
	if err := WriteReport(&buf, r, d.Text, "sample.txt"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate("file://"+path), chromedp.WaitVisible("#claims")); err != nil {
		t.Fatal(err)
	}
	type marks struct {
		Listed   []string `json:"listed"`
		Unlisted []string `json:"unlisted"`
		Goods    []string `json:"goods"`
		Claims   int      `json:"claims"`
		Rows     int      `json:"rows"`
		Yellow   bool     `json:"yellow"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[marks](`(() => {
		const t = sel => Array.from(document.querySelectorAll(sel)).map(e => e.textContent);
		const c = document.querySelector('#text mark.claim');
		return {listed: t('#text mark.party.listed'), unlisted: t('#text mark.party:not(.listed)'), goods: t('#text mark.good'),
			claims: document.querySelectorAll('#text mark.claim').length, rows: document.querySelectorAll('#claims tr').length - 1,
			yellow: !!c && getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)'};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", got)
	has := func(list []string, want string) bool {
		for _, s := range list {
			if strings.Contains(s, want) {
				return true
			}
		}
		return false
	}
	for _, want := range []string{"Kalashnikov Concern", "Zala Aero", "Концерн"} {
		if !has(got.Listed, want) {
			t.Errorf("listed party %q not highlighted: %q", want, got.Listed)
		}
	}
	for _, want := range []string{"Shenzhen Blue Falcon", "深圳市蓝鹰电子有限公司"} {
		if !has(got.Unlisted, want) {
			t.Errorf("unlisted party %q not highlighted: %q", want, got.Unlisted)
		}
	}
	for _, want := range []string{"Lancet-3", "flight controllers", "Ланцет", "无人机"} {
		if !has(got.Goods, want) {
			t.Errorf("good %q not highlighted: %q", want, got.Goods)
		}
	}
	if got.Claims == 0 || !got.Yellow || got.Rows != len(r.Claims) {
		t.Errorf("claims: %d highlighted pieces (coloured %v), %d table rows for %d claims", got.Claims, got.Yellow, got.Rows, len(r.Claims))
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 20000 {
		t.Errorf("screenshot of %d bytes: blank page?", len(png))
	}
	shot := filepath.Join(dir, "text-report.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", shot, len(png))
}

// TestRematch: a stored mention matched again gives the matches Screen
// gave it.
func TestRematch(t *testing.T) {
	s := realScreener(t)
	d, err := Parse([]byte(reportSample))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Screen(context.Background(), d).Parties {
		got, err := s.Rematch(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(p.Matches) || len(got) > 0 && got[0].EntityID != p.Matches[0].EntityID {
			t.Errorf("%q: rematch gives %d matches, screen gave %d", p.Text, len(got), len(p.Matches))
		}
	}
	if got, err := New(nil, Options{}).Rematch(context.Background(), Party{Text: "Zala Aero"}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("without lists: %v, %v", got, err)
	}
}
