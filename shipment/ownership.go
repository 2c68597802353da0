package shipment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment/rules"
)

// Ownership gives the OFAC 50 Percent Rule's verdict on a listed-lists
// entity; *ownership.Graph, built over the same entities as the matcher, is
// one. It must be safe for concurrent use.
type Ownership interface {
	// Blocked returns the verdict on the entity with the id.
	Blocked(id string) ownership.Result
	// Stats counts the ownership data: with no links and no identifier
	// twins the owned_by_listed rules cannot fire.
	Stats() ownership.Stats
}

// The standings of a matched entity under the 50% rule that
// owned_by_listed flags, strongest first.
const (
	standingSameAs   = "same_as"  // listed only through a registry-identifier twin
	standingBlocked  = "blocked"  // not listed, blocked by the rule
	standingPossible = "possible" // blocked only if unclear shares are at their upper bound
	standingPartial  = "partial"  // blocked persons own a part below the threshold
)

// standing is the owned_by_listed reading of one entity's verdict, cached
// per entity id.
type standing struct {
	kind      string // one of the standing constants, "" when nothing to flag
	share     float64
	threshold float64
	words     string   // the verdict in words, after "matches ..."
	paths     []string // the explanation paths, one line each
}

// hasOwnershipData reports whether the ownership data can make the
// owned_by_listed rules fire.
func hasOwnershipData(o Ownership) bool {
	if o == nil {
		return false
	}
	st := o.Stats()
	return st.Links > 0 || st.SameAs > 0
}

// standingOf reads the verdict on an entity, cached.
func (e *Engine) standingOf(id string) standing {
	if s, ok := e.owned.get(id); ok {
		return s
	}
	s := readStanding(e.opts.Ownership.Blocked(id))
	e.owned.put(id, s)
	return s
}

// readStanding turns a verdict into what owned_by_listed says about it.
func readStanding(r ownership.Result) standing {
	s := standing{share: r.Share, threshold: r.Threshold}
	if !r.Found {
		return s
	}
	s.paths = PathWords(r)
	if r.Listed {
		var twins []string
		for _, d := range r.Designations {
			if d.SameAs == "" {
				return standing{} // listed in its own right: listed_party's business
			}
			if w := d.String(); !slices.Contains(twins, w) {
				twins = append(twins, w)
			}
		}
		s.kind = standingSameAs
		s.words = "which is on none of the 50% rule's blocking lists itself but is the same party as " + strings.Join(twins, "; ")
		return s
	}
	share := percent(r.Share, r.ShareOpen)
	switch {
	case r.Blocked:
		s.kind = standingBlocked
		s.words = fmt.Sprintf("which is not listed but is BLOCKED by the OFAC 50 Percent Rule: blocked persons own %s of it", share)
	case r.Possible:
		s.kind = standingPossible
		s.words = fmt.Sprintf("which is not listed but is POSSIBLY BLOCKED by the OFAC 50 Percent Rule: blocked persons own %s of it for certain, up to %s if unclear shares are at their upper bound", share, percent(r.ShareMax, false))
	case r.Share > 0:
		s.kind = standingPartial
		s.words = fmt.Sprintf("which is not listed; blocked persons own %s of it, below the %s of the OFAC 50 Percent Rule", share, percent(r.Threshold, false))
	default:
		return standing{}
	}
	if len(s.paths) == 0 {
		for _, h := range r.Owners {
			if h.Blocked || h.Possible {
				s.paths = append(s.paths, fmt.Sprintf("%s (%s) --%s--> %s", h.OwnerName, h.Owner, h.Share, r.Name))
			}
		}
	}
	return s
}

