package match

import (
	"fmt"
	"math"
)

// DefaultThreshold is the score at or above which a result is a match,
// used by every command unless overridden. It was chosen once on the
// development sets (eval_test.go logs F1 by threshold): on the
// OpenSanctions Pairs dev sample F1 is 0.967-0.975 from 0.60 to 0.95, on
// nomenklatura's name_bench it peaks at 0.80 (0.901; 0.891 at 0.85 and at
// 0.70), so 0.80 maximizes the two together. Checked afterwards on the
// yente US negatives: 0.29% of 50,000 queries match anything at 0.80.
const DefaultThreshold = 0.80

// RoundScore rounds a score (or a feature's contribution) to 4 decimals,
// half away from zero: the one rounding of scores written out as text,
// in the API's JSON (/match, /search), in the top_score column of `screen
// parties --format csv` and in the `search` table (which wrote 3 decimals
// before). Match is decided on the unrounded score, and records that carry
// a score as a JSON number of their own (screen's JSON lines, search
// --format json) keep it unrounded.
func RoundScore(s float64) float64 { return math.Round(s*1e4) / 1e4 }

// Algorithms for Options.Algorithm.
const (
	// Redline is redline's own scoring: token alignment, transliteration,
	// identifiers and qualifiers.
	Redline = "redline"
	// OFAC reproduces OFAC's Sanctions List Search name score (package
	// ofacsearch), the maximum over the pairs of names; other features are
	// not used, as OFAC's tool uses none.
	OFAC = "ofac"
)

// Options are the explicit parameters of a search or a score. The zero
// value is not useful; start from DefaultOptions.
type Options struct {
	// Threshold: a result with Score >= Threshold has Match set.
	Threshold float64 `json:"threshold"`
	// Limit is the most results Match returns (default 10).
	Limit int `json:"limit"`
	// MinScore drops results scoring below it (default 0.5); it is never
	// above Threshold in effect, matches are always returned.
	MinScore float64 `json:"min_score"`
	// Algorithm is Redline ("" means Redline) or OFAC.
	Algorithm string `json:"algorithm"`
	// Datasets, when not empty, keeps only entities of these datasets.
	Datasets []string `json:"datasets,omitempty"`
	// Candidates is how many name forms retrieval hands to scoring
	// (default 16); Budget how many postings retrieval may read (default
	// 2500).
	Candidates int `json:"candidates"`
	Budget     int `json:"budget"`
	// RetrievalCut: candidates whose retrieval score is below this share
	// of the best candidate's are not scored, unless they spell the whole
	// query by skeletons (default 0.6).
	RetrievalCut float64 `json:"retrieval_cut"`
	// ReducedFactor multiplies the similarity of a form with its
	// parenthesised qualifier left out ("Deutsche Bank (Schweiz) AG" as
	// "Deutsche Bank AG"; heuristic Reduced) (default 0.9).
	ReducedFactor float64 `json:"reduced_factor"`
	// Weights are the feature weights.
	Weights Weights `json:"weights"`
	// Ablate turns heuristics of the name scorer off, to measure what
	// each is worth (redline bench --ablation); none by default.
	Ablate Heuristic `json:"ablate,omitempty"`
}

// Heuristic is a set of the name scorer's special cases, each a bit.
type Heuristic uint32

// The heuristics that Options.Ablate can turn off. Each is documented
// where it is applied (match/name.go).
const (
	// Baltic reads the Latvian and Lithuanian nominative -s of Slavic
	// names ("Lavrovs").
	Baltic Heuristic = 1 << iota
	// Nicknames equates familiar given names with the names they stand
	// for (Bill, William).
	Nicknames
	// KoreanSurnames equates the romanizations of Korean surnames (Lee,
	// Yi, Rhee).
	KoreanSurnames
	// SeriesCap caps names differing only in series numbers at
	// 1 - Weights.Series instead of subtracting Weights.Numbers.
	SeriesCap
	// Reduced compares names with a parenthesised qualifier left out
	// ("Deutsche Bank (Schweiz) AG" as "Deutsche Bank AG").
	Reduced
	// Joined compares names joined without spaces ("Abdul Hai",
	// "Abdulhai").
	Joined
	// ArabicConsonants compares the tokens of names romanized from
	// Arabic script, which writes no short vowels, with Latin spellings
	// by names.AbjadSim (consonants by class, long vowels, short vowels
	// free).
	ArabicConsonants
	// Acronyms matches an acronym with the words whose initials spell it
	// ("PLA", "People's Liberation Army").
	Acronyms
	// HangulSpelling compares a name read from Hangul with a listed name
	// syllable by syllable, by their Korean keys (names.KoreanKey: Pyong,
	// Byong), every syllable counting in full (match: hangulPair).
	HangulSpelling
	// KanjiReadings compares a Japanese name in kanji with a Latin name by
	// the readings of its characters (match: kanji.go).
	KanjiReadings
	// KanaLiquids compares a name in katakana with a Latin name read with
	// r for l: katakana writes both with its r column (match: kana.go).
	KanaLiquids
)

