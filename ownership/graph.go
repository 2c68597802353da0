package ownership

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/dates"
	"github.com/redline-sanctions/redline/internal/fold"
	"github.com/redline-sanctions/redline/names"
	"iter"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
)

// Designation is why a party is a blocked person in its own right.
type Designation struct {
	// Dataset is the list, e.g. "us_ofac_sdn".
	Dataset string `json:"dataset"`
	// Sublist is the part of a composite list, when there is one.
	Sublist string `json:"sublist,omitempty"`
	// Program lists the sanctions programs, e.g. "RUSSIA-EO14024".
	Program []string `json:"program,omitempty"`
	// Authority is the designating authority, when a Sanction names it.
	Authority string `json:"authority,omitempty"`
	// Sanction is the id of the Sanction entity that designates the
	// party; "" when the party is itself an entity of the list.
	Sanction string `json:"sanction,omitempty"`
	// Topic is the FtM topic that made the party blocked, when
	// Options.Topics did.
	Topic string `json:"topic,omitempty"`
	// SameAs is set when the designation is that of another party sharing
	// the registry identifier Identifier (see Options.IgnoreIdentifiers):
	// the id of the listed party.
	SameAs     string `json:"same_as,omitempty"`
	Identifier string `json:"identifier,omitempty"`
}

// String says the designation in one line: "us_ofac_sdn [RUSSIA-EO14024]".
func (d Designation) String() string {
	s := d.Dataset
	if d.Sublist != "" {
		s += " (" + d.Sublist + ")"
	}
	if len(d.Program) > 0 {
		s += " [" + strings.Join(d.Program, "; ") + "]"
	}
	if d.Topic != "" {
		s += " topic " + d.Topic
	}
	if d.SameAs != "" {
		s += " as " + d.SameAs + " (same identifier " + d.Identifier + ")"
	}
	return s
}

// Link is one ownership (or, in Result.Control, directorship) link as the
// input states it.
type Link struct {
	// ID is the id of the Ownership or Directorship entity.
	ID string `json:"id"`
	// Dataset is the dataset that states the link, e.g. "ext_ru_egrul".
	Dataset string `json:"dataset"`
	// Owner and Asset are the entity ids of the holder and the held (for a
	// directorship: the director and the organization).
	Owner     string `json:"owner"`
	OwnerName string `json:"owner_name"`
	Asset     string `json:"asset"`
	AssetName string `json:"asset_name"`
	// Share is the percentage held (Unknown when the link gives none).
	Share Share `json:"share"`
	// Role is the link's role text, e.g. "subsidiary of".
	Role      string `json:"role,omitempty"`
	StartDate string `json:"start_date,omitempty"`
	EndDate   string `json:"end_date,omitempty"`
	// Active says the link holds on Options.AsOf; Inactive says why not
	// ("ended 2023-03-02", "starts 2030-01-01").
	Active   bool   `json:"active"`
	Inactive string `json:"inactive,omitempty"`
}

// node is one party. Its index in Graph.nodes is its number.
type node struct {
	id, name, schema, dataset string
	// known is false for an id that links name but no entity of the input
	// defines.
	known bool
	// designations make the node a blocked person in its own right.
	designations []Designation
}

// edge is the holding of one owner in one asset: every active link between
// the two, merged (see the package doc).
type edge struct {
	from, to int32
	share    Share
	links    []int32 // indexes into Graph.links
}

