// Package match scores how likely a listed party is the party a query
// describes, and finds the best listed parties for a query fast.
//
// A Matcher is built once from the entities of the imported lists (Build):
// every name and alias is analyzed (package names) into forms that go into
// an immutable index (package index); qualifiers (birth dates, countries,
// gender, identifiers) are normalized once. Match analyzes the query,
// retrieves candidate forms from the index, scores them (Score's logic) and
// returns the best results with their explanations.
//
// Scoring, in order: schema compatibility (entity.Compatible; a Person never
// matches a Vessel); name similarity, the best over the pairs of query and
// listed name forms of the same script (token alignment in any order with
// Jaro-Winkler and Levenshtein on transliteration skeletons, initials,
// numbers that must agree, unmatched tokens counted against); a different
// legal form; a shared identifier (raises the score to at least
// Weights.IDMatch) or conflicting identifiers of one kind; birth dates,
// countries and gender as qualifiers that penalize a conflict. Every score
// is in [0, 1], an exact name match scores 1 and every score comes with an
// Explanation.
package match

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/index"
	"github.com/redline-sanctions/redline/internal/pipeline"
	"github.com/redline-sanctions/redline/names"
)

// Result is one listed party found for a query: Entity is its
// best-scoring record, Records every record of the party on the lists
// (see group.go), Entity's first.
type Result struct {
	Entity      *entity.Entity `json:"entity"`
	Score       float64        `json:"score"`
	Match       bool           `json:"match"`
	Explanation Explanation    `json:"explanation"`
	Records     []Record       `json:"records"`
}

// formRef names one form of one name of a party.
type formRef struct{ name, form uint32 }

// Matcher finds and scores listed entities. It is immutable after Build and
// safe for concurrent use.
type Matcher struct {
	// parties are the matchable entities; the index's entity numbers are
	// positions in parties.
	parties []*party
	// formRefs[f] locates index form f within its party's names.
	formRefs []formRef
	ix       *index.Index
	// all maps every entity id (links and sanctions included) to its
	// entity; links maps an entity id to the link entities naming it.
	all   map[string]*entity.Entity
	links map[string][]*entity.Entity
	// schemas are the distinct schemas of parties; schemaOf[i] numbers
	// the schema of parties[i] (a flat array: checking a candidate's
	// schema touches no party).
	schemas  []string
	schemaOf []uint16
	// scratch pools index.Scratch: BenchmarkScratchPool (benchstat,
	// -count=10, one run) retrieves in 105 µs ±52% with a pooled
	// scratch, 2.1 ms ±377% with a new one per query (300 KiB, 38
	// allocations: the accumulator of every indexed form, the token memo).
	scratch sync.Pool
	// countries memoizes country names to codes for queries.
	countries countryCache
	// byID maps an identifier value (appendIDs' form) to the parties
	// carrying it, so that a query sharing a registry identifier finds
	// the party whatever its name (retrievable).
	byID map[string][]uint32
	// groups partitions parties into real parties (group.go).
	groups grouping
}

// retrievable reports whether an identifier may retrieve a party by
// itself: every specific kind (INN, OGRN, IMO, LEI, USCC, passport), and a
// generic one (id, registration or tax number) of eight characters or
// more; shorter generic numbers collide across registries.
func retrievable(id ident) bool { return id.kind != idGeneric || len(id.value) >= 8 }

// idCompatible reports whether two identifiers of equal value are the same
// identifier (as scoring counts them).
func idCompatible(a, b ident) bool {
	return a.kind == b.kind || a.kind == idGeneric || b.kind == idGeneric
}

// linkProps are the properties through which a link or sanction entity
// names the entities it joins.
var linkProps = []string{entity.Owner, entity.Asset, entity.Director, entity.Organization,
	entity.Subject, entity.Object, entity.SanctionEntity, "person", "relative", "member", "employee", "employer", "holder"}

