package eval

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/match"
)

// TestAblation runs the ablation table: it has a row per heuristic, and
// turning a heuristic off changes scores only through that heuristic
// (the pairs held-out F1 with everything on is the suite's own).
func TestAblation(t *testing.T) {
	needData(t)
	rows, err := Ablation(context.Background(), filepath.Join(dataDir, "eval"), match.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(match.Heuristics)+2 || rows[0].Off != "none" {
		t.Fatalf("%d rows, first %q", len(rows), rows[0].Off)
	}
	var buf bytes.Buffer
	WriteAblation(&buf, rows)
	t.Logf("\n%s", buf.String())
	c, err := Pairs(context.Background(), openData(t, PairsFile), score, match.DefaultThreshold)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].PairsHeldOut != c.HeldOut.F1 {
		t.Errorf("ablation baseline %.4f, suite %.4f", rows[0].PairsHeldOut, c.HeldOut.F1)
	}
}
