package match

import (
	"cmp"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/index"
	"github.com/redline-sanctions/redline/names"
)

// Cross-list resolution. One real party is often listed several times: on
// the SDN list, in the CSL (which copies every SDN row, once per Treasury
// sub-list), on the UN list and in the EU and UK copies of the UN list, in
// an OpenSanctions export that merged them. Build groups the records that
// are the same party (a union-find over the matchable parties), and Match
// returns one Result per group: the best-scoring record on top, every
// record of the group in Result.Records.
//
// Records are joined, strongest evidence first, by:
//
//  1. the OFAC ent_num: an SDN or consolidated (non-SDN) entry and the
//     CSL rows of the Treasury sub-lists, whose _id is the ent_num;
//  2. OpenSanctions referents: an FtM entity whose referents name the id
//     of another record (ofac-306, unsc-6908…), or two entities naming
//     the same referent;
//  3. the UN reference number (unscId, QDi.001) of the UN list and of the
//     EU and UK copies;
//  4. a strong identifier of the same kind and value: INN, OGRN, IMO,
//     USCC, LEI, passport;
//  5. the same normalised primary name and the same full birth date (a
//     person) or incorporation date (anything else).
//
// Guards keep groups from snowballing: a person is never grouped with a
// non-person, nor a vessel with an airplane or a company; a key (identifier,
// name and date) that more than maxKeyShare records carry is ignored (a
// shared registered address number, a family's passport series); a group
// never holds two records of one list that the list itself keeps apart
// (rules 2 to 5 refuse a join when both sides already hold a record of the
// same dataset; rule 1 may, as the CSL lists one ent_num once per
// sub-list); a group never grows past maxGroup records.
//
// Worked example, on the real lists: SDN ent_num 2676 (ofac-2676, "AL
// ZAWAHIRI, Dr. Ayman") and the CSL row us-csl-SDN-2676 join by rule 1;
// the UN record unsc-111923 ("AIMAN MUHAMMED RABI AL-ZAWAHIRI") carries
// the same Egyptian passport 1084010 as the SDN entry and joins by rule 4.
// A search for "Ayman al-Zawahiri" returns one result, ofac-2676, with the
// three records. Over the SDN 2021, consolidated 2025, UN and CSL 2022
// lists (TestGroupsRealLists): 24,581 records in 15,321 parties.

// maxKeyShare is the most records one grouping key (other than an
// ent_num) may join; a key shared by more is not evidence of one party.
const maxKeyShare = 6

// maxGroup is the most records one group may hold.
const maxGroup = 16

// grouping is the partition of a Matcher's parties into real parties.
// Groups are numbered; of[i] is the group of party i; the members of group
// g are flat[start[g]:start[g+1]], in rank order (recordRank). A party in
// no other's company is a group of one.
//
// Example: parties 0 (ofac-6908), 1 (unsc-123), 2 (us-csl-SDN-6908), with
// 0 and 2 the same party: of = [0 1 0], start = [0 2 3], flat = [0 2 1].
type grouping struct {
	of    []uint32
	start []uint32
	flat  []uint32
}

// members returns the parties of group g, best-ranked first.
func (g *grouping) members(grp uint32) []uint32 {
	return g.flat[g.start[grp]:g.start[grp+1]]
}

// GroupStats describes a Matcher's grouping of records into parties.
type GroupStats struct {
	// Records is the number of matchable records, Parties the number of
	// groups, Grouped the number of groups of two records or more.
	Records, Parties, Grouped int
	// Sizes counts groups by size: Sizes[n] groups of n records.
	Sizes map[int]int
	// Largest holds the entity ids of the largest groups (at most five),
	// largest first.
	Largest [][]string
}

// GroupStats reports how Build grouped the records into parties.
func (m *Matcher) GroupStats() GroupStats {
	st := GroupStats{Records: len(m.parties), Parties: len(m.groups.start) - 1, Sizes: map[int]int{}}
	var order []uint32
	for g := range uint32(st.Parties) {
		n := len(m.groups.members(g))
		st.Sizes[n]++
		if n > 1 {
			st.Grouped++
			order = append(order, g)
		}
	}
	slices.SortStableFunc(order, func(a, b uint32) int {
		return cmp.Compare(len(m.groups.members(b)), len(m.groups.members(a)))
	})
	for _, g := range order[:min(len(order), 5)] {
		var ids []string
		for _, p := range m.groups.members(g) {
			ids = append(ids, m.parties[p].ent.ID)
		}
		st.Largest = append(st.Largest, ids)
	}
	return st
}

