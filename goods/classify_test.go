package goods

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/internal/testutil"
)

var update = testutil.Update

func TestNewClassifier(t *testing.T) {
	if _, err := newClassifier(); err != nil {
		t.Fatal(err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name, desc, hs    string
		code, tier, conc  string
		minConf, maxConf  float64
		mismatch          bool
		evidenceMentioned string
	}{
		{"issue example en", "GNSS receiver module u-blox", "", "852691", "2", "navigation", 0.8, 1, false, "gnss"},
		{"issue example ru", "Модуль ГЛОНАСС/GPS", "", "852691", "2", "navigation", 0.7, 1, false, "глонасс"},
		{"issue example zh", "北斗卫星导航定位模块", "", "852691", "2", "navigation", 0.7, 1, false, "北斗"},
		{"part number decides", "STM32F407VGT6", "", "854231", "1", "microelectronics", 0.8, 1, false, "part number STM32F407VGT6"},
		{"xilinx kintex", "XC7K325T-2FFG900I", "", "854239", "1", "microelectronics", 0.8, 1, false, "7-series FPGA"},
		{"u-blox part", "NEO-M8N-0-10", "", "852691", "2", "navigation", 0.8, 1, false, "u-blox NEO"},
		{"memory part", "W25Q128JVSIQ", "", "854232", "1", "microelectronics", 0.8, 1, false, "Winbond"},
		{"russian stem", "Микросхемами интегральными", "", "854239", "1", "microelectronics", 0.5, 1, false, "микросхем"},
		{"drone not on CHPL", "Quadcopter drone DJI Mavic 3", "", "880622", "", "uav", 0.7, 1, false, "quadcopter"},
		{"drone parts on CHPL", "Запчасти для дронов", "", "880730", "3.B", "uav", 0.5, 1, false, "запчаст"},
		{"aircraft engine", "Rotax 912 aircraft engine", "", "840710", "", "engines", 0.5, 1, false, "aircraft engine"},
		{"jammer", "GPS jammer 8 bands", "", "854370", "", "ew", 0.5, 1, false, "jammer"},
		{"military", "Патроны калибра 7,62 мм", "", "930630", "", "military", 0.5, 1, false, "патрон"},
		{"smartphone civilian", "Smartphone Xiaomi Redmi Note 12", "", "851713", "", "", 0.7, 1, false, "smartphone"},
		{"laptop civilian", "Laptop HP 15s", "", "847130", "", "", 0.7, 1, false, "laptop"},
		{"textiles civilian", "Ткань хлопчатобумажная", "", "520832", "", "", 0.3, 1, false, "ткан"},
		{"context word halves", "Блоки питания для ноутбуков", "", "850440", "3.A", "electronics", 0.3, 1, false, "блок"},
		{"fallback on HS wording", "Horses, pure-bred breeding", "", "010121", "", "", 0.05, 0.5, false, "description match"},
		{"nothing known", "zzzz qqqq", "", "", "", "", 0, 0, false, "no known goods"},
		{"declared agrees", "STM32F103C8T6", "8542.31.90", "854231", "1", "microelectronics", 0.9, 1, false, "agrees"},
		{"declared wins when text is silent", "goods as per invoice 12", "8526.91", "852691", "2", "navigation", 0.8, 0.8, false, "names no known goods"},
		{"declared heading, text names subheading", "Микросхемы памяти", "8542", "854232", "1", "microelectronics", 0.9, 1, false, "agrees"},
		{"declared hides CHPL goods", "Microcontroller STM32F407VGT6", "8473.30", "854231", "1", "microelectronics", 0.8, 1, true, "inconsistent"},
		{"declared kept over weak text", "chip", "8517.62", "851762", "2", "communications", 0.7, 0.7, false, "weakly suggests"},
		{"invalid declared ignored", "ball bearings 6204-2RS", "8482.77", "848210", "3.B", "bearings", 0.7, 1, false, "ignored"},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Classify(tt.desc, tt.hs)
			if got.HSCode != tt.code || got.CHPLTier != tt.tier || got.Concern != tt.conc || got.Mismatch != tt.mismatch {
				t.Errorf("Classify(%q, %q) = %s tier %q concern %q mismatch %v; want %s %q %q %v\nevidence %q",
					tt.desc, tt.hs, got.HSCode, got.CHPLTier, got.Concern, got.Mismatch, tt.code, tt.tier, tt.conc, tt.mismatch, got.Evidence)
			}
			if got.Confidence < tt.minConf || got.Confidence > tt.maxConf {
				t.Errorf("Classify(%q, %q) confidence %.2f, want in [%.2f, %.2f]", tt.desc, tt.hs, got.Confidence, tt.minConf, tt.maxConf)
			}
			if !strings.Contains(strings.ToLower(strings.Join(got.Evidence, "\n")), strings.ToLower(tt.evidenceMentioned)) {
				t.Errorf("Classify(%q, %q) evidence %q does not mention %q", tt.desc, tt.hs, got.Evidence, tt.evidenceMentioned)
			}
			if got.HSCode != "" && (got.HSHeading != got.HSCode[:4] || got.Description != Description(got.HSCode)) {
				t.Errorf("heading %q / description %q do not go with %s", got.HSHeading, got.Description, got.HSCode)
			}
		})
	}
}

