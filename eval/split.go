package eval

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Held-out splits. Every evaluation set is split once, by a rule fixed
// before any result was looked at and that no one can steer: a row is
// held out when the first byte of SHA-256(suite + "\x00" + key) is below
// HeldOutBelow (77 of 256, about 30%). The key of a row is what
// identifies it in its file:
//
//	pairs        the left and right record ids, "left|right"
//	name_bench   "name1|name2"
//	positives    the query's full_name and date_of_birth, "name|dob"
//	negatives    the same
//	ofac parity  "query_name|result_name"
//
// Held-out rows are never used for tuning: rules, tables, weights and the
// threshold are chosen on the dev rows, and the held-out figures are
// reported first. splits.json (checked by TestSplitsFrozen) records, per
// suite, the SHA-256 of the source file, the counts and the SHA-256 of the
// sorted held-out keys, so that a change of file or rule is seen; and
// TestNoHeldOutInCode fails if the text of a held-out row appears in
// production code.
const HeldOutBelow = 77

// HeldOut reports whether the row of suite with key is held out.
func HeldOut(suite, key string) bool {
	h := sha256.Sum256([]byte(suite + "\x00" + key))
	return h[0] < HeldOutBelow
}

// Split says of a suite how its rows divide (see HeldOut).
type Split struct {
	Suite string `json:"suite"`
	// File is the evaluation file and SHA256 its digest.
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	// Dev and HeldOut count the rows.
	Dev     int `json:"dev"`
	HeldOut int `json:"held_out"`
	// HeldOutKeys is the SHA-256 of the sorted held-out keys joined by
	// newlines.
	HeldOutKeys string `json:"held_out_keys"`
}

// splitOf computes the Split of a suite's keys.
func splitOf(suite, file, digest string, keys []string) Split {
	s := Split{Suite: suite, File: file, SHA256: digest}
	var held []string
	for _, k := range keys {
		if HeldOut(suite, k) {
			held = append(held, k)
		} else {
			s.Dev++
		}
	}
	s.HeldOut = len(held)
	slices.Sort(held)
	h := sha256.Sum256([]byte(strings.Join(held, "\n")))
	s.HeldOutKeys = hex.EncodeToString(h[:])
	return s
}
