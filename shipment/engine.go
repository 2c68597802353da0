package shipment

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/goods"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/shipment/rules"
)

// Hit is a listed entity that a party matched.
type Hit struct {
	EntityID string `json:"entity_id"`
	Caption  string `json:"caption"`
	Dataset  string `json:"dataset,omitempty"`
	// Datasets are all the lists the entity is on, when it is on several
	// (OpenSanctions data); nil means [Dataset].
	Datasets []string `json:"datasets,omitempty"`
	Score    float64  `json:"score"` // 0–1
	// Matched is the listed name that matched, when the screener says.
	Matched string `json:"matched,omitempty"`
}

// PartyScreener screens one party (name and ISO country, which may be "")
// against the lists and returns its hits, best first, or an error (a
// cancelled context) when it could not screen.
type PartyScreener interface {
	ScreenParty(ctx context.Context, name, country string) ([]Hit, error)
}

// Goods is the classification of a shipment's goods.
type Goods struct {
	HSCode    string `json:"hs_code,omitempty"`    // 6 digits
	HSHeading string `json:"hs_heading,omitempty"` // 4 digits
	CHPLTier  string `json:"chpl_tier,omitempty"`  // "1", "2", "3.A", ... or ""
	Concern   string `json:"concern,omitempty"`    // "uav", "ew", ... or ""
	// Military is the munitions-list category of a military item
	// ("ML10"), "" for other goods; MilitaryList names the lists'
	// categories ("Wassenaar/EU ML10, USML VIII, XIX").
	Military     string   `json:"military,omitempty"`
	MilitaryList string   `json:"military_list,omitempty"`
	Confidence   float64  `json:"confidence,omitempty"`
	Evidence     []string `json:"evidence,omitempty"`
}

// GoodsClassifier classifies goods from a description and an HS code
// (either may be empty).
type GoodsClassifier interface {
	ClassifyGoods(description, hsCode string) Goods
}

// Flag is one rule that fired on a shipment, with what fired it.
type Flag struct {
	// Rule is the rule id, Source the guidance it cites.
	Rule   string `json:"rule"`
	Source string `json:"source"`
	// Score is the rule's contribution to the risk (0–100).
	Score float64 `json:"score"`
	// Role, Party and Country name the party (or "destination"/"route"
	// and the country) that fired the rule.
	Role    string `json:"role,omitempty"`
	Party   string `json:"party,omitempty"`
	Country string `json:"country,omitempty"`
	// EntityID, EntityCaption, Dataset and MatchScore name the listed
	// entity matched (listed_party, shared_address).
	EntityID      string  `json:"entity_id,omitempty"`
	EntityCaption string  `json:"entity_caption,omitempty"`
	Dataset       string  `json:"dataset,omitempty"`
	MatchScore    float64 `json:"match_score,omitempty"`
	// Ownership, OwnershipShare and OwnershipPaths say, for
	// owned_by_listed, where the matched entity stands under the OFAC 50
	// Percent Rule ("blocked", "same_as", "possible" or "partial"), the
	// share blocked persons own of it and the ownership chains from the
	// designated owners down to it.
	Ownership      string   `json:"ownership,omitempty"`
	OwnershipShare float64  `json:"ownership_share,omitempty"`
	OwnershipPaths []string `json:"ownership_paths,omitempty"`
	// HSCode, Tier and Concern describe the goods.
	HSCode  string `json:"hs_code,omitempty"`
	Tier    string `json:"chpl_tier,omitempty"`
	Concern string `json:"concern,omitempty"`
	// Evidence says in words what fired the rule.
	Evidence string `json:"evidence"`
}

// Assessment is the verdict on one shipment.
type Assessment struct {
	ShipmentID string `json:"shipment_id"`
	Line       int    `json:"line"`
	// Risk is 0–100; Level is high, medium, low or none.
	Risk  int    `json:"risk"`
	Level string `json:"level"`
	Flags []Flag `json:"flags"`
	// Goods is the goods' classification.
	Goods Goods `json:"goods"`
	// Planted is copied from the shipment (demo data).
	Planted string `json:"planted,omitempty"`
	// Shipment is the assessed record.
	Shipment *Shipment `json:"-"`
}