// Build builds a Matcher from a stream of entities. Entities of schemas
// that are not matchable (links, sanctions, addresses) are kept for Entity
// and Links but not indexed. The first error of the stream stops the build
// and is returned wrapped. Names are analyzed on all cores; the index is
// filled in stream order, so a build is deterministic.
func Build(ctx context.Context, entities iter.Seq2[*entity.Entity, error]) (*Matcher, error) {
	m := &Matcher{all: make(map[string]*entity.Entity), links: make(map[string][]*entity.Entity)}
	ib := index.NewBuilder()
	analyze := func(_ context.Context, e *entity.Entity) (*party, error) {
		if !entity.Matchable(e.Schema) {
			return nil, nil
		}
		return prepare(e, &m.countries), nil
	}
	add := func(ents []*entity.Entity, parties []*party) error {
		for i, e := range ents {
			m.all[e.ID] = e
			if p := parties[i]; p != nil {
				if len(p.names) == 0 {
					continue
				}
				ord := uint32(len(m.parties))
				si := slices.Index(m.schemas, e.Schema)
				if si < 0 {
					si = len(m.schemas)
					m.schemas = append(m.schemas, e.Schema)
				}
				m.schemaOf = append(m.schemaOf, uint16(si))
				m.parties = append(m.parties, p)
				for _, id := range p.ids {
					if retrievable(id) {
						if m.byID == nil {
							m.byID = make(map[string][]uint32)
						}
						if refs := m.byID[id.value]; len(refs) == 0 || refs[len(refs)-1] != ord {
							m.byID[id.value] = append(refs, ord)
						}
					}
				}
				continue
			}
			if entity.IsLink(e.Schema) || e.Schema == entity.Sanction {
				for _, p := range linkProps {
					for _, id := range e.Properties[p] {
						m.links[id] = append(m.links[id], e)
					}
				}
			}
		}
		return nil
	}
	opts := pipeline.Options{Window: 2 * runtime.GOMAXPROCS(0)}
	if err := pipeline.Run(ctx, opts, entities, analyze, add); err != nil {
		return nil, fmt.Errorf("match: building: %w", err)
	}
	inheritWeak(m.parties)
	m.groups = buildGroups(m.parties)
	m.indexForms(ib)
	m.ix = ib.Build()
	m.scratch.New = func() any { return m.ix.NewScratch() }
	return m, nil
}

// Len returns the number of matchable entities.
func (m *Matcher) Len() int { return len(m.parties) }

// Forms returns the number of indexed name forms.
func (m *Matcher) Forms() int { return m.ix.Len() }

// Index returns the Matcher's name index (read only), for callers that
// look names up in bulk, such as a scan of running text for listed names.
func (m *Matcher) Index() *index.Index { return m.ix }

// Entity returns the entity with the given id, links and sanctions
// included, or nil.
func (m *Matcher) Entity(id string) *entity.Entity { return m.all[id] }

// Links returns the link and sanction entities that name the entity id.
// The slice belongs to the Matcher.
func (m *Matcher) Links(id string) []*entity.Entity { return m.links[id] }

// Search matches a bare name against every schema; errors as Match.
func (m *Matcher) Search(ctx context.Context, text string, opts Options) ([]Result, error) {
	q := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{entity.Name: {text}}}
	return m.Match(ctx, q, opts)
}

