package casestore_test

import (
	"errors"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

func TestParseFourEyes(t *testing.T) {
	tests := []struct {
		name           string
		score          float64
		lists, checker string
		want           string // the policy's String, or "error"
	}{
		{"default", 0.95, "un_sc_sanctions,us_ofac_sdn", "", "the score is 0.95 or more or the hit is on un_sc_sanctions, us_ofac_sdn; checked by a user with the admin role or above"},
		{"spaces and repeats", 0.9, " un_sc_sanctions , ,un_sc_sanctions", "analyst", "the score is 0.90 or more or the hit is on un_sc_sanctions; checked by a user with the analyst role or above"},
		{"score only", 0.97, "", "admin", "the score is 0.97 or more; checked by a user with the admin role or above"},
		{"lists only", 1.01, "us_ofac_sdn", "", "the hit is on us_ofac_sdn; checked by a user with the admin role or above"},
		{"off", 1.01, "", "", "off"},
		{"negative score", -1, "", "", "error"},
		{"viewer checks", 0.95, "", "viewer", "error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := casestore.ParseFourEyes(tc.score, tc.lists, tc.checker)
			got := f.String()
			if err != nil {
				if !errors.Is(err, casestore.ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				got = "error"
			}
			if got != tc.want {
				t.Fatalf("ParseFourEyes(%v, %q, %q) = %q, want %q", tc.score, tc.lists, tc.checker, got, tc.want)
			}
		})
	}
	var none *casestore.FourEyes
	if rule, ok := none.Covers(casestore.Alert{Score: 1, Dataset: "un_sc_sanctions"}, casestore.FalsePositive); ok || none.String() != "off" {
		t.Fatalf("nil policy covers %q", rule)
	}
}