// Graph is an immutable ownership graph with the 50% rule solved. Build
// makes it; it is safe for concurrent use.
//
// Parties are numbered 0..n-1 (nodes); links holds every ownership link of
// the input, active or not; in[i] and out[i] are the merged active holdings
// of which party i is the asset and the owner, sorted by the other party's
// id. The solution is kept per party: blocked (a blocked person: listed or
// blocked by the rule), low/lowOpen (aggregate share held by blocked
// persons, lower bounds), possible and high (the same with every share at
// its upper bound).
type Graph struct {
	opts     Options
	asOf     string // AsOf as YYYY-MM-DD
	nodes    []node
	index    map[string]int32   // id -> node
	names    map[string][]int32 // folded name -> nodes
	links    []Link
	owns     [][]int32 // node -> indexes into links where it is the asset
	holds    [][]int32 // node -> indexes into links where it is the owner
	control  [][]Link  // node -> directorships over it
	in, out  [][]edge
	blocked  []bool
	low      []float64
	lowOpen  []bool
	possible []bool
	high     []float64
	// rank is the order in which the fixpoint marked each blocked node
	// (designated nodes first); explanations follow it downwards.
	rank []int32
	// idents maps a reduced registry identifier to the parties with it
	// (only while building).
	idents map[string][]int32
	// nameKeys holds the nameKey of every name of each party with a
	// registry identifier (only while building), so that join can tell
	// two listed parties with one identifier apart from one party under
	// two lists' names.
	nameKeys map[int32][]string
	// twins maps a party to the parties join found to be the same.
	twins    map[int32][]int32
	problems []source.Problem
	stats    Stats
}

// Stats counts what Build read and what the rule found.
type Stats struct {
	// Parties counts the party entities read, plus ids that links name
	// but the input does not define (Unknown).
	Parties int `json:"parties"`
	Unknown int `json:"unknown"`
	// Links counts ownership links read; Active those that hold on AsOf.
	Links  int `json:"links"`
	Active int `json:"active"`
	// Control counts directorships read.
	Control int `json:"control"`
	// Sanctions counts Sanction entities read, of any list.
	Sanctions int `json:"sanctions"`
	// Ignored counts entities of other schemas (Address, Family,
	// Passport, UnknownLink, ...), which the rule does not use.
	Ignored int `json:"ignored"`
	// Listed counts parties designated by the blocking lists.
	Listed int `json:"listed"`
	// Expired counts blocking designations ended (or not yet started) on
	// AsOf, which do not count.
	Expired int `json:"expired"`
	// SameAs counts unlisted parties that took the designations of a
	// listed party with the same registry identifier.
	SameAs int `json:"same_as"`
	// Blocked counts unlisted parties blocked by the rule; Possible the
	// unlisted parties not blocked but that would be with every share at
	// its upper bound.
	Blocked  int `json:"blocked"`
	Possible int `json:"possible"`
	// Problems counts the problems of Problems(); Skipped those that
	// dropped a record.
	Problems int `json:"problems"`
	Skipped  int `json:"skipped"`
}

// Build reads entities (typically (*lists.Store).Entities) and solves the
// rule. Parties are the entities of a party schema (entity.Matchable);
// Ownership, Directorship and Sanction entities join them. Every record it
// cannot use is a Problem; an error from the sequence stops Build, and so
// does the cancellation of ctx (checked while reading and between the
// stages of the solution), which Build returns wrapped with its cause.
func Build(ctx context.Context, entities iter.Seq2[*entity.Entity, error], opts Options) (*Graph, error) {
	opts = opts.withDefaults()
	if opts.Threshold < 0 || opts.Threshold > 100 {
		return nil, fmt.Errorf("ownership: threshold %v: want a percentage in (0, 100]", opts.Threshold)
	}
	if opts.MaxPaths < 0 {
		return nil, fmt.Errorf("ownership: MaxPaths %d: want at least 1", opts.MaxPaths)
	}
	g := &Graph{opts: opts, asOf: opts.AsOf.UTC().Format("2006-01-02"), index: map[string]int32{}, names: map[string][]int32{}}
	var owns, dirs, sanctions []*entity.Entity
	n := 0
	cancelled := func() error {
		if ctx.Err() != nil {
			return fmt.Errorf("ownership: building: %w", context.Cause(ctx))
		}
		return nil
	}
	for e, err := range entities {
		n++
		if err != nil {
			return nil, fmt.Errorf("ownership: reading entity %d: %w", n, err)
		}
		if n%1024 == 0 {
			if err := cancelled(); err != nil {
				return nil, err
			}
		}
		if e == nil {
			return nil, fmt.Errorf("ownership: entity %d: %w", n, errors.New("nil entity"))
		}
		switch {
		case e.Schema == entity.Ownership:
			owns = append(owns, e)
		case e.Schema == entity.Directorship:
			dirs = append(dirs, e)
		case e.Schema == entity.Sanction:
			sanctions = append(sanctions, e)
			g.stats.Sanctions++
		case entity.Matchable(e.Schema):
			g.party(e)
		default:
			g.stats.Ignored++
		}
	}
	if err := cancelled(); err != nil {
		return nil, err
	}
	g.links = make([]Link, 0, len(owns))
	for _, e := range owns {
		g.ownership(e)
	}
	for _, e := range dirs {
		g.directorship(e)
	}
	// Sanctions last, so that one naming an id that only links mention
	// designates that (unknown) party rather than being dropped.
	for _, e := range sanctions {
		g.sanction(e)
	}
	for _, stage := range []func(){g.join, g.merge, g.solve, g.count} {
		if err := cancelled(); err != nil {
			return nil, err
		}
		stage()
	}
	return g, nil
}

