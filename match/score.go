package match

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/names"
	"github.com/redline-sanctions/redline/ofacsearch"
)

// Explanation says how a score came about: which query name matched which
// listed name, and what each feature contributed.
type Explanation struct {
	// QueryName and MatchedName are the names as written whose forms
	// compared best; QueryForm and MatchedForm those forms.
	QueryName   string `json:"query_name"`
	MatchedName string `json:"matched_name"`
	QueryForm   string `json:"query_form,omitempty"`
	MatchedForm string `json:"matched_form,omitempty"`
	// NameScore is the name similarity (legal-form penalty included)
	// before the other features.
	NameScore float64 `json:"name_score"`
	// Features lists every feature that fired, in order of application,
	// starting with "name" (the name similarity of the best forms); the
	// score is their contributions summed, clamped to [0, 1] (a shared
	// identifier raises it to at least Weights.IDMatch instead).
	Features []Feature `json:"features,omitempty"`
	// DecidedBy names the listed records (entity ids, see Result.Records)
	// whose own score is the party's score, the top record first: one
	// record, or several when the party's copies on other lists score
	// the same. Empty for a pair scored alone (Score).
	DecidedBy []string `json:"decided_by,omitempty"`

	// qf and cf are the best forms; fill spells them out, only for the
	// results that are returned. detail says whether Features is filled.
	qf, cf *names.Form
	detail detail
}

// detail says whether scorePair lists the features in the explanation.
// Match ranks the candidates with scoreOnly (no feature is formatted or
// allocated) and scores the results it returns again, explained.
type detail bool

const (
	scoreOnly detail = false
	explained detail = true
)

// fill sets QueryForm and MatchedForm from the forms kept while scoring.
func (ex *Explanation) fill() {
	if ex.qf != nil && ex.cf != nil {
		ex.QueryForm, ex.MatchedForm = ex.qf.Text(), ex.cf.Text()
		if len(ex.Features) > 0 && ex.Features[0].Name == "name" {
			ex.Features[0].Value = ex.QueryForm + " ~ " + ex.MatchedForm
		}
	}
}

// Feature is one piece of evidence: its name, the values compared, its
// weight and what it changed in the score (negative for a penalty).
type Feature struct {
	Name         string  `json:"name"`
	Value        string  `json:"value,omitempty"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"`
}

// idKind classifies identifier properties. Specific kinds can conflict;
// generic ones only match.
type idKind uint8

const (
	idGeneric idKind = iota
	idINN
	idOGRN
	idIMO
	idLEI
	idUSC
	idPassport
)

var idProps = []struct {
	prop string
	kind idKind
}{
	{entity.InnCode, idINN}, {entity.OgrnCode, idOGRN}, {entity.ImoNumber, idIMO},
	{entity.LeiCode, idLEI}, {entity.UnifiedCode, idUSC}, {entity.PassportNumber, idPassport},
	{entity.IDNumber, idGeneric}, {entity.RegistrationNum, idGeneric}, {entity.TaxNumber, idGeneric},
	{entity.SwiftBic, idGeneric},
}

type ident struct {
	kind  idKind
	value string
}

// date is a birth date, month and day 0 when unknown.
type date struct{ y, m, d int16 }

// party is an entity prepared for scoring: analyzed names and normalized
// qualifiers, computed once.
type party struct {
	ent *entity.Entity
	// facts[i] are the token facts of the forms of names[i] (nameFacts).
	facts [][][]tokenFacts
	names []names.Name
	// weak[i] is set when names[i] is a weak alias (entity.WeakAlias, or
	// inherited: see inheritWeak); nil when none is.
	weak      []bool
	ids       []ident
	dates     []date
	countries []string
	gender    byte
}

// countryCache memoizes countryKey; the zero value is ready, nil means no
// cache.
type countryCache struct {
	m sync.Map
	n atomic.Int32
}

// maxCountryCache bounds the memo; queries can bring any text.
const maxCountryCache = 4096

