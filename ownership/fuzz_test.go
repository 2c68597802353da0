package ownership

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// graphSpec decodes fuzz bytes into a small ownership graph: the first byte
// gives the number of parties (2-9) and which are SDNs (next byte's bits),
// then each triple of bytes is one link: owner, asset, percentage kind.
type graphSpec struct {
	n          int
	designated []bool
	links      []specLink
}

type specLink struct {
	from, to int
	pct      string
}

func decodeSpec(data []byte) graphSpec {
	var s graphSpec
	if len(data) < 2 {
		return graphSpec{n: 2, designated: []bool{true, false}}
	}
	s.n = 2 + int(data[0])%8
	for i := range s.n {
		s.designated = append(s.designated, data[1]&(1<<i) != 0)
	}
	for k := 2; k+2 < len(data) && len(s.links) < 40; k += 3 {
		from, to := int(data[k])%s.n, int(data[k+1])%s.n
		if from == to {
			continue
		}
		var pct string
		switch b := data[k+2]; {
		case b < 202:
			pct = strconv.Itoa(int(b) / 2) // 0-100
		case b < 215:
			pct = "more than " + strconv.Itoa(int(b-202)*5) + "%"
		case b < 230:
			pct = strconv.Itoa(int(b-215)*5) + "-" + strconv.Itoa(int(b-215)*5+20)
		case b < 245:
			pct = "" // unknown
		default:
			pct = "n/a" // unparseable
		}
		s.links = append(s.links, specLink{from, to, pct})
	}
	return s
}

func specID(i int) string { return "p" + strconv.Itoa(i) }

func (s graphSpec) entities() []*entity.Entity {
	var es []*entity.Entity
	for i := range s.n {
		if s.designated[i] {
			es = append(es, sdn(specID(i)))
		} else {
			es = append(es, company(specID(i), "x"))
		}
	}
	for k, l := range s.links {
		e := own(specID(l.from), specID(l.to), l.pct, "")
		e.ID += "-" + strconv.Itoa(k)
		es = append(es, e)
	}
	return es
}

// reference solves the rule the slow, obvious way: merge each owner-asset
// pair to its largest lower bound, then sweep every party until nothing
// changes.
func (s graphSpec) reference() (blocked []bool, share []float64) {
	type bound struct {
		min  float64
		open bool
		ok   bool
	}
	pair := map[[2]int]bound{}
	for _, l := range s.links {
		sh, err := ParseShare(l.pct)
		if err != nil || l.pct == "" {
			sh = Unknown
		}
		b := pair[[2]int{l.from, l.to}]
		if !b.ok || sh.Min > b.min || (sh.Min == b.min && sh.MinOpen) {
			b = bound{sh.Min, sh.MinOpen, true}
		}
		pair[[2]int{l.from, l.to}] = b
	}
	blocked = append([]bool(nil), s.designated...)
	share = make([]float64, s.n)
	opts := Options{}.withDefaults()
	for changed := true; changed; {
		changed = false
		for t := range s.n {
			sum, open := 0.0, false
			for k, b := range pair {
				if k[1] == t && blocked[k[0]] {
					sum += b.min
					open = open || b.open
				}
			}
			share[t] = sum
			if !blocked[t] && opts.reaches(sum, open) {
				blocked[t], changed = true, true
			}
		}
	}
	return blocked, share
}

// FuzzBuild checks the fixpoint against the reference solver on small
// random graphs (cycles, merged links, ranges, unknown and unparseable
// shares), and that every explanation path is a chain of counted holdings
// from a designated root through blocked parties.
func FuzzBuild(f *testing.F) {
	f.Add([]byte{0, 1, 0, 1, 100})                                           // S 50% A
	f.Add([]byte{1, 3, 0, 2, 50, 1, 2, 50})                                  // 25% + 25%
	f.Add([]byte{1, 1, 0, 1, 100, 1, 2, 100})                                // indirect
	f.Add([]byte{2, 1, 0, 1, 80, 0, 2, 80, 1, 2, 40, 2, 1, 40})              // cycle, not enough
	f.Add([]byte{2, 1, 0, 1, 100, 1, 2, 120, 2, 1, 60})                      // cycle with a blocked member
	f.Add([]byte{1, 1, 0, 1, 212, 0, 2, 220, 0, 2, 235, 1, 2, 250, 1, 2, 0}) // bounds, ranges, unknown, n/a
	f.Add([]byte{0, 1, 0, 1, 60, 0, 1, 60})                                  // one holding stated twice
	f.Fuzz(func(t *testing.T, data []byte) {
		s := decodeSpec(data)
		g, err := Build(context.Background(), seq(s.entities()...), Options{AsOf: day})
		if err != nil {
			t.Fatal(err)
		}
		wantBlocked, wantShare := s.reference()
		for i := range s.n {
			r := g.Blocked(specID(i))
			gotBlocked := r.Listed || r.Blocked
			if gotBlocked != wantBlocked[i] {
				t.Fatalf("%s: blocked %v, reference %v (share %v)", specID(i), gotBlocked, wantBlocked[i], r.Share)
			}
			if math.Abs(r.Share-min(wantShare[i], 100)) > 1e-6 {
				t.Fatalf("%s: share %v, reference %v", specID(i), r.Share, wantShare[i])
			}
			if r.Blocked && !r.Possible || r.Share > r.ShareMax+1e-9 {
				t.Fatalf("%s: blocked %v possible %v share %v..%v", specID(i), r.Blocked, r.Possible, r.Share, r.ShareMax)
			}
			for _, p := range r.Paths {
				root := p.Steps[0]
				if len(root.Designations) == 0 || p.Steps[len(p.Steps)-1].ID != specID(i) {
					t.Fatalf("%s: path %s has no designated root or wrong end", specID(i), pathString(p))
				}
				seen := map[string]bool{}
				for k, st := range p.Steps[:len(p.Steps)-1] {
					if seen[st.ID] {
						t.Fatalf("%s: path %s repeats %s", specID(i), pathString(p), st.ID)
					}
					seen[st.ID] = true
					n, _ := strconv.Atoi(st.ID[1:])
					if !wantBlocked[n] || st.Share == nil || (st.Share.Min == 0 && !st.Share.MinOpen) || len(st.Links) == 0 {
						t.Fatalf("%s: step %d of %s does not count", specID(i), k, pathString(p))
					}
				}
			}
		}
	})
}
