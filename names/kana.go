package names

import (
	"slices"
	"strings"
)

// Japanese kana are romanized in modified Hepburn, the system of Japanese
// passports (Ministry of Foreign Affairs, "Hepburn-shiki rōmaji" table
// for passport names) and of the Japanese government's publications:
//
//   - yōon: a kana of the i column with a small ya, yu, yo is one syllable
//     (キャ kya, シュ shu, チョ cho, ジャ ja);
//   - small vowels after a kana write the sounds of foreign names (ファ fa,
//     ティ ti, ドゥ du, ウィ wi, ヴァ va, シェ she, ジェ je, チェ che);
//   - sokuon: a small tsu doubles the next consonant (ッチ tchi);
//   - the syllabic n is m before b, m and p (ンバ mba, ンマ mma);
//   - long vowels are not marked in passports: the prolonged sound mark ー
//     is dropped, and ou, oo and uu are written o, u (さとう Sato, おおの
//     Ono), unless a vowel follows (いのうえ Inoue).
//
// A second form, for names of foreign origin written in katakana, drops the
// epenthetic vowels Japanese adds after a consonant (u after most, o after
// t and d: ムハンマド muhammado → muhammad, サウード saudo → saud) at the
// end of a word and before another consonant.
//
// Kanji names are read by the Japanese readings of their characters
// (kanji.go).

// kanaForms returns the Hepburn spelling of toks and, when it differs, the
// spelling without epenthetic vowels; nil when a token is not all kana.
func kanaForms(toks []string) []transliteration {
	hep := make([]string, 0, len(toks))
	foreign := make([]string, 0, len(toks))
	for _, t := range toks {
		syl, ok := kanaSyllables(t)
		if !ok {
			return nil
		}
		if len(syl) == 0 {
			continue
		}
		hep = append(hep, hepburnLong(strings.Join(syl, "")))
		foreign = append(foreign, dropEpenthetic(syl))
	}
	if len(hep) == 0 {
		return nil
	}
	out := []transliteration{{"hepburn", hep}}
	if !slices.Equal(hep, foreign) {
		out = append(out, transliteration{"kana-foreign", foreign})
	}
	return out
}

// kanaSmall are the small kana that change the syllable before them.
var kanaSmall = map[rune]string{
	'ァ': "a", 'ィ': "i", 'ゥ': "u", 'ェ': "e", 'ォ': "o", 'ャ': "ya", 'ュ': "yu", 'ョ': "yo", 'ヮ': "wa",
}

// kanaSyllables splits a kana token into romanized syllables, with yōon,
// small vowels, sokuon and the syllabic n resolved; false when the token
// has a letter that is not kana.
func kanaSyllables(t string) ([]string, bool) {
	var syl []string
	double := false
	for _, r := range t {
		if r >= 'ぁ' && r <= 'ゖ' {
			r += 0x60 // hiragana to katakana
		}
		switch {
		case r == 'ッ':
			double = true
			continue
		case r == 'ー' || r == '・':
			continue
		}
		if v, ok := kanaSmall[r]; ok {
			if n := len(syl); n > 0 && !double {
				syl[n-1] = smallAfter(syl[n-1], v)
				continue
			}
			syl = append(syl, strings.TrimPrefix(v, "y"))
			continue
		}
		s, ok := kana[r]
		if !ok {
			return nil, false
		}
		if double && s != "" && s != "n" {
			switch {
			case strings.HasPrefix(s, "ch"):
				s = "t" + s
			case !strings.ContainsRune("aiueo", rune(s[0])):
				s = s[:1] + s
			}
		}
		double = false
		syl = append(syl, s)
	}
	// the syllabic n before b, m, p
	for i := 0; i+1 < len(syl); i++ {
		if syl[i] == "n" && syl[i+1] != "" && strings.ContainsRune("bmp", rune(syl[i+1][0])) {
			syl[i] = "m"
		}
	}
	return syl, true
}

// smallAfter combines a syllable with the small kana v that follows it.
func smallAfter(prev, v string) string {
	if strings.HasPrefix(v, "y") { // yōon: kya, sha, cho, ja
		if !strings.HasSuffix(prev, "i") || len(prev) < 2 {
			return prev + v
		}
		stem := prev[:len(prev)-1]
		if strings.HasSuffix(stem, "sh") || strings.HasSuffix(stem, "ch") || strings.HasSuffix(stem, "j") {
			return stem + v[1:]
		}
		return stem + v
	}
	switch prev {
	case "u":
		return "w" + v // ウィ wi, ウェ we, ウォ wo
	case "vu":
		return "v" + v
	case "tsu":
		return "ts" + v
	case "shi", "chi", "ji":
		return prev[:len(prev)-1] + v // シェ she, チェ che, ジェ je
	}
	if i := strings.LastIndexAny(prev, "aiueo"); i > 0 {
		return prev[:i] + v // ファ fa, ティ ti, ドゥ du
	}
	return prev + v
}

// hepburnLong writes the long vowels ou, oo, uu as o and u unless a vowel
// follows.
func hepburnLong(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if i+1 < len(s) && (s[i] == 'o' && (s[i+1] == 'u' || s[i+1] == 'o') || s[i] == 'u' && s[i+1] == 'u') &&
			(i+2 >= len(s) || !strings.ContainsRune("aiueo", rune(s[i+2]))) {
			i++
		}
	}
	return b.String()
}

// dropEpenthetic joins syllables, leaving out the vowel Japanese adds to a
// consonant: u after a consonant, o after t and d, at the end of the word
// and before another consonant, except in the first syllable (ムハンマド
// muhammad) and in du and tu, which katakana writes with a small u on
// purpose (ドゥ, トゥ) to give the name's own vowel.
func dropEpenthetic(syl []string) string {
	var b strings.Builder
	for i, s := range syl {
		nextConsonant := i+1 == len(syl) || syl[i+1] != "" && !strings.ContainsRune("aiueo", rune(syl[i+1][0]))
		if i > 0 && nextConsonant && len(s) >= 2 {
			switch {
			case strings.HasSuffix(s, "u") && s != "tsu" && s != "du" && s != "tu" && !strings.ContainsRune("aiueo", rune(s[len(s)-2])):
				s = s[:len(s)-1]
			case s == "to" || s == "do":
				s = s[:1]
			}
		}
		b.WriteString(s)
	}
	return b.String()
}
