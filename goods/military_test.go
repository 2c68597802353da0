package goods

import (
	"strings"
	"testing"
)

// TestMilitaryItems checks the munitions-list verdict (issue 13 item 6):
// military items get their own verdict and wording, distinct from the
// CHPL tier; civilian look-alikes do not.
func TestMilitaryItems(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		name, desc, hs, want string // want: ML category, "" for none
	}{
		{"fighter jet parts", "fighter jet landing gear parts", "", "ML10"},
		{"jamming transmitter", "jamming transmitter", "", "ML11"},
		{"ru jammer", "Подавитель сигналов GPS/GSM", "", "ML11"},
		{"zh military drone", "军用无人机", "", "ML10"},
		{"ru missiles", "ракеты зенитные управляемые", "", "ML4"},
		{"body armour", "Bulletproof vest level IV", "", "ML13"},
		{"ru tank", "Танк Т-72Б3, запасные части", "", "ML6"},
		{"warship by HS", "Vessel", "8906.10", "ML9"},
		{"tanks by HS", "Vehicles", "8710.00", "ML6"},
		{"stated military use", "Connectors for military use", "", "ML?"},
		{"civilian drone", "Quadcopter drones DJI Mavic 3 Pro", "", ""},
		{"table tennis racket", "Ракетка для настольного тенниса", "", ""},
		{"bomb calorimeter", "Bomb calorimeter for laboratory", "", ""},
		{"fuel tank", "Fuel tank for trucks", "", ""},
		{"microcontrollers", "Microcontrollers STM32F407VGT6", "", ""},
		{"tanker", "Танкер-химовоз", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Classify(tc.desc, tc.hs)
			if got.Military != tc.want {
				t.Fatalf("%q: military %q, want %q; %q", tc.desc, got.Military, tc.want, got.Evidence)
			}
			v := got.Verdict()
			if tc.want != "" && !strings.HasPrefix(v, MilitaryVerdict) {
				t.Errorf("verdict %q, want the military verdict", v)
			}
			if tc.want == "" && strings.Contains(v, "military") {
				t.Errorf("verdict %q on a civilian item", v)
			}
		})
	}
}

// TestMilitaryNotOnCivilianRows: no civilian row of the labelled sets
// (gold concern empty, or a dual-use concern) reads as a military item.
func TestMilitaryNotOnCivilianRows(t *testing.T) {
	c := Default()
	rows := append(readLabelled(t), readLabelledFile(t, "testdata/blind2.csv")...)
	n, fp := 0, 0
	for _, r := range rows {
		if r.concern == "military" || r.concern == "ew" {
			continue
		}
		n++
		if got := c.Classify(r.desc, ""); got.Military != "" {
			fp++
			t.Errorf("%s:%d %q read as military %s (%q)", r.file, r.line, r.desc, got.Military, got.Evidence)
		}
	}
	t.Logf("%d of %d non-military labelled rows read as military", fp, n)
}

// TestMilitaryTable checks the table: every ML category once, in order,
// with a title; terms compile (newClassifier would fail otherwise).
func TestMilitaryTable(t *testing.T) {
	for i, c := range MilitaryCategories[:22] {
		if want := "ML" + itoa(i+1); c.ML != want || c.Title == "" {
			t.Errorf("row %d: %q %q, want %s with a title", i, c.ML, c.Title, want)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return string(rune('0'+i/10)) + string(rune('0'+i%10))
}