// Party returns the entity ids of every record of the party the entity id
// belongs to, best-ranked first, or nil when id is not a matchable record.
func (m *Matcher) Party(id string) []string {
	i, ok := m.ordOf(id)
	if !ok {
		return nil
	}
	var ids []string
	for _, p := range m.groups.members(m.groups.of[i]) {
		ids = append(ids, m.parties[p].ent.ID)
	}
	return ids
}

// ordOf returns the party number of entity id.
func (m *Matcher) ordOf(id string) (uint32, bool) {
	e := m.all[id]
	if e == nil {
		return 0, false
	}
	for i, p := range m.parties {
		if p.ent == e {
			return uint32(i), true
		}
	}
	return 0, false
}

// kindOf is the grouping kind of a schema: records of different kinds are
// never one party.
func kindOf(schema string) byte {
	switch {
	case entity.IsA(schema, entity.Person):
		return 'p'
	case entity.IsA(schema, entity.Vessel):
		return 'v'
	case entity.IsA(schema, entity.Airplane):
		return 'a'
	}
	return 'o'
}

// ofacEntNum returns the OFAC ent_num of a record: the source id of an SDN
// or consolidated-list entry, or of a CSL row of a Treasury sub-list.
func ofacEntNum(e *entity.Entity) (string, bool) {
	switch e.Dataset {
	case "us_ofac_sdn", "us_ofac_cons":
	case "us_trade_csl":
		if !strings.HasSuffix(e.Sublist, "Treasury Department") {
			return "", false
		}
	default:
		return "", false
	}
	if e.SourceID == "" || strings.ContainsFunc(e.SourceID, func(r rune) bool { return r < '0' || r > '9' }) {
		return "", false
	}
	return strings.TrimLeft(e.SourceID, "0"), true
}

// datasetRank orders the lists for the choice of a group's top record when
// scores tie: the official lists first, the copies (consolidated, CSL) and
// merged exports after.
func datasetRank(ds string) int {
	switch ds {
	case "us_ofac_sdn":
		return 0
	case "un_sc_sanctions":
		return 1
	case "eu_fsf":
		return 2
	case "gb_fcdo_sanctions", "gb_hmt_sanctions":
		return 3
	case "us_ofac_cons":
		return 4
	case "us_bis_denied":
		return 5
	case "us_trade_csl":
		return 6
	}
	return 7
}

