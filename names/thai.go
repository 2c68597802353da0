package names

import "strings"

// Thai is romanized by the Royal Thai General System of Transcription
// (RTGS), published by the Royal Institute (now the Royal Society of
// Thailand) in 1999 as "Principles of Romanization for Thai Script by
// Transcription Method" (Royal Thai Government Gazette, 2000), the system
// of Thai government documents, road signs and the UN's geographical
// names (UNGEGN). Its tables give each consonant an initial and a final
// value (ข kh, final k; ร r, final n; บ b, final p) and each vowel one
// spelling without tone or length (อา and อะ a, อี and อิ i, อือ ue, เอีย
// ia, เอือ uea, อัว ua, แอ ae, เออ oe, ไอ ai, เอา ao, อำ am).
//
// Thai is an abugida: a syllable is an initial consonant (or a cluster:
// กร kr, ปล pl, silent ห before a sonorant) carrying a vowel written before
// it (เ แ โ ใ ไ), after it, above or below it, or not at all; an unwritten
// vowel is o in a closed syllable (คน khon) and a in an open one (สบาย
// sabai). A consonant is the final of its syllable unless a vowel sign
// follows it. Tone marks are not transcribed; the thanthakhat (์) silences
// the letter it sits on, with its vowel, and a consonant before it that
// closes a cluster (จันทร์ chan, ศาสตร์ sat).

// thaiInitial and thaiFinal are the RTGS values of the consonants;
// consonants without a final value (ห, อ, ฮ) are missing from thaiFinal.
var (
	thaiInitial = map[rune]string{
		'ก': "k", 'ข': "kh", 'ฃ': "kh", 'ค': "kh", 'ฅ': "kh", 'ฆ': "kh", 'ง': "ng", 'จ': "ch", 'ฉ': "ch",
		'ช': "ch", 'ซ': "s", 'ฌ': "ch", 'ญ': "y", 'ฎ': "d", 'ฏ': "t", 'ฐ': "th", 'ฑ': "th", 'ฒ': "th",
		'ณ': "n", 'ด': "d", 'ต': "t", 'ถ': "th", 'ท': "th", 'ธ': "th", 'น': "n", 'บ': "b", 'ป': "p",
		'ผ': "ph", 'ฝ': "f", 'พ': "ph", 'ฟ': "f", 'ภ': "ph", 'ม': "m", 'ย': "y", 'ร': "r", 'ล': "l",
		'ว': "w", 'ศ': "s", 'ษ': "s", 'ส': "s", 'ห': "h", 'ฬ': "l", 'อ': "", 'ฮ': "h",
	}
	thaiFinal = map[rune]string{
		'ก': "k", 'ข': "k", 'ฃ': "k", 'ค': "k", 'ฅ': "k", 'ฆ': "k", 'ง': "ng", 'จ': "t", 'ฉ': "t",
		'ช': "t", 'ซ': "t", 'ฌ': "t", 'ญ': "n", 'ฎ': "t", 'ฏ': "t", 'ฐ': "t", 'ฑ': "t", 'ฒ': "t",
		'ณ': "n", 'ด': "t", 'ต': "t", 'ถ': "t", 'ท': "t", 'ธ': "t", 'น': "n", 'บ': "p", 'ป': "p",
		'ผ': "p", 'ฝ': "p", 'พ': "p", 'ฟ': "p", 'ภ': "p", 'ม': "m", 'ย': "i", 'ร': "n", 'ล': "n",
		'ว': "o", 'ศ': "t", 'ษ': "t", 'ส': "t", 'ฬ': "n",
	}
)

func thaiConsonant(r rune) bool { return r >= 'ก' && r <= 'ฮ' && r != 'ฤ' && r != 'ฦ' }

// thaiPreVowel are the vowels written before their consonant.
func thaiPreVowel(r rune) bool { return r >= 'เ' && r <= 'ไ' }

// thaiSign reports the vowel signs written after, above or below the
// consonant (ะ ั า ำ ิ ี ึ ื ุ ู ็).
func thaiSign(r rune) bool { return r == 'ะ' || r >= 'ั' && r <= 'ู' || r == '็' }