func (c *countryCache) key(v string) string {
	if c == nil {
		return countryKey(v)
	}
	if k, ok := c.m.Load(v); ok {
		return k.(string)
	}
	k := countryKey(v)
	if c.n.Add(1) <= maxCountryCache {
		c.m.Store(v, k)
	}
	return k
}

func prepare(e *entity.Entity, cc *countryCache) *party {
	p := &party{ent: e}
	for _, prop := range entity.NameProps {
		for _, v := range e.Properties[prop] {
			if n := names.Analyze(v); len(n.Forms) > 0 {
				p.names = append(p.names, n)
				if prop == entity.WeakAlias {
					p.markWeak(len(p.names) - 1)
				}
			}
		}
	}
	if len(p.names) == 0 {
		// Persons listed by parts only.
		parts := strings.Join(append(append(append([]string{}, e.Get(entity.FirstName)...), e.Get(entity.MiddleName)...), e.Get(entity.LastName)...), " ")
		if n := names.Analyze(parts); len(n.Forms) > 0 {
			p.names = append(p.names, n)
		}
	}
	p.facts = make([][][]tokenFacts, len(p.names))
	for i := range p.names {
		p.facts[i] = nameFacts(&p.names[i])
	}
	for _, ip := range idProps {
		for _, v := range e.Properties[ip.prop] {
			p.ids = appendIDs(p.ids, ip.prop, ip.kind, v)
		}
	}
	for _, v := range e.Properties[entity.BirthDate] {
		if d, ok := parseDate(v); ok {
			p.dates = append(p.dates, d)
		}
	}
	for _, prop := range []string{entity.Nationality, entity.Citizenship, entity.Country, entity.Jurisdiction} {
		for _, v := range e.Properties[prop] {
			c := cc.key(v)
			if c != "" && !slices.Contains(p.countries, c) {
				p.countries = append(p.countries, c)
			}
		}
	}
	switch strings.ToLower(e.First(entity.Gender)) {
	case "male", "m":
		p.gender = 'm'
	case "female", "f":
		p.gender = 'f'
	}
	return p
}

// markWeak marks names[i] a weak alias.
func (p *party) markWeak(i int) {
	if p.weak == nil {
		p.weak = make([]bool, len(p.names))
	}
	for len(p.weak) < len(p.names) {
		p.weak = append(p.weak, false)
	}
	p.weak[i] = true
}

// isWeak reports whether names[i] is a weak alias.
func (p *party) isWeak(i int) bool { return i < len(p.weak) && p.weak[i] }

// countryKey returns the ISO code of a country name or code, or the
// normalized name when unknown.
func countryKey(v string) string {
	if c, ok := country.Code(v); ok {
		return c
	}
	return names.Normalize(v)
}

// appendIDs normalizes an identifier (entity.IdentifierKey: upper-case
// letters and digits only, IMO numbers digits only) and appends it;
// generic identifiers also yield their runs of six or more digits
// ("Ration card number 1729765" → 1729765).
func appendIDs(out []ident, prop string, k idKind, v string) []ident {
	s := entity.IdentifierKey(prop, v)
	if len(s) >= 4 {
		out = append(out, ident{k, s})
	}
	if k == idGeneric || k == idPassport {
		run := 0
		for i := 0; i <= len(v); i++ {
			if i < len(v) && v[i] >= '0' && v[i] <= '9' {
				run++
				continue
			}
			if run >= 6 && run < len(s) {
				out = append(out, ident{k, v[i-run : i]})
			}
			run = 0
		}
	}
	return out
}

