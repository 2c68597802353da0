package screen

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// TestCSVTopScore pins the top_score column to match.RoundScore, the
// API's rounding (4 decimals, half away from zero; it was 3 decimals).
func TestCSVTopScore(t *testing.T) {
	tests := []struct {
		name  string
		score float64
		want  string
	}{
		{"four decimals", 0.912351, "0.9124"},
		{"short", 0.8, "0.8"},
		{"one", 1, "1"},
		{"below the threshold stays below", 0.79994, "0.7999"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewCSVWriter(&buf)
			if err := w.Write(&Record{ID: "p1", Line: 2, Name: "x", Matches: []Match{{Score: tc.score, EntityID: "e1"}}}); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := rows[1][5]; got != tc.want {
				t.Errorf("top_score %q, want %q", got, tc.want)
			}
		})
	}
}