// thaiForms returns the RTGS spelling of toks, nil when a token has a
// letter that is neither Thai nor Latin.
func thaiForms(toks []string) []transliteration {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		s, ok := thaiToken(t)
		if !ok {
			return nil
		}
		if s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return []transliteration{{"rtgs", out}}
}

// thaiClean drops tone marks and other signs not transcribed, and the
// letters a thanthakhat silences.
func thaiClean(t string) ([]rune, bool) {
	var r []rune
	for _, c := range t {
		switch {
		case c >= '่' && c <= '๋', c == 'ๆ', c == 'ฯ', c == 'ํ', c == 'ฺ': // tones, repetition, abbreviation
		case c == '์':
			// the silenced consonant, with a vowel sign on it
			for len(r) > 0 && thaiSign(r[len(r)-1]) {
				r = r[:len(r)-1]
			}
			if len(r) > 0 && thaiConsonant(r[len(r)-1]) {
				r = r[:len(r)-1]
			}
			// a consonant that closed a final cluster with it, after a
			// closed syllable (จันทร์, ศาสตร์, ลักษณ์; not พจน์ phot)
			if n := len(r); n >= 3 && thaiConsonant(r[n-1]) && thaiConsonant(r[n-2]) && thaiSign(r[n-3]) {
				r = r[:n-1]
			}
		case c >= '๐' && c <= '๙':
			r = append(r, '0'+c-'๐')
		case c >= 0x0E00 && c <= 0x0E7F, c < 0x80:
			r = append(r, c)
		default:
			return nil, false
		}
	}
	return r, true
}

