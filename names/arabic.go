package names

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Arabic script (Arabic, Persian, Urdu, Pashto letters).
//
// The letter values are those of the BGN/PCGN romanization systems for
// Arabic (1956), Persian (1958) and Pashto (1968), as given in the UNGEGN
// "Report on the current status of United Nations romanization systems for
// geographical names" (version 4.0, 2013), simplified to ASCII (dots and
// macrons dropped, ʿayn and hamza dropped; ض and ظ, which Latin names
// write d, dh or z, as dh, a class AbjadSim relates to all three), with the
// Urdu letters of the
// ALA-LC Urdu table (ٹ ڈ ڑ ں ھ ے). Arabic script writes consonants and long
// vowels only: a romanized token here holds the consonants and the long
// vowels the name writes (ا a, و u, ي i), never a short vowel; AbjadSim
// compares such a token with a Latin spelling, letting the Latin spelling
// supply short vowels freely.
//
// An Arabic name gets up to three Latin forms:
//
//	arabic         one token per word, the article al- its own token
//	               (التكريتي: al tkriti), as UN and OFAC write "AL-TIKRITI"
//	arabic-joined  compounds joined: abd and abu with the next word and
//	               its article (عبد القادر: abdlqadr, as Abdelkader,
//	               Abdulqadir; before a sun letter the l assimilates:
//	               عبد الرحمن: abdrhmn, as Abdurrahman, and at one edit
//	               Abdulrahman), a word with الله or الدين after it
//	               (Khayrallah, Saifullah, Nasiruddin); other articles
//	               dropped (Tikriti)
//	arabic-abdul   abd and abu spelled with the article as one token
//	               (عبد الرحمن: abdl rhmn, for "Abdul Rahman", "Abdel
//	               Rahman")
//
// Only the forms that differ are kept.

// arabicLetters are the BGN/PCGN values of the Arabic-script letters,
// without the positional rules of romanizeArabic (initial و, ي, ع).
var arabicLetters = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ؤ': "", 'ئ': "",
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh",
	'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "dh", 'ط': "t", 'ظ': "dh",
	'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n",
	'ه': "h", 'و': "u", 'ي': "i", 'ى': "a", 'ة': "a",
	// Persian.
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "i", 'ۀ': "a",
	// Urdu.
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ھ': "h", 'ہ': "h", 'ۂ': "a", 'ۃ': "a", 'ے': "e", 'ۓ': "e",
	// Pashto.
	'ټ': "t", 'ډ': "d", 'ړ': "r", 'ښ': "sh", 'ږ': "zh", 'ځ': "z", 'څ': "s", 'ڼ': "n", 'ې': "e", 'ۍ': "i",
	// Arabic-Indic and Persian digits.
	'٠': "0", '١': "1", '٢': "2", '٣': "3", '٤': "4", '٥': "5", '٦': "6", '٧': "7", '٨': "8", '٩': "9",
	'۰': "0", '۱': "1", '۲': "2", '۳': "3", '۴': "4", '۵': "5", '۶': "6", '۷': "7", '۸': "8", '۹': "9",
}

// sunLetters assimilate the l of the article: al-Rahman is ar-Rahman.
const sunLetters = "تثدذرزسشصضطظلن"

// romanizeArabic spells one token of Arabic script in Latin: initial ا, أ,
// إ, آ and ع as a vowel (a, or i for إ), و and ي as w and y at the start of a
// word and as the long vowels u and i elsewhere, ع and hamza elsewhere
// dropped; tatweel, harakat and unknown runes dropped, Latin letters and
// digits kept.
func romanizeArabic(tok string) string {
	var b strings.Builder
	first := true
	for _, r := range tok {
		var s string
		switch {
		case r < 0x80:
			s = string(r)
		case first && (r == 'ع'):
			s = "a"
		case first && r == 'و':
			s = "w"
		case first && (r == 'ي' || r == 'ی'):
			s = "y"
		default:
			s = arabicLetters[r]
		}
		if s != "" || r == 'ع' || r == 'ء' {
			first = false
		}
		b.WriteString(s)
	}
	return b.String()
}

// arabicArticle splits the article al- from a token of Arabic script:
// "التكريتي" gives ("ال", "تكريتي"). الله (Allah) and tokens of three runes
// or fewer keep it.
func arabicArticle(tok string) (rest string, ok bool) {
	if !strings.HasPrefix(tok, "ال") || utf8.RuneCountInString(tok) <= 3 || tok == "الله" {
		return tok, false
	}
	return tok[len("ال"):], true
}

