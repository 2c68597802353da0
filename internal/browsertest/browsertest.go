// Package browsertest opens a headless Chromium for the tests of pages
// redline writes (the HTML reports) and serves (the web UI): Debian's
// chromium, a throwaway profile, no network services. It is imported by
// tests only.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/internal/testutil"
)

// Chromium is where Debian installs the browser.
const Chromium = "/usr/bin/chromium"

// chromium returns the path of an installed Chromium (Debian's, another
// usual place, or chromium on PATH); it skips tb when there is none
// (fails it when testutil.RequireEnv is set).
func chromium(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{Chromium, "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	testutil.Skipf(tb, "%s not installed (apt-get install chromium fonts-wqy-microhei)", Chromium)
	return ""
}

// start starts a headless Chromium for tb (chromedp's default options, a
// throwaway profile, no network services, English pages) with a window
// of width×height pixels (Chromium's default when zero) and returns its
// context, which ends with the test. The browser is started here, without
// a timeout: a timeout on the first run would stop the browser with it.
func start(tb testing.TB, width, height int) context.Context {
	tb.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(tb)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(tb.TempDir()))
	if width > 0 && height > 0 {
		opts = append(opts, chromedp.WindowSize(width, height))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// Open starts a headless Chromium for tb and returns a chromedp context
// that ends with the test or after timeout; it skips tb when Chromium is
// not installed (fails it when testutil.RequireEnv is set).
func Open(tb testing.TB, timeout time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(start(tb, 0, 0), timeout)
	tb.Cleanup(cancel)
	return ctx
}

// Browser is a Chromium window a test drives step by step, as a person
// would use a site: each step is bounded by Timeout, and a failed one
// leaves a screenshot in Dir.
type Browser struct {
	Ctx     context.Context // the browser's; it ends with the test
	Dir     string          // folder for the screenshots
	Timeout time.Duration   // bound on each step
}

// Start starts a headless Chromium for tb with a window of width×height
// pixels, saving screenshots in dir and bounding each step by timeout; it
// skips tb when Chromium is not installed (fails it when
// testutil.RequireEnv is set).
func Start(tb testing.TB, width, height int, dir string, timeout time.Duration) *Browser {
	tb.Helper()
	return &Browser{Ctx: start(tb, width, height), Dir: dir, Timeout: timeout}
}

// Step runs actions, failing tb (after a screenshot "failed-name") when
// one fails or they take longer than b.Timeout.
func (b *Browser) Step(tb testing.TB, name string, actions ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.Shot(tb, "failed-"+name)
		tb.Fatalf("%s: %v", name, err)
	}
}

// Text returns the text of the first element matching the CSS selector
// sel, failing tb when there is none within b.Timeout.
func (b *Browser) Text(tb testing.TB, sel string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tb.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// WaitText polls the text of the first element matching the CSS selector
// sel until ok accepts it and returns it, failing tb when that does not
// happen within b.Timeout. A page still loading (after a click or as
// results come while the user types) is read again, not an error.
func (b *Browser) WaitText(tb testing.TB, sel string, ok func(string) bool) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Timeout)
	defer cancel()
	var got string
	var err error
	for {
		var s string
		if s, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel))); err == nil {
			if got = s; ok(s) {
				return s
			}
		}
		select {
		case <-ctx.Done():
			tb.Fatalf("text of %s: %q after %v (last error: %v)", sel, got, b.Timeout, err)
			return ""
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Shot saves the whole page as b.Dir/name.png; a failure to take or save
// it is an error of tb, not the end of the test.
func (b *Browser) Shot(tb testing.TB, name string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		tb.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.Dir, name+".png"), buf, 0o644); err != nil {
		tb.Error(err)
	}
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
