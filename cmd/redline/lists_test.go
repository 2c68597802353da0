package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

func TestListsCommands(t *testing.T) {
	a, stdout, stderr := importUN(t)
	ctx := context.Background()

	// status --format json: an array with the documented fields.
	if err := runListsStatus(ctx, a, []string{"--format", "json"}); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &rows); err != nil {
		t.Fatalf("status json: %v\n%s", err, stdout)
	}
	if len(rows) != 1 {
		t.Fatalf("status rows = %d, want 1", len(rows))
	}
	for _, k := range []string{"dataset", "version", "entities", "names", "skipped"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("status row lacks %q: %v", k, rows[0])
		}
	}
	if rows[0]["dataset"] != "un_sc_sanctions" || rows[0]["entities"].(float64) != 1003 {
		t.Errorf("status row = %v", rows[0])
	}
	stdout.Reset()

	// export --format ftm: every entity, each an FtM object.
	if err := runListsExport(ctx, a, []string{"--format", "ftm"}); err != nil {
		t.Fatal(err)
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(stdout.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e entity.Entity
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("export line %d: %v", n+1, err)
		}
		if e.Dataset != "un_sc_sanctions" || e.SourceID == "" {
			t.Fatalf("export line %d lacks dataset or source id: %s", n+1, sc.Text())
		}
		n++
	}
	if n != 1003 {
		t.Errorf("exported %d entities, want 1003", n)
	}
	stdout.Reset()

	// diff of the stored version with itself: nothing changed.
	if err := runListsDiff(ctx, a, []string{"--format", "json", "un_sc_sanctions", "un_sc_sanctions@current"}); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Summary struct{ Added, Removed, Changed, Unchanged int }
	}
	if err := json.Unmarshal(stdout.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if d.Summary.Unchanged != 1003 || d.Summary.Added+d.Summary.Removed+d.Summary.Changed != 0 {
		t.Errorf("self diff = %+v", d.Summary)
	}
	stdout.Reset()

	// Bad usage is a usage error, not a crash.
	var u usageError
	if err := runListsDiff(ctx, a, []string{"only-one"}); !errors.As(err, &u) {
		t.Errorf("diff with one argument: %v, want a usage error", err)
	}
	if err := runListsStatus(ctx, a, []string{"--format", "xml"}); !errors.As(err, &u) {
		t.Errorf("status --format xml: %v, want a usage error", err)
	}
	_ = stderr
}

func TestListsDiffFiles(t *testing.T) {
	a, stdout, _ := importUN(t)
	ctx := context.Background()
	old := filepath.Join(sharedData, "lists", "us-bis", "dpl.txt")
	cur := filepath.Join(sharedData, "lists", "us-bis", "dpl-2023-11.txt")
	if err := runListsDiff(ctx, a, []string{old, cur}); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	// 421 rows are the same in both editions (source/bis tests); the rest
	// were added or removed, and the table says so.
	if !strings.Contains(out, "added") || !strings.Contains(out, "removed") || !strings.Contains(out, "us_bis_denied") {
		t.Errorf("diff output:\n%s", out)
	}
}
