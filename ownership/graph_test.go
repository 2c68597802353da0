package ownership

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redline-sanctions/redline/entity"
)

// Hand-made entities for the graph tests.

func company(id, dataset string) *entity.Entity {
	e := &entity.Entity{ID: id, Schema: entity.Company, Dataset: dataset, SourceID: id, Properties: map[string][]string{}}
	e.Add(entity.Name, id+" Ltd")
	return e
}

func sdn(id string) *entity.Entity {
	e := company(id, "us_ofac_sdn")
	e.Add(entity.Program, "RUSSIA-EO14024")
	return e
}

// own says owner holds pct of asset; dates are "start..end", either side
// may be empty.
func own(owner, asset, pct, dates string) *entity.Entity {
	e := &entity.Entity{ID: "own-" + owner + "-" + asset + "-" + pct + dates, Schema: entity.Ownership, Dataset: "ext_ru_egrul", Properties: map[string][]string{}}
	e.Add(entity.Owner, owner)
	e.Add(entity.Asset, asset)
	e.Add(entity.Percentage, pct)
	if s, en, ok := strings.Cut(dates, ".."); ok {
		e.Add(entity.StartDate, s)
		e.Add(entity.EndDate, en)
	}
	return e
}

func sanction(subject, dataset string) *entity.Entity {
	e := &entity.Entity{ID: "sanction-" + dataset + "-" + subject, Schema: entity.Sanction, Dataset: dataset, Properties: map[string][]string{}}
	e.Add(entity.SanctionEntity, subject)
	e.Add(entity.Program, "RUSSIA-EO14024")
	e.Add(entity.Authority, "Office of Foreign Assets Control")
	return e
}

func director(person, org string) *entity.Entity {
	e := &entity.Entity{ID: "dir-" + person + "-" + org, Schema: entity.Directorship, Dataset: "ext_ru_egrul", Properties: map[string][]string{}}
	e.Add(entity.Director, person)
	e.Add(entity.Organization, org)
	return e
}

func seq(es ...*entity.Entity) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// pathString writes a path as "S >50%> A >60%> B".
func pathString(p Path) string {
	var b strings.Builder
	for _, st := range p.Steps {
		b.WriteString(st.ID)
		if st.Share != nil {
			b.WriteString(" >" + st.Share.String() + "> ")
		}
	}
	return b.String()
}

func paths(r Result) []string {
	var out []string
	for _, p := range r.Paths {
		out = append(out, pathString(p))
	}
	return out
}

var day = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

