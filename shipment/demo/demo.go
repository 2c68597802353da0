// Package demo generates a realistic, seeded sample of shipments: clean
// trade between many countries with many repeated parties, plus evasion
// patterns planted at a known rate, each recorded in the "planted" column
// so that a test can measure recall per pattern and the false-alarm rate on
// clean trade.
//
// Clean trade is civilian goods between any of 34 countries (transshipment
// hubs included), and CHPL goods only between coalition countries. The
// planted patterns, one per red-flag rule of the default rules file:
//
//	listed_party        a listed party (from the imported lists) as consignee, shipper, notify party or end user
//	destination_russia  goods to a consignee in Russia or Belarus
//	hub_consignee       CHPL goods to a consignee in a transshipment hub
//	hub_route           CHPL goods to a third country routed through a hub
//	new_company         CHPL goods to a company incorporated after 24 Feb 2022 outside the coalition
//	forwarder_consignee CHPL goods to a freight forwarder or trading house outside the coalition as final consignee
//	shared_address      an unlisted company at the address of a listed party
//	concern_goods       drones, aircraft engines or jammers to a Russian or hub party
//	owned_by_listed     an unlisted company blocked by the OFAC 50 Percent Rule (from the
//	                    ownership data of the lists, e.g. the embedded synthetic ownership
//	                    file) as consignee or end user
package demo

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
)

// Patterns are the planted pattern names, in the order of the package doc.
var Patterns = []string{"listed_party", "destination_russia", "hub_consignee", "hub_route", "new_company", "forwarder_consignee", "shared_address", "concern_goods", "owned_by_listed"}

// Listed is a listed party the generator can plant.
type Listed struct {
	ID, Name, Country, Address string
}

// Options configure the generator. Rows and Listed are required.
type Options struct {
	// Rows is the number of shipments.
	Rows int
	// Seed makes the sample reproducible.
	Seed uint64
	// Listed are the listed parties to plant (at least one with an
	// address for the shared_address pattern).
	Listed []Listed
	// PlantedRate is the share of planted rows (default 0.04), spread
	// evenly over the patterns.
	PlantedRate float64
	// Parties is the size of the clean party pool (default 3000): the
	// fewer, the more each repeats.
	Parties int
	// Owned are unlisted parties blocked by the 50% rule, for the
	// owned_by_listed pattern (see OwnedFrom); without them that pattern
	// is not planted (the rows stay clean).
	Owned []Listed
}

// Verdicts gives the OFAC 50 Percent Rule's verdict on an entity;
// *ownership.Graph is one.
type Verdicts interface {
	Blocked(id string) ownership.Result
}