// Heuristics names each Heuristic, in bit order, for reports and flags.
var Heuristics = []struct {
	H    Heuristic
	Name string
}{
	{Baltic, "baltic"}, {Nicknames, "nicknames"},
	{KoreanSurnames, "korean_surnames"}, {SeriesCap, "series_cap"}, {Reduced, "reduced"},
	{Joined, "joined"}, {ArabicConsonants, "arabic_consonants"}, {Acronyms, "acronyms"},
	{HangulSpelling, "hangul_spelling"}, {KanjiReadings, "kanji_readings"},
	{KanaLiquids, "kana_liquids"},
}

// off reports whether heuristic h is turned off.
func (o *Options) off(h Heuristic) bool { return o.Ablate&h != 0 }

// Weights are the contributions of the features to a score.
type Weights struct {
	// MinTokenSim: token similarities below it count as no match.
	MinTokenSim float64 `json:"min_token_sim"`
	// Initial is the similarity of an initial with a token it begins.
	Initial float64 `json:"initial"`
	// ExtraToken weighs the unmatched tokens of the longer name (1 would
	// count them fully) when either side is an organization, company or
	// vessel; ExtraTokenPerson when both are persons; Particle for
	// patronymics and particles (bin, al, -ovich).
	ExtraToken       float64 `json:"extra_token"`
	ExtraTokenPerson float64 `json:"extra_token_person"`
	Particle         float64 `json:"particle"`
	// Substitution multiplies a name score once per token replaced by an
	// unrelated one; Order when tokens align across a "bin".
	Substitution float64 `json:"substitution"`
	Order        float64 `json:"order"`
	// Numbers is subtracted from a name score when the numbers in the two
	// names differ.
	Numbers float64 `json:"numbers"`
	// Series is what a name score loses at least when two names are the
	// same words followed by different series or vintage numbers ("Snow
	// Storm 1", "Snow Storm 2"): 1 - Series is their highest score.
	Series float64 `json:"series"`
	// LegalForm is subtracted when the names carry legal forms of
	// different families (names.LegalConflict: a GmbH is not an AG).
	LegalForm float64 `json:"legal_form"`
	// IDMatch is the least score of a pair sharing an identifier (INN,
	// OGRN, IMO, passport, LEI, USCC, registration or id number); the name
	// similarity adds to it up to 1.
	IDMatch float64 `json:"id_match"`
	// IDConflict is subtracted when both carry identifiers of the same
	// specific kind (INN, OGRN, IMO, LEI, USCC) and none is shared.
	IDConflict float64 `json:"id_conflict"`
	// BirthDateConflict is subtracted when the birth dates are years apart,
	// BirthDateNear when they are one year apart; BirthDateMatch is added
	// when a full date is the same.
	BirthDateConflict float64 `json:"birth_date_conflict"`
	BirthDateNear     float64 `json:"birth_date_near"`
	BirthDateMatch    float64 `json:"birth_date_match"`
	// CountryConflict is subtracted when both name countries and they
	// share none; GenderConflict when the genders differ.
	CountryConflict float64 `json:"country_conflict"`
	GenderConflict  float64 `json:"gender_conflict"`
	// WeakAlias multiplies the name score won through a weak alias
	// (entity.WeakAlias) of either side; 0 counts weak aliases in full.
	// OFAC calls the short, broad a.k.a.s it marks weak "relatively
	// broad" names that "generally are less likely to generate a
	// meaningful match" (OFAC FAQ 122), and says a hit on a weak alias
	// alone need not be screened as a hit on a name; other information
	// must bear it out (FAQ 124). At 0.75 an exact weak alias stays
	// below DefaultThreshold unless identifiers, birth dates or another
	// name support it.
	WeakAlias float64 `json:"weak_alias"`
}