// warn records a problem that did not drop a record; skip one that did.
func (g *Graph) warn(e *entity.Entity, field, reason string) {
	g.problems = append(g.problems, source.Problem{File: e.Dataset, Element: e.Schema + " " + e.ID, Field: field, Reason: reason})
}

func (g *Graph) skip(e *entity.Entity, field, reason string) {
	g.problems = append(g.problems, source.Problem{File: e.Dataset, Element: e.Schema + " " + e.ID, Field: field, Reason: reason, Skipped: true})
}

// party adds a party entity, merging it into an earlier one with the same
// id (the same party from two datasets).
func (g *Graph) party(e *entity.Entity) {
	i, ok := g.index[e.ID]
	if !ok {
		i = int32(len(g.nodes))
		g.index[e.ID] = i
		g.nodes = append(g.nodes, node{id: e.ID, name: e.Caption(), schema: e.Schema, dataset: e.Dataset, known: true})
	}
	nd := &g.nodes[i]
	for _, name := range e.Names() {
		k := fold.Lower(name)
		if k != "" && !slices.Contains(g.names[k], i) {
			g.names[k] = append(g.names[k], i)
		}
	}
	if !g.opts.IgnoreIdentifiers {
		for p, least := range identProps {
			for _, v := range e.Get(p) {
				if k := entity.IdentifierKey(p, v); len(k) >= least && !slices.Contains(g.idents[k], i) {
					if g.idents == nil {
						g.idents = map[string][]int32{}
						g.nameKeys = map[int32][]string{}
					}
					g.idents[k] = append(g.idents[k], i)
					for _, name := range e.Names() {
						if f := nameKey(name); f != "" && !slices.Contains(g.nameKeys[i], f) {
							g.nameKeys[i] = append(g.nameKeys[i], f)
						}
					}
				}
			}
		}
	}
	g.listed(nd, e)
	for _, t := range g.opts.Topics {
		if slices.Contains(e.Get(entity.Topics), t) {
			nd.designations = append(nd.designations, Designation{Dataset: e.Dataset, Sublist: e.Sublist, Topic: t})
		}
	}
}

// listed adds the designations that a party entity carries by its own
// datasets: one for each of its datasets (entity.AllDatasets, so an
// OpenSanctions entity merged from many lists counts for each) that a
// blocking list covers. The entity's Sublist belongs to its primary
// dataset; its programs are kept only when it has one dataset, as the
// programs of a merged entity mix every list's. A repeat of a designation
// the party has (the same party read twice) is not added.
func (g *Graph) listed(nd *node, e *entity.Entity) {
	all := e.AllDatasets()
	for _, ds := range all {
		sub := ""
		if ds == e.Dataset {
			sub = e.Sublist
		}
		for _, l := range g.opts.Blocking {
			if !l.matches(ds, []string{sub}) {
				continue
			}
			d := Designation{Dataset: ds, Sublist: sub}
			if len(all) == 1 {
				d.Program = slices.Clone(e.Get(entity.Program))
			}
			if !slices.ContainsFunc(nd.designations, func(x Designation) bool { return x.bare() && x.Dataset == ds && x.Sublist == sub }) {
				nd.designations = append(nd.designations, d)
			}
			break
		}
	}
}

