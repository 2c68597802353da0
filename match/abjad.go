package match

// abjad reports the transliterations of scripts that write no short
// vowels (Arabic, and Hebrew in both its readings: names/hebrew.go), whose
// tokens are compared by their consonants (ArabicConsonants).
func abjad(translit string) bool {
	switch translit {
	case "arabic", "hebrew", "hebrew-arabic":
		return true
	}
	return false
}