// parseDate reads YYYY, YYYY-MM, YYYY-MM-DD (and the same with / or .),
// DD.MM.YYYY, DD/MM/YYYY, or a text with a four-digit year in it.
func parseDate(v string) (date, bool) {
	v = strings.TrimSpace(v)
	num := func(s string) int16 {
		n := int16(0)
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			n = n*10 + int16(s[i]-'0')
		}
		return n
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' || r == 'T' })
	if len(parts) >= 1 && len(parts[0]) == 4 {
		d := date{y: num(parts[0])}
		if d.y <= 0 {
			return date{}, false
		}
		if len(parts) >= 2 && len(parts[1]) <= 2 {
			if m := num(parts[1]); m >= 1 && m <= 12 {
				d.m = m
				if len(parts) >= 3 && len(parts[2]) <= 2 {
					if dd := num(parts[2]); dd >= 1 && dd <= 31 {
						d.d = dd
					}
				}
			}
		}
		return d, true
	}
	if len(parts) == 3 && len(parts[2]) == 4 {
		d := date{y: num(parts[2])}
		if d.y > 0 {
			if m := num(parts[1]); m >= 1 && m <= 12 {
				d.m = m
				if dd := num(parts[0]); dd >= 1 && dd <= 31 {
					d.d = dd
				}
			}
			return d, true
		}
	}
	for _, p := range parts {
		if len(p) == 4 {
			if y := num(p); y > 1000 {
				return date{y: y}, true
			}
		}
	}
	return date{}, false
}

// Score scores one pair: how likely candidate is the party query describes,
// in [0, 1], with its explanation. Incompatible schemas (a Person and a
// Vessel) score 0.
func Score(query, candidate *entity.Entity, opts Options) (float64, Explanation) {
	o := opts.withDefaults()
	score, ex := scoreParties(prepare(query, nil), prepare(candidate, nil), nil, &o, explained)
	ex.fill()
	return score, ex
}

// scoreParties scores q against c. When only is not nil, only those
// forms of c are compared (the candidates retrieval found); d says
// whether the explanation lists the features.
func scoreParties(q, c *party, only []formRef, o *Options, d detail) (float64, Explanation) {
	return scorePair(q, c, only, o, d, pairOf(q.ent.Schema, c.ent.Schema, o))
}

// schemaPair is what the schemas of a query and a candidate decide
// before any name is compared: whether they may match at all, and the
// weight of surplus name tokens (extraWeight).
type schemaPair struct {
	compatible bool
	extra      float64
}

// pairOf returns the schemaPair of query schema q and candidate schema c.
func pairOf(q, c string, o *Options) schemaPair {
	return schemaPair{compatible: entity.Compatible(q, c), extra: extraWeight(q, c, o)}
}