// TestCivilianNoTier: clearly civilian goods never get a CHPL tier.
func TestCivilianNoTier(t *testing.T) {
	c := Default()
	for _, d := range []string{
		"iPhone 15 Pro Max 256GB", "Смартфоны Apple iPhone", "华为手机 Mate 60", "Laptop Dell Latitude 5440", "Ноутбук ASUS", "联想笔记本电脑",
		"Cotton fabric, dyed", "Хлопчатобумажная ткань", "棉布", "Wooden bedroom furniture", "Мебель офисная", "办公家具",
		"Frozen chicken legs", "Сыр твердый", "绿茶", "T-shirts", "Футболки детские", "T恤衫", "Toys", "Игрушки", "玩具",
		// False friends of CHPL words.
		"Memory foam pillows", "LED flashlight", "Potato chips, salted", "Frozen raspberries", "Raspberry jam", "LED TVs 55 inch",
		"Cotton towels, shipped via UPS", "Catalytic converter for cars", "Socket wrench set", "Camera bag", "IC card blank", "Gyros meat, frozen",
		"Wood chips for fuel", "Чипсы картофельные", "记忆棉枕头",
	} {
		if got := c.Classify(d, ""); got.CHPLTier != "" {
			t.Errorf("Classify(%q) gave CHPL tier %s (%s): %q", d, got.CHPLTier, got.HSCode, got.Evidence)
		}
	}
}

func TestClassificationJSON(t *testing.T) {
	c := Default()
	for _, d := range []string{"Cotton T-shirts", "STM32F407VGT6", ""} {
		got := c.Classify(d, "")
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"hs_code", "hs_heading", "chpl_tier", "concern", "confidence", "evidence"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: JSON lacks %q: %s", d, k, b)
			}
		}
		if got.CHPLTier == "" && m["chpl_tier"] != nil {
			t.Errorf("%s: chpl_tier %v, want null", d, m["chpl_tier"])
		}
		var back Classification
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, back); diff != "" && !(got.Evidence == nil && len(back.Evidence) == 0) {
			t.Errorf("%s: JSON round trip (-want +got):\n%s", d, diff)
		}
	}
}

// TestGolden pins the full classification, evidence included, of a set of
// descriptions in testdata/classify.txt (one per line, "CODE<TAB>TEXT" to
// declare a code). Refresh with go test -run TestGolden -update.
func TestGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "classify.txt"))
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Input    string         `json:"input"`
		Declared string         `json:"declared,omitempty"`
		Result   Classification `json:"result"`
	}
	var got []entry
	c := Default()
	for _, line := range strings.Split(strings.TrimSpace(string(in)), "\n") {
		code, desc, ok := strings.Cut(line, "\t")
		if !ok {
			code, desc = "", line
		}
		got = append(got, entry{desc, code, c.Classify(desc, code)})
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "classify.golden.json")
	testutil.Golden(t, golden, append(b, '\n'))
}

