package entity

import "testing"

func TestIdentifierKey(t *testing.T) {
	for _, tc := range []struct {
		name, prop, in, want string
	}{
		{"inn spaced", InnCode, "7731 084 175", "7731084175"},
		{"inn dashed", InnCode, "7731-084-175", "7731084175"},
		{"lower case letters", RegistrationNum, "gb-123abc", "GB123ABC"},
		{"imo prefix", ImoNumber, "IMO 9123456", "9123456"},
		{"imo suffix", ImoNumber, "9123456 (IMO)", "9123456"},
		{"not imo keeps letters", SwiftBic, "IMOBRUMM", "IMOBRUMM"},
		{"dotless i upper-cases to I", PassportNumber, "ı12", "I12"},
		{"other scripts dropped", TaxNumber, "ИНН 7707083893", "7707083893"},
		{"empty", InnCode, " - ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IdentifierKey(tc.prop, tc.in); got != tc.want {
				t.Errorf("IdentifierKey(%s, %q) = %q, want %q", tc.prop, tc.in, got, tc.want)
			}
		})
	}
}
