// Package browsertest opens a headless Chromium for the tests of pages
// redline writes (the HTML reports): Debian's chromium, a throwaway
// profile, no network services. It is imported by tests only.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/internal/testutil"
)

// Chromium is where Debian installs the browser.
const Chromium = "/usr/bin/chromium"

// Open starts a headless Chromium for tb and returns a chromedp context
// that ends with the test or after timeout; it skips tb when Chromium is
// not installed (fails it when testutil.RequireEnv is set).
func Open(tb testing.TB, timeout time.Duration) context.Context {
	tb.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		testutil.Skipf(tb, "%s not installed (apt-get install chromium fonts-wqy-microhei): %v", Chromium, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(tb.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	tb.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// Chart is an svg.chart of a page as laid out: its id, its size in
// pixels and how many of its marks (bars, lines; not the shaded bands)
// have a size.
type Chart struct {
	ID    string  `json:"id"`
	W     float64 `json:"w"`
	H     float64 `json:"h"`
	Marks int     `json:"marks"`
}

// Charts returns the charts of the page open in ctx.
func Charts(ctx context.Context) ([]Chart, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]Chart](`Array.from(document.querySelectorAll('svg.chart')).map(s => {
		const r = s.getBoundingClientRect();
		const marks = Array.from(s.querySelectorAll('rect:not(.band), polyline')).filter(m => { const b = m.getBoundingClientRect(); return b.width > 0 && b.height > 0; });
		return {id: s.id, w: r.width, h: r.height, marks: marks.length};
	})`))
}

// CheckCharts fails tb unless the page open in ctx has want charts, each
// at least 100×50 pixels with a mark drawn, and logs their sizes.
func CheckCharts(tb testing.TB, ctx context.Context, want int) {
	tb.Helper()
	charts, err := Charts(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if len(charts) != want {
		tb.Errorf("%d charts rendered, want %d: %+v", len(charts), want, charts)
	}
	for _, c := range charts {
		tb.Logf("chart %s: %.0fx%.0f px, %d marks", c.ID, c.W, c.H, c.Marks)
		if c.W < 100 || c.H < 50 || c.Marks == 0 {
			tb.Errorf("chart %s not drawn: %+v", c.ID, c)
		}
	}
}

// Screenshots saves the whole page open in ctx as dir/full (a PNG; it
// fails tb when the image is so small the page must be blank), then, for
// each name → CSS selector of sections, the screen scrolled to it as
// dir/name, for a person to look at.
func Screenshots(tb testing.TB, ctx context.Context, dir, full string, sections map[string]string) {
	tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		tb.Fatal(err)
	}
	if len(png) < 20000 {
		tb.Errorf("screenshot of %d bytes: blank page?", len(png))
	}
	if err := os.WriteFile(filepath.Join(dir, full), png, 0o644); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("screenshot %s (%d bytes)", filepath.Join(dir, full), len(png))
	for name, sel := range sections {
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(sel)); err != nil {
			tb.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
