package ownership

import "testing"

func TestPathString(t *testing.T) {
	unknown := Share{}
	d := Designation{Dataset: "us_ofac_sdn", Program: []string{"RUSSIA-EO14024"}}
	for _, tc := range []struct {
		name string
		p    Path
		want string
	}{
		{"empty", Path{}, ""},
		{"root only", Path{Steps: []Step{{ID: "ofac-1", Name: "TACO LLC"}}}, "TACO LLC (ofac-1)"},
		{"one holding, designation once", Path{Steps: []Step{
			{ID: "ofac-1", Name: "TACO LLC", Designations: []Designation{d, d}, Share: &unknown},
			{ID: "x", Name: "Ararat"},
		}}, "TACO LLC (ofac-1, us_ofac_sdn [RUSSIA-EO14024]) --unknown--> Ararat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}
