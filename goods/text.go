package goods

import (
	"unicode"
	"unicode/utf8"
)

// maxDescription bounds the bytes of a description the classifier reads. A
// customs goods description is a few hundred bytes; longer input is cut at
// this bound (at a character boundary) so a 100 MB line costs no more than
// a long declaration.
const maxDescription = 4096

// span is a byte range [start, end) in a text's folded form.
type span struct{ start, end int32 }

// text is a description split for matching. Folded holds, in the order of
// the description, the lower-cased words (Latin, Cyrillic, digits; ё
// folded to е, full-width ASCII to ASCII) and the runs of Chinese
// characters, each followed by a space; words and han are spans into it,
// so byte offsets in folded order every match. Parts holds candidate part
// numbers cut from the original text, upper-cased.
type text struct {
	folded []byte
	words  []span
	han    []span
	parts  []string

	// Backing arrays, so that a text needs no further allocation for a
	// description of ordinary length.
	foldedBuf [512]byte
	wordsBuf  [48]span
	hanBuf    [8]span
	partsBuf  [8]string
}

func (t *text) word(i int) string { w := t.words[i]; return string(t.folded[w.start:w.end]) }

// foldRune maps r to its matching form, and reports its class: 'w' for a
// word character, 'h' for a Han character, 0 for a separator.
func foldRune(r rune) (rune, byte) {
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		r -= 0xFF01 - 0x21
	}
	switch {
	case r < utf8.RuneSelf:
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A', 'w'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r, 'w'
		}
		return r, 0
	case r == 'ё' || r == 'Ё':
		return 'е', 'w'
	case unicode.Is(unicode.Han, r):
		return r, 'h'
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return unicode.ToLower(r), 'w'
	}
	return r, 0
}

// split prepares s for matching. It never fails: invalid UTF-8 bytes are
// separators.
func split(s string) *text {
	t := new(text)
	t.split(s)
	return t
}

func (t *text) split(s string) {
	if len(s) > maxDescription {
		cut := maxDescription
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	t.folded, t.words, t.han, t.parts = t.foldedBuf[:0], t.wordsBuf[:0], t.hanBuf[:0], t.partsBuf[:0]
	var cur byte // class of the token being built: 'w', 'h' or 0
	start := 0
	end := func() {
		sp := span{int32(start), int32(len(t.folded))}
		if cur == 'w' {
			t.words = append(t.words, sp)
		} else {
			t.han = append(t.han, sp)
		}
		t.folded = append(t.folded, ' ')
		cur = 0
	}
	for _, r := range s {
		f, class := foldRune(r)
		if cur != 0 && class != cur {
			end()
		}
		if class == 0 {
			continue
		}
		if cur == 0 {
			start, cur = len(t.folded), class
		}
		t.folded = utf8.AppendRune(t.folded, f)
	}
	if cur != 0 {
		end()
	}
	t.parts = partTokens(s, t.parts)
}

// partTokens appends to dst the tokens of s that may be part numbers:
// runs of ASCII letters, digits, '-', '.', '+' and '#', of 4 to 40 bytes,
// holding at least one digit and one letter, upper-cased, with trailing
// '-' and '.' cut.
func partTokens(s string, dst []string) []string {
	i := 0
	for i < len(s) {
		for i < len(s) && !partByte(s[i]) {
			i++
		}
		j := i
		letter, digit, lower := false, false, false
		for j < len(s) && partByte(s[j]) {
			c := s[j]
			switch {
			case c >= '0' && c <= '9':
				digit = true
			case c >= 'A' && c <= 'Z':
				letter = true
			case c >= 'a' && c <= 'z':
				letter, lower = true, true
			}
			j++
		}
		tok := s[i:j]
		for len(tok) > 0 && (tok[len(tok)-1] == '-' || tok[len(tok)-1] == '.') {
			tok = tok[:len(tok)-1]
		}
		if letter && digit && len(tok) >= 4 && len(tok) <= 40 {
			if lower {
				b := []byte(tok)
				for k, c := range b {
					if c >= 'a' && c <= 'z' {
						b[k] = c - 'a' + 'A'
					}
				}
				tok = string(b)
			}
			dst = append(dst, tok)
		}
		i = j
	}
	return dst
}

func partByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '.' || c == '+' || c == '#'
}
