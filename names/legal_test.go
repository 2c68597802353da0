package names

import "testing"

func TestWithoutLegalForm(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"OBORONLOGISTIKA, OOO", "oboronlogistika"},
		{"OOO Oboronlogistika", "oboronlogistika"},
		{"Joint Stock Company Kalashnikov Concern", "kalashnikov concern"},
		{"Tonghung Shipping & Trading Co., Ltd.", "tonghung shipping and trading"},
		{"Limited", "limited"},
		{"", ""},
	} {
		if got := WithoutLegalForm(tc.in); got != tc.want {
			t.Errorf("WithoutLegalForm(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
