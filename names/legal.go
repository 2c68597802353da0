package names

import (
	"slices"
	"strings"
	"sync"
)

// legalForms maps a legal-form phrase, as normalized tokens joined by one
// space, to its canonical code. Codes group forms that mean the same thing
// across languages: "llc" (limited liability company: ООО, GmbH, SARL,
// SRL, TOO), "jsc" (joint-stock company: АО, ОАО, ЗАО, ПАО, AG, SA), "ltd"
// (Ltd, Limited, Co. Ltd, 有限公司), "corp" (Corp, Inc, Company), and
// specific codes for the rest. Phrases are recognized only at the start or
// end of a name, longest first.
var legalForms = map[string]string{
	// Russian and other post-Soviet forms, in Cyrillic and in Latin.
	"ооо": "llc", "ooo": "llc", "общество с ограниченной ответственностью": "llc",
	"obshchestvo s ogranichennoy otvetstvennostyu": "llc",
	"тов": "llc", "тоо": "llp", "too": "llp",
	"ао": "jsc", "ao": "jsc", "акционерное общество": "jsc", "aktsionernoye obshchestvo": "jsc",
	"оао": "ojsc", "oao": "ojsc", "открытое акционерное общество": "ojsc", "ojsc": "ojsc",
	"open joint stock company": "ojsc",
	"зао":                      "cjsc", "zao": "cjsc", "закрытое акционерное общество": "cjsc", "cjsc": "cjsc",
	"closed joint stock company": "cjsc",
	"пао":                        "pjsc", "pao": "pjsc", "публичное акционерное общество": "pjsc", "pjsc": "pjsc",
	"public joint stock company": "pjsc",
	"фгуп":                       "fgup", "fgup": "fgup", "федеральное государственное унитарное предприятие": "fgup",
	"federal state unitary enterprise": "fgup",
	"гуп":                              "gup", "муп": "mup", "фгбу": "fgbu", "фгуп нпо": "fgup",
	"ано": "ano", "ano": "ano", "автономная некоммерческая организация": "ano",
	"нпо": "npo", "npo": "npo", "научно производственное объединение": "npo",
	"нпп": "npp", "npp": "npp", "научно производственное предприятие": "npp",
	"ип": "ip", "чп": "pe", "пат": "pjsc", "ат": "jsc", "прат": "cjsc",
	// State corporation (госкорпорация), a legal form of Russian law
	// (Federal Law 7-FZ "On Non-Commercial Organisations", art. 7.1):
	// Rostec, Rosatom, Roscosmos, VEB.
	"госкорпорация": "stcorp", "государственная корпорация": "stcorp",
	"goskorporatsiya": "stcorp", "gosudarstvennaya korporatsiya": "stcorp",
	"state corporation": "stcorp",
	// English.
	"llc": "llc", "l l c": "llc", "limited liability company": "llc", "lc": "llc",
	"jsc": "jsc", "joint stock company": "jsc", "jstock co": "jsc",
	"ltd": "ltd", "limited": "ltd", "co ltd": "ltd", "company limited": "ltd",
	"co limited": "ltd", "pte ltd": "ltd", "pvt ltd": "ltd", "private limited": "ltd",
	"ltd co": "ltd", "company ltd": "ltd",
	"corp": "corp", "corporation": "corp", "inc": "corp", "incorporated": "corp",
	"co": "corp", "company": "corp", "co inc": "corp", "corp ltd": "ltd",
	"llp": "llp", "lp": "lp", "plc": "plc", "public limited company": "plc",
	"fze": "fze", "fzco": "fzco", "fzc": "fzc", "fz llc": "llc", "dmcc": "dmcc",
	// European.
	"gmbh": "llc", "mbh": "llc", "sarl": "llc", "s a r l": "llc", "srl": "llc", "s r l": "llc",
	"societatea cu raspundere limitata": "llc", "sp z o o": "llc", "spolka z ograniczona odpowiedzialnoscia": "llc",
	"ltda": "llc", "sro": "llc", "s r o": "llc", "kft": "llc", "doo": "llc", "d o o": "llc",
	"ag": "jsc", "sa": "jsc", "s a": "jsc", "spa": "jsc", "s p a": "jsc", "nv": "jsc", "n v": "jsc",
	"as": "jsc", "a s": "jsc", "ab": "jsc", "oy": "jsc", "oyj": "jsc", "se": "jsc",
	"bv": "bv", "b v": "bv", "kg": "kg", "gmbh co kg": "kg", "ohg": "ohg",
	"sas": "sas", "s a s": "sas", "sl": "llc", "s l": "llc", "sae": "jsc",
	"as ltd": "ltd", "aps": "llc", "a s ltd": "ltd",
	"aktiengesellschaft": "jsc", "gesellschaft mit beschrankter haftung": "llc",
	"spzoo": "llc", "sp zoo": "llc", "sa de cv": "jsc", "s a de c v": "jsc",
	"societe anonyme": "jsc", "societe a responsabilite limitee": "llc", "sociedad anonima": "jsc",
	"sociedad limitada": "llc", "pllc": "llc", "lllp": "llp", "ltd liability co": "llc",
	"limited liability partnership": "llp", "limited partnership": "lp", "public company limited": "plc",
	"pcl": "plc", "pte": "ltd", "pvt": "ltd", "bhd": "ltd", "sdn bhd": "ltd", "tbk": "jsc", "pt": "jsc",
	// Chinese (recognized as suffixes of a Han token too, see hanLegalForms).
	"有限公司": "ltd", "有限责任公司": "llc", "股份有限公司": "ltd", "集团": "group",
	"集团有限公司": "ltd", "集团股份有限公司": "ltd", "公司": "corp",
	"集团公司": "corp", "总公司": "corp",
	"group": "group", "holding": "holding", "holdings": "holding",
}

