package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/internal/testutil"
)

// TestEmbeddedUpToDate checks that goods/data holds exactly what the
// generator makes from ../shared/data/goods, so the embedded tables never
// drift from the published files.
func TestEmbeddedUpToDate(t *testing.T) {
	src := testutil.SharedData("goods")
	if _, err := os.Stat(src); err != nil {
		testutil.Skipf(t, "shared data not found at %s: %v", src, err)
	}
	files, err := generate(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hs.tsv", "chpl.tsv", "tiers.tsv"} {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join("..", "..", "data", name))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(files[name]), string(got)); diff != "" {
				t.Errorf("goods/data/%s is stale; run go generate in goods (-generated +embedded):\n%s", name, diff)
			}
		})
	}
	if len(files) != 3 {
		t.Errorf("generator made %d files, want 3", len(files))
	}
}

func TestGenerateBadSource(t *testing.T) {
	if _, err := generate(t.TempDir()); err == nil {
		t.Error("generate on an empty folder: no error")
	}
}
