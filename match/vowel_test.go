package match

import "testing"

// TestInitialVowel pins the one place y counts as a vowel: the first
// letters of two tokens (Yevgeny and Evgeny), unlike names.Vowel.
func TestInitialVowel(t *testing.T) {
	for _, tc := range []struct {
		c    byte
		want bool
	}{{'a', true}, {'e', true}, {'i', true}, {'o', true}, {'u', true}, {'y', true}, {'j', false}, {'g', false}} {
		if got := initialVowel(tc.c); got != tc.want {
			t.Errorf("initialVowel(%q) = %v, want %v", tc.c, got, tc.want)
		}
	}
}
