package names

import "testing"

func TestScriptName(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"latin", "Viktor MEDVEDCHUK", "Latin"},
		{"cyrillic", "Ростех", "Cyrillic"},
		{"arabic", "محمد", "Arabic"},
		{"persian letters are Arabic", "پژوهش", "Arabic"},
		{"kana", "カラシニコフ", "Japanese"},
		{"hiragana and katakana together", "ひらカタ", "Japanese"},
		{"mostly Han", "中国A", "Han"},
		{"tie: alphabetical", "ab中国", "Han"},
		{"georgian", "საქართველო", "Georgian"},
		{"no letters", "123 -", "Other"},
		{"other script", "ᎠᏍᎦᏯ", "Other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScriptName(tc.in); got != tc.want {
				t.Errorf("ScriptName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestVowel(t *testing.T) {
	for c := byte(0); c < 128; c++ {
		want := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
		if got := Vowel(c); got != want {
			t.Errorf("Vowel(%q) = %v, want %v", c, got, want)
		}
	}
	if Vowel('y') {
		t.Error("Vowel('y') = true; y is not a vowel here (see the doc)")
	}
}
