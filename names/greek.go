package names

import (
	"slices"
	"strings"
)

// Greek names are romanized by ELOT 743, the system of the Greek and
// Cypriot governments that the UN adopted in 1987 (Fifth UN Conference on
// the Standardization of Geographical Names, resolution V/19, annex:
// http://www.eki.ee/wgrs/res/res_5_19.htm) and that Greek passports use in
// its 2001 revision (= ISO 843:1997 transcription): letter by letter
// (η i, υ y, χ ch, θ th, ψ ps, β v), with the digraphs γγ ng, γκ gk,
// γξ nx, γχ nch, μπ mp (b in the 1987 table), ντ nt, ου ou, αι ai, ει ei,
// οι oi, υι yi,
// and αυ, ευ, ηυ as av, ev, iv before a vowel or voiced consonant, af, ef,
// if before a voiceless one (θ κ ξ π σ τ φ χ ψ) and at the end. Accents
// and the diaeresis are gone by then (Normalize strips them).
//
// A second form follows the variants the EU's translation style guide
// (Annex, transliteration table for Greek) lists beside ELOT 743 and that
// Greek names take in English, and the 1987 table's μπ b: γκ g at the
// start of a word, nk inside; μπ b at the start and end, mp inside; ντ d
// at the start and end, nt inside ("Ντόρα" Dora, "Μπακογιάννη"
// Bakoyanni).

// greekVoiceless are the consonants after which αυ, ευ, ηυ read af, ef, if.
const greekVoiceless = "θκξπστφχψς"

// greekForms returns the ELOT 743 spelling of toks and, when it differs,
// the variant spelling.
func greekForms(toks []string) []transliteration {
	elot := make([]string, 0, len(toks))
	variant := make([]string, 0, len(toks))
	for _, t := range toks {
		if s := greekToken(t, false); s != "" {
			elot = append(elot, s)
		}
		if s := greekToken(t, true); s != "" {
			variant = append(variant, s)
		}
	}
	out := []transliteration{{"elot743", elot}}
	if !slices.Equal(elot, variant) {
		out = append(out, transliteration{"greek-variant", variant})
	}
	return out
}

// greekToken romanizes one token; variant chooses the positional
// spellings of γκ, μπ and ντ.
func greekToken(t string, variant bool) string {
	r := []rune(t)
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		next := rune(0)
		if i+1 < len(r) {
			next = r[i+1]
		}
		initial, final := i == 0, i+2 >= len(r)
		switch {
		case c == 'γ' && next == 'γ':
			b.WriteString("ng")
		case c == 'γ' && next == 'κ':
			switch {
			case !variant:
				b.WriteString("gk")
			case initial:
				b.WriteString("g")
			default:
				b.WriteString("nk")
			}
		case c == 'γ' && next == 'ξ':
			b.WriteString("nx")
		case c == 'γ' && next == 'χ':
			b.WriteString("nch")
		case c == 'μ' && next == 'π':
			if variant && (initial || final) {
				b.WriteString("b")
			} else {
				b.WriteString("mp")
			}
		case c == 'ν' && next == 'τ':
			if variant && (initial || final) {
				b.WriteString("d")
			} else {
				b.WriteString("nt")
			}
		case c == 'ο' && next == 'υ':
			b.WriteString("ou")
		case (c == 'α' || c == 'ε' || c == 'η') && next == 'υ':
			b.WriteString(greek[c])
			after := rune(0)
			if i+2 < len(r) {
				after = r[i+2]
			}
			if after == 0 || strings.ContainsRune(greekVoiceless, after) {
				b.WriteString("f")
			} else {
				b.WriteString("v")
			}
		case c == 'υ' && next == 'ι':
			b.WriteString("yi")
		default:
			b.WriteString(spell(c, nil, greek))
			continue
		}
		i++ // a digraph: its second letter is written
	}
	return b.String()
}