// OwnedFrom picks the plantable parties for the owned_by_listed pattern:
// companies and organisations with a name that are not listed but are
// blocked by the rule, at most max.
func OwnedFrom(ctx context.Context, entities iter.Seq2[*entity.Entity, error], v Verdicts, max int) ([]Listed, error) {
	var out []Listed
	for e, err := range entities {
		if err != nil {
			return nil, fmt.Errorf("demo: reading lists: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(out) >= max {
			break
		}
		if e.Schema != entity.Company && e.Schema != entity.Organisation && e.Schema != entity.LegalEntity {
			continue
		}
		name := e.First(entity.Name)
		if name == "" || len([]rune(name)) < 6 {
			continue
		}
		if r := v.Blocked(e.ID); !r.Found || r.Listed || !r.Blocked {
			continue
		}
		l := Listed{ID: e.ID, Name: name, Country: e.First(entity.Country), Address: e.First(entity.Address)}
		if c, ok := country.Code(l.Country); ok {
			l.Country = c
		}
		out = append(out, l)
	}
	return out, nil
}

// ListedFrom picks the plantable parties from list entities: companies and
// organisations with a name, preferring Russia-related ones (country RU or
// BY, or a Russia programme), at most max.
func ListedFrom(ctx context.Context, entities iter.Seq2[*entity.Entity, error], max int) ([]Listed, error) {
	var russian, other []Listed
	for e, err := range entities {
		if err != nil {
			return nil, fmt.Errorf("demo: reading lists: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if e.Schema != entity.Company && e.Schema != entity.Organisation && e.Schema != entity.LegalEntity {
			continue
		}
		if e.Dataset == OwnershipDataset {
			continue // invented front companies: not listed
		}
		name := e.First(entity.Name)
		if name == "" || len([]rune(name)) < 6 {
			continue
		}
		l := Listed{ID: e.ID, Name: name, Country: e.First(entity.Country), Address: e.First(entity.Address)}
		if c, ok := country.Code(l.Country); ok {
			l.Country = c
		}
		ru := l.Country == "RU" || l.Country == "BY"
		for _, p := range e.Get(entity.Program) {
			if strings.Contains(strings.ToUpper(p), "RUSSIA") {
				ru = true
			}
		}
		if ru {
			russian = append(russian, l)
		} else if len(other) < 20*max {
			other = append(other, l)
		}
	}
	out := russian
	if len(out) < max {
		out = append(out, other[:min(len(other), max-len(out))]...)
	}
	return out[:min(len(out), max)], nil
}

// ErrNoListed is returned when Options.Listed is empty.
var ErrNoListed = errors.New("demo: no listed parties to plant (import a list first)")

type company struct {
	name, country, address, incorporated string
}

type gen struct {
	r        *rand.Rand
	opts     Options
	pool     []company // clean parties
	byCoal   []int     // indexes of coalition parties
	fwd      []company // forwarders (clean notify parties)
	withAddr []Listed
}

// Generate calls emit with each generated shipment.
func Generate(ctx context.Context, opts Options, emit func(*shipment.Shipment) error) error {
	if len(opts.Listed) == 0 {
		return ErrNoListed
	}
	if opts.PlantedRate == 0 {
		opts.PlantedRate = 0.04
	}
	if opts.Parties <= 0 {
		opts.Parties = 3000
	}
	g := &gen{r: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), opts: opts}
	for _, l := range opts.Listed {
		if len(strings.Fields(l.Address)) >= 3 {
			g.withAddr = append(g.withAddr, l)
		}
	}
	g.buildPool()
	for i := range opts.Rows {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		s := g.clean(i)
		if g.r.Float64() < opts.PlantedRate {
			g.plant(s, Patterns[g.r.IntN(len(Patterns))])
		}
		if err := emit(s); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) buildPool() {
	seen := map[string]bool{}
	for len(g.pool) < g.opts.Parties {
		p := cleanPlaces[g.r.IntN(len(cleanPlaces))]
		c := g.company(p, g.pick(enTrades))
		if seen[c.name] {
			continue
		}
		seen[c.name] = true
		if g.r.Float64() < 0.5 {
			// Most firms are old; some were founded after February 2022 and
			// trade civilian goods.
			if g.r.Float64() < 0.1 {
				c.incorporated = g.date(2022, 3, 2024)
			} else {
				c.incorporated = g.date(1975, 1, 2021)
			}
		}
		if slices.Contains(coalitionPlaces, c.country) {
			g.byCoal = append(g.byCoal, len(g.pool))
		}
		g.pool = append(g.pool, c)
	}
	for range 60 {
		p := cleanPlaces[g.r.IntN(len(cleanPlaces))]
		g.fwd = append(g.fwd, company{name: g.pick(enWords) + " Freight Forwarding " + p.legal, country: p.code, address: g.address(p)})
	}
}

func (g *gen) date(from, fromMonth, to int) string {
	y := from + g.r.IntN(to-from+1)
	m := 1 + g.r.IntN(12)
	if y == from && m < fromMonth {
		m = fromMonth
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, 1+g.r.IntN(28))
}

func (g *gen) address(p place) string {
	city := p.city
	if city == "" {
		city = g.pick(cnCities)
	}
	return strconv.Itoa(1+g.r.IntN(250)) + " " + g.pick(streets) + ", " + city
}

// company makes a clean company name in the style of its country.
func (g *gen) company(p place, trade string) company {
	c := company{country: p.code, address: g.address(p)}
	switch p.code {
	case "CN":
		if g.r.IntN(2) == 0 {
			i := g.r.IntN(len(cnZhCity))
			c.name = cnZhCity[i] + g.pick(cnZhWords) + g.pick(cnZhTrade) + "有限公司"
			c.address = cnZhCity[i] + g.pick([]string{"南山区", "福田区", "宝安区", "江北区"}) + strconv.Itoa(1+g.r.IntN(300)) + "号"
		} else {
			c.name = g.pick(cnCities) + " " + g.pick(cnPinyin) + " " + trade + " Co., Ltd."
		}
	case "DE":
		c.name = g.pick(deWords) + " " + trade + " " + p.legal
	case "FR":
		c.name = g.pick(frWords) + " " + trade + " " + p.legal
	case "TR":
		c.name = g.pick(trWords) + " " + trade + " " + p.legal
	default:
		c.name = g.pick(enWords) + " " + g.pick(enWords) + " " + trade + " " + p.legal
	}
	return c
}

func (g *gen) describe(it item, s *shipment.Shipment) {
	s.Description = it.en
	switch g.r.IntN(10) {
	case 0, 1:
		s.Description = it.ru
	case 2, 3:
		s.Description = it.zh
	}
	// Most declarations carry an HS code, often a national 8-10 digit one.
	switch g.r.IntN(10) {
	case 0:
		s.HSCode = ""
	case 1, 2:
		s.HSCode = strings.ReplaceAll(it.hs, ".", "") + "00"
	default:
		s.HSCode = it.hs
	}
}

func (g *gen) party(role shipment.Role, c company) shipment.Party {
	return shipment.Party{Role: role, Name: c.name, Country: c.country, Address: c.address, Incorporated: c.incorporated}
}

// clean makes an ordinary shipment.
func (g *gen) clean(i int) *shipment.Shipment {
	s := &shipment.Shipment{ID: fmt.Sprintf("DEMO-%07d", i+1), Date: g.date(2023, 1, 2024), Currency: "USD"}
	var from, to company
	it := civilian[g.r.IntN(len(civilian))]
	if g.r.Float64() < 0.1 {
		// CHPL goods between coalition countries: ordinary high-tech trade.
		it = chpl[g.r.IntN(len(chpl))]
		from = g.pool[g.byCoal[g.r.IntN(len(g.byCoal))]]
		to = g.pool[g.byCoal[g.r.IntN(len(g.byCoal))]]
	} else {
		from = g.pool[g.r.IntN(len(g.pool))]
		to = g.pool[g.r.IntN(len(g.pool))]
	}
	g.describe(it, s)
	s.Parties = append(s.Parties, g.party(shipment.Shipper, from), g.party(shipment.Consignee, to))
	if g.r.Float64() < 0.3 {
		s.Parties = append(s.Parties, g.party(shipment.Notify, g.fwd[g.r.IntN(len(g.fwd))]))
	}
	s.Origin, s.Destination = from.country, to.country
	if g.r.Float64() < 0.08 && !slices.Contains(coalitionPlaces, to.country) {
		s.Route = []string{g.pick([]string{"NL", "SG", "AE", "DE", "PA"})}
	}
	s.Quantity = strconv.Itoa(1 + g.r.IntN(5000))
	s.Value = math.Round(math.Exp(7+g.r.NormFloat64()*1.5)*100) / 100
	return s
}

// plant turns a clean shipment into one of the patterns.
func (g *gen) plant(s *shipment.Shipment, pattern string) {
	s.Planted = pattern
	setConsignee := func(c company) {
		s.Parties[1] = g.party(shipment.Consignee, c)
		s.Destination = c.country
	}
	chplGoods := func() { g.describe(chpl[g.r.IntN(len(chpl))], s) }
	switch pattern {
	case "listed_party":
		l := g.opts.Listed[g.r.IntN(len(g.opts.Listed))]
		p := shipment.Party{Name: g.vary(l.Name), Country: l.Country, Address: l.Address}
		switch k := g.r.IntN(10); {
		case k < 6:
			p.Role = shipment.Consignee
			s.Parties[1] = p
			if l.Country != "" {
				s.Destination = l.Country
			}
		case k < 8:
			p.Role = shipment.Shipper
			s.Parties[0] = p
			if l.Country != "" {
				s.Origin = l.Country
			}
		case k < 9:
			p.Role = shipment.Notify
			s.Parties = append(s.Parties[:2], p)
		default:
			p.Role = shipment.EndUser
			s.Parties = append(s.Parties[:2], p)
		}
	case "destination_russia":
		c := g.russian()
		setConsignee(c)
		if g.r.IntN(2) == 0 {
			chplGoods()
		}
	case "hub_consignee":
		chplGoods()
		p := hubPlaces[g.r.IntN(len(hubPlaces))]
		setConsignee(g.company(p, g.pick([]string{"Electronics", "Technology", "Components", "Industrial"})))
	case "hub_route":
		chplGoods()
		p := otherPlaces[g.r.IntN(len(otherPlaces))]
		setConsignee(g.company(p, g.pick([]string{"Electronics", "Engineering", "Technics"})))
		s.Route = []string{hubPlaces[g.r.IntN(len(hubPlaces))].code}
		if g.r.IntN(3) == 0 {
			s.Route = append(s.Route, hubPlaces[g.r.IntN(len(hubPlaces))].code)
		}
	case "new_company":
		chplGoods()
		ps := append(slices.Clone(otherPlaces), hubPlaces...)
		c := g.company(ps[g.r.IntN(len(ps))], g.pick([]string{"Electronics", "Solutions", "Components", "Technology"}))
		c.incorporated = g.date(2022, 3, 2024)
		setConsignee(c)
	case "forwarder_consignee":
		chplGoods()
		// Outside the coalition: between coalition partners a forwarder
		// is ordinary trade (the route model of the rules).
		ps := []place{{"VN", "Hanoi", "Co., Ltd."}, {"MY", "Penang", "Sdn. Bhd."}, {"TH", "Bangkok", "Co., Ltd."}, {"ID", "Jakarta", "PT"}, {"EG", "Cairo", "S.A.E."}}
		p := ps[g.r.IntN(len(ps))]
		c := company{country: p.code, address: g.address(p)}
		switch g.r.IntN(4) {
		case 0:
			c.name = g.pick(enWords) + " Logistics " + p.legal
		case 1:
			c.name = g.pick(enWords) + " Global Trading " + p.legal
		case 2:
			c.name = "ООО «" + g.pick(ruWords) + " Логистик»"
		default:
			c.name = g.pick(cnZhWords) + "国际物流有限公司"
		}
		setConsignee(c)
	case "shared_address":
		if len(g.withAddr) == 0 {
			s.Planted = "" // nothing to plant: stays clean
			return
		}
		l := g.withAddr[g.r.IntN(len(g.withAddr))]
		c := company{name: g.pick(enWords) + " " + g.pick([]string{"Supply", "Components", "Engineering"}) + " Limited", country: l.Country, address: l.Address}
		if g.r.IntN(2) == 0 {
			c.address = strings.ToUpper(c.address)
		}
		setConsignee(c)
	case "owned_by_listed":
		if len(g.opts.Owned) == 0 {
			s.Planted = "" // nothing to plant: stays clean
			return
		}
		l := g.opts.Owned[g.r.IntN(len(g.opts.Owned))]
		p := shipment.Party{Name: g.vary(l.Name), Country: l.Country, Address: l.Address}
		if g.r.IntN(4) == 0 {
			p.Role = shipment.EndUser
			s.Parties = append(s.Parties[:2], p)
		} else {
			p.Role = shipment.Consignee
			s.Parties[1] = p
			if l.Country != "" {
				s.Destination = l.Country
			}
		}
	case "concern_goods":
		it := concern[g.r.IntN(len(concern))]
		g.describe(it, s)
		if g.r.IntN(3) == 0 {
			setConsignee(g.russian())
		} else {
			setConsignee(g.company(hubPlaces[g.r.IntN(len(hubPlaces))], g.pick([]string{"Aero", "Technology", "Systems"})))
		}
	}
}

// legalForms are the long and short spellings of legal forms that
// declarations use interchangeably.
var legalForms = [][2]string{
	{"LIMITED LIABILITY COMPANY", "LLC"}, {"JOINT STOCK COMPANY", "JSC"}, {"OPEN JOINT STOCK COMPANY", "OJSC"},
	{"OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU", "OOO"}, {"AKTSIONERNOE OBSHCHESTVO", "AO"}, {"COMPANY LIMITED", "CO LTD"}, {"LIMITED", "LTD"},
}

// vary writes a listed name the way a declaration might: as listed, in
// title case without punctuation, or with its legal form abbreviated or
// spelled out.
func (g *gen) vary(name string) string {
	switch g.r.IntN(3) {
	case 1:
		var b strings.Builder
		for _, w := range strings.Fields(strings.NewReplacer(",", " ", ".", " ", "\"", " ").Replace(name)) {
			r := []rune(strings.ToLower(w))
			r[0] = unicode.ToUpper(r[0])
			b.WriteString(string(r) + " ")
		}
		return strings.TrimSpace(b.String())
	case 2:
		up := strings.ToUpper(name)
		for _, f := range legalForms {
			if strings.Contains(up, f[0]) {
				return strings.Replace(up, f[0], f[1], 1)
			}
			if strings.HasSuffix(up, " "+f[1]) || strings.HasPrefix(up, f[1]+" ") {
				return strings.Replace(up, f[1], f[0], 1)
			}
		}
	}
	return name
}

// russian makes a Russian or Belarusian company, named in Cyrillic or in
// transliteration.
func (g *gen) russian() company {
	i := g.r.IntN(len(ruWords))
	c := company{country: "RU", address: g.pick([]string{"ул. Ленина", "пр. Мира", "ул. Гагарина"}) + ", д. " + strconv.Itoa(1+g.r.IntN(120)) + ", Москва"}
	switch g.r.IntN(3) {
	case 0:
		c.name = "ООО «" + g.pick(ruTech) + ruWords[i] + "»"
	case 1:
		c.name = "OOO " + ruLatin[i] + " " + g.pick([]string{"Tekhno", "Radio", "Elektron", "Pribor"})
	default:
		c.name = "ОАО «" + ruWords[i] + g.pick(ruTech) + "»"
		c.country = "BY"
		c.address = "ул. Притыцкого, " + strconv.Itoa(1+g.r.IntN(120)) + ", Минск"
	}
	return c
}