// thaiToken transcribes one token.
func thaiToken(t string) (string, bool) {
	// Normalize's NFKC splits sara am (ำ) into nikhahit and sara aa.
	r, ok := thaiClean(strings.ReplaceAll(t, "\u0e4d\u0e32", "\u0e33"))
	if !ok {
		return "", false
	}
	var b strings.Builder
	at := func(i int) rune {
		if i < len(r) {
			return r[i]
		}
		return 0
	}
	// opensAt reports whether the consonant at i starts a syllable: a
	// vowel sign follows it.
	opensAt := func(i int) bool {
		return thaiConsonant(at(i)) && (thaiSign(at(i+1)) || at(i+1) == 'อ' && !thaiSign(at(i+2)))
	}
	i := 0
	for i < len(r) {
		c := r[i]
		switch {
		case c < 0x80:
			b.WriteRune(c)
			i++
			continue
		case c == 'ฤ':
			b.WriteString("rue")
			i++
			continue
		case c == 'ฦ':
			b.WriteString("lue")
			i++
			continue
		}
		pre := rune(0)
		if thaiPreVowel(c) {
			pre, i = c, i+1
		}
		if !thaiConsonant(at(i)) {
			i++ // a vowel sign without its consonant
			continue
		}
		// the initial consonant or cluster
		c1 := r[i]
		init := thaiInitial[c1]
		i++
		c2 := at(i)
		switch {
		case c1 == 'ห' && strings.ContainsRune("งญนมยรลว", c2) && (pre != 0 || opensAt(i) || thaiConsonant(at(i+1))):
			init, i = thaiInitial[c2], i+1 // silent ห: หมา ma, หญิง ying
		case c1 == 'อ' && c2 == 'ย' && pre == 0:
			init, i = "y", i+1 // อยู่ yu
		case (c2 == 'ร' || c2 == 'ล' || c2 == 'ว') && strings.ContainsRune("กขคตปผพบดฟ", c1) && (opensAt(i) || pre != 0 && i+1 < len(r)):
			init, i = init+thaiInitial[c2], i+1 // กร kr, ปล pl, กว kw
		case c2 == 'ร' && (c1 == 'ท' || c1 == 'ซ' || c1 == 'ศ' || c1 == 'ส') && opensAt(i):
			init, i = "s", i+1 // ทร, สร read s
		}
		vowel := ""
		final := ""
		switch pre {
		case 'เ':
			switch {
			case at(i) == 'ี' && at(i+1) == 'ย':
				vowel, i = "ia", i+2
			case at(i) == 'ื' && at(i+1) == 'อ':
				vowel, i = "uea", i+2
			case at(i) == 'า' && at(i+1) == 'ะ':
				vowel, i = "o", i+2
			case at(i) == 'า':
				vowel, i = "ao", i+1
			case at(i) == 'อ':
				vowel, i = "oe", i+1
			case at(i) == 'ิ':
				vowel, i = "oe", i+1
			case at(i) == 'ะ' || at(i) == '็':
				vowel, i = "e", i+1
			default:
				vowel = "e"
			}
		case 'แ':
			vowel = "ae"
			if at(i) == 'ะ' || at(i) == '็' {
				i++
			}
		case 'โ':
			vowel = "o"
			if at(i) == 'ะ' {
				i++
			}
		case 'ใ', 'ไ':
			vowel = "ai"
		default:
			switch s := at(i); {
			case s == 'ั' && at(i+1) == 'ว':
				vowel, i = "ua", i+2
			case s == 'ั':
				vowel, i = "a", i+1
			case s == 'ะ' || s == 'า':
				vowel, i = "a", i+1
			case s == 'ำ':
				vowel, i = "am", i+1
			case s == 'ิ' || s == 'ี':
				vowel, i = "i", i+1
			case s == 'ึ':
				vowel, i = "ue", i+1
			case s == 'ื':
				vowel, i = "ue", i+1
				if at(i) == 'อ' {
					i++
				}
			case s == 'ุ' || s == 'ู':
				vowel, i = "u", i+1
			case s == '็':
				vowel, i = "o", i+1
			case s == 'อ' && !opensAt(i):
				vowel, i = "o", i+1 // -อ: คอ kho, พร้อม phrom
			case s == 'ว' && thaiConsonant(at(i+1)) && !opensAt(i+1) && !opensAt(i):
				vowel, i = "ua", i+1 // medial ว: สวน suan
			case s == 'ร' && at(i+1) == 'ร':
				vowel, i = "a", i+2 // รร: ธรรม tham, สรรพ sap
				if !thaiConsonant(at(i)) || opensAt(i) {
					final = "n"
				}
			}
		}
		// the final consonant, unless it opens the next syllable
		// (nor the last consonant but one, with no vowel on the last:
		// ภูมิพล phu-mi-phon, not phu-mip-la; a final ร is silent instead)
		lastButOne := i+2 == len(r) && thaiConsonant(at(i+1)) && at(i+1) != 'ร' && vowel != ""
		if final == "" && thaiConsonant(at(i)) && !opensAt(i) && !lastButOne {
			if f, ok := thaiFinal[at(i)]; ok {
				final = f
				i++
				// a silent ร closing a final cluster (ชินวัตร -wat, จักร chak)
				if at(i) == 'ร' && !opensAt(i) {
					i++
				}
			}
		}
		if vowel == "" {
			if final != "" {
				vowel = "o"
			} else {
				vowel = "a"
			}
		}
		// ย and ว as finals are vowels: ai, ao, oi, ui, eo, io, iao
		switch {
		case final == "i" && (vowel == "a" || vowel == "ua" || vowel == "o" || vowel == "u" || vowel == "oe" || vowel == "uea"):
			if vowel == "oe" {
				vowel = "oei"
			} else if vowel == "uea" {
				vowel = "ueai"
			} else {
				vowel += "i"
			}
			final = ""
		case final == "i" && vowel == "ai":
			final = ""
		case final == "o" && (vowel == "a" || vowel == "e" || vowel == "ae" || vowel == "i" || vowel == "ia"):
			if vowel == "a" {
				vowel = "ao"
			} else {
				vowel += "o"
			}
			final = ""
		case final == "o":
			final = "" // a w after a vowel RTGS writes no other way
		}
		b.WriteString(init)
		b.WriteString(vowel)
		b.WriteString(final)
	}
	return b.String(), true
}
