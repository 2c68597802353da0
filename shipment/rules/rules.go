// Package rules holds the red-flag rules that turn a screened shipment into
// a risk score, as data: a JSON file embedded in the binary (default.json,
// documented in README.md) that a user can extend or override with a file of
// the same shape, merged over the default without rebuilding.
//
// A rule is one instance of a built-in kind (the code that knows how to test
// it) with its own weight and parameters, and the official guidance it
// cites. Two rules may share a kind: a user can add a second
// "transshipment_hub" rule with a different country set and weight.
//
// Scoring: each rule that fires contributes weight × factor, where the
// factor is 1 or, for rules scaled by CHPL tier, the tier's factor from the
// Tiers table (Params.NoCHPL when the goods are not on the CHPL), or, for
// listed_party, the match score. A rule firing on several parties counts
// once, with its strongest contribution. The contributions c₁…cₙ (each in
// 0–100) combine as independent signals: risk = 100 × (1 − Π(1 − cᵢ/100)),
// so one strong flag is enough and several weak ones add up without passing
// 100.
package rules

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

//go:embed default.json
var defaultJSON []byte

// Kinds are the rule kinds the engine implements.
var Kinds = []string{
	KindListedParty, KindCHPLGoods, KindDestination, KindTransshipmentHub,
	KindNewCompany, KindForwarderConsignee, KindSharedAddress, KindConcernGoods,
	KindOwnedByListed, KindMilitaryItem,
}

// The rule kinds.
const (
	// KindListedParty fires when a party matches a listed entity.
	KindListedParty = "listed_party"
	// KindCHPLGoods fires when the goods are on the CHPL.
	KindCHPLGoods = "chpl_goods"
	// KindDestination fires when the destination, consignee or end user
	// is in one of the countries.
	KindDestination = "destination"
	// KindTransshipmentHub fires when a party in Params.Roles or the route
	// is in one of the countries; scaled by CHPL tier.
	KindTransshipmentHub = "transshipment_hub"
	// KindNewCompany fires when a party incorporated after Params.After,
	// outside Params.Exempt countries, ships CHPL goods.
	KindNewCompany = "new_company"
	// KindForwarderConsignee fires when the final consignee's name contains
	// one of Params.Keywords.
	KindForwarderConsignee = "forwarder_consignee"
	// KindSharedAddress fires when a party's address is the address of a
	// listed entity.
	KindSharedAddress = "shared_address"
	// KindConcernGoods fires when goods of a concern category go to a party
	// in one of the countries.
	KindConcernGoods = "concern_goods"
	// KindMilitaryItem fires when the goods are a military item on the
	// munitions lists (Wassenaar ML, EU Common Military List, US USML):
	// a licence is required for every destination.
	KindMilitaryItem = "military_item"
	// KindOwnedByListed fires when a party matches an entity that is not
	// itself listed but is blocked by the OFAC 50 Percent Rule (full
	// weight), listed only through a registry-identifier twin (full
	// weight), possibly blocked (× Params.Possible) or owned in part by
	// blocked persons (× Params.Partial).
	KindOwnedByListed = "owned_by_listed"
)

// Levels are the lowest risk of each level; below Low the level is "none".
type Levels struct {
	High   float64 `json:"high"`
	Medium float64 `json:"medium"`
	Low    float64 `json:"low"`
}

// Level returns the level name of a risk score.
func (l Levels) Level(risk float64) string {
	switch {
	case risk >= l.High:
		return "high"
	case risk >= l.Medium:
		return "medium"
	case risk >= l.Low && risk > 0:
		return "low"
	}
	return "none"
}

// Set is a complete rules file: levels, named country sets, CHPL tier
// factors and the rules.
type Set struct {
	// Doc explains the file.
	Doc string `json:"doc,omitempty"`
	// Levels are the thresholds of the risk levels.
	Levels Levels `json:"levels"`
	// Countries are named sets of ISO 3166 alpha-2 codes that rules name
	// with "@name" in Params.Countries or Params.Exempt.
	Countries map[string][]string `json:"countries"`
	// Tiers maps a CHPL tier ("1", "2", "3.A", ...) to the factor that
	// scales rules with Params.ByTier.
	Tiers map[string]float64 `json:"tiers"`
	// Routes is the route model: how much a rule with Params.ByRoute
	// counts, by the riskiest place the goods touch (see RouteModel).
	Routes *RouteModel `json:"routes,omitempty"`
	// Rules are applied in order.
	Rules []Rule `json:"rules"`
}

