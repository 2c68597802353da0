package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoFreshMachine runs `redline demo` on an empty data folder, as on
// a fresh machine with no network: it must import the embedded sample
// list, generate, screen, print the top risks and write the report.
func TestDemoFreshMachine(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	if err := runDemo(context.Background(), a, []string{"--rows", "3000"}); err != nil {
		t.Fatalf("demo: %v\n%s%s", err, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{"imported the embedded sample", "Generated 3000 shipments", "SHIPMENT", "high", "Report:"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "demo", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<svg")) {
		t.Errorf("report has no chart")
	}
	// A second run uses the imported list and does not import again.
	out.Reset()
	if err := runDemo(context.Background(), a, []string{"--rows", "500", "--seed", "2"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "imported the embedded sample") {
		t.Errorf("sample imported twice")
	}
}

// TestScreenShipmentsCommand screens a generated file through the command
// with every output option.
func TestScreenShipmentsCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{dataDir: dir, stdout: &out, stderr: &errOut}
	sample := filepath.Join(dir, "s.jsonl")
	if err := runDemoData(context.Background(), a, []string{"--rows", "2000", "--out", sample}); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "r.html")
	records := filepath.Join(dir, "r.csv")
	err := runScreenShipments(context.Background(), a, []string{"--format", "csv", "--out", records, "--report", report, sample})
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	b, err := os.ReadFile(records)
	if err != nil {
		t.Fatal(err)
	}
	if lines := bytes.Count(b, []byte("\n")); lines != 2001 {
		t.Errorf("%d CSV lines, want header + 2000", lines)
	}
	if _, err := os.Stat(report); err != nil {
		t.Errorf("no report: %v", err)
	}
	if err := runScreenShipments(context.Background(), a, []string{"--map", "nope=X", sample}); err == nil {
		t.Errorf("unknown mapping field accepted")
	}
}