// hanLegalForms are the Chinese legal-form suffixes, longest first.
var hanLegalForms = []string{"集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团公司", "总公司", "集团", "公司"}

// legalMaxWords is the longest phrase of legalForms in tokens.
var legalMaxWords = sync.OnceValue(func() int {
	n := 0
	for k := range legalForms {
		n = max(n, len(strings.Fields(k)))
	}
	return n
})

// legalWords holds every token that occurs in a legal-form phrase, so
// that most names are passed over without building phrases.
var legalWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for k := range legalForms {
		for _, w := range strings.Fields(k) {
			m[w] = true
		}
	}
	return m
})

// LegalForm returns the canonical code of a legal-form phrase (normalized
// or not), or "" when it is not one: LegalForm("Co., Ltd.") == "ltd".
func LegalForm(phrase string) string { return legalForms[Normalize(phrase)] }

// stripLegalForms removes up to two legal-form phrases from the end of
// toks and one from the start, and returns the rest and the first code
// found. It keeps at least one token.
func stripLegalForms(toks []string) ([]string, string) {
	if words := legalWords(); len(toks) < 2 || !words[toks[0]] && !words[toks[len(toks)-1]] {
		return toks, ""
	}
	code := ""
	rest := toks
	// Up to two phrases at the end ("Corporation Joint Stock Company"),
	// longest first.
	for range 2 {
		found := false
		for n := min(legalMaxWords(), len(rest)-1); n >= 1; n-- {
			if _, c, ok := legalPhrase(rest[len(rest)-n:]); ok {
				if code == "" {
					code = c
				}
				rest = rest[:len(rest)-n]
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	// One at the start: only codes that are never given names.
	for n := min(legalMaxWords(), len(rest)-1); n >= 1; n-- {
		if p, c, ok := legalPhrase(rest[:n]); ok && prefixOK(p) {
			if code == "" {
				code = c
			}
			rest = rest[n:]
			break
		}
	}
	return rest, code
}

// legalFamily groups legal-form codes that lists use for one another.
var legalFamily = map[string]string{
	"llc": "llc", "ltd": "llc", "llp": "llc", "lp": "llc", "bv": "llc", "sas": "llc",
	"jsc": "jsc", "ojsc": "jsc", "cjsc": "jsc", "pjsc": "jsc", "plc": "jsc",
	"fgup": "state", "gup": "state", "mup": "state", "fgbu": "state", "stcorp": "state",
	"ano": "ano", "npo": "npo", "npp": "npo", "ip": "ip", "pe": "ip",
	"fze": "fz", "fzco": "fz", "fzc": "fz", "dmcc": "fz",
}

// LegalConflict reports whether two legal-form codes belong to different
// families (an AG is not a GmbH; an OOO may be called Ltd or LLC). Generic
// codes (corp, group, holding) and missing ones never conflict.
func LegalConflict(a, b string) bool {
	fa, fb := legalFamily[a], legalFamily[b]
	return fa != "" && fb != "" && fa != fb
}

// prefixOK reports whether a legal-form phrase may be stripped from the
// start of a name. Short Latin codes that are also words or names ("as",
// "sa", "co", "ab", "se") stay.
func prefixOK(p string) bool {
	switch p {
	case "as", "sa", "co", "ab", "se", "ag", "oy", "lp", "lc", "sl", "company", "group", "limited", "holding", "holdings", "kg", "nv", "bv", "spa", "sas", "ip", "ат":
		return false
	}
	return true
}

// splitHanLegalForm splits a Chinese legal-form suffix off the last token
// ("海康威视有限公司" → "海康威视" + ltd).
func splitHanLegalForm(toks []string) ([]string, string) {
	if len(toks) == 0 {
		return toks, ""
	}
	last := toks[len(toks)-1]
	if code, ok := legalForms[last]; ok && len(toks) > 1 && slices.Contains(hanLegalForms, last) {
		// The legal form is a token of its own: 華信船務(香港)有限公司.
		return toks[:len(toks)-1], code
	}
	for _, suf := range hanLegalForms {
		if strings.HasSuffix(last, suf) && len(last) > len(suf) {
			out := append(toks[:len(toks)-1:len(toks)-1], strings.TrimSuffix(last, suf))
			return out, legalForms[suf]
		}
	}
	return toks, ""
}

// longLegalWords are the words of legal-form phrases of six letters or
// more, which a misspelling can be recognized in.
var longLegalWords = sync.OnceValue(func() []string {
	var out []string
	for w := range legalWords() {
		if len(w) >= 6 && isLetters(w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
})

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// stripMisspelledLegalForms is stripLegalForms that also reads a token
// that misspells a word of a legal-form phrase as that word
// ("Aktiengeselschaft", "Compan", "Oimited", "Ldt": legalWordFix), when
// that recognizes more legal form at the ends of the name than the tokens
// as written do. The legal words are generic, so a misspelt one is not a
// name token.
func stripMisspelledLegalForms(toks []string) ([]string, string) {
	rest, code := stripLegalForms(toks)
	var fixed []string
	for i, t := range toks {
		if len(t) < 3 || i > 2 && i < len(toks)-3 {
			continue
		}
		if w := legalWordFix(t); w != "" {
			if fixed == nil {
				fixed = slices.Clone(toks)
			}
			fixed[i] = w
		}
	}
	if fixed == nil {
		return rest, code
	}
	if r2, c2 := stripLegalForms(fixed); len(r2) < len(rest) {
		// The name keeps its tokens as written.
		start := 0
		for start < len(fixed) && !slices.Equal(fixed[start:start+len(r2)], r2) {
			start++
		}
		return toks[start : start+len(r2)], c2
	}
	return rest, code
}

// WithoutLegalForm returns the normalized words of a name (Normalize)
// without the legal-form phrases at its start and end, as matching removes
// them (the Chinese suffixes included), for comparing company names
// written with and without their form: "OBORONLOGISTIKA, OOO" and
// "OOO Oboronlogistika" both give "oboronlogistika". One word is always
// kept: "Limited" gives "limited".
func WithoutLegalForm(name string) string {
	toks := strings.Fields(Normalize(name))
	toks, _ = splitHanLegalForm(toks)
	toks, _ = stripLegalForms(toks)
	return strings.Join(toks, " ")
}