// TestLongAndBadInput: a 100 MB line, invalid UTF-8 and control bytes
// are classified (cut at maxDescription) without panic or delay.
func TestLongAndBadInput(t *testing.T) {
	c := Default()
	long := strings.Repeat("микросхема ", 5<<20)
	got := c.Classify(long, "")
	if got.HSHeading != "8542" {
		t.Errorf("long input: %s", got.HSCode)
	}
	for _, s := range []string{"\xff\xfe\xfd", "STM32\x00F407", strings.Repeat("\u200b", 5000), strings.Repeat("人", 5000)} {
		_ = c.Classify(s, s)
	}
}

// FuzzClassify checks properties on any input: no panic; a code is a
// known subheading; a tier only on CHPL codes; confidence in [0, 1];
// evidence always given; the same input gives the same answer.
func FuzzClassify(f *testing.F) {
	// Seeds: the golden inputs and the labelled descriptions.
	seeds, err := os.ReadFile(filepath.Join("testdata", "classify.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(seeds), "\n") {
		code, desc, ok := strings.Cut(line, "\t")
		if !ok {
			code, desc = "", line
		}
		f.Add(desc, code)
	}
	for _, r := range readLabelled(f) {
		f.Add(r.desc, "")
	}
	f.Add("\xff\xfe", "\xff")
	c := Default()
	f.Fuzz(func(t *testing.T, desc, hs string) {
		got := c.Classify(desc, hs)
		if got.HSCode != "" && (len(got.HSCode) != 6 || Description(got.HSCode) == "") {
			t.Fatalf("Classify(%q, %q): code %q is not a subheading", desc, hs, got.HSCode)
		}
		if got.CHPLTier != Tier(got.HSCode) {
			t.Fatalf("Classify(%q, %q): tier %q for %s, CHPL says %q", desc, hs, got.CHPLTier, got.HSCode, Tier(got.HSCode))
		}
		if got.Confidence < 0 || got.Confidence > 1 {
			t.Fatalf("Classify(%q, %q): confidence %v", desc, hs, got.Confidence)
		}
		if len(got.Evidence) == 0 {
			t.Fatalf("Classify(%q, %q): no evidence", desc, hs)
		}
		if again := c.Classify(desc, hs); !cmp.Equal(got, again) {
			t.Fatalf("Classify(%q, %q) not deterministic", desc, hs)
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	c := Default()
	for _, bc := range []struct{ name, desc, hs string }{
		{"part", "IC MCU STM32F407VGT6 LQFP100 ARM Cortex-M4, 500 PCS", ""},
		{"en", "Deep groove ball bearings 6204-2RS SKF", ""},
		{"ru", "МИКРОСХЕМА ИНТЕГРАЛЬНАЯ, МИКРОКОНТРОЛЛЕР, 1000 ШТ", ""},
		{"zh", "北斗卫星导航定位模块", ""},
		{"declared", "Men's cotton T-shirts, knitted", "6109.10.0000"},
		{"fallback", "Horses, pure-bred breeding animals", ""},
		{"fallback-ru", "Центры обрабатывающие вертикальные с ЧПУ", ""},
		{"fallback-zh", "直流直流转换器 静止式变流器", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c.Classify(bc.desc, bc.hs) // builds the lazy HS-description index
			b.ReportAllocs()
			start := testutil.CPUTime()
			n := 0
			for b.Loop() {
				c.Classify(bc.desc, bc.hs)
				n++
			}
			if cpu := testutil.CPUTime() - start; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "classifications/s")
		})
	}
}

// BenchmarkDefault measures building the classifier (the tables, the
// lexicon, the part rules and the HS-description index).
func BenchmarkDefault(b *testing.B) {
	nomenclature()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newClassifier(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeHS(b *testing.B) {
	nomenclature()
	b.ReportAllocs()
	for b.Loop() {
		NormalizeHS("8542.31.00.00")
	}
}