// Match returns the listed parties that best match the query, best first,
// at most opts.Limit, none scoring below opts.MinScore (matches always
// kept). A party listed several times (the same party on the SDN, the CSL,
// the UN and the EU lists: group.go) is one Result whose Records are all
// its records; ties are ranked by a stable key of the party, never by
// retrieval order. Candidates come from the name index and, when the query carries
// identifiers, from the parties sharing one (see retrievable): a shared
// INN, OGRN, IMO, LEI, USCC or passport number finds the party even when
// the name differs or is missing.
//
// A cancelled or expired ctx is an error (wrapping ctx.Err()), never an
// empty result: the context is checked before the query and every
// ctxEvery scored candidates, so a slow query stops at its deadline.
func (m *Matcher) Match(ctx context.Context, query *entity.Entity, opts Options) ([]Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	o := opts.withDefaults()
	if query.Schema == "" {
		query = &entity.Entity{ID: query.ID, Schema: entity.LegalEntity, Properties: query.Properties}
	}
	q := prepare(query, &m.countries)
	if len(q.names) == 0 && len(q.ids) == 0 {
		return nil, nil
	}
	s := m.scratch.Get().(*index.Scratch)
	defer m.scratch.Put(s)
	var qforms []names.Form
	if len(q.names) == 1 {
		qforms = q.names[0].Forms
	} else if len(q.names) > 1 {
		qforms = nil
		for i := range q.names {
			qforms = append(qforms, q.names[i].Forms...)
		}
	}
	limit := o.Candidates
	if len(o.Datasets) > 0 {
		limit *= 4
	}
	if slices.ContainsFunc(qforms, func(f names.Form) bool { return names.FromAbjad(f.Translit) }) {
		// An Arabic-script name meets its own script on the lists (the
		// UN's original-script names, a family's shared names) before
		// the Latin spellings it is after.
		limit *= 3
	}
	var cands []index.Candidate
	if len(qforms) > 0 {
		cands = m.ix.Search(qforms, o.Budget, limit, s)
		cands = m.readingCandidates(qforms, cands, o.Budget, limit, s)
	}
	// Group candidate forms by party, keeping retrieval order: all refs in
	// one slice, each group a run of it.
	type group struct {
		party      uint32
		start, end int
	}
	// Default options need no more than the buffers on the stack.
	var refBuf [32]formRef
	var groupBuf [32]group
	refs, groups := refBuf[:0], groupBuf[:0]
	if len(cands) > len(refBuf) {
		refs = make([]formRef, 0, len(cands))
	}
	// pairs memoizes the schema verdict by candidate schema: a query
	// meets few schemas, and entity.Compatible walks the schema tree.
	var pairBuf [16]schemaPair
	var doneBuf [16]bool
	var pairs []schemaPair
	var done []bool
	if len(m.schemas) <= len(pairBuf) {
		pairs, done = pairBuf[:len(m.schemas)], doneBuf[:len(m.schemas)]
	} else {
		pairs, done = make([]schemaPair, len(m.schemas)), make([]bool, len(m.schemas))
	}
	pairFor := func(party uint32) schemaPair {
		si := m.schemaOf[party]
		if !done[si] {
			pairs[si], done[si] = pairOf(q.ent.Schema, m.schemas[si], &o), true
		}
		return pairs[si]
	}
	// worth[i] says whether candidate i is scored: not far behind the best
	// by retrieval score, or a spelling of the whole query by skeletons
	// (Rostekh, Rostec), which retrieval reaches by phonetic keys only and
	// ranks behind a form that holds a query token as written. Worked out
	// once per candidate; the skeleton test only for those behind.
	var worthBuf [32]bool
	worth := worthBuf[:0]
	if len(cands) > len(worthBuf) {
		worth = make([]bool, 0, len(cands))
	}
	for _, c := range cands {
		ok := c.Score >= cands[0].Score*float32(o.RetrievalCut)
		if !ok {
			f, _, _ := m.ix.Form(c.Form)
			ok = coversSkeletons(qforms, f)
		}
		worth = append(worth, ok)
	}
	for ci, c := range cands {
		if !worth[ci] {
			continue // far behind the best: not worth scoring
		}
		if !pairFor(c.Entity).compatible {
			continue
		}
		if len(o.Datasets) > 0 && !m.partyInAny(c.Entity, o.Datasets) {
			continue
		}
		found := false
		for i := range groups {
			if groups[i].party == c.Entity {
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, group{party: c.Entity})
		}
	}
	for i := range groups {
		groups[i].start = len(refs)
		for ci, c := range cands {
			if c.Entity == groups[i].party && worth[ci] {
				refs = append(refs, m.formRefs[c.Form])
			}
		}
		groups[i].end = len(refs)
	}
	// Parties sharing a retrievable identifier with the query join the
	// candidates; their names are all compared (no refs).
	byName := len(groups)
	for _, id := range q.ids {
		if !retrievable(id) {
			continue
		}
		for _, ord := range m.byID[id.value] {
			if !pairFor(ord).compatible || len(o.Datasets) > 0 && !inAny(m.parties[ord].ent, o.Datasets) ||
				!slices.ContainsFunc(m.parties[ord].ids, func(c ident) bool { return c.value == id.value && idCompatible(id, c) }) ||
				slices.ContainsFunc(groups, func(g group) bool { return g.party == ord }) {
				continue
			}
			groups = append(groups, group{party: ord, start: len(refs), end: len(refs)})
		}
	}
	refsOf := func(gi int) []formRef {
		if gi >= byName {
			return nil // found by identifier: every name
		}
		return refs[groups[gi].start:groups[gi].end]
	}
	var keptBuf [32]scoredRecord
	kept := keptBuf[:0]
	for gi, g := range groups {
		if gi%ctxEvery == ctxEvery-1 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("match: %w", err)
			}
		}
		p := m.parties[g.party]
		score, _ := scorePair(q, p, refsOf(gi), &o, scoreOnly, pairFor(g.party))
		if score < o.MinScore && score < o.Threshold {
			continue
		}
		kept = append(kept, scoredRecord{g.party, score, refsOf(gi)})
	}
	results := m.partyResults(q, kept, &o, pairFor)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	return results, nil
}