// Options configure an Engine.
type Options struct {
	// Rules are the red-flag rules; nil means rules.Default().
	Rules *rules.Set
	// Parties screens parties; nil disables the listed_party rules.
	Parties PartyScreener
	// Goods classifies goods; nil disables the goods rules.
	Goods GoodsClassifier
	// Addresses holds the listed parties' addresses; nil disables the
	// shared_address rules.
	Addresses *AddressIndex
	// Ownership gives the 50% rule's verdicts on listed-lists entities;
	// nil, or a graph without ownership links or identifier twins,
	// disables the owned_by_listed rules (Inactive says so).
	Ownership Ownership
	// Workers is the number of goroutines of Run (0: GOMAXPROCS).
	Workers int
	// CacheSize bounds each of the party and goods caches, in entries
	// (0: 1<<18). The caches keep memory bounded on any input.
	CacheSize int
}

// Engine applies the rules to shipments. It is safe for concurrent use.
type Engine struct {
	opts        Options
	rules       []compiled
	levels      rules.Levels
	tiers       map[string]float64
	routes      []routeClass // the route model's classes, expanded
	routeOther  float64
	needParties bool
	ownRule     bool // an owned_by_listed rule is enabled
	ownData     bool // Ownership has data to apply it

	parties *cache[[]Hit]
	owned   *cache[standing]
	goods   *cache[Goods]
	addrs   *cache[addrHit]
}

// routeClass is a class of the route model with its countries expanded.
type routeClass struct {
	name      string
	countries map[string]bool
	factor    float64
}

type addrHit struct {
	la ListedAddress
	ok bool
}

type compiled struct {
	rules.Rule
	roles     map[Role]bool // nil: all roles
	countries map[string]bool
	exempt    map[string]bool
	keywords  []string
	concerns  map[string]bool
	after     string
}

// New compiles the rules into an Engine.
func New(opts Options) (*Engine, error) {
	set := opts.Rules
	if set == nil {
		set = rules.Default()
	}
	if err := set.Validate(); err != nil {
		return nil, fmt.Errorf("shipment: rules: %w", err)
	}
	size := opts.CacheSize
	if size <= 0 {
		size = 1 << 18
	}
	e := &Engine{opts: opts, levels: set.Levels, tiers: set.Tiers, parties: newCache[[]Hit](size), goods: newCache[Goods](size), addrs: newCache[addrHit](size), owned: newCache[standing](size)}
	e.ownData = hasOwnershipData(opts.Ownership)
	if m := set.Routes; m != nil {
		e.routeOther = m.Other
		for _, c := range m.Classes {
			e.routes = append(e.routes, routeClass{name: c.Name, countries: set.Expand(c.Countries), factor: c.Factor})
		}
	}
	for _, r := range set.Rules {
		if r.Disabled {
			continue
		}
		c := compiled{Rule: r, countries: set.Expand(r.Params.Countries), exempt: set.Expand(r.Params.Exempt), after: r.Params.After}
		if len(r.Params.Roles) > 0 {
			c.roles = map[Role]bool{}
			for _, x := range r.Params.Roles {
				c.roles[Role(x)] = true
			}
		}
		for _, k := range r.Params.Keywords {
			c.keywords = append(c.keywords, strings.ToLower(k))
		}
		c.concerns = map[string]bool{}
		for _, k := range r.Params.Concerns {
			c.concerns[k] = true
		}
		if r.Kind == rules.KindListedParty || r.Kind == rules.KindOwnedByListed {
			e.needParties = true
		}
		if r.Kind == rules.KindOwnedByListed {
			e.ownRule = true
		}
		e.rules = append(e.rules, c)
	}
	return e, nil
}

func (c *compiled) hasRole(r Role) bool { return c.roles == nil || c.roles[r] }

