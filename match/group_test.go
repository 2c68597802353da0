package match

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestGroupRules checks each grouping rule and each guard on small
// records.
func TestGroupRules(t *testing.T) {
	rec := func(id, schema, dataset, sourceID, sublist string, props ...string) *entity.Entity {
		e := &entity.Entity{ID: id, Schema: schema, Dataset: dataset, SourceID: sourceID, Sublist: sublist, Properties: map[string][]string{}}
		for i := 0; i+1 < len(props); i += 2 {
			e.Add(props[i], props[i+1])
		}
		return e
	}
	const treasury = "Specially Designated Nationals (SDN) - Treasury Department"
	os := rec("NK-1", "Person", "opensanctions", "NK-1", "", "name", "Ivan Petrov")
	os.Referents = []string{"ofac-9", "unsc-9"}
	tests := []struct {
		name string
		ents []*entity.Entity
		want string // groups of ids, "|" between groups, sorted
	}{
		{"ent_num across SDN and CSL copies",
			[]*entity.Entity{
				rec("ofac-7", "Organization", "us_ofac_sdn", "7", "", "name", "Acme"),
				rec("us-csl-SDN-7", "Organization", "us_trade_csl", "7", treasury, "name", "ACME"),
				rec("us-csl-SSI-7", "Organization", "us_trade_csl", "7", "Sectoral Sanctions Identifications List (SSI) - Treasury Department", "name", "ACME"),
				rec("us-csl-EL-7", "Organization", "us_trade_csl", "7", "Entity List (EL) - Bureau of Industry and Security", "name", "ACME"),
			},
			"ofac-7 us-csl-SDN-7 us-csl-SSI-7|us-csl-EL-7"},
		{"UN reference across UN, EU, UK",
			[]*entity.Entity{
				rec("unsc-1", "Person", "un_sc_sanctions", "1", "", "name", "Abu X", "unscId", "QDi.001"),
				rec("eu-fsf-5", "Person", "eu_fsf", "5", "", "name", "Abou X", "unscId", "QDi.001"),
				rec("gb-hmt-3", "Person", "gb_hmt_sanctions", "3", "", "name", "Abu Ks", "unscId", "QDi 001"),
			},
			"eu-fsf-5 gb-hmt-3 unsc-1"},
		{"referents",
			[]*entity.Entity{
				rec("ofac-9", "Person", "us_ofac_sdn", "9", "", "name", "PETROV, Ivan"),
				rec("unsc-9", "Person", "un_sc_sanctions", "9", "", "name", "Ivan Petrov"),
				os,
			},
			"NK-1 ofac-9 unsc-9"},
		{"strong identifier, same kind only",
			[]*entity.Entity{
				rec("a-1", "Company", "a", "1", "", "name", "Alpha", "innCode", "7701234567"),
				rec("b-1", "Company", "b", "1", "", "name", "Alfa LLC", "innCode", "77 0123 4567"),
				rec("c-1", "Company", "c", "1", "", "name", "Other", "ogrnCode", "7701234567"),
			},
			"a-1 b-1|c-1"},
		{"name and birth date",
			[]*entity.Entity{
				rec("ofac-1", "Person", "us_ofac_sdn", "1", "", "name", "Ivan PETROV", "birthDate", "1960-01-02"),
				rec("unsc-2", "Person", "un_sc_sanctions", "2", "", "name", "ivan petrov", "birthDate", "1960-01-02"),
				rec("eu-fsf-3", "Person", "eu_fsf", "3", "", "name", "Ivan Petrov", "birthDate", "1960"),
			},
			"eu-fsf-3|ofac-1 unsc-2"},
		{"a list keeps apart what it lists twice",
			[]*entity.Entity{
				rec("unsc-1", "Person", "un_sc_sanctions", "1", "", "name", "Ali Hassan", "birthDate", "1970-01-01"),
				rec("unsc-2", "Person", "un_sc_sanctions", "2", "", "name", "Ali Hassan", "birthDate", "1970-01-01"),
			},
			"unsc-1|unsc-2"},
		{"a person is never grouped with an organization",
			[]*entity.Entity{
				rec("a-1", "Person", "a", "1", "", "name", "X", "passportNumber", "AB123456"),
				rec("b-1", "Organization", "b", "1", "", "name", "X", "passportNumber", "AB123456"),
			},
			"a-1|b-1"},
		{"an identifier on too many records joins none",
			func() []*entity.Entity {
				var es []*entity.Entity
				for i := range maxKeyShare + 1 {
					es = append(es, rec(fmt.Sprintf("d%d-1", i), "Company", fmt.Sprintf("d%d", i), "1", "", "name", fmt.Sprint("Co ", i), "imoNumber", "IMO 1234567"))
				}
				return es
			}(),
			"d0-1|d1-1|d2-1|d3-1|d4-1|d5-1|d6-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Build(context.Background(), seq(tc.ents))
			if err != nil {
				t.Fatal(err)
			}
			if got := groupsOf(m); got != tc.want {
				t.Errorf("groups:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// groupsOf spells out m's groups, ids sorted within and between groups.
func groupsOf(m *Matcher) string {
	var gs []string
	for g := range uint32(len(m.groups.start) - 1) {
		var ids []string
		for _, p := range m.groups.members(g) {
			ids = append(ids, m.parties[p].ent.ID)
		}
		slices.Sort(ids)
		gs = append(gs, strings.Join(ids, " "))
	}
	slices.Sort(gs)
	return strings.Join(gs, "|")
}

// TestGroupsRealLists groups the benchmark lists (SDN, consolidated, UN,
// CSL) and checks what must hold: every CSL copy of an SDN entry is in
// its entry's group, no group mixes persons and organizations or exceeds
// maxGroup. It logs the sizes and the largest groups for a look.
func TestGroupsRealLists(t *testing.T) {
	m := buildMatcher(t, "all", allLists)
	st := m.GroupStats()
	t.Logf("%d records in %d parties, %d of two records or more; sizes %v", st.Records, st.Parties, st.Grouped, st.Sizes)
	for _, ids := range st.Largest {
		var desc []string
		for _, id := range ids {
			e := m.Entity(id)
			desc = append(desc, fmt.Sprintf("%s %q", id, e.Caption()))
		}
		t.Logf("  %s", strings.Join(desc, ", "))
	}
	combos := map[string]int{}
	for g := range uint32(st.Parties) {
		var ds []string
		for _, p := range m.groups.members(g) {
			if d := m.parties[p].ent.Dataset; !slices.Contains(ds, d) {
				ds = append(ds, d)
			}
		}
		if len(ds) > 1 {
			slices.Sort(ds)
			combos[strings.Join(ds, "+")]++
		}
	}
	t.Logf("groups across lists: %v", combos)
	missed := 0
	for i, p := range m.parties {
		e := p.ent
		if e.Dataset != "us_trade_csl" || !strings.HasPrefix(e.Sublist, "Specially Designated Nationals") {
			continue
		}
		sdn := m.Entity(entity.MakeID("us_ofac_sdn", e.SourceID))
		if sdn == nil || !entity.Matchable(sdn.Schema) {
			continue
		}
		if !slices.Contains(m.Party(sdn.ID), e.ID) {
			missed++
			if missed <= 5 {
				t.Errorf("%s (party %d) is not grouped with %s", e.ID, i, sdn.ID)
			}
		}
	}
	for g := range uint32(st.Parties) {
		ms := m.groups.members(g)
		if len(ms) > maxGroup {
			t.Errorf("group of %d records", len(ms))
		}
		for _, p := range ms[1:] {
			if kindOf(m.parties[p].ent.Schema) != kindOf(m.parties[ms[0]].ent.Schema) {
				t.Errorf("group mixes %s and %s", m.parties[p].ent.ID, m.parties[ms[0]].ent.ID)
			}
		}
	}
}

// TestPartyRankingStable checks that the results do not depend on the
// order the lists come in: the same queries over the benchmark lists read
// forwards and backwards give the same parties, top records, records and
// scores (a party's copies tie, and ties are broken by a stable key).
func TestPartyRankingStable(t *testing.T) {
	es := readLists(t, allLists)
	fwd := buildMatcher(t, "all", allLists)
	rev := slices.Clone(es)
	slices.Reverse(rev)
	bwd, err := Build(context.Background(), seq(rev))
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"Ayman al-Zawahiri", "Rosoboronexport", "Rosneft", "Bank Melli", "Kim Jong Un", "Hamas", "VTB Bank", "Islamic Revolutionary Guard Corps", "Mahan Air", "Sberbank"}
	describe := func(rs []Result) string {
		var b strings.Builder
		for _, r := range rs {
			fmt.Fprintf(&b, "%s %.4f [", r.Entity.ID, r.Score)
			for _, rec := range r.Records {
				fmt.Fprintf(&b, " %s:%.4f", rec.ID, rec.Score)
			}
			fmt.Fprintf(&b, " ] decided by %v\n", r.Explanation.DecidedBy)
		}
		return b.String()
	}
	for _, q := range queries {
		a, err := fwd.Search(context.Background(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := bwd.Search(context.Background(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if da, db := describe(a), describe(b); da != db {
			t.Errorf("%q: lists forwards:\n%s\nbackwards:\n%s", q, da, db)
		}
		seen := map[string]bool{}
		for _, r := range a {
			for _, rec := range r.Records {
				if seen[rec.ID] {
					t.Errorf("%q: record %s in two results", q, rec.ID)
				}
				seen[rec.ID] = true
			}
		}
	}
}