func TestBlocked(t *testing.T) {
	csl := func(id, sub string) *entity.Entity {
		e := company(id, "us_trade_csl")
		e.Sublist = sub
		return e
	}
	tagged := company("T", "ext_ru_egrul")
	tagged.Add(entity.Topics, "sanction")
	euPerson := company("E", "eu_fsf")

	type want struct {
		blocked, possible, listed bool
		share, shareMax           float64
		paths                     []string
		control, problems         int
	}
	tests := []struct {
		name     string
		entities []*entity.Entity
		opts     Options
		target   string
		want     want
	}{
		{
			name:     "direct 50%",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "50", "")},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 50, shareMax: 50, paths: []string{"S >50%> A"}},
		},
		{
			name:     "49% is not blocked",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "49.00", "")},
			target:   "A",
			want:     want{share: 49, shareMax: 49, paths: []string{"S >49%> A"}},
		},
		{
			name:     "two blocked owners 25% + 25% aggregate",
			entities: []*entity.Entity{sdn("S1"), sdn("S2"), company("A", "x"), own("S1", "A", "25%", ""), own("S2", "A", "25 %", "")},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 50, shareMax: 50, paths: []string{"S1 >25%> A", "S2 >25%> A"}},
		},
		{
			name: "indirect via a blocked-by-rule subsidiary, shares not multiplied",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), company("B", "x"),
				own("S", "A", "50", ""), own("A", "B", "50", "")},
			target: "B",
			want:   want{blocked: true, possible: true, share: 50, shareMax: 50, paths: []string{"S >50%> A >50%> B"}},
		},
		{
			name: "unblocked intermediate does not pass ownership on",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), company("B", "x"),
				own("S", "A", "40", ""), own("A", "B", "100", "")},
			target: "B",
			want:   want{share: 0, shareMax: 0},
		},
		{
			name: "cycle without enough outside ownership blocks nobody",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), company("B", "x"),
				own("S", "A", "40", ""), own("S", "B", "40", ""), own("A", "B", "20", ""), own("B", "A", "20", "")},
			target: "A",
			want:   want{share: 40, shareMax: 40, paths: []string{"S >40%> A"}},
		},
		{
			name: "cycle with a blocked member counts its circular share",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), company("B", "x"),
				own("S", "A", "50", ""), own("A", "B", "60", ""), own("B", "A", "30", "")},
			target: "A",
			want:   want{blocked: true, possible: true, share: 80, shareMax: 80, paths: []string{"S >50%> A"}},
		},
		{
			name:     "ended ownership does not count",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "60", "2015-01-01..2020-06-30")},
			target:   "A",
			want:     want{},
		},
		{
			name:     "ended ownership counts on a day it held",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "60", "2015-01-01..2020-06-30")},
			opts:     Options{AsOf: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 60, shareMax: 60, paths: []string{"S >60%> A"}},
		},
		{
			name:     "ownership starting after AsOf does not count",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "60", "2027-01..")},
			target:   "A",
			want:     want{},
		},
		{
			name:     "unparseable percentage reported, counted unknown",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "lots", "")},
			target:   "A",
			want:     want{possible: true, share: 0, shareMax: 100, problems: 1},
		},
		{
			name:     "no percentage is possible, not blocked",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "", "")},
			target:   "A",
			want:     want{possible: true, shareMax: 100},
		},
		{
			name:     "range 25-50 is possible, not blocked",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "25-50", "")},
			target:   "A",
			want:     want{possible: true, share: 25, shareMax: 50, paths: []string{"S >25-50%> A"}},
		},
		{
			name:     "majority blocks",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "majority", "")},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 50, shareMax: 100, paths: []string{"S >more than 50%> A"}},
		},
		{
			name:     "control only is noted, not blocked",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), director("S", "A")},
			target:   "A",
			want:     want{control: 1},
		},
		{
			name:     "sanction entity designates a party of another dataset",
			entities: []*entity.Entity{company("P", "ext_ru_egrul"), sanction("P", "us_ofac_sdn"), company("A", "x"), own("P", "A", "51", "")},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 51, shareMax: 51, paths: []string{"P >51%> A"}},
		},
		{
			name:     "sanction of a non-blocking list does not count",
			entities: []*entity.Entity{company("P", "ext_ru_egrul"), sanction("P", "ua_nsdc_sanctions"), company("A", "x"), own("P", "A", "100", "")},
			target:   "A",
			want:     want{},
		},
		{
			name:     "topic counts only when asked",
			entities: []*entity.Entity{tagged, company("A", "x"), own("T", "A", "100", "")},
			target:   "A",
			want:     want{},
		},
		{
			name:     "topic asked for",
			entities: []*entity.Entity{tagged, company("A", "x"), own("T", "A", "100", "")},
			opts:     Options{Topics: []string{"sanction"}},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 100, shareMax: 100, paths: []string{"T >100%> A"}},
		},
		{
			name:     "empty Blocking: only topics block",
			entities: []*entity.Entity{sdn("S"), tagged, company("A", "x"), own("S", "A", "60", ""), own("T", "A", "10", "")},
			opts:     Options{Blocking: []List{}, Topics: []string{"sanction"}},
			target:   "A",
			want:     want{share: 10, shareMax: 10, paths: []string{"T >10%> A"}},
		},
		{
			name:     "listed party is listed, and blocked by the rule too",
			entities: []*entity.Entity{sdn("S"), sdn("A"), own("S", "A", "100", "")},
			target:   "A",
			want:     want{listed: true, blocked: true, possible: true, share: 100, shareMax: 100, paths: []string{"S >100%> A"}},
		},
		{
			name:     "CSL SDN part blocks",
			entities: []*entity.Entity{csl("C", "Specially Designated Nationals (SDN) - Treasury Department"), company("A", "x"), own("C", "A", "50", "")},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 50, shareMax: 50, paths: []string{"C >50%> A"}},
		},
		{
			name:     "CSL Entity List part does not block under OFAC",
			entities: []*entity.Entity{csl("C", "Entity List (EL) - Bureau of Industry and Security"), company("A", "x"), own("C", "A", "50", "")},
			target:   "A",
			want:     want{},
		},
		{
			name:     "EU strict: 50% is not more than 50%",
			entities: []*entity.Entity{euPerson, company("A", "x"), own("E", "A", "50", "")},
			opts:     EUOptions(),
			target:   "A",
			want:     want{possible: false, share: 50, shareMax: 50, paths: []string{"E >50%> A"}},
		},
		{
			name:     "EU strict: more than 50% blocks",
			entities: []*entity.Entity{euPerson, company("A", "x"), own("E", "A", "more than 50%", "")},
			opts:     EUOptions(),
			target:   "A",
			want:     want{blocked: true, possible: true, share: 50, shareMax: 100, paths: []string{"E >more than 50%> A"}},
		},
		{
			name:     "successive filings of one holding are merged, not added",
			entities: []*entity.Entity{sdn("S"), company("A", "x"), own("S", "A", "30", "2015-11-25.."), own("S", "A", "28", "2015-11-25.."), own("S", "A", "31", "2015-11-25..")},
			target:   "A",
			want:     want{share: 31, shareMax: 31, paths: []string{"S >31%> A"}},
		},
		{
			name:     "sanctioned owner known only from links still blocks",
			entities: []*entity.Entity{company("A", "x"), own("ghost", "A", "60", ""), sanction("ghost", "us_ofac_sdn")},
			target:   "A",
			want:     want{blocked: true, possible: true, share: 60, shareMax: 60, paths: []string{"ghost >60%> A"}, problems: 1},
		},
		{
			name:     "owner not in the input is reported and kept",
			entities: []*entity.Entity{company("A", "x"), own("ghost", "A", "60", "")},
			target:   "A",
			want:     want{problems: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if opts.AsOf.IsZero() {
				opts.AsOf = day
			}
			g, err := Build(context.Background(), seq(tc.entities...), opts)
			if err != nil {
				t.Fatal(err)
			}
			r := g.Blocked(tc.target)
			if !r.Found {
				t.Fatalf("%s not found", tc.target)
			}
			got := want{blocked: r.Blocked, possible: r.Possible, listed: r.Listed, share: r.Share, shareMax: r.ShareMax,
				paths: paths(r), control: len(r.Control), problems: len(g.Problems())}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("result (-want +got):\n%s\nproblems: %v", diff, g.Problems())
			}
			// AllBlocked lists the target exactly when it is blocked and
			// not listed.
			inAll := slices.ContainsFunc(g.AllBlocked(), func(x Result) bool { return x.ID == tc.target })
			if inAll != (r.Blocked && !r.Listed) {
				t.Errorf("AllBlocked lists %s: %v; blocked %v listed %v", tc.target, inAll, r.Blocked, r.Listed)
			}
		})
	}
}