// Assess screens one shipment and applies the rules. An error of the party
// screener (a cancelled context) is returned: the assessment would lack
// the listed-party flags.
func (e *Engine) Assess(ctx context.Context, s *Shipment) (*Assessment, error) {
	a := &Assessment{ShipmentID: s.ID, Line: s.Line, Planted: s.Planted, Shipment: s, Flags: []Flag{}}
	if e.opts.Goods != nil && (s.Description != "" || s.HSCode != "") {
		key := s.Description + "\x00" + s.HSCode
		g, ok := e.goods.get(key)
		if !ok {
			g = e.opts.Goods.ClassifyGoods(s.Description, s.HSCode)
			e.goods.put(key, g)
		}
		a.Goods = g
	}
	var hits [][]Hit
	if e.needParties && e.opts.Parties != nil {
		hits = make([][]Hit, len(s.Parties))
		for i, p := range s.Parties {
			if p.Name == "" {
				continue
			}
			key := p.Name + "\x00" + p.Country
			h, ok := e.parties.get(key)
			if !ok {
				var err error
				if h, err = e.opts.Parties.ScreenParty(ctx, p.Name, p.Country); err != nil {
					return nil, fmt.Errorf("shipment %s: party %q: %w", s.ID, p.Name, err)
				}
				e.parties.put(key, h)
			}
			hits[i] = h
		}
	}
	keep := 1.0
	for i := range e.rules {
		r := &e.rules[i]
		best := 0.0
		for _, f := range e.apply(r, s, a.Goods, hits) {
			f.Rule, f.Source = r.ID, r.Source
			f.Score = math.Round(f.Score*10) / 10
			if f.Score <= 0 {
				continue
			}
			a.Flags = append(a.Flags, f)
			best = max(best, f.Score)
		}
		keep *= 1 - min(best, 100)/100
	}
	a.Risk = int(math.Round(100 * (1 - keep)))
	a.Level = e.levels.Level(float64(a.Risk))
	slices.SortStableFunc(a.Flags, func(x, y Flag) int { return cmp.Compare(y.Score, x.Score) })
	return a, nil
}

// factor is the strength of a rule for these goods: 1, or the tier factor
// for by_tier rules (NoCHPL when the goods are not on the CHPL).
func (e *Engine) factor(r *compiled, g Goods) float64 {
	if r.Params.RequireCHPL && g.CHPLTier == "" {
		return 0
	}
	if !r.Params.ByTier {
		return 1
	}
	if g.CHPLTier == "" {
		return r.Params.NoCHPL
	}
	if f, ok := e.tiers[g.CHPLTier]; ok {
		return f
	}
	return 1
}

func goodsWords(g Goods) string {
	if g.HSCode == "" {
		return "goods"
	}
	s := "HS " + g.HSCode
	if g.CHPLTier != "" {
		s += " (CHPL Tier " + g.CHPLTier + ")"
	}
	if g.Concern != "" {
		s += " [" + g.Concern + "]"
	}
	return s
}

// routeFactor is the route model's factor of a shipment: the largest
// factor of the places its goods touch (destination, transit countries,
// the countries of its consignee, notify party and end user), with the
// place that decided it (what: "destination", "transit" or the role; its
// country; its class, "" for other). It allocates nothing: words are made
// only for a flag that fires.
func (e *Engine) routeFactor(s *Shipment) (f float64, what, country, class string) {
	best := -1.0
	consider := func(w, c string) {
		if c == "" {
			return
		}
		fc, name := e.routeOther, ""
		for i := range e.routes {
			if e.routes[i].countries[c] {
				fc, name = e.routes[i].factor, e.routes[i].name
				break
			}
		}
		if fc > best {
			best, what, country, class = fc, w, c, name
		}
	}
	consider("destination", s.Destination)
	for _, c := range s.Route {
		consider("transit", c)
	}
	for _, p := range s.Parties {
		if p.Role != Shipper {
			consider(string(p.Role), p.Country)
		}
	}
	if best < 0 {
		return e.routeOther, "", "", ""
	}
	return best, what, country, class
}

func (e *Engine) apply(r *compiled, s *Shipment, g Goods, hits [][]Hit) []Flag {
	f := e.factor(r, g)
	if f <= 0 {
		return nil
	}
	out := e.applyKind(r, s, g, hits, r.Weight*f)
	if !r.Params.ByRoute || len(out) == 0 {
		return out
	}
	rf, what, c, class := e.routeFactor(s)
	if rf <= 0 {
		return nil
	}
	words := "no place given"
	if what != "" {
		if class == "" {
			class = "other"
		}
		words = what + " " + c + " in " + class
	}
	for i := range out {
		out[i].Score *= rf
		out[i].Evidence += fmt.Sprintf("; route factor %.2f (%s)", rf, words)
	}
	return out
}