// scorePair is scoreParties with the schemas' verdict sp already known
// (Match works it out once per schema, not once per candidate).
func scorePair(q, c *party, only []formRef, o *Options, d detail, sp schemaPair) (float64, Explanation) {
	ex := Explanation{detail: d}
	explain := d == explained
	if !sp.compatible {
		if explain {
			ex.Features = append(ex.Features, Feature{Name: "schema", Value: q.ent.Schema + " ≠ " + c.ent.Schema, Weight: 1, Contribution: -1})
		}
		return 0, ex
	}
	var best float64 = -1
	var bq, bc int
	var fq, fc *names.Form
	if o.Algorithm == OFAC {
		for i := range q.names {
			for j := range c.names {
				s := ofacsearch.Score(q.names[i].Original, c.names[j].Original)
				if s > best {
					best, bq, bc = s, i, j
				}
			}
		}
		if best < 0 {
			return 0, ex
		}
		ex.QueryName, ex.MatchedName, ex.NameScore = q.names[bq].Original, c.names[bc].Original, best
		if explain {
			ex.Features = append(ex.Features, Feature{Name: "ofac_name", Weight: 1, Contribution: best})
		}
		return best, ex
	}
	extra := sp.extra
	// A name score won through a weak alias of either side counts
	// Weights.WeakAlias of itself; raw keeps the best one's score before.
	ww := o.Weights.WeakAlias
	if ww <= 0 {
		ww = 1
	}
	raw := 0.0
	weigh := func(s float64, i, j int) (float64, float64) {
		if s > 0 && (q.isWeak(i) || c.isWeak(j)) {
			return s * ww, s
		}
		return s, s
	}
	for i := range q.names {
		if only != nil {
			for _, r := range only {
				s, a, b := nameSimForm(&q.names[i], &c.names[r.name], q.facts[i], c.facts[r.name], int(r.form), extra, o)
				if s, s0 := weigh(s, i, int(r.name)); s > best {
					best, bq, bc, fq, fc, raw = s, i, int(r.name), a, b, s0
				}
			}
			continue
		}
		for j := range c.names {
			s, a, b := nameSim(&q.names[i], &c.names[j], q.facts[i], c.facts[j], extra, o)
			if s, s0 := weigh(s, i, j); s > best {
				best, bq, bc, fq, fc, raw = s, i, j, a, b, s0
			}
		}
	}
	if best < 0 {
		best = 0
	} else {
		ex.QueryName, ex.MatchedName = q.names[bq].Original, c.names[bc].Original
		ex.qf, ex.cf = fq, fc
		if explain {
			ex.Features = append(ex.Features, Feature{Name: "name", Weight: 1, Contribution: raw})
			if best != raw {
				who := "query name"
				if c.isWeak(bc) {
					who = "listed name"
				}
				ex.Features = append(ex.Features, Feature{Name: "weak_alias", Value: "the " + who + " is a weak alias (OFAC FAQ 122)",
					Weight: ww, Contribution: best - raw})
			}
		}
		if ql, cl := q.names[bq].LegalForm, c.names[bc].LegalForm; names.LegalConflict(ql, cl) {
			best -= o.Weights.LegalForm
			if explain {
				ex.Features = append(ex.Features, Feature{Name: "legal_form", Value: ql + " ≠ " + cl, Weight: o.Weights.LegalForm, Contribution: -o.Weights.LegalForm})
			}
		}
	}
	ex.NameScore = best
	score := best
	score = applyIDs(q, c, score, o, &ex)
	score = applyDates(q, c, score, o, &ex)
	score = applyCountries(q, c, score, o, &ex)
	if q.gender != 0 && c.gender != 0 && q.gender != c.gender {
		score -= o.Weights.GenderConflict
		if explain {
			ex.Features = append(ex.Features, Feature{Name: "gender", Value: string(q.gender) + " ≠ " + string(c.gender), Weight: o.Weights.GenderConflict, Contribution: -o.Weights.GenderConflict})
		}
	}
	return min(max(score, 0), 1), ex
}

// nameSimForm compares every form of q with form f of candidate name c,
// following nameSim's rule for names in the same non-Latin script.
func nameSimForm(q, c *names.Name, qf, cf [][]tokenFacts, f int, extra float64, o *Options) (float64, *names.Form, *names.Form) {
	best := -1.0
	var bq *names.Form
	cform := &c.Forms[f]
	native := q.Forms[0].Script != names.Latin && q.Forms[0].Script == c.Forms[0].Script
	for i := range q.Forms {
		if q.Forms[i].Script != cform.Script || native && (i > 0 || f > 0) || q.Forms[i].Reduced && cform.Reduced ||
			(q.Forms[i].Reduced || cform.Reduced) && o.off(Reduced) {
			continue
		}
		if s := formSim(&q.Forms[i], cform, qf[i], cf[f], extra, o); s > best {
			best, bq = s, &q.Forms[i]
		}
	}
	if s, fq := kanjiFormSim(q, cform, o); s > best {
		best, bq = s, fq
	}
	if kanaName(q) {
		if s, fq := kanaFormSim(q, qf, cform, extra, o); s > best {
			best, bq = s, fq
		}
	}
	return best, bq, cform
}

// extraWeight is the weight of the surplus tokens of the longer name:
// light between persons (middle names and patronymics are often left out),
// heavier when either side is an organization, a company or a vessel (a
// subsidiary differs by one word).
func extraWeight(q, c string, o *Options) float64 {
	switch {
	case entity.IsA(q, entity.Person) && entity.IsA(c, entity.Person):
		return o.Weights.ExtraTokenPerson
	case entity.IsA(q, entity.Person) || entity.IsA(c, entity.Person):
		return (o.Weights.ExtraTokenPerson + o.Weights.ExtraToken) / 2
	case q == entity.LegalEntity && c == entity.LegalEntity:
		return (o.Weights.ExtraTokenPerson + o.Weights.ExtraToken) / 2
	}
	return o.Weights.ExtraToken
}

