package ownership

import (
	"cmp"
	"slices"
	"strings"
)

// Result is the 50% rule's verdict on one party, with its explanation.
type Result struct {
	// ID, Name and Schema identify the party; Found is false when the
	// graph has no party with the id (every other field is then zero).
	ID     string `json:"id"`
	Name   string `json:"name"`
	Schema string `json:"schema,omitempty"`
	Found  bool   `json:"found"`
	// Listed says the party is a blocked person in its own right, by
	// Designations.
	Listed       bool          `json:"listed"`
	Designations []Designation `json:"designations,omitempty"`
	// Blocked says blocked persons own, directly or indirectly and in the
	// aggregate, at least the threshold (more than it under
	// Options.Strict), counting every share at its lower bound. A listed
	// party may be Blocked too.
	Blocked bool `json:"blocked"`
	// Possible says the party would be blocked with every share at its
	// upper bound (ranges, "less than", links without a percentage): a lead
	// to check, not a finding. Blocked implies Possible.
	Possible bool `json:"possible"`
	// Share is the aggregate percentage held by blocked persons (lower
	// bounds); ShareOpen says it is "more than" Share; ShareMax is the
	// aggregate at the upper bounds, over possibly blocked owners. Both
	// are capped at 100.
	Share     float64 `json:"share"`
	ShareOpen bool    `json:"share_open,omitempty"`
	ShareMax  float64 `json:"share_max"`
	// Threshold, Strict and AsOf are the options the verdict used.
	Threshold float64 `json:"threshold"`
	Strict    bool    `json:"strict,omitempty"`
	AsOf      string  `json:"as_of"`
	// Owners are the direct holdings of possibly blocked owners that count
	// on AsOf, one per owner (several links between the same pair merged).
	Owners []Holding `json:"owners,omitempty"`
	// Paths are the ownership chains from a designated party down to this
	// one through blocked persons, each link with its percentage: they
	// explain Share, whether or not it reaches the threshold. At most
	// Options.MaxPaths of them; Truncated when the search stopped early.
	Paths     []Path `json:"paths,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
	// Control lists directorships of the party held by blocked persons on
	// AsOf. Control without ownership does not block: noted, not counted.
	Control []Link `json:"control,omitempty"`
}

// Holding is one owner's merged holding in a party, and that owner's
// standing.
type Holding struct {
	Owner     string `json:"owner"`
	OwnerName string `json:"owner_name"`
	// Share merges the active links (Links) between owner and party.
	Share Share  `json:"share"`
	Links []Link `json:"links"`
	// Listed, Blocked and Possible are the owner's standing: designated,
	// a blocked person (listed or by the rule), possibly blocked.
	Listed   bool `json:"listed"`
	Blocked  bool `json:"blocked"`
	Possible bool `json:"possible"`
}

// Path is one ownership chain from a designated party to the party a
// Result is about: Steps[0] is the designated root, the last step the
// party itself.
type Path struct {
	Steps []Step `json:"steps"`
}

// String writes the path on one line: the designated root with its id and
// designations, then each holding down to the party, e.g. "TACO LLC
// (ofac-38660, us_ofac_sdn [RUSSIA-EO14024]) --30%--> Ararat Signal
// Systems LLC".
func (p Path) String() string {
	var b strings.Builder
	for i, st := range p.Steps {
		b.WriteString(st.Name)
		if i == 0 {
			b.WriteString(" (" + st.ID)
			var ds []string
			for _, d := range st.Designations {
				if w := d.String(); !slices.Contains(ds, w) {
					ds = append(ds, w)
				}
			}
			if len(ds) > 0 {
				b.WriteString(", " + strings.Join(ds, "; "))
			}
			b.WriteString(")")
		}
		if st.Share != nil {
			b.WriteString(" --" + st.Share.String() + "--> ")
		}
	}
	return b.String()
}

// Step is one party of a Path and its holding in the next one.
type Step struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Designations are set on the root only.
	Designations []Designation `json:"designations,omitempty"`
	// Share is this party's holding in the next step, and Links the ids of
	// the links that state it; both empty on the last step.
	Share *Share   `json:"share,omitempty"`
	Links []string `json:"links,omitempty"`
}

// visitBudget bounds the parties one path search visits, so that a dense
// graph cannot make Blocked slow; Result.Truncated says it ran out.
const visitBudget = 1 << 20

// Blocked returns the rule's verdict on the party with the id. The verdict
// and shares were solved by Build; Blocked only assembles the explanation,
// at a cost bounded by Options.MaxPaths and a visit budget.
func (g *Graph) Blocked(id string) Result {
	i, ok := g.index[id]
	if !ok {
		return Result{ID: id, Threshold: g.opts.Threshold, Strict: g.opts.Strict, AsOf: g.asOf}
	}
	nd := g.nodes[i]
	r := Result{
		ID: nd.id, Name: nd.name, Schema: nd.schema, Found: true,
		Listed: len(nd.designations) > 0, Designations: slices.Clone(nd.designations),
		Blocked: g.opts.reaches(g.low[i], g.lowOpen[i]), Share: min(g.low[i], 100), ShareOpen: g.lowOpen[i],
		ShareMax:  min(g.high[i], 100),
		Threshold: g.opts.Threshold, Strict: g.opts.Strict, AsOf: g.asOf,
	}
	r.Possible = r.Blocked || g.opts.reaches(g.high[i], false)
	for _, e := range g.in[i] {
		if !g.possible[e.from] {
			continue
		}
		h := Holding{
			Owner: g.nodes[e.from].id, OwnerName: g.nodes[e.from].name, Share: e.share,
			Listed: len(g.nodes[e.from].designations) > 0, Blocked: g.blocked[e.from], Possible: true,
		}
		for _, li := range e.links {
			h.Links = append(h.Links, g.links[li])
		}
		r.Owners = append(r.Owners, h)
	}
	for _, c := range g.control[i] {
		if c.Active && g.blocked[g.index[c.Owner]] {
			r.Control = append(r.Control, c)
		}
	}
	r.Paths, r.Truncated = g.paths(i)
	return r
}

// paths lists the chains from designated parties down to node t through
// blocked persons: a depth-first walk up the active holdings that count
// (lower bound above 0) from blocked owners. Above t the walk follows the
// fixpoint's derivation, from each party only to owners marked blocked
// before it, so it cannot loop and every path is a reason the party was
// blocked; owners that count but were marked later (a cycle back) show in
// Result.Owners. Owners marked earliest are tried first, so the shortest
// derivations come first.
func (g *Graph) paths(t int32) ([]Path, bool) {
	var (
		out       []Path
		truncated bool
		budget    = visitBudget
		chain     []edge // chain[k] holds in chain[k-1]'s party; chain[0].to == t
	)
	emit := func() {
		var p Path
		for k := len(chain) - 1; k >= 0; k-- {
			e := chain[k]
			sh := e.share
			st := Step{ID: g.nodes[e.from].id, Name: g.nodes[e.from].name, Share: &sh}
			if k == len(chain)-1 {
				st.Designations = slices.Clone(g.nodes[e.from].designations)
			}
			for _, li := range e.links {
				st.Links = append(st.Links, g.links[li].ID)
			}
			p.Steps = append(p.Steps, st)
		}
		p.Steps = append(p.Steps, Step{ID: g.nodes[t].id, Name: g.nodes[t].name})
		out = append(out, p)
	}
	var walk func(n int32)
	walk = func(n int32) {
		var up []edge
		for _, e := range g.in[n] {
			o := e.from
			if !g.blocked[o] || o == t || (e.share.Min == 0 && !e.share.MinOpen) {
				continue
			}
			if n != t && g.rank[o] >= g.rank[n] {
				continue
			}
			up = append(up, e)
		}
		slices.SortFunc(up, func(a, b edge) int { return cmp.Compare(g.rank[a.from], g.rank[b.from]) })
		for _, e := range up {
			if len(out) >= g.opts.MaxPaths || budget <= 0 {
				truncated = true
				return
			}
			budget--
			chain = append(chain, e)
			if len(g.nodes[e.from].designations) > 0 {
				emit()
			} else {
				walk(e.from)
			}
			chain = chain[:len(chain)-1]
		}
	}
	walk(t)
	return out, truncated
}

// AllBlocked returns the verdict on every party that is not listed but is
// blocked by the rule, largest share first, then by name.
func (g *Graph) AllBlocked() []Result {
	return g.all(func(i int) bool { return g.blocked[i] })
}

// AllPossible returns the verdict on every party that is neither listed
// nor blocked but would be with every share at its upper bound (leads to
// review), largest upper share first, then by name.
func (g *Graph) AllPossible() []Result {
	return g.all(func(i int) bool { return g.possible[i] && !g.blocked[i] })
}

func (g *Graph) all(keep func(int) bool) []Result {
	var out []Result
	for i, nd := range g.nodes {
		if len(nd.designations) == 0 && keep(i) {
			out = append(out, g.Blocked(nd.id))
		}
	}
	slices.SortFunc(out, func(a, b Result) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(b.ShareMax, a.ShareMax), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}
