package server

import (
	"net/http/httptest"
	"testing"

	"github.com/redline-sanctions/redline/match"
)

// TestMatchOptionsRanges: the API accepts the thresholds the command line
// accepts (match.Options.Validate: threshold in (0, 1], the CLI's range;
// the API took [0, 1] before) and clamps the cutoff the same way.
func TestMatchOptionsRanges(t *testing.T) {
	s := &Server{opts: Options{Match: match.DefaultOptions()}}
	tests := []struct {
		name          string
		query         string
		ok            bool
		wantThreshold float64
		wantMinScore  float64
	}{
		{"defaults", "", true, 0.80, 0.5},
		{"threshold", "threshold=0.7", true, 0.7, 0.5},
		{"threshold 1", "threshold=1", true, 1, 0.5},
		{"threshold below the min score clamps it", "threshold=0.3", true, 0.3, 0.3},
		{"cutoff above the threshold is clamped", "threshold=0.7&cutoff=0.9", true, 0.7, 0.7},
		{"cutoff 0", "cutoff=0", true, 0.80, 0},
		{"threshold 0", "threshold=0", false, 0, 0},
		{"threshold above 1", "threshold=1.01", false, 0, 0},
		{"threshold NaN", "threshold=NaN", false, 0, 0},
		{"threshold not a number", "threshold=high", false, 0, 0},
		{"cutoff negative", "cutoff=-0.5", false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, msg := s.matchOptions(httptest.NewRequest("POST", "/match/default?"+tc.query, nil), 5)
			if (msg == "") != tc.ok {
				t.Fatalf("message %q, want ok %v", msg, tc.ok)
			}
			if !tc.ok {
				return
			}
			if o.Threshold != tc.wantThreshold || o.MinScore != tc.wantMinScore {
				t.Errorf("threshold %v, min score %v; want %v, %v", o.Threshold, o.MinScore, tc.wantThreshold, tc.wantMinScore)
			}
			// The command line's check agrees.
			cli := match.DefaultOptions()
			cli.Threshold, cli.MinScore = o.Threshold, o.MinScore
			if err := cli.Validate(); err != nil {
				t.Errorf("accepted by the API, refused by Validate: %v", err)
			}
		})
	}
}
