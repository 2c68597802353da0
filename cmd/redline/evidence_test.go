package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/textscreen"
)

// TestEvidenceCommands adds a document with a saved screening result and
// one screened by the command, lists and shows them, reviews a claim, adds
// one again, re-screens, and refuses bad input.
func TestEvidenceCommands(t *testing.T) {
	zala := filepath.Join(sharedData, "lists", "opensanctions", "yente_fixtures", "zala_entities.ftm.json")
	if _, err := os.Stat(zala); err != nil {
		testutil.Skipf(t, "reference data not found at %s (%v): skipping", zala, err)
	}
	var stdout, stderr bytes.Buffer
	a := &app{dataDir: t.TempDir(), stdout: &stdout, stderr: &stderr}
	ctx := context.Background()
	if err := runListsImport(ctx, a, []string{zala}); err != nil {
		t.Fatalf("lists import: %v\n%s", err, stderr.String())
	}
	const text = "Investigators say Aeroscan supplied Lancet-3 loitering munitions to the Russian army."
	dir := t.TempDir()
	doc := filepath.Join(dir, "report.txt")
	os.WriteFile(doc, []byte(text), 0o644)
	sum := sha256.Sum256([]byte(text))
	res := textscreen.Result{
		SHA256: hex.EncodeToString(sum[:]), Format: "text", Lang: "en",
		Parties: []textscreen.Party{{Text: "Aeroscan", Span: textscreen.Span{Start: 18, End: 26}, Kind: "Company",
			Matches: []screen.Match{{EntityID: "NK-iE6m5ryPeTAMZozfECVSL7", Dataset: "mc_fund_freezes", Caption: "AEROSCAN", Score: 1, Match: true}}}},
		Goods:  []textscreen.Good{{Text: "Lancet-3", Span: textscreen.Span{Start: 36, End: 44}, Concern: "uav", Model: "Lancet-3"}},
		Claims: []textscreen.Claim{{Supplier: "Aeroscan", Recipient: "the Russian army", Item: "Lancet-3 loitering munitions", Status: "reported", Sentence: textscreen.Span{End: len(text)}}},
	}
	b, _ := json.Marshal(res)
	result := filepath.Join(dir, "report.json")
	os.WriteFile(result, b, 0o644)

	run := func(f func(context.Context, *app, []string) error, args ...string) error {
		stdout.Reset()
		stderr.Reset()
		return f(ctx, a, args)
	}
	add := []string{doc, "--source-url", "https://example.org/r", "--published", "2026-03-03", "--result", result}
	if err := run(runEvidenceAdd, add...); err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); !strings.Contains(got, "document 1 added: report.txt") || !strings.Contains(got, "1 party mentions (1 on a list), 1 goods of concern, 1 reported transfers") {
		t.Fatalf("add printed %q", got)
	}
	if err := run(runEvidenceAdd, add...); err != nil || !strings.Contains(stdout.String(), "already in the ledger as document 1") {
		t.Fatalf("second add: %v %q", err, stdout.String())
	}
	if err := run(runEvidenceList); err != nil || !strings.Contains(stdout.String(), "https://example.org/r") {
		t.Fatalf("list: %v %q", err, stdout.String())
	}
	if err := run(runEvidenceList, "--format", "json", "--entity", "NK-iE6m5ryPeTAMZozfECVSL7"); err != nil || !strings.Contains(stdout.String(), `"sha256": "`+res.SHA256) {
		t.Fatalf("list json: %v %q", err, stdout.String())
	}
	if err := run(runEvidenceReview, "1", "--status", "confirmed", "--note", "customs data"); err != nil || !strings.Contains(stdout.String(), "claim 1: confirmed by cli") {
		t.Fatalf("review: %v %q", err, stdout.String())
	}
	if err := run(runEvidenceShow, "1"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"NK-iE6m5ryPeTAMZozfECVSL7 AEROSCAN", "Lancet-3", "claim 1: Aeroscan -> the Russian army", "review: confirmed", "confirmed by cli", `"Investigators say Aeroscan`} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("show lacks %q:\n%s", want, stdout.String())
		}
	}
	if err := run(runEvidenceRescreen); err != nil || !strings.Contains(stdout.String(), "1 mentions matched again") {
		t.Fatalf("rescreen: %v %q", err, stdout.String())
	}

	bad := []struct {
		name string
		f    func(context.Context, *app, []string) error
		args []string
		says string
	}{
		{"review status", runEvidenceReview, []string{"1", "--status", "true", "--note", "x"}, "want confirmed, refuted or annotated"},
		{"review no note", runEvidenceReview, []string{"1", "--status", "refuted"}, "--note is required"},
		{"review claim id", runEvidenceReview, []string{"one", "--status", "refuted", "--note", "x"}, "want a claim id"},
		{"add no source", runEvidenceAdd, []string{doc, "--published", "2026-03-03", "--result", result}, "want an absolute http or https URL"},
		{"add bad date", runEvidenceAdd, []string{doc, "--source-url", "https://a.example/", "--published", "3 March", "--result", result}, "want a date YYYY-MM-DD"},
		{"add format", runEvidenceAdd, []string{doc, "--format", "xml"}, "want one of table, json"},
		{"add lang", runEvidenceAdd, []string{doc, "--lang", "de"}, "--lang \"de\": want auto, en, ru or zh"},
		{"list format", runEvidenceList, []string{"--format", "csv"}, "want one of table, json"},
		{"show id", runEvidenceShow, []string{"x"}, "want a document id"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			err := run(tc.f, tc.args...)
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("err = %v, want a usage error saying %q", err, tc.says)
			}
		})
	}
	// Without --result the document is screened here.
	screened := filepath.Join(dir, "kalashnikov.txt")
	os.WriteFile(screened, []byte("Kalashnikov Concern JSC delivered Lancet-3 loitering munitions to the Russian army, Reuters reported."), 0o644)
	if err := run(runEvidenceAdd, screened, "--source-url", "https://example.org/k", "--published", "2026-03-05", "--format", "json"); err != nil {
		t.Fatal(err)
	}
	var added struct {
		Document struct{ ID, Mentions, Matched, Goods, Claims int }
		Created  bool
	}
	if err := json.Unmarshal(stdout.Bytes(), &added); err != nil || !added.Created || added.Document.ID != 2 || added.Document.Matched != 1 || added.Document.Goods < 1 || added.Document.Claims != 1 {
		t.Fatalf("screened add: %+v, %v\n%s", added, err, stdout.String())
	}
	if err := run(runEvidenceList, "--entity", "NK-nR5AXM9AVPq4pQaSPSaVam"); err != nil || !strings.Contains(stdout.String(), "https://example.org/k") || strings.Contains(stdout.String(), "https://example.org/r") {
		t.Fatalf("list by entity: %v\n%s", err, stdout.String())
	}
	binary := filepath.Join(dir, "blob.bin")
	os.WriteFile(binary, []byte{0, 1, 2, 0xff}, 0o644)
	if err := run(runEvidenceAdd, binary, "--source-url", "https://example.org/b", "--published", "2026-03-05"); err == nil || !strings.Contains(err.Error(), "binary data") {
		t.Fatalf("binary add: %v", err)
	}

	// A result of other bytes is refused, and nothing is stored.
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("Another text entirely, about Aeroscan and more."), 0o644)
	if err := run(runEvidenceAdd, other, "--source-url", "https://example.org/o", "--published", "2026-03-04", "--result", result); err == nil || !strings.Contains(err.Error(), "hashes to") {
		t.Fatalf("mismatched result: %v", err)
	}
	if err := run(runEvidenceShow, "3"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("show 3: %v", err)
	}
}
