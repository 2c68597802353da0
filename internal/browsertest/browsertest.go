// Package browsertest opens a headless Chromium for the tests of pages
// redline writes (the HTML reports): Debian's chromium, a throwaway
// profile, no network services. It is imported by tests only.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian installs the browser.
const Chromium = "/usr/bin/chromium"

// Open starts a headless Chromium for tb and returns a chromedp context
// that ends with the test or after timeout; it skips tb when Chromium is
// not installed.
func Open(tb testing.TB, timeout time.Duration) context.Context {
	tb.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		tb.Skipf("%s not installed (apt-get install chromium fonts-wqy-microhei): %v", Chromium, err)
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