// RouteModel weights red flags by the diversion risk of a shipment's
// route. A red flag such as "a freight forwarder is the final consignee" is
// a sign of diversion (red-flags.md, rule 6): it matters when the goods
// end near Russia or in a transshipment country, much less when they move
// between coalition partners, whose own export controls bind the
// forwarder. The places of a shipment are its destination, its transit
// countries and the countries of its consignee, notify party and end user;
// each place falls in the first class that lists its country (else
// Other), and the shipment's route factor is the largest factor of its
// places (Other when it names no place).
type RouteModel struct {
	// Doc explains the model.
	Doc string `json:"doc,omitempty"`
	// Classes are tried in order; the first that lists a country wins.
	Classes []RouteClass `json:"classes"`
	// Other is the factor of a place in no class.
	Other float64 `json:"other"`
}

// RouteClass is one class of places of the route model.
type RouteClass struct {
	// Name names the class in evidence ("coalition", "hub", ...).
	Name string `json:"name"`
	// Countries are ISO codes or "@set" references.
	Countries []string `json:"countries"`
	// Factor scales rules with Params.ByRoute (0–1).
	Factor float64 `json:"factor"`
	// Source cites the guidance behind the class's factor.
	Source string `json:"source,omitempty"`
}

// Rule is one red flag.
type Rule struct {
	// ID names the rule in flags and in override files.
	ID string `json:"id"`
	// Kind is the built-in test the rule applies (see Kinds).
	Kind string `json:"kind"`
	// Description says in one line what fires the rule.
	Description string `json:"description"`
	// Source cites the guidance in red-flags.md the rule comes from.
	Source string `json:"source"`
	// Doc explains the rule and its parameters.
	Doc string `json:"doc,omitempty"`
	// Weight is the contribution (0–100) of the rule at full strength.
	Weight float64 `json:"weight"`
	// Disabled turns the rule off.
	Disabled bool `json:"disabled,omitempty"`
	// Params are the kind's parameters.
	Params Params `json:"params"`
}

// Params are the parameters of a rule; each kind reads the ones it needs.
type Params struct {
	// Roles are the party roles tested: shipper, consignee, notify,
	// end_user. Empty means all.
	Roles []string `json:"roles,omitempty"`
	// Countries are ISO codes or "@set" references.
	Countries []string `json:"countries,omitempty"`
	// Route also tests the origin-to-destination route (transit countries).
	Route bool `json:"route,omitempty"`
	// Destination also tests the destination country.
	Destination bool `json:"destination,omitempty"`
	// MinScore is the lowest match score (0–1) that counts as listed.
	MinScore float64 `json:"min_score,omitempty"`
	// Keywords are name fragments, matched case-insensitively.
	Keywords []string `json:"keywords,omitempty"`
	// FinalOnly tests only the final consignee: the end user when given,
	// else the consignee.
	FinalOnly bool `json:"final_only,omitempty"`
	// After is a date (YYYY-MM-DD); incorporation after it fires.
	After string `json:"after,omitempty"`
	// Exempt are countries (codes or "@set") whose parties do not fire.
	Exempt []string `json:"exempt,omitempty"`
	// Concerns are goods concern categories (uav, engines, ew, ...).
	Concerns []string `json:"concerns,omitempty"`
	// ByTier scales the weight by the CHPL tier factor.
	ByTier bool `json:"by_tier,omitempty"`
	// NoCHPL is the factor used by ByTier rules when the goods are not on
	// the CHPL (0 means the rule does not fire).
	NoCHPL float64 `json:"no_chpl,omitempty"`
	// ByRoute scales the weight by the route factor of the shipment
	// (Set.Routes): the diversion risk of the places the goods touch.
	ByRoute bool `json:"by_route,omitempty"`
	// RequireCHPL fires the rule only for CHPL goods.
	RequireCHPL bool `json:"require_chpl,omitempty"`
	// SkipDatasets are datasets whose entities are not listed parties
	// (enrichment data such as OpenSanctions' ext_ company registries, or
	// redline's synthetic demo ownership data): listed_party ignores hits
	// on them. A trailing "*" matches a prefix.
	SkipDatasets []string `json:"skip_datasets,omitempty"`
	// Possible is the factor of owned_by_listed for an entity that is only
	// possibly blocked (blocked if every unclear share is at its upper
	// bound); 0 means it does not fire.
	Possible float64 `json:"possible,omitempty"`
	// Partial is the factor of owned_by_listed for an entity owned in part
	// (below the threshold) by blocked persons; it is scaled by the share
	// over the threshold, so 25% of 50% gives Partial/2. 0 means it does
	// not fire.
	Partial float64 `json:"partial,omitempty"`
}

