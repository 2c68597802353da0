package match

import (
	"errors"
	"math"
	"testing"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		set     func(o *Options)
		field   string // "" for valid
		minimum float64
	}{
		{"defaults", func(o *Options) {}, "", 0.5},
		{"min score lowered to the threshold", func(o *Options) { o.Threshold = 0.4 }, "", 0.4},
		{"threshold 1", func(o *Options) { o.Threshold = 1 }, "", 0.5},
		{"threshold 0", func(o *Options) { o.Threshold = 0 }, "threshold", 0},
		{"threshold above 1", func(o *Options) { o.Threshold = 1.2 }, "threshold", 0},
		{"threshold NaN", func(o *Options) { o.Threshold = math.NaN() }, "threshold", 0},
		{"min score negative", func(o *Options) { o.MinScore = -0.1 }, "min_score", 0},
		{"limit negative", func(o *Options) { o.Limit = -1 }, "limit", 0},
		{"unknown algorithm", func(o *Options) { o.Algorithm = "neural" }, "algorithm", 0},
		{"unknown heuristic", func(o *Options) { o.Ablate = 1 << 30 }, "ablate", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := DefaultOptions()
			tt.set(&o)
			err := o.Validate()
			var oe *OptionError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.field != "" && (!errors.As(err, &oe) || oe.Field != tt.field):
				t.Fatalf("error %v, want one on %s", err, tt.field)
			case tt.field == "" && o.MinScore != tt.minimum:
				t.Errorf("min score %.2f, want %.2f", o.MinScore, tt.minimum)
			}
		})
	}
}

// TestRoundScore pins the one rounding of scores written out: 4 decimals,
// half away from zero (the API's; the CLI wrote 3 before).
func TestRoundScore(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want float64
	}{
		{"exact", 0.8, 0.8},
		{"down", 0.912345, 0.9123},
		{"up", 0.912351, 0.9124},
		{"half up", 0.91235, 0.9124},
		{"just below a threshold stays below", 0.79994, 0.7999},
		{"one", 1, 1},
		{"zero", 0, 0},
		{"negative contribution", -0.12345, -0.1235},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RoundScore(tc.in); got != tc.want {
				t.Errorf("RoundScore(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