// bare reports whether the designation is a party's membership of a
// list, not a Sanction's, a topic's or a twin's.
func (d Designation) bare() bool { return d.Sanction == "" && d.Topic == "" && d.SameAs == "" }

// identProps are the properties holding registry identifiers that name
// one party worldwide (or within a country, at a length that makes
// collisions rare).
// The value is the fewest letters and digits a value needs: generic
// registration and tax numbers need 10, which keeps out Russian KPP codes
// (9 digits, shared by every company of a tax office) and short local
// numbers, while INN (10 or 12) and OGRN (13) pass.
var identProps = map[string]int{
	entity.InnCode: 10, entity.OgrnCode: 13, entity.RegistrationNum: 10, entity.TaxNumber: 10,
	entity.LeiCode: 20, entity.UnifiedCode: 18, entity.ImoNumber: 7, entity.SwiftBic: 8,
}

// maxTwins bounds how many parties one identifier may join (the same
// party on several lists and sublists); an identifier on more parties is
// likely a placeholder and is not used.
const maxTwins = 20

// nameKey reduces a name to the words it is compared by when parties
// share an identifier: normalized, without the legal form at its start or
// end (names.WithoutLegalForm, the list matching uses), so that
// "OBORONLOGISTIKA, OOO" and "OBORONLOGISTIKA OOO" compare equal.
func nameKey(name string) string { return names.WithoutLegalForm(name) }