// Default returns the embedded default rules.
func Default() *Set {
	s, err := Parse(defaultJSON)
	if err != nil {
		panic("rules: embedded default.json: " + err.Error()) // a build error, caught by tests
	}
	return s
}

// DefaultJSON returns the embedded default rules file.
func DefaultJSON() []byte { return slices.Clone(defaultJSON) }

// Parse reads a complete rules file and validates it.
func Parse(data []byte) (*Set, error) {
	var s Set
	if err := decode(data, &s); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Load reads the default rules and, when path is not empty, merges the
// user's file over them (see Merge).
func Load(path string) (*Set, error) {
	s := Default()
	if path == "" {
		return s, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if err := s.Merge(data); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", path, err)
	}
	return s, nil
}

// Merge overlays a user rules file on s. Fields present in the file
// replace those of s: levels one by one, country sets and tier factors by
// name, rules by id and field by field (a rule with a new id is added and
// must name its kind). Fields absent keep their value.
func (s *Set) Merge(data []byte) error {
	var top struct {
		Doc       *string             `json:"doc"`
		Levels    json.RawMessage     `json:"levels"`
		Countries map[string][]string `json:"countries"`
		Tiers     map[string]float64  `json:"tiers"`
		Routes    *RouteModel         `json:"routes"`
		Rules     []json.RawMessage   `json:"rules"`
	}
	if err := decode(data, &top); err != nil {
		return err
	}
	if len(top.Levels) > 0 {
		if err := decode(top.Levels, &s.Levels); err != nil {
			return fmt.Errorf("levels: %w", err)
		}
	}
	if s.Countries == nil {
		s.Countries = map[string][]string{}
	}
	for k, v := range top.Countries {
		s.Countries[k] = v
	}
	if s.Tiers == nil {
		s.Tiers = map[string]float64{}
	}
	for k, v := range top.Tiers {
		s.Tiers[k] = v
	}
	if top.Routes != nil {
		s.Routes = top.Routes
	}
	for i, raw := range top.Rules {
		var id struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &id); err != nil || id.ID == "" {
			return fmt.Errorf("rules[%d]: a rule needs an id", i)
		}
		j := slices.IndexFunc(s.Rules, func(r Rule) bool { return r.ID == id.ID })
		if j < 0 {
			var r Rule
			if err := decode(raw, &r); err != nil {
				return fmt.Errorf("rules[%d] %s: %w", i, id.ID, err)
			}
			s.Rules = append(s.Rules, r)
			continue
		}
		r := s.Rules[j]
		if err := decode(raw, &r); err != nil {
			return fmt.Errorf("rules[%d] %s: %w", i, id.ID, err)
		}
		s.Rules[j] = r
	}
	return s.Validate()
}

