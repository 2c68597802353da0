package goods

import "testing"

func TestPartNumbers(t *testing.T) {
	idx, err := buildParts(parts)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ tok, want string }{
		{"STM32F407VGT6", "854231"}, {"STM32H743VIT6", "854231"}, {"GD32F103C8T6", "854231"}, {"ATMEGA328P-AU", "854231"},
		{"PIC18F4550-I/P", "854231"}, {"TMS320F28335PGFA", "854231"}, {"ADSP-21489", "854231"}, {"MIMX8MM6DVTLZAA", "854231"},
		{"XC7K325T-2FFG900I", "854239"}, {"XC7Z020-1CLG400C", "854239"}, {"XC6SLX45-2CSG324C", "854239"}, {"XCZU9EG", "854239"}, {"XC2V1000-4FG456C", "854239"}, {"CY7C68013A-56PVXC", "854231"},
		{"EP4CE22F17C8N", "854239"}, {"10M08SAE144C8G", "854239"}, {"LFE5U-25F-6BG256C", "854239"}, {"AD9361BBCZ", "854239"},
		{"AD7606BSTZ", "854239"}, {"ADS1115IDGSR", "854239"}, {"LTC2983", "854239"}, {"MAX3232", "854239"}, {"TPS54331", "854239"},
		{"SN74HC595N", "854239"}, {"74HC595", "854239"}, {"DS18B20", "854239"},
		{"OPA2188AIDR", "854233"}, {"AD8065ARTZ", "854233"}, {"LM358", "854233"}, {"HMC8410LP2FE", "854233"}, {"INA128", "854233"},
		{"W25Q128JVSIQ", "854232"}, {"MT29F4G08ABADAWP", "854232"}, {"MT40A512M16LY-075", "854232"}, {"K4B4G1646E", "854232"},
		{"24LC256-I/SN", "854232"}, {"S25FL128SAGMFI001", "854232"}, {"H5TQ4G63CFR", "854232"},
		{"NEO-M8N", "852691"}, {"NEO-6M", "852691"}, {"ZED-F9P", "852691"}, {"MAX-M10S", "852691"}, {"BN-880", "852691"},
		{"ATGM336H", "852691"}, {"UM982", "852691"}, {"L76K", "852691"},
		{"SIM800L", "851762"}, {"EC25-EU", "851762"}, {"ESP32-WROOM-32E", "851762"}, {"RB750GR3", "851762"},
		{"IRF540N", "854129"}, {"IRFP4468PBF", "854129"}, {"STP80NF70", "854129"}, {"AO3400", "854129"}, {"BC547B", "854121"},
		{"2N2222A", "854121"}, {"2N3055", "854129"}, {"BTA16-600B", "854130"},
		{"1N4007", "854110"}, {"1N4148", "854110"}, {"SS34", "854110"}, {"BZX84C5V1", "854110"}, {"MBR20100", "854110"},
		{"PC817", "854149"}, {"HCPL-2630", "854149"}, {"TLP521", "854149"}, {"HC-49S", "854160"},
		{"GRM188R71H104KA93D", "853224"}, {"CL21B104KBCNNNC", "853224"}, {"C1206C106K3RACTU", "853224"},
		{"T491A106K016AT", "853221"}, {"TAJB106K016RNJ", "853221"},
		{"MIL-DTL-38999", "853669"}, {"XT60", "853669"},
		{"DS1104Z", "903020"}, {"TBS1052C", "903020"}, {"N5172B", "854320"},
		{"6204-2RS", "848210"}, {"6001ZZ", "848210"}, {"NU2210", "848250"},
	}
	for _, tt := range tests {
		t.Run(tt.tok, func(t *testing.T) {
			r := idx.match(tt.tok)
			if r == nil {
				t.Fatalf("%s: no family", tt.tok)
			}
			if r.hs != tt.want {
				t.Errorf("%s: %s (%s), want %s", tt.tok, r.hs, r.label, tt.want)
			}
		})
	}
	// Tokens that look like part numbers but are not components.
	for _, tok := range []string{"SS304", "6204", "2023", "A54", "0.75L", "205/55R16", "4GB", "128GB", "M8", "HS2022", "ISO9001", "PO-2023-118", "LOT12345", "AISI316", "EN10204"} {
		if r := idx.match(tok); r != nil {
			t.Errorf("%s matched %s (%s)", tok, r.hs, r.label)
		}
	}
}

// TestPartTokens checks how part-number candidates are cut from text.
func TestPartTokens(t *testing.T) {
	got := partTokens("IC STM32F407vgt6, qty 500pcs; (XC7K325T-2FFG900I). MAX-M8Q-", nil)
	want := []string{"STM32F407VGT6", "500PCS", "XC7K325T-2FFG900I", "MAX-M8Q"}
	if len(got) != len(want) {
		t.Fatalf("partTokens = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %q, want %q", i, got[i], want[i])
		}
	}
}