// recordLess orders two records of a group: by datasetRank, then id.
func recordLess(a, b *entity.Entity) int {
	if c := cmp.Compare(datasetRank(a.Dataset), datasetRank(b.Dataset)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// groupIDKinds are the identifier kinds that join records (rule 4).
var groupIDKinds = map[idKind]bool{idINN: true, idOGRN: true, idIMO: true, idLEI: true, idUSC: true, idPassport: true}

// unionFind joins parties under the guards of the package comment.
type unionFind struct {
	parent []uint32
	size   []uint16
	kind   []byte
	// sets[r] are the datasets of the records of root r.
	sets [][]string
}

func (u *unionFind) find(i uint32) uint32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union joins the groups of a and b unless a guard forbids it; sameList
// allows two records of one dataset (the ent_num rule).
func (u *unionFind) union(a, b uint32, sameList bool) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb || u.kind[ra] != u.kind[rb] || int(u.size[ra])+int(u.size[rb]) > maxGroup {
		return
	}
	if !sameList && slices.ContainsFunc(u.sets[ra], func(d string) bool { return slices.Contains(u.sets[rb], d) }) {
		return
	}
	if ra > rb {
		ra, rb = rb, ra // the lower number is the root: deterministic
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
	for _, d := range u.sets[rb] {
		if !slices.Contains(u.sets[ra], d) {
			u.sets[ra] = append(u.sets[ra], d)
		}
	}
	u.sets[rb] = nil
}

// keyIndex collects the parties carrying each key, keys in the order
// they are first seen (so that joins happen in a deterministic order).
type keyIndex struct {
	keys []string
	by   map[string][]uint32
}

func (k *keyIndex) add(key string, p uint32) {
	if k.by == nil {
		k.by = make(map[string][]uint32)
	}
	l, ok := k.by[key]
	if !ok {
		k.keys = append(k.keys, key)
	}
	if len(l) == 0 || l[len(l)-1] != p {
		k.by[key] = append(l, p)
	}
}

// join unites the parties of every key shared by 2 to limit parties
// (limit 0: any number).
func (k *keyIndex) join(u *unionFind, limit int, sameList bool) {
	for _, key := range k.keys {
		ps := k.by[key]
		if len(ps) < 2 || limit > 0 && len(ps) > limit {
			continue
		}
		for _, p := range ps[1:] {
			u.union(ps[0], p, sameList)
		}
	}
}

// buildGroups partitions parties into real parties (see the package
// comment on cross-list resolution).
func buildGroups(parties []*party) grouping {
	n := len(parties)
	u := unionFind{parent: make([]uint32, n), size: make([]uint16, n), kind: make([]byte, n), sets: make([][]string, n)}
	var entNum, refs, unsc, ids, nameDate keyIndex
	byID := make(map[string]uint32, n)
	for i, p := range parties {
		e := p.ent
		u.parent[i], u.size[i], u.kind[i] = uint32(i), 1, kindOf(e.Schema)
		u.sets[i] = []string{e.Dataset}
		byID[e.ID] = uint32(i)
	}
	for i, p := range parties {
		e, ord := p.ent, uint32(i)
		if num, ok := ofacEntNum(e); ok {
			entNum.add(num, ord)
		}
		for _, r := range e.Referents {
			if j, ok := byID[r]; ok && j != ord {
				refs.add(r, j)
			}
			refs.add(r, ord)
		}
		for _, v := range e.Properties[entity.UNSCReference] {
			if k := unscKey(v); k != "" {
				unsc.add(k, ord)
			}
		}
		for _, ip := range idProps {
			if !groupIDKinds[ip.kind] {
				continue
			}
			for _, v := range e.Properties[ip.prop] {
				if s := entity.IdentifierKey(ip.prop, v); len(s) >= 6 {
					ids.add(string(rune('0'+ip.kind))+s, ord)
				}
			}
		}
		dateProp := entity.BirthDate
		if u.kind[i] != 'p' {
			dateProp = entity.IncorporationDt
		}
		for _, dv := range e.Properties[dateProp] {
			d, ok := parseDate(dv)
			if !ok || d.m == 0 || d.d == 0 {
				continue
			}
			ds := string([]byte{byte(d.y >> 8), byte(d.y), byte(d.m), byte(d.d)})
			for _, nv := range e.Properties[entity.Name] {
				if nn := names.Normalize(nv); nn != "" {
					nameDate.add(string(u.kind[i])+ds+nn, ord)
				}
			}
		}
	}
	entNum.join(&u, 0, true)
	refs.join(&u, 0, false)
	unsc.join(&u, maxKeyShare, false)
	ids.join(&u, maxKeyShare, false)
	nameDate.join(&u, maxKeyShare, false)

	// Number the groups by their first party, and lay the members out.
	g := grouping{of: make([]uint32, n), flat: make([]uint32, 0, n)}
	num := make(map[uint32]uint32)
	counts := []uint32{}
	for i := range n {
		r := u.find(uint32(i))
		gi, ok := num[r]
		if !ok {
			gi = uint32(len(counts))
			num[r] = gi
			counts = append(counts, 0)
		}
		g.of[i] = gi
		counts[gi]++
	}
	g.start = make([]uint32, len(counts)+1)
	for i, c := range counts {
		g.start[i+1] = g.start[i] + c
	}
	g.flat = g.flat[:n]
	fill := slices.Clone(g.start[:len(counts)])
	for i := range n {
		gi := g.of[i]
		g.flat[fill[gi]] = uint32(i)
		fill[gi]++
	}
	for gi := range uint32(len(counts)) {
		ms := g.members(gi)
		if len(ms) > 1 {
			slices.SortFunc(ms, func(a, b uint32) int { return recordLess(parties[a].ent, parties[b].ent) })
		}
	}
	return g
}

// unscKey normalises a UN reference number: letters and digits, upper
// case (QDi.001 → QDI001); "" when it holds no digit.
func unscKey(v string) string {
	var b strings.Builder
	digit := false
	for _, r := range strings.ToUpper(v) {
		switch {
		case r >= '0' && r <= '9':
			digit = true
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		}
	}
	if !digit {
		return ""
	}
	return b.String()
}

// Record is one listed record of a party: the list it is on, the list's
// own id for it, its name and its score for the query.
type Record struct {
	// Entity is the record itself.
	Entity   *entity.Entity `json:"-"`
	ID       string         `json:"id"`
	Dataset  string         `json:"dataset"`
	SourceID string         `json:"source_id"`
	Sublist  string         `json:"sublist,omitempty"`
	Name     string         `json:"name"`
	Score    float64        `json:"score"`
}

// Datasets returns every list the party of r is on, the top record's
// first, without repeats (an OpenSanctions record brings all of its own).
func (r *Result) Datasets() []string {
	var out []string
	add := func(e *entity.Entity) {
		for _, d := range e.AllDatasets() {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	if r.Entity != nil {
		add(r.Entity)
	}
	for _, rec := range r.Records {
		if rec.Entity != nil {
			add(rec.Entity)
		}
	}
	return out
}

// scoredRecord is a listed record scored quietly for a query, with the
// forms retrieval found (nil: every name).
type scoredRecord struct {
	party uint32
	score float64
	refs  []formRef
}

// partyHit is the best record of one group among the scored records.
type partyHit struct {
	group uint32
	best  scoredRecord
}

// partyKey is the stable key that orders parties of equal score: the id
// of the group's best-ranked record.
func (m *Matcher) partyKey(g uint32) string { return m.parties[m.groups.members(g)[0]].ent.ID }

// better reports whether a outranks b: a higher score, or the same score
// and a better-ranked record (recordLess).
func (m *Matcher) better(a, b scoredRecord) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return recordLess(m.parties[a.party].ent, m.parties[b.party].ent) < 0
}

// partyResults turns the records scored for a query into one Result per
// party, best first, at most o.Limit: ranked by score, ties by partyKey
// (never by retrieval order). Each Result's Records lists every record of
// the party (within o.Datasets); the records of a group of two or more
// are all scored on all their names, a record alone keeps its score on
// the forms retrieval found. The top record is the best-scoring one (ties
// by recordLess), and the explanation names the records whose score is
// the party's (DecidedBy).
func (m *Matcher) partyResults(q *party, kept []scoredRecord, o *Options, pairFor func(uint32) schemaPair) []Result {
	var hitBuf [32]partyHit
	hits := hitBuf[:0]
	for _, k := range kept {
		g := m.groups.of[k.party]
		i := slices.IndexFunc(hits, func(h partyHit) bool { return h.group == g })
		switch {
		case i < 0:
			hits = append(hits, partyHit{g, k})
		case m.better(k, hits[i].best):
			hits[i].best = k
		}
	}
	byRank := func(a, b partyHit) int {
		if c := cmp.Compare(b.best.score, a.best.score); c != 0 {
			return c
		}
		return strings.Compare(m.partyKey(a.group), m.partyKey(b.group))
	}
	slices.SortFunc(hits, byRank)
	if len(hits) > o.Limit {
		hits = hits[:o.Limit]
	}
	results := make([]Result, len(hits))
	for i := range hits {
		h := &hits[i]
		members := m.groups.members(h.group)
		recs := make([]scoredRecord, 0, len(members))
		if len(members) > 1 {
			// The best record is chosen among the group's records
			// scored alike (below), within the lists asked for.
			h.best = scoredRecord{party: h.best.party, score: -1}
		}
		for _, p := range members {
			if len(o.Datasets) > 0 && !inAny(m.parties[p].ent, o.Datasets) {
				continue
			}
			r := scoredRecord{party: p}
			if len(members) == 1 {
				r = h.best
			} else {
				// Every record of a group is scored on all its names:
				// retrieval found the group by the forms of one record
				// (indexForms), and which one must not change a score.
				r.score, _ = scorePair(q, m.parties[p], nil, o, scoreOnly, pairFor(p))
			}
			if m.better(r, h.best) {
				h.best = r
			}
			recs = append(recs, r)
		}
		best := h.best
		p := m.parties[best.party]
		score, ex := scorePair(q, p, best.refs, o, explained, pairFor(best.party))
		ex.fill()
		res := Result{Entity: p.ent, Score: score, Match: score >= o.Threshold, Explanation: ex}
		res.Records = make([]Record, 0, len(recs))
		add := func(r scoredRecord) {
			e := m.parties[r.party].ent
			res.Records = append(res.Records, Record{Entity: e, ID: e.ID, Dataset: e.Dataset, SourceID: e.SourceID,
				Sublist: e.Sublist, Name: e.Caption(), Score: r.score})
			if r.score >= best.score {
				res.Explanation.DecidedBy = append(res.Explanation.DecidedBy, e.ID)
			}
		}
		add(best)
		for _, r := range recs {
			if r.party != best.party {
				add(r)
			}
		}
		h.best.score = score
		results[i] = res
	}
	// A record that retrieval missed may have raised its party's score.
	if len(results) > 1 && !slices.IsSortedFunc(hits, byRank) {
		order := make([]int, len(results))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return byRank(hits[a], hits[b]) })
		sorted := make([]Result, len(results))
		for i, j := range order {
			sorted[i] = results[j]
		}
		results = sorted
	}
	return results
}

// Has reports whether id is the id of one of the party's records (the top
// record or another list's copy): a test that a result is the party an
// evaluation row names, whichever copy came out on top.
func (r *Result) Has(id string) bool {
	if r.Entity != nil && r.Entity.ID == id {
		return true
	}
	return slices.ContainsFunc(r.Records, func(rec Record) bool { return rec.ID == id })
}

// indexForms adds the name forms of every party to the index, in party
// order. A form that an earlier record of the same group already put in
// the index is left out: a party's copies on other lists (the CSL's copy
// of an SDN entry has the same names) would otherwise take several of the
// candidate places retrieval hands to scoring, crowding out other parties.
// Match scores the group's other records itself (partyResults).
func (m *Matcher) indexForms(ib *index.Builder) {
	seen := map[uint32]map[string]bool{} // by group, for groups of two or more
	var key []byte
	for ord, p := range m.parties {
		g := m.groups.of[ord]
		var forms map[string]bool
		if len(m.groups.members(g)) > 1 {
			if forms = seen[g]; forms == nil {
				forms = map[string]bool{}
				seen[g] = forms
			}
		}
		for i := range p.names {
			for j := range p.names[i].Forms {
				f := &p.names[i].Forms[j]
				if names.FromAbjad(f.Translit) {
					// A listed name in Arabic script is retrieved by its
					// own script; its romanizations, without short
					// vowels, would crowd out the Latin names an Arabic
					// query is after.
					continue
				}
				if forms != nil {
					key = append(key[:0], f.Translit...)
					if f.Reduced {
						key = append(key, 'r')
					}
					for _, t := range f.Tokens {
						key = append(append(key, 0), t...)
					}
					if forms[string(key)] {
						continue
					}
					forms[string(key)] = true
				}
				ib.Add(uint32(ord), uint32(i), *f)
				m.formRefs = append(m.formRefs, formRef{uint32(i), uint32(j)})
			}
		}
	}
}

// partyInAny reports whether a record of the party of record ord is in
// one of the datasets: retrieval finds a group by the forms of one record,
// which need not be the record of the dataset asked for.
func (m *Matcher) partyInAny(ord uint32, datasets []string) bool {
	for _, p := range m.groups.members(m.groups.of[ord]) {
		if inAny(m.parties[p].ent, datasets) {
			return true
		}
	}
	return false
}
