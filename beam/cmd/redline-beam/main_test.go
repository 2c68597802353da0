package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/beam/pipeline"
	"github.com/redline-sanctions/redline/lists"
)

func TestMain(m *testing.M) {
	pipeline.Register()
	flag.Parse()
	os.Exit(m.Run())
}

// TestRunParties drives the launcher as the command line does (once: it
// defines its flags on the global flag set, where Beam's live): it stages
// the real UN list from a data folder, runs on Prism and writes the
// shards and the dead letters.
func TestRunParties(t *testing.T) {
	dir := t.TempDir()
	st, err := lists.Open(filepath.Join(dir, "data", "lists"))
	if err != nil {
		t.Fatal(err)
	}
	un := "../../../../shared/data/lists/un/consolidated-2026-02-27.xml"
	if _, err := st.Import(context.Background(), []string{un}, lists.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "parties.csv")
	os.WriteFile(in, []byte("id,name,country\n1,Kim Jong Un,kp\n2,\"unclosed\n"), 0o644)
	out := filepath.Join(dir, "out", "p")
	if err := run(context.Background(), "parties", []string{"--data", filepath.Join(dir, "data"), "--input", in, "--output", out, "--shards", "2"}); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	for i := range 2 {
		b, err := os.ReadFile(pipeline.ShardName(out, i, 2, ".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if l == "" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatal(err)
			}
			recs = append(recs, m)
		}
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2: %v", len(recs), recs)
	}
	dead, err := os.ReadFile(pipeline.ShardName(pipeline.DeadLetterPrefix(out), 0, 1, ".jsonl"))
	if err != nil || !strings.Contains(string(dead), `"line":3`) {
		t.Errorf("dead letters %q (%v), want the unclosed quote of line 3", dead, err)
	}
}

// TestRunRefuses checks the errors given before any pipeline is built.
func TestRunRefuses(t *testing.T) {
	if err := run(context.Background(), "screen", nil); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
}
