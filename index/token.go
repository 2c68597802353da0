package index

// HasToken reports whether some indexed form has the token t as written
// (normalized: "shinoda"). It lets a caller with many guesses at a
// spelling (the readings of a name in kanji) search by those the lists
// use. It does not allocate for tokens of up to 64 bytes.
func (ix *Index) HasToken(t string) bool {
	var b [65]byte
	k := append(b[:0], kindToken)
	k = append(k, t...)
	_, ok := ix.keys[string(k)]
	return ok
}
