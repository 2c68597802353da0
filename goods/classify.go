package goods

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// Classification is what a Classifier says about one line of goods.
//
// In JSON, chpl_tier and concern are null when empty, so a consumer can
// test them for presence.
type Classification struct {
	// HSCode is the six-digit HS 2022 subheading, "" when nothing could be
	// told.
	HSCode string
	// HSHeading is the four-digit heading of HSCode.
	HSHeading string
	// CHPLTier is the CHPL tier of HSCode ("1", "2", "3.A", "3.B", "4.A",
	// "4.B"), "" when it is not on the list.
	CHPLTier string
	// Concern is the category of concern ("microelectronics",
	// "electronics", "communications", "navigation", "radar", "optics",
	// "computing", "bearings", "machine_tools", "test_equipment",
	// "semiconductor_equipment", "uav", "aircraft", "engines", "ew",
	// "military"), "" for goods of no particular concern.
	Concern string
	// Confidence is in [0, 1]: about 0.9 and above for a part number or a
	// specific phrase, about 0.5 and below for a match on the HS
	// descriptions alone.
	Confidence float64
	// Evidence says which part number, words or declared code decided the
	// classification, strongest first.
	Evidence []string
	// Description is the HS 2022 text of HSCode.
	Description string
	// Declared is the HS code the caller gave, normalized ("" when none
	// or invalid).
	Declared string
	// Mismatch is true when the declared code and the description point
	// to different headings and the description was strong enough to win.
	Mismatch bool
	// Military is the munitions-list category (Wassenaar / EU Common
	// Military List, "ML10") of a military item, "" for other goods;
	// MilitaryUSML and MilitaryTitle are the US Munitions List categories
	// and the category's heading (see MilitaryCategories). A military item
	// needs a licence for every destination: see Verdict.
	Military      string
	MilitaryUSML  string
	MilitaryTitle string
}

type classificationJSON struct {
	HSCode      string        `json:"hs_code"`
	HSHeading   string        `json:"hs_heading"`
	CHPLTier    *string       `json:"chpl_tier"`
	Concern     *string       `json:"concern"`
	Confidence  float64       `json:"confidence"`
	Evidence    []string      `json:"evidence"`
	Description string        `json:"description"`
	Declared    string        `json:"hs_declared,omitempty"`
	Mismatch    bool          `json:"hs_mismatch,omitempty"`
	Military    *militaryJSON `json:"military"`
	Verdict     string        `json:"verdict"`
}

