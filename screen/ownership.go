package screen

import (
	"slices"

	"github.com/redline-sanctions/redline/ownership"
)

// Ownership is the OFAC 50 Percent Rule's verdict on a matched entity, as
// the output records carry it (Match.Ownership; in CSV, inside the matches
// column): whether blocked persons own enough of it to block it, how much,
// and why.
type Ownership struct {
	// Blocked says blocked persons own, directly or indirectly and in the
	// aggregate, 50% or more of the entity: it is blocked, listed or not.
	Blocked bool `json:"blocked"`
	// Possible says it would be blocked with every unclear share (ranges,
	// links without a percentage) at its upper bound: a lead to check.
	Possible bool `json:"possible,omitempty"`
	// Listed says the entity is a blocked person in its own right (on the
	// SDN list, or through SameAs).
	Listed bool `json:"listed,omitempty"`
	// SameAs lists the listed parties whose designations the entity takes
	// because they share a registry identifier with it (e.g. its SDN
	// entry under another id): "ofac-16911 (same identifier 1111832003018)".
	SameAs []string `json:"same_as,omitempty"`
	// Share is the aggregate percentage held by blocked persons (lower
	// bounds; ShareOpen: more than Share); ShareMax the same at the upper
	// bounds.
	Share     float64 `json:"share"`
	ShareOpen bool    `json:"share_open,omitempty"`
	ShareMax  float64 `json:"share_max"`
	// Paths summarise the ownership chains from designated owners down to
	// the entity, one line each: "KALASHNIKOV CONCERN (ofac-16911,
	// us_ofac_sdn [RUSSIA-EO14024]) --51%--> ...".
	Paths []string `json:"paths,omitempty"`
	// AsOf is the day the ownerships were judged on.
	AsOf string `json:"as_of"`
}

// Verdicts gives the 50% rule's verdict on an entity; *ownership.Graph is
// one.
type Verdicts interface {
	Blocked(id string) ownership.Result
}

// OwnershipOf summarises a verdict for the output, or returns nil when
// there is nothing to say: the entity is unknown to the graph, or no
// blocked person owns any of it and it has no listed twin.
func OwnershipOf(r ownership.Result) *Ownership {
	if !r.Found {
		return nil
	}
	o := &Ownership{Blocked: r.Blocked, Possible: r.Possible, Listed: r.Listed,
		Share: r.Share, ShareOpen: r.ShareOpen, ShareMax: r.ShareMax, AsOf: r.AsOf}
	for _, d := range r.Designations {
		if d.SameAs != "" {
			w := d.SameAs + " (same identifier " + d.Identifier + ")"
			if !slices.Contains(o.SameAs, w) {
				o.SameAs = append(o.SameAs, w)
			}
		}
	}
	if !r.Blocked && !r.Possible && r.Share <= 0 && len(o.SameAs) == 0 {
		return nil
	}
	for _, p := range r.Paths {
		o.Paths = append(o.Paths, p.String())
	}
	if r.Truncated {
		o.Paths = append(o.Paths, "... more paths not shown")
	}
	if len(o.Paths) == 0 {
		// Possible only: the owners whose unclear shares could block.
		for _, h := range r.Owners {
			o.Paths = append(o.Paths, h.OwnerName+" ("+h.Owner+") --"+h.Share.String()+"--> "+r.Name)
		}
	}
	return o
}

// ownershipWriter sets Match.Ownership on each record before passing it
// on.
type ownershipWriter struct {
	w     Writer
	v     Verdicts
	cache map[string]*Ownership
}

// ownershipCacheSize bounds the verdicts an ownership writer keeps.
const ownershipCacheSize = 1 << 16

// WithOwnership returns a Writer that adds the 50% rule's verdict (see
// OwnershipOf) to every match of each record, then writes it to w. It
// works in the writing goroutine of Parties, so v is called from one
// goroutine at a time; verdicts are cached by entity id.
func WithOwnership(w Writer, v Verdicts) Writer {
	return &ownershipWriter{w: w, v: v, cache: map[string]*Ownership{}}
}

// Write implements Writer.
func (o *ownershipWriter) Write(r *Record) error {
	for i := range r.Matches {
		m := &r.Matches[i]
		if m.EntityID == "" {
			continue
		}
		own, ok := o.cache[m.EntityID]
		if !ok {
			if len(o.cache) >= ownershipCacheSize {
				clear(o.cache)
			}
			own = OwnershipOf(o.v.Blocked(m.EntityID))
			o.cache[m.EntityID] = own
		}
		m.Ownership = own
	}
	return o.w.Write(r)
}

// Flush implements Writer.
func (o *ownershipWriter) Flush() error { return o.w.Flush() }
