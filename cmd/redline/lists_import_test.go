package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestListsImportNotImported is issue 15 item 4 and issue 13 items 2 and 3:
// an unrecognised file exited 0, failed imports were invisible in
// `lists status`, and the real problems were lost among the warnings.
func TestListsImportNotImported(t *testing.T) {
	a, stdout, _ := importUN(t)
	ctx := context.Background()
	dir := t.TempDir()
	junk := filepath.Join(dir, "notes.bin")
	os.WriteFile(junk, []byte("\x00\x01 not a list"), 0o644)
	orig, err := os.ReadFile(filepath.Join(sharedData, "lists", "un", "consolidated-2026-02-27.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "consolidated-2026-03-06.xml")
	os.WriteFile(cut, orig[:len(orig)/2], 0o644)

	err = runListsImport(ctx, a, []string{junk})
	if err == nil || !strings.Contains(err.Error(), "1 of 1 files were not imported") {
		t.Fatalf("unrecognised file: err %v, want a non-zero exit naming the count", err)
	}
	if out := stdout.String(); !strings.Contains(out[strings.LastIndex(out, "NOT IMPORTED"):], junk) {
		t.Errorf("the summary at the end does not name the file:\n%s", out)
	}
	stdout.Reset()

	if err := runListsImport(ctx, a, []string{cut}); err == nil {
		t.Fatal("a truncated file: exit 0")
	}
	out := stdout.String()
	tail := out[strings.LastIndex(out, "\n\n"):]
	if !strings.Contains(tail, "NOT IMPORTED (1)") || !strings.Contains(tail, cut+":") {
		t.Errorf("the failed file is not the last thing printed, with its position:\n%s", tail)
	}
	stdout.Reset()

	if err := runListsStatus(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	status := stdout.String()
	for _, want := range []string{"import of " + cut, "failed", cut + ":", "last import", "un_sc_sanctions"} {
		if !strings.Contains(status, want) {
			t.Errorf("lists status lacks %q:\n%s", want, status)
		}
	}
	stdout.Reset()

	// lists verify: the stored version checks out.
	if err := runListsVerify(ctx, a, nil); err != nil || !strings.Contains(stdout.String(), "1 versions checked, 0 damaged") {
		t.Errorf("verify: %v\n%s", err, stdout)
	}
}

// TestListsStatusMissingCurrent is issue 15 item 13 from the command line:
// a list whose "current" file is gone is reported, and status exits non-zero.
func TestListsStatusMissingCurrent(t *testing.T) {
	a, stdout, _ := importUN(t)
	os.Remove(filepath.Join(a.dataDir, "lists", "un_sc_sanctions", "current"))
	err := runListsStatus(context.Background(), a, nil)
	if err == nil || !strings.Contains(stdout.String(), "LISTS THAT DO NOT LOAD (1)") || !strings.Contains(stdout.String(), "un_sc_sanctions") {
		t.Errorf("status with a missing current file: %v\n%s", err, stdout)
	}
}

// TestListsStatusDamagedState: a damaged update state file shows in lists
// status as a failure naming the file.
func TestListsStatusDamagedState(t *testing.T) {
	a, stdout, _ := importUN(t)
	state := filepath.Join(a.dataDir, "lists", ".update", "un_sc_sanctions.json")
	if err := os.MkdirAll(filepath.Dir(state), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	runListsStatus(context.Background(), a, []string{"--format", "json"})
	if !strings.Contains(stdout.String(), `"failure_kind": "state"`) || !strings.Contains(stdout.String(), "un_sc_sanctions.json") {
		t.Errorf("status with a damaged state file does not show it:\n%s", stdout)
	}
}
