package casestore_test

import (
	"errors"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

func TestCheckDecision(t *testing.T) {
	tests := []struct {
		name string
		d    casestore.Decision
		want string // "" for valid
	}{
		{"true match", casestore.TrueMatch, ""},
		{"false positive", casestore.FalsePositive, ""},
		{"needs review", casestore.NeedsReview, ""},
		{"unknown", "clear", `invalid argument: decision "clear": want one of true_match, false_positive, needs_review`},
		{"upper case", "TRUE_MATCH", `invalid argument: decision "TRUE_MATCH": want one of true_match, false_positive, needs_review`},
		{"empty", "", `invalid argument: no decision: want one of true_match, false_positive, needs_review`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := casestore.CheckDecision(tc.d)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckDecision(%q) = %v", tc.d, err)
				}
				return
			}
			if err == nil || err.Error() != tc.want || !errors.Is(err, casestore.ErrInvalid) {
				t.Fatalf("CheckDecision(%q) = %v, want %s (ErrInvalid)", tc.d, err, tc.want)
			}
		})
	}
	if got := casestore.ValidDecisions(); len(got) != 3 {
		t.Fatalf("ValidDecisions() = %v", got)
	}
}