type militaryJSON struct {
	Category string `json:"category"`
	USML     string `json:"usml,omitempty"`
	Title    string `json:"title"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// MarshalJSON writes the fields under their snake_case names, with null
// for an empty tier or concern.
func (c Classification) MarshalJSON() ([]byte, error) {
	ev := c.Evidence
	if ev == nil {
		ev = []string{}
	}
	j := classificationJSON{
		HSCode: c.HSCode, HSHeading: c.HSHeading, CHPLTier: nullable(c.CHPLTier), Concern: nullable(c.Concern),
		Confidence: c.Confidence, Evidence: ev, Description: c.Description, Declared: c.Declared, Mismatch: c.Mismatch,
		Verdict: c.Verdict(),
	}
	if c.Military != "" {
		j.Military = &militaryJSON{Category: c.Military, USML: c.MilitaryUSML, Title: c.MilitaryTitle}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Classification) UnmarshalJSON(b []byte) error {
	var j classificationJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("goods: classification: %w", err)
	}
	*c = Classification{HSCode: j.HSCode, HSHeading: j.HSHeading, Confidence: j.Confidence, Evidence: j.Evidence,
		Description: j.Description, Declared: j.Declared, Mismatch: j.Mismatch}
	if j.CHPLTier != nil {
		c.CHPLTier = *j.CHPLTier
	}
	if j.Concern != nil {
		c.Concern = *j.Concern
	}
	if j.Military != nil {
		c.Military, c.MilitaryUSML, c.MilitaryTitle = j.Military.Category, j.Military.USML, j.Military.Title
	}
	return nil
}

// A Classifier classifies goods descriptions. It is immutable once built
// and safe for concurrent use.
type Classifier struct {
	hs    *hsTable
	lex   *lexicon
	parts partIndex
	// fallback is built on first use: most descriptions never need it.
	fallback func() *fallback
}

// Default returns the classifier built from the embedded nomenclature,
// CHPL, lexicon and part-number families. It is built on first use (a few
// tens of milliseconds) and shared afterwards.
func Default() *Classifier { return defaultClassifier() }

var defaultClassifier = sync.OnceValue(func() *Classifier {
	c, err := newClassifier()
	if err != nil {
		panic(err) // compiled-in tables; the tests build them
	}
	return c
})

func newClassifier() (*Classifier, error) {
	t := nomenclature()
	lex, err := compileLexicon(slices.Concat(lexiconRules, militaryRules()), t)
	if err != nil {
		return nil, err
	}
	p, err := buildParts(parts)
	if err != nil {
		return nil, fmt.Errorf("goods: part rules: %w", err)
	}
	for _, rs := range p {
		for _, r := range rs {
			if _, ok := t.desc[r.hs]; !ok || len(r.hs) != 6 {
				return nil, fmt.Errorf("goods: part rule %s: %s is not an HS subheading", r.prefix, r.hs)
			}
		}
	}
	for h, s := range headingDefaults {
		if t.desc[h] == "" || t.desc[s] == "" || s[:4] != h {
			return nil, fmt.Errorf("goods: heading default %s → %s is not in the nomenclature", h, s)
		}
	}
	g, err := parseGlossary(glossaryText)
	if err != nil {
		return nil, err
	}
	return &Classifier{hs: t, lex: lex, parts: p, fallback: sync.OnceValue(func() *fallback { return buildFallback(t, g) })}, nil
}

// Weights of the evidence kinds.
const (
	partWeight = 6.0 // a recognised part number
	// strongText is the score from which a description overrules a
	// declared code of another heading.
	strongText = 3.0
)

// vote is one piece of evidence for a code.
type vote struct {
	hs      string // 6 digits, or a 4-digit heading
	concern string
	weight  float64
	// The evidence, formatted only for the winning heading: a part number
	// token and its family label, or a lexicon alternative (token "").
	token, label string
}

func (v vote) why() string {
	if v.token != "" {
		return "part number " + v.token + " (" + v.label + ") → " + dotted(v.hs)
	}
	return "\"" + strings.ReplaceAll(v.label, "*", "…") + "\" → " + dotted(v.hs)
}

// Classify classifies one line of goods from its description and, when
// given, its declared HS code (any form NormalizeHS reads).
//
// A valid declared code wins when the description agrees with it, says
// nothing clear, or is weak. When the description points strongly to
// another heading (a part number, a specific phrase), the description
// wins, Mismatch is set, and the evidence says so: a declared code that
// hides CHPL goods is itself a red flag.
func (c *Classifier) Classify(description, hsCode string) Classification {
	var out Classification
	if strings.TrimSpace(hsCode) == "" && looksLikeCode(description) {
		// A description that is only a code ("8542319000") is a code.
		hsCode, description = description, ""
	}
	var declared Code
	var declErr error
	hasDecl := strings.TrimSpace(hsCode) != ""
	if hasDecl {
		declared, declErr = c.hs.parse(hsCode)
		if declErr != nil {
			out.Evidence = append(out.Evidence, fmt.Sprintf("declared HS %q ignored: %v", hsCode, strings.TrimPrefix(declErr.Error(), "goods: ")))
			hasDecl = false
		} else if declared.Subheading != "" {
			out.Declared = declared.Subheading
		} else {
			out.Declared = declared.Heading
		}
	}

	var t text
	t.split(description)
	var vbuf [24]vote
	votes := c.vote(&t, vbuf[:0])
	// Munitions-list votes are a verdict of their own, not an HS code.
	var mil *MilitaryCategory
	milLabel := ""
	kept := votes[:0]
	for _, v := range votes {
		if isMilitaryCode(v.hs) {
			if mil == nil {
				mil, milLabel = militaryByCode(v.hs), v.label
			}
			continue
		}
		kept = append(kept, v)
	}
	votes = kept
	best, bestScore, runner := pick(votes)
	var textHS string
	var textConf float64
	var textEv []string
	concern := ""
	if bestScore > 0 {
		textHS, concern, textEv = c.resolve(best, votes, &t)
		textConf = confidence(bestScore, runner)
		if len(textHS) == 6 && !hasSix(votes, best) {
			textConf *= 0.85 // heading sure, subheading by default
		}
	} else if hasDecl {
		// A declared code stands; HS wording matches are too weak to
		// question it.
	} else if fb, conf, ev := c.fallback().match(&t, ""); fb != "" {
		textHS, textConf, textEv = fb, conf, []string{ev}
	}

	switch {
	case hasDecl && textHS != "" && textHS[:4] != declared.Heading && bestScore >= strongText:
		out.HSCode, out.Confidence = textHS, textConf
		out.Mismatch = true
		out.Evidence = append(out.Evidence, textEv...)
		out.Evidence = append(out.Evidence, fmt.Sprintf("declared HS %s inconsistent with the description (%s): the description wins", declared, dotted(textHS)))
	case hasDecl:
		hs := declared.Subheading
		if hs == "" { // heading only: the description may name the subheading
			if textHS != "" && textHS[:4] == declared.Heading {
				hs = textHS
			} else {
				hs = c.defaultSub(declared.Heading, &t)
			}
		}
		out.HSCode = hs
		switch {
		case textHS == "":
			out.Confidence = 0.8
			out.Evidence = append(out.Evidence, fmt.Sprintf("declared HS %s; the description names no known goods", declared))
			concern = ""
		case textHS[:4] == declared.Heading:
			out.Confidence = math.Max(0.9, textConf)
			out.Evidence = append(out.Evidence, fmt.Sprintf("declared HS %s agrees with the description", declared))
			out.Evidence = append(out.Evidence, textEv...)
		default:
			out.Confidence = 0.7
			out.Evidence = append(out.Evidence, fmt.Sprintf("declared HS %s kept; the description weakly suggests %s", declared, dotted(textHS)))
			out.Evidence = append(out.Evidence, textEv...)
			concern = ""
		}
		if concern == "" || (textHS != "" && textHS[:4] != hs[:4]) {
			concern = defaultConcern(hs)
		}
	default:
		out.HSCode, out.Confidence = textHS, textConf
		out.Evidence = append(out.Evidence, textEv...)
		if textHS == "" {
			out.Evidence = append(out.Evidence, "no known goods term, part number or HS wording in the description")
		}
	}
	if out.HSCode != "" {
		out.HSHeading = out.HSCode[:4]
		out.CHPLTier = c.hs.chpl[out.HSCode]
		out.Description = c.hs.desc[out.HSCode]
		if concern == "" {
			concern = defaultConcern(out.HSCode)
		}
		if out.CHPLTier != "" {
			out.Evidence = append(out.Evidence, dotted(out.HSCode)+" is on the CHPL, tier "+out.CHPLTier)
		}
	}
	if mil == nil {
		if mil = militaryByHS(out.HSCode); mil != nil {
			milLabel = "HS " + dotted(out.HSCode)
		}
	}
	if mil != nil {
		out.Military, out.MilitaryUSML, out.MilitaryTitle = mil.ML, mil.USML, mil.Title
		out.Evidence = append(out.Evidence, fmt.Sprintf("%q → %s (%s): %s", strings.ReplaceAll(milLabel, "*", "…"), MilitaryVerdict, out.MilitaryList(), mil.Title))
		if concern == "" {
			concern = "military"
		}
	}
	out.Concern = concern
	out.Confidence = math.Round(out.Confidence*100) / 100
	return out
}

// vote collects the votes of the part numbers and the lexicon.
func (c *Classifier) vote(t *text, votes []vote) []vote {
	for _, tok := range t.parts {
		if r := c.parts.match(tok); r != nil {
			votes = append(votes, vote{hs: r.hs, concern: r.concern, weight: partWeight, token: tok, label: r.label})
		}
	}
	return c.lex.vote(t, votes)
}

// pick returns the heading with the highest total weight, its score and
// the runner-up's.
func pick(votes []vote) (heading string, best, runner float64) {
	var hs [16]string
	var sc [16]float64
	n := 0
	for _, v := range votes {
		h := v.hs[:4]
		i := 0
		for i < n && hs[i] != h {
			i++
		}
		if i == n {
			if n == len(hs) {
				continue
			}
			hs[n] = h
			n++
		}
		sc[i] += v.weight
	}
	for i := 0; i < n; i++ {
		switch {
		case sc[i] > best:
			runner, best, heading = best, sc[i], hs[i]
		case sc[i] > runner:
			runner = sc[i]
		}
	}
	return heading, best, runner
}

func hasSix(votes []vote, heading string) bool {
	for _, v := range votes {
		if len(v.hs) == 6 && v.hs[:4] == heading {
			return true
		}
	}
	return false
}

// resolve picks the subheading within the chosen heading, its concern, and
// the evidence lines of the votes for that heading (strongest first).
func (c *Classifier) resolve(heading string, votes []vote, t *text) (hs, concern string, evidence []string) {
	var subs [8]string
	var sc [8]float64
	n := 0
	concernW := 0.0
	ctxConcern, ctxW := "", 0.0
	for _, v := range votes {
		if v.hs[:4] != heading {
			if contextConcerns[v.concern] && v.weight > ctxW {
				ctxConcern, ctxW = v.concern, v.weight
			}
			continue
		}
		if v.concern != "" && v.weight > concernW {
			concern, concernW = v.concern, v.weight
		}
		if len(v.hs) != 6 {
			continue
		}
		i := 0
		for i < n && subs[i] != v.hs {
			i++
		}
		if i == n {
			if n == len(subs) {
				continue
			}
			subs[n] = v.hs
			n++
		}
		sc[i] += v.weight
	}
	bestSc := 0.0
	for i := 0; i < n; i++ {
		if sc[i] > bestSc {
			hs, bestSc = subs[i], sc[i]
		}
	}
	if hs == "" {
		hs = c.defaultSub(heading, t)
	}
	// Evidence: votes for the heading, heaviest first (votes are few).
	evidence = make([]string, 0, 4)
	for _, v := range votes {
		if v.hs[:4] == heading {
			evidence = append(evidence, v.why())
		}
	}
	sortByWeight(evidence, votes, heading)
	if concern == "" {
		concern = defaultConcern(hs)
	}
	if concern == "" && ctxConcern != "" {
		concern = ctxConcern
	}
	return hs, concern, evidence
}

// contextConcerns are the concerns a description passes on to goods whose
// own code carries none ("brushless motor for FPV drone" is of concern as
// a drone part).
var contextConcerns = map[string]bool{"uav": true, "military": true, "ew": true, "aircraft": true}

func sortByWeight(ev []string, votes []vote, heading string) {
	var wbuf [16]float64
	w := wbuf[:0]
	for _, v := range votes {
		if v.hs[:4] == heading {
			w = append(w, v.weight)
		}
	}
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && w[j] > w[j-1]; j-- {
			w[j], w[j-1] = w[j-1], w[j]
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}

// defaultSub names the subheading of a heading when nothing more specific
// was said: the curated default, else the best HS-description match within
// the heading, else its first residual ("n.e.c.") subheading, else its
// last.
func (c *Classifier) defaultSub(heading string, t *text) string {
	if s, ok := headingDefaults[heading]; ok {
		return s
	}
	if s, _, _ := c.fallback().match(t, heading); s != "" {
		return s
	}
	last, residual := "", ""
	for _, s := range c.hs.subs {
		if s[:4] == heading {
			last = s
			if residual == "" && strings.Contains(c.hs.desc[s], "n.e.c.") {
				residual = s
			}
		}
	}
	if residual != "" {
		return residual
	}
	return last
}

// confidence maps the winning score and the runner-up's to [0, 0.97].
func confidence(best, runner float64) float64 {
	c := (1 - math.Exp(-best/3)) * best / (best + runner)
	return math.Min(c, 0.97)
}

// looksLikeCode reports whether s holds only digits (4 to 10 of them) and
// the separators of an HS code.
func looksLikeCode(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n++
		case c == '.' || c == ' ' || c == '-' || c == '\t':
		default:
			return false
		}
	}
	return n >= 4 && n <= 10
}

func dotted(hs string) string {
	if len(hs) == 6 {
		return hs[:4] + "." + hs[4:]
	}
	return hs
}

// defaultConcern is the concern that goes with a code by itself.
func defaultConcern(hs string) string {
	if len(hs) < 4 {
		return ""
	}
	h := hs[:4]
	switch {
	case h == "8542":
		return "microelectronics"
	case h == "8541" && hs != "854141" && hs != "854142" && hs != "854143", h == "8532", h == "8534", h == "8548",
		hs == "850440", hs == "853669", hs == "853690":
		return "electronics"
	case hs == "851762", hs == "851769", h == "8529":
		return "communications"
	case hs == "852691", h == "9014" && hs != "901410":
		return "navigation"
	case hs == "852610":
		return "radar"
	case h == "8525" && hs >= "852581", hs == "901310", hs == "901380":
		return "optics"
	case hs == "847150", hs == "847180":
		return "computing"
	case h == "8482" && hs < "848291":
		return "bearings"
	case h >= "8456" && h <= "8466":
		return "machine_tools"
	case h == "8486":
		return "semiconductor_equipment"
	case h == "9030" || hs == "854320" || hs == "902750":
		return "test_equipment"
	case h == "8806":
		return "uav"
	case h == "8801" || h == "8802" || h == "8807":
		return "aircraft"
	case hs == "840710" || h == "8411":
		return "engines"
	case h[:2] == "93", h == "8710", hs == "890610", h == "3602", h == "3603":
		return "military"
	}
	return ""
}