// applyKind tests one rule's kind with the rule's weight w (already scaled
// by tier) and returns its flags; apply scales them by the route.
func (e *Engine) applyKind(r *compiled, s *Shipment, g Goods, hits [][]Hit, w float64) []Flag {
	goodsFlag := Flag{HSCode: g.HSCode, Tier: g.CHPLTier, Concern: g.Concern}
	switch r.Kind {
	case rules.KindListedParty:
		var out []Flag
		for i, p := range s.Parties {
			if hits == nil || !r.hasRole(p.Role) || len(hits[i]) == 0 {
				continue
			}
			// The best hit on a listed party: hits come best first, and
			// those on unlisted entities (skip_datasets, or blocked only
			// by the 50% rule) are passed over.
			j := slices.IndexFunc(hits[i], func(h Hit) bool {
				return !skipAll(r.Params.SkipDatasets, h) && !e.deferToOwnership(h)
			})
			if j < 0 || hits[i][j].Score < r.Params.MinScore {
				continue
			}
			h := hits[i][j]
			fl := goodsFlag
			fl.Score, fl.Role, fl.Party, fl.Country = w*h.Score, string(p.Role), p.Name, p.Country
			fl.EntityID, fl.EntityCaption, fl.Dataset, fl.MatchScore = h.EntityID, h.Caption, h.Dataset, h.Score
			fl.Evidence = fmt.Sprintf("%s %q matches listed %q (%s, %s) with score %.2f", p.Role, p.Name, h.Caption, h.EntityID, h.Dataset, h.Score)
			if h.Matched != "" && h.Matched != h.Caption {
				fl.Evidence += fmt.Sprintf(" through its name %q", h.Matched)
			}
			out = append(out, fl)
		}
		return out
	case rules.KindOwnedByListed:
		return e.ownedByListed(r, s, goodsFlag, w, hits)
	case rules.KindCHPLGoods:
		if g.CHPLTier == "" {
			return nil
		}
		fl := goodsFlag
		fl.Score = w
		fl.Evidence = fmt.Sprintf("%s is on the CHPL, Tier %s", goodsWords(g), g.CHPLTier)
		if len(g.Evidence) > 0 {
			fl.Evidence += "; classified by " + strings.Join(g.Evidence, ", ")
		}
		return []Flag{fl}
	case rules.KindDestination, rules.KindTransshipmentHub:
		role, name, c, ok := e.place(r, s)
		if !ok {
			return nil
		}
		fl := goodsFlag
		fl.Score, fl.Role, fl.Party, fl.Country = w, role, name, c
		fl.Evidence = fmt.Sprintf("%s %s is in %s, on the rule's list of %s; %s", role, quoteOr(name), c, countryWords(r.Params.Countries), goodsWords(g))
		return []Flag{fl}
	case rules.KindMilitaryItem:
		if g.Military == "" {
			return nil
		}
		fl := goodsFlag
		fl.Score = w
		fl.Evidence = fmt.Sprintf("%s (%s); %s", goods.MilitaryVerdict, g.MilitaryList, goodsWords(g))
		return []Flag{fl}
	case rules.KindConcernGoods:
		if g.Concern == "" || !r.concerns[g.Concern] {
			return nil
		}
		role, name, c, ok := e.place(r, s)
		if !ok {
			return nil
		}
		fl := goodsFlag
		fl.Score, fl.Role, fl.Party, fl.Country = w, role, name, c
		fl.Evidence = fmt.Sprintf("goods of concern %q (%s) to %s %s in %s", g.Concern, goodsWords(g), role, quoteOr(name), c)
		return []Flag{fl}
	case rules.KindNewCompany:
		var out []Flag
		for _, p := range s.Parties {
			if !r.hasRole(p.Role) || p.Incorporated == "" || p.Incorporated <= r.after || r.exempt[p.Country] {
				continue
			}
			fl := goodsFlag
			fl.Score, fl.Role, fl.Party, fl.Country = w, string(p.Role), p.Name, p.Country
			fl.Evidence = fmt.Sprintf("%s %s incorporated %s, after %s; %s", p.Role, partyWords(p), p.Incorporated, r.after, goodsWords(g))
			out = append(out, fl)
		}
		return out
	case rules.KindForwarderConsignee:
		var cands []*Party
		if r.Params.FinalOnly {
			if p := s.Party(EndUser); p != nil && p.Name != "" {
				cands = append(cands, p)
			} else if p := s.Party(Consignee); p != nil && p.Name != "" {
				cands = append(cands, p)
			}
		} else {
			for i := range s.Parties {
				if r.hasRole(s.Parties[i].Role) {
					cands = append(cands, &s.Parties[i])
				}
			}
		}
		for _, p := range cands {
			low := strings.ToLower(p.Name)
			for _, k := range r.keywords {
				if strings.Contains(low, k) {
					fl := goodsFlag
					fl.Score, fl.Role, fl.Party, fl.Country = w, string(p.Role), p.Name, p.Country
					fl.Evidence = fmt.Sprintf("final consignee %q names itself %q; %s", p.Name, k, goodsWords(g))
					return []Flag{fl}
				}
			}
		}
		return nil
	case rules.KindSharedAddress:
		if e.opts.Addresses == nil {
			return nil
		}
		var out []Flag
		for i, p := range s.Parties {
			if !r.hasRole(p.Role) || p.Address == "" {
				continue
			}
			ah, cached := e.addrs.get(p.Address)
			if !cached {
				ah.la, ah.ok = e.opts.Addresses.Lookup(p.Address)
				e.addrs.put(p.Address, ah)
			}
			la, ok := ah.la, ah.ok
			if !ok || sameName(la.Caption, p.Name) || (hits != nil && slices.ContainsFunc(hits[i], func(h Hit) bool { return h.EntityID == la.EntityID })) {
				continue // a listed party at its own address is listed_party's business
			}
			fl := goodsFlag
			fl.Score, fl.Role, fl.Party, fl.Country = w, string(p.Role), p.Name, p.Country
			fl.EntityID, fl.EntityCaption, fl.Dataset = la.EntityID, la.Caption, la.Dataset
			fl.Evidence = fmt.Sprintf("%s %q gives the address %q of listed %q (%s)", p.Role, p.Name, p.Address, la.Caption, la.EntityID)
			out = append(out, fl)
		}
		return out
	}
	return nil
}