// ctxEvery is how many candidates Match scores between two checks of its
// context: a check costs far less than scoring so many candidates.
const ctxEvery = 16

// Holder holds the current Matcher; a new one is swapped in atomically when
// the lists change, and readers never lock. The zero value holds nil.
type Holder struct{ p atomic.Pointer[Matcher] }

// Load returns the current Matcher (nil before the first Swap).
func (h *Holder) Load() *Matcher { return h.p.Load() }

// Swap installs m and returns the previous Matcher.
func (h *Holder) Swap(m *Matcher) *Matcher { return h.p.Swap(m) }

// inAny reports whether e is in one of the datasets (any of its own, not
// only its primary one: OpenSanctions entities are on several lists).
func inAny(e *entity.Entity, datasets []string) bool {
	for _, d := range datasets {
		if e.InDataset(d) {
			return true
		}
	}
	return false
}

// coversSkeletons reports whether f holds every skeleton of one of the
// query forms qs, or, for a query form romanized from Arabic script and a
// Latin f as the list writes it, a spelling of each of its tokens by
// names.AbjadSim (coversAbjad).
func coversSkeletons(qs []names.Form, f *names.Form) bool {
	for i := range qs {
		if names.FromAbjad(qs[i].Translit) && f.Translit == "" && f.Script == names.Latin && coversAbjad(&qs[i], f) {
			return true
		}
		if len(qs[i].Skeletons) == 0 || len(qs[i].Skeletons) > len(f.Skeletons) {
			continue
		}
		all := true
		for _, sk := range qs[i].Skeletons {
			if !slices.Contains(f.Skeletons, sk) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// coversAbjad reports whether every token of q of two letters or more
// but the particles (al, bin) has a spelling in f by names.AbjadSim or
// as written.
func coversAbjad(q, f *names.Form) bool {
	n := 0
	for _, t := range q.Tokens {
		if len(t) < 2 || particle(t) {
			continue
		}
		n++
		if !slices.ContainsFunc(f.Tokens, func(u string) bool { return u == t || names.AbjadSim(t, u) > 0 }) {
			return false
		}
	}
	return n > 0
}
