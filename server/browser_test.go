package server_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is a headless Chromium for one test, saving screenshots in out.
type browser struct {
	t   *testing.T
	ctx context.Context
	out string
}

// newBrowser starts Debian's Chromium at 1280×height (or skips) and picks
// the screenshot folder: -screenshots, go test's artifact folder with
// -artifacts, else redline-e2e in the system temp folder.
func newBrowser(t *testing.T, height int) *browser {
	t.Helper()
	exe := chromium(t)
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
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser without a timeout (a timeout on the first run stops
	// the browser), then bound each step.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, out: out}
}

// step runs actions within 30 seconds; on failure it saves a screenshot
// named failed-name and stops the test.
func (b *browser) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	sctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		b.shot("failed-" + name)
		b.t.Fatalf("%s: %v", name, err)
	}
}

// text returns the text of the first node matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	sctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// shot saves a full-page screenshot as name.png.
func (b *browser) shot(name string) { shot(b.t, b.ctx, b.out, name) }
