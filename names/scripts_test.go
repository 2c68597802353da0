package names

import (
	"strings"
	"testing"
)

// forms returns the Latin forms of a name, "translit: text".
func latinForms(name string) []string {
	var out []string
	for _, f := range Analyze(name).Forms {
		if f.Script == Latin {
			out = append(out, f.Translit+": "+f.Text())
		}
	}
	return out
}

// checkForms runs table cases: each name must have every wanted Latin
// form (translit: text).
func checkForms(t *testing.T, cases []struct {
	name, in string
	want     []string
}) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := latinForms(tc.in)
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					if g == w {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: forms %s, want %q among them", tc.in, strings.Join(got, " | "), w)
				}
			}
		})
	}
}

// TestGreek: ELOT 743 digraphs and the positional variants, on names of
// Greek politicians and athletes as their passports and the press spell
// them.
func TestGreek(t *testing.T) {
	checkForms(t, []struct {
		name, in string
		want     []string
	}{
		{"eta upsilon chi", "Κυριάκος Μητσοτάκης", []string{"elot743: kyriakos mitsotakis"}},
		{"gamma gamma", "Ευάγγελος Βενιζέλος", []string{"elot743: evangelos venizelos"}},
		{"xi, tau sigma", "Αλέξης Τσίπρας", []string{"elot743: alexis tsipras"}},
		{"mu pi nu tau ou", "Γιάννης Αντετοκούνμπο", []string{"elot743: giannis antetokounmpo"}},
		{"initial nu tau, mu pi", "Ντόρα Μπακογιάννη", []string{"elot743: ntora mpakogianni", "greek-variant: dora bakogianni"}},
		{"gamma kappa", "Γκίκας Χαρδούβελης", []string{"elot743: gkikas chardouvelis", "greek-variant: gikas chardouvelis"}},
		{"alpha upsilon voiceless", "Ευστάθιος Αυτοκράτορας", []string{"elot743: efstathios aftokratoras"}},
		{"epsilon iota, omicron iota", "Ειρήνη Οικονόμου", []string{"elot743: eirini oikonomou"}},
	})
}

// TestKana: modified Hepburn as Japanese passports write it (long vowels
// unmarked, n before b/m/p as m, sokuon, yōon, small vowels of foreign
// sounds), and the form of foreign names without epenthetic vowels.
func TestKana(t *testing.T) {
	checkForms(t, []struct {
		name, in string
		want     []string
	}{
		{"long ou", "さとう", []string{"hepburn: sato"}},
		{"ou before a vowel", "いのうえ", []string{"hepburn: inoue"}},
		{"long oo", "おおの", []string{"hepburn: ono"}},
		{"long ou, n", "あべ しんぞう", []string{"hepburn: abe shinzo"}},
		{"sokuon, long ou", "ほっかいどう", []string{"hepburn: hokkaido"}},
		{"sokuon before ch", "まっちゃ", []string{"hepburn: matcha"}},
		{"n before b", "しんばし", []string{"hepburn: shimbashi"}},
		{"yoon", "キャノン", []string{"hepburn: kyanon"}},
		{"n before m, final do", "ムハンマド", []string{"hepburn: muhammado", "kana-foreign: muhammad"}},
		{"small vowels", "ウラジーミル・プーチン", []string{"hepburn: urajimiru puchin", "kana-foreign: urajimir puchin"}},
		{"fa, du", "ファハド・アブドゥッラー", []string{"hepburn: fahado abudurra", "kana-foreign: fahad abdurra"}},
		{"katakana long mark", "サウード", []string{"hepburn: saudo", "kana-foreign: saud"}},
	})
}

// TestHebrew: the two readings of unvowelled Hebrew, on Hebrew and Arabic
// names.
func TestHebrew(t *testing.T) {
	checkForms(t, []struct {
		name, in string
		want     []string
	}{
		{"final he, shin", "משה", []string{"hebrew: mshe"}},
		{"vav as o and u", "יוסף", []string{"hebrew: yosf", "hebrew-arabic: yusf"}},
		{"het, arabic reading", "מוחמד", []string{"hebrew: mokhmd", "hebrew-arabic: muhmd"}},
		{"double yod after a consonant", "פייסל", []string{"hebrew: pysl", "hebrew-arabic: faysl"}},
		{"vav as consonant after alef", "קרדאוי", []string{"hebrew-arabic: qrdawi"}},
		{"initial vav", "וליד", []string{"hebrew: vlid", "hebrew-arabic: wlid"}},
		{"alef before yod", "איבן סעוד", []string{"hebrew-arabic: ibn saud"}},
		{"geresh inside a word", "ג׳ורג׳", []string{"hebrew: gorg"}},
		{"abd with the article", "עבד אל כרים", []string{"hebrew-arabic: abd al krim", "hebrew-abdul: abdul krim"}},
		{"abu with the article", "אבו אל חסן", []string{"hebrew-abdul: abul hsn"}},
	})
}

// TestThai: RTGS transcription of Thai names (Thai prime ministers and
// kings; the RTGS spelling, not the personal one they chose: Thaksin
// Shinawatra is Thaksin Chinnawat in RTGS, which does not write the
// linking syllable "na").
func TestThai(t *testing.T) {
	checkForms(t, []struct {
		name, in string
		want     []string
	}{
		{"thanthakhat, cluster", "ประยุทธ์ จันทร์โอชา", []string{"rtgs: prayut chanocha"}},
		{"final cluster with r", "ทักษิณ ชินวัตร", []string{"rtgs: thaksin chinwat"}},
		{"closed unwritten o", "สมชาย", []string{"rtgs: somchai"}},
		{"pre-vowel e, cluster kr", "กรุงเทพ", []string{"rtgs: krungthep"}},
		{"thanthakhat over two", "ยิ่งลักษณ์", []string{"rtgs: yinglak"}},
		{"open unwritten a", "อภิสิทธิ์ เวชชาชีวะ", []string{"rtgs: aphisit wetchachiwa"}},
		{"final l as n", "ภูมิพล อดุลยเดช", []string{"rtgs: phumiphon adunyadet"}},
		{"ai, ao, ia", "ไทย เกาะ เสีย", []string{"rtgs: thai ko sia"}},
		{"medial w", "สวน", []string{"rtgs: suan"}},
		{"ro han", "ธรรม", []string{"rtgs: tham"}},
		{"silent h", "หญิง", []string{"rtgs: ying"}},
		{"pre-vowel cluster", "เพลง", []string{"rtgs: phleng"}},
		{"sara am (split by NFKC)", "กำแพง", []string{"rtgs: kamphaeng"}},
		{"thanthakhat after a closed syllable", "ศาสตร์", []string{"rtgs: sat"}},
	})
}