// PathWords writes each explanation path of a verdict on one line: the
// designated root with its designations, then each holding down to the
// party, e.g. "TACO LLC (ofac-38660, us_ofac_sdn [RUSSIA-EO14024]) --30%-->
// Ararat Signal Systems LLC".
func PathWords(r ownership.Result) []string {
	out := make([]string, 0, len(r.Paths))
	for _, p := range r.Paths {
		out = append(out, p.String())
	}
	if r.Truncated {
		out = append(out, "... more paths not shown")
	}
	return out
}

func percent(v float64, open bool) string {
	s := strconv.FormatFloat(v, 'f', -1, 64) + "%"
	if open {
		return "more than " + s
	}
	return s
}

// ownedFactor is the strength of owned_by_listed for a standing.
func ownedFactor(r *compiled, s standing) float64 {
	switch s.kind {
	case standingSameAs, standingBlocked:
		return 1
	case standingPossible:
		return r.Params.Possible
	case standingPartial:
		if s.threshold <= 0 {
			return 0
		}
		return r.Params.Partial * min(s.share/s.threshold, 1)
	}
	return 0
}

// ownedByListed applies an owned_by_listed rule: for each party, the
// strongest of its hits (at or above min_score) whose entity the 50% rule
// says something about.
func (e *Engine) ownedByListed(r *compiled, s *Shipment, goodsFlag Flag, w float64, hits [][]Hit) []Flag {
	if hits == nil || !e.ownData {
		return nil
	}
	var out []Flag
	for i, p := range s.Parties {
		if !r.hasRole(p.Role) {
			continue
		}
		var best Flag
		for _, h := range hits[i] {
			if h.Score < r.Params.MinScore {
				continue
			}
			st := e.standingOf(h.EntityID)
			score := w * ownedFactor(r, st) * h.Score
			if score <= best.Score {
				continue
			}
			fl := goodsFlag
			fl.Score, fl.Role, fl.Party, fl.Country = score, string(p.Role), p.Name, p.Country
			fl.EntityID, fl.EntityCaption, fl.Dataset, fl.MatchScore = h.EntityID, h.Caption, h.Dataset, h.Score
			fl.Ownership, fl.OwnershipShare, fl.OwnershipPaths = st.kind, st.share, st.paths
			fl.Evidence = fmt.Sprintf("%s %q matches %q (%s, %s) with score %.2f, %s", p.Role, p.Name, h.Caption, h.EntityID, h.Dataset, h.Score, st.words)
			if len(st.paths) > 0 {
				fl.Evidence += "; " + strings.Join(st.paths, "; ")
			}
			best = fl
		}
		if best.Score > 0 {
			out = append(out, best)
		}
	}
	return out
}

// deferToOwnership reports whether listed_party leaves a hit to
// owned_by_listed: the entity is on no blocking list but blocked by the
// rule, so "matches a listed party" would misstate it.
func (e *Engine) deferToOwnership(h Hit) bool {
	return e.ownRule && e.ownData && e.standingOf(h.EntityID).kind == standingBlocked
}

// Inactive returns the enabled rules that cannot fire for lack of data, by
// rule id, with the reason ("no ownership data in the imported lists").
func (e *Engine) Inactive() map[string]string {
	out := map[string]string{}
	for _, r := range e.rules {
		switch {
		case r.Kind == rules.KindOwnedByListed && e.opts.Ownership == nil:
			out[r.ID] = "no ownership data (no ownership graph given)"
		case r.Kind == rules.KindOwnedByListed && !e.ownData:
			out[r.ID] = "no ownership data in the imported lists (no Ownership links, no registry-identifier twins)"
		case (r.Kind == rules.KindListedParty || r.Kind == rules.KindOwnedByListed) && e.opts.Parties == nil:
			out[r.ID] = "no party screener"
		case r.Kind == rules.KindSharedAddress && e.opts.Addresses == nil:
			out[r.ID] = "no listed addresses"
		case (r.Kind == rules.KindCHPLGoods || r.Kind == rules.KindConcernGoods) && e.opts.Goods == nil:
			out[r.ID] = "no goods classifier"
		}
	}
	return out
}