// skipDataset reports whether ds is one of the datasets (a trailing "*"
// matching a prefix).
// skipAll reports whether every list the hit's entity is on is skipped: an
// entity also on one list that is not skipped counts as listed.
func skipAll(skip []string, h Hit) bool {
	if len(h.Datasets) == 0 {
		return skipDataset(skip, h.Dataset)
	}
	for _, ds := range h.Datasets {
		if !skipDataset(skip, ds) {
			return false
		}
	}
	return true
}

func skipDataset(datasets []string, ds string) bool {
	for _, d := range datasets {
		if p, ok := strings.CutSuffix(d, "*"); ok && strings.HasPrefix(ds, p) || d == ds {
			return true
		}
	}
	return false
}

// partyWords names a party in evidence: "Name" (CC), or what is known.
func partyWords(p Party) string {
	name := "(no name given)"
	if p.Name != "" {
		name = fmt.Sprintf("%q", p.Name)
	}
	if p.Country != "" {
		name += " (" + p.Country + ")"
	}
	return name
}

// countryWords names a rule's countries for evidence: country sets by
// name ("@hubs" → "transshipment hubs"), codes as they are.
func countryWords(list []string) string {
	if len(list) == 1 {
		return countryWord(list[0])
	}
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = countryWord(c)
	}
	return strings.Join(out, ", ")
}

// setWords name the default country sets in evidence.
var setWords = map[string]string{"hubs": "transshipment hubs", "russia": "Russia and Belarus", "coalition": "coalition countries"}

func countryWord(c string) string {
	if set, ok := strings.CutPrefix(c, "@"); ok {
		if n, ok := setWords[set]; ok {
			return n
		}
		return "countries " + strconv.Quote(set)
	}
	return c
}

