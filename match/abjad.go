package match

// abjad reports the transliterations of Hebrew (its readings:
// names/hebrew.go), which writes no short vowels: their tokens are compared
// by their consonants (ArabicConsonants). Tokens romanized from Arabic
// script are compared by names.AbjadSim instead (tokenSim).
func abjad(translit string) bool {
	switch translit {
	case "hebrew", "hebrew-arabic", "hebrew-abdul":
		return true
	}
	return false
}