// persianLetters are the Persian and Urdu forms of the letters that
// abjadHead, abjadTail and arabicArticle look for.
var persianLetters = strings.NewReplacer("ی", "ي", "ک", "ك", "ے", "ي", "ۍ", "ي")

// persianFold spells ی, ک, ے as ي, ك so that الدین is الدين; it returns
// toks itself when no token has them.
func persianFold(toks []string) []string {
	var out []string
	for i, t := range toks {
		if f := persianLetters.Replace(t); f != t && out == nil {
			out = append([]string{}, toks...)
			out[i] = f
		} else if out != nil {
			out[i] = f
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// abjadHead reports the words that take the next word into a compound
// name: عبد (Abd, servant of), أبو/ابو (Abu, father of).
func abjadHead(tok string) (string, bool) {
	switch tok {
	case "عبد":
		return "abd", true
	case "ابو", "أبو":
		return "abu", true
	}
	return "", false
}

// abjadTail reports the words that end a compound with the word before
// them: الله (Khayrallah, Saifullah) and الدين (Saif al-Din, Sirajuddin).
func abjadTail(tok string) bool { return tok == "الله" || tok == "الدين" }

// splitHeads splits a compound written as one word, عبدالحليم or أبواليزيد,
// into its head and the rest: عبد الحليم, أبو اليزيد.
func splitHeads(toks []string) []string {
	var out []string
	for i, t := range toks {
		for _, h := range [...]string{"عبد", "ابو", "أبو"} {
			if rest, ok := strings.CutPrefix(t, h); ok && strings.HasPrefix(rest, "ال") && utf8.RuneCountInString(rest) > 2 {
				if out == nil {
					out = append([]string{}, toks[:i]...)
				}
				out = append(out, h, rest)
				t = ""
				break
			}
		}
		if out != nil && t != "" {
			out = append(out, t)
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// articleJoin is how the article of next is written inside a compound:
// "l" before a moon letter (Abdulkader: abdlqadr), nothing before a sun
// letter, whose doubling the Latin spelling may show (Abdurrahman:
// abdrhman). AbjadSim finds the other spellings at one edit.
func articleJoin(next string) string {
	if r, _ := utf8.DecodeRuneInString(next); strings.ContainsRune(sunLetters, r) && r != 'ل' {
		return ""
	}
	return "l"
}

// arabicTransliterations returns the Latin forms of a name in Arabic
// script (see the comment at the top of this file).
func arabicTransliterations(toks []string) []transliteration {
	toks = splitHeads(persianFold(toks))
	var sep, joined, abdul []string
	compounds := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		head, isHead := abjadHead(t)
		if i+1 < len(toks) && (isHead || abjadTail(toks[i+1])) {
			compounds = true
			first := head
			if !isHead {
				first = romanizeArabic(t)
			}
			if toks[i+1] == "الله" {
				sep = append(sep, first, "allah")
				joined = append(joined, first+"lh")
				abdul = append(abdul, first+"l", "lah")
				i++
				continue
			}
			next, art := arabicArticle(toks[i+1])
			rn := romanizeArabic(next)
			sep = append(sep, first)
			if art {
				sep = append(sep, "al")
				joined = append(joined, first+articleJoin(next)+rn)
				if isHead {
					abdul = append(abdul, first+"l", rn)
				} else {
					abdul = append(abdul, first, "al", rn)
				}
			} else {
				joined = append(joined, first+rn)
				abdul = append(abdul, first, rn)
			}
			sep = append(sep, rn)
			i++
			continue
		}
		if rest, ok := arabicArticle(t); ok {
			r := romanizeArabic(rest)
			sep = append(sep, "al", r)
			joined = append(joined, r)
			abdul = append(abdul, "al", r)
			continue
		}
		r := romanizeArabic(t)
		if t == "بن" || t == "ابن" {
			r = "bin"
		} else if t == "بنت" {
			r = "bint"
		}
		sep = append(sep, r)
		joined = append(joined, r)
		abdul = append(abdul, r)
	}
	sep, joined, abdul = dropEmpty(sep), dropEmpty(joined), dropEmpty(abdul)
	out := []transliteration{{"arabic", sep}}
	if !slices.Equal(joined, sep) {
		out = append(out, transliteration{"arabic-joined", joined})
	}
	if compounds && !slices.Equal(abdul, sep) && !slices.Equal(abdul, joined) {
		out = append(out, transliteration{"arabic-abdul", abdul})
	}
	return out
}

func dropEmpty(toks []string) []string {
	out := toks[:0]
	for _, t := range toks {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// FromAbjad reports whether a Form's Translit names a romanization of
// Arabic script, whose tokens AbjadSim compares.
func FromAbjad(translit string) bool { return strings.HasPrefix(translit, "arabic") }

// abjadUnit is one unit of a token for AbjadSim: a consonant class, or a
// vowel (a run of Latin vowels, or one long vowel of a romanized Arabic
// token).
type abjadUnit struct {
	c     byte   // consonant class, 0 for a vowel
	vowel string // the vowel letters
}

// abjadConsonant folds Latin spellings of one Arabic consonant to a class:
// kh/k/q/c/ck, gh/g, sh/ch (French ch for ش), zh/dj/j, ph/f, p/b, x as ks;
// th and dh are classes of their own that consonantCompat relates to t, s
// and d, z. It returns the class and the bytes consumed.
func abjadConsonant(s string) (byte, int) {
	if len(s) >= 2 {
		switch s[:2] {
		case "th":
			return 'T', 2
		case "dh":
			return 'D', 2
		case "kh", "ck":
			return 'k', 2
		case "gh":
			return 'g', 2
		case "sh", "ch":
			return 'x', 2
		case "zh", "dj":
			return 'j', 2
		case "ph":
			return 'f', 2
		}
	}
	switch c := s[0]; c {
	case 'q', 'c':
		return 'k', 1
	case 'p':
		return 'b', 1
	case 'v':
		return 'w', 1
	default:
		return c, 1
	}
}

// consonantCompat reports whether two consonant classes may spell one
// letter: th (ث) is t in Arabic and s in Persian and Turkish spellings
// (Uthman, Osman); dh (ذ, ض, ظ) is d in Arabic and z in Persian and Urdu
// (Ramadan, Ramazan; Hafidh, Hafiz).
func consonantCompat(a, b byte) bool {
	if a == b {
		return true
	}
	if a > b {
		a, b = b, a
	}
	switch {
	case a == 'D':
		return b == 'd' || b == 'z'
	case a == 'T':
		return b == 't' || b == 's'
	}
	return false
}

func abjadVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// abjadUnits splits a lower-case ASCII token into units. In a Latin
// spelling (long false) a run of vowels is one unit, y and w are vowels
// unless a vowel follows, doubled consonants count once and a final h
// after a vowel (-ah, -eh of ta marbuta) is dropped. In a romanized Arabic
// token (long true) every vowel letter is a long vowel of its own. It
// returns nil for other tokens.
func abjadUnits(tok string, long bool, buf []abjadUnit) []abjadUnit {
	units := buf[:0]
	for i := 0; i < len(tok); {
		c := tok[i]
		if c < 'a' || c > 'z' {
			return nil
		}
		semi := (c == 'y' || c == 'w') && !long && !(i+1 < len(tok) && abjadVowel(tok[i+1]))
		if abjadVowel(c) || semi {
			j := i + 1
			if !long {
				for j < len(tok) && (abjadVowel(tok[j]) || (tok[j] == 'y' || tok[j] == 'w') && !(j+1 < len(tok) && abjadVowel(tok[j+1]))) {
					j++
				}
			}
			units = append(units, abjadUnit{vowel: tok[i:j]})
			i = j
			continue
		}
		if !long && c == 'h' && i == len(tok)-1 && i > 0 && abjadVowel(tok[i-1]) {
			break // ta marbuta: Fatimah, Zadeh
		}
		k, n := abjadConsonant(tok[i:])
		if c == 'x' {
			units = append(units, abjadUnit{c: 'k'})
			k = 's'
		}
		if len(units) == 0 || units[len(units)-1].c != k {
			units = append(units, abjadUnit{c: k})
		}
		i += n
	}
	return units
}

// longMatches reports whether the long vowel v of a romanized Arabic token
// may be written as the Latin vowel run w: ا as a, e (or o at the start of
// a word), و as u, o, w, ي as i, e, y.
func longMatches(v byte, w string, initial bool) bool {
	if initial {
		return true // ا, أ, إ, ع at the start: Usama, Osama, Omar, Issa
	}
	var set string
	switch v {
	case 'a':
		set = "ae"
	case 'u':
		set = "uow"
	case 'i', 'e':
		set = "iey"
	default:
		return false
	}
	return strings.ContainsAny(w, set)
}

// abjadMaxUnits bounds the tokens AbjadSim aligns.
const abjadMaxUnits = 24

// AbjadSim compares a token romanized from Arabic script (ar, as
// arabicTransliterations spells it: consonants and long vowels) with a
// Latin spelling (la). Latin vowels the Arabic does not write cost
// nothing (they are the short vowels the abjad leaves out); a long vowel
// must be written in Latin by a compatible vowel; consonants compare by
// class (th/t, dh/d, kh/k/q, gh/g, sh/ch, j/dj/zh, p/b). A final h of
// either side is optional. A long vowel left out or contradicted costs
// two, a consonant one. It returns 0.95 when nothing else differs,
// 0.85 for one difference in a token of three consonants or more (but
// not a consonant more or less at the start), else 0.
func AbjadSim(ar, la string) float64 {
	var ba, bl [abjadMaxUnits]abjadUnit
	a := abjadUnits(ar, true, ba[:])
	l := abjadUnits(la, false, bl[:])
	if len(a) == 0 || len(l) == 0 || len(a) > abjadMaxUnits || len(l) > abjadMaxUnits {
		return 0
	}
	cons := 0
	for _, u := range a {
		if u.c != 0 {
			cons++
		}
	}
	if cons < 2 && len(a) < 3 {
		return 0 // too little to tell: Abu, Taha compare as spelled
	}
	lcons := 0
	for _, u := range l {
		if u.c != 0 {
			lcons++
		}
	}
	if lcons > cons+1 || cons > lcons+1 {
		return 0 // two consonants more or less cost two at least
	}
	// d[i][j]: cost of aligning a[:i] with l[:j].
	var d [abjadMaxUnits + 1][abjadMaxUnits + 1]int8
	const inf = 100
	for i := 0; i <= len(a); i++ {
		for j := 0; j <= len(l); j++ {
			if i == 0 && j == 0 {
				continue
			}
			best := int8(inf)
			if j > 0 { // a Latin unit the Arabic does not write
				c := int8(1)
				switch {
				case l[j-1].c == 0:
					c = 0 // a short vowel
				case i == 0 || i == 1 && a[0].c == 0:
					c = 2 // a consonant before the first: Muhammad is not Ahmad
				}
				best = min(best, d[i][j-1]+c)
			}
			if i > 0 { // an Arabic unit the Latin does not write
				c := int8(1)
				au := a[i-1]
				if au.c == 0 {
					c = 2 // a long vowel the Latin does not write
				}
				switch {
				case i == len(a) && au.c == 'h':
					c = 0 // final h
				case au.c != 0 && (j == 0 || j == 1 && l[0].c == 0):
					c = 2 // a consonant before the first
				case i == len(a) && au.vowel == "a" && j == len(l) && l[j-1].c == 0:
					c = 0 // final ى or ة after a Latin vowel: Yahia, Musa
				case au.c == 0 && j > 0 && l[j-1].c == 0 && len(l[j-1].vowel) > 1 && i > 1 && a[i-2].c == 0 &&
					longMatches(au.vowel[0], l[j-1].vowel, false):
					c = 0 // two long vowels in one Latin run: Djouadi, Sibai
				}
				best = min(best, d[i-1][j]+c)
			}
			if i > 0 && j > 0 {
				au, lu := a[i-1], l[j-1]
				c := int8(1)
				if (au.c == 0) != (lu.c == 0) {
					c = 2 // a vowel for a consonant
				}
				switch {
				case au.c != 0 && consonantCompat(au.c, lu.c):
					c = 0
				case au.c == 0 && lu.c == 0 && longMatches(au.vowel[0], lu.vowel, i == 1):
					c = 0
				case au.c == 0 && lu.c == 0:
					c = 2 // a long vowel the Latin contradicts: Husayn, Hassan
				case au.c == 0 && (au.vowel == "u" && lu.c == 'w' || au.vowel == "i" && lu.c == 'y'):
					c = 0
				case au.c == 'w' && lu.c == 0 && strings.ContainsAny(lu.vowel, "uow"),
					au.c == 'y' && lu.c == 0 && strings.ContainsAny(lu.vowel, "iey"):
					c = 0
				}
				best = min(best, d[i-1][j-1]+c)
			}
			d[i][j] = min(best, inf)
		}
		if i > 0 && slices.Min(d[i][:len(l)+1]) > 1 {
			return 0 // every alignment costs two already
		}
	}
	switch cost := d[len(a)][len(l)]; {
	case cost == 0:
		return 0.95
	case cost == 1 && cons >= 3:
		return 0.85
	}
	return 0
}
