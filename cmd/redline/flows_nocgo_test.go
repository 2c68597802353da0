//go:build !cgo

package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/redline-sanctions/redline/flows"
)

// TestFlowsNeedCgo: without cgo every flows command fails with
// flows.ErrNeedsCgo (run with CGO_ENABLED=0 go test).
func TestFlowsNeedCgo(t *testing.T) {
	var out, errs bytes.Buffer
	a := &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}
	ctx := context.Background()
	for name, run := range map[string]func() error{
		"import": func() error { return runFlowsImport(ctx, a, []string{"x.csv"}) },
		"spikes": func() error { return runFlowsSpikes(ctx, a, []string{"--period", "2023"}) },
		"mirror": func() error { return runFlowsMirror(ctx, a, []string{"--period", "2022"}) },
		"report": func() error { return runFlowsReport(ctx, a, []string{"--period", "2023", "--out", "x.html"}) },
	} {
		if err := run(); !errors.Is(err, flows.ErrNeedsCgo) {
			t.Errorf("flows %s: %v, want ErrNeedsCgo", name, err)
		}
	}
}