func TestOwnersHoldingsFind(t *testing.T) {
	g, err := Build(context.Background(), seq(sdn("S"), company("A", "x"), own("S", "A", "50", ""), own("S", "A", "10", "2001..2002")), Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	owners := g.Owners("A")
	if len(owners) != 2 || owners[0].OwnerName != "S Ltd" || !owners[0].Active || owners[1].Active || owners[1].Inactive != "ended 2002" {
		t.Errorf("Owners(A) = %+v", owners)
	}
	if h := g.Holdings("S"); len(h) != 2 || h[0].AssetName != "A Ltd" {
		t.Errorf("Holdings(S) = %+v", h)
	}
	if h := g.Holdings("nobody"); h != nil {
		t.Errorf("Holdings(nobody) = %+v", h)
	}
	for _, q := range []string{"a ltd", "A  LTD", "A"} {
		if got := g.Find(q); !slices.Equal(got, []string{"A"}) {
			t.Errorf("Find(%q) = %v", q, got)
		}
	}
	if r := g.Blocked("nobody"); r.Found || r.Blocked {
		t.Errorf("Blocked(nobody) = %+v", r)
	}
	st := g.Stats()
	if st.Parties != 2 || st.Links != 2 || st.Active != 1 || st.Listed != 1 || st.Blocked != 1 {
		t.Errorf("Stats = %+v", st)
	}
}

func TestIdentifiers(t *testing.T) {
	withID := func(e *entity.Entity, prop, v string) *entity.Entity {
		e.Add(prop, v)
		return e
	}
	twin := func() []*entity.Entity {
		return []*entity.Entity{
			withID(sdn("Q"), entity.RegistrationNum, "1111832003018"),
			withID(company("P", "ext_ru_egrul"), entity.OgrnCode, "1111832003018"),
			company("A", "x"), own("P", "A", "60", ""),
		}
	}
	tests := []struct {
		name     string
		entities []*entity.Entity
		opts     Options
		want     string // root designation of A's path, "" when not blocked
		problems int
	}{
		{"OGRN joins an EGRUL company to its SDN entry", twin(), Options{}, "us_ofac_sdn [RUSSIA-EO14024] as Q (same identifier 1111832003018)", 0},
		{"IgnoreIdentifiers", twin(), Options{IgnoreIdentifiers: true}, "", 0},
		{"a KPP (9 digits) does not join", []*entity.Entity{
			withID(sdn("Q"), entity.RegistrationNum, "772701001"), withID(company("P", "x"), entity.RegistrationNum, "772701001"),
			company("A", "x"), own("P", "A", "60", "")}, Options{}, "", 0},
		{"short identifiers do not join", []*entity.Entity{
			withID(sdn("Q"), entity.RegistrationNum, "12-34"), withID(company("P", "x"), entity.RegistrationNum, "1234"),
			company("A", "x"), own("P", "A", "60", "")}, Options{}, "", 0},
		{"placeholder shared by many is not used", func() []*entity.Entity {
			es := []*entity.Entity{withID(sdn("Q"), entity.TaxNumber, "0000000000"), company("A", "x"), own("P", "A", "60", ""),
				withID(company("P", "x"), entity.TaxNumber, "00000 00000")}
			for i := range 20 {
				es = append(es, withID(company("X"+strconv.Itoa(i), "x"), entity.TaxNumber, "0000000000"))
			}
			return es
		}(), Options{}, "", 1},
		{"identifier listed under two names is not used", []*entity.Entity{
			withID(sdn("Q"), entity.InnCode, "7750004150"), withID(sdn("R"), entity.InnCode, "7750004150"),
			withID(company("P", "x"), entity.InnCode, "7750004150"), company("A", "x"), own("P", "A", "60", "")}, Options{}, "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.AsOf = day
			g, err := Build(context.Background(), seq(tc.entities...), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			r := g.Blocked("A")
			got := ""
			if r.Blocked && len(r.Paths) > 0 {
				got = r.Paths[0].Steps[0].Designations[0].String()
			}
			if got != tc.want || len(g.Problems()) != tc.problems {
				t.Errorf("root designation %q, want %q; problems %v", got, tc.want, g.Problems())
			}
			if wantJoined := tc.want != ""; wantJoined && (!slices.Equal(g.Twins("P"), []string{"Q"}) || !slices.Equal(g.Twins("Q"), []string{"P"})) {
				t.Errorf("twins of P %v, of Q %v", g.Twins("P"), g.Twins("Q"))
			}
			if wantJoined := tc.want != ""; (g.Stats().SameAs == 1) != wantJoined {
				t.Errorf("stats %+v", g.Stats())
			}
		})
	}
}

func TestMaxPaths(t *testing.T) {
	es := []*entity.Entity{company("A", "x")}
	for _, s := range []string{"S1", "S2", "S3", "S4"} {
		es = append(es, sdn(s), own(s, "A", "20", ""))
	}
	g, err := Build(context.Background(), seq(es...), Options{AsOf: day, MaxPaths: 2})
	if err != nil {
		t.Fatal(err)
	}
	r := g.Blocked("A")
	if !r.Blocked || r.Share != 80 || len(r.Paths) != 2 || !r.Truncated || len(r.Owners) != 4 {
		t.Errorf("got blocked %v share %v paths %d truncated %v owners %d", r.Blocked, r.Share, len(r.Paths), r.Truncated, len(r.Owners))
	}
}

func TestBuildErrors(t *testing.T) {
	boom := errors.New("boom")
	bad := func(yield func(*entity.Entity, error) bool) {
		if yield(sdn("S"), nil) {
			yield(nil, boom)
		}
	}
	if _, err := Build(context.Background(), bad, Options{}); !errors.Is(err, boom) {
		t.Errorf("Build with a failing sequence: %v, want %v", err, boom)
	}
	if _, err := Build(context.Background(), seq(), Options{Threshold: 150}); err == nil {
		t.Error("Build with threshold 150: no error")
	}
	noAsset := own("S", "", "50", "")
	g, err := Build(context.Background(), seq(sdn("S"), noAsset), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := g.Stats(); st.Skipped != 1 || st.Links != 0 {
		t.Errorf("ownership without asset: stats %+v problems %v", st, g.Problems())
	}
}

// TestLargeShapes checks that long chains and path-rich lattices neither
// overflow nor take long: a 20,000-company chain under one SDN, and a
// 300-layer lattice (2 companies a layer, each holding 50% of both in the
// next: 2^300 paths) whose explanation stops at MaxPaths.
func TestLargeShapes(t *testing.T) {
	id := func(p string, i int) string { return p + strconv.Itoa(i) }
	t.Run("chain", func(t *testing.T) {
		es := []*entity.Entity{sdn("c0")}
		for i := 1; i <= 20_000; i++ {
			es = append(es, company(id("c", i), "x"), own(id("c", i-1), id("c", i), "100", ""))
		}
		g, err := Build(context.Background(), seq(es...), Options{AsOf: day})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := g.Blocked("c20000")
		if !r.Blocked || len(r.Paths) != 1 || len(r.Paths[0].Steps) != 20_001 || r.Truncated {
			t.Errorf("blocked %v paths %d truncated %v", r.Blocked, len(r.Paths), r.Truncated)
		}
		if g.Stats().Blocked != 20_000 {
			t.Errorf("stats %+v", g.Stats())
		}
		t.Logf("chain of 20,000: Blocked in %v", time.Since(start))
	})
	t.Run("lattice", func(t *testing.T) {
		es := []*entity.Entity{sdn("a0"), sdn("b0")}
		for i := 1; i <= 300; i++ {
			es = append(es, company(id("a", i), "x"), company(id("b", i), "x"))
			for _, o := range []string{id("a", i-1), id("b", i-1)} {
				es = append(es, own(o, id("a", i), "50", ""), own(o, id("b", i), "50", ""))
			}
		}
		g, err := Build(context.Background(), seq(es...), Options{AsOf: day})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := g.Blocked("a300")
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("Blocked took %v", el)
		}
		if !r.Blocked || r.Share != 100 || len(r.Paths) != 64 || !r.Truncated {
			t.Errorf("blocked %v share %v paths %d truncated %v", r.Blocked, r.Share, len(r.Paths), r.Truncated)
		}
	})
}

// TestBuildCancelled checks that a cancelled context stops Build with its
// cause.
func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("shutting down")
	cancel(stop)
	if _, err := Build(ctx, seq(sdn("S"), company("A", "x"), own("S", "A", "50", "")), Options{AsOf: day}); !errors.Is(err, stop) {
		t.Errorf("Build on a cancelled context: err = %v, want the cause %v", err, stop)
	}
}
