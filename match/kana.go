package match

import (
	"strings"

	"github.com/redline-sanctions/redline/names"
)

// Japanese has one liquid consonant, and katakana writes the l and the r of
// foreign names alike with the r column (ラ, リ, ル, レ, ロ): the Cabinet's
// rules for writing loanwords (Naikaku Kokuji No. 2 of 1991, "Gairaigo no
// hyōki") give no kana for l, and modified Hepburn romanizes the column r.
// Salman is サルマーン (saruman), Faisal ファイサル (faisaru), Abdul
// アブドゥル (abuduru). A name in kana (its "hepburn" and "kana-foreign"
// forms, names/kana.go) is therefore also compared with the Latin forms of
// the other name with their l read as r (kanaLiquids); the two spellings
// of one Latin name then differ only where the kana do.

// kanaForm reports whether f is a romanization of Japanese kana.
func kanaForm(f *names.Form) bool { return f.Translit == "hepburn" || f.Translit == "kana-foreign" }

// kanaLiquids returns Latin form f with l written r, and whether it has an
// l at all (else f itself is all there is to compare).
func kanaLiquids(f *names.Form) (names.Form, []tokenFacts, bool) {
	if f.Translit != "" || f.Script != names.Latin || !strings.ContainsRune(f.Text(), 'l') {
		return names.Form{}, nil, false
	}
	out := names.Form{Script: names.Latin, Reduced: f.Reduced,
		Tokens: make([]string, len(f.Tokens)), Skeletons: make([]string, len(f.Tokens)), Phonetics: make([]string, len(f.Tokens))}
	facts := make([]tokenFacts, len(f.Tokens))
	for i, t := range f.Tokens {
		t = strings.ReplaceAll(t, "l", "r")
		out.Tokens[i], out.Skeletons[i], out.Phonetics[i] = t, names.Skeleton(t), names.Phonetic(t)
		facts[i] = factsOf(t)
	}
	return out, facts, true
}

// kanaName reports whether n has a form romanized from kana.
func kanaName(n *names.Name) bool {
	for i := range n.Forms {
		if kanaForm(&n.Forms[i]) {
			return true
		}
	}
	return false
}

// kanaNameSim compares the kana forms of one name with the Latin forms of
// the other read with r for l (see above); it returns the best score and
// the two forms compared (the Latin one as written), or 0 when neither
// name is in kana, so Latin pairs pay two checks of their first form.
func kanaNameSim(q, c *names.Name, qf, cf [][]tokenFacts, extra float64, o *Options) (float64, *names.Form, *names.Form) {
	if len(q.Forms) == 0 || len(c.Forms) == 0 || o.off(KanaLiquids) ||
		q.Forms[0].Script != names.Other && c.Forms[0].Script != names.Other {
		return 0, nil, nil
	}
	best := 0.0
	var bq, bc *names.Form
	if kanaName(q) {
		for j := range c.Forms {
			if s, f := kanaFormSim(q, qf, &c.Forms[j], extra, o); s > best {
				best, bq, bc = s, f, &c.Forms[j]
			}
		}
	} else if kanaName(c) {
		for i := range q.Forms {
			lf, lfacts, ok := kanaLiquids(&q.Forms[i])
			if !ok {
				continue
			}
			for j := range c.Forms {
				if kf := &c.Forms[j]; kanaForm(kf) && !(lf.Reduced && kf.Reduced) {
					if s := formSim(&lf, kf, lfacts, cf[j], extra, o); s > best {
						best, bq, bc = s, &q.Forms[i], kf
					}
				}
			}
		}
	}
	return best, bq, bc
}

// kanaFormSim compares the kana forms of query q with Latin candidate form
// cform read with r for l; it returns the best score and query form.
func kanaFormSim(q *names.Name, qf [][]tokenFacts, cform *names.Form, extra float64, o *Options) (float64, *names.Form) {
	lf, lfacts, ok := kanaLiquids(cform)
	if !ok || o.off(KanaLiquids) {
		return 0, nil
	}
	best := 0.0
	var bq *names.Form
	for i := range q.Forms {
		if kf := &q.Forms[i]; kanaForm(kf) && !(lf.Reduced && kf.Reduced) {
			if s := formSim(kf, &lf, qf[i], lfacts, extra, o); s > best {
				best, bq = s, kf
			}
		}
	}
	return best, bq
}