func applyIDs(q, c *party, score float64, o *Options, ex *Explanation) float64 {
	if len(q.ids) == 0 || len(c.ids) == 0 {
		return score
	}
	var qKinds, cKinds uint32
	for _, a := range q.ids {
		qKinds |= 1 << a.kind
		for _, b := range c.ids {
			if a.value == b.value && (a.kind == b.kind || a.kind == idGeneric || b.kind == idGeneric) {
				s := o.Weights.IDMatch + (1-o.Weights.IDMatch)*max(score, 0)
				if ex.detail == explained {
					ex.Features = append(ex.Features, Feature{Name: "identifier", Value: a.value, Weight: o.Weights.IDMatch, Contribution: max(s-score, 0)})
				}
				return max(s, score)
			}
		}
	}
	for _, b := range c.ids {
		cKinds |= 1 << b.kind
	}
	shared := qKinds & cKinds &^ (1<<idGeneric | 1<<idPassport)
	if shared != 0 {
		if ex.detail == explained {
			ex.Features = append(ex.Features, Feature{Name: "identifier_conflict", Weight: o.Weights.IDConflict, Contribution: -o.Weights.IDConflict})
		}
		return score - o.Weights.IDConflict
	}
	return score
}

func applyDates(q, c *party, score float64, o *Options, ex *Explanation) float64 {
	if len(q.dates) == 0 || len(c.dates) == 0 {
		return score
	}
	minDiff := int16(1 << 14)
	full := false
	for _, a := range q.dates {
		for _, b := range c.dates {
			d := a.y - b.y
			if d < 0 {
				d = -d
			}
			if d == 0 && a.m != 0 && b.m != 0 && a.m != b.m && !(a.m == b.d && a.d == b.m) {
				d = 1 // same year, another month: not the same day
			}
			if d == 0 && a.d != 0 && b.d != 0 && a.m == b.m && a.d != b.d {
				d = 1
			}
			if d > 1 && transposed(a.y, b.y) {
				d = 1 // 1974 and 1947: a typing error more often than not
			}
			if d == 0 && a.d != 0 && a == b {
				full = true
			}
			minDiff = min(minDiff, d)
		}
	}
	switch {
	case full:
		w := o.Weights.BirthDateMatch
		if ex.detail == explained {
			ex.Features = append(ex.Features, Feature{Name: "birth_date", Value: "same date", Weight: w, Contribution: w})
		}
		return score + w
	case minDiff == 0:
		return score
	case minDiff == 1:
		w := o.Weights.BirthDateNear
		if ex.detail == explained {
			ex.Features = append(ex.Features, Feature{Name: "birth_date", Value: "near", Weight: w, Contribution: -w})
		}
		return score - w
	}
	w := o.Weights.BirthDateConflict
	if ex.detail == explained {
		ex.Features = append(ex.Features, Feature{Name: "birth_date", Value: "conflict", Weight: w, Contribution: -w})
	}
	return score - w
}

func applyCountries(q, c *party, score float64, o *Options, ex *Explanation) float64 {
	if len(q.countries) == 0 || len(c.countries) == 0 {
		return score
	}
	for _, a := range q.countries {
		if slices.Contains(c.countries, a) {
			return score
		}
	}
	w := o.Weights.CountryConflict
	if ex.detail == explained {
		ex.Features = append(ex.Features, Feature{Name: "country", Value: strings.Join(q.countries, ",") + " ≠ " + strings.Join(c.countries, ","), Weight: w, Contribution: -w})
	}
	return score - w
}

// transposed reports whether two years differ by swapping their last two
// digits.
func transposed(a, b int16) bool {
	return a/100 == b/100 && a%10 == (b/10)%10 && (a/10)%10 == b%10
}
