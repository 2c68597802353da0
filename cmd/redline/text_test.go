package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/textscreen"
)

// TestScreenTextCommand imports the real OpenSanctions ZALA network into a
// temporary data folder and screens a text through the command.
func TestScreenTextCommand(t *testing.T) {
	zala := testutil.SharedData("lists", "opensanctions", "yente_fixtures", "zala_entities.ftm.json")
	if _, err := os.Stat(zala); err != nil {
		t.Skipf("reference data not found (%v): skipping", err)
	}
	var out, errs bytes.Buffer
	a := &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}
	ctx := context.Background()
	if err := runListsImport(ctx, a, []string{zala}); err != nil {
		t.Fatalf("import: %v\n%s", err, errs.String())
	}
	dir := t.TempDir()
	text := filepath.Join(dir, "article.txt")
	if err := os.WriteFile(text, []byte("Zala Aero is reported to have supplied Lancet-3 drones to the Russian army, according to Reuters.\n\nКомпания ООО «Аэроскан» закупила микросхемы у китайской фирмы."), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("json", func(t *testing.T) {
		out.Reset()
		if err := runScreenText(ctx, a, []string{text, "--format", "json"}); err != nil {
			t.Fatal(err)
		}
		var r textscreen.Result
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("%v:\n%s", err, out.String())
		}
		if len(r.Parties) < 2 || len(r.Parties[0].Matches) == 0 || r.Parties[0].Text != "Zala Aero" {
			t.Errorf("parties %+v", r.Parties)
		}
		if len(r.Claims) == 0 || r.Claims[0].Supplier != "Zala Aero" || r.Claims[0].Recipient != "Russia" || r.Claims[0].Source != "Reuters" {
			t.Errorf("claims %+v", r.Claims)
		}
		if r.Lang != "mixed" || r.Format != "text" || len(r.SHA256) != 64 {
			t.Errorf("lang %q format %q sha %q", r.Lang, r.Format, r.SHA256)
		}
	})
	t.Run("table and report", func(t *testing.T) {
		out.Reset()
		report := filepath.Join(dir, "report.html")
		if err := runScreenText(ctx, a, []string{"--report", report, text}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"PARTIES (", "Zala Aero", "GOODS (", "Lancet-3", "CLAIMS (", "Reuters"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("table lacks %q:\n%s", want, out.String())
			}
		}
		page, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), `class="party listed"`) {
			t.Error("report has no highlighted listed party")
		}
	})
	t.Run("bad input", func(t *testing.T) {
		empty := filepath.Join(dir, "empty.txt")
		os.WriteFile(empty, nil, 0o644)
		err := runScreenText(ctx, a, []string{empty})
		if !errors.Is(err, textscreen.ErrEmpty) || !strings.Contains(err.Error(), "empty.txt") {
			t.Errorf("empty file: %v", err)
		}
		bin := filepath.Join(dir, "image.png")
		os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)
		if err := runScreenText(ctx, a, []string{bin}); !errors.Is(err, textscreen.ErrBinary) {
			t.Errorf("binary file: %v", err)
		}
		var u usageError
		if err := runScreenText(ctx, a, []string{"--lang", "fr", text}); !errors.As(err, &u) {
			t.Errorf("--lang fr: %v", err)
		}
		if err := runScreenText(ctx, a, []string{"--threshold", "1.5", text}); !errors.As(err, &u) {
			t.Errorf("--threshold 1.5: %v", err)
		}
	})
}
