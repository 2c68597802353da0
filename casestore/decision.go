package casestore

import (
	"fmt"
	"strings"
)

// decisions are the valid decisions, in the order messages list them.
var decisions = []Decision{TrueMatch, FalsePositive, NeedsReview}

// ValidDecisions returns the valid decisions (a new slice each call).
func ValidDecisions() []Decision { return append([]Decision(nil), decisions...) }

// CheckDecision returns nil for a valid decision, else an error wrapping
// ErrInvalid that lists the valid ones:
//
//	invalid argument: decision "clear": want one of true_match, false_positive, needs_review
func CheckDecision(d Decision) error {
	if d.Valid() {
		return nil
	}
	want := make([]string, len(decisions))
	for i, x := range decisions {
		want[i] = string(x)
	}
	if d == "" {
		return fmt.Errorf("%w: no decision: want one of %s", ErrInvalid, strings.Join(want, ", "))
	}
	return fmt.Errorf("%w: decision %q: want one of %s", ErrInvalid, d, strings.Join(want, ", "))
}