// join gives each party without a designation of its own the designations
// of the listed parties that share a registry identifier with it (one hop:
// designations taken this way are not passed on).
func (g *Graph) join() {
	keys := make([]string, 0, len(g.idents))
	for k, ns := range g.idents {
		if len(ns) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	direct := make([]bool, len(g.nodes))
	for i := range g.nodes {
		direct[i] = len(g.nodes[i].designations) > 0
	}
	joined := map[int32]bool{}
	for _, k := range keys {
		ns := g.idents[k]
		if len(ns) > maxTwins {
			g.problems = append(g.problems, source.Problem{File: g.nodes[ns[0]].dataset, Element: "identifier " + k,
				Reason: fmt.Sprintf("shared by %d parties (%s, ...); not used to join them", len(ns), g.nodes[ns[0]].id)})
			continue
		}
		// The listed parties with the identifier must be one party: lists
		// also give a subsidiary its parent's number. They are one when
		// their names (any of them, so that an OpenSanctions party listed
		// by its own datasets meets its SDN entry under an alias) chain
		// together.
		if names := g.apart(ns, direct); len(names) > 1 {
			g.problems = append(g.problems, source.Problem{File: g.nodes[ns[0]].dataset, Element: "identifier " + k,
				Reason: fmt.Sprintf("listed under %d names (%s); not used to join parties", len(names), strings.Join(names, "; "))})
			continue
		}
		for _, n := range ns {
			for _, m := range ns {
				if m != n && !slices.Contains(g.twins[n], m) {
					if g.twins == nil {
						g.twins = map[int32][]int32{}
					}
					g.twins[n] = append(g.twins[n], m)
				}
			}
		}
		for _, n := range ns {
			if direct[n] {
				continue
			}
			for _, m := range ns {
				if !direct[m] {
					continue
				}
				for _, d := range g.nodes[m].designations {
					if d.SameAs != "" {
						continue
					}
					d.SameAs, d.Identifier = g.nodes[m].id, k
					g.nodes[n].designations = append(g.nodes[n].designations, d)
					joined[n] = true
				}
			}
		}
	}
	g.stats.SameAs = len(joined)
	g.idents, g.nameKeys = nil, nil
}

// apart returns the names (captions) of the listed parties among ns that
// do not share a name, directly or through other listed parties among ns,
// with the first of them: one name when they are one party.
func (g *Graph) apart(ns []int32, direct []bool) []string {
	var listed []int32
	for _, m := range ns {
		if direct[m] {
			listed = append(listed, m)
		}
	}
	if len(listed) < 2 {
		return nil
	}
	keys := slices.Clone(g.nameKeys[listed[0]])
	rest := listed[1:]
	for grown := true; grown; {
		grown = false
		for j := 0; j < len(rest); j++ {
			m := rest[j]
			if slices.ContainsFunc(g.nameKeys[m], func(k string) bool { return slices.Contains(keys, k) }) {
				keys = append(keys, g.nameKeys[m]...)
				rest = slices.Delete(rest, j, j+1)
				j--
				grown = true
			}
		}
	}
	names := []string{nameKey(g.nodes[listed[0]].name)}
	for _, m := range rest {
		if f := nameKey(g.nodes[m].name); !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	return names
}

// ref returns the node of an id a link names, adding a stub (and a
// problem) for an id no party entity defines.
func (g *Graph) ref(e *entity.Entity, field, id string) int32 {
	if i, ok := g.index[id]; ok {
		return i
	}
	i := int32(len(g.nodes))
	g.index[id] = i
	g.nodes = append(g.nodes, node{id: id, name: id})
	g.warn(e, field, fmt.Sprintf("%s is not a party entity of the input; kept as an unknown party", id))
	return i
}

// sanction adds the designations of a Sanction entity of a blocking list
// (any of its datasets; the first that a blocking list covers names the
// designation).
//
// A Sanction is more precise than a party's membership of the same list:
// it has dates. So it replaces the undated designation that the party's
// own datasets gave for that list (see listed), whether or not it is in
// force on AsOf: a party whose only Sanction of a list has ended, or not
// yet started, is not designated by that list.
func (g *Graph) sanction(e *entity.Entity) {
	parts := append([]string{e.Sublist}, e.Get(entity.Program)...)
	ds := ""
	for _, d := range e.AllDatasets() {
		for _, l := range g.opts.Blocking {
			if l.matches(d, parts) {
				ds = d
				break
			}
		}
		if ds != "" {
			break
		}
	}
	if ds == "" {
		return
	}
	subjects := e.Get(entity.SanctionEntity)
	if len(subjects) == 0 {
		g.skip(e, entity.SanctionEntity, "sanction names no entity")
		return
	}
	var nodes []int32
	for _, id := range subjects {
		i, ok := g.index[id]
		if !ok {
			g.skip(e, entity.SanctionEntity, fmt.Sprintf("sanctioned entity %s is not in the input", id))
			continue
		}
		nd := &g.nodes[i]
		nd.designations = slices.DeleteFunc(nd.designations, func(x Designation) bool { return x.bare() && x.Dataset == ds })
		nodes = append(nodes, i)
	}
	start, end := g.dates(e)
	if why := g.inactive(start, end); why != "" {
		g.stats.Expired++
		return
	}
	d := Designation{Dataset: ds, Sublist: e.Sublist, Program: slices.Clone(e.Get(entity.Program)), Authority: e.First(entity.Authority), Sanction: e.ID}
	if len(d.Program) == 0 {
		d.Program = slices.Clone(e.Get(entity.ProgramID))
	}
	for _, i := range nodes {
		g.nodes[i].designations = append(g.nodes[i].designations, d)
	}
}

// dates returns the link's start and end dates cut to YYYY[-MM[-DD]],
// noting unreadable ones (which then do not limit the link).
func (g *Graph) dates(e *entity.Entity) (start, end string) {
	get := func(prop string, latest bool) string {
		var out string
		for _, v := range e.Get(prop) {
			d := dates.ISOPrefix(v) // a year, a month or a day, maybe with a time
			if d == "" {
				g.warn(e, prop, fmt.Sprintf("date %q not understood; ignored", v))
				continue
			}
			// Of several dates, the earliest start and the latest end:
			// the link counts whenever any statement says it holds.
			if out == "" || (latest && d > out) || (!latest && d < out) {
				out = d
			}
		}
		return out
	}
	return get(entity.StartDate, false), get(entity.EndDate, true)
}

// inactive says why a link or designation with these dates does not hold
// on AsOf, or "" when it does. Dates compare at their own precision: a
// link that ended in "2023" has ended in 2026; one that ends in the year of
// AsOf still holds.
func (g *Graph) inactive(start, end string) string {
	if start != "" && start > g.asOf[:len(start)] {
		return "starts " + start
	}
	if end != "" && end < g.asOf[:len(end)] {
		return "ended " + end
	}
	return ""
}

// share reads the percentage values of a link. Several values make one
// share from the lowest lower bound to the highest upper bound; values that
// do not parse are problems, and a link with none that parse counts as
// Unknown (keeping the raw text).
func (g *Graph) share(e *entity.Entity) Share {
	vals := e.Get(entity.Percentage)
	if len(vals) == 0 {
		return Unknown
	}
	var out Share
	var ok bool
	for _, v := range vals {
		s, err := ParseShare(v)
		if err != nil {
			g.warn(e, entity.Percentage, err.Error()+"; counted as unknown")
			continue
		}
		if !ok {
			out, ok = s, true
			continue
		}
		if s.Min < out.Min || (s.Min == out.Min && !s.MinOpen) {
			out.Min, out.MinOpen = s.Min, s.MinOpen
		}
		if s.Max > out.Max || (s.Max == out.Max && !s.MaxOpen) {
			out.Max, out.MaxOpen = s.Max, s.MaxOpen
		}
	}
	raw := strings.Join(vals, "; ")
	if !ok {
		u := Unknown
		u.Raw = raw
		return u
	}
	out.Raw = raw
	return out
}

// ownership adds the links of an Ownership entity.
func (g *Graph) ownership(e *entity.Entity) {
	owners, assets := e.Get(entity.Owner), e.Get(entity.Asset)
	if len(owners) == 0 || len(assets) == 0 {
		field := entity.Owner
		if len(owners) > 0 {
			field = entity.Asset
		}
		g.skip(e, field, "ownership without "+field)
		return
	}
	sh := g.share(e)
	start, end := g.dates(e)
	why := g.inactive(start, end)
	for _, o := range owners {
		for _, a := range assets {
			if o == a {
				g.skip(e, entity.Asset, "owner and asset are the same entity")
				continue
			}
			oi, ai := g.ref(e, entity.Owner, o), g.ref(e, entity.Asset, a)
			g.links = append(g.links, Link{
				ID: e.ID, Dataset: e.Dataset, Owner: o, Asset: a, Share: sh,
				Role: e.First(entity.Role), StartDate: start, EndDate: end,
				Active: why == "", Inactive: why,
			})
			li := int32(len(g.links) - 1)
			g.grow()
			g.owns[ai] = append(g.owns[ai], li)
			g.holds[oi] = append(g.holds[oi], li)
		}
	}
}

// directorship notes a Directorship (control without ownership).
func (g *Graph) directorship(e *entity.Entity) {
	dirs, orgs := e.Get(entity.Director), e.Get(entity.Organization)
	if len(dirs) == 0 || len(orgs) == 0 {
		g.skip(e, entity.Director, "directorship without director or organization")
		return
	}
	start, end := g.dates(e)
	why := g.inactive(start, end)
	for _, d := range dirs {
		for _, o := range orgs {
			di, oi := g.ref(e, entity.Director, d), g.ref(e, entity.Organization, o)
			g.grow()
			g.control[oi] = append(g.control[oi], Link{
				ID: e.ID, Dataset: e.Dataset, Owner: d, OwnerName: g.nodes[di].name, Asset: o, AssetName: g.nodes[oi].name,
				Share: Unknown, Role: e.First(entity.Role), StartDate: start, EndDate: end, Active: why == "", Inactive: why,
			})
		}
	}
}

// grow sizes the per-node slices to the number of nodes.
func (g *Graph) grow() {
	for len(g.owns) < len(g.nodes) {
		g.owns = append(g.owns, nil)
		g.holds = append(g.holds, nil)
		g.control = append(g.control, nil)
	}
}

// merge fills names into links and builds the merged active edges.
func (g *Graph) merge() {
	g.grow()
	n := len(g.nodes)
	g.in, g.out = make([][]edge, n), make([][]edge, n)
	for i := range g.links {
		l := &g.links[i]
		l.OwnerName, l.AssetName = g.nodes[g.index[l.Owner]].name, g.nodes[g.index[l.Asset]].name
	}
	var act []int32
	for ai := range g.nodes {
		// The active links of asset ai, grouped by owner.
		act = act[:0]
		for _, li := range g.owns[ai] {
			if g.links[li].Active {
				act = append(act, li)
			}
		}
		slices.SortStableFunc(act, func(a, b int32) int { return cmp.Compare(g.index[g.links[a].Owner], g.index[g.links[b].Owner]) })
		for k := 0; k < len(act); {
			oi := g.index[g.links[act[k]].Owner]
			j := k + 1
			for j < len(act) && g.index[g.links[act[j]].Owner] == oi {
				j++
			}
			e := edge{from: oi, to: int32(ai), share: g.links[act[k]].Share, links: slices.Clone(act[k:j])}
			for _, li := range act[k+1 : j] {
				// Two statements of one holding: the larger bounds.
				l := &g.links[li]
				if l.Share.Min > e.share.Min || (l.Share.Min == e.share.Min && l.Share.MinOpen) {
					e.share.Min, e.share.MinOpen = l.Share.Min, l.Share.MinOpen
				}
				if l.Share.Max > e.share.Max || (l.Share.Max == e.share.Max && !l.Share.MaxOpen) {
					e.share.Max, e.share.MaxOpen = l.Share.Max, l.Share.MaxOpen
				}
				e.share.Known = e.share.Known || l.Share.Known
				e.share.Raw = ""
			}
			g.in[ai] = append(g.in[ai], e)
			k = j
		}
		slices.SortFunc(g.in[ai], func(a, b edge) int { return cmp.Compare(g.nodes[a.from].id, g.nodes[b.from].id) })
		for _, e := range g.in[ai] {
			g.out[e.from] = append(g.out[e.from], e)
		}
	}
	for i := range g.out {
		slices.SortFunc(g.out[i], func(a, b edge) int { return cmp.Compare(g.nodes[a.to].id, g.nodes[b.to].id) })
	}
}

// solve runs the rule to its least fixpoint twice: with lower bounds
// (blocked) and with upper bounds (possible). See the package doc.
func (g *Graph) solve() {
	n := len(g.nodes)
	g.blocked, g.low, g.lowOpen = make([]bool, n), make([]float64, n), make([]bool, n)
	g.possible, g.high = make([]bool, n), make([]float64, n)
	highOpen := make([]bool, n) // upper bounds count closed; kept for symmetry
	g.rank = make([]int32, n)
	g.fixpoint(g.blocked, g.low, g.lowOpen, g.rank, func(s Share) (float64, bool) { return s.Min, s.MinOpen })
	g.fixpoint(g.possible, g.high, highOpen, nil, func(s Share) (float64, bool) { return s.Max, false })
}

// fixpoint marks in blocked every node that is designated or reaches the
// threshold through blocked owners, adding each blocked owner's holdings
// into sum as it is marked. Each node is queued once and each edge added
// once: O(nodes + edges). When rank is not nil it receives each blocked
// node's position in the marking order.
func (g *Graph) fixpoint(blocked []bool, sum []float64, open []bool, rank []int32, bound func(Share) (float64, bool)) {
	var queue []int32
	for i := range g.nodes {
		if len(g.nodes[i].designations) > 0 {
			blocked[i] = true
			queue = append(queue, int32(i))
		}
	}
	for k := 0; k < len(queue); k++ {
		o := queue[k]
		if rank != nil {
			rank[o] = int32(k)
		}
		for _, e := range g.out[o] {
			v, op := bound(e.share)
			sum[e.to] += v
			open[e.to] = open[e.to] || op
			if !blocked[e.to] && g.opts.reaches(sum[e.to], open[e.to]) {
				blocked[e.to] = true
				queue = append(queue, e.to)
			}
		}
	}
}

// count fills the statistics.
func (g *Graph) count() {
	s := &g.stats
	s.Parties = len(g.nodes)
	for i, nd := range g.nodes {
		if !nd.known {
			s.Unknown++
		}
		if len(nd.designations) > 0 {
			s.Listed++
			continue
		}
		if g.blocked[i] {
			s.Blocked++
		} else if g.possible[i] {
			s.Possible++
		}
	}
	s.Links = len(g.links)
	for _, l := range g.links {
		if l.Active {
			s.Active++
		}
	}
	for _, c := range g.control {
		s.Control += len(c)
	}
	s.Problems = len(g.problems)
	for _, p := range g.problems {
		if p.Skipped {
			s.Skipped++
		}
	}
}

// Stats returns the counts of what Build read and what the rule found.
func (g *Graph) Stats() Stats { return g.stats }

// Problems returns every record Build could not use whole: unparseable
// percentages, links to entities not in the input, links without owner or
// asset, sanctions naming unknown entities. The slice belongs to the Graph.
func (g *Graph) Problems() []source.Problem { return g.problems }

// Options returns the options the graph was built with, defaults filled.
func (g *Graph) Options() Options { return g.opts }

// Party is one party of the graph.
type Party struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Schema  string `json:"schema,omitempty"`
	Dataset string `json:"dataset,omitempty"`
	// Known is false for an id that links name but the input does not
	// define.
	Known bool `json:"known"`
	// Designations are the blocking designations of the party itself.
	Designations []Designation `json:"designations,omitempty"`
}

// Party returns the party with the id.
func (g *Graph) Party(id string) (Party, bool) {
	i, ok := g.index[id]
	if !ok {
		return Party{}, false
	}
	return g.party2(i), true
}

func (g *Graph) party2(i int32) Party {
	nd := g.nodes[i]
	return Party{ID: nd.id, Name: nd.name, Schema: nd.schema, Dataset: nd.dataset, Known: nd.known, Designations: slices.Clone(nd.designations)}
}

// Find returns the ids of the parties with the id or a name (any of name,
// alias, previousName, weakAlias) equal to s, ignoring case and runs of
// spaces, sorted.
func (g *Graph) Find(s string) []string {
	var out []string
	if _, ok := g.index[s]; ok {
		out = append(out, s)
	}
	for _, i := range g.names[fold.Lower(s)] {
		if !slices.Contains(out, g.nodes[i].id) {
			out = append(out, g.nodes[i].id)
		}
	}
	slices.Sort(out)
	return out
}

// Twins returns, sorted, the ids of the parties that share a registry
// identifier with the party id and were taken for the same party (see
// Options.IgnoreIdentifiers): its entries on other lists, whose links and
// designations may differ.
func (g *Graph) Twins(id string) []string {
	i, ok := g.index[id]
	if !ok {
		return nil
	}
	var out []string
	for _, m := range g.twins[i] {
		out = append(out, g.nodes[m].id)
	}
	slices.Sort(out)
	return out
}

// Owners returns every ownership link of which id is the asset, active or
// not, in input order.
func (g *Graph) Owners(id string) []Link { return g.linksOf(id, g.owns) }

// Holdings returns every ownership link of which id is the owner, active or
// not, in input order.
func (g *Graph) Holdings(id string) []Link { return g.linksOf(id, g.holds) }

func (g *Graph) linksOf(id string, by [][]int32) []Link {
	i, ok := g.index[id]
	if !ok {
		return nil
	}
	out := make([]Link, 0, len(by[i]))
	for _, li := range by[i] {
		out = append(out, g.links[li])
	}
	return out
}