func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(data, se.Offset)
			return fmt.Errorf("line %d, column %d: %w", line, col, err)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			line, col := position(data, te.Offset)
			return fmt.Errorf("line %d, column %d: %w", line, col, err)
		}
		return err
	}
	return nil
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Validate checks that every rule has a known kind, a unique id, a weight
// in 0–100 and parameters the kind can use.
func (s *Set) Validate() error {
	if !(s.Levels.High >= s.Levels.Medium && s.Levels.Medium >= s.Levels.Low && s.Levels.Low >= 0 && s.Levels.High <= 100) {
		return fmt.Errorf("levels must satisfy 0 <= low <= medium <= high <= 100, got %+v", s.Levels)
	}
	if err := s.validateRoutes(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, r := range s.Rules {
		if r.ID == "" {
			return fmt.Errorf("a rule has no id")
		}
		if seen[r.ID] {
			return fmt.Errorf("rule %s: duplicate id", r.ID)
		}
		seen[r.ID] = true
		if !slices.Contains(Kinds, r.Kind) {
			return fmt.Errorf("rule %s: unknown kind %q (known: %s)", r.ID, r.Kind, strings.Join(Kinds, ", "))
		}
		if r.Weight < 0 || r.Weight > 100 {
			return fmt.Errorf("rule %s: weight %v outside 0-100", r.ID, r.Weight)
		}
		if r.Source == "" {
			return fmt.Errorf("rule %s: no source cited", r.ID)
		}
		if r.Params.Possible < 0 || r.Params.Possible > 1 || r.Params.Partial < 0 || r.Params.Partial > 1 {
			return fmt.Errorf("rule %s: possible and partial are factors in 0-1", r.ID)
		}
		if r.Params.ByRoute && s.Routes == nil {
			return fmt.Errorf("rule %s: by_route needs a route model (\"routes\")", r.ID)
		}
		if r.Params.After != "" {
			if _, err := time.Parse("2006-01-02", r.Params.After); err != nil {
				return fmt.Errorf("rule %s: after: %w", r.ID, err)
			}
		}
		for _, role := range r.Params.Roles {
			if !slices.Contains([]string{"shipper", "consignee", "notify", "end_user"}, role) {
				return fmt.Errorf("rule %s: unknown role %q", r.ID, role)
			}
		}
		if err := s.checkCountries(append(slices.Clone(r.Params.Countries), r.Params.Exempt...)); err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
	}
	return nil
}

func (s *Set) checkCountries(list []string) error {
	for _, c := range list {
		if name, ok := strings.CutPrefix(c, "@"); ok {
			if _, ok := s.Countries[name]; !ok {
				return fmt.Errorf("unknown country set %q", c)
			}
		} else if len(c) != 2 {
			return fmt.Errorf("%q is not an ISO 3166 alpha-2 code or @set", c)
		}
	}
	return nil
}

func (s *Set) validateRoutes() error {
	m := s.Routes
	if m == nil {
		return nil
	}
	if m.Other < 0 || m.Other > 1 {
		return fmt.Errorf("routes: other %v outside 0-1", m.Other)
	}
	for i, c := range m.Classes {
		if c.Name == "" {
			return fmt.Errorf("routes: class %d has no name", i)
		}
		if c.Factor < 0 || c.Factor > 1 {
			return fmt.Errorf("routes: class %s: factor %v outside 0-1", c.Name, c.Factor)
		}
		if err := s.checkCountries(c.Countries); err != nil {
			return fmt.Errorf("routes: class %s: %w", c.Name, err)
		}
	}
	return nil
}

// Expand resolves country codes and "@set" references into a set of
// upper-case codes.
func (s *Set) Expand(list []string) map[string]bool {
	out := map[string]bool{}
	for _, c := range list {
		if name, ok := strings.CutPrefix(c, "@"); ok {
			for _, x := range s.Countries[name] {
				out[strings.ToUpper(x)] = true
			}
			continue
		}
		out[strings.ToUpper(c)] = true
	}
	return out
}

// Clone returns a deep copy of the set, so that a caller may change
// thresholds without touching a set others hold.
func (s *Set) Clone() *Set {
	c := *s
	c.Countries = make(map[string][]string, len(s.Countries))
	for k, v := range s.Countries {
		c.Countries[k] = slices.Clone(v)
	}
	c.Tiers = maps.Clone(s.Tiers)
	c.Rules = slices.Clone(s.Rules)
	for i := range c.Rules {
		p := &c.Rules[i].Params
		p.Roles = slices.Clone(p.Roles)
		p.Countries = slices.Clone(p.Countries)
		p.Keywords = slices.Clone(p.Keywords)
		p.Exempt = slices.Clone(p.Exempt)
		p.Concerns = slices.Clone(p.Concerns)
		p.SkipDatasets = slices.Clone(p.SkipDatasets)
	}
	return &c
}
