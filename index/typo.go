package index

import (
	"math"
	"slices"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/names"
)

// The deletion index: a query token with one letter wrong still finds the
// forms holding the right token, whichever letter is wrong (the first one
// included, which the trigram and phonetic keys rarely survive in short
// tokens).
//
// It follows SymSpell (Wolf Garbe, 2012): two tokens are one edit apart
// (substitution, insertion, deletion, or transposition of neighbours) only
// if they share a string among themselves and their one-rune deletions.
// Every token of three runes or more of a Latin form is indexed under
// itself and, from four runes, under each of its one-rune deletions;
// a query token the index does not hold, in a form as the user wrote it
// (not a transliteration), looks up itself and its own deletions. Example: "sierra" is indexed under sierra, ierra, serra,
// siera, sierr; the typo "siersa" looks up siersa, iersa, sersa, sirsa,
// siesa, siera, siers, and meets "sierra" on "siera".
//
// Deletion keys are hashed to 32 bits (FNV-1a) and stored sorted, with the
// forms holding each in compressed-sparse-row form like the main keys; a
// hash collision only hands one more candidate to scoring. They do not
// count in a form's weight: they are looked up only for query tokens the
// index does not hold, as evidence in place of the missing token.

const (
	// minDelToken is the fewest runes of a token indexed under itself,
	// minDelSplit the fewest of one indexed under its deletions too.
	minDelToken = 3
	minDelSplit = 4
	// weightDeletion weighs a query token found by the deletion index
	// (weightToken is 1).
	weightDeletion = 0.8
	// maxDelUnion: a query token whose deletions reach more forms than
	// this is too common a shape to tell candidates apart; it is left to
	// the other keys.
	maxDelUnion = 4096
)

// delHash is the hash of a deletion key.
func delHash(s []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range s {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// appendDeletions calls fn with t (when it has minDelToken runes or more)
// and, from minDelSplit runes, each string made by deleting one rune of t,
// using buf as scratch; it returns buf.
func appendDeletions(buf []byte, t string, fn func(key []byte)) []byte {
	n := utf8.RuneCountInString(t)
	if n < minDelToken {
		return buf
	}
	buf = append(buf[:0], t...)
	fn(buf)
	if n < minDelSplit {
		return buf
	}
	for i, r := range t {
		w := utf8.RuneLen(r)
		buf = append(append(buf[:0], t[:i]...), t[i+w:]...)
		fn(buf)
	}
	return buf
}

// addDeletions records the deletion keys of form id (Latin forms only).
func (b *Builder) addDeletions(id uint32, f *names.Form) {
	if f.Script != names.Latin {
		return
	}
	for _, t := range f.Tokens {
		b.buf = appendDeletions(b.buf[:0], t, func(key []byte) {
			b.dels = append(b.dels, uint64(delHash(key))<<32|uint64(id))
		})
	}
}

// buildDeletions sorts the deletion pairs into ix's delKeys, delStart and
// delPost.
func (b *Builder) buildDeletions(ix *Index) {
	slices.Sort(b.dels)
	ix.delStart = make([]uint32, 0, len(b.dels)/4)
	ix.delPost = make([]uint32, 0, len(b.dels))
	prev := uint64(math.MaxUint64)
	for _, p := range b.dels {
		if p == prev {
			continue // one form, one key: counted once
		}
		if h := uint32(p >> 32); len(ix.delKeys) == 0 || h != ix.delKeys[len(ix.delKeys)-1] {
			ix.delKeys = append(ix.delKeys, h)
			ix.delStart = append(ix.delStart, uint32(len(ix.delPost)))
		}
		ix.delPost = append(ix.delPost, uint32(p))
		prev = p
	}
	ix.delStart = append(ix.delStart, uint32(len(ix.delPost)))
	ix.delKeys = slices.Clip(ix.delKeys)
}

// deletionForms returns the forms that hold a token one edit from t (by
// their shared deletion keys), sorted and distinct, in s.dunion; nil when
// there are none or more than maxDelUnion.
func (ix *Index) deletionForms(t string, s *Scratch) []uint32 {
	s.dunion = s.dunion[:0]
	s.dbuf = appendDeletions(s.dbuf[:0], t, func(key []byte) {
		h := delHash(key)
		i, ok := slices.BinarySearch(ix.delKeys, h)
		if !ok || len(s.dunion) > maxDelUnion {
			return
		}
		s.dunion = append(s.dunion, ix.delPost[ix.delStart[i]:ix.delStart[i+1]]...)
	})
	if len(s.dunion) == 0 {
		return nil
	}
	slices.Sort(s.dunion)
	s.dunion = slices.Compact(s.dunion)
	if len(s.dunion) > maxDelUnion {
		return nil
	}
	return s.dunion
}

// DeletionKeys returns the number of distinct deletion keys and of their
// postings (for measurement).
func (ix *Index) DeletionKeys() (keys, postings int) { return len(ix.delKeys), len(ix.delPost) }