func quoteOr(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf("%q", name)
}

// place finds the first party (in the rule's roles), destination or route
// country in the rule's countries.
func (e *Engine) place(r *compiled, s *Shipment) (role, name, country string, ok bool) {
	for _, p := range s.Parties {
		if r.hasRole(p.Role) && r.countries[p.Country] {
			return string(p.Role), p.Name, p.Country, true
		}
	}
	if r.Params.Destination && r.countries[s.Destination] {
		return "destination", "", s.Destination, true
	}
	if r.Params.Route {
		for _, c := range s.Route {
			if r.countries[c] {
				return "route", "", c, true
			}
		}
	}
	return "", "", "", false
}

// foldName folds a party name for caching: lower case, letters and digits,
// single spaces.
func foldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

func sameName(a, b string) bool { return foldName(a) == foldName(b) }

// cache is a bounded concurrent map in shards; a full shard is emptied
// (cheaper than LRU bookkeeping, and realistic data is dominated by a few
// thousand repeated keys that refill at once).
type cache[V any] struct {
	shards [32]struct {
		sync.Mutex
		m map[string]V
	}
	max int
}

func newCache[V any](size int) *cache[V] {
	c := &cache[V]{max: max(size/32, 1)}
	for i := range c.shards {
		c.shards[i].m = map[string]V{}
	}
	return c
}

func (c *cache[V]) shard(k string) int {
	var h uint32 = 2166136261
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return int(h % 32)
}

func (c *cache[V]) get(k string) (V, bool) {
	s := &c.shards[c.shard(k)]
	s.Lock()
	v, ok := s.m[k]
	s.Unlock()
	return v, ok
}

func (c *cache[V]) put(k string, v V) {
	s := &c.shards[c.shard(k)]
	s.Lock()
	if len(s.m) >= c.max {
		clear(s.m)
	}
	s.m[k] = v
	s.Unlock()
}

// ListedAddress is an address of a listed entity.
type ListedAddress struct {
	EntityID, Caption, Dataset, Address string
}

// AddressIndex finds listed entities by address, comparing addresses
// folded to their sorted set of words (case, punctuation and word order
// ignored).
type AddressIndex struct {
	m map[string]ListedAddress
}

// NewAddressIndex indexes the addresses of the given entities (the address
// property of parties; Address entities are not joined). Addresses of fewer
// than three words are not indexed: "Moscow" is not an address to share.
func NewAddressIndex(ctx context.Context, entities iter.Seq2[*entity.Entity, error]) (*AddressIndex, error) {
	ix := &AddressIndex{m: map[string]ListedAddress{}}
	for e, err := range entities {
		if err != nil {
			return nil, fmt.Errorf("shipment: indexing addresses: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, a := range e.Get(entity.Address) {
			for _, k := range addressKeys(a) {
				if strings.Count(k, " ") < 2 {
					continue
				}
				if _, dup := ix.m[k]; !dup {
					ix.m[k] = ListedAddress{EntityID: e.ID, Caption: e.Caption(), Dataset: e.Dataset, Address: a}
				}
			}
		}
	}
	return ix, nil
}

// Len returns the number of indexed addresses.
func (ix *AddressIndex) Len() int { return len(ix.m) }

// Lookup returns the listed entity at an address.
func (ix *AddressIndex) Lookup(address string) (ListedAddress, bool) {
	for _, k := range addressKeys(address) {
		if la, ok := ix.m[k]; ok {
			return la, true
		}
	}
	return ListedAddress{}, false
}

// addressKeys returns the folded address and, when its last
// comma-separated part is a country ("..., Hong Kong, China"), the folded
// address without it: declarations often leave the country out.
func addressKeys(a string) []string {
	keys := []string{foldAddress(a)}
	if i := strings.LastIndexByte(a, ','); i > 0 {
		if _, ok := country.Code(a[i+1:]); ok {
			keys = append(keys, foldAddress(a[:i]))
		}
	}
	return keys
}

func foldAddress(a string) string {
	words := strings.Fields(foldName(a))
	slices.Sort(words)
	return strings.Join(slices.Compact(words), " ")
}
