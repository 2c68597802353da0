package server_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redline-sanctions/redline/internal/browsertest"
)

var screenshots = flag.String("screenshots", "", "folder for the browser tests' screenshots (default: go test's artifact folder with -artifacts [-outputdir DIR], else a redline-e2e folder in the system temp folder)")

// openBrowser starts headless Chromium for a browser test of the web UI,
// with a window of width×height pixels and each step bounded by timeout,
// saving screenshots in the -screenshots folder. It skips the test with
// -short or without Chromium.
func openBrowser(t *testing.T, width, height int, timeout time.Duration) *browsertest.Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
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
	return browsertest.Start(t, width, height, out, timeout)
}

// logIn fills in and sends the login form the browser shows as user (with
// the test password), then waits for the CSS selector want on the page
// the server sends it back to.
func logIn(t *testing.T, b *browsertest.Browser, user, want string) {
	t.Helper()
	b.Step(t, "log in as "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(want)))
}

// evalBool evaluates the JavaScript expression js in the page b shows.
func evalBool(t *testing.T, b *browsertest.Browser, js string) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Timeout)
	defer cancel()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return ok
}

// placeholderFits is a JavaScript expression: the placeholder of the
// element sel shows whole (no line of it is cut off) in the box.
func placeholderFits(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); const v = e.value; e.value = e.placeholder; const fits = e.scrollHeight <= e.clientHeight + 1; e.value = v; return fits })()`, sel)
}

// placeholder returns the placeholder of the element sel.
func placeholder(t *testing.T, b *browsertest.Browser, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("document.querySelector(%q).placeholder", sel)))
	if err != nil {
		t.Fatalf("placeholder of %s: %v", sel, err)
	}
	return s
}