// DefaultOptions returns the documented defaults: DefaultThreshold, 10
// results, the redline algorithm and the weights tuned on the development
// sets.
func DefaultOptions() Options {
	return Options{
		Threshold:     DefaultThreshold,
		Limit:         10,
		MinScore:      0.5,
		Algorithm:     Redline,
		Candidates:    16,
		Budget:        2500,
		RetrievalCut:  0.6,
		ReducedFactor: 0.9,
		Weights: Weights{
			MinTokenSim:       0.75,
			Initial:           0.9,
			ExtraToken:        1.0,
			ExtraTokenPerson:  0.3,
			Particle:          0.2,
			Substitution:      0.8,
			Order:             0.7,
			Numbers:           0.3,
			Series:            0.15,
			LegalForm:         0.25,
			IDMatch:           0.9,
			IDConflict:        0.3,
			BirthDateConflict: 0.25,
			BirthDateNear:     0.05,
			BirthDateMatch:    0.03,
			CountryConflict:   0.1,
			GenderConflict:    0.2,
			WeakAlias:         0.75,
		},
	}
}

// withDefaults fills zero fields of o from DefaultOptions.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Limit <= 0 {
		o.Limit = d.Limit
	}
	if o.Candidates <= 0 {
		o.Candidates = d.Candidates
	}
	if o.Budget <= 0 {
		o.Budget = d.Budget
	}
	if o.RetrievalCut <= 0 {
		o.RetrievalCut = d.RetrievalCut
	}
	if o.ReducedFactor <= 0 {
		o.ReducedFactor = d.ReducedFactor
	}
	if o.Algorithm == "" {
		o.Algorithm = Redline
	}
	if o.Weights == (Weights{}) {
		o.Weights = d.Weights
	}
	return o
}

// OptionError says which option is out of range, and what it wants.
type OptionError struct {
	Field string
	Value any
	Want  string
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("match: %s %v: want %s", e.Field, e.Value, e.Want)
}

// Validate checks the ranges of the options that callers set and applies
// their one clamp, so that the CLI, the server and every other caller
// accept the same values: Threshold in (0, 1], MinScore in [0, 1] and
// lowered to Threshold when above it (matches are always returned), Limit
// and Candidates at least 1 when set, Algorithm Redline or OFAC, Ablate
// only known heuristics. It returns an *OptionError for the first field
// out of range.
func (o *Options) Validate() error {
	switch {
	case !(o.Threshold > 0 && o.Threshold <= 1):
		return &OptionError{"threshold", o.Threshold, "a score in (0, 1]"}
	case !(o.MinScore >= 0 && o.MinScore <= 1):
		return &OptionError{"min_score", o.MinScore, "a score in [0, 1]"}
	case o.Limit < 0:
		return &OptionError{"limit", o.Limit, "at least 1"}
	case o.Candidates < 0 || o.Budget < 0:
		return &OptionError{"candidates", o.Candidates, "at least 1"}
	case !(o.RetrievalCut >= 0 && o.RetrievalCut <= 1):
		return &OptionError{"retrieval_cut", o.RetrievalCut, "a share in [0, 1] (0: the default)"}
	case !(o.ReducedFactor >= 0 && o.ReducedFactor <= 1):
		return &OptionError{"reduced_factor", o.ReducedFactor, "a factor in [0, 1] (0: the default)"}
	case o.Algorithm != "" && o.Algorithm != Redline && o.Algorithm != OFAC:
		return &OptionError{"algorithm", o.Algorithm, Redline + " or " + OFAC}
	}
	var known Heuristic
	for _, h := range Heuristics {
		known |= h.H
	}
	if o.Ablate&^known != 0 {
		return &OptionError{"ablate", uint32(o.Ablate), "known heuristics"}
	}
	o.MinScore = min(o.MinScore, o.Threshold)
	return nil
}
